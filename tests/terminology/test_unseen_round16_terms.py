"""Concept families of unseen round 16 (rheumatology, toxicology, endocrine surgery): RxNorm ingredients
from the OHDSI Phenotype Library's cohort definitions reach the drugs case reports name, beside the
SNOMED CT product where the tables had one; drug classes and substances with an open code; parathyroid
scans and FDG PET-CT; tremor named with its site; and the wordings no open artefact codes stay text."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import lookup
from tests.terminology.known import LOINC, SCT, codes

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("medication", "rifaximin", RXNORM, "35619"),
    ("medication", "clonazepam", RXNORM, "2598"),
    ("medication", "trazodone", RXNORM, "10737"),
    ("medication", "amoxicillin", RXNORM, "723"),
    ("medication", "amoxicillin", SCT, "27658006"),  # the product row keeps its coding
    ("medication", "rifampicin", RXNORM, "9384"),
    ("medication", "rifampin", RXNORM, "9384"),  # the alias of the product row reaches the same concept
    ("medication", "pethidine", RXNORM, "6754"),
    ("medication", "meperidine", RXNORM, "6754"),
    ("medication", "calcitonin", SCT, "22657006"),
    ("medication", "anticoagulation", SCT, "81839001"),
    ("medication", "anticoagulants", SCT, "81839001"),
    ("medication", "L-carnitine", SCT, "59888006"),
    ("medication", "levocarnitine", SCT, "59888006"),
    ("medication", "denosumab", NCIT, "C61313"),
    ("medication", "zoledronic acid", NCIT, "C1699"),
    ("procedure", "parathyroid sestamibi scan", LOINC, "44145-1"),
    ("procedure", "parathyroid scintigraphy", LOINC, "39742-2"),
    ("procedure", "FDG PET/CT", SCT, "443271005"),
    ("procedure", "18F-FDG PET-CT", SCT, "443271005"),
    ("procedure", "PET-CT", NCIT, "C103512"),  # no tracer named: NCIt's tracer-free PET-CT, not the FDG code
])
def test_round16_rows_reach_their_codes(kind, term, system, code):
    assert code in codes(kind, term, system), term


@pytest.mark.parametrize(("kind", "term"), [
    ("observation", "parathyroid hormone"),  # intact or a fragment: LOINC's codes differ
    ("procedure", "sestamibi scan"),  # of the parathyroids or of the heart: the words do not say
    ("medication", "valproate"),  # stays the valproic acid row, not a second RxNorm ingredient
])
def test_round16_wordings_without_one_code(kind, term):
    found = {(c.system, c.code) for c in lookup(kind, term)}
    if term == "valproate":
        assert found == {(RXNORM, "11118")}
    else:
        assert not found, (term, found)


CASE = """
fhirconv: "1"
id: round16-sites
patient: {sex: male}
conditions:
  - {id: tremor, condition: hand tremors}
procedures:
  - {id: biopsy, procedure: muscle biopsy}
"""


def test_tremor_and_biopsy_named_with_their_site():
    """"Hand tremors" is a tremor of the hand, "muscle biopsy" a biopsy of skeletal muscle: the word's
    code with the site in bodySite, the whole words as the text."""
    conv = convert_text(CASE, "round16.yaml")
    by_type = {r["resourceType"]: r for r in conv.resources if r["resourceType"] in ("Condition", "Procedure")}
    tremor, biopsy = by_type["Condition"], by_type["Procedure"]
    assert tremor["code"]["text"] == "hand tremors" and tremor["code"]["coding"][0]["code"] == "26079004"
    assert [c["code"] for c in tremor["bodySite"][0]["coding"]] == ["85562004"]
    assert biopsy["code"]["text"] == "muscle biopsy"
    assert [c["code"] for c in biopsy["bodySite"][0]["coding"]] == ["127954009"]


READINGS = """
fhirconv: "1"
id: round16-readings
patient: {sex: female}
conditions:
  - {id: kd, condition: incomplete Kawasaki disease}
  - {id: tender, condition: periumbilical tenderness}
  - {id: rash, condition: maculopapular rash, body_site: {site: limbs}}
procedures:
  - {id: echo, procedure: two-dimensional echocardiography}
  - {id: axr, procedure: plain abdominal radiograph}
"""


def test_kinds_and_sites_of_round16():
    """"Incomplete" names a kind of the disorder and "two-dimensional" of the study: the broader code,
    the whole words as text; the umbilical region and the limbs are sites; a plain abdominal radiograph
    is the abdominal X-ray."""
    conv = convert_text(READINGS, "round16r.yaml")
    by_text = {r["code"]["text"]: r for r in conv.resources if r["resourceType"] in ("Condition", "Procedure")}

    def codes_of(concept):
        return {(c["system"], c["code"]) for c in concept.get("coding", [])}

    assert (SCT, "75053002") in codes_of(by_text["incomplete Kawasaki disease"]["code"])
    tender = by_text["periumbilical tenderness"]
    assert codes_of(tender["code"]) == {(SCT, "247348008")}
    assert codes_of(tender["bodySite"][0]) == {(SCT, "90290004")}
    assert codes_of(by_text["maculopapular rash"]["bodySite"][0]) == {(SCT, "66019005")}
    # "extremities" are limbs (round 20), and a name known whole is never read as a finding at a site:
    # "lower extremity oedema" stays *Edema of lower extremity*, not oedema at an extremity
    assert {(c.system, c.code) for c in lookup("body-site", "extremities")} == {(SCT, "66019005")}
    assert codes_of(by_text["two-dimensional echocardiography"]["code"]) == {(SCT, "40701008")}
    assert codes_of(by_text["plain abdominal radiograph"]["code"]) == {(LOINC, "37636-8")}
    infos = " ".join(i.message for i in conv.issues)
    assert "incomplete" in infos and "two-dimensional" in infos  # the broader code is said, not silent


@pytest.mark.parametrize(("drug", "code"), [
    ("prednisolone acetate 1% eye drops", "8638"),  # salt, strength and form: the ingredient
    ("prednisolone acetate", "8638"),
    ("timolol eye drops", "10600"),
    ("valacyclovir 1 g tablets", "73645"),
    ("losartan potassium", "52175"),
    ("hydrocortisone cream", "5492"),
    ("morphine sulfate", "7052"),
    ("Medrol Dosepak", "6902"),  # the brand's pack: its ingredient
    ("aspirin 81 mg daily", "1191"),  # how often: the same drug
    ("ceftriaxone 2 g twice daily", "2193"),
    ("paracetamol 1 g q6h", "161"),
])
def test_a_drug_named_with_its_form_strength_or_salt_is_its_ingredient(drug, code):
    case = f'fhirconv: "1"\nid: r16-drug\npatient: {{sex: male}}\nmedications:\n  - {{id: d, drug: "{drug}"}}\n'
    conv = convert_text(case, "r16drug.yaml")
    [statement] = [r for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    concept = statement["medicationCodeableConcept"]
    assert concept["text"] == drug
    assert (RXNORM, code) in {(c["system"], c["code"]) for c in concept["coding"]}


@pytest.mark.parametrize("drug", ["potassium chloride", "magnesium sulfate", "sodium bicarbonate"])
def test_a_salt_known_whole_keeps_its_own_code(drug):
    """Salt words are read off only when the whole name has no code: potassium chloride is not potassium."""
    whole = {(c.system, c.code) for c in lookup("medication", drug)}
    assert whole
    case = f'fhirconv: "1"\nid: r16-salt\npatient: {{sex: male}}\nmedications:\n  - {{id: d, drug: "{drug}"}}\n'
    conv = convert_text(case, "r16salt.yaml")
    [statement] = [r for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    assert {(c["system"], c["code"]) for c in statement["medicationCodeableConcept"]["coding"]} == whole


@pytest.mark.parametrize(("term", "code"), [
    ("CT angiography findings", "36834-0"), ("brain MRI results", "24590-2"),
    ("echocardiogram report", "42148-7"), ("blood culture results", "600-7"),
])
def test_a_study_or_test_named_with_its_findings_or_results_is_that_study(term, code):
    assert code in codes("observation", term, LOINC)


@pytest.mark.parametrize("term", ["troponin results", "PET-CT findings", "results", "findings"])
def test_findings_words_after_words_with_no_code_stay_text(term):
    assert lookup("observation", term) == ()
