"""Studies and procedures named with their site ("PET-CT of chest", "FNA of left axillary lymph node",
"radiograph of left femur"): the study's code with the site in bodySite; and the examinations of a
region ("pulmonary examination", "pelvic examination") as LOINC's *Physical findings of ...*."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match

NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("procedure", "PET/CT scan", ["C103512"]),  # NCIt's PET-CT names no tracer
    ("procedure", "FDG PET-CT", ["443271005"]),  # the tracer's own SNOMED CT concept stays first
    ("procedure", "PET-MRI", ["C103514"]),
    ("procedure", "fine-needle aspiration", ["C15361"]),
    ("procedure", "fine needle aspiration of breast", ["387736007"]),  # the site's own concept, whole
    ("procedure", "isotope scan", ["312421008"]),
    ("procedure", "radiograph", ["363680008"]),
    ("observation", "pulmonary examination", ["10207-9"]),
    ("observation", "heart auscultation", ["10200-4"]),
    ("observation", "pelvic examination", ["10204-6"]),
    ("observation", "HEENT examination", ["51850-6"]),
    ("observation", "morning cortisol", ["9813-7"]),
])
def test_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("name,code,site,side", [
    ("PET-CT of chest", "C103512", "51185008", None),
    ("FNA of left axillary lymph node", "C15361", "68171009", "7771000"),
    ("radiograph of left femur", "363680008", "71341001", "7771000"),
    ("isotope scan of thyroid", "312421008", "69748006", None),
    ("incision and drainage of right axilla", "56783008", "91470000", "24028007"),
])
def test_a_study_named_with_its_site(name: str, code: str, site: str, side: str | None) -> None:
    case = {"fhirconv": "1", "id": "sited", "patient": {"sex": "female"},
            "procedures": [{"id": "p", "procedure": name}]}
    conv = convert_text(json.dumps(case), "case.json")
    proc = next(r for r in conv.resources if r["resourceType"] == "Procedure")
    assert proc["code"]["text"] == name
    assert [c["code"] for c in proc["code"]["coding"]] == [code]
    body = proc["bodySite"][0]
    assert [c["code"] for c in body["coding"]] == [site]
    sides = [e["valueCodeableConcept"]["coding"][0]["code"] for e in body.get("extension", [])]
    assert sides == ([side] if side else [])


def test_a_study_at_two_sites_stays_text() -> None:
    case = {"fhirconv": "1", "id": "sited", "patient": {"sex": "female"},
            "procedures": [{"id": "p", "procedure": "PET-CT of chest and abdomen"}]}
    conv = convert_text(json.dumps(case), "case.json")
    proc = next(r for r in conv.resources if r["resourceType"] == "Procedure")
    assert "coding" not in proc["code"] and "bodySite" not in proc
