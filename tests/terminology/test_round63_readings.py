"""Words of rounds 63 and 64's case reports (ophthalmology and ENT, obstetrics and gynaecology,
paediatric neurology and cardiology; geriatrics, urology and transplantation, tropical medicine),
written by people who had not read the tables: the rows their review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "burning micturition", ["49650001", "R30.0"]),  # a dysuria
    ("condition", "low blood sugar", ["302866003", "E16.2"]),
    ("condition", "thyroid hypofunction", ["40930008", "E03.9"]),
    ("condition", "high grade fever", ["386661006", "R50.9"]),
    ("condition", "complete left bundle branch block", ["63467002", "I44.7"]),  # an LBBB unqualified is complete
    ("condition", "sexually transmitted infection", ["8098009"]),
    ("body-site", "hippocampus", ["5366008"]),
    ("route", "intratympanic", ["418091004"]),
    ("route", "otic", ["10547007"]),
    ("observation", "travel history", ["10182-4"]),
    ("observation", "recent travel", ["10182-4"]),
    ("observation", "heart rhythm", ["8884-9"]),  # *Heart rate rhythm*, from the US Core 9.0.0 IG source
])
def test_round63_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected
