"""Finding input files in directories, the same way for every command."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def files_under(directory: Path, suffixes: Iterable[str]) -> list[Path]:
    """Files below ``directory`` (recursively, sorted) whose suffix is one of ``suffixes``.

    Hidden files and folders (``.git``, our own ``.part`` files) are skipped. A dangling link is
    kept, so the command reading it reports it instead of passing over it in silence.
    """
    wanted = {s.lower() for s in suffixes}
    found: list[Path] = []
    # In the order of the paths themselves (component by component, as the system compares names):
    # sorting by a key of plain strings is the same order as comparing Path objects, which took
    # 9 ms for 300 files.
    for f in sorted(directory.rglob("*"), key=lambda f: tuple(map(os.path.normcase, f.parts))):
        if f.suffix.lower() not in wanted:
            continue
        if any(part.startswith(".") for part in f.relative_to(directory).parts):
            continue
        if f.is_file() or (f.is_symlink() and not f.exists()):
            found.append(f)
    return found
