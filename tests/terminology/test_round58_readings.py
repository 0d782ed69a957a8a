"""Words of round 58's case reports (internal medicine, cardiology; paediatric emergencies, head and
neck; dermatology and infections), written by people who had not read the tables: the rows their
review added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "esophageal ulceration", ["30811009"]),  # *Ulcer of esophagus* (GPS)
    ("condition", "herpes simplex virus infection", ["B00.9"]),
    ("procedure", "permanent pacemaker placement", ["307280005"]),
    # a temporary transvenous pacemaker is SNOMED CT's own concept, never the permanent implantation's
    ("procedure", "temporary transvenous pacemaker placement", ["309471004"]),
])
def test_round58_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_a_paroxysmal_pain_is_the_pain() -> None:
    case = {"fhirconv": "1", "id": "r58", "patient": {"sex": "male"},
            "conditions": [{"id": "c", "condition": "paroxysmal abdominal pain"}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"]["coding"]] == ["21522001"]
    assert any("'paroxysmal' is said in the text only" in i.message for i in conv.issues)
    assert codes("condition", "paroxysmal atrial fibrillation") == ["282825002", "I48.0"]  # known whole
