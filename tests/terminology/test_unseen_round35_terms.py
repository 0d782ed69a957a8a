"""Words of round 35's case reports (cardiology, neurology, rheumatology, endocrinology,
gastroenterology, toxicology, obstetrics), written by people who had not read the tables: the rows
and readings their review added, and what stays text."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "ARVC", ["253528005"]),  # *Arrhythmogenic right ventricular dysplasia*, GPS
    ("condition", "arrhythmogenic right ventricular cardiomyopathy", ["253528005"]),
    ("condition", "MOGAD", ["G37.81"]),  # *Myelin oligodendrocyte glycoprotein antibody disease*
    ("condition", "myelin oligodendrocyte glycoprotein antibody-associated disease", ["G37.81"]),
    ("condition", "multiple organ dysfunction syndrome", ["57653000"]),
    ("condition", "coronary myocardial bridge", ["424045003"]),  # *Myocardial bridge of coronary artery*
    ("condition", "chest constriction", ["23924001"]),  # as chest tightness
    ("observation", "left ventricle ejection fraction", ["10230-1"]),
    ("observation", "alcohol use", ["160573003"]),  # *Alcohol intake*
    ("observation", "plasma norepinephrine", ["2666-6"]),
    ("observation", "24-hour urine norepinephrine", ["2668-2"]),
    ("procedure", "radiofrequency ablation", []),  # the open code is for arrhythmia only: text
    ("condition", "arrhythmogenic cardiomyopathy", []),  # left-dominant forms too: not the dysplasia
])
def test_round35_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


def test_a_catastrophic_syndrome_is_the_syndrome() -> None:
    conv = convert_text('fhirconv: "1"\nid: caps\npatient: {sex: female}\nconditions:\n'
                        "  - {id: a, condition: catastrophic antiphospholipid syndrome}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == ["26843008", "D68.61"]
    assert any("'catastrophic' is said in the text only" in i.message for i in conv.issues)
