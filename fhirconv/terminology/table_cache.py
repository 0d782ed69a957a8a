"""A disk copy of the built-in table with its indexes, so a run's start does not rebuild them.

Why: every conversion looks terms up, and building the indexes normalises each of the tables'
thousands of terms and aliases (about 50 ms, paid again by every command and every batch). The copy
is in the cache directory (:func:`fhirconv.diskcache.cache_dir`), named by a key made of the size and
modification time of every data file and of the modules that read them and make the keys
(``tables.py``, ``normalize.py``, this module) and of the Python version: any change to one of them
makes a new key, so a stale copy is never read. A copy that cannot be read, or does not have the
expected shape, is ignored and the table is built as before; writing it is atomic and never an error.

The copy is in :mod:`marshal`'s format, the indexes as they are in memory (the word index that
suggestions read too), and each string the rows
share (a kind, a system, a source) written once: reading it back is about a third of reading the
same table as JSON and turning its index keys back into pairs, which was most of a one-case run's
look-up cost. It is checked after reading (shape, types, every index position inside the table).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from fhirconv.terminology.tables import Coding, KnownConcept, Table

_FORMAT = 3


def _key() -> str | None:
    here = Path(__file__).resolve().parent
    parts = [f"v{_FORMAT}", f"py{sys.version_info[0]}.{sys.version_info[1]}", f"marshal{marshal.version}"]
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
    return base / f"terminology-table-{key}.bin" if base is not None and key is not None else None


Index = dict[tuple[str, str], list[int]]


def _check_positions(groups: Any, size: int) -> None:
    """ValueError unless every position in ``groups`` (lists or sets of them) is a concept of a table
    of ``size`` concepts."""
    from itertools import chain

    positions = list(chain.from_iterable(groups))
    if positions and (set(map(type, positions)) != {int} or min(positions) < 0 or max(positions) >= size):
        raise ValueError("not an index of this table")


def _checked_index(raw: Any, size: int) -> Index:
    """``raw`` when it is an index of a table of ``size`` concepts, else ValueError."""
    if type(raw) is not dict or (raw and (set(map(type, raw)) != {tuple} or set(map(len, raw)) != {2}
                                          or set(map(type, raw.values())) != {list})):
        raise ValueError("not an index")
    _check_positions(raw.values(), size)
    return raw


class _Concepts(Sequence[KnownConcept]):
    """The table's concepts, each made from its row when first asked for: a conversion reads a few
    dozen of the thousands (making them all was about half of reading the copy)."""

    __slots__ = ("_made", "_rows")

    def __init__(self, rows: Any) -> None:
        if type(rows) is not list or (rows and (set(map(type, rows)) != {tuple} or set(map(len, rows)) != {7})):
            raise ValueError("not the concepts of a table")
        self._rows = rows
        self._made: list[KnownConcept | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made[i]
        if made is None:
            kind, term, codings, unit, aliases, origin, user = self._rows[i]
            made = self._made[i] = KnownConcept(kind, term, tuple(Coding(*c) for c in codings), unit,
                                                tuple(aliases), origin, user)
        return made

    def __iter__(self) -> Iterator[KnownConcept]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def _checked_words(raw: Any, size: int) -> dict[str, set[int]]:
    """``raw`` when it is a word index (word -> positions) of a table of ``size`` concepts."""
    if type(raw) is not dict or (raw and (set(map(type, raw)) != {str} or set(map(type, raw.values())) != {set})):
        raise ValueError("not a word index")
    _check_positions(raw.values(), size)
    return raw


def load() -> Table | None:
    """The table from its disk copy, or None (no cache, no copy for these files, or an unreadable one)."""
    path = _path()
    if path is None:
        return None
    try:
        data = marshal.loads(path.read_bytes())
        if type(data) is not tuple or len(data) != 6 or data[0] != _FORMAT:
            return None
        concepts = _Concepts(data[1])
        size = len(concepts)
        table = Table(concepts, *(_checked_index(raw, size) for raw in data[2:5]))
        table._words = _checked_words(data[5], size)
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        return None
    return table if table.exact else None


def save(table: Table) -> None:
    """Keep ``table`` for the next runs (quietly nothing when there is no cache directory)."""
    path = _path()
    if path is None:
        return
    shared: dict[str, str] = {}

    def one(text: str) -> str:  # one object per distinct string: marshal writes it once, then refers to it
        return shared.setdefault(text, text)

    def index(raw: Index) -> Index:
        return {(one(a), b): list(v) for (a, b), v in raw.items()}

    data = (_FORMAT,
            [(one(c.kind), c.term, tuple((one(x.system), x.code, x.display, one(x.source)) for x in c.codings),
              one(c.unit), tuple(c.aliases), c.origin, c.user) for c in table.concepts],
            index(table.exact), index(table.ordered), index(table.by_code), table.word_index())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(data))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # copies for files that changed since, and copies in the former JSON format
        for old in (*path.parent.glob("terminology-table-*.bin"), *path.parent.glob("terminology-table-*.json")):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        return
