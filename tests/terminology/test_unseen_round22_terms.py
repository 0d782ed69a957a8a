"""Words of round 22's case reports (ophthalmology, ENT, oral surgery; urology, cardiology, vascular
medicine; neonatology, rheumatology, endocrinology), written by people who had not read the tables:
an abbreviation in brackets after its words, a gland named as its organ, ECG intervals with a hyphen,
kind words (metastatic, purulent, immature, coalescent) and what their readings may not leave."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


def condition(name: str) -> dict:
    conv = convert_text(f'fhirconv: "1"\nid: r22\npatient: {{sex: male}}\nconditions:\n'
                        f'  - {{id: c, condition: "{name}"}}\n', "case.yaml")
    return next(r for r in conv.resources if r["resourceType"] == "Condition")


@pytest.mark.parametrize("kind,term,expected", [
    ("medication", "Desmopressin (DDAVP)", ["73454001", "3251"]),  # the bracketed abbreviation says the words again
    ("observation", "C-reactive protein (CRP)", ["1988-5"]),
    ("body-site", "pituitary gland", ["56329008"]),  # Pituitary structure
    ("body-site", "parathyroid gland", ["111002"]),
    ("observation", "Q-Tc interval", ["8636-3"]),
    ("observation", "17-OHP", ["1668-3"]),
    ("observation", "uroculture", ["630-4"]),
    ("observation", "carbohydrate antigen 125", ["10334-1"]),
    ("condition", "frequent urination", ["R35.0", "162116003"]),  # and *Increased frequency of urination*
    ("condition", "lethargic", ["214264003"]),
    ("condition", "respiratory difficulty", ["230145002"]),
    ("medication", "cyclosporine A", ["3008"]),
    ("condition", "lung metastases", ["C78.00", "94391008"]),
    ("condition", "premature ventricular contractions", ["I49.3", "17338001"]),
    ("condition", "PVCs", ["I49.3", "17338001"]),
    ("condition", "decayed teeth", ["K02.9", "80967001"]),
    ("procedure", "tooth removal", ["55162003"]),
    ("procedure", "cystoscopy", ["386745004"]),
    ("procedure", "pars plana vitrectomy", ["87021001"]),
    ("procedure", "pulmonary HRCT scan", ["169069000"]),
    ("condition", "pale", ["R23.1", "398979000"]),  # *Pale complexion* since round 71
    ("procedure", "parathyroid gland resection", ["53304009"]),
    ("medication", "NaCl", ["777553004", "9863"]),
])
def test_words_of_round_22(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_a_bracket_that_is_no_abbreviation_is_not_dropped() -> None:
    # "(type 2)" narrows the concept: the words are not read without it
    assert normalize("Q-T interval") == "qt interval" and normalize("T-cell lymphoma") == "t cell lymphoma"
    assert codes("condition", "hyperglycaemia (left)") == []


@pytest.mark.parametrize("name,expected", [
    ("metastatic prostate cancer", "C61"),  # the primary cancer; its metastases are conditions of their own
    ("purulent otorrhea", "65668001"),
    ("immature senile cataract", "39450006"),
    ("coalescent mastoiditis", "52404001"),
])
def test_kind_words_leave_the_broader_concept(name: str, expected: str) -> None:
    resource = condition(name)
    assert expected in [c["code"] for c in resource["code"]["coding"]] and resource["code"]["text"] == name


@pytest.mark.parametrize("name", ["progressive disease", "recurrent disease", "widespread disease"])
def test_a_reading_never_leaves_a_bare_disease(name: str) -> None:
    assert codes("condition", "disease") == ["64572001"]  # *Disease*: what the kind word would leave
    assert "coding" not in condition(name)["code"]


def test_an_eye_or_ear_disorder_at_a_side_takes_icd_10_cms_code_of_that_side() -> None:
    conv = convert_text('fhirconv: "1"\nid: side\npatient: {sex: female}\nconditions:\n'
                        "  - {id: a, condition: acute angle-closure glaucoma,"
                        " body_site: {site: eye, laterality: left}}\n"
                        "  - {id: b, condition: hypopyon, body_site: {site: anterior chamber, laterality: right}}\n"
                        "  - {id: c, condition: malignant otitis externa, body_site: {site: ear, laterality: right}}\n"
                        "  - {id: d, condition: acute angle-closure glaucoma,"
                        " body_site: {site: eye, laterality: bilateral}}\n"
                        "  - {id: e, condition: cellulitis, body_site: {site: leg, laterality: left}}\n"
                        "  - {id: f, condition: hypopyon}\n", "case.yaml")
    icd = [[c["code"] for c in r["code"].get("coding", []) if "icd-10" in c["system"]]
           for r in conv.resources if r["resourceType"] == "Condition"]
    # a limb: no side code guessed (ICD-10-CM's unsided *Cellulitis, unspecified*, as for the words alone)
    # without a side, ICD-10-CM's code of the unsaid side (H20.059 *Hypopyon, unspecified eye*)
    assert icd == [["H40.212"], ["H20.051"], ["H60.21"], ["H40.213"], ["L03.90"], ["H20.059"]]
    told = [i for i in conv.issues if "the code of that side" in i.message]
    assert len(told) == 4 and all(i.severity == "information" for i in told)
    assert not [i for i in conv.issues if "no code known for condition 'hypopyon'" in i.message]


@pytest.mark.parametrize("drug,expected", [("intravitreal antibiotics", "255631004"), ("ophthalmic timolol", "10600")])
def test_a_route_of_the_eye_or_ear_before_a_drug_leaves_the_drug(drug: str, expected: str) -> None:
    conv = convert_text(f'fhirconv: "1"\nid: r22\npatient: {{sex: female}}\nmedications:\n'
                        f'  - {{id: m, drug: {drug}}}\n', "case.yaml")
    statement = next(r for r in conv.resources if r["resourceType"] == "MedicationStatement")
    assert [c["code"] for c in statement["medicationCodeableConcept"]["coding"]] == [expected]


@pytest.mark.parametrize("name,expected,said", [
    ("kidney biopsy histopathology", "11526-1", "kidney biopsy"),  # LOINC *Pathology study*
    ("histology of the liver biopsy", "11526-1", "liver biopsy"),
    ("vitreous culture", "11475-1", "vitreous"),  # the culture of an unstated specimen
])
def test_a_biopsys_pathology_and_a_culture_of_the_eye_are_read(name: str, expected: str, said: str) -> None:
    conv = convert_text(f'fhirconv: "1"\nid: r22\npatient: {{sex: female}}\nobservations:\n'
                        f'  - {{id: o, observation: {name}, value: as described}}\n', "case.yaml")
    obs = next(r for r in conv.resources if r["resourceType"] == "Observation")
    assert [c["code"] for c in obs["code"]["coding"]] == [expected] and obs["code"]["text"] == name
    assert any(f"{said!r} is said in the text only" in i.message for i in conv.issues)
