"""Clinical abbreviations (``data/abbreviations.tsv``) read as their expansion: each expansion names
one concept, and the abbreviation gives exactly its codings; only whole terms written in capitals;
abbreviations with two readings are not listed and stay uncoded."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize

DATA = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data" / "abbreviations.tsv"
ROWS = list(csv.DictReader(DATA.open(encoding="utf-8", newline=""), delimiter="\t"))


@pytest.mark.parametrize("row", ROWS, ids=[r["abbreviation"] for r in ROWS])
def test_an_abbreviation_is_its_expansion(row):
    expanded = match(row["kind"], row["expansion"])
    assert expanded.status == "found", f"{row['expansion']!r} must name one concept"
    found = match(row["kind"], row["abbreviation"])
    assert found.concept is not None and found.concept.codings == expanded.concept.codings
    assert row["abbreviation"].isupper() or sum(ch.isupper() for ch in row["abbreviation"]) >= 2


def test_rows_are_unique_and_tab_separated():
    keys = [(r["kind"], normalize(r["abbreviation"])) for r in ROWS]
    assert len(keys) == len(set(keys)) and len(ROWS) > 40
    assert all(set(r) == {"kind", "abbreviation", "expansion"} and all(r.values()) for r in ROWS)


@pytest.mark.parametrize("term", ["hit", "Pad", "gad", "ptsd"])
def test_words_in_lower_case_are_not_abbreviations(term):
    assert "abbreviation" not in match("condition", term).how


@pytest.mark.parametrize("term", ["PE", "MS", "ASD", "HSP", "SSS", "severe OSA"])
def test_abbreviations_with_two_readings_and_longer_terms_stay_uncoded(term):
    assert "abbreviation" not in match("condition", term).how


def test_a_table_row_comes_first():
    assert match("condition", "COPD").how == "term"  # an alias of its row, not this step


def test_a_receptor_status_is_not_the_cancer():
    """ICD-10-CM lists "Triple negative breast cancer" and "TNBC" under Z17.421, the receptor status
    coded after the cancer (C50.-): the words name a cancer, so they are not taken for the status."""
    for term in ("triple-negative breast cancer", "TNBC"):
        found = match("condition", term)
        assert found.concept is None or all(c.code != "Z17.421" for c in found.concept.codings)
    assert [c.code for c in match("condition", "HR- with HER2-").concept.codings] == ["Z17.421"]
