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
look-up cost. The file begins with a digest of the rest: a copy cut short or damaged in any byte is
not read (checking every index position instead took as long as reading the copy).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from fhirconv.diskcache import files_stamp, read_signed, write_signed
from fhirconv.terminology.tables import Coding, KnownConcept, Table

_FORMAT = 4


def _key() -> str:
    here = Path(__file__).resolve().parent
    files = [*sorted((here / "data").glob("*.csv")), here / "tables.py", here / "normalize.py",
             Path(__file__).resolve()]
    return f"{_FORMAT}-{sys.version_info[0]}{sys.version_info[1]}-{marshal.version}-{files_stamp(files)}"


def _path() -> Path | None:
    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    return base / f"terminology-table-{_key()}.bin" if base is not None else None


Index = dict[tuple[str, str], list[int]]


class _Concepts(Sequence[KnownConcept]):
    """The table's concepts, each made from its row when first asked for: a conversion reads a few
    dozen of the thousands (making them all was about half of reading the copy)."""

    __slots__ = ("_made", "_rows")

    def __init__(self, rows: list[Any]) -> None:
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


def load() -> Table | None:
    """The table from its disk copy, or None (no cache, no copy for these files, or an unreadable one)."""
    path = _path()
    if path is None:
        return None
    data = read_signed(path)
    if type(data) is not tuple or len(data) != 6 or data[0] != _FORMAT or type(data[1]) is not list:
        return None
    try:
        table = Table(_Concepts(data[1]), *data[2:5])
        table._words = data[5]
    except (ValueError, TypeError, KeyError):
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
    # copies for files that changed since, and copies in the former JSON format
    write_signed(path, data, stale="terminology-table-*.bin")
    for old in path.parent.glob("terminology-table-*.json"):
        old.unlink(missing_ok=True)
