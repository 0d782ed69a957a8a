"""Partial and relative dates keep the precision they really have; bad ones are refused."""

from __future__ import annotations

import pytest

from fhirconv.case.dates import DateError, PartialDate, Relative, parse_absolute, parse_expr


@pytest.mark.parametrize("text, fhir, precision", [
    ("2011", "2011", "year"), ("2011-06", "2011-06", "month"), ("2011-06-15", "2011-06-15", "day"),
    ("2012-02-29", "2012-02-29", "day"), ("2011-06-15T10:30:00+09:00", "2011-06-15T10:30:00+09:00", "time"),
])
def test_absolute_dates_keep_their_precision(text, fhir, precision):
    d = parse_absolute(text)
    assert d.fhir() == fhir
    assert d.precision == precision


@pytest.mark.parametrize("text", ["2011-02-29", "2011-13", "2011-04-31", "2011-00", "June 2011", "2011-6"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_absolute(text)


@pytest.mark.parametrize("anchor, n, unit, expected", [
    ("2011-06", -7, "year", "2004"),          # 7 years before June 2011: known to the year only
    ("2011-06", 3, "month", "2011-09"),
    ("2011-11", 3, "month", "2012-02"),        # crosses a year
    ("2011-06-15", 2, "week", "2011-06-29"),
    ("2012-02-20", 10, "day", "2012-03-01"),   # leap year
    ("2011-06", 2, "week", "2011"),            # 2 weeks after some day of June: June or July
    ("2011-01", 2, "week", "2011"),
    ("2012-01-31", 1, "month", "2012-02"),     # a month offset is known to the month only
    ("2011-06", 3, "day", "2011"),
    ("2011-06-10", 3, "day", "2011-06-13"),
])
def test_relative_offsets_never_add_precision(anchor, n, unit, expected):
    assert parse_absolute(anchor).shift(n, unit).fhir() == expected


@pytest.mark.parametrize("anchor, n, unit", [
    ("2003", 22, "day"),    # 2003 or 2004
    ("2003", -3, "day"),    # 2002 or 2003
    ("2011", 3, "month"),   # 2011 or 2012
    ("2011-12", 2, "week"),
])
def test_an_offset_that_may_fall_in_two_years_says_so(anchor, n, unit):
    from fhirconv.case.dates import DateSpan

    with pytest.raises(DateSpan) as err:
        parse_absolute(anchor).shift(n, unit)
    assert err.value.years[1] == err.value.years[0] + 1


def test_relative_expressions_parse():
    assert parse_expr("about 7 years before relapse-5") == Relative(-7, "year", "relapse-5", True)
    assert parse_expr("three months after second-asct") == Relative(3, "month", "second-asct", False)
    assert parse_expr("relapse-5") == Relative(0, "day", "relapse-5", False)
    assert parse_expr(2011) == PartialDate(2011)


def test_a_time_without_seconds_is_written_with_them():
    """FHIR's dateTime has seconds whenever it has a time: 08:30+01:00 is written 08:30:00+01:00, in
    the date itself and in dates counted from it, and the Bundle validates."""
    from fhirconv.api import convert_text
    from fhirconv.validate import validate_resource_tree

    case = ('fhirconv: "1"\nid: t\npatient: {sex: male}\ntimeline:\n  ed: {date: "2023-02-14T08:30+01:00"}\n'
            "conditions:\n  - {id: mi, condition: myocardial infarction, onset: ed}\n"
            "observations:\n  - {id: hr, observation: heart rate, value: 80, unit: /min, date: 3 hours after ed}\n")
    conv = convert_text(case, "case.yaml")
    dates = {e["resource"]["resourceType"]: e["resource"].get("onsetDateTime") or e["resource"].get("effectiveDateTime")
             for e in conv.bundle["entry"] if e["resource"]["resourceType"] in ("Condition", "Observation")}
    assert dates == {"Condition": "2023-02-14T08:30:00+01:00", "Observation": "2023-02-14T11:30:00+01:00"}
    assert not [i for i in validate_resource_tree(conv.bundle) if i.severity in ("error", "fatal")]


@pytest.mark.parametrize(("text", "expected"), [
    ("3.5 years after dx", Relative(42, "month", "dx", False)),
    ("1.5 days before surgery", Relative(-36, "hour", "surgery", False)),
    ("about 1.5-2 years after dx", Relative(18, "month", "dx", True, 24)),
    ("2.5 hours after dx", Relative(150, "minute", "dx", False)),
])
def test_a_fraction_of_a_unit_is_whole_units_of_a_smaller_one(text: str, expected: Relative) -> None:
    """Reports write "3.5 years later": that is 42 months exactly, so it is dated as such."""
    assert parse_expr(text) == expected


def test_a_fraction_no_smaller_unit_holds_is_refused_with_a_hint() -> None:
    """2.5 months is no whole number of days: the user is asked for a smaller unit, not given a guess."""
    with pytest.raises(DateError) as err:
        parse_expr("2.5 months after dx")
    assert "smaller unit" in str(err.value) and err.value.hint and "days" in err.value.hint


@pytest.mark.parametrize(("text", "expected"), [
    ("1 year and 6 months after surgery", Relative(18, "month", "surgery", False)),
    ("2 days 6 hours before dx", Relative(-54, "hour", "dx", False)),
    ("about 3 weeks and 2 days after dx", Relative(23, "day", "dx", True)),
])
def test_a_period_said_in_two_units_is_counted_in_the_smaller(text: str, expected: Relative) -> None:
    """"died 1 year and 6 months after surgery": 18 months, as the report means it."""
    assert parse_expr(text) == expected


def test_two_units_that_are_not_neighbours_are_refused_with_a_hint() -> None:
    with pytest.raises(DateError) as err:
        parse_expr("1 year and 2 days after dx")
    assert "cannot be added" in str(err.value) and err.value.hint


@pytest.mark.parametrize(("text", "n", "unit", "about"), [
    ("age 18", 18, "year", False), ("at age 6 months", 6, "month", False), ("aged 40", 40, "year", False),
    ("at the age of 18 years", 18, "year", False), ("about age 5", 5, "year", True),
    ("since the age of 18", 18, "year", False),
])
def test_an_age_is_an_offset_from_the_patients_birth(text: str, n: int, unit: str, about: bool) -> None:
    from fhirconv.case.dates import BIRTH

    assert parse_expr(text) == Relative(n, unit, BIRTH, about, n + 1)


def test_an_onset_at_an_age_is_the_conditions_onset_age_or_its_year_of_birth_plus_the_age() -> None:
    """"epilepsy since the age of 18": Condition.onsetAge 18 a, and valid FHIR; a birth date does not
    make it a date, since the year of age 18 spans two calendar years (born 1970-03-02: 1988 or 1989)."""
    from fhirconv.api import convert_text
    from fhirconv.validate import validate_resource_tree

    def onset(patient: str) -> dict:
        case = (f'fhirconv: "1"\nid: t\npatient: {patient}\nconditions:\n'
                "  - {id: e, condition: epilepsy, onset: age 18}\n")
        conv = convert_text(case, "case.yaml")
        assert not [i for i in validate_resource_tree(conv.bundle) if i.severity == "error"]
        c = next(r for r in conv.resources if r["resourceType"] == "Condition")
        return {k: v for k, v in c.items() if k.startswith("onset")}

    assert onset("{sex: male}") == {"onsetAge": {"value": 18, "unit": "years", "system": "http://unitsofmeasure.org",
                                                 "code": "a"}}
    assert "onsetAge" in onset("{sex: male, birth_date: 1970-03-02}")
