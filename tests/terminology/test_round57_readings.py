"""Words of round 57's case reports (gynaecology, ophthalmology; adult infection, critical care;
stroke, headache, spinal cord), written by people who had not read the tables: the rows their review
added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "bleeding per vaginum", ["289530006"]),
    ("condition", "decreased visual acuity", ["13164000"]),  # *Reduced visual acuity* (GPS)
    ("finding", "decreased visual acuity", ["13164000"]),
    # ICD-10-CM's inclusion terms *Alcohol use disorder, severe* (F10.20) and *, mild* (F10.10), and
    # the titles *Paraplegia, complete* and *, incomplete*, said in English order
    ("condition", "severe alcohol use disorder", ["F10.20"]),
    ("condition", "mild alcohol use disorder", ["F10.10"]),
    ("condition", "complete paraplegia", ["G82.21"]), ("condition", "incomplete paraplegia", ["G82.22"]),
    ("procedure", "total gastrectomy", ["26452005"]),
    ("observation", "cerebrospinal fluid red blood cell count", ["26454-9"]),
])
def test_round57_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_an_arterial_ischaemic_stroke_is_an_ischaemic_stroke() -> None:
    case = {"fhirconv": "1", "id": "r57", "patient": {"sex": "female"},
            "conditions": [{"id": "c", "condition": "arterial ischemic stroke"}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"]["coding"]] == ["422504002"]
    assert any("'arterial' is said in the text only" in i.message for i in conv.issues)
    assert codes("condition", "arterial hypertension") == ["38341003"]  # known whole: not narrowed
