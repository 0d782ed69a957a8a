"""Words of rounds 67 and 68's case reports (dermatology, psychiatry and toxicology, paediatric
surgery; endocrinology, hepatology, orthopaedics and rheumatology), written by people who had not
read the tables: the rows and readings their review added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("term,expected", [
    ("heat intolerance", ["69215007"]),
    ("gouty arthritis", ["190828008"]),  # *Gouty arthropathy*
    ("hypertrophic pyloric stenosis", []),  # infantile (Q40.0) or adult (K31.1): the words do not say
])
def test_round67_rows(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


@pytest.mark.parametrize("name,code,site", [
    ("gouty arthritis of sternoclavicular joint", "190828008", "7844006"),
    ("ischemia of left foot", "52674009", "56459004"),
    ("scar on left cheek", "275322007", "60819002"),
])
def test_a_disorder_named_with_its_site(name: str, code: str, site: str) -> None:
    case = {"fhirconv": "1", "id": "r67", "patient": {"sex": "male"},
            "conditions": [{"id": "c", "condition": name}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == [site]
