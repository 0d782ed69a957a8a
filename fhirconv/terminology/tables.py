"""Code tables as concepts with look-up indexes: the built-in CSV files, and user terms on top.

A *concept* is every row with the same kind and (normalised) term: several codings of one thing
(SNOMED CT and ICD-10-CM for a condition), its aliases, and the usual UCUM unit of a lab test or a
vital sign. Indexes: the normalised key of the term and of each alias, the word-order key, the
code, and (built when first asked) the words, for suggestions and ``fhirconv terms search``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology.normalize import normalize, order_key, words

COLUMNS = ("kind", "term", "aliases", "system", "code", "display", "unit", "source")
REQUIRED = ("kind", "term", "system", "code", "display", "source")
KINDS = ("condition", "subtype", "body-site", "laterality", "medication", "route", "procedure", "observation",
         "response", "intent", "finding", "stage", "tnm-category", "severity", "substance", "immunostain")


@dataclass(frozen=True, slots=True)
class Coding:
    system: str
    code: str
    display: str
    source: str = ""

    def to_fhir(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


@dataclass(frozen=True, slots=True)
class Row:
    """One table row, with where it was read (``file`` and 1-based ``line``)."""

    kind: str
    term: str
    aliases: tuple[str, ...]
    system: str
    code: str
    display: str
    unit: str
    source: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class KnownConcept:
    """What the tables know about one term: its codings, the usual unit, and where it came from."""

    kind: str
    term: str
    codings: tuple[Coding, ...]
    unit: str = ""
    aliases: tuple[str, ...] = ()
    origin: str = ""  # "built-in general.csv:12", "terms.csv:3", "ICD-10-CM"
    user: bool = False

    def code_set(self) -> frozenset[tuple[str, str]]:
        return frozenset((c.system, c.code) for c in self.codings)


def row_from(record: dict[str, str | None], file: str, line: int) -> Row:
    def get(name: str) -> str:
        return (record.get(name) or "").strip()

    aliases = tuple(a.strip() for a in get("aliases").split("|") if a.strip())
    return Row(get("kind"), get("term"), aliases, get("system"), get("code"), get("display"), get("unit"),
               get("source"), file, line)


def read_rows(lines: Iterable[str], file: str) -> Iterator[Row]:
    """Rows of a table file (comment rows, whose kind starts with ``#``, and blank rows skipped)."""
    reader = csv.DictReader(lines)
    for record in reader:
        # line_num is where the record ends; a quoted field may span lines
        line = reader.line_num - sum(v.count("\n") for v in record.values() if isinstance(v, str))
        row = row_from(record, file, line)
        if row.kind and not row.kind.startswith("#"):
            yield row


def concepts_of(rows: Iterable[Row], origin: str = "built-in ", user: bool = False) -> list[KnownConcept]:
    """Rows grouped by kind and normalised term, in first-seen order."""
    grouped: dict[tuple[str, str], KnownConcept] = {}
    for row in rows:
        key = (row.kind, normalize(row.term))
        coding = Coding(row.system, row.code, row.display, row.source)
        found = grouped.get(key)
        if found is None:
            grouped[key] = KnownConcept(row.kind, row.term, (coding,), row.unit, row.aliases,
                                        f"{origin}{row.file}:{row.line}", user)
            continue
        # The same code from two rows (two sources that agree) is one coding: the first row's.
        same = any((c.system, c.code) == (coding.system, coding.code) for c in found.codings)
        codings = found.codings if same else (*found.codings, coding)
        aliases = found.aliases + tuple(a for a in row.aliases if a not in found.aliases)
        grouped[key] = replace(found, codings=codings, aliases=aliases, unit=found.unit or row.unit)
    return list(grouped.values())


Index = Mapping[str, Any]  # "kind\0key" (or "system\0code") -> a position, or a tuple of positions


def index_key(first: str, second: str) -> str:
    """An index key: one string, not a pair (a copy of the indexes read back from disk with string
    keys takes a third of the time of one with tuple keys)."""
    return f"{first}\0{second}"


def _positions(index: Index, key: str) -> tuple[int, ...]:
    found = index.get(key)
    if found is None:
        return ()
    return (found,) if type(found) is int else found


def _compact(index: dict[str, list[int]]) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items()}


@dataclass
class Table:
    """Concepts and their indexes; user concepts replace built-in ones of the same kind and term."""

    concepts: Sequence[KnownConcept]
    exact: Index = field(default_factory=dict)
    ordered: Index = field(default_factory=dict)
    by_code: Index = field(default_factory=dict)
    _words: Mapping[str, Any] | None = None
    _tests: Mapping[tuple[str, str], list[int]] | None = None
    _analytes: list[tuple[int, Any]] | None = None
    # a table made by :func:`overlaid`: the table it changes, and each changed position's exact keys
    # before and after, from which its word and test indexes are made from the base's
    _base: Table | None = None
    _moves: list[tuple[int, set[str], set[str]]] | None = None

    def __post_init__(self) -> None:
        if self.exact or self.ordered or self.by_code:
            return  # indexes given (read back from the disk copy): nothing to build
        exact: dict[str, list[int]] = {}
        ordered: dict[str, list[int]] = {}
        by_code: dict[str, list[int]] = {}
        for i, c in enumerate(self.concepts):
            keys = {normalize(t) for t in (c.term, *c.aliases)} - {""}
            for key in sorted(keys):
                exact.setdefault(index_key(c.kind, key), []).append(i)
            for okey in sorted({order_key(k) for k in keys} - {""}):
                ordered.setdefault(index_key(c.kind, okey), []).append(i)
            for coding in c.codings:
                by_code.setdefault(index_key(coding.system, coding.code), []).append(i)
        self.exact, self.ordered, self.by_code = _compact(exact), _compact(ordered), _compact(by_code)

    def find(self, kind: str, key: str, *, by_order: bool = False) -> list[KnownConcept]:
        """Concepts of ``kind`` whose term or an alias has ``key``; user concepts hide built-in ones."""
        index = self.ordered if by_order else self.exact
        found = [self.concepts[i] for i in _positions(index, index_key(kind, order_key(key) if by_order else key))]
        users = [c for c in found if c.user]
        return users or found

    def with_code(self, system: str, code: str) -> list[KnownConcept]:
        found = [self.concepts[i] for i in _positions(self.by_code, index_key(system, code))]
        users = [c for c in found if c.user]
        return users + [c for c in found if not c.user]

    def analyte_index(self, tests: Callable[[KnownConcept], Any]) -> list[tuple[int, Any]]:
        """(position, ``tests`` of the concept) of every concept with a usual unit whose ``tests`` are not
        empty, in table order: built once, on the first look-up whose unit rules out a test's name."""
        if self._analytes is None:
            self._analytes = [(i, found) for i, c in enumerate(self.concepts) if c.unit and (found := tests(c))]
        return self._analytes

    def test_index(self, test_key: Callable[[str], str], system: str) -> Mapping[tuple[str, str], list[int]]:
        """(kind, ``test_key`` of a ``system`` display) -> positions of the concepts with a usual unit
        that carry such a coding, in table order: built once (the first call's ``test_key`` and
        ``system`` make it; the built-in table's disk copy holds the one of matching's LOINC test key),
        so finding the same test measured in another unit is a look-up, not a pass over every concept."""
        if self._tests is None and self._base is not None and self._moves is not None:
            def keys(c: KnownConcept | None) -> set[tuple[str, str]]:
                if c is None or not c.unit:
                    return set()
                return {(c.kind, test_key(x.display)) for x in c.codings if x.system == system}

            tests = dict(self._base.test_index(test_key, system))
            n = len(self._base.concepts)
            for i, _, _ in self._moves:
                old, new = keys(self._base.concepts[i] if i < n else None), keys(self.concepts[i])
                for key in old - new:
                    tests[key] = [j for j in tests[key] if j != i]
                for key in new - old:
                    tests[key] = sorted({*tests.get(key, ()), i})
            self._tests = {k: v for k, v in tests.items() if v}
        if self._tests is None:
            index: dict[tuple[str, str], list[int]] = {}
            for i, c in enumerate(self.concepts):
                if not c.unit:
                    continue
                for key in dict.fromkeys(test_key(x.display) for x in c.codings if x.system == system):
                    index.setdefault((c.kind, key), []).append(i)
            self._tests = index
        return self._tests

    def word_index(self) -> Mapping[str, Any]:
        """Word -> positions of the concepts with that word in their term or an alias (a sorted tuple,
        or a position alone)."""
        if self._words is None and self._base is not None and self._moves is not None:
            def of(keys: set[str]) -> set[str]:
                return {w for key in keys for w in words(key.split("\0", 1)[1])}

            self._words = _patched(self._base.word_index(), ((i, of(old) - of(new), of(new) - of(old))
                                                             for i, old, new in self._moves))
        if self._words is None:
            # From the exact index, whose keys are the normalised terms and aliases already (so the
            # table read back from disk is not normalised a second time).
            index: dict[str, set[int]] = {}
            for key, found in self.exact.items():
                positions = (found,) if type(found) is int else found
                for w in words(key.split("\0", 1)[1]):
                    index.setdefault(w, set()).update(positions)
            # several positions as a sorted tuple: read back from the disk copy twice as fast as a set
            self._words = {w: next(iter(v)) if len(v) == 1 else tuple(sorted(v)) for w, v in index.items()}
        return self._words

    def with_word(self, word: str) -> tuple[int, ...]:
        """Positions of the concepts with ``word`` (see :meth:`word_index`)."""
        found = self.word_index().get(word)
        if found is None:
            return ()
        return (found,) if type(found) is int else found


def merge(base: list[KnownConcept], users: list[KnownConcept]) -> list[KnownConcept]:
    """``base`` with ``users`` on top: a user concept replaces the one of the same kind and term and
    keeps its aliases, so every way of saying the term leads to the user's codes."""
    out = list(base)
    at = {(c.kind, normalize(c.term)): i for i, c in enumerate(out)}
    for c in users:
        key = (c.kind, normalize(c.term))
        if key in at:
            old = out[at[key]]
            aliases = c.aliases + tuple(a for a in old.aliases if a not in c.aliases)
            out[at[key]] = replace(c, aliases=aliases)
        else:
            at[key] = len(out)
            out.append(c)
    return out


def _index_keys(c: KnownConcept) -> tuple[set[str], set[str], set[str]]:
    """The exact, word-order and code index keys of one concept, as :class:`Table` makes them."""
    keys = {normalize(t) for t in (c.term, *c.aliases)} - {""}
    return ({index_key(c.kind, k) for k in keys},
            {index_key(c.kind, k) for k in {order_key(k) for k in keys} - {""}},
            {index_key(x.system, x.code) for x in c.codings})


def _patched(index: Mapping[str, Any], moves: Iterable[tuple[int, Iterable[Any], Iterable[Any]]]) -> dict[str, Any]:
    """A copy of ``index`` with each (position, keys it leaves, keys it joins) applied, positions sorted."""
    out = dict(index)
    for i, gone, new in moves:
        for key in gone:
            kept = tuple(j for j in _positions(out, key) if j != i)
            if kept:
                out[key] = kept[0] if len(kept) == 1 else kept
            else:
                out.pop(key, None)
        for key in new:
            found = tuple(sorted({*_positions(out, key), i}))
            out[key] = found[0] if len(found) == 1 else found
    return out


class _Overlaid(Sequence[KnownConcept]):
    """``base`` with some positions replaced and concepts appended, without copying it (the built-in
    table's concepts are made from its disk copy only when read)."""

    __slots__ = ("_base", "_changed", "_len")

    def __init__(self, base: Sequence[KnownConcept], changed: dict[int, KnownConcept], size: int) -> None:
        self._base, self._changed, self._len = base, changed, size

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        found = self._changed.get(i)
        return found if found is not None else self._base[i]

    def __iter__(self) -> Iterator[KnownConcept]:
        return (self[i] for i in range(self._len))


def overlaid(base: Table, users: Sequence[KnownConcept]) -> Table:
    """``Table(merge(list(base.concepts), users))``, made by changing ``base``'s indexes where the
    users' concepts are. Why: rebuilding every index normalised all the built-in terms and aliases
    again, about half a second of every run with a terms file of a few rows; this normalises the
    users' concepts and the ones they replace."""
    if not base.exact or any(not normalize(c.term) for c in users):
        return Table(merge(list(base.concepts), list(users)))
    size = len(base.concepts)
    changed: dict[int, KnownConcept] = {}
    at: dict[tuple[str, str], int] = {}

    def position(kind: str, key: str) -> int | None:
        if (kind, key) in at:
            return at[(kind, key)]
        # merge() keeps the last concept of a kind and term: the last whose own term has this key
        same = [i for i in _positions(base.exact, index_key(kind, key))
                if normalize((changed.get(i) or base.concepts[i]).term) == key]
        return same[-1] if same else None

    for c in users:
        key = normalize(c.term)
        i = position(c.kind, key)
        if i is None:
            i, size = size, size + 1
            changed[i] = c
        else:
            old = changed.get(i) or base.concepts[i]
            changed[i] = replace(c, aliases=c.aliases + tuple(a for a in old.aliases if a not in c.aliases))
        at[(c.kind, key)] = i
    n = len(base.concepts)
    before = {i: _index_keys(base.concepts[i]) for i in changed if i < n}
    after = {i: _index_keys(c) for i, c in changed.items()}
    none: tuple[set[str], set[str], set[str]] = (set(), set(), set())
    table = Table(_Overlaid(base.concepts, changed, size),
                  *(_patched(index, ((i, before.get(i, none)[part] - after[i][part],
                                      after[i][part] - before.get(i, none)[part]) for i in sorted(changed)))
                    for part, index in enumerate((base.exact, base.ordered, base.by_code))))
    table._base, table._moves = base, [(i, before.get(i, none)[0], after[i][0]) for i in sorted(changed)]
    return table


@cache
def builtin_rows() -> tuple[Row, ...]:
    """Every row of the CSV files shipped in ``fhirconv/terminology/data`` (files in name order)."""
    rows: list[Row] = []
    data = Path(__file__).resolve().parent / "data"
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as fh:
                rows.extend(read_rows(fh, entry.name))
    return tuple(rows)


@cache
def builtin_concepts() -> tuple[KnownConcept, ...]:
    return tuple(builtin_table().concepts)


@cache
def builtin_table() -> Table:
    """The built-in concepts with their indexes. Building them normalises every term and alias, about
    50 ms of every run's start; a run reads them back from the cache directory instead
    (:mod:`fhirconv.terminology.table_cache`) while the data files and the code that builds the keys
    are the ones the copy was made from."""
    from fhirconv.terminology import table_cache

    table = table_cache.load()
    if table is None:
        table = Table(concepts_of(builtin_rows()))
        table_cache.save(table)
    return table
