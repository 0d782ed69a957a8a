"""Encounters in the validation layers: a reference target the models allow, a subject that must be
the Bundle's Patient, a period that must not run backwards, in R4 and R5."""

from __future__ import annotations

import copy

import pytest

from fhirconv.api import convert_text
from fhirconv.validate import validate_resource_tree

CASE = """fhirconv: "1"
id: enc
patient: {sex: female}
encounters:
  - {id: adm, class: inpatient, start: 2020-03-04, end: 2020-03-10, reason: flu}
conditions:
  - {id: flu, condition: influenza, onset: 2020-03-04, encounter: adm}
procedures:
  - {id: xray, procedure: chest x-ray, date: 2020-03-05, encounter: adm}
"""


def entry(bundle, rtype):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype)


def errors(bundle, version):
    return [i for i in validate_resource_tree(bundle, fhir_version=version) if i.severity == "error"]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_encounter_references_are_allowed_targets(version):
    conv = convert_text(CASE, fhir_version=version)
    assert errors(conv.bundle, version) == []
    assert entry(conv.bundle, "Procedure")["encounter"]["reference"].startswith("urn:uuid:")


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_an_encounter_must_be_about_the_bundles_patient(version):
    bundle = copy.deepcopy(convert_text(CASE, fhir_version=version).bundle)
    del entry(bundle, "Encounter")["subject"]
    assert any("Encounter has no subject" in i.message for i in errors(bundle, version))


@pytest.mark.parametrize("version,element", [("R4", "period"), ("R5", "actualPeriod")])
def test_an_encounter_period_may_not_run_backwards(version, element):
    bundle = copy.deepcopy(convert_text(CASE, fhir_version=version).bundle)
    entry(bundle, "Encounter")[element] = {"start": "2020-03-10", "end": "2020-03-04"}
    assert errors(bundle, version)


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_an_encounter_pointing_at_the_wrong_type_is_refused(version):
    bundle = copy.deepcopy(convert_text(CASE, fhir_version=version).bundle)
    patient_url = bundle["entry"][0]["fullUrl"]
    entry(bundle, "Encounter")["partOf"] = {"reference": patient_url}
    assert any("Encounter" in i.message for i in errors(bundle, version))
