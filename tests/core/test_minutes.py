"""Acute care reports count in minutes ("anaphylaxis 10 minutes after the sting", "ROSC after 25
min"): a relative date may be minutes from its anchor, exact from a date-time, as certain as the day
allows from a date, and a Duration in UCUM `min` from an undated anchor."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.case.dates import DateError, parse_absolute, parse_expr

RELATIVE = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"

CASE = """\
fhirconv: "1"
id: minutes
patient: {sex: female}
timeline:
  sting: {date: "2024-05-01T23:50:00+02:00", text: bee sting}
  arrest: {date: 2024-05-02, text: cardiac arrest}
  collapse: {text: collapse at home}
conditions:
  - {id: ana, condition: anaphylaxis, onset: 10 minutes after sting}
  - {id: late, condition: urticaria, onset: 25 min after sting}
  - {id: hypo, condition: hypotension, onset: 90 min after arrest}
  - {id: hypoxia, condition: hypoxia, onset: 30 mins after collapse}
"""


@pytest.mark.parametrize(("text", "n"), [("10 minutes after x", 10), ("1 minute after x", 1),
                                         ("25 min before x", -25), ("30 mins after x", 30)])
def test_minutes_parse_as_a_relative_unit(text, n):
    rel = parse_expr(text)
    assert (rel.n, rel.unit) == (n, "minute")


def test_minutes_from_a_moment_are_exact_and_cross_midnight():
    sting = parse_absolute("2024-05-01T23:50:00+02:00")
    assert sting.shift(25, "minute").fhir() == "2024-05-02T00:15:00+02:00"
    assert sting.shift(-50, "minute").fhir() == "2024-05-01T23:00:00+02:00"


def test_minutes_from_a_day_keep_what_every_time_of_day_allows():
    day = parse_absolute("2024-05-02")
    assert day.shift(90, "minute").fhir() == "2024-05"  # the 2nd or the 3rd
    with pytest.raises(DateError):
        parse_absolute("2024-12-31").shift(30, "minute")  # 2024 or 2025


def _onsets(conv) -> dict[str, dict]:
    return {r["code"]["text"]: r for r in conv.resources if r["resourceType"] == "Condition"}


def test_minutes_in_a_case():
    onsets = _onsets(convert_text(CASE, "case.yaml"))
    assert onsets["anaphylaxis"]["onsetDateTime"] == "2024-05-02T00:00:00+02:00"
    assert onsets["urticaria"]["onsetDateTime"] == "2024-05-02T00:15:00+02:00"
    assert onsets["hypotension"]["onsetDateTime"] == "2024-05"


def test_minutes_after_an_undated_anchor_are_a_ucum_duration():
    hypoxia = _onsets(convert_text(CASE, "case.yaml"))["hypoxia"]
    ext = hypoxia["_onsetDateTime"]["extension"][0]
    assert ext["url"] == RELATIVE
    offset = next(e for e in ext["extension"] if e["url"] == "offset")["valueDuration"]
    assert (offset["value"], offset["code"], offset["unit"]) == (30, "min", "minutes")
