"""Words of round 163's case reports, written by people who had not read the tables (and three of the
earlier rounds' procedures): the rows their review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "tricuspid valve insufficiency", ["111287006"]),
    ("condition", "anuric", ["2472002"]),
    ("condition", "low backache", ["279039007", "M54.50"]),
    ("condition", "gingival bleed", ["86276007"]),
    ("condition", "portal encephalopathy", ["13920009", "K76.82"]),
    ("condition", "portosystemic encephalopathy", ["13920009", "K76.82"]),
    ("observation", "tacrolimus trough blood level", ["11253-2"]),  # *Tacrolimus [Mass/volume] in Blood*
    ("observation", "insulin growth factor-1", ["2484-4"]),
    ("observation", "anti thyroperoxidase antibody", ["8099-4"]),
    ("observation", "24-hour urine cortisol", []),  # free or total unsaid: LOINC codes them apart
    ("procedure", "red cell concentrate transfusion", ["116863004"]),
    ("procedure", "transfusion of erythrocyte concentrate", ["116863004"]),
    ("procedure", "oeso-gastroduodenal endoscopy", ["76009000"]),
    ("procedure", "cochlear implant", ["172732009"]),  # *Implantation of intracochlear prosthesis*
    ("procedure", "loop colostomy", ["9905009"]),
    ("procedure", "coronary stent implantation", ["36969009"]),  # *Placement of stent in coronary artery*
    ("procedure", "administration of fresh frozen plasma", ["116861002"]),
    ("procedure", "caesarian section", ["11466000"]),
    ("procedure", "immunohistochemistry", ["117617002"]),  # *Immunohistochemistry procedure*
    ("procedure", "cardiac electrophysiology study", ["252425004"]),
    ("procedure", "electrophysiological study", []),  # the heart's or the nerves': unsaid
])
def test_round163_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
