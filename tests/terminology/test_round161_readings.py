"""Words of round 161's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "loose motions", ["62315008", "R19.7"]),  # Indian English for diarrhoea
    ("condition", "flu-like syndrome", ["95891005"]),  # *Influenza-like illness*
    ("condition", "struma", ["3716002"]),  # the Latin word for a goitre
    ("condition", "erythrodermia", ["399992009", "L53.9"]),
    ("condition", "somnolent", ["R40.0"]),  # the alphabetic index's *Somnolence*
    ("condition", "prostate hypertrophy", ["266569009"]),
    ("condition", "deterioration of general condition", ["285384003"]),  # *General health deterioration*
    ("condition", "general condition", []),
    ("observation", "total creatine kinase", ["2157-6"]),
    ("observation", "creatinine kinase", ["2157-6"]),  # no such enzyme: the common slip for CK
    ("observation", "creatinine", ["2160-0"]),
    ("observation", "plasma aldosterone concentration", ["1763-2"]),
    ("observation", "Gleason primary pattern", ["384994009"]),
    ("observation", "Gleason secondary pattern", ["384995005"]),
    ("observation", "tertiary Gleason pattern", ["385002007"]),
    ("medication", "cisplatinum", ["2555"]),
    ("medication", "salazosulfapyridine", ["9524"]),  # sulfasalazine's Japanese name
    ("medication", "hydroxydaunorubicin", ["3639"]),  # the H of CHOP: doxorubicin
    ("medication", "acetaminophen/hydrocodone", ["214182"]),
    ("medication", "hydrocodone-acetaminophen", ["214182"]),
    ("procedure", "second-look laparotomy", ["238255007"]),
    ("procedure", "ileoanal anastomosis", ["70172002"]),
    ("body-site", "supraclavicular region", ["77621008"]),
    ("body-site", "thoracolumbar spine", ["297172009"]),
])
def test_round161_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


def test_where_a_chest_pain_is_felt() -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": "severe mid-sternal chest pain"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["29857009"]
    assert cond["severity"]["coding"][0]["code"] == "24484000"
    assert any("'mid-sternal' is said in the text only" in m for m in messages)


def test_a_hyphened_prefix_is_read_as_the_word_it_makes() -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": "post-prandial abdominal pain"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["21522001"]
    assert any("'post-prandial' is said in the text only" in m for m in messages)
