"""The ICD-10-CM index shipped in the package: built at development time, read in a blink.

Building the index from ``simple_icd_10_cm`` takes seconds (its import alone about two), so the
package carries the index as sorted text lines (``data/icd10cm-index.txt.gz``, about 4 MB): codes
with descriptions, texts, keys and words. A look-up finds its line by bisection; nothing is parsed
beyond the lines asked for. The file records the ``simple_icd_10_cm`` version and the digest of the
key rules it was built with; when either differs from what is installed, it is not read and the
index is built in the cache as before (:mod:`fhirconv.terminology.icd10cm`), so it never answers
from stale data.

Regenerate after changing ``normalize.py`` or ``icd10cm_keys.py``, or upgrading the package::

    python -m fhirconv.terminology.icd10cm_data
"""

from __future__ import annotations

import gzip
import sys
from bisect import bisect_left
from functools import cache
from pathlib import Path

from fhirconv.terminology.icd10cm_keys import Rows, rules_digest

DATA = Path(__file__).resolve().parent / "data" / "icd10cm-index.txt.gz"
MAGIC = "fhirconv icd10cm-index 1"
SECTIONS = ("codes", "texts", "keys", "words")


def render(r: Rows, version: str) -> str:
    """The text of the shipped file: a header, then each section's count and its sorted lines."""
    keys: dict[tuple[str, int], list[int]] = {}
    for key, level, pos in r.keys:
        keys.setdefault((key, level), []).append(pos)
    posting: dict[str, list[int]] = {}
    for word, tid in r.words:
        posting.setdefault(word, []).append(tid)
    codes = [f"{code}\t{description}" for code, description in r.codes]
    # A text equal to its code's description is written empty (most texts are descriptions).
    texts = [f"{pos}\t{n}\t{'' if text == r.codes[pos][1] else text}" for pos, text, n in r.texts]
    key_lines = sorted(f"{k}\t{lv}\t{','.join(map(str, sorted(p)))}" for (k, lv), p in keys.items())
    word_lines = sorted(f"{w}\t{','.join(map(str, sorted(t)))}" for w, t in posting.items())
    out = [MAGIC, f"simple-icd-10-cm\t{version}", f"rules\t{rules_digest()}"]
    for name, lines in zip(SECTIONS, (codes, texts, key_lines, word_lines), strict=True):
        if any("\n" in line for line in lines):
            raise ValueError(f"a line break in the {name} of ICD-10-CM")
        out += [f"{name}\t{len(lines)}", *lines]
    return "\n".join(out) + "\n"


def header(path: Path | None = None) -> dict[str, str] | None:
    """The file's recorded version and rules (None when there is no readable file)."""
    path = path or DATA
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            lines = [fh.readline().rstrip("\n") for _ in range(3)]
    except (OSError, EOFError, UnicodeDecodeError):
        return None
    if lines[0] != MAGIC or any("\t" not in line for line in lines[1:]):
        return None
    return dict(line.split("\t", 1) for line in lines[1:])


@cache
def current() -> bool:
    """Whether the shipped file was built from the installed package with today's key rules."""
    from importlib.metadata import PackageNotFoundError, version

    found = header()
    try:
        installed = version("simple_icd_10_cm")
    except PackageNotFoundError:
        return False
    return found is not None and found == {"simple-icd-10-cm": installed, "rules": rules_digest()}


class Shipped:
    """Read access to the shipped index: the same answers as the SQLite index, from sorted lines."""

    def __init__(self, path: Path | None = None):
        self.path = path = path or DATA
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
        self.version = lines[1].split("\t", 1)[1]
        at = 3
        parts: dict[str, list[str]] = {}
        for name in SECTIONS:
            label, count = lines[at].split("\t")
            if label != name:
                raise ValueError(f"{path}: section {label!r} where {name!r} was expected")
            parts[name] = lines[at + 1:at + 1 + int(count)]
            at += 1 + int(count)
        self._codes, self._texts, self._keys, self._words = (parts[n] for n in SECTIONS)

    @staticmethod
    def _line(lines: list[str], head: str) -> str | None:
        """The line that starts with ``head`` + TAB (lines sorted; TAB sorts before any key character)."""
        probe = head + "\t"
        i = bisect_left(lines, probe)
        return lines[i] if i < len(lines) and lines[i].startswith(probe) else None

    def _code(self, pos: int) -> tuple[str, str]:
        code, description = self._codes[pos].split("\t", 1)
        return code, description

    def exact_or_plain(self, key: str) -> tuple[int, list[tuple[str, str]]] | None:
        """(level, [(code, description)...]) of the first level of key ``key`` that has codes."""
        line = self._line(self._keys, key)
        if line is None:
            return None
        _, level, positions = line.split("\t")
        return int(level), [self._code(int(p)) for p in positions.split(",")]

    def description(self, code: str) -> str | None:
        line = self._line(self._codes, code)
        return line.split("\t", 1)[1] if line is not None else None

    def text_ids(self, word: str) -> list[int]:
        line = self._line(self._words, word)
        return [int(t) for t in line.split("\t", 1)[1].split(",")] if line is not None else []

    def text(self, tid: int) -> tuple[str, str, str, int]:
        """(code, description, text, meaningful words) of text ``tid``."""
        pos, nwords, text = self._texts[tid].split("\t", 2)
        code, description = self._code(int(pos))
        return code, description, text or description, int(nwords)

    def count(self) -> int:
        return len(self._codes)


def build(path: Path | None = None) -> Path:
    """Write the shipped file from the installed ``simple_icd_10_cm`` (deterministic bytes)."""
    path = path or DATA
    import os
    import tempfile
    from importlib.metadata import version

    from fhirconv.terminology.icd10cm_keys import rows

    data = gzip.compress(render(rows(), version("simple_icd_10_cm")).encode("utf-8"), compresslevel=9, mtime=0)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


if __name__ == "__main__":
    written = build()
    print(f"wrote {written} ({written.stat().st_size:,} bytes)", file=sys.stderr)
