"""Words of rounds 173 to 176's case reports (neurosurgery, hepatobiliary surgery, infectious disease,
orthopaedics ...), written by people who had not read the tables: the readings their first look added."""

from __future__ import annotations

import pytest

from tests.terminology.known import condition_read, one_item


@pytest.mark.parametrize("words,expected", [
    # a cancer of a part named with its organ's adjective: the part of the organ, as the titles say
    ("cancer of the pancreatic body", ["C25.1"]),
    ("pancreatic tail adenocarcinoma", ["C25.2"]),
    ("gastric body cancer", ["C16.2"]),
    ("adenocarcinoma of the gastric cardia", ["C16.0"]),
    # a name of three parts joined by "of", the first kept and the rest compounded
    ("fracture of the femoral shaft", ["54441004"]),
    ("acoustic neurinoma", ["126949007"]),
    ("vestibular schwannoma", ["126949007"]),
])
def test_round176_conditions(words: str, expected: list[str]) -> None:
    assert condition_read(words) == (sorted(expected), words)


@pytest.mark.parametrize(("words", "specialty"), [
    ("rheumatologic consultation", "rheumatologic"), ("orthopedic consultation", "orthopedic"),
    ("gastroenterologic consultation", "gastroenterologic")])
def test_a_specialtys_consultation_is_a_consultation(words: str, specialty: str) -> None:
    procedure, messages = one_item("Procedure", "procedures", {"procedure": words})
    assert [c["code"] for c in procedure["code"]["coding"]] == ["11429006"]
    assert any(f"'{specialty}' is said in the text only" in m for m in messages)
