"""Words of round 164's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "tophi", ["240042004"]),  # the Latin plural of *Tophus*
    ("condition", "invasive ductal carcinoma of breast", ["408643008"]),  # *Infiltrating duct carcinoma of breast*
    ("condition", "invasive ductal carcinoma", []),  # the breast's most often, but the words name no organ
    ("procedure", "quadrantectomy", ["172049005"]),  # *Quadrantectomy of breast*
    ("procedure", "portacath implantation", ["80402001"]),  # *Insertion of implantable venous access port*
    ("procedure", "V-V ECMO", ["786453001"]),
    ("procedure", "V-A ECMO", ["786451004"]),
    ("procedure", "ECMO", ["233573008"]),
])
def test_round164_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
