"""A result written as reports write it, "<0.01" with its unit, is the Quantity with a comparator
(FHIR's valueQuantity.comparator), in a value, a series entry or a component; a string that is not
a number with a comparator is still refused when a unit stands beside it."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError

CASE = """\
fhirconv: "1"
id: compared
patient: {sex: male}
observations:
  - {id: trop, observation: troponin I, category: laboratory, value: "<0.01", unit: ng/mL, date: 2022-11-03}
  - {id: bnp, observation: BNP, category: laboratory, value: ">5000", unit: pg/mL, date: 2022-11-03}
  - {id: egfr, observation: eGFR, category: laboratory, value: "≥ 90", unit: "mL/min/{1.73_m2}", date: 2022-11-03}
  - id: crp
    observation: CRP
    category: laboratory
    unit: mg/L
    series: [{date: 2022-11-03, value: "<5"}, {date: 2022-11-04, value: 48.0}]
"""


def _quantities(conv) -> list[dict]:
    return [e["resource"].get("valueQuantity") for e in conv.bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"]


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_comparators_become_quantity_comparators(version):
    conv = convert_text(CASE, "case.yaml", fhir_version=version)
    got = [(q["value"], q.get("comparator"), q["code"]) for q in _quantities(conv)]
    assert got == [(0.01, "<", "ng/mL"), (5000, ">", "pg/mL"), (90, ">=", "mL/min/{1.73_m2}"), (5, "<", "mg/L"),
                   (48.0, None, "mg/L")]
    assert '"value": 0.01' in conv.bundle_json() and '"value": 48.0' in conv.bundle_json()  # digits as written
    assert not [i for i in conv.issues if i.severity in ("error", "fatal")]


def test_other_words_beside_a_unit_are_still_refused():
    bad = CASE.replace('value: "<0.01"', 'value: "undetectable"')
    with pytest.raises(FhirconvError) as err:
        convert_text(bad, "case.yaml")
    assert "needs a number here" in err.value.issue.message and err.value.issue.line == 5


def test_the_narrative_shows_the_comparator():
    """The narrative says what the value is: "<0.01 ng/mL", never the bare bound 0.01 ng/mL."""
    conv = convert_text(CASE, "case.yaml")
    divs = {e["resource"]["code"]["text"]: e["resource"]["text"]["div"] for e in conv.bundle["entry"]
            if e["resource"]["resourceType"] == "Observation" and e["resource"].get("valueQuantity")}
    assert "<b>Value</b>: &lt;0.01 ng/mL" in divs["troponin I"]
    assert "<b>Value</b>: &gt;5000 pg/mL" in divs["BNP"]


def test_a_reference_range_keeps_the_unit_of_a_compared_value():
    case = CASE.replace('value: "<0.01", unit: ng/mL,', 'value: "<0.01", unit: ng/mL, reference_range: {high: 0.04},')
    conv = convert_text(case, "case.yaml")
    quantities = [e["resource"] for e in conv.bundle["entry"] if "valueQuantity" in e["resource"]]
    trop = next(r for r in quantities if r["valueQuantity"]["code"] == "ng/mL")
    assert trop["referenceRange"][0]["high"]["code"] == "ng/mL"
