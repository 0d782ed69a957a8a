"""A pathology study named by what it examined ("lymph node histology", "histopathology of the resected
esophagus", "skin biopsy" as an observation), the findings of an operation, and a cytology by its
specimen: each coded with LOINC's study, what was examined said in the text; another test done on a
specimen ("culture of skin biopsy") is no pathology study."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text


def _observations(names: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    case = {"fhirconv": "1", "id": "pathology", "patient": {"sex": "female", "birth_date": "1970-01-01"},
            "observations": [{"id": f"o{i}", "observation": n, "value": "reported"} for i, n in enumerate(names)]}
    conv = convert_text(json.dumps(case), "case.json")
    codes = {r["code"]["text"]: [c["code"] for c in r["code"].get("coding", [])]
             for r in conv.resources if r["resourceType"] == "Observation"}
    return codes, [i.message for i in conv.issues]


@pytest.mark.parametrize("name", [
    "lymph node histology", "histopathology of resected esophagus", "gallbladder histopathology",
    "histopathology of polypectomy specimen", "skin biopsy", "kidney biopsy findings", "tumour histology",
    "histology", "pathology report", "histological examination of the surgical specimen"])
def test_a_pathology_study_named_by_what_it_examined(name: str) -> None:
    codes, _ = _observations([name])
    assert codes[name] == ["11526-1"]  # Pathology study


def test_what_was_examined_is_told_and_kept_in_the_text() -> None:
    codes, messages = _observations(["histopathology of resected esophagus"])
    assert any("'resected esophagus' is said in the text only" in m for m in messages)


def test_the_organs_own_biopsy_report_comes_first() -> None:
    codes, _ = _observations(["bone marrow histology", "bone marrow biopsy pathology"])
    assert codes["bone marrow histology"] == ["33721-2"]  # Bone marrow Pathology biopsy report
    assert codes["bone marrow biopsy pathology"] == ["33721-2"]


@pytest.mark.parametrize("name", [
    "bacterial culture of skin biopsy", "mast cells in skin biopsy", "direct immunofluorescence of skin biopsy",
    "complement 3 deposits in kidney biopsy", "fine needle aspiration biopsy", "molecular pathology",
    "course of the repeat biopsy", "biopsy"])
def test_another_test_on_a_specimen_is_no_pathology_study(name: str) -> None:
    codes, _ = _observations([name])
    assert "11526-1" not in codes[name]


@pytest.mark.parametrize(("name", "code"), [
    ("operative findings", "10215-2"), ("intraoperative finding", "10215-2"),  # Surgical operation note findings
    ("pleural fluid cytology", "47523-6"), ("pericardial fluid cytology", "47523-6"),  # ... of Body fluid
    ("urine cytology", "47525-1"), ("cytology", "47526-9")])
def test_the_findings_of_an_operation_and_a_cytology_by_its_specimen(name: str, code: str) -> None:
    codes, _ = _observations([name])
    assert codes[name] == [code]


def test_a_newborns_code_needs_an_age_that_makes_the_patient_a_newborn() -> None:
    """P74.421 *Hyperchloremia of newborn* has *Hyperchloremic metabolic acidosis* as an inclusion term:
    a case with no age does not say its patient is a newborn, and the code is left out."""
    case = {"fhirconv": "1", "id": "acidosis", "patient": {"sex": "female", "birth_date": "1970-01-01"},
            "conditions": [{"id": "a", "condition": "hyperchloremic metabolic acidosis"}]}
    conv = convert_text(json.dumps(case), "case.json")
    codes = [c["code"] for r in conv.resources if r["resourceType"] == "Condition" for c in r["code"].get("coding", [])]
    assert "P74.421" not in codes
    assert any("no age that makes the patient a newborn" in i.message for i in conv.issues)
    case["patient"]["age"] = {"days": 3, "at": "2024-01-05"}
    case["patient"]["birth_date"] = "2024-01-02"
    conv = convert_text(json.dumps(case), "case.json")
    codes = [c["code"] for r in conv.resources if r["resourceType"] == "Condition" for c in r["code"].get("coding", [])]
    assert "P74.421" in codes
