"""A disk copy of the built-in table with its indexes, so a run's start does not rebuild them.

Why: every conversion looks terms up, and building the indexes normalises each of the tables'
thousands of terms and aliases (about 50 ms, paid again by every command and every batch). The copy
is plain JSON in the cache directory (:func:`fhirconv.diskcache.cache_dir`), named by a key made of
the size and modification time of every data file and of the modules that read them and make the
keys (``tables.py``, ``normalize.py``, this module): any change to one of them makes a new key, so a
stale copy is never read. A copy that cannot be read, or does not have the expected shape, is
ignored and the table is built as before; writing it is atomic and never an error.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from fhirconv.terminology.tables import Coding, KnownConcept, Table

_FORMAT = 1
_SEP = "\x00"  # joins an index key's two parts in JSON (neither part contains it)


def _key() -> str | None:
    here = Path(__file__).resolve().parent
    parts = [f"v{_FORMAT}"]
    try:
        for path in sorted((here / "data").glob("*.csv")) + [here / "tables.py", here / "normalize.py",
                                                              Path(__file__).resolve()]:
            st = path.stat()
            parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return hashlib.blake2b("|".join(parts).encode(), digest_size=12).hexdigest()


def _path() -> Path | None:
    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    key = _key() if base is not None else None
    return base / f"terminology-table-{key}.json" if base is not None and key is not None else None


def _index_to_json(index: dict[tuple[str, str], list[int]]) -> dict[str, list[int]]:
    return {f"{a}{_SEP}{b}": v for (a, b), v in index.items()}


def _index_from_json(raw: dict[str, list[int]], size: int) -> dict[tuple[str, str], list[int]]:
    out: dict[tuple[str, str], list[int]] = {}
    for key, positions in raw.items():
        a, sep, b = key.partition(_SEP)
        if not sep or not all(type(i) is int and 0 <= i < size for i in positions):
            raise ValueError("not an index of this table")
        out[(a, b)] = positions
    return out


def load() -> Table | None:
    """The table from its disk copy, or None (no cache, no copy for these files, or an unreadable one)."""
    path = _path()
    if path is None:
        return None
    try:
        import orjson

        data = orjson.loads(path.read_bytes())
        concepts = [KnownConcept(kind, term, tuple(Coding(*c) for c in codings), unit, tuple(aliases), origin, user)
                    for kind, term, codings, unit, aliases, origin, user in data["concepts"]]
        size = len(concepts)
        table = Table(concepts, _index_from_json(data["exact"], size), _index_from_json(data["ordered"], size),
                      _index_from_json(data["by_code"], size))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return table if table.exact else None


def save(table: Table) -> None:
    """Keep ``table`` for the next runs (quietly nothing when there is no cache directory)."""
    path = _path()
    if path is None:
        return
    data: dict[str, Any] = {
        "concepts": [(c.kind, c.term, [(x.system, x.code, x.display, x.source) for x in c.codings], c.unit,
                      list(c.aliases), c.origin, c.user) for c in table.concepts],
        "exact": _index_to_json(table.exact), "ordered": _index_to_json(table.ordered),
        "by_code": _index_to_json(table.by_code)}
    try:
        import orjson

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(orjson.dumps(data))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob("terminology-table-*.json"):  # copies for files that changed since
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, TypeError):
        return
