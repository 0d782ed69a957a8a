"""Words of round 54's case reports (neurosurgery, orthopaedics; oncology, paediatric oncology;
environmental medicine, HIV and opportunistic infections), written by people who had not read the
tables: the readings and rows their review added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match
from fhirconv.terminology.icd10cm_keys import plain


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def test_a_part_unspecified_is_the_plain_terms_code() -> None:
    # ICD-10-CM's own convention, as for ", unspecified": the part not said
    assert plain("Malignant neoplasm of uterus, part unspecified") == "Malignant neoplasm of uterus"
    assert codes("condition", "malignant neoplasm of uterus") == ["371973000", "C55"]
    assert codes("condition", "fracture of bony thorax") == ["S22.9XXA"]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "bad breath", ["R19.6"]),  # *Halitosis*
    ("condition", "gait ataxia", ["R26.0"]),  # *Ataxic gait*
    ("condition", "lymph node metastases", ["94392001", "C77.9"]),
    ("observation", "arterial base excess", ["1925-7"]),
    ("observation", "tobacco smoking pack-years", ["401201003"]),  # *Cigarette pack-years* (mCODE's example)
])
def test_round54_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("name,expected", [
    ("uterine cancer", ["371973000", "C55"]),  # read as *malignant neoplasm of uterus*, by its site
    ("cancer of the mediastinum", ["C38.3"]),
])
def test_a_cancer_named_by_its_site_whose_code_leaves_the_part_unspecified(name: str, expected: list[str]) -> None:
    case = {"fhirconv": "1", "id": "r54", "patient": {"sex": "female"}, "conditions": [{"id": "c", "condition": name}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == sorted(expected)
