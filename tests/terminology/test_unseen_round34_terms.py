"""Words of round 34's case reports (Kawasaki disease at three ages, congenital syphilis, measles),
written by people who had not read the tables: the rows their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "coronary aneurysms", ["I25.41"]),  # *Coronary artery aneurysm*
    ("condition", "elevated platelet count", ["6631009", "D75.839"]),  # thrombocytosis, in both systems
    ("condition", "thrombocytosis", ["6631009", "D75.839"]),  # the row keeps what the look-ups gave
    ("condition", "macular rash", ["271756005"]),  # *Macular eruption*, GPS
    ("condition", "fissuring of the lips", ["248182008"]),  # *Cracked lips*
    ("observation", "12-lead electrocardiogram finding", ["11524-6"]),
    ("observation", "capillary refill", ["44963-7"]),  # *Capillary refill [Time] of Nail bed*
    ("observation", "muscle tone", ["6918002"]),
    ("observation", "ultrasonography of the brain finding", ["24731-2"]),  # *US Head*
    ("procedure", "cranial ultrasound", ["24731-2"]),
    ("observation", "liver enzymes", []),  # not the hepatic function panel (bilirubin, albumin): text
    ("medication", "Bacille Calmette–Guérin vaccine", ["836402002"]),
])
def test_round34_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)
