"""Everyday drugs by family (antimalarials, antifungals, antivirals, vasopressors, alpha-blockers,
ophthalmic mydriatics and miotics, vitamin A and D analogues) whose RxNorm ingredient id no open
artefact we read gives: each codes to the SNOMED CT *Product containing ...* concept found in an
open artefact (FHIR R5 expansions, the Global Patient Set), or, for alfacalcidol and mecobalamin,
to the SNOMED CT substance the FHIR expansions state, under its usual wordings."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from tests.terminology.known import SCT, codes


@pytest.mark.parametrize(("term", "code"), [
    ("amodiaquine", "64115004"), ("proguanil", "16970001"),
    ("flucytosine", "28506006"), ("5-flucytosine", "28506006"),
    ("famciclovir", "96097002"),
    ("isoproterenol", "57845006"), ("isoprenaline", "57845006"), ("metaraminol", "41015006"),
    ("phenoxybenzamine", "74771007"),
    ("pilocarpine", "90356005"), ("pilocarpine eye drops", "90356005"),
    ("cyclopentolate", "8348002"), ("homatropine", "82264009"),
    ("vitamin A", "82156005"), ("ergocalciferol", "71516007"), ("vitamin D2", "71516007"),
    ("calcifediol", "88519001"), ("dihydrotachysterol", "20237006"),
    ("alfacalcidol", "11984007"), ("mecobalamin", "259512006"), ("methylcobalamin", "259512006"),
])
def test_everyday_drugs_by_family_code_to_their_product(term, code):
    assert codes("medication", term, SCT) == [code], match("medication", term)
