"""Writing output safely: a file is either complete or absent, never half-written."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def atomic_write(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(name: str, fallback: str = "case") -> str:
    """A file name from user data that cannot leave its directory (no separators, no '..')."""
    cleaned = _UNSAFE.sub("-", name).strip(".-")
    return cleaned[:120] or fallback


def is_bulk_manifest(data: object) -> bool:
    """A Bulk Data manifest (``convert --format ndjson`` writes one beside its NDJSON): neither FHIR nor
    a case file, so readers of such a directory skip it and read the NDJSON it lists."""
    return isinstance(data, dict) and "transactionTime" in data and isinstance(data.get("output"), list)


def inside(directory: Path, name: str) -> Path:
    """``directory / name``, refusing any result outside ``directory``."""
    base = directory.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        raise ValueError(f"refusing to write outside {directory}: {name!r}")
    return target
