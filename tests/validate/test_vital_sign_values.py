"""A vital sign's LOINC code SHALL use FHIR's vital-signs profile, whose value is a Quantity: validate
says so for any Bundle; convert says it once, at the value's line in the case file."""

from __future__ import annotations

import json

from fhirconv.validate import validate_text

LOINC = "http://loinc.org"


def _obs(code: str, **value: object) -> dict:
    return {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": LOINC, "code": code}]},
            **value}


def test_validate_warns_on_a_vital_sign_that_is_no_quantity() -> None:
    for obs, expr in [(_obs("8867-4", valueString="regular"), "Observation.valueString"),
                      (_obs("8867-4", valueRange={"low": {"value": 120}, "high": {"value": 130}}),
                       "Observation.valueRange"),
                      (_obs("85354-9", valueString="normotensive"), "Observation.valueString")]:
        found = [i for i in validate_text(json.dumps(obs), source="o.json") if "vital-signs profile" in i.message]
        assert [(i.severity, i.expression) for i in found] == [("warning", expr)]


def test_a_quantity_and_other_codes_are_not_told() -> None:
    quantity = _obs("8867-4", valueQuantity={"value": 80, "unit": "/min", "system": "http://unitsofmeasure.org",
                                             "code": "/min"})
    lab = _obs("718-7", valueString="low")
    for obs in (quantity, lab):
        assert not [i for i in validate_text(json.dumps(obs), source="o.json") if "vital-signs profile" in i.message]


def test_convert_tells_it_once_at_the_case_line() -> None:
    from fhirconv.batch import CaseInput, Options, convert_one

    case = ('fhirconv: "1"\nid: vs\npatient: {sex: female}\nobservations:\n'
            '  - {id: hr, observation: heart rate, value: "120-130", unit: "/min", category: vital-signs}\n')
    res = convert_one(CaseInput("case.yaml", text=case), Options())  # mapped, then validated
    told = [i for i in res.issues if "vital sign" in i.message]
    assert [(i.line, i.severity) for i in told] == [(5, "warning")]
