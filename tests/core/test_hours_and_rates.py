"""Case reports count the first days in hours ("6 hours after ingestion", "72 hours into admission")
and give infusions as rates ("midazolam up to 36 mg per hour"): both are said in FHIR as such."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.case.dates import DateError, parse_absolute, parse_expr
from fhirconv.issues import FhirconvError

RELATIVE = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"

CASE = """\
fhirconv: "1"
id: hours
patient: {sex: female}
timeline:
  ingestion: {text: ingested the tablets}
  admission: {date: 2020-03-04, text: admitted}
medications:
  - {id: midazolam, drug: midazolam, dose: {value: 36, unit: mg/h}, route: intravenous}
  - {id: paracetamol, drug: paracetamol, dose: {value: 500, unit: mg}}
observations:
  - {id: level, observation: serum paracetamol level, category: laboratory, value: 207, unit: mg/L,
     date: 6 hours after ingestion}
  - {id: next-day, observation: serum paracetamol level, category: laboratory, value: 20, unit: mg/L,
     date: 24 hours after admission}
  - {id: same-day, observation: serum paracetamol level, category: laboratory, value: 90, unit: mg/L,
     date: 6 hours after admission}
"""


def find(conv, rtype, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if r["resourceType"] == rtype
                and any(i["value"] == value for i in r["identifier"]))


def test_hours_parse_as_a_relative_unit():
    rel = parse_expr("about 72 hours after admission")
    assert (rel.n, rel.unit, rel.anchor, rel.approximate) == (72, "hour", "admission", True)


@pytest.mark.parametrize(("text", "n", "unit"), [
    ("6 h after x", 6, "hour"), ("72 hrs after x", 72, "hour"), ("2 d before x", -2, "day"),
    ("3 wks after x", 3, "week"), ("1 mo after x", 1, "month"), ("7 yrs before x", -7, "year"),
    ("1 hour after x", 1, "hour"), ("3 months after x", 3, "month"),
])
def test_unit_abbreviations_people_write(text, n, unit):
    rel = parse_expr(text)
    assert (rel.n, rel.unit, rel.anchor) == (n, unit, "x")


@pytest.mark.parametrize(("start", "hours", "expected"), [
    ("2020-03-04", 24, "2020-03-05"),          # whole days from a day: that day
    ("2020-03-04", 48, "2020-03-06"),
    ("2020-03-04", 6, "2020-03"),              # 4 or 5 March: only the month is certain
    ("2020-03-04", -6, "2020-03"),             # 3 or 4 March
    ("2020-03-31", 6, "2020"),                 # 31 March or 1 April
    ("2020-03-04T22:30:00Z", 6, "2020-03-05T04:30:00Z"),   # from a moment: exact, same zone
    ("2020-03-04T10:00:00+05:30", -30, "2020-03-03T04:00:00+05:30"),
])
def test_hours_from_a_date_keep_only_what_is_certain(start, hours, expected):
    assert parse_absolute(start).shift(hours, "hour").fhir() == expected


def test_hours_that_may_cross_a_year_are_refused():
    with pytest.raises(DateError, match="may fall in 2020 or 2021"):
        parse_absolute("2020-12-31").shift(6, "hour")


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_hours_after_an_undated_event_are_an_offset_in_h(version):
    conv = convert_text(CASE, fhir_version=version)
    level = find(conv, "Observation", "level")
    assert "effectiveDateTime" not in level
    parts = {p["url"]: p for p in level["_effectiveDateTime"]["extension"][0]["extension"]}
    assert level["_effectiveDateTime"]["extension"][0]["url"] == RELATIVE
    assert parts["offset"]["valueDuration"] == {"value": 6, "unit": "hours", "system": "http://unitsofmeasure.org",
                                                "code": "h"}
    assert parts["relationship"]["valueCode"] == "after-start"
    assert find(conv, "Observation", "next-day")["effectiveDateTime"] == "2020-03-05"
    assert find(conv, "Observation", "same-day")["effectiveDateTime"] == "2020-03"


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_dose_per_time_is_a_rate(version):
    conv = convert_text(CASE, fhir_version=version)
    infusion = find(conv, "MedicationStatement", "midazolam")["dosage"][0]["doseAndRate"][0]
    assert infusion == {"rateQuantity": {"value": 36, "unit": "mg/h", "system": "http://unitsofmeasure.org",
                                         "code": "mg/h"}}
    tablet = find(conv, "MedicationStatement", "paracetamol")["dosage"][0]["doseAndRate"][0]
    assert list(tablet) == ["doseQuantity"]


def test_a_comma_inside_a_flow_mapping_is_explained():
    text = CASE.replace("{text: ingested the tablets}", "{text: ingested the tablets, then vomited}")
    with pytest.raises(FhirconvError) as exc:
        convert_text(text)
    line = exc.value.issues[0].one_line()
    assert "unknown key 'then vomited'" in line and "put the words in quotes" in line
