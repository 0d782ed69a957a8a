"""The hand-made Bundles the view tests read are real FHIR: the structure (fhir.resources) and the
official JSON Schema accept them, so the shapes the view reads (relative-date extension on a date
element, R4 and R5 Encounters, verification observations, stages) are shapes a converter may write."""

from __future__ import annotations

import pytest

from fhirconv.validate import validate_resource_tree
from tests.view.svgparse import bundle
from tests.view.test_course_facts import PATIENT, _condition, _verified, blood_pressure
from tests.view.test_encounters import paediatric
from tests.view.test_labels import _cancer, _stage_obs
from tests.view.test_relative_axis import takotsubo_like

CASES = {
    "relative-R4": (takotsubo_like, "R4"),
    "encounters-R4": (lambda: paediatric("R4"), "R4"),
    "encounters-R5": (lambda: paediatric("R5"), "R5"),
    "verification-R4": (lambda: bundle(PATIENT, _condition("sepsis", "sepsis", "refuted", "2020-03-01"),
                                       _verified("v1", "sepsis", "provisional", "2020-03-01"),
                                       blood_pressure()), "R4"),
    "stages-R4": (lambda: bundle({"resourceType": "Patient", "id": "p"}, _cancer(), _stage_obs()), "R4"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_made_bundles_are_valid_fhir(name):
    make, version = CASES[name]
    issues = validate_resource_tree(make(), fhir_version=version, layers=["structure", "schema"])
    assert [i.one_line() for i in issues if i.severity == "error"] == []
