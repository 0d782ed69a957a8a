"""Words of round 158's case reports, written by people who had not read the tables: the rows their
review added."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "human immunodeficiency virus antibody", ["7918-6"]),  # HIV spelt out
    ("condition", "PRES syndrome", ["I67.83"]),  # the acronym's S already says syndrome
    ("medication", "povidone-iodine", ["8611"]),
    ("procedure", "vitreous surgery", ["75732000"]),
    ("procedure", "pars plana vitrectomy", ["87021001"]),  # the Global Patient Set's narrower concept stays
    ("procedure", "postmortem", ["29240004"]),
    ("procedure", "neuropsychological assessment", ["307808008"]),
])
def test_round158_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


def test_a_hyphenated_radiograph_view_is_said_in_the_text_only() -> None:
    proc, messages = one_item("Procedure", "procedures", {"procedure": "postero-anterior chest radiography"})
    assert [c["code"] for c in proc["code"]["coding"]] == ["399208008"]  # Plain chest X-ray
    assert any("'postero-anterior' is said in the text only" in m for m in messages)
