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


@pytest.mark.parametrize("term,expected", [
    # the clot said for its event, as an infarct for an infarction (three cases of the earlier rounds
    # wrote "septic pulmonary emboli"): the broader concept, the user told what stays text
    ("pulmonary emboli", ["59282003"]), ("pulmonary embolus", ["59282003"]),
    ("cerebral emboli", ["75543006"]), ("fat embolus", ["T79.1XXA"]),
])
def test_an_embolus_is_the_embolism(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected
    assert normalize("emboli") == normalize("embolism")


def test_a_pyogenic_abscess_is_the_abscess_the_user_told() -> None:
    import json

    from fhirconv.api import convert_text

    case = {"fhirconv": "1", "id": "p", "patient": {"sex": "male"},
            "conditions": [{"id": "c", "condition": "pyogenic liver abscess"}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == ["27916005", "K75.0"]  # *Abscess of liver*
    assert any("'pyogenic' is said in the text only" in i.message for i in conv.issues)
