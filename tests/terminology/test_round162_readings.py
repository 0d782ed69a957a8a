"""Words of round 162's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "polycystic ovarian disease", ["237055002"]),
    ("condition", "pulmonary interstitial emphysema", ["J98.2"]),  # *Emphysema, interstitial*
    ("condition", "stuporous state", ["89458003", "R40.1"]),
    ("condition", "mechanical heart valves", ["Z95.2"]),  # *Presence of prosthetic heart valve*
    ("condition", "TSC", ["7199000", "Q85.1"]),  # an abbreviation with one reading among conditions
    ("condition", "tuberous sclerosis complex", ["7199000", "Q85.1"]),
    ("condition", "tsc", []),  # lower case: a word, not the abbreviation
    # SNOMED CT codes only the 2019 R4 expansions state, in no current value set: not used
    ("medication", "Ringer lactate", []),
    ("medication", "nitric oxide", ["7442"]),  # RxNorm (Current Prescribable Content)
    ("observation", "ECG rhythm", []),  # an ECG's reading is no palpated heart rate rhythm
])
def test_round162_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("name,word", [
    ("euvolemic hypoosmotic hyponatremia", "hypoosmotic"),
    ("severe hypo-osmolar hyponatremia", "hypo-osmolar"),
])
def test_the_serum_osmolality_beside_a_low_sodium(name: str, word: str) -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": name})
    assert "89627008" in [c["code"] for c in cond["code"]["coding"]]
    assert any(word in m and "said in the text only" in m for m in messages)


def test_how_much_a_bleeding_loses() -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": "exsanguinating hematuria"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["34436003"]
