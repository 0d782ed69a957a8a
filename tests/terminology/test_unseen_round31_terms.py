"""Words of round 31's case reports (obstetrics, psychiatry, geriatrics, hepatology, and the
excerpts of ophthalmology, dermatology, nephrology and pulmonology cases), written by people who had
not read the tables."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "liver chemistries", ["26958001"]),  # the hepatic function panel, as US reports say it
    ("observation", "JAK2 V617F mutation", ["43399-5"]),
    ("observation", "karyotype", ["29770-5"]),
    ("condition", "cognitive deficits", ["386806002"]),
    ("observation", "ultrasound finding", ["25061-3"]),  # no region said: as CT and MR
    ("observation", "radiograph finding", ["43468-8"]),
    ("observation", "bone marrow biopsy finding", ["33721-2"]),
    ("observation", "bone marrow aspirate", ["48807-2"]),
    ("observation", "abdominal ultrasound", ["24558-9"]),  # a region said: its own study, as before
    ("observation", "endoscopy finding", ["18751-8"]),
    ("observation", "coronary angiography finding", ["37174-0"]),
    ("procedure", "coronary angiography", ["33367005"]),  # the procedure keeps its SNOMED CT row
])
def test_round31_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)
