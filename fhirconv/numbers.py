"""Decimals as written: FHIR keeps significant digits ("12.50" is not "12.5").

A case value whose float would lose digits is read as :class:`ExactDecimal`: a float (so every
check, model and schema treats it as a number) that remembers its text, and JSON output writes
that text back. Only numbers that need it become ExactDecimal, so ordinary output stays fast.
"""

from __future__ import annotations

import json
import re
from typing import Any

# FHIR's decimal: also a valid JSON number, so the text can be written back as is.
_FHIR_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_MARK = "\u0000exact:"
_MARKED = re.compile(r'"\\u0000exact:([^"\\]+)"')


class ExactDecimal(float):
    """A float that keeps the digits it was written with."""

    text: str

    def __new__(cls, text: str) -> ExactDecimal:
        obj = super().__new__(cls, text)
        obj.text = text
        return obj

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return self.text if spec in ("", "g") else super().__format__(spec)


def number(text: str) -> float:
    """The float for ``text``, or an ExactDecimal when a float would write it differently."""
    value = float(text)
    if repr(value) != text and _FHIR_DECIMAL.fullmatch(text):
        return ExactDecimal(text)
    return value


def _marked(node: Any) -> Any:
    if isinstance(node, ExactDecimal):
        return _MARK + node.text
    if isinstance(node, dict):
        return {k: _marked(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_marked(v) for v in node]
    return node


def dumps(data: Any, *, exact: bool = True, **kwargs: Any) -> str:
    """``json.dumps`` that writes ExactDecimal values with their own digits (``exact=False`` when
    the caller knows there are none: no extra pass)."""
    if not exact:
        return json.dumps(data, **kwargs)
    return _MARKED.sub(r"\1", json.dumps(_marked(data), **kwargs))
