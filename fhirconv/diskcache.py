"""A small on-disk cache for constant, expensive verdicts (UCUM units, ...), keyed by version.

Why: a user edits a case and converts it again and again; the answers to "is ``mg/dL`` UCUM?" never
change for one version of the checker, so a second run should not pay for them. Each cache is one
JSON file named by its purpose and a version key; a newer checker simply starts a new file. Writes
are atomic (temporary file + rename), so concurrent runs never see half a file; a cache that cannot
be read or written is ignored, never an error.

Where: ``$FHIRCONV_CACHE_DIR`` or the platform's user cache directory; ``FHIRCONV_CACHE_DIR=off``
turns caching off.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def package_stamp(name: str) -> str:
    """A cheap version key for an installed package: size and mtime of its ``__init__`` (they change
    when it is reinstalled or upgraded). ``importlib.metadata.version`` scans every installed
    distribution, about 10 ms a call; this costs a ``stat``. The package is not imported."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        st = os.stat(origin) if origin else None
    except (ImportError, ValueError, OSError):
        st = None
    return f"{name}-{st.st_size:x}-{st.st_mtime_ns:x}" if st is not None else f"{name}-none"


def files_stamp(paths: list[Path]) -> str:
    """A version key for what is derived from ``paths``: their names, sizes and modification times
    (a ``stat`` each), so a changed file makes a new key without reading any."""
    parts = []
    for path in paths:
        try:
            st = path.stat()
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:none")
    return _blake2b()("|".join(parts).encode(), digest_size=12).hexdigest()


def installed_version(distribution: str, module: str) -> str | None:
    """The installed version of ``distribution`` (whose top-level module is ``module``), or None.

    Why: ``importlib.metadata`` costs about 30 ms to import and 10 ms a call, paid by every run that
    checks a shipped index against the package it was built from; the answer is kept on disk under
    :func:`package_stamp` (a ``stat``), so it is read again only after the package changes."""
    stamp = package_stamp(module)
    if stamp.endswith("-none"):
        return None
    cache = JsonCache("installed-version", stamp)
    found = cache.get(distribution)
    if isinstance(found, str):
        return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(distribution)
    except PackageNotFoundError:
        return None
    cache.put(distribution, found)
    cache.save()
    return found


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is turned off."""
    configured = os.environ.get("FHIRCONV_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "fhirconv"
    if os.name == "nt":  # pragma: no cover - not this project's CI
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "fhirconv" / "Cache" if base else None
    home = Path.home()
    if str(home) in ("", "/"):
        return None
    return home / ".cache" / "fhirconv"


class JsonCache:
    """A string-keyed map persisted as one JSON file; ``save`` writes only when something was added."""

    def __init__(self, name: str, version: str, limit: int | None = None):
        import re

        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{name}-{version}")
        base = cache_dir()
        self.path = base / f"{safe}.json" if base is not None else None
        self._data: dict[str, Any] | None = None
        self._dirty = False
        self.limit = limit  # keep at most this many entries, the newest

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {}
            if self.path is not None:
                try:
                    import json

                    loaded = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self._data = loaded
                except (OSError, ValueError):
                    pass
        return self._data

    def get(self, key: str, default: Any = None) -> Any:
        return self._load().get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._load()

    def put(self, key: str, value: Any) -> None:
        data = self._load()
        if data.get(key, object()) != value:
            data[key] = value
            self._dirty = True

    def save(self) -> None:
        """Write the file if anything was added (merging with what other runs wrote meanwhile)."""
        if not self._dirty or self.path is None or self._data is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                import json

                on_disk = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                on_disk = {}
            merged = dict(on_disk) if isinstance(on_disk, dict) else {}
            for key, value in self._data.items():  # ours are the newest: move them to the end
                merged.pop(key, None)
                merged[key] = value
            if self.limit is not None and len(merged) > self.limit:
                merged = dict(list(merged.items())[-self.limit:])
            from fhirconv.output import new_file

            fd, tmp = new_file(self.path.parent, self.path.name, ".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(merged, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass


def _blake2b() -> Any:
    """blake2b without :mod:`hashlib`'s import of OpenSSL (about 5 ms, paid by every command that reads
    a disk copy): the same function hashlib gives, taken from the module hashlib takes it from."""
    try:
        from _blake2 import blake2b
    except ImportError:  # another Python implementation
        from hashlib import blake2b
    return blake2b


def sha256(data: bytes = b"") -> Any:
    """:func:`hashlib.sha256`, from CPython's own module when it has one (as :func:`_blake2b`)."""
    try:
        from _sha256 import sha256 as made  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256 as made  # Python 3.12 and later
        except ImportError:
            from hashlib import sha256 as made
    return made(data)


_DIGEST = 8  # bytes before the marshalled data: its CRC-32 and its length


def sign(payload: bytes) -> bytes:
    """``payload`` behind its CRC-32 and length. Why not a cryptographic digest: the copy is the
    user's own (as Python's ``__pycache__`` is), the check is against damage (a file cut short, a
    changed byte: CRC-32 finds every error of up to 32 bits in a row), and blake2b over the 1.7 MB
    table copy took 4 ms of every run, CRC-32 under 1."""
    return _header(payload) + payload


def _header(payload: bytes | memoryview) -> bytes:
    import zlib

    return zlib.crc32(payload).to_bytes(4, "big") + len(payload).to_bytes(4, "big")


def read_signed(path: Path) -> Any:
    """What :func:`write_signed` kept at ``path``, or None: no file, or a file cut short or changed in
    any byte (see :func:`sign`; checking the content itself field by field took as long as reading it)."""
    import marshal

    try:
        raw = path.read_bytes()
        payload = memoryview(raw)[_DIGEST:]
        if len(raw) < _DIGEST or _header(payload) != raw[:_DIGEST]:
            return None
        return marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def kept(name: str, sources: list[Path], make: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """What ``make()`` returns, derived from the files ``sources``, read back from the cache directory
    when an earlier run made it from the same files (:func:`files_stamp`) and ``valid`` accepts its
    shape; else made, and kept there (older copies of ``name`` removed). For data read from shipped
    files that every run needs and no run changes: parsing them again was milliseconds a run each."""
    base = cache_dir()
    path = base / f"{name}-{files_stamp(sources)}.bin" if base is not None else None
    if path is not None:
        found = read_signed(path)
        if found is not None and valid(found):
            return found  # type: ignore[no-any-return]
    made = make()
    if path is not None:
        write_signed(path, made, stale=f"{name}-*.bin")
    return made


def write_signed(path: Path, data: Any, stale: str | None = None) -> None:
    """Keep ``data`` (what :mod:`marshal` writes: about five times faster to read back than JSON) at
    ``path``, atomically, behind a digest of it; then remove the files matching the glob ``stale``
    beside it (copies for other versions). Never an error: a cache that cannot be written is none."""
    import marshal

    from fhirconv.output import new_file

    try:
        payload = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_file(path.parent, path.name, ".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(sign(payload))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return
