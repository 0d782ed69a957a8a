"""Rows from the US Core 9.0.0 IG source (HL7/US-Core, CC0-1.0): the social-history and examination
codes case reports needed and no earlier open artefact stated."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.terminology.known import matched as codes

DATA = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data"


@pytest.mark.parametrize("term,expected", [
    ("occupation", ["11341-5"]),  # the code of US Core's occupation profile
    ("history of occupation", ["11341-5"]),
    ("jugular venous distension", ["69428-1"]),
    ("JVD", ["69428-1"]),
    ("cardiac rhythm", ["8884-9"]),
    ("pulse rhythm", ["8884-9"]),
    ("tobacco use", []),  # the open code is smoking *status*; the words carry pack-years as often
    ("ECG rhythm", []),  # an ECG's reading is no palpated heart rate rhythm
])
def test_us_core9_rows(term: str, expected: list[str]) -> None:
    assert codes("observation", term) == expected


def test_us_core9_rows_cite_its_files():
    rows = [r for r in csv.DictReader((DATA / "labs.csv").open(encoding="utf-8"))
            if r["code"] in ("11341-5", "69428-1", "8884-9")]
    assert len(rows) == 3
    assert all(r["source"].startswith("HL7/US-Core (hl7.fhir.us.core 9.0.0, CC0-1.0) input/examples/")
               for r in rows)
