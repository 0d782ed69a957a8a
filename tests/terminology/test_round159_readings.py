"""Words of round 159's case reports, written by people who had not read the tables: the rows their
review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "systemic indolent mastocytosis", ["D47.02"]),  # the inclusion term, its words turned
    ("condition", "irregular menses", ["N92.6"]),  # *Irregular periods NOS*
    ("condition", "elevated fasting blood sugar", ["R73.01"]),  # *Elevated fasting glucose*
    ("condition", "22q11.2 microdeletion", ["Q93.81"]),  # *Deletion 22q11.2*
    ("observation", "occipitofrontal head circumference", ["9843-4"]),
    ("observation", "urine acetone", ["2514-8"]),  # a ketone body, as the strip reads it
    ("observation", "rubella IgG", ["20458-6"]),  # said positive or negative: its interpretation
])
def test_round159_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
