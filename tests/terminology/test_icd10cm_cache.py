"""The ICD-10-CM index built in the cache (when the shipped one does not fit the installed package):
runs started together share one build, and none fails because another is building."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fhirconv.terminology import icd10cm
from fhirconv.terminology.icd10cm_keys import Rows

ROOT = Path(__file__).resolve().parents[2]

# A run whose shipped index does not fit (another simple_icd_10_cm, other rules): it builds the index
# in $FHIRCONV_CACHE_DIR from the rows pickled by the test (the rows themselves take seconds to make),
# slowed a little so that the runs started together overlap while they build.
RUN = textwrap.dedent("""
    import pickle, sys, time
    from fhirconv.terminology import icd10cm, icd10cm_data
    icd10cm_data.current = lambda: False
    rows = pickle.load(open(sys.argv[1], "rb"))
    build = icd10cm.build
    def slow_build(path, r=None):
        with open(sys.argv[2], "a") as log:
            log.write("built\\n")
        time.sleep(0.5)
        build(path, rows)
    icd10cm.build = slow_build
    print(icd10cm.index().description("I44.1"))
""")


@pytest.fixture(scope="module")
def small_rows(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few codes' rows, enough for an index that answers."""
    rows = Rows(codes=[("I44.0", "Atrioventricular block, first degree"),
                       ("I44.1", "Atrioventricular block, second degree")],
                texts=[(0, "Atrioventricular block, first degree", 4), (1, "Atrioventricular block, second degree", 4)],
                keys={("atrioventricular block first degree", 0, 0), ("atrioventricular block second degree", 0, 1)},
                words={("atrioventricular", 0), ("atrioventricular", 1), ("block", 0), ("block", 1)})
    path = tmp_path_factory.mktemp("rows") / "rows.pickle"
    path.write_bytes(pickle.dumps(rows))
    return path


def test_runs_started_together_build_one_index_and_all_answer(tmp_path: Path, small_rows: Path) -> None:
    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    log = tmp_path / "builds.log"
    runs = [subprocess.Popen([sys.executable, "-c", RUN, str(small_rows), str(log)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    for code, out, err in results:
        assert code == 0, err
        assert out.strip() == "Atrioventricular block, second degree"
    assert log.read_text().count("built") == 1  # the others waited for that build and read its file
    built = sorted(p.name for p in tmp_path.glob("icd10cm-*") if not p.name.endswith(".lock"))
    assert len(built) == 1 and built[0].endswith(".sqlite"), built  # one index, no leftover temporary file


def test_stale_indexes_go_but_another_runs_files_stay(tmp_path: Path) -> None:
    current = tmp_path / "icd10cm-aaaa-4.sqlite"
    stale = tmp_path / "icd10cm-bbbb-4.sqlite"
    writing = tmp_path / "icd10cm-cccc-4.sqliteq1w2.tmp"
    journal = tmp_path / "icd10cm-cccc-4.sqliteq1w2.tmp-journal"  # another run's build in progress
    lock = tmp_path / "icd10cm-cccc-4.sqlite.lock"
    for path in (current, stale, writing, journal, lock):
        path.write_bytes(b"")
    icd10cm._remove_stale(current)
    assert not stale.exists()
    assert current.exists() and writing.exists() and journal.exists() and lock.exists()
