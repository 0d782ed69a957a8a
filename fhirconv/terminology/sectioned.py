"""The layout the shipped look-up indexes share (ICD-10-CM, the SNOMED CT Global Patient Set).

A gzipped UTF-8 text: a magic line, ``name<TAB>value`` header lines, a ``sections`` line giving each
section's byte range in the unpacked text, then each section's lines, sorted, so a look-up bisects
the raw bytes (UTF-8 byte order is code point order) and nothing is parsed up front. The unpacked
text is kept once in the cache directory and memory-mapped. Each index names the code that makes
its keys by a digest (:func:`digest_of`), so an index built under other rules is never read.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def digest_of(*modules: str) -> str:
    """A digest of the named modules of this package (the code that makes an index's keys)."""
    from fhirconv.diskcache import sha256

    digest = sha256()
    for name in modules:
        digest.update((_HERE / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]


def render(head: list[str], sections: dict[str, list[str]], what: str, *, check_sorted: bool = True) -> str:
    """The file's text: ``head`` lines, the ``sections`` line, then the sections in their order.
    Each section must be one line per entry (and sorted, unless ``check_sorted`` is off)."""
    width = max(len(name) for name in sections)
    ranges_width = len("sections") + len(sections) * (1 + width + 2 * 11)
    start = sum(len(h) + 1 for h in head) + ranges_width + 1
    ranges, bodies = [], []
    for name, lines in sections.items():
        if any("\n" in line for line in lines) or (check_sorted and lines != sorted(lines)):
            raise ValueError(f"the {name} of {what} are not one {'sorted ' if check_sorted else ''}line each")
        body = "".join(line + "\n" for line in lines)
        end = start + len(body.encode("utf-8"))
        ranges.append(f"\t{name:<{width}} {start:010d} {end:010d}")
        bodies.append(body)
        start = end
    return "\n".join([*head, "sections" + "".join(ranges)]) + "\n" + "".join(bodies)


def read_header(path: Path, magic: str, fields: int) -> dict[str, str] | None:
    """The ``fields`` header values of a shipped file (None when it is not a readable file of ``magic``)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            lines = [fh.readline().rstrip("\n") for _ in range(fields + 2)]
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile):
        return None
    if lines[0] != magic or any("\t" not in line for line in lines[1:]):
        return None
    return dict(line.split("\t", 1) for line in lines[1:1 + fields])


def first_line(buf: Any, lo: int, hi: int, probe: bytes) -> bytes | None:
    """The first line of ``buf[lo:hi]`` (whole sorted lines) that starts with ``probe``."""
    while lo < hi:
        mid = (lo + hi) // 2
        start = buf.rfind(b"\n", lo, mid) + 1 or lo  # the line that holds byte ``mid``
        end = buf.find(b"\n", start)
        if buf[start:end] < probe:
            lo = end + 1
        else:
            hi = start
    end = buf.find(b"\n", lo)
    line = buf[lo:end] if end >= 0 else b""
    return line if line.startswith(probe) else None


def _size(path: Path) -> int:
    """The unpacked size of a shipped file (where its last section ends, says its ``sections`` line)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("sections"):
                return int(line.split()[-1])
    raise ValueError(f"{path}: no sections line")


def unpacked(path: Path, stem: str, tag: str) -> Any:
    """The unpacked bytes of a shipped index: a memory map of its copy in the cache (made first when
    missing), or the bytes in memory when the cache cannot be written. The copy is named
    ``{stem}-{tag}-...`` for the shipped file (``tag``: its version and rules; then its size and time),
    so a new one is unpacked anew and copies of other ones are removed."""
    import mmap

    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    if base is None:  # FHIRCONV_CACHE_DIR=off
        return gzip.decompress(path.read_bytes())
    st = path.stat()
    copy = base / f"{stem}-{tag}-{st.st_size:x}-{st.st_mtime_ns:x}.txt"
    if not copy.is_file() or copy.stat().st_size != _size(path):  # missing, or damaged since
        data = gzip.decompress(path.read_bytes())
        try:
            _write_copy(copy, data, stem)
        except OSError:
            return data
    with copy.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _write_copy(path: Path, data: bytes, stem: str) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    for other in path.parent.glob(f"{stem}-*"):  # copies of other versions are never read again
        if other != path and not other.name.endswith(".tmp"):
            other.unlink(missing_ok=True)


def write_shipped(path: Path, text: str) -> None:
    """Write a shipped file (gzip, deterministic bytes, mode 0644), replacing it atomically."""
    import tempfile

    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


class Sections:
    """Read access to an unpacked index: its header values, each section's byte range, and the
    first line of a section that starts with a given head (by bisection)."""

    def __init__(self, buf: Any, path: Path, magic: str, fields: int, what: str):
        self.path, self.buf = path, buf
        pos, head = 0, []
        for _ in range(fields + 2):
            nl = buf.find(b"\n", pos)
            head.append(buf[pos:nl].decode("utf-8"))
            pos = nl + 1
        if head[0] != magic:
            raise ValueError(f"{path}: not {what} of this version")
        self.values = dict(line.split("\t", 1) for line in head[1:1 + fields])
        self.ranges: dict[str, tuple[int, int]] = {}
        for part in head[-1].split("\t")[1:]:
            name, start, end = part.split()
            self.ranges[name] = (int(start), int(end))
        spans = list(self.ranges.values())
        if not spans or spans[0][0] != pos or spans[-1][1] != len(buf):
            raise ValueError(f"{path}: its sections are not where its header says")

    def line(self, section: str, head: str) -> list[str] | None:
        """The fields of the first line of ``section`` whose first field is ``head``."""
        lo, hi = self.ranges[section]
        found = first_line(self.buf, lo, hi, head.encode("utf-8") + b"\t")
        return found.decode("utf-8").split("\t") if found is not None else None

    def entries(self, section: str) -> int:
        lo, hi = self.ranges[section]
        return int(self.buf[lo:hi].count(b"\n"))
