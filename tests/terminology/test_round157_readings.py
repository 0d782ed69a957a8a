"""Words of round 157's case reports, written by people who had not read the tables: the rows and
readings their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology.normalize import normalize
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "alanine-amino transferase", ["1742-6"]),  # the enzyme's name in two words
    ("observation", "aspartate amino-transferase", ["1920-8"]),
    ("observation", "High density Cholesterol (HDL)", ["2085-9"]),
    ("observation", "low density cholesterol", ["13457-7"]),
    ("observation", "prostatic specific antigen", ["2857-1"]),
    ("observation", "tuberculin intradermal test", ["424294008"]),
    ("observation", "HER2", ["48676-1"]),  # said positive or negative: the receptor status
    ("observation", "cerb B2", ["48676-1"]),
    ("observation", "chloremia", ["2075-0"]),  # as natremia and kalemia are read
    ("observation", "magnesemia", ["19123-9"]),
    ("observation", "serum immunofixation", ["49275-1"]),
    ("observation", "plasma renin activity", ["2915-7"]),
    ("medication", "compound sulfamethoxazole", ["10831"]),  # co-trimoxazole's name in Chinese reports
    ("medication", "crystalline penicillin", ["7980"]),  # aqueous penicillin G
    ("procedure", "explorative laparotomy", ["74770008"]),
    ("procedure", "lipoprotein electrophoresis", ["4727005"]),
    ("condition", "Bruton's disease", ["D80.0"]),  # X-linked agammaglobulinaemia
])
def test_round157_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


def test_amino_transferase_in_two_words_is_one() -> None:
    assert normalize("alanine amino transferase") == normalize("alanine aminotransferase")
    assert normalize("amino acid") == "amino acid"
