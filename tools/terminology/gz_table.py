"""Write a gzipped TSV data file the package ships: a ``#`` line naming its source, the column names,
then the rows, with gzip's time and name left out so the same rows always give the same bytes."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from pathlib import Path


def write_gz_table(path: Path, source: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write ``rows`` under ``columns`` to ``path``; the number of rows written."""
    lines = ["\t".join(r) + "\n" for r in rows]
    text = "".join([f"# {source}\n", "\t".join(columns) + "\n", *lines])
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(text.encode("utf-8"))
    return len(lines)
