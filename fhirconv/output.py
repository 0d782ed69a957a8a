"""Writing output safely: a file is either complete or absent, never half-written."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def new_file(directory: str | Path, prefix: str, suffix: str = ".part") -> tuple[int, str]:
    """A new file in ``directory`` that no other process has opened (mode 0600), as
    :func:`tempfile.mkstemp` makes it: its descriptor and absolute path. Why not mkstemp: importing
    :mod:`tempfile` (random, shutil, bz2, lzma) was 8 ms of every one-case run."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.abspath(os.path.join(directory, f"{prefix}{os.urandom(6).hex()}{suffix}"))
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(17, "No unused temporary name", str(directory))


def atomic_write(path: str | Path, text: str | bytes) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place.

    A symlink is followed (its target is replaced, the link stays); a device or FIFO
    (``/dev/null``, a named pipe) is written to directly, since it cannot be replaced. A new file
    gets the usual permissions (0666 less the umask); a replaced file keeps its own.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        with open(target, "wb") as fh:
            fh.write(_bytes(text))
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_file(target.parent, f".{target.name}.")
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else _umask_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(_bytes(text))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stage(directory: str | Path, prefix: str, text: str | bytes) -> str:
    """Write ``text`` to a new hidden file ``<prefix>....part`` in ``directory`` and return its path:
    a worker process writes a finished output there, and the parent only renames it into place
    (:func:`place`), so the text need not travel between processes. The file gets the usual
    permissions of a new file."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_file(folder, prefix)
    try:
        os.fchmod(fd, _umask_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(_bytes(text))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def place(staged: str, directory: Path, name: str) -> None:
    """Move a file made by :func:`stage` to ``directory/name``, as :func:`atomic_write` of its text
    would: a regular file there is replaced and keeps its permissions; a link or anything else is
    left to :func:`atomic_write` (with :func:`inside`'s refusal of a link leading out). The staged
    file is gone afterwards, whatever happens."""
    try:
        target = directory / name
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            atomic_write(inside(directory, name), Path(staged).read_bytes())
            Path(staged).unlink()
            return
        if st is not None:
            os.chmod(staged, stat.S_IMODE(st.st_mode))
        os.replace(staged, target)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def safe_name(name: str, fallback: str = "case") -> str:
    """A file name from user data that cannot leave its directory (no separators, no '..')."""
    cleaned = _UNSAFE.sub("-", name).strip(".-")
    return cleaned[:120] or fallback


def is_bulk_manifest(data: object) -> bool:
    """A Bulk Data manifest (``convert --format ndjson`` writes one beside its NDJSON): neither FHIR nor
    a case file, so readers of such a directory skip it and read the NDJSON it lists."""
    return isinstance(data, dict) and "transactionTime" in data and isinstance(data.get("output"), list)


class OutsideOutput(OSError):
    """A name (or a link planted in the output directory) that would write outside it."""


def inside(directory: Path, name: str) -> Path:
    """``directory / name``, refusing any result outside ``directory`` (a link leading out included)."""
    base = directory.resolve()
    target = (base / name).resolve()
    if target.parent != base:
        link = " (a link)" if (base / name).is_symlink() else ""
        raise OutsideOutput(1, f"refusing to write outside {directory}{link}", str(directory / name))
    return target
