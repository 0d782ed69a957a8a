"""Words of round 21's case reports (dermatology, nephrology, hepatology, obstetrics, neurology,
solid-tumour oncology, infectious disease, haematology, paediatrics, psychiatry), written by people
who had not read the tables: hyphened combining forms, other names of one enzyme or study, a stage
before the name, metastases named with their primary, a cause that rules out a residual code, a
surgery named only by its approach."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


def convert(items: str, patient: str = "{sex: female}") -> object:
    return convert_text(f'fhirconv: "1"\nid: r21\npatient: {patient}\n{items}', "case.yaml")


def first(conv: object, rtype: str, text: str | None = None) -> dict:
    return next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == rtype  # type: ignore[attr-defined]
                and (text is None or e["resource"].get("code", {}).get("text") == text))


@pytest.mark.parametrize("written,key", [
    ("maculo-papular rash", "maculopapular rash"),
    ("acute tubulo-interstitial nephritis", "acute tubulointerstitial nephritis"),
    ("gastro-oesophageal reflux", "gastroesophageal reflux"),
    ("oesophago-gastro-duodenoscopy", "esophagogastroduodenoscopy"),  # each form joins the next
    ("broncho alveolar lavage", "bronchoalveolar lavage"),
    ("alanine transaminase", "alanine aminotransferase"),
    ("carotid ultrasonography", "carotid ultrasound"),
])
def test_combining_forms_and_other_names_are_one_key(written: str, key: str) -> None:
    assert normalize(written) == key


@pytest.mark.parametrize("written,key", [("neuro exam", "neuro examination"), ("chemo regimen", "chemo regimen"),
                                         ("echo doppler", "echo doppler")])
def test_short_words_written_alone_stay_apart(written: str, key: str) -> None:
    assert normalize(written) == key  # "neuro" joins no word ("exam" is an examination's short word)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "maculo-papular rash", ["247471006"]),
    ("observation", "alanine transaminase", ["1742-6"]),
    ("procedure", "carotid ultrasonography", ["24616-5"]),
    ("condition", "fits", ["91175000"]),  # Seizure: a word of four letters is never made singular
    ("condition", "facial nerve palsy", ["280816001"]),
    ("procedure", "laparoscopic surgery", ["73632009"]),
    ("procedure", "partial hepatic resection", ["71273005"]),
    ("observation", "eGFR (CKD-EPI)", ["62238-1"]),
    ("observation", "prothrombin time INR", ["6301-6"]),
    ("observation", "carbohydrate antigen 19-9", ["24108-3"]),
    ("condition", "thrombocytopenia", ["D69.6", "302215000"]),
    ("condition", "hepatitis", ["K75.9", "128241005"]),
])
def test_words_of_round_21(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_acute_tubulo_interstitial_nephritis_is_no_pyelonephritis() -> None:
    # ICD-10-CM files the words under N10 *Acute pyelonephritis* (an infection); most are drug-induced
    assert "N10" not in codes("condition", "acute tubulo-interstitial nephritis")
    conv = convert("conditions:\n  - {id: c, condition: acute tubulo-interstitial nephritis}\n")
    assert [c["code"] for c in first(conv, "Condition")["code"]["coding"]] == ["428255004"]
    assert codes("condition", "acute pyelonephritis")[0] == "N10"


def test_a_stage_before_the_name_is_read_after_it() -> None:
    conv = convert("conditions:\n  - {id: c, condition: stage 3b chronic kidney disease}\n")
    condition = first(conv, "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == ["N18.32"]
    assert condition["code"]["text"] == "stage 3b chronic kidney disease"


@pytest.mark.parametrize("term,expected", [
    ("colorectal liver metastases", "C78.7"),
    ("breast cancer brain metastases", "C79.31"),
    ("melanoma bone metastasis", "C79.51"),
])
def test_metastases_named_with_their_primary_are_the_secondary_cancer(term: str, expected: str) -> None:
    conv = convert(f"conditions:\n  - {{id: c, condition: {term}}}\n")
    condition = first(conv, "Condition")
    assert expected in [c["code"] for c in condition["code"]["coding"]]
    told = [i for i in conv.issues if "secondary cancer" in i.message]
    assert told and "words of the primary tumour" in told[0].message


def test_a_thyroiditis_due_to_a_drug_takes_no_residual_code() -> None:
    conv = convert("medications:\n  - {id: ipi, drug: ipilimumab}\n"
                   "conditions:\n  - {id: t, condition: thyroiditis, due_to: ipi}\n"
                   "  - {id: u, condition: thyroiditis}\n")
    caused, plain = [e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition"]
    assert [c["code"] for c in caused["code"]["coding"]] == ["82119001"]  # E06.9 dropped: E06.4 is drug-induced
    assert "E06.9" in [c["code"] for c in plain["code"]["coding"]]


def test_a_thrombocytopenia_with_a_cause_keeps_its_snomed_ct_concept() -> None:
    conv = convert("conditions:\n  - {id: h, condition: HELLP syndrome}\n"
                   "  - {id: t, condition: thrombocytopenia, due_to: h}\n")
    condition = first(conv, "Condition", "thrombocytopenia")
    assert [c["code"] for c in condition["code"]["coding"]] == ["302215000"]


@pytest.mark.parametrize("term", ["laparoscopic surgery", "emergency surgery", "elective operation"])
def test_a_surgery_named_only_by_its_approach_is_never_any_surgery(term: str) -> None:
    conv = convert(f"procedures:\n  - {{id: p, procedure: {term}}}\n")
    assert "387713003" not in [c["code"] for c in first(conv, "Procedure")["code"].get("coding", [])]


@pytest.mark.parametrize("term,expected", [
    ("adjuvant radiotherapy", "1287742003"),
    ("intensive physiotherapy", "91251008"),
])
def test_the_aim_or_dose_of_a_treatment_leaves_the_treatment(term: str, expected: str) -> None:
    conv = convert(f"procedures:\n  - {{id: p, procedure: {term}}}\n")
    proc = first(conv, "Procedure")
    assert [c["code"] for c in proc["code"]["coding"]] == [expected] and proc["code"]["text"] == term


def test_an_outcome_of_death_makes_the_patient_deceased() -> None:
    conv = convert("", patient="{sex: male, outcome: {status: deceased, date: 2020}}")
    assert first(conv, "Patient")["deceasedBoolean"] is True
    alive = convert("", patient="{sex: male, outcome: {status: alive, date: 2020}}")
    assert "deceasedBoolean" not in first(alive, "Patient")
    with pytest.raises(FhirconvError) as err:
        convert("", patient="{sex: male, deceased: false, outcome: {status: deceased, date: 2020}}")
    assert "deceased: false" in err.value.issues[0].message


@pytest.mark.parametrize("term,expected", [
    ("acute hypoxic respiratory failure", ["J96.01"]),
    ("acute hypercapnic respiratory failure", ["J96.02"]),
    ("anoxic brain injury", ["G93.1"]),
    ("acquired hemophilia A", ["D68.311"]),
    ("falciparum malaria", ["B50.9"]),
    ("severe falciparum malaria", ["B50.8"]),  # *Other severe and complicated Plasmodium falciparum malaria*
    ("elevated LDH", ["R74.02"]),
    ("urea cycle disorder", ["E72.20"]),
    ("autoimmune thrombocytopenic purpura", ["D69.3", "2897005"]),
    ("gum bleeding", ["86276007"]),
])
def test_words_of_round_21_infection_and_haematology(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


@pytest.mark.parametrize("term,not_written", [
    ("purpura", "D69.2"),  # *Other nonthrombocytopenic purpura* for "Purpura NOS"
    ("hyperammonemia", "E72.20"),  # *Disorder of urea cycle metabolism* for "Hyperammonemia"
])
def test_an_inclusion_term_whose_title_says_more_is_no_key(term: str, not_written: str) -> None:
    assert not_written not in codes("condition", term)


def test_a_disseminated_infection_is_the_infection() -> None:
    conv = convert("conditions:\n  - {id: c, condition: disseminated histoplasmosis}\n")
    assert "12962009" in [c["code"] for c in first(conv, "Condition")["code"]["coding"]]


def test_a_close_term_shares_a_word_with_its_codes_title() -> None:
    from fhirconv.terminology.matching import suggestions

    # "Arrest" is an inclusion term of Z65.3 *Problems related to other legal circumstances*
    hints = [c.codings[0].code for c in suggestions("condition", "PEA arrest")]
    assert "Z65.3" not in hints and hints[0] == "410429000"  # Cardiac arrest


def test_a_residual_code_stays_when_its_siblings_are_other_disorders() -> None:
    # G93.1 *Anoxic brain damage, not elsewhere classified* beside G93.8 *Other specified disorders of
    # brain*: a cardiac arrest's anoxic brain damage is G93.1; a thyroiditis due to a drug is not E06.9
    conv = convert("conditions:\n  - {id: arrest, condition: cardiac arrest}\n"
                   "  - {id: b, condition: anoxic brain injury, due_to: arrest}\n")
    assert [c["code"] for c in first(conv, "Condition", "anoxic brain injury")["code"]["coding"]] == ["G93.1"]


@pytest.mark.parametrize("term,unit,expected", [
    ("white cell count", "10*3/uL", "26464-8"),  # Leukocytes [#/volume] in Blood: no method said
    ("platelet count", "10*3/uL", "26515-7"),
    ("neutrophils", "%", "26511-6"),
    ("lymphocytes", "%", "26478-8"),
    ("eosinophil count", "10*3/uL", "26449-9"),
])
def test_a_blood_count_whose_method_is_not_said_takes_the_method_free_code(term: str, unit: str,
                                                                        expected: str) -> None:
    conv = convert(f"observations:\n  - {{id: o, observation: {term}, category: laboratory, value: 5,"
                   f" unit: '{unit}'}}\n")
    code = first(conv, "Observation")["code"]["coding"][0]
    assert code["code"] == expected and "Automated" not in code["display"]
