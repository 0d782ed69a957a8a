"""Words of round 168's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "postmenopausal uterine bleeding", ["76742009", "N95.0"]),
    ("condition", "Kimura's disease", ["D21.9"]),  # ICD-10-CM's index: Disease, Kimura D21.9
    ("condition", "liver function abnormality", ["75183008"]),
    ("observation", "urine human chorionic gonadotropin", ["2106-3"]),
    ("medication", "NAC", []),  # N-acetylcysteine, or neoadjuvant chemotherapy in an oncology report
])
def test_round168_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
