"""The shipped ICD-10-CM index: what the builder makes, the same answers as the built index, and
read by a fresh process without importing simple_icd_10_cm or writing anything."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from fhirconv.terminology import icd10cm, icd10cm_data
from fhirconv.terminology.icd10cm_keys import Rows, rows
from fhirconv.terminology.normalize import normalize, words
from tests.terminology.known import strings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built() -> Rows:
    return rows()


@pytest.fixture(scope="module")
def both(built: Rows, tmp_path_factory: pytest.TempPathFactory) -> tuple[icd10cm.Index, icd10cm.ShippedIndex]:
    path = tmp_path_factory.mktemp("icd") / "index.sqlite"
    icd10cm.build(path, built)
    return icd10cm.Index(path), icd10cm.ShippedIndex()


def test_shipped_file_is_what_the_builder_makes(built: Rows):
    shipped = gzip.decompress(icd10cm_data.DATA.read_bytes()).decode("utf-8")
    made = icd10cm_data.render(built, version("simple_icd_10_cm"))
    # On failure: python -m fhirconv.terminology.icd10cm_data
    assert shipped == made
    assert icd10cm_data.current()


def _terms(built: Rows) -> list[str]:
    """Every string of the samples and the terminology cases, and a spread of ICD-10-CM texts."""
    found: set[str] = set()
    cases = [*sorted((ROOT / "samples").glob("*.yaml")), *sorted((ROOT / "tests/terminology/cases").glob("*.yaml"))]
    for path in cases:
        found.update(s for s in strings(YAML(typ="safe").load(path.read_text(encoding="utf-8"))) if len(s) < 120)
    found.update(text for _, text, _ in built.texts[::300])
    found.update(description.upper() for _, description in built.codes[::700])
    return sorted(found)


def test_shipped_index_answers_as_the_built_index(both, built: Rows):
    sqlite_ix, shipped_ix = both
    terms = _terms(built)
    assert len(terms) > 500
    found = 0
    for term in terms:
        assert shipped_ix.find(term) == sqlite_ix.find(term), term
        found += bool(sqlite_ix.find(term)[1])
        query = set(words(normalize(term)))
        assert shipped_ix.overlap(query, 10) == sqlite_ix.overlap(query, 10), term
    assert found > 300  # the comparison covers real hits, not only misses
    for code, _ in [*built.codes[::500], ("C90.00", ""), ("C90.0", ""), ("C9000", ""), ("Q99.999", "")]:
        assert shipped_ix.description(code) == sqlite_ix.description(code), code
    assert shipped_ix.count() == sqlite_ix.count() == len(built.codes)
    assert shipped_ix.version == sqlite_ix.version


_PROBE = textwrap.dedent("""
    import json, sys
    from fhirconv.terminology import lookup
    from fhirconv.terminology.matching import overlap
    words = "Renal tubulo-interstitial disorders in diseases classified elsewhere"  # ICD-10-CM only
    hints = overlap("accidental ingestion of unidentified tablets", kinds=("condition",))
    print(json.dumps([lookup("condition", words)[0].code, any(c.origin == "ICD-10-CM" for c, _ in hints),
                      "simple_icd_10_cm" in sys.modules]))
""")


def _env(cache: Path) -> dict[str, str]:
    import os

    return {**{k: v for k, v in os.environ.items() if k != "FHIRCONV_CACHE_DIR"}, "FHIRCONV_CACHE_DIR": str(cache)}


def test_fresh_process_with_unwritable_cache_reads_the_shipped_index(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n")
    cache = blocker / "cache"  # cannot be created, even by root
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True,
                         env=_env(cache)).stdout
    assert json.loads(out) == ["N16", True, False]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def _icd_files(cache: Path) -> list[Path]:
    """The cache's ICD-10-CM files (not the copy of the built-in table, fhirconv.terminology.table_cache,
    nor the GPS index a condition's look-up reads before ICD-10-CM)."""
    return [p for p in cache.iterdir() if p.name.startswith("icd10cm-")]


def test_stale_shipped_index_is_not_read(tmp_path: Path):
    """Another simple_icd_10_cm version in the header: the index is built in the cache instead."""
    text = gzip.decompress(icd10cm_data.DATA.read_bytes()).decode("utf-8")
    lines = text.split("\n", 3)
    lines[1] = "simple-icd-10-cm\t0.0.1"
    stale = tmp_path / "stale.txt.gz"
    stale.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))
    assert icd10cm_data.header(stale) == {"simple-icd-10-cm": "0.0.1", "rules": lines[2].split("\t")[1]}
    probe = (f"from pathlib import Path\nfrom fhirconv.terminology import icd10cm_data\n"
             f"icd10cm_data.DATA = Path({str(stale)!r})\n" + _PROBE)
    cache = tmp_path / "cache"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env=_env(cache)).stdout
    assert json.loads(out) == ["N16", True, True]
    # the index built in the cache (beside the copy of the built-in table, fhirconv.terminology.table_cache)
    assert [p.suffix for p in _icd_files(cache)] == [".sqlite"]


def test_changed_rules_are_not_read(monkeypatch: pytest.MonkeyPatch):
    icd10cm_data.current.cache_clear()
    monkeypatch.setattr(icd10cm_data, "rules_digest", lambda: "0" * 16)
    try:
        assert not icd10cm_data.current()
    finally:
        icd10cm_data.current.cache_clear()


def test_fresh_process_unpacks_the_shipped_index_once_into_the_cache(tmp_path: Path):
    cache = tmp_path / "cache"
    runs = [subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True,
                           env=_env(cache)).stdout for _ in range(2)]
    assert json.loads(runs[0]) == json.loads(runs[1]) == ["N16", True, False]
    [copy] = _icd_files(cache)  # the unpacked copy alone: no SQLite build, no temporary file left
    assert copy.name.startswith("icd10cm-shipped-1.5.0-") and copy.suffix == ".txt"
    assert copy.read_bytes() == gzip.decompress(icd10cm_data.DATA.read_bytes())


def test_a_damaged_copy_in_the_cache_is_unpacked_again(tmp_path: Path):
    cache = tmp_path / "cache"
    run = [sys.executable, "-c", _PROBE]
    subprocess.run(run, capture_output=True, text=True, check=True, env=_env(cache))
    [copy] = _icd_files(cache)
    copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])  # cut short
    out = subprocess.run(run, capture_output=True, text=True, check=True, env=_env(cache)).stdout
    assert json.loads(out) == ["N16", True, False]
    assert copy.read_bytes() == gzip.decompress(icd10cm_data.DATA.read_bytes())


def test_caching_off_reads_the_shipped_index_in_memory(tmp_path: Path):
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True,
                         env=_env(Path("off")), cwd=tmp_path).stdout
    assert json.loads(out) == ["N16", True, False]
    assert list(tmp_path.iterdir()) == []  # FHIRCONV_CACHE_DIR=off is no directory named "off"
