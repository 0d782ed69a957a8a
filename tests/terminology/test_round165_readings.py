"""Words of round 165's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "Bochdalek hernia", ["17190001", "Q79.0"]),  # a congenital diaphragmatic hernia
    ("condition", "congenital diaphragmatic hernia", ["17190001", "Q79.0"]),
    ("condition", "serum IgA deficiency", ["D80.2"]),
    ("condition", "selective IgA deficiency", ["D80.2"]),
    ("condition", "genital ambiguity", ["Q56.4"]),  # inclusion term *Ambiguous genitalia*
    ("condition", "diverticulosis", []),  # K57.90 says more than the word does
    ("observation", "flecainide level", ["3638-4"]),
    ("observation", "ferritinaemia", ["2276-4"]),
    ("observation", "lithium plasmatic level", ["14334-7"]),
    ("observation", "IgA anti-endomysium antibody", ["10362-2"]),
    ("observation", "myoglobin", []),  # serum or urine unsaid
])
def test_round165_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


def test_where_a_headache_is_felt() -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": "holocephalic headache"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["25064002"]
    assert any("'holocephalic' is said in the text only" in m for m in messages)
