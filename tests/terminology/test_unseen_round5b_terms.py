"""Concept families of the fifth unseen round, set B (obstetrics, toxicology, oncology with a stage,
paediatric infection): the rows added for them reach their code under other wordings than the
cases', cancers by organ carry the ICD-10-CM code mCODE reads a cancer from, a bare joint name is
the body region (the joint said more than the words), and the wordings no open artefact codes
exactly stay text (data README, Known gaps, fifth unseen round, set B)."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("condition", "CCF", SCT, "42343007"),
    ("condition", "congestive heart failure", SCT, "42343007"),
    ("condition", "carcinoma of the prostate", SCT, "254900004"),
    ("condition", "osteoporotic fractures", SCT, "443165006"),
    ("condition", "acute confusion", SCT, "130987000"),
    ("finding", "myoclonic jerk", SCT, "17450006"),
    ("condition", "limping", SCT, "16973004"),
    ("finding", "pulmonary crepitations", SCT, "48409008"),
    ("condition", "crepitations in the lungs", SCT, "48409008"),
    ("procedure", "genetic tests", SCT, "405824009"),
    ("procedure", "positron emission tomography scanning", SCT, "82918005"),
    ("procedure", "x-ray of the pelvis and hip", LOINC, "30767-8"),
    ("observation", "pelvis and hip radiograph", LOINC, "30767-8"),
    ("body-site", "proximal end of femur", SCT, "310651003"),
    ("body-site", "hip", SCT, "29836001"),
    ("body-site", "knee", SCT, "72696002"),
    ("body-site", "hip joint", SCT, "24136001"),
])
def test_round5b_families_reach_their_code(kind, term, system, code):
    assert code in codes(kind, term, system), lookup(kind, term)


@pytest.mark.parametrize(("term", "snomed", "icd"), [
    ("prostate cancer", "399068003", "C61"),
    ("prostatic carcinoma", "254900004", "C61"),
    ("lung cancer", None, "C34.90"),
    ("colon cancer", None, "C18.9"),
    ("rectal cancer", None, "C20"),
    ("stomach cancer", None, "C16.9"),
    ("oesophageal cancer", None, "C15.9"),
    ("pancreatic cancer", None, "C25.9"),
    ("ovarian cancer", None, "C56.9"),
    ("thyroid cancer", None, "C73"),
    ("bladder cancer", None, "C67.9"),
])
def test_cancers_by_organ_carry_their_icd10cm_code(term, snomed, icd):
    """mCODE's profile layer reads a cancer from its ICD-10-CM code (C00-C96): a cancer named by its
    organ keeps its SNOMED CT concept and gets the ICD-10-CM code beside it."""
    assert codes("condition", term, ICD) == [icd]
    assert codes("condition", term, SCT) and (snomed is None or codes("condition", term, SCT) == [snomed])


def test_congestive_heart_failure_is_its_own_concept_but_chf_stays_heart_failure():
    """The words name congestive heart failure, which the Global Patient Set states; the abbreviation
    CHF is also read as chronic heart failure, so it keeps the concept both are kinds of."""
    assert codes("condition", "congestive heart failure", SCT) == ["42343007"]
    assert codes("condition", "CHF", SCT) == codes("condition", "heart failure", SCT) == ["84114007"]


@pytest.mark.parametrize(("kind", "term"), [
    ("condition", "HELLP syndrome"),  # ICD-10-CM names the trimester or puerperium; no SNOMED CT row yet
    ("condition", "inducible patellar and ankle clonus"),  # no open artefact states clonus
    ("condition", "non-exertional heat hyperpyrexia"),
    ("condition", "lytic spinal lesions"),  # the GPS concept is a lytic lesion of bone *on X-ray*
    ("condition", "unable to bear weight"),
    ("procedure", "orthopedic consultation"),
])
def test_round5b_wordings_without_an_exact_code_stay_text(kind, term):
    assert not [c for c in lookup(kind, term) if c.system in (SCT, LOINC)], lookup(kind, term)
