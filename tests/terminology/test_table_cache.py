"""The built-in table read back from its disk copy is the table built from the CSV files, and a
copy that is stale, damaged or foreign is never used."""

from __future__ import annotations

import marshal
import os

import pytest

from fhirconv import diskcache
from fhirconv.terminology import table_cache
from fhirconv.terminology.tables import Table, builtin_rows, concepts_of


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FHIRCONV_CACHE_DIR", str(tmp_path))
    return tmp_path


def _same(a: Table, b: Table) -> bool:
    return (a.concepts, a.exact, a.ordered, a.by_code) == (b.concepts, b.exact, b.ordered, b.by_code)


def test_the_copy_read_back_equals_the_table_built(cache):
    built = Table(concepts_of(builtin_rows()))
    assert table_cache.load() is None  # no copy yet
    table_cache.save(built)
    [copy] = list(cache.glob("terminology-table-*.bin"))
    back = table_cache.load()
    assert back is not None and back is not built and _same(back, built)
    mm = "multiple myeloma"
    assert back.find("condition", mm)[0].codings == built.find("condition", mm)[0].codings
    assert copy.exists()


def test_a_changed_data_file_makes_a_new_key(cache, tmp_path, monkeypatch):
    table_cache.save(Table(concepts_of(builtin_rows())))
    first = table_cache._key()
    data = sorted((table_cache.Path(table_cache.__file__).parent / "data").glob("*.csv"))[0]
    st = data.stat()
    try:
        os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert table_cache._key() != first
        assert table_cache.load() is None  # the old copy is not read for the changed file
    finally:
        os.utime(data, ns=(st.st_atime_ns, st.st_mtime_ns))


def _signed(payload: bytes) -> bytes:
    return diskcache.sign(payload)


_ONE = [marshal.dumps(("condition", "x", (), "", (), "", False))]
_NONE = marshal.dumps({})
_WORDS = marshal.dumps({"x": 0})


@pytest.mark.parametrize("damage", [
    b"{not marshal", b"", _signed(b"{not marshal"), _signed(b""),
    marshal.dumps((table_cache._FORMAT, [], {}, {}, {}, {})),  # no digest
    _signed(marshal.dumps((table_cache._FORMAT, [], {}, {}, {}, {}))[:-1]),  # cut short, signed as such
    _signed(marshal.dumps((table_cache._FORMAT, [], {}, {}, {}, {}))),  # no concepts
    _signed(marshal.dumps((table_cache._FORMAT - 1, _ONE, {"condition\0x": 0}, _NONE, _NONE, _WORDS))),  # older
    _signed(marshal.dumps((table_cache._FORMAT, _ONE, {"condition\0x": 0}, _NONE, _NONE))),  # no word index
    _signed(marshal.dumps([table_cache._FORMAT, _ONE, {"condition\0x": 0}, _NONE, _NONE, _WORDS])),  # no tuple
    _signed(marshal.dumps((table_cache._FORMAT, _ONE, {"condition\0x": 0}, {}, _NONE, _WORDS))),  # not bytes
    _signed(marshal.dumps((table_cache._FORMAT, _ONE, {}, _NONE, _NONE, _WORDS, _NONE))),  # no exact index
    _signed(marshal.dumps((table_cache._FORMAT, _ONE, {"condition\0x": 0}, _NONE, _NONE, _WORDS))),  # no test index
    _signed(marshal.dumps((table_cache._FORMAT, _ONE, {"condition\0x": 0}, _NONE, _NONE, _WORDS, {}))),  # not bytes
])
def test_a_damaged_copy_is_ignored(cache, damage):
    table_cache.save(Table(concepts_of(builtin_rows())))
    [copy] = list(cache.glob("terminology-table-*.bin"))
    copy.write_bytes(damage)
    assert table_cache.load() is None


@pytest.mark.parametrize("where", [0, 5, 100, 5000, -100, -1])
def test_a_copy_changed_in_one_byte_is_ignored(cache, where):
    """The digest at the file's start covers every byte: an index position or a code damaged on
    disk is never read as the table."""
    table_cache.save(Table(concepts_of(builtin_rows())))
    [copy] = list(cache.glob("terminology-table-*.bin"))
    assert table_cache.load() is not None
    raw = bytearray(copy.read_bytes())
    raw[where] ^= 0x01
    copy.write_bytes(bytes(raw))
    assert table_cache.load() is None


def test_a_copy_in_the_former_json_format_is_removed(cache):
    old = cache / "terminology-table-0123456789abcdef01234567.json"
    cache.mkdir(parents=True, exist_ok=True)
    old.write_text("{}")
    table_cache.save(Table(concepts_of(builtin_rows())))
    assert not old.exists() and len(list(cache.glob("terminology-table-*.bin"))) == 1


def test_without_a_cache_directory_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.setenv("FHIRCONV_CACHE_DIR", "off")
    table_cache.save(Table(concepts_of(builtin_rows())))
    assert table_cache.load() is None


def test_the_word_index_of_the_copy_is_the_word_index_of_every_term_and_alias(cache):
    """Suggestions for an unknown term use the word index; it is made from the exact index's keys
    (already normalised), and must hold every word of every term and alias, as built from the rows."""
    from fhirconv.terminology.normalize import normalize, words

    built = Table(concepts_of(builtin_rows()))
    table_cache.save(built)
    back = table_cache.load()
    assert back is not None
    expected: dict[str, set[int]] = {}
    for i, c in enumerate(built.concepts):
        for term in (c.term, *c.aliases):
            for w in words(normalize(term)):
                expected.setdefault(w, set()).add(i)
    assert back.word_index() == built.word_index()
    assert {w: set(back.with_word(w)) for w in back.word_index()} == expected


def test_the_test_index_of_the_copy_is_the_one_built_from_the_rows(cache):
    """A value measured in another unit looks for the same LOINC test by name in the test index; the
    copy carries it (making it read every concept of the copy), and it must be the one the table
    builds from its rows with matching's test key."""
    from fhirconv.terminology.matching import LOINC, _test_key

    built = Table(concepts_of(builtin_rows()))
    table_cache.save(built)
    back = table_cache.load()
    assert back is not None and back._tests is not None  # read with the copy, not built again
    fresh = Table(concepts_of(builtin_rows())).test_index(_test_key, LOINC)
    assert len(fresh) > 100
    assert dict(back.test_index(_test_key, LOINC)) == fresh
    assert [back.test_index(_test_key, LOINC).get(k) for k in fresh] == list(fresh.values())


def test_a_changed_test_key_makes_a_new_key(cache):
    """The test index is made with matching's test key: a change to matching.py is a new copy."""
    from fhirconv.terminology import matching

    first = table_cache._key()
    path = table_cache.Path(matching.__file__)
    st = path.stat()
    try:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert table_cache._key() != first
    finally:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
