"""Words of rounds 40 to 43's case reports (dermatology, obstetrics, haematology, pulmonology,
zoonoses; paediatric endocrinology, vascular surgery, neurosurgery; cardiology, gastroenterology,
oncology, infectious disease, paediatrics, neurology; endocrinology, nephrology, rheumatology,
toxicology, general medicine), written by people who had not read the tables: the readings and rows
their review added, and what stays text."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match

ICD_I44_1 = "I44.1"  # *Atrioventricular block, second degree*: types I and II, Möbitz, Wenckebach
SECOND_DEGREE = "195042002"  # SNOMED CT *Second degree atrioventricular block* (GPS)


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("term,expected", [
    # the degree written with a number, the block said as AV or heart block: one concept
    ("2nd degree AV block", [SECOND_DEGREE]),
    ("second-degree AV block", [SECOND_DEGREE]),
    ("second degree heart block", [SECOND_DEGREE]),
    ("first degree heart block", ["270492004"]),
    ("third-degree AV block", ["27885002"]),  # *Complete atrioventricular block*
    ("A-V block", ["233917008", "I44.30"]),
    # Mobitz's types, as ICD-10-CM's inclusion terms name them (*Möbitz block, type I and II*)
    ("Mobitz type I", [ICD_I44_1]),
    ("Mobitz type II block", sorted(["28189009", ICD_I44_1])),  # SNOMED CT's own concept too (GPS)
    ("Möbitz block, type II", sorted(["28189009", ICD_I44_1])),
    ("Mobitz type I second degree AV block", [ICD_I44_1]),
    ("second degree AV block, Mobitz type II", sorted(["28189009", ICD_I44_1])),
])
def test_heart_block_by_degree_and_by_mobitz_type(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


def test_av_is_read_as_atrioventricular_only_before_block_and_the_node() -> None:
    assert codes("condition", "AV fistula") == []  # arteriovenous: not read as atrioventricular
    assert codes("condition", "AV block") == codes("condition", "atrioventricular block")


@pytest.mark.parametrize("term,broader", [
    ("noncontrast CT scan", "77477000"), ("unenhanced CT", "77477000"),
    ("nonenhanced computed tomographic scan", "77477000"),
    ("non-enhanced CT of the head", "303653007"),  # *Computed tomography of head*
    ("trans-abdominal ultrasound", "16310003"),  # as "transabdominal"
])
def test_a_study_without_contrast_or_through_the_abdomen_is_the_study(term: str, broader: str) -> None:
    conv = convert_text('fhirconv: "1"\nid: p\npatient: {sex: female}\nprocedures:\n'
                        f"  - {{id: a, procedure: {term}}}\n", "case.yaml")
    proc = next(r for r in conv.resources if r["resourceType"] == "Procedure")
    assert [c["code"] for c in proc["code"]["coding"]] == [broader]
    assert any("is said in the text only" in i.message for i in conv.issues)  # the user is told


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "rigours", ["248456009"]),  # British spelling of rigors: *Shivering or rigors*
    ("condition", "COVID-19 infection", ["840539006", "U07.1"]),
    ("observation", "pack-years", ["401201003"]),  # *Cigarette pack-years*, mCODE's example
    ("observation", "tobacco smoking history in pack-years", ["401201003"]),
    ("observation", "C1 esterase inhibitor", ["4477-6"]),  # the mass concentration, serum or plasma
    ("observation", "AMH", ["38476-8"]),  # *Mullerian inhibiting substance [Mass/volume] in Serum or Plasma*
    ("finding", "normotensive", ["2004005"]),
    ("substance", "povidone-iodine", ["386989006"]),
    ("condition", "subcutaneous haematoma", ["5309003"]),
    ("procedure", "laminotomy", ["261540001"]),
    ("procedure", "embryo transfer", ["75456002"]),
    ("procedure", "oocyte retrieval", ["177037000"]),  # *Oocyte recovery*
    ("procedure", "median laparotomy", ["86481000"]),
    ("condition", "feverish", ["103001002"]),  # *Feeling feverish*
    # "X bleed", as "X bleeding": the hemorrhage of that site
    ("condition", "lower gastrointestinal bleed", ["87763006"]),
    ("condition", "gastrointestinal bleed", ["74474003", "K92.2"]),
    ("condition", "failed renal transplant", ["T86.12"]),  # *Kidney transplant failure*
    ("observation", "NT-Pro-B-type natriuretic peptide", ["33762-6"]),
    ("observation", "bowel sounds", ["87042004"]), ("observation", "skin turgor", ["26669000"]),
    # stay text: the specimen unsaid (serum or urine), a combination no open artefact codes
    ("observation", "myoglobin", []),
    ("medication", "levodopa/carbidopa", ["103990"]),  # RxNorm carbidopa / levodopa
])
def test_round40_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("term", ["due to cytomegalovirus", "secondary to trauma", "caused by E. coli"])
def test_a_name_that_is_only_a_cause_converts_as_text(term: str) -> None:
    """A condition written as its cause alone was an internal error (the joining words split nothing
    off before them); it is text, with the usual warning."""
    conv = convert_text('fhirconv: "1"\nid: c\npatient: {sex: female}\nconditions:\n'
                        f"  - {{id: a, condition: {term}}}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert cond["code"] == {"text": term}
    assert any(i.severity == "warning" and "no code known" in i.message for i in conv.issues)


def test_a_newborns_code_set_aside_with_none_instead_is_a_warning() -> None:
    """R40.0 *Somnolence* excludes neonatal coma (P91.5): for a newborn the code is not written, and
    when no newborn's code takes its place the condition is left without one, which the user is told
    by default (a warning, not an information)."""
    conv = convert_text('fhirconv: "1"\nid: n\npatient: {sex: female, age: {days: 7, at: 2020-01-08}}\n'
                        "conditions:\n  - {id: a, condition: somnolence}\n", "case.yaml")
    said = [i for i in conv.issues if "the patient is a newborn" in i.message]
    assert [i.severity for i in said] == ["warning"]


def test_a_disorder_asked_about_is_its_rows_snomed_concept_and_a_test_result_stays_text() -> None:
    """"hypertension: absent" (a disorder asked about, whose row is a SNOMED CT disorder and an
    ICD-10-CM code) is the disorder valued *Absent*, its SNOMED CT coding alone; "family history of
    diabetes: absent" the GPS situation by the disorder's other name; "HIV: negative" a test's result,
    text."""
    conv = convert_text('fhirconv: "1"\nid: neg\npatient: {sex: female}\nobservations:\n'
                        "  - {id: a, observation: hypertension, value: absent, date: 2020-01-01}\n"
                        "  - {id: b, observation: family history of diabetes, value: absent, date: 2020-01-01}\n"
                        "  - {id: c, observation: HIV, value: negative, date: 2020-01-01}\n"
                        "  - {id: d, observation: family history, value: not significant, date: 2020-01-01}\n"
                        "  - {id: e, observation: general appearance, category: exam, value: ill-looking,"
                        " date: 2020-01-01}\n"
                        "  - {id: f, observation: mental status, category: exam, value: confused, date: 2020-01-01}\n",
                        "case.yaml")
    obs = dict(zip("abcdef", [r for r in conv.resources if r["resourceType"] == "Observation"], strict=True))
    codes_of = {k: [c["code"] for c in r["code"].get("coding", [])] for k, r in obs.items()}
    assert codes_of == {"a": ["38341003"], "b": ["160303001"], "c": [], "d": ["10157-6"], "e": ["10210-3"],
                        "f": ["10190-7"]}
    assert obs["a"]["valueCodeableConcept"]["coding"][0]["code"] == "2667000"  # Absent


@pytest.mark.parametrize("term,expected", [
    ("statin-induced myopathy", ["G72.0"]),  # *Drug-induced myopathy*: statin is a drug class of the tables
    ("hydralazine-induced lupus", ["M32.0"]),  # by the row's name: *Drug-induced systemic lupus erythematosus*
    ("isoniazid-induced polyneuropathy", ["G62.0"]),
    # not a drug: no drug-induced concept (the mapper's broader reading gives *Cardiomyopathy*, told)
    ("tachycardia-induced cardiomyopathy", []),
    ("scorpion sting", ["T63.2X1A"]),  # toxic effect of the venom, accidental as ICD-10-CM's default intent
    ("scorpion envenomation", ["T63.2X1A"]),
    ("low libido", ["R68.82"]),
])
def test_a_disorder_induced_by_a_named_drug_and_other_round43_words(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


@pytest.mark.parametrize("term,expected", [
    ("1,25-OH vitamin D", ["1649-3"]), ("1,25-dihydroxyvitamin D", ["1649-3"]),  # *Calcitriol*
    ("1,25(OH)2D3", ["1649-3"]),
    ("vitamin D", []),  # 25-hydroxy or 1,25-dihydroxy: the words do not say
])
def test_calcitriol_by_its_names(term: str, expected: list[str]) -> None:
    assert codes("observation", term) == expected


@pytest.mark.parametrize("term,expected", [
    ("jejunum", ["21306003"]),  # *Jejunal structure* (GPS): the site's noun read as its adjective
    ("endometrium", ["2739003"]), ("urethra", ["13648007"]),
    ("kidney", ["64033007"]),  # a row already: unchanged
])
def test_a_site_snomed_ct_names_by_its_adjective(term: str, expected: list[str]) -> None:
    assert codes("body-site", term) == expected


def test_profuse_and_copious_say_how_much_as_heavy_does() -> None:
    conv = convert_text('fhirconv: "1"\nid: s\npatient: {sex: female}\nconditions:\n'
                        "  - {id: a, condition: profuse sweating}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"]["coding"]] == ["415690000"]  # *Sweating*, the broader concept
    assert any("'profuse' is said in the text only" in i.message for i in conv.issues)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "hypoxic respiratory failure", ["J96.91"]),  # *Respiratory failure, unspecified with hypoxia*
    ("condition", "acute hypoxic respiratory failure", ["J96.01"]),  # the acute code, as before
    ("condition", "pericardial tamponade", ["35304003", "I31.4"]),  # *Cardiac tamponade*
    ("condition", "genital herpes", ["33839006"]),  # *Genital herpes simplex*, GPS
    ("finding", "MSSA", ["417943000"]), ("finding", "methicillin sensitive Staphylococcus aureus", ["417943000"]),
    ("body-site", "pancreatic head", ["64163001"]),  # *Structure of head of pancreas*, mCODE
])
def test_round45_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "PIMS-TS", ["M35.81"]),  # *Multisystem inflammatory syndrome*: its inclusion terms name PIMS
    ("condition", "paediatric inflammatory multisystem syndrome temporally associated with SARS-CoV-2", ["M35.81"]),
    ("condition", "small bowel perforation", ["235741002"]),  # *Perforation of small intestine*, GPS
    ("observation", "SARS-CoV-2 RNA in respiratory specimen by PCR", ["94500-6"]),
    ("observation", "SARS-CoV-2 RNA in stool by PCR", []),  # another specimen: no code of the respiratory one
])
def test_round46_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)
