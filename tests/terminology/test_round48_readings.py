"""Words of round 48's case reports (nephrology, urology, endocrinology; neonatology, obstetrics,
toxicology; pulmonology, rheumatology, dermatology), written by people who had not read the tables:
the readings and rows their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("british,american", [
    ("thrombocytopaenia", "thrombocytopenia"), ("neutropaenic", "neutropenic"),
    ("leucopaenia", "leukopenia"), ("pancytopaenia", "pancytopenia"),
    ("spider naevi", "spider nevus"), ("naevus", "nevus"),
    ("macroscopic haematuria", "gross hematuria"), ("macroscopically", "grossly"),
])
def test_british_spellings_and_words_read_as_american(british: str, american: str) -> None:
    assert normalize(british) == normalize(american)


@pytest.mark.parametrize("term,expected", [
    ("thrombocytopaenia", ["302215000", "D69.6"]),
    ("neutropaenia", ["165517008", "D70.9"]),
    ("macroscopic haematuria", ["R31.0"]),  # *Gross hematuria*
    ("spider naevi", ["195382003", "I78.1"]),  # *Spider nevus* (GPS); I78.1's inclusion term
    # ICD-10-CM's inclusion term of K21.9 is "Esophageal reflux NOS"; SNOMED CT's disease is not
    # written for reflux not said to be a disease (physiological reflux in infants)
    ("gastro-oesophageal reflux", ["K21.9"]),
])
def test_round48_conditions(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == sorted(expected)


@pytest.mark.parametrize("kind,term,expected", [
    ("procedure", "obstetric ultrasound", ["268445003"]),  # *Ultrasound scan - obstetric* (GPS)
    ("procedure", "antenatal ultrasound scan", ["268445003"]),
    ("observation", "pregnancy status", ["82810-3"]),  # the IPS Pregnancy Status observation's code
])
def test_round48_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected
