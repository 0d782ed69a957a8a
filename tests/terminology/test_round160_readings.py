"""Words of round 160's case reports, written by people who had not read the tables: the row their
review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "24h urine VMA", ["3122-9"]),  # *Vanillylmandelate [Mass/time] in 24 hour Urine*
    ("observation", "24-hour urinary vanillylmandelic acid", ["3122-9"]),
    ("observation", "urinary vanillylmandelic acid", []),  # a 24-hour collection or a spot urine: unsaid
])
def test_round160_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
