"""The quick checks of primitive values (fhirconv.validate.primitives) never say yes where
fhir.resources' own validator says no: every primitive element of the resource types fhirconv
writes, in R4 and R5, is given thousands of values (valid, near-valid and hostile: calendar errors,
leap seconds, time zones out of range, white space of every kind, lone surrogates, numbers that are
not finite, wrong JSON types), and each value a check accepts must pass the element's validator.
The checks must also accept the plain values a conversion writes, or they would spare nothing."""

from __future__ import annotations

import random
from typing import Any

import pytest

from fhirconv.validate import shapes
from fhirconv.validate.primitives import QUICK, kind_of
from fhirconv.validate.structure import model_class

TYPES = ("Patient", "Condition", "Observation", "Procedure", "MedicationStatement", "Bundle", "Encounter",
         "AllergyIntolerance", "Immunization", "FamilyMemberHistory", "Composition", "Medication")


def _elements(version: str) -> dict[str, list[shapes._Element]]:
    """Every distinct primitive element (annotation) of the types, by quick check."""
    table = shapes.Shapes(version)
    seen: set[str] = set()
    out: dict[str, dict[str, shapes._Element]] = {}

    def walk(cls: Any) -> None:
        cid = shapes.class_id(cls)
        if cid in seen:
            return
        seen.add(cid)
        table._classes[cid] = cls
        for element in table._table(cid).values():
            if element is None:
                continue
            if element.model is not None:
                walk(table._classes[element.model])
            elif element.quick is not None:
                out.setdefault(element.quick, {})[repr((element.many, element.annotation))] = element

    for name in TYPES:
        walk(model_class(version, name))
    return {kind: list(found.values()) for kind, found in out.items()}


def _values() -> list[Any]:
    rng = random.Random(20261204)
    pieces = ["a", "Z", "0", "9", "-", ".", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0",
              "\u2003", "\u3000", "\u200b", "\ufeff", "é", "µ", "≥", "\U0001f600", "\ud800", "\udfff", ":", "/", "|",
              "#", "T", "Z", "+", "e", "E", "<", "&", '"', "'", "\\", "\x00", "\x7f"]
    values: list[Any] = ["", " ", "a", "abc", "a b", "a  b", " a", "a ", "a\tb", "x" * 64, "x" * 65, "x" * 300,
                         "http://loinc.org", "urn:uuid:0b3c1b1e-1d2c-5f6e-8a9b-0c1d2e3f4a5b", "<div>x</div>",
                         True, False, None, 0, 1, -1, 2**31, 2**63, 10**400, 0.0, -0.0, 1.5, 1e16, 1e-7, 5e-324,
                         1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), [], {}, ["a"], b"a"]
    for _ in range(3000):
        values.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))))
    # dates and date-times: in range, out of range, partial, with zones and fractions of every length
    def pick(good: list[str], bad: list[str]) -> str:  # mostly good parts, so that whole values pass too
        return rng.choice(good if rng.random() < 0.85 else bad)

    for _ in range(6000):
        y = pick(["2024", "2023", "2000", "1900", "1000", "2999", "1970"], ["0999", "0000", "3000", "9999", "24"])
        mo = pick(["01", "02", "06", "12"], ["13", "00", "1"])
        d = pick(["01", "28", "29", "30", "31"], ["32", "00", "1"])
        hh = pick(["00", "12", "23"], ["24", "1"])
        mm = pick(["00", "59"], ["60", "5"])
        ss = pick(["00", "30", "59"], ["60", "61"])
        frac = pick(["", ".1", ".123", ".123456"], [".1234567", ".", ".12345678901"])
        tz = pick(["Z", "+00:00", "-05:00", "+13:59", "+14:00", "-14:00"], ["", "+14:01", "+15:00", "+05", "z", " Z"])
        form = rng.randint(0, 5)
        if form == 0:
            values.append(y)
        elif form == 1:
            values.append(f"{y}-{mo}")
        elif form == 2:
            values.append(f"{y}-{mo}-{d}")
        else:
            values.append(f"{y}-{mo}-{d}T{hh}:{mm}:{ss}{frac}{tz}")
    values += [2**31 - 1, 2**31, -2**31, -2**31 - 1, 2, 7, 1000]  # the edges of FHIR's 32-bit integers
    for _ in range(1000):  # numbers, and numbers written as strings
        n = rng.choice([rng.randint(-10**12, 10**12), rng.uniform(-1e6, 1e6),
                        rng.random() * 10 ** rng.randint(-30, 30)])
        values.append(n)
        values.append(str(n))
    return values


VALUES = _values()


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_quick_yes_is_the_validators_yes(version):
    elements = _elements(version)
    assert set(elements) == set(QUICK)  # every check is used, and tested here
    for kind, found in elements.items():
        for element in found:
            for value in VALUES:
                for candidate in ([value, [value, value]] if element.many else []) + [value]:
                    if element.quick_yes(candidate):
                        assert shapes._passes(element.validator(), candidate), (kind, element.annotation, candidate)


@pytest.mark.parametrize(("kind", "value"), [
    ("string", "Multiple myeloma"), ("string", "≥ 5 mg/dL, µmol"), ("code", "final"), ("code", "mg/dL"),
    ("id", "0b3c1b1e-1d2c-5f6e-8a9b-0c1d2e3f4a5b"), ("uri", "urn:uuid:0b3c1b1e-1d2c-5f6e-8a9b-0c1d2e3f4a5b"),
    ("uri", "http://snomed.info/sct"), ("canonical", "http://hl7.org/fhir/StructureDefinition/x|1.0"),
    ("date", "1958"), ("date", "1958-06"), ("date", "2024-02-29"), ("dateTime", "2024-03-01"),
    ("dateTime", "2024-03-01T10:30:00+02:00"), ("instant", "2024-03-01T10:30:00.123Z"), ("decimal", 12.5),
    ("decimal", 3), ("decimal", 1e-7), ("boolean", True), ("markdown", "**a**"), ("integer", -3),
    ("unsignedInt", 0), ("positiveInt", 2_147_483_647),
    ("xhtml", '<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div>'),
])
def test_plain_values_need_no_validator(kind, value):
    assert QUICK[kind](value)


@pytest.mark.parametrize(("kind", "value"), [
    ("string", ""), ("string", "   "), ("string", "a\ud800"), ("code", "a  b"), ("code", " final"), ("id", "a_b"),
    ("id", "x" * 65), ("uri", "a b"), ("date", "2023-02-29"), ("date", "2024-13"), ("dateTime", "2024-03-01T10:30:00"),
    ("dateTime", "2016-12-31T23:59:60Z"), ("instant", "2024-03-01"), ("decimal", float("nan")), ("decimal", True),
    ("decimal", "1.5"), ("boolean", "true"), ("boolean", 1), ("integer", 2**31), ("integer", True),
    ("integer", 1.0), ("unsignedInt", -1), ("positiveInt", 0), ("positiveInt", "1"),
])
def test_unusual_values_go_to_the_validator(kind, value):
    assert not QUICK[kind](value)


def test_only_the_shapes_it_knows_get_a_check():
    from typing import Annotated, Optional

    from fhir_core.types import Code, Time

    assert kind_of(Optional[Annotated[str, Code()]]) == "code"  # noqa: UP045 - the models' own spelling
    assert kind_of(Optional[list[Optional[Annotated[str, Code()]]]]) == "code"  # noqa: UP045
    assert kind_of(Annotated[int, Code()]) is None  # a code's check on another base type
    assert kind_of(Optional[Annotated[Any, Time()]]) is None  # noqa: UP045 - no check for time
    assert kind_of(int) is None
