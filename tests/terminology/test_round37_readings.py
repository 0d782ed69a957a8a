"""Readings added in review of the unseen cases of rounds 36 and 37: each for any case, tested on
words other than the cases' own where the rule allows."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import match
from tests.terminology.known import ICD, SCT, codes


@pytest.mark.parametrize(("term", "code"), [
    ("venous blood gas pH", "2746-6"),  # pH of Venous blood
    ("arterial blood gas pCO2", "2019-8"),  # Carbon dioxide [Partial pressure] in Arterial blood
    ("ABG lactate", "2518-9"),  # Lactate [Moles/volume] in Arterial blood
])
def test_an_analyte_named_after_its_blood_gas_panel_is_the_analyte_in_that_blood(term, code):
    found = match("observation", term)
    assert found.how == "a blood gas panel's analyte" and [c.code for c in found.concept.codings] == [code]


def test_a_blood_gas_analyte_the_tables_know_for_another_blood_only_stays_text():
    # the tables have venous lactate under no row: "VBG lactate" is not the arterial one
    assert match("observation", "VBG lactate").status == "none"


@pytest.mark.parametrize(("term", "system", "code"), [
    ("wet beri-beri", ICD, "E51.12"),  # Wet beriberi
    ("beri-beri", SCT, "36656008"),
])
def test_a_word_in_hyphenated_halves_is_looked_up_joined(term, system, code):
    found = match("condition", term)
    assert found.how.startswith("hyphen joined") and code in codes("condition", term, system)


@pytest.mark.parametrize(("term", "code"), [
    ("hypoactive delirium", "2776000"),  # Delirium
    ("fulminant liver failure", "59927004"),  # Hepatic failure
    ("remittent fever", "386661006"),
    ("heavy menorrhagia", "386692008"),
    ("minimal ascites", "389026000"),
])
def test_words_that_name_a_kind_leave_the_broader_concept(term, code):
    from fhirconv.mappers.qualifiers import condition_reading

    reading = condition_reading(term)
    assert reading is not None and code in codes("condition", reading.rest, SCT)


def test_the_leptospira_agglutination_test_is_its_titre():
    """The microscopic agglutination test reports a titre ("1:160"): LOINC's *Leptospira sp Ab [Titer]
    in Serum* (7959-0, Healthedata1/USCDI5-Sandbox), which names no method, so any method's titre."""
    assert codes("observation", "Leptospira microscopic agglutination test", "http://loinc.org") == ["7959-0"]
    assert codes("observation", "Leptospira IgM antibody", "http://loinc.org") == []  # not a titre


@pytest.mark.parametrize("term", ["ultrasound scan of the abdomen", "abdominal ultrasound scan"])
def test_an_ultrasound_scan_is_the_ultrasound(term):
    """"scan" after the modality names the study itself, for ultrasound as for CT and MRI."""
    assert codes("procedure", term, SCT) == codes("procedure", "ultrasound of the abdomen", SCT) == ["45036003"]


def test_transcranial_doppler_is_the_head_vessels_doppler_study():
    """LOINC 24733-8 *US.doppler Head vessels* (FHIR R4 examples' expansions): the study as a
    procedure, and its result as an observation (a study's LOINC code names its result)."""
    assert codes("procedure", "transcranial Doppler ultrasonography", "http://loinc.org") == ["24733-8"]
    assert codes("observation", "transcranial Doppler finding", "http://loinc.org") == ["24733-8"]


@pytest.mark.parametrize(("term", "code"), [
    ("chronic kidney disease stage G3a", "N18.31"),  # KDIGO's GFR category, as ICD-10-CM's stage 3a
    ("CKD stage G4", "N18.4"),
])
def test_a_kdigo_gfr_category_is_its_stage(term, code):
    assert code in codes("condition", term, ICD)


def test_invasive_and_critical_name_a_kind():
    from fhirconv.mappers.qualifiers import condition_reading

    assert condition_reading("invasive meningococcal disease").rest == "meningococcal disease"
    assert "14140009" in codes("condition", condition_reading("critical hyperkalaemia").rest, SCT)


@pytest.mark.parametrize("term", ["psychiatry consultation", "nephrology consultation", "neurosurgical consultation"])
def test_a_specialtys_consultation_is_a_consultation(term):
    """The specialty that gives it is a word that names a kind: SNOMED CT's *Consultation* (11429006),
    the specialty in the text; a generic rest ("neurosurgical intervention") is no reading."""
    from fhirconv.mappers.qualifiers import PROCEDURE_WORDS, _head_reading

    reading = _head_reading("procedure", term, PROCEDURE_WORDS)
    assert reading is not None and codes("procedure", reading.rest, SCT) == ["11429006"]
    assert _head_reading("procedure", "neurosurgical intervention", PROCEDURE_WORDS) is None


def test_words_of_the_other_section_say_where_they_belong():
    """A medication that is a procedure's name ("intravenous fluids") or a procedure that is a drug's
    ("vancomycin") stays text, and the warning names the code it has in the other section."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: x\npatient: {sex: female}\nmedications:\n'
                        "  - {id: m, drug: intravenous fluids}\nprocedures:\n  - {id: p, procedure: vancomycin}\n",
                        "case.yaml")
    told = {i.expression: (i.message, i.hint) for i in conv.issues if "no code known" in i.message}
    message, hint = told["$.medications[0].drug"]
    assert "as a procedure it is SNOMED CT 103744005" in message and "write it under `procedures`" in hint
    message, hint = told["$.procedures[0].procedure"]
    assert "as a medication it is RxNorm 11124" in message and "write it under `medications`" in hint
