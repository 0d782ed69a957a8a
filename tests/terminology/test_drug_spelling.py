"""A drug's name as French, Spanish or Latin texts end it is the English name with or without its
final "e": one word, a table row only."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("written,expected", [
    ("doxorubicine", ["3639"]),
    ("ciprofloxacine", ["2551"]),
    ("ceftriaxon", ["2193"]),
    ("vincristin", ["11202"]),
    ("methylprednisolon", ["6902"]),
])
def test_a_drug_spelt_with_or_without_a_final_e(written: str, expected: list[str]) -> None:
    assert codes("medication", written) == expected


@pytest.mark.parametrize("kind,written", [
    ("medication", "doxorubicine hydrochloride"),  # more than one word: not read so
    ("condition", "hypertensione"),  # medications only
])
def test_no_spelling_read_outside_one_drug_name(kind: str, written: str) -> None:
    assert codes(kind, written) == []


@pytest.mark.parametrize("written,expected", [
    ("erythromicin", ["4053"]),
    ("gentamycin", ["1596450", "57752001"]),
    ("streptomicin", ["10109"]),
])
def test_an_antibiotic_spelt_with_the_other_of_mycin_and_micin(written: str, expected: list[str]) -> None:
    assert codes("medication", written) == expected


@pytest.mark.parametrize("kind,written", [
    ("medication", "erythromicin stearate"),  # one word only
    ("condition", "streptomicin"),  # medications only
    ("medication", "rifamicin"),  # the other spelling is no table row either
])
def test_no_mycin_reading_outside_one_drug_row(kind: str, written: str) -> None:
    assert codes(kind, written) == []
