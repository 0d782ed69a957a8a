"""Decimals as written: FHIR keeps significant digits ("12.50" is not "12.5").

A case value whose float would lose digits is read as :class:`ExactDecimal`: a float (so every
check, model and schema treats it as a number) that remembers its text. The JSON writer here knows
the type and writes that text as the number; nothing else is ever written raw, so no text in a case
(a note, an id) can change the structure of the output. Non-finite numbers are refused: JSON has
no spelling for them.
"""

from __future__ import annotations

import json
import math
import re
from json.encoder import _make_iterencode, encode_basestring, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

# FHIR's decimal: also a valid JSON number, so the text can be written back as is.
_FHIR_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")


class ExactDecimal(float):
    """A finite float that keeps the digits it was written with (a FHIR decimal, checked)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> ExactDecimal:
        if not _FHIR_DECIMAL.fullmatch(text):
            raise ValueError(f"not a decimal as FHIR writes one: {text[:40]!r}")
        obj = super().__new__(cls, text)
        if not math.isfinite(obj):
            raise ValueError(f"not a finite number: {text[:40]!r}")
        obj.text = text
        return obj

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return self.text if spec in ("", "g") else super().__format__(spec)

    def __reduce__(self) -> tuple[Any, ...]:  # results travel between processes
        return (ExactDecimal, (self.text,))


def as_words(value: float | int) -> str:
    """A number as people read it in a text or a table: an ExactDecimal's own digits, a whole number
    without ".0", every digit of a float and never an exponent (a dose of 1500000 [iU] is not
    "1.5e+06", and 1234.567 mg not "1234.57")."""
    if type(value) is ExactDecimal:
        return value.text
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


def number(text: str) -> float:
    """The float for ``text``, or an ExactDecimal when a float would write it differently."""
    value = float(text)
    if repr(value) != text and math.isfinite(value) and _FHIR_DECIMAL.fullmatch(text):
        return ExactDecimal(text)
    return value


def _floatstr(value: float) -> str:
    if type(value) is ExactDecimal:
        return value.text
    if not math.isfinite(value):
        raise ValueError(f"a non-finite number ({value!r}) cannot be written as JSON")
    return float.__repr__(value)


class _ExactEncoder(json.JSONEncoder):
    """json's own encoder (the one it uses for indented output) with ExactDecimal written as its text."""

    def iterencode(self, o: Any, _one_shot: bool = False) -> Any:
        encoder = encode_basestring_ascii if self.ensure_ascii else encode_basestring
        return _make_iterencode({} if self.check_circular else None, self.default, encoder, self.indent,
                                _floatstr, self.key_separator, self.item_separator, self.sort_keys,
                                self.skipkeys, _one_shot)(o, 0)


# The two layouts the project writes, and orjson's options for them: the same bytes as json.dumps.
_ORJSON_LAYOUTS: dict[tuple[Any, Any], int] = {(2, None): 1, (None, (",", ":")): 0}  # 1: indent 2

# Where orjson and json spell a float differently (|x| below 1e-4: "0.00001" or "1e-7" against
# "1e-05" and "1e-07"), or a NaN/infinity became null: the text is then written by json's encoder,
# which spells such floats as json does, and refuses non-finite numbers. A string that merely looks
# like such a token takes the same slower path, with the same result.
_ORJSON_DOUBT = re.compile(rb"null|0\.0000|e-[1-9](?=[,\s\]}]|$)")


def _orjson_default(value: Any) -> Any:
    import orjson

    if type(value) is ExactDecimal:
        return orjson.Fragment(value.text.encode())
    raise TypeError(type(value).__name__)


def _fast_dumps(data: Any, kwargs: dict[str, Any]) -> str | None:
    """The text by orjson (C speed, also when indented), or None where json's encoder must write it:
    a layout orjson has no option for, something it refuses (a key that is not a string, an integer
    past 64 bits, a lone surrogate), or a doubt from :data:`_ORJSON_DOUBT`."""
    if kwargs.get("ensure_ascii", True) or set(kwargs) - {"ensure_ascii", "indent", "separators"}:
        return None
    layout = _ORJSON_LAYOUTS.get((kwargs.get("indent"), kwargs.get("separators")))
    if layout is None:
        return None
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; json's encoder gives the same text
        return None
    try:
        raw = orjson.dumps(data, default=_orjson_default, option=orjson.OPT_INDENT_2 if layout else 0)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None
    if _ORJSON_DOUBT.search(raw):
        return None
    return raw.decode("utf-8")


def dumps(data: Any, *, exact: bool = True, **kwargs: Any) -> str:
    """``json.dumps`` that writes ExactDecimal values with their own digits and refuses NaN and
    infinities. The common layouts (indented by 2, or compact, not ASCII-escaped) are written by
    orjson, with json's own encoder as the rule and the fallback for the rest (``exact=False`` with
    no indent: json's C encoder). Indented text from json's encoder is joined in steps: its list of
    every small piece of a large Bundle would take twice the memory of the text itself."""
    fast = _fast_dumps(data, kwargs)
    if fast is not None:
        return fast
    return python_dumps(data, exact=exact, **kwargs)


def python_dumps(data: Any, *, exact: bool = True, **kwargs: Any) -> str:
    """:func:`dumps` by json's own encoders only: the rule the fast path is held to (tests compare them)."""
    if not exact and kwargs.get("indent") is None:
        return json.dumps(data, allow_nan=False, **kwargs)
    encoder = _ExactEncoder(allow_nan=False, **kwargs)
    parts: list[str] = []
    pieces: list[str] = []
    for piece in encoder.iterencode(data, _one_shot=True):
        pieces.append(piece)
        if len(pieces) >= 8192:
            parts.append("".join(pieces))
            pieces.clear()
    parts.append("".join(pieces))
    return "".join(parts)
