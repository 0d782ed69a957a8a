"""Words of round 55's case reports (endocrinology, nephrology; gastroenterology, zoonoses;
paediatric neurology, inborn errors of metabolism, neonatal medicine), written by people who had not
read the tables: the readings and rows their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def test_echography_is_ultrasonography() -> None:
    assert normalize("thyroid echography") == normalize("thyroid ultrasound")
    assert codes("procedure", "abdominal echography") == ["45036003"]  # *Ultrasonography of abdomen*


def test_usg_is_ultrasonography_for_a_procedure_only() -> None:
    assert codes("procedure", "abdominal USG") == ["45036003"]
    assert match("observation", "USG").concept is None  # a urine specific gravity is no ultrasound


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "DM II", ["44054006"]), ("condition", "DM1", ["46635009"]),
    ("condition", "psoas abscess", ["K68.12"]),
    ("condition", "solitary thyroid nodule", ["E04.1"]),  # the index: Nodule, thyroid (single) E04.1
    ("condition", "anal atresia", ["Q42.3"]),  # its inclusion term is *Imperforate anus*
    ("procedure", "MRCP", ["58740-2"]),
    ("procedure", "total parenteral nutrition", ["225372007"]),
])
def test_round55_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected
