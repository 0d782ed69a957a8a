"""Reports count a stay by its days ("on day 3 of admission", "hospital day 2"): the anchor's own day
is day 1, so day N is N - 1 days after it, resolved and noted like any relative date."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.case.dates import DateError, parse_expr
from fhirconv.issues import FhirconvError

CASE = """\
fhirconv: "1"
id: day-of
patient: {sex: female}
timeline:
  admission: {date: 2024-03-04, text: admitted}
  onset: {text: onset of fever}
conditions:
  - {id: a, condition: rash, onset: day 3 of admission}
  - {id: b, condition: cough, onset: day 1 of admission}
  - {id: c, condition: headache, onset: day 5 of onset}
  - {id: d, condition: vomiting, onset: hospital day 2 of admission}
"""


@pytest.mark.parametrize(("text", "n", "anchor", "about"), [
    ("day 3 of admission", 2, "admission", False), ("Day 1 of admission", 0, "admission", False),
    ("hospital day 10 of stay", 9, "stay", False), ("about day 4 of illness", 3, "illness", True),
])
def test_day_n_of_an_anchor_is_n_minus_one_days_after_it(text, n, anchor, about):
    rel = parse_expr(text)
    assert (rel.n, rel.unit, rel.anchor, rel.approximate) == (n, "day", anchor, about)


def test_day_zero_is_refused_with_a_hint():
    with pytest.raises(DateError) as err:
        parse_expr("day 0 of admission")
    assert "day 1 of admission" in (err.value.hint or "")
    with pytest.raises(FhirconvError) as case_err:
        convert_text(CASE.replace("day 1 of admission", "day 0 of admission"), "case.yaml")
    assert case_err.value.issue.line == 9


def test_days_of_a_stay_in_a_case():
    conv = convert_text(CASE, "case.yaml")
    onsets = {r["code"]["text"]: r for r in conv.resources if r["resourceType"] == "Condition"}
    assert onsets["rash"]["onsetDateTime"] == "2024-03-06"
    assert onsets["cough"]["onsetDateTime"] == "2024-03-04"
    assert onsets["vomiting"]["onsetDateTime"] == "2024-03-05"
    assert "day 3 of “admitted”, dated 2024-03-04" in onsets["rash"]["note"][0]["text"]
    offset = next(e for e in onsets["headache"]["_onsetDateTime"]["extension"][0]["extension"]
                  if e["url"] == "offset")["valueDuration"]
    assert (offset["value"], offset["code"]) == (4, "d")
