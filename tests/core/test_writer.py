"""The JSON writer: orjson's text is json's text, byte for byte, or json's encoder writes it.

fhirconv.numbers.dumps writes the two layouts the project uses (indented by two, and compact NDJSON
lines) with orjson, and keeps json's encoder as the rule (``python_dumps``). Random documents with
floats of every magnitude, decimals as written, any Unicode, nulls, NaN and deep nesting must come
out the same from both, and what json refuses (NaN, infinities) is refused.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhirconv import bundle, numbers

LAYOUTS = [{"indent": 2, "ensure_ascii": False}, {"separators": (",", ":"), "ensure_ascii": False}]

EXACT = st.from_regex(r"-?(0|[1-9][0-9]{0,5})\.[0-9]{1,4}0", fullmatch=True).map(numbers.ExactDecimal)
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                   st.integers(-12, 24).flatmap(lambda e: st.floats(1, 9.99).map(lambda m: m * 10.0 ** -e)))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63 - 1), FLOATS, EXACT,
                    st.text(max_size=12), st.sampled_from(["null", "1e-5", "0.00001", "urn:uuid:1e-5", "e-7,"]))
DOCS = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                    max_leaves=30)
CHECK = settings(max_examples=400, derandomize=True, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))


@CHECK
@given(DOCS)
def test_same_bytes_as_json_encoder(doc):
    for layout in LAYOUTS:
        assert numbers.dumps(doc, **layout) == numbers.python_dumps(doc, **layout)


@pytest.mark.parametrize("value", [1e-5, 2.5e-7, 1e-9, -3.3e-6, 9.99e-5, 1e-4, 1e16, 1e22, 5e-324, 0.0, -0.0])
def test_floats_orjson_spells_otherwise(value):
    for layout in LAYOUTS:
        assert numbers.dumps({"v": [value]}, **layout) == numbers.python_dumps({"v": [value]}, **layout)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(value):
    for layout in LAYOUTS:
        with pytest.raises(ValueError):
            numbers.dumps({"valueQuantity": {"value": value}}, **layout)


def test_what_orjson_refuses_is_written_by_json():
    doc = {"text": "\ud800 lone surrogate", "big": 2**80, "deep": [[[[1]]]]}
    assert numbers.dumps(doc, indent=2, ensure_ascii=False) == numbers.python_dumps(doc, indent=2, ensure_ascii=False)


def test_decimals_keep_their_digits():
    assert bundle.dumps({"value": numbers.ExactDecimal("12.50")}) == '{\n  "value": 12.50\n}\n'
