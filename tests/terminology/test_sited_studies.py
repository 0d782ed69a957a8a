"""Studies and procedures named with their site ("PET-CT of chest", "FNA of left axillary lymph node",
"radiograph of left femur"): the study's code with the site in bodySite; and the examinations of a
region ("pulmonary examination", "pelvic examination") as LOINC's *Physical findings of ...*."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item

NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


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
    # a study whose site LOINC names in a code of its own is that code (test_imaging_studies.py)
    ("radiograph of left tibia", "363680008", "12611008", "7771000"),
    ("isotope scan of thyroid", "312421008", "69748006", None),
    ("incision and drainage of right axilla", "56783008", "91470000", "24028007"),
])
def test_a_study_named_with_its_site(name: str, code: str, site: str, side: str | None) -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": name}, sex="female")
    assert proc["code"]["text"] == name
    assert [c["code"] for c in proc["code"]["coding"]] == [code]
    body = proc["bodySite"][0]
    assert [c["code"] for c in body["coding"]] == [site]
    sides = [e["valueCodeableConcept"]["coding"][0]["code"] for e in body.get("extension", [])]
    assert sides == ([side] if side else [])


def test_a_study_at_two_sites_stays_text() -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": "PET-CT of chest and abdomen"}, sex="female")
    assert "coding" not in proc["code"] and "bodySite" not in proc
