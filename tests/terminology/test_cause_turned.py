"""A disorder named with its cause first ("Klebsiella pneumoniae pneumonia") is the disorder *due to*
or *caused by* that cause, as ICD-10-CM and SNOMED CT name it, and the other way round
(``fhirconv.terminology.matching._cause_turned``); never a pick between two readings."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import match, using
from fhirconv.terminology.tables import Coding, KnownConcept
from fhirconv.terminology.userterms import UserTerms
from tests.terminology.known import ICD, SCT, codes


@pytest.mark.parametrize(("term", "system", "code"), [
    ("Streptococcus pneumoniae pneumonia", ICD, "J13"),  # Pneumonia due to Streptococcus pneumoniae
    ("Klebsiella pneumoniae pneumonia", ICD, "J15.0"),  # ICD-10-CM's "due to" ...
    ("Klebsiella pneumoniae pneumonia", SCT, "64479007"),  # ... and SNOMED CT's "caused by": both codings
    ("Haemophilus influenzae meningitis", ICD, "G00.0"),  # inclusion term Meningitis due to Hemophilus influenzae
    ("sepsis due to Staphylococcus aureus", SCT, "448417001"),  # Sepsis caused by Staphylococcus aureus
    ("anaemia secondary to iron deficiency", SCT, "87522002"),  # Iron deficiency anemia
])
def test_the_cause_turned_round_reaches_the_code(term, system, code):
    found = match("condition", term)
    assert found.how == "cause words turned round" and code in codes("condition", term, system), found


def test_words_known_as_they_stand_keep_their_own_reading():
    assert match("condition", "pneumonia due to Streptococcus pneumoniae").how != "cause words turned round"
    assert match("condition", "chest pain").how.startswith("term")  # "pain due to chest" is never tried first


@pytest.mark.parametrize("term", ["Legionella pneumophila pneumonia", "gram-negative rod bacteremia"])
def test_causes_the_terminologies_do_not_name_so_stay_text(term):
    assert match("condition", term).status == "none"


def test_a_reading_for_conditions_and_findings_only():
    assert match("procedure", "Streptococcus pneumoniae pneumonia").status == "none"


def test_two_readings_that_disagree_are_ambiguous_never_a_pick():
    due = KnownConcept("condition", "rash due to drug x", (Coding(SCT, "111111111", "A"),), user=True)
    caused = KnownConcept("condition", "rash caused by drug x", (Coding(SCT, "222222222", "B"),), user=True)
    with using(UserTerms(("test",), (due, caused))):
        found = match("condition", "drug x rash")
        assert found.status == "ambiguous" and {c.term for c in found.candidates} == {due.term, caused.term}
