"""Words of round 56's case reports (burns, bariatric and breast surgery; vascular and cardiothoracic
surgery, transfusion medicine; paediatric rheumatology, adolescent medicine), written by people who
had not read the tables: the readings and rows their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match, match_with_unit
from fhirconv.terminology.icd10cm_keys import plain


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def test_a_breast_not_said_is_the_plain_terms_code() -> None:
    assert plain("Granulomatous mastitis, unspecified breast") == "Granulomatous mastitis"
    assert codes("condition", "granulomatous mastitis") == ["N61.20"]
    # a limb's part is its site, not a side: never read away
    assert plain("Primary osteoarthritis, unspecified knee") == "Primary osteoarthritis, unspecified knee"


@pytest.mark.parametrize("term,unit,code", [
    # the share and the count of one automated differential, so that the unit chooses between them
    ("monocytes", "%", "5905-5"), ("monocytes", "10*3/uL", "742-7"),
    ("basophils", "%", "706-2"), ("basophils", "10*3/uL", "704-7"),
])
def test_a_white_cell_is_its_share_or_its_count_by_the_unit(term: str, unit: str, code: str) -> None:
    found = match_with_unit("observation", term, unit)
    assert [c.code for c in found.concept.codings] == [code]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "systemic juvenile idiopathic arthritis", ["M08.20"]),  # the index: Still's disease (juvenile)
    ("condition", "hypocupremia", ["E61.0"]),
    ("observation", "N-terminal prohormone of brain natriuretic peptide", ["33762-6"]),
    ("observation", "blood albumin", ["1751-7"]),
    ("procedure", "laparoscopic sleeve gastrectomy", ["427074001"]),
])
def test_round56_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected
