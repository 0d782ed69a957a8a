"""Concept families of the sixth unseen round, set A (cardiology and neurology): the rows added for
them reach their code under other wordings than the cases', and the wordings no open artefact codes
exactly stay text (data README, Known gaps, sixth unseen round, set A)."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("condition", "RRMS", SCT, "426373005"),
    ("condition", "relapsing-remitting MS", ICD, "G35.A"),
    ("condition", "secondary progressive MS", SCT, "425500002"),
    ("condition", "trauma to the head", SCT, "82271004"),
    ("condition", "cigarette smoking", SCT, "77176002"),
    ("condition", "nuchal rigidity", SCT, "161882006"),
    ("finding", "rigidity of the neck", SCT, "161882006"),
    ("condition", "visual field loss", SCT, "12184005"),
    ("procedure", "24-hour Holter monitoring", LOINC, "18754-2"),
    ("observation", "Holter monitor", LOINC, "18754-2"),
    ("procedure", "MR venogram of the brain", LOINC, "30858-5"),
    ("procedure", "MRA neck", LOINC, "36085-9"),
    ("observation", "CT angiogram of the head and neck", LOINC, "37498-3"),
    ("procedure", "CTA brain", LOINC, "36830-8"),
    ("procedure", "CT angiogram of the neck", LOINC, "36234-3"),
    ("procedure", "CT angiogram", LOINC, "36834-0"),
    ("procedure", "gadolinium-enhanced MRI", LOINC, "49507-7"),
    ("observation", "contrast-enhanced CT", LOINC, "24753-6"),
])
def test_round6a_families_reach_their_code(kind, term, system, code):
    assert code in codes(kind, term, system), lookup(kind, term)


@pytest.mark.parametrize(("kind", "term"), [
    ("condition", "cerebral venous thrombosis"),  # CVST says the sinuses; ICD-10-CM I67.6 says nonpyogenic
    ("condition", "demyelinating disease"),  # the open concepts say of the central nervous system
    ("condition", "brain stem stroke"),  # only the brainstem stroke syndrome
    ("condition", "malignant arrhythmia"),
    ("medication", "disease-modifying treatment"),
    ("observation", "MOG antibodies"),
    ("procedure", "cta"),  # also "clear to auscultation": never an alias
])
def test_round6a_words_without_an_exact_open_code_stay_text(kind, term):
    assert lookup(kind, term) == (), lookup(kind, term)
