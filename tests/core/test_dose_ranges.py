"""A dose given as a range ("5-10 mg/kg", "0.1 to 0.3 ug/kg/min"), as reports give escalating or
titrated doses: Dosage.doseAndRate.doseRange (rateRange for a unit per time), both ends in the
dose's unit, valid in R4 and R5; any other string is refused at its line."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from fhirconv.validate import validate_resource_tree

CASE = """fhirconv: "1"
id: dose-range
patient: {sex: male}
medications:
  - {id: ampho, drug: amphotericin B, dose: {value: "5-10", unit: mg/kg}, route: intravenous, start: 2020}
  - {id: nor, drug: norepinephrine, dose: {value: "0.1 to 0.3", unit: ug/kg/min}, start: 2020}
  - {id: asp, drug: aspirin, dose: {value: 75, unit: mg}, start: 2020}
"""


def _dosages(conv) -> dict[str, dict]:
    return {r["id"]: r["dosage"][0] for r in conv.resources if r["resourceType"] == "MedicationStatement"}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_dose_range_is_a_dose_or_rate_range(version):
    conv = convert_text(CASE, "case.yaml", fhir_version=version)
    dosages = list(_dosages(conv).values())
    ampho, nor, asp = dosages
    assert ampho["doseAndRate"] == [{"doseRange": {
        "low": {"value": 5, "unit": "mg/kg", "system": "http://unitsofmeasure.org", "code": "mg/kg"},
        "high": {"value": 10, "unit": "mg/kg", "system": "http://unitsofmeasure.org", "code": "mg/kg"}}}]
    assert ampho["text"].startswith("5-10 mg/kg")
    assert [nor["doseAndRate"][0]["rateRange"][k]["value"] for k in ("low", "high")] == [0.1, 0.3]
    assert "doseQuantity" in asp["doseAndRate"][0]
    errors = [i for i in validate_resource_tree(conv.bundle, fhir_version=version) if i.severity == "error"]
    assert errors == []


def test_a_dose_that_is_no_number_nor_range_is_refused():
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.replace('"5-10"', '"five to ten"'), "case.yaml")
    assert err.value.issues[0].line == 5
    assert "dose" in (err.value.issues[0].expression or "")
    assert "'5-10'" in (err.value.issues[0].hint or "")  # the form, not the schema's pattern


def test_a_dose_range_with_its_higher_end_first_is_refused_at_its_line():
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.replace('"5-10"', '"10-5"'), "case.yaml")
    issue = err.value.issues[0]
    assert (issue.line, issue.expression) == (5, "$.medications[0].dose.value")
    assert "higher end first" in issue.message
