"""A result a report gives as a range, "10-15" per high-power field or a pH of "6.3 to 9.0", is a FHIR
valueRange in the item's unit (both ends keep their digits), in a value, a series entry or a
component; without a unit it stays words, and the user is told the unit is missing."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError

CASE = """\
fhirconv: "1"
id: ranged
patient: {sex: female}
observations:
  - {id: wbc, observation: urine white blood cells, category: laboratory, value: "10-15", unit: "/[HPF]",
     date: 2024-03-01}
  - {id: ph, observation: urine pH, category: laboratory, value: "6.3 to 9.0", unit: "[pH]", date: 2024-03-01}
  - {id: plt, observation: platelets, category: laboratory, value: "150–200", unit: "10*3/uL", date: 2024-03-01}
  - id: crp
    observation: CRP
    category: laboratory
    unit: mg/L
    series: [{date: 2024-03-01, value: "40-50"}, {date: 2024-03-02, value: 12}]
  - {id: rbc, observation: urine red blood cells, category: laboratory, value: "5-8", date: 2024-03-01}
"""


def _observations(conv) -> dict[str, dict]:
    return {e["resource"]["code"]["text"] + e["resource"].get("effectiveDateTime", ""): e["resource"]
            for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Observation"}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_range_with_a_unit_is_a_value_range(version):
    conv = convert_text(CASE, "case.yaml", fhir_version=version)
    obs = _observations(conv)

    def ends(key: str) -> tuple:
        r = obs[key]["valueRange"]
        return r["low"]["value"], r["high"]["value"], r["low"]["code"], r["high"]["code"], r["low"]["system"]

    ucum = "http://unitsofmeasure.org"
    assert ends("urine white blood cells2024-03-01") == (10, 15, "/[HPF]", "/[HPF]", ucum)
    assert ends("urine pH2024-03-01") == (6.3, 9.0, "[pH]", "[pH]", ucum)
    assert ends("platelets2024-03-01") == (150, 200, "10*3/uL", "10*3/uL", ucum)
    assert ends("CRP2024-03-01") == (40, 50, "mg/L", "mg/L", ucum)
    assert obs["CRP2024-03-02"]["valueQuantity"]["value"] == 12
    assert '"value": 9.0' in conv.bundle_json()  # the digits as written
    assert not [i for i in conv.issues if i.severity in ("error", "fatal")]


def test_the_narrative_shows_the_range_as_written(tmp_path):
    from tests.core.test_nothing_dropped import missing

    conv = convert_text(CASE, "case.yaml")
    div = _observations(conv)["urine pH2024-03-01"]["text"]["div"]
    assert "<b>Value</b>: 6.3 to 9.0 [pH]" in div
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    assert missing(case, "R4") == [] and missing(case, "R5") == []  # every value lands, words and all


def test_a_range_without_a_unit_stays_words_and_is_told():
    conv = convert_text(CASE, "case.yaml")
    assert _observations(conv)["urine red blood cells2024-03-01"]["valueString"] == "5-8"
    told = [i for i in conv.issues if i.line == 14 and "has no unit" in i.message]
    assert told and "value: '10-15' with the unit" in (told[0].hint or "")


def test_a_range_given_high_first_is_refused_at_its_line():
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.replace('"10-15"', '"15-10"'), "case.yaml")
    assert err.value.issue.line == 5 and "the lower first" in (err.value.issue.hint or "")


def test_a_vital_sign_given_as_a_range_is_warned():
    case = CASE.replace("observation: urine pH, category: laboratory", "observation: body temperature, "
                        "category: vital-signs").replace('"6.3 to 9.0", unit: "[pH]"', '"38-39", unit: Cel')
    conv = convert_text(case, "case.yaml")
    assert any(i.line == 7 and "vital sign but its value is a range" in i.message for i in conv.issues)
    json.loads(conv.bundle_json())


def test_the_summary_shows_a_range_with_its_unit_once():
    from fhirconv.view.course import observation_value

    conv = convert_text(CASE, "case.yaml")
    assert observation_value(_observations(conv)["platelets2024-03-01"]) == "150–200 10*3/uL"


def test_a_components_range_lands_as_written(tmp_path):
    from tests.core.test_nothing_dropped import missing

    case = tmp_path / "bp.yaml"
    case.write_text('fhirconv: "1"\nid: bp-range\npatient: {sex: female}\nobservations:\n'
                    "  - id: bp\n    observation: blood pressure\n    category: vital-signs\n    date: 2024-01-01\n"
                    "    components:\n"
                    "      - {observation: systolic blood pressure, value: '120-130', unit: 'mm[Hg]'}\n"
                    "      - {observation: diastolic blood pressure, value: 80, unit: 'mm[Hg]'}\n", encoding="utf-8")
    conv = convert_text(case.read_text(encoding="utf-8"), "bp.yaml")
    bp = next(r for r in conv.resources if r["resourceType"] == "Observation")
    systolic = bp["component"][0]["valueRange"]
    assert (systolic["low"]["value"], systolic["high"]["value"]) == (120, 130)
    assert "120-130 mm[Hg]" in bp["text"]["div"]
    assert missing(case, "R4") == []
