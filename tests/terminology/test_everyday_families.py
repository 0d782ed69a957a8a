"""Everyday terms of case reports, probed by family (symptoms and signs, procedures, laboratory tests
with their specimen and unit, drug classes, scores and imaging): the rows added for them reach their
code, and the wordings no open artefact states a code for, or only a broader or narrower one, stay
text (data README, Known gaps, tenth round)."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup, lookup_concept, match_with_unit

SCT, ICD, LOINC = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    # symptoms and signs (condition and finding rows alike)
    ("condition", "upper limb weakness", SCT, "713512009"),
    ("condition", "presyncope", SCT, "427461000"),
    ("finding", "crackles", SCT, "48409008"),
    ("condition", "pedal oedema", SCT, "102576009"),
    ("condition", "leg oedema", SCT, "102572006"),
    ("condition", "decreased urine output", SCT, "83128009"),
    ("condition", "maculopapular rash", SCT, "247471006"),
    ("condition", "exertional dyspnoea", SCT, "60845006"),
    ("condition", "CVA tenderness", ICD, "R39.859"),
    ("condition", "papilloedema", ICD, "H47.10"),
    # procedures
    ("procedure", "bone marrow biopsy", NCIT, "C15193"),
    ("procedure", "bone marrow aspiration", SCT, "49401003"),
    ("procedure", "radical nephrectomy", SCT, "116033007"),
    ("procedure", "sigmoidectomy", SCT, "84604002"),
    ("procedure", "HFNC", SCT, "1259025002"),
    ("procedure", "stem cell transplant", SCT, "234336002"),
    ("procedure", "ICU admission", SCT, "305351004"),
    ("procedure", "TURP", SCT, "90199006"),
    ("procedure", "non-contrast CT head", LOINC, "30799-1"),
    ("procedure", "fundoscopy", SCT, "53524009"),
    ("procedure", "neurological examination", SCT, "84728005"),
    # laboratory tests: the specimen the words name
    ("observation", "CSF chloride", LOINC, "2070-1"),
    ("observation", "serum lactate", LOINC, "2524-7"),
    ("observation", "pCO2", LOINC, "11557-6"),
    ("observation", "anti-TPO antibodies", LOINC, "8099-4"),
    ("observation", "MPO-ANCA", LOINC, "6969-0"),
    ("observation", "ciclosporin level", LOINC, "3520-4"),
    ("observation", "urine myoglobin", LOINC, "2641-9"),
    ("observation", "25-OH vitamin D3", LOINC, "1989-3"),  # D3 alone: the total is text (audit 15)
    ("observation", "FiO2", LOINC, "3150-0"),
    ("observation", "CVP", LOINC, "8591-0"),
    # result values and organisms
    ("finding", "first-degree AV block", SCT, "270492004"),
    ("finding", "severe", SCT, "24484000"),
    ("finding", "VZV", SCT, "19551004"),
    # diagnoses the GPS names otherwise
    ("condition", "urosepsis", SCT, "721104000"),
    # scores
    ("observation", "GCS motor response", LOINC, "9268-4"),
    ("observation", "clinical frailty scale", SCT, "445414007"),
    ("observation", "APACHE II score", SCT, "273258004"),
    # drug classes and blood products
    ("medication", "anticoagulants", SCT, "81839001"),
    ("medication", "antiepileptic drugs", SCT, "63094006"),
    ("medication", "statins", SCT, "96302009"),
    ("medication", "NSAIDs", SCT, "16403005"),
    ("medication", "IVIG", NCIT, "C121331"),
    ("medication", "vasopressors", NCIT, "C126567"),
])
def test_everyday_terms_reach_their_code(kind, term, system, code):
    assert [(c.system, c.code) for c in lookup(kind, term)] == [(system, code)]


@pytest.mark.parametrize(("kind", "term"), [
    ("condition", "lower limb weakness"),  # Muscle weakness of limb is broader than the words
    ("condition", "generalized weakness"),  # R53.1 Weakness is broader
    ("condition", "high fever"),  # Fever is broader
    ("condition", "postural dizziness"),
    ("condition", "hypocapnia"),
    ("condition", "neck tenderness"),
    ("condition", "joint tenderness"),
    ("condition", "malar rash"),
    ("condition", "pinpoint pupils"),  # narrower than Miosis
    ("procedure", "temporal artery biopsy"),
    ("procedure", "nephrectomy"),  # total or partial: the word does not say
    ("procedure", "hemicolectomy"),
    ("procedure", "tracheostomy"),  # 48387007 is Incision of trachea (tracheotomy)
    ("medication", "fresh frozen plasma"),
    ("medication", "broad-spectrum antibiotics"),  # narrower than Antibiotic
    ("medication", "antivirals"),  # only a code of the 2019 expansions, not in the R5 product set
    ("medication", "penicillin"),  # the drug or the class: the class row answers only to its own words
    ("observation", "CSF white cell count"),  # only by manual count
    ("observation", "CHA2DS2-VASc score"),
    ("observation", "CURB-65"),
    ("observation", "tumor markers"),
    ("observation", "ionised calcium"),  # blood or serum: the words do not say
    ("observation", "troponin"),  # I or T
    ("observation", "PTH"),  # only intact PTH has a code
])
def test_no_open_code_stays_text(kind, term):
    assert not lookup(kind, term)


def test_a_diagnosis_row_carries_its_snomed_and_icd10cm_codings():
    codes = {(c.system, c.code) for c in lookup("condition", "pseudotumour cerebri")}
    assert codes == {(SCT, "68267002"), (ICD, "G93.2")}


def test_new_lab_rows_carry_the_unit_of_their_property():
    assert lookup_concept("observation", "CSF chloride").unit == "mmol/L"
    assert lookup_concept("observation", "anti-TPO antibodies").unit == "[IU]/mL"
    assert lookup_concept("observation", "acetylcholine receptor antibodies").unit == "nmol/L"
    # a value in another dimension is not given the code
    assert match_with_unit("observation", "serum lactate", "mmol/L").concept is not None
    assert match_with_unit("observation", "serum lactate", "%").concept is None
