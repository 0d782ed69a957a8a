"""Concept families of the ninth unseen round, set A (cardiology and neurology): the CT of the brain
row reaches Computed tomography of head under its wordings, the codes read against their words stay
as they are, and the wordings no open artefact codes exactly stay text (data README, ninth unseen
round, set A)."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("procedure", "CT scan of the brain", SCT, "303653007"),
    ("procedure", "ct of the brain", SCT, "303653007"),
    ("procedure", "computed tomography of the brain", SCT, "303653007"),
    ("procedure", "brain CT scan", SCT, "303653007"),
    ("condition", "Wolff-Parkinson-White syndrome", ICD, "I45.6"),
    ("condition", "substernal chest pain", SCT, "4568003"),
    ("condition", "syncopal episodes", SCT, "271594007"),
    ("observation", "total cholesterol", LOINC, "2093-3"),
])
def test_round9a_wordings_reach_their_code(kind, term, system, code):
    assert code in codes(kind, term, system), lookup(kind, term)


@pytest.mark.parametrize(("kind", "term"), [
    ("condition", "transverse myelitis"),  # G37.3 and SNOMED CT 230378004 say acute, the latter non-infective
    ("condition", "neuromyelitis optica spectrum disorder"),  # G36.0 names NMO [Devic], not the spectrum
    ("medication", "high-dose steroids"),  # which steroid the words do not say
    ("procedure", "Valsalva maneuver"),  # 261039008 is read as a method, not a procedure
])
def test_round9a_wordings_without_an_exact_code_stay_text(kind, term):
    assert not [c for c in lookup(kind, term) if c.system in (SCT, LOINC, ICD)], lookup(kind, term)
