"""The data README's table of files says how many rows each table holds: keep it true."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import fhirconv.terminology

DATA = Path(fhirconv.terminology.__file__).parent / "data"


def test_the_row_counts_in_the_data_readme_are_the_tables():
    stated = dict(re.findall(r"^\| `([a-z0-9-]+\.csv)` \| (\d+) \|", (DATA / "README.md").read_text(encoding="utf-8"),
                             flags=re.M))
    assert len(stated) >= 10
    for name, rows in stated.items():
        with (DATA / name).open(encoding="utf-8", newline="") as fh:
            actual = sum(1 for r in csv.DictReader(fh) if r["kind"] and not r["kind"].startswith("#"))
        assert int(rows) == actual, name
