"""Everyday wordings of published case reports reach the right code (the rows cite their sources;
tests/terminology/test_data_sources.py checks them against the curation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import match

ROOT = Path(__file__).resolve().parents[2]
SCT, ICD, LOINC, RXNORM = ("http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org",
                           "http://www.nlm.nih.gov/research/umls/rxnorm")


@pytest.mark.parametrize(("kind", "term", "codes"), [
    ("condition", "lung adenocarcinoma", {(SCT, "254626006"), (ICD, "C34.90")}),
    ("condition", "brain metastases", {(SCT, "94225005"), (ICD, "C79.31")}),
    ("condition", "bone metastasis", {(SCT, "94222008"), (ICD, "C79.51")}),
    ("condition", "mediastinal lymph node metastases", {(ICD, "C77.1")}),
    ("condition", "Pneumocystis jirovecii pneumonia", {(SCT, "415125002"), (ICD, "B59")}),
    ("condition", "aortic insufficiency", {(SCT, "60234000")}),
    ("condition", "nausea and vomiting", {(SCT, "16932000"), (ICD, "R11.2")}),
    ("condition", "myasthenic crisis", {(SCT, "80976008"), (ICD, "G70.01")}),
    ("condition", "neonatal hyperbilirubinaemia", {(SCT, "281610001")}),
    ("condition", "paracetamol overdose", {(SCT, "295124009")}),
    ("observation", "total serum bilirubin", {(LOINC, "1975-2")}),
    ("observation", "Apgar score at 5 minutes", {(LOINC, "9274-2")}),
    ("observation", "LFTs", {(SCT, "26958001")}),
    ("procedure", "extubation", {(SCT, "309812005")}),
    ("medication", "azithromycin", {(SCT, "96034006"), (RXNORM, "18631")}),
    ("medication", "Hib vaccine", {(SCT, "836380007")}),
    ("body-site", "optic nerve", {(SCT, "18234004")}),
])
def test_everyday_wording(kind, term, codes):
    found = match(kind, term).concept
    assert found is not None, term
    assert {(c.system, c.code) for c in found.codings} == codes


@pytest.mark.parametrize("term", [
    "refractory status epilepticus",  # not the broader "status epilepticus"
    "mechanical fall",
    "codeine overdose",  # only dihydrocodeine concepts were found
])
def test_no_broader_code_for_a_narrower_wording(term):
    assert match("condition", term).concept is None


@pytest.mark.parametrize(("kind", "term"), [
    ("observation", "reticulocyte count"),  # percentage or absolute count: two LOINC codes
    ("observation", "pH"),  # blood or urine
    ("observation", "blood alcohol"),  # the ethanol row is serum or plasma
    ("observation", "vital status"),  # no open artefact names LOINC 75186-7 (data README, gaps)
    ("procedure", "plasmapheresis"),  # not the therapeutic plasma exchange concept
    ("condition", "bruising"),  # ecchymosis or contusion
])
def test_ambiguous_or_unsourced_wording_stays_text(kind, term):
    assert match(kind, term).concept is None


def test_mcode_sees_the_lung_cancer_and_its_metastases():
    case = ROOT / "tests" / "generality" / "cases" / "lung-adenocarcinoma-brain-metastases.yaml"
    conv = convert_file(case, profile="mcode")
    claimed = [p.rsplit("/", 1)[-1] for r in conv.resources for p in r.get("meta", {}).get("profile", [])]
    assert claimed.count("mcode-primary-cancer-condition") == 1
    assert claimed.count("mcode-secondary-cancer-condition") == 3


@pytest.mark.parametrize(("term", "code"), [
    ("poor feeding", "299698007"),  # Feeding poor, not the broader Feeding problem (78164000)
    ("feeding difficulties", "78164000"),
    ("stomach pain", "271681002"),  # Stomach ache, its own concept under Abdominal pain
    ("abdominal pain", "21522001"),
])
def test_narrower_symptoms_keep_their_own_concept(term, code):
    found = match("condition", term).concept
    assert found is not None and [c.code for c in found.codings] == [code]


@pytest.mark.parametrize(("term", "code"), [
    ("serum sodium", "2951-2"), ("plasma potassium", "2823-3"), ("sodium level", "2951-2"),
    ("serum sodium levels", "2951-2"), ("CRP level", "1988-5"), ("haemoglobin level", "718-7"),
    ("total serum bilirubin", "1975-2"),
])
def test_specimen_and_level_words(term, code):
    m = match("observation", term)
    assert m.concept is not None and [c.code for c in m.concept.codings] == [code], m


@pytest.mark.parametrize("term", [
    "serum hemoglobin",  # the hemoglobin row is "in Blood": the words name another specimen
    "serum lactate",  # likewise (lactate is coded in blood)
    "serum", "level", "serum level",
    "serum hip x-ray",  # a row without a LOINC specimen is never taken for "serum ..."
])
def test_specimen_words_must_fit_the_code(term):
    assert match("observation", term).concept is None


def test_concentration_is_not_dropped():
    # MCHC is not MCH: only "level" is read as the measured amount of the test before it
    assert match("observation", "mean corpuscular hemoglobin concentration").concept.codings[0].code == "786-4"
    assert match("observation", "hemoglobin concentration").concept is None


@pytest.mark.parametrize(("kind", "term", "code"), [
    ("body-site", "lumbar spine", "122496007"), ("body-site", "oesophagus", "32849002"),
    ("body-site", "mitral valve", "91134007"), ("body-site", "axilla", "91470000"),
    ("procedure", "VP shunt", "47020004"), ("procedure", "cerebral angiogram", "3258003"),
    ("condition", "TBI", "127295002"), ("medication", "vitamin K", "63136007"),
    ("observation", "chest x-ray findings", "30745-4"), ("observation", "direct Coombs test", "1007-4"),
])
def test_generic_rows(kind, term, code):
    found = match(kind, term).concept
    assert found is not None and code in [c.code for c in found.codings], term
