"""A disk copy of the built-in table with its indexes, so a run's start does not rebuild them.

Why: every conversion looks terms up, and building the indexes normalises each of the tables'
thousands of terms and aliases (about 50 ms, paid again by every command and every batch). The copy
is in the cache directory (:func:`fhirconv.diskcache.cache_dir`), named by a key made of the size and
modification time of every data file and of the modules that read them and make the keys
(``tables.py``, ``normalize.py``, ``matching.py``, this module) and of the Python version: any change to one of them
makes a new key, so a stale copy is never read. A copy that cannot be read, or does not have the
expected shape, is ignored and the table is built as before; writing it is atomic and never an error.

The copy is in :mod:`marshal`'s format, and made to be read in parts: the exact index (every
look-up's first step) as it is in memory, with string keys; each concept's row, the word-order and
code indexes, the word index (for suggestions) and the index of LOINC tests by name (for a value
measured in another unit: :meth:`fhirconv.terminology.tables.Table.test_index` with
:mod:`~fhirconv.terminology.matching`'s test key; making it read every concept, about 19 ms of each
process's first such value) as bytes, each read back when first needed. A
conversion looks up a few dozen terms among thousands: reading the copy this way takes about 2 ms,
where reading all of it took 20 to 26 ms. The file begins with a digest of the rest: a copy cut
short or damaged in any byte is not read (checking every index position instead took as long as
reading the copy).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from fhirconv.diskcache import files_stamp, read_signed, write_signed
from fhirconv.terminology.tables import Coding, KnownConcept, Table

_FORMAT = 7


def _key() -> str:
    here = Path(__file__).resolve().parent
    files = [*sorted((here / "data").glob("*.csv")), here / "tables.py", here / "normalize.py",
             here / "matching.py", Path(__file__).resolve()]
    return f"{_FORMAT}-{sys.version_info[0]}{sys.version_info[1]}-{marshal.version}-{files_stamp(files)}"


def _path() -> Path | None:
    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    return base / f"terminology-table-{_key()}.bin" if base is not None else None


class _Concepts(Sequence[KnownConcept]):
    """The table's concepts, each made from its row when first asked for: a conversion reads a few
    dozen of the thousands (making them all was about half of reading the copy)."""

    __slots__ = ("_made", "_rows")

    def __init__(self, rows: list[bytes]) -> None:
        self._rows = rows
        self._made: list[KnownConcept | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made[i]
        if made is None:
            kind, term, codings, unit, aliases, origin, user = marshal.loads(self._rows[i])
            made = self._made[i] = KnownConcept(kind, term, tuple(Coding(*c) for c in codings), unit,
                                                tuple(aliases), origin, user)
        return made

    def __iter__(self) -> Iterator[KnownConcept]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class _Later(Mapping[str, Any]):
    """A mapping kept as marshal's bytes until it is first read."""

    __slots__ = ("_data", "_raw")

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._data: dict[str, Any] | None = None

    def _dict(self) -> dict[str, Any]:
        if self._data is None:
            data = marshal.loads(self._raw)
            if type(data) is not dict:
                raise ValueError("not a mapping")
            self._data = data
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._dict().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())


def load() -> Table | None:
    """The table from its disk copy, or None (no cache, no copy for these files, or an unreadable one)."""
    path = _path()
    if path is None:
        return None
    data = read_signed(path)
    if (type(data) is not tuple or len(data) != 7 or data[0] != _FORMAT or type(data[1]) is not list
            or type(data[2]) is not dict or not data[2] or any(type(x) is not bytes for x in data[3:])):
        return None
    table = Table(_Concepts(data[1]), data[2], _Later(data[3]), _Later(data[4]))
    table._words = _Later(data[5])
    table._tests = _Later(data[6])  # type: ignore[assignment]
    return table


def save(table: Table) -> None:
    """Keep ``table`` for the next runs (quietly nothing when there is no cache directory)."""
    path = _path()
    if path is None:
        return

    def rows() -> list[bytes]:
        return [marshal.dumps((c.kind, c.term, tuple((x.system, x.code, x.display, x.source) for x in c.codings),
                               c.unit, tuple(c.aliases), c.origin, c.user)) for c in table.concepts]

    from fhirconv.terminology.matching import LOINC, _test_key

    data = (_FORMAT, rows(), dict(table.exact), marshal.dumps(dict(table.ordered)),
            marshal.dumps(dict(table.by_code)), marshal.dumps(dict(table.word_index())),
            marshal.dumps(dict(table.test_index(_test_key, LOINC))))
    # copies for files that changed since, and copies in the former JSON format
    write_signed(path, data, stale="terminology-table-*.bin")
    for old in path.parent.glob("terminology-table-*.json"):
        old.unlink(missing_ok=True)
