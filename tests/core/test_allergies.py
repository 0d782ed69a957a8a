"""Allergies a case report lists ("Allergies: azithromycin – stomach pain") are AllergyIntolerance
resources, in R4 and R5, valid in every layer, and fill the IPS document's Allergies section."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from fhirconv.validate import validate_resource_tree

CASE = """\
fhirconv: "1"
id: allergic
patient: {sex: female}
encounters:
  - {id: ed-visit, class: emergency, date: 2016-03-01}
allergies:
  - {id: azithro, substance: azithromycin, category: medication, reaction: hives, severity: mild,
     clinical_status: active, verification_status: confirmed, type: allergy, criticality: low}
  - {id: cbz, substance: carbamazepine, clinical_status: active, onset: ed-visit, encounter: ed-visit,
     note: took his sister's tablets}
  - {id: nuts, substance: peanut, category: food, severity: severe, clinical_status: inactive}
"""


def find(conv, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if any(i["value"] == value for i in r.get("identifier", [])))


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_allergy_intolerance_in_both_versions(version):
    conv = convert_text(CASE, fhir_version=version)
    azithro = find(conv, "azithro")
    assert azithro["resourceType"] == "AllergyIntolerance"
    assert azithro["clinicalStatus"]["coding"][0]["code"] == "active"
    assert azithro["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert azithro["category"] == ["medication"] and azithro["criticality"] == "low"
    assert azithro["code"]["text"] == "azithromycin" and azithro["code"]["coding"]  # the medication tables know it
    assert azithro["patient"]["reference"] == f"Patient/{find(conv, 'patient')['id']}"
    hives = azithro["reaction"][0]
    if version == "R5":
        assert azithro["type"]["coding"][0]["code"] == "allergy"
        assert hives["manifestation"][0]["concept"]["text"] == "hives"
    else:
        assert azithro["type"] == "allergy"
        assert hives["manifestation"][0]["text"] == "hives"
    assert hives["severity"] == "mild"
    cbz = find(conv, "cbz")
    assert cbz["onsetDateTime"] == "2016-03-01"
    assert cbz["encounter"]["reference"] == f"Encounter/{find(conv, 'ed-visit')['id']}"
    assert cbz["note"][0]["text"] == "took his sister's tablets"
    # a severity with no reaction: FHIR's reaction needs a manifestation, so the words go to a note
    nuts = find(conv, "nuts")
    assert "reaction" not in nuts and {"text": "Reaction severity: severe"} in nuts["note"]
    assert any("severity without a reaction" in i.message for i in conv.issues)
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []


def test_ips_allergies_section_holds_them():
    conv = convert_text(CASE, profile="ips")
    composition = conv.bundle["entry"][0]["resource"]
    section = next(s for s in composition["section"] if s["code"]["coding"][0]["code"] == "48765-2")
    allergies = [r for r in conv.resources if r["resourceType"] == "AllergyIntolerance"]
    assert len(section["entry"]) == 3 and "emptyReason" not in section
    assert all(r["meta"]["profile"] == ["http://hl7.org/fhir/uv/ips/StructureDefinition/AllergyIntolerance-uv-ips"]
               for r in allergies)
    issues = validate_resource_tree(conv.bundle)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []


def test_a_clinical_status_is_required():
    # FHIR wants one on every allergy (ait-1) and IPS binds it to codes: it is never guessed
    with pytest.raises(FhirconvError) as exc:
        convert_text(CASE.replace(", clinical_status: inactive", ""))
    assert "missing required key 'clinical_status'" in exc.value.issues[0].one_line()


def test_an_allergy_can_anchor_a_date():
    text = CASE + "conditions:\n  - {id: rash, condition: urticaria, onset: 1 day after cbz}\n"
    conv = convert_text(text)
    rash = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert rash["onsetDateTime"] == "2016-03-02"
