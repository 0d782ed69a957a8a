"""A frequency's period may be written as its UCUM unit (h, d, wk, mo), as doses and durations are:
the Timing is the same as with the word."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text

CASE = """\
fhirconv: "1"
id: freq
patient: {sex: male}
medications:
  - {id: mg, drug: magnesium sulfate, dose: {value: 4, unit: g}, frequency: {times: 1, per: PER, every: 6}}
"""


def _timing(per: str) -> dict:
    conv = convert_text(CASE.replace("PER", per), "case.yaml")
    ms = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "MedicationStatement")
    return ms["dosage"][0]["timing"]


@pytest.mark.parametrize(("unit", "word"), [("h", "hour"), ("d", "day"), ("wk", "week"), ("mo", "month")])
def test_ucum_period_is_the_word(unit, word):
    assert _timing(unit) == _timing(word)
    assert _timing(unit)["repeat"]["periodUnit"] == unit
