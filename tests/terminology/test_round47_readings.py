"""Words of round 47's case reports (orthopaedics and trauma, ophthalmology, geriatrics; haematology,
hepatology, otolaryngology; paediatric cardiology, neurology, sexually transmitted and HIV-related
infection), written by people who had not read the tables: the readings and rows their review
added, and what stays text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fhirconv.api import convert_text


def _case(**sections: list[dict[str, Any]]) -> Any:
    case = {"fhirconv": "1", "id": "p", "patient": {"sex": "female", "birth_date": "1970"}, **sections}
    return convert_text(json.dumps(case), "case.json")


def _codings(conv: Any, rtype: str) -> list[list[tuple[str, str]]]:
    return [[(c["system"].rsplit("/", 1)[-1], c["code"]) for c in r["code"].get("coding", [])]
            for r in conv.resources if r["resourceType"] == rtype]


@pytest.mark.parametrize("name,site,side,expected", [
    # the side put before the site where the words name it
    ("displaced transverse fracture of shaft of femur", "femur", "right", "S72.321A"),
    # else "<words> of <side> <site>"; the site may say the side itself
    ("contusion", "shoulder", "left", "S40.012A"),
    ("fracture", "right femur", None, "S72.91XA"),
])
def test_a_condition_of_one_side_is_icd10cm_code_of_that_side(name: str, site: str, side: str | None,
                                                              expected: str) -> None:
    body_site: dict[str, Any] = {"site": site} | ({"laterality": side} if side else {})
    conv = _case(conditions=[{"id": "c", "condition": name, "body_site": body_site}])
    (codings,) = _codings(conv, "Condition")
    assert ("icd-10-cm", expected) in codings
    # the user is told: of the side's code, or of the name read with its site that says the side itself
    assert any("the code of that side" in i.message or "with its body site" in i.message for i in conv.issues)


@pytest.mark.parametrize("name,site,side", [
    ("fracture", "femur", "bilateral"),  # no one code for both sides
    ("pain", "hip", "right"),  # coded already (R52): nothing added
    ("hemorrhage", "forearm", "right"),  # no code of the side: nothing made up
])
def test_no_side_code_when_the_classification_has_none_or_the_condition_is_coded(name: str, site: str,
                                                                                  side: str) -> None:
    conv = _case(conditions=[{"id": "c", "condition": name, "body_site": {"site": site, "laterality": side}}])
    (codings,) = _codings(conv, "Condition")
    assert not [code for system, code in codings if system == "icd-10-cm" and code.startswith(("S", "M25"))]


def test_a_finding_asked_about_reached_by_a_reading_is_its_gps_concept() -> None:
    """"oral ulcers: absent" is *Ulcer of mouth* (26284000, GPS, reached by the site's adjective as
    its noun) valued absent, as the condition's words are coded."""
    conv = _case(observations=[{"id": "o", "observation": "oral ulcers", "value": "absent"}],
                 conditions=[{"id": "c", "condition": "oral ulcers"}])
    assert _codings(conv, "Observation") == [[("sct", "26284000")]]
    assert ("sct", "26284000") in _codings(conv, "Condition")[0]


@pytest.mark.parametrize("term,code", [
    ("cold agglutinin titer", "5098-9"), ("cold agglutinin titre", "5098-9"),
    ("serum electrolytes", "24326-1"), ("electrolytes", "24326-1"),
])
def test_rows_of_round47(term: str, code: str) -> None:
    conv = _case(observations=[{"id": "o", "observation": term, "value": "normal", "category": "laboratory"}])
    assert _codings(conv, "Observation") == [[("loinc.org", code)]]
