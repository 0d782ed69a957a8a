"""Everyday words of any specialty, probed by family the way a new user writes them (about 300
symptoms, tests, procedures and drugs were tried with `fhirconv terms search`): the rows added for the
ones an open artefact codes reach their code, and the ones no current artefact states stay text."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match

from .known import LOINC, SCT, codes


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    # tests: bare abbreviations of rows that had only the long name, ECG intervals (LHNCBC flowsheet-lhc)
    ("observation", "PT", LOINC, "5902-2"),
    ("observation", "C3", LOINC, "4485-9"),
    ("observation", "serum C4", LOINC, "4498-2"),
    ("observation", "PR interval", LOINC, "8625-6"),
    ("observation", "QRS duration", LOINC, "8633-0"),
    ("observation", "QRS width", LOINC, "8633-0"),
    ("observation", "QT interval", LOINC, "8634-8"),
    # procedures: SNOMED CT where an artefact states the procedure, else the LOINC study
    ("procedure", "exercise stress test", SCT, "165079009"),
    ("procedure", "treadmill test", SCT, None),  # not an alias: not every treadmill test is a stress test
    ("procedure", "bone scan", LOINC, "25031-6"),
    ("procedure", "nerve conduction studies", LOINC, "29755-6"),
    ("procedure", "V/Q scan", LOINC, "30697-7"),
    ("procedure", "ventilation-perfusion scan", LOINC, "30697-7"),
    # ECG findings, as results and as conditions
    ("finding", "ST elevation", SCT, "76388001"),
    ("finding", "prolonged QTc", SCT, "111975006"),
    ("condition", "QT prolongation", SCT, "111975006"),
    # "non" joined to its word: the GPS's *Non-Reactive* for "nonreactive" and "non reactive"
    ("finding", "nonreactive", SCT, "131194007"),
    ("finding", "non reactive", SCT, "131194007"),
    # body sites
    ("body-site", "peritoneum", SCT, "15425007"),
    ("body-site", "peritoneal cavity", SCT, "83670000"),
    # diagnoses
    ("condition", "prematurity", SCT, "771299009"),
    ("condition", "low birth weight", SCT, "276610007"),
    ("condition", "clubfoot", SCT, "397932003"),
    ("condition", "HIV", SCT, "86406008"),
    ("condition", "AIDS", SCT, "62479008"),
    ("condition", "chlamydia", SCT, "105629000"),
    ("condition", "hepatitis E", SCT, "7111000119109"),
    ("condition", "C. diff colitis", SCT, "423590009"),
    ("condition", "MRSA infection", SCT, "266096002"),
    ("condition", "diabetic neuropathy", SCT, "230572002"),
    ("condition", "enlarged spleen", SCT, "16294009"),
    ("condition", "enlarged thyroid", SCT, "3716002"),
    ("condition", "general malaise", SCT, "367391008"),
    ("procedure", "CT brain without contrast", LOINC, "30799-1"),
    ("procedure", "CVVHD", SCT, "233580005"),
    ("condition", "hepatitis B", SCT, "66071002"),
    ("condition", "HBV infection", SCT, "66071002"),
    ("condition", "chronic hepatitis B", SCT, "61977001"),
    # drugs whose SNOMED CT substance a current FHIR expansion states
    ("medication", "noradrenaline", SCT, "45555007"),
    ("medication", "norepinephrine infusion", SCT, "45555007"),
    ("medication", "activated charcoal", SCT, "32519007"),
])
def test_everyday_words_reach_their_code(kind, term, system, code):
    assert codes(kind, term, system) == ([code] if code else [])


@pytest.mark.parametrize(("kind", "term"), [
    # only in the 2019 FHIR R4 expansions (hl7.fhir.r4.examples), in no current value set: not used
    ("medication", "vasopressin"), ("medication", "Ringer lactate"), ("medication", "hypertonic saline"),
    # urea (not urea nitrogen) in mmol/L has its own LOINC code, in no artefact read
    ("observation", "urea"),
    # several tests fit: the specimen decides, and the words say none
    ("observation", "pH"),
    # the open code says more than the words: dislocation for a dysplasia, disc alone for the spine
    ("condition", "DDH"), ("condition", "spondylodiscitis"),
])
def test_words_no_current_artefact_codes_stay_text(kind, term):
    assert match(kind, term).concept is None
