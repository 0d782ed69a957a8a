"""SNOMED CT procedure names with a closing "operation" or "procedure": found by the words as SNOMED CT
writes them, and never by a reading that changes the structure operated on."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("term,expected", [
    ("cardiopulmonary bypass", ["63697000"]),  # *Cardiopulmonary bypass operation* (Global Patient Set)
    ("arterial switch", ["174826008"]),  # *Arterial switch operation*
    ("evaluation", []),  # one word names a kind: no *Evaluation procedure*
])
def test_procedures_by_their_snomed_names(term: str, expected: list[str]) -> None:
    assert codes("procedure", term) == expected


@pytest.mark.parametrize("term,expected", [
    ("hepatic arterial repair", []),  # the hepatic artery's, not *Repair of liver*
    ("ascending aorta and aortic root repair", []),  # two structures, not *Repair of aortic root*
    ("arterial coronary artery bypass graft", ["232717009"]),  # an arterial graft is a bypass graft
])
def test_procedures_as_convert_reads_them(term: str, expected: list[str]) -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": term})
    assert [c["code"] for c in proc["code"].get("coding", [])] == expected

