"""Quick checks of FHIR primitive values that imply the fhir.resources validator's yes.

Why: the structure layer judges each new primitive value (ids, dates, numbers, texts: new in every
case) with the element's pydantic validator, and building those validators means importing pydantic
and fhir_core, a few hundred milliseconds that every batch worker (and a batch's serial warm-up)
pays even when every layout is known from earlier runs. Most values are plainly valid: an id of
letters and digits, a calendar date, a finite number. Each check here accepts only values that
fhir_core's type (its pattern, and the date or number parsing behind it) accepts too, and says no
to anything unusual, which then goes to the real validator as before. So a "no" here decides
nothing; a "yes" is the validator's yes (tests compare the two on thousands of values).

:func:`kind_of` names the check for a model field's annotation (only for the exact shapes listed,
with fhir_core's default id constraints); the name is kept with the element tables on disk, so a
later run checks values without importing the models.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

# fhir_core's Id pattern, with a length well inside its limit (TYPES_ID_MAX_LENGTH, 255 by default)
_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
# printable ASCII words separated by single spaces: what a code's pattern ^[^\s]+(\s[^\s]+)*$ accepts
_CODE = re.compile(r"[!-~]+(?: [!-~]+)*")
_URI = re.compile(r"[!-~]+")
_DATE = re.compile(r"([12][0-9]{3})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?")
# a full date-time with a time zone; seconds 00-59 (a leap second goes to the validator), at most six
# fraction digits (what Python's datetime holds)
_DATETIME = re.compile(r"([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                       r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
                       r"(?:Z|[+\-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def _text(value: Any) -> bool:
    """A str pydantic takes: no lone surrogate (it cannot be read as UTF-8)."""
    if type(value) is not str:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _string(value: Any) -> bool:
    # fhir_core's String pattern [ \r\n\t\S]+ is searched: one character that is not white space
    # (Python's white space includes all of Unicode's) is enough
    return _markdown(value) and not value.isspace()


def _code(value: Any) -> bool:
    return type(value) is str and _CODE.fullmatch(value) is not None


def _id(value: Any) -> bool:
    return type(value) is str and _ID.fullmatch(value) is not None


def _uri(value: Any) -> bool:
    return type(value) is str and _URI.fullmatch(value) is not None


def _markdown(value: Any) -> bool:
    return _text(value) and bool(value)


def _calendar(year: str, month: str | None, day: str | None) -> bool:
    if day is None:
        return True
    try:
        date(int(year), int(month or 1), int(day))
    except ValueError:  # 30 February
        return False
    return True


def _date(value: Any) -> bool:
    if type(value) is not str:
        return False
    m = _DATE.fullmatch(value)
    return m is not None and _calendar(*m.groups())


def _instant(value: Any) -> bool:
    if type(value) is not str:
        return False
    m = _DATETIME.fullmatch(value)
    return m is not None and _calendar(*m.groups())


def _date_time(value: Any) -> bool:
    return _date(value) or _instant(value)


def _decimal(value: Any) -> bool:
    t = type(value)
    return (t is int or t is float) and _DECIMAL.fullmatch(str(value)) is not None


def _boolean(value: Any) -> bool:
    return type(value) is bool


def _int_range(low: int) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return type(value) is int and low <= value <= 2_147_483_647  # FHIR integers are 32-bit

    return check


QUICK: dict[str, Callable[[Any], bool]] = {
    "string": _string, "code": _code, "id": _id, "uri": _uri, "canonical": _uri, "markdown": _markdown,
    "xhtml": _markdown, "date": _date, "dateTime": _date_time, "instant": _instant, "decimal": _decimal,
    "boolean": _boolean, "integer": _int_range(-2_147_483_648), "unsignedInt": _int_range(0),
    "positiveInt": _int_range(1),
}
# the ranges fhir_core gives the integer types (as min_length and max_length); others get no check
_INT_RANGES = {"Integer": ("integer", -2_147_483_648), "UnsignedInt": ("unsignedInt", 0),
               "PositiveInt": ("positiveInt", 1)}

# (python type, fhir_core metadata class) -> check
_SHAPES = {("str", "String"): "string", ("str", "Code"): "code", ("str", "Id"): "id", ("str", "Uri"): "uri",
           ("str", "Canonical"): "canonical", ("str", "Markdown"): "markdown", ("str", "Xhtml"): "xhtml",
           ("date", "Date"): "date", ("datetime", "DateTime"): "dateTime", ("datetime", "Instant"): "instant",
           ("Decimal", "Decimal"): "decimal"}


def kind_of(annotation: Any) -> str | None:
    """The quick check for a primitive element's annotation (``Optional[Annotated[str, Code()]]``,
    or a list of them), or None when there is none: the validator then judges every value."""
    import types
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return kind_of(args[0])
    if origin is list and len(args) == 1:
        return kind_of(args[0])
    if annotation is bool:
        return "boolean"
    if origin is not typing.Annotated:
        return None
    base, *metadata = typing.get_args(annotation)
    if len(metadata) != 1 or not isinstance(base, type):
        return None
    meta = metadata[0]
    if type(meta).__module__ != "fhir_core.types":
        return None
    if base is int and type(meta).__name__ in _INT_RANGES:
        kind, low = _INT_RANGES[type(meta).__name__]
        fits = getattr(meta, "min_length", None) == low and getattr(meta, "max_length", None) == 2_147_483_647
        return kind if fits else None
    kind = _SHAPES.get((base.__name__, type(meta).__name__))
    if kind == "id":
        from fhir_core import constraints

        limit = getattr(constraints, "TYPES_ID_MAX_LENGTH", None)
        if getattr(constraints, "TYPES_ID_PATTERN", None) != r"^[A-Za-z0-9\-.]+$" or (limit is not None
                                                                                     and limit < 64):
            return None
    return kind
