"""A relative date given as a range, as case reports give one ("two to three weeks after the first
dose"): the date every day of the range shares, its words in the note; after an undated anchor, the
offset as a Range. A range the wrong way round is refused with a hint."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.case.dates import DateError, DateSpan, PartialDate, Relative, parse_expr
from fhirconv.issues import FhirconvError
from fhirconv.validate import validate_resource_tree

RELATIVE = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"

CASE = """\
fhirconv: "1"
id: range-dates
patient: {sex: male}
timeline:
  chemo: {date: 2020-03-02, text: first cisplatin dose}
  visit: {text: undated clinic visit}
conditions:
  - {id: hl, condition: hearing loss, onset: 2-3 weeks after chemo}
  - {id: tin, condition: tinnitus, onset: two to three days before visit}
  - {id: rash, condition: rash, onset: 1-2 months after chemo}
"""


@pytest.mark.parametrize("text,expected", [
    ("2-3 weeks after chemo", Relative(2, "week", "chemo", False, 3)),
    ("2\u20133 weeks after chemo", Relative(2, "week", "chemo", False, 3)),
    ("two to three days before visit", Relative(-2, "day", "visit", False, -3)),
    ("about 6-8 months after dx", Relative(6, "month", "dx", True, 8)),
    ("3 weeks after chemo", Relative(3, "week", "chemo", False, None)),
])
def test_ranges_parse(text: str, expected: Relative) -> None:
    assert parse_expr(text) == expected


def test_a_range_the_wrong_way_round_is_refused() -> None:
    with pytest.raises(DateError) as err:
        parse_expr("3-2 weeks after chemo")
    assert "larger" in str(err.value) and err.value.hint


@pytest.mark.parametrize("n,upto,unit,expected", [
    (2, 3, "week", "2020-03"),  # 2020-03-16 .. 2020-03-23
    (1, 2, "month", "2020"),  # April or May
    (-3, -2, "day", "2020-02"),  # 2020-02-28 .. 2020-02-29
    (1, 1, "day", "2020-03-03"),
])
def test_a_range_is_what_every_day_of_it_shares(n: int, upto: int, unit: str, expected: str) -> None:
    assert PartialDate(2020, 3, 2).shift_span(n, upto, unit).fhir() == expected


def test_a_range_across_a_year_end_is_a_span() -> None:
    with pytest.raises(DateSpan):
        PartialDate(2020, 12, 20).shift_span(1, 3, "week")


def test_ranges_in_a_case() -> None:
    conv = convert_text(CASE, "range.yaml")
    by_text = {r["code"]["text"]: r for r in conv.resources if r["resourceType"] == "Condition"}
    hl = by_text["hearing loss"]
    assert hl["onsetDateTime"] == "2020-03"
    assert any("2-3 weeks after \u201cfirst cisplatin dose\u201d" in n["text"] for n in hl["note"])
    assert by_text["rash"]["onsetDateTime"] == "2020"
    tin = by_text["tinnitus"]
    assert "onsetDateTime" not in tin
    ext = next(e for e in tin["_onsetDateTime"]["extension"] if e["url"] == RELATIVE)
    offset = next(p for p in ext["extension"] if p["url"] == "offset")["valueRange"]
    assert (offset["low"]["value"], offset["high"]["value"], offset["high"]["code"]) == (2, 3, "d")
    assert [i.one_line() for i in validate_resource_tree(conv.bundle, fhir_version="R4") if i.is_error] == []


def test_a_bad_range_in_a_case_is_an_error_with_its_place() -> None:
    with pytest.raises(FhirconvError) as err:
        convert_text(CASE.replace("2-3 weeks", "3-2 weeks"), "range.yaml")
    text = str(err.value)
    assert "range.yaml:8" in text and "larger" in text
