"""Words of round 167's case reports, written by people who had not read the tables: the rows their
review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("medication", "CDDP", ["2555"]),  # cis-diamminedichloroplatinum, cisplatin
    ("condition", "CVID", ["D83.9"]),
    ("condition", "granulocytic sarcoma", ["C92.30"]),  # inclusion term of C92.3 *Myeloid sarcoma*
    ("condition", "chloroma", ["C92.30"]),
    ("condition", "cold intolerance", ["80585000"]),
    ("condition", "intolerance to cold", ["80585000"]),
    ("condition", "Spigelian hernia", []),  # a ventral hernia with or without obstruction: unsaid
    ("medication", "mebeverine", []),  # no open RxNorm or SNOMED CT product
    ("procedure", "pancreatoduodenectomy", ["116241004"]),  # the other spelling of pancreaticoduodenectomy
])
def test_round167_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
