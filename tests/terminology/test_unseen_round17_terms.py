"""Words of case reports in other specialties, written by people who had not read the tables: codes
that said something else are gone, and everyday qualifiers leave the concept coded."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


def resources(conv, resource_type: str | None = None) -> list[dict]:
    return [e["resource"] for e in conv.bundle["entry"]
            if resource_type is None or e["resource"]["resourceType"] == resource_type]


def coded(conv, field: str = "code", resource_type: str | None = None) -> dict[str, list[str]]:
    """Text -> codes of each resource's ``field`` (a CodeableConcept) in a conversion."""
    return {r[field]["text"]: [c["code"] for c in r[field].get("coding", [])]
            for r in resources(conv, resource_type) if field in r}


@pytest.mark.parametrize("term,wrong", [
    # ICD-10-CM's "Paranoia" is the delusional disorder; a case report's paranoia is a symptom
    ("paranoia", "F22"),
    # "Persistent vomiting" is an inclusion term of cyclical vomiting syndrome
    ("persistent vomiting", "R11.15"),
    # "Pregnancy NOS" is the status code of a pregnancy incidental to the encounter
    ("pregnancy", "Z33.1"),
    ("pregnant state", "Z33.1"),
])
def test_an_inclusion_term_that_means_something_else_is_no_key(term: str, wrong: str) -> None:
    assert wrong not in codes("condition", term)


def test_the_inclusion_terms_codes_keep_their_own_names() -> None:
    assert codes("condition", "delusional disorder") == ["48500005", "F22"]
    assert codes("condition", "cyclic vomiting syndrome") == ["R11.15"]
    assert codes("condition", "persistent vomiting") == ["196746003"]  # SNOMED CT's own concept
    assert codes("condition", "pregnancy") == codes("condition", "pregnant") == ["77386006"]


QUALIFIED = """\
fhirconv: "1"
id: qualified-words
patient: {sex: female}
conditions:
  - {id: af, condition: fast AF}
  - {id: lethargy, condition: extreme lethargy}
  - {id: shock, condition: obstructive shock}
  - {id: ataxia, condition: subtle ataxia}
  - {id: anaemia, condition: mild postoperative anaemia}
  - {id: thyroiditis, condition: subclinical autoimmune thyroiditis}
  - {id: pph, condition: postpartum haemorrhage}
medications:
  - {id: insulin, drug: regular insulin}
  - {id: oxygen, drug: high-flow oxygen}
procedures:
  - {id: lysis, procedure: systemic thrombolysis}
  - {id: avr, procedure: bioprosthetic aortic valve replacement}
"""


def test_words_that_say_when_how_much_or_which_kind_leave_the_concept_coded() -> None:
    """Each name is coded as the concept its other words name, the whole name kept as the text, with
    an information line; a name known whole (postpartum haemorrhage) keeps its own code."""
    conv = convert_text(QUALIFIED, "qualified.yaml")
    by_text = {**coded(conv), **coded(conv, "medicationCodeableConcept")}
    for text, rest in [("fast AF", "atrial fibrillation"), ("extreme lethargy", "lethargy"),
                       ("obstructive shock", "shock"), ("subtle ataxia", "ataxia"),
                       ("mild postoperative anaemia", "anaemia"),
                       ("subclinical autoimmune thyroiditis", "autoimmune thyroiditis"),
                       ("postpartum haemorrhage", "postpartum haemorrhage")]:
        # the rest's codes; an ICD-10-CM code titled "unspecified" (I48.91, R57.9, R27.0, D64.9) is not
        # written when a kind word was set aside
        found = match("condition", rest).concept
        expected = [c.code for c in found.codings if text == rest or "unspecified" not in c.display.lower()]
        assert by_text[text] and by_text[text] == expected, text
    for text, rest in [("regular insulin", "insulin"), ("high-flow oxygen", "oxygen")]:
        assert by_text[text] and by_text[text] == codes("medication", rest), text
    for text, rest in [("systemic thrombolysis", "thrombolysis"),
                       ("bioprosthetic aortic valve replacement", "aortic valve replacement")]:
        assert by_text[text] and by_text[text] == codes("procedure", rest), text
    severity = {r["code"]["text"]: r.get("severity", {}).get("text") for r in resources(conv, "Condition")}
    assert severity["mild postoperative anaemia"] == "mild"
    said = [i.message for i in conv.issues if "broader concept" in i.message]
    assert any("'postoperative'" in m for m in said) and any("'obstructive'" in m for m in said)


def test_a_strength_before_a_drug_and_a_disorder_as_a_results_value() -> None:
    case = """\
fhirconv: "1"
id: strengths-and-values
patient: {sex: male}
medications:
  - {id: hts, drug: 3% hypertonic saline}
  - {id: dex, drug: 50% dextrose}
  - {id: o2, drug: high flow oxygen}
observations:
  - {id: ecg, observation: ECG, value: {term: third-degree AV block}, category: procedure}
  - {id: ecg2, observation: ECG, value: {term: sinus tachycardia}, category: procedure}
"""
    conv = convert_text(case, "values.yaml")
    got = {**coded(conv, "medicationCodeableConcept"), **coded(conv, "valueCodeableConcept")}
    assert got["3% hypertonic saline"] and got["3% hypertonic saline"] == codes("medication", "saline")
    assert got["50% dextrose"] and got["50% dextrose"] == codes("medication", "dextrose")
    assert got["high flow oxygen"] and got["high flow oxygen"] == codes("medication", "oxygen")
    # no finding row has the block; the condition row's code is the value's
    assert codes("finding", "third-degree AV block") == []
    assert got["third-degree AV block"] and got["third-degree AV block"] == codes("condition", "third-degree AV block")
    assert got["sinus tachycardia"] == codes("finding", "sinus tachycardia")  # a finding stays a finding


@pytest.mark.parametrize("written,coded", [("preterm delivery", "premature delivery"),
                                           ("pre-term labour", "premature labor"),
                                           ("preterm infant", "premature infant")])
def test_preterm_reads_as_premature(written: str, coded: str) -> None:
    assert codes("condition", written) and codes("condition", written) == codes("condition", coded)


def test_preterm_before_premature_keeps_its_own_concept() -> None:
    """Preterm premature rupture of membranes is not the broader premature rupture of membranes."""
    assert codes("condition", "preterm premature rupture of membranes") == ["312974005"]
    assert codes("condition", "premature rupture of membranes") == ["44223004"]


def test_an_intent_without_a_code_of_its_own_is_the_broader_therapeutic_intent() -> None:
    case = """\
fhirconv: "1"
id: intents
patient: {sex: male}
medications:
  - {id: abx, drug: ceftriaxone, intent: empiric}
  - {id: cy, drug: cyclophosphamide, intent: conditioning}
  - {id: pa, drug: paracetamol, intent: palliative}
"""
    conv = convert_text(case, "intents.yaml")
    got = {r["extension"][0]["valueCodeableConcept"]["text"]: r["extension"][0]["valueCodeableConcept"].get("coding")
           for r in resources(conv, "MedicationStatement")}
    assert [c["code"] for c in got["empiric"]] == codes("intent", "therapeutic") == ["262202000"]
    assert got["conditioning"] is None  # no broader intent said for it: text, with a warning
    assert [c["code"] for c in got["palliative"]] == ["363676003"]  # a coded intent as before
    lines = [(i.severity, i.message) for i in conv.issues if i.expression and "intent" in i.expression]
    assert ("information", "intent 'empiric' is coded as 'therapeutic', the broader concept: 'empiric' is said "
            "in the text only") in lines
    assert not any(sev == "warning" and "'empiric'" in msg for sev, msg in lines)


@pytest.mark.parametrize("written,rest", [("chest tightness", "tight chest"), ("skin ulceration", "skin ulcer"),
                                          ("aortic valve disease", "aortic valve disorder"),
                                          ("valvular heart disease", "heart valve disorder"),
                                          ("cherry angioma", "senile angioma"),
                                          ("hepatic dysfunction", "abnormal liver function"),
                                          ("poor compliance with medication", "noncompliance with medication regimen"),
                                          ("ESRF", "end-stage renal disease"), ("term newborn", "term infant")])
def test_everyday_synonyms_of_the_tables_concepts(written: str, rest: str) -> None:
    assert codes("condition", written) and codes("condition", written) == codes("condition", rest)


def test_a_status_history_is_a_cancer_disease_status_only_for_a_cancer() -> None:
    """LOINC 97509-4 is *Cancer disease progression*: an anaphylaxis that recurs or a diabetes in
    remission has a clinical course, not a cancer's progression."""
    case = """\
fhirconv: "1"
id: courses
patient: {sex: female}
timeline:
  day0: {date: 2020-01-01}
conditions:
  - id: diabetes
    condition: type 2 diabetes mellitus
    history: [{id: dm-remission, status: remission, date: 2021-01-01}]
  - id: breast-cancer
    condition: breast cancer
    history: [{id: bc-relapse, status: relapse, date: 2021-06-01}]
  - id: myeloma
    condition: {term: multiple myeloma, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: C90.00}]}
    history: [{id: mm-remission, status: remission, date: 2021-03-01}]
"""
    conv = convert_text(case, "courses.yaml")
    by_focus = {}
    conditions = {e["fullUrl"]: e["resource"]["code"]["text"] for e in conv.bundle["entry"]
                  if e["resource"]["resourceType"] == "Condition"}
    for r in resources(conv, "Observation"):
        if r.get("focus"):
            by_focus[conditions[r["focus"][0]["reference"]]] = (
                r["code"]["text"], [c["code"] for c in r["code"]["coding"]])
    assert by_focus["type 2 diabetes mellitus"] == ("Course of condition", ["C35461"])
    assert by_focus["breast cancer"] == ("Disease status", ["97509-4"])  # SNOMED CT Malignant neoplasm of breast
    assert by_focus["multiple myeloma"] == ("Disease status", ["97509-4"])  # ICD-10-CM C90.00


NEWBORN = """\
fhirconv: "1"
id: newborn
patient: {sex: female, age: {days: 2, at: 2020-01-02}}
conditions:
  - {id: nec, condition: necrotizing enterocolitis}
  - {id: dehydration, condition: dehydration}
"""


@pytest.mark.parametrize("age,nec,dehydration", [
    ("{days: 2, at: 2020-01-02}", ["P77.9"], ["P74.1", "34095006"]),  # a newborn: chapter 16
    ("{years: 30, at: 2020-01-02}", ["K55.30"], ["E86.0", "34095006"]),  # an adult: as before
])
def test_a_newborns_condition_takes_the_newborns_icd10cm_code(age: str, nec: list[str],
                                                               dehydration: list[str]) -> None:
    """K55.3 excludes "necrotizing enterocolitis of newborn (P77.-)", E86.0 "dehydration of newborn
    (P74.1)": for a patient under 28 days old the adult codes are not written; the newborn's code for the
    same words is, when ICD-10-CM has exactly one."""
    conv = convert_text(NEWBORN.replace("{days: 2, at: 2020-01-02}", age), "newborn.yaml")
    got = coded(conv, resource_type="Condition")
    assert got == {"necrotizing enterocolitis": nec, "dehydration": dehydration}
    said = [i.message for i in conv.issues if "the patient is a newborn" in i.message]
    assert len(said) == (2 if "days" in age else 0)


def test_facial_palsy_is_not_bells_palsy_and_abdominal_cramps_are_no_muscle_cramp() -> None:
    assert codes("condition", "facial palsy") == ["280816001"]  # SNOMED CT Facial palsy, no G51.0
    assert "G51.0" in codes("condition", "Bell's palsy")
    assert codes("condition", "abdominal cramps") == codes("condition", "stomach cramps") == ["51197009"]
    assert "55300003" not in codes("condition", "abdominal cramping")  # Cramp: a muscle's


@pytest.mark.parametrize("written,spelt", [("CKD stage 3b", "chronic kidney disease stage 3b"),
                                           ("CKD stage 4", "chronic kidney disease stage 4"),
                                           ("UTI in pregnancy", "urinary tract infection in pregnancy")])
def test_an_abbreviation_among_the_words_reads_as_its_words(written: str, spelt: str) -> None:
    assert codes("condition", written) and codes("condition", written) == codes("condition", spelt)


def test_lower_case_words_and_unknown_capitals_are_not_expanded() -> None:
    assert codes("condition", "ckd stage 3b") == []  # "ckd" in lower case is not read as an abbreviation
    assert codes("condition", "XYZ stage 3b") == []


def test_an_intentional_overdose_of_a_named_drug() -> None:
    case = """\
fhirconv: "1"
id: overdoses
patient: {sex: female}
conditions:
  - {id: od1, condition: intentional amlodipine overdose}
  - {id: od2, condition: lithium overdose}
"""
    conv = convert_text(case, "od.yaml")
    got = coded(conv, resource_type="Condition")
    assert got["intentional amlodipine overdose"] == codes("condition", "intentional drug overdose") == ["59274003"]
    assert got["lithium overdose"] == codes("condition", "drug overdose")


def test_a_procedure_named_with_its_site_after_words_of_approach_or_with_its_own_body_site() -> None:
    case = """\
fhirconv: "1"
id: sited
patient: {sex: male}
procedures:
  - {id: b1, procedure: muscle biopsy, body_site: {site: thigh}}
  - {id: b2, procedure: stereotactic brain biopsy}
  - {id: b3, procedure: renal biopsy, body_site: {site: kidney}}
"""
    conv = convert_text(case, "sited.yaml")
    got = {r["code"]["text"]: (coded(conv, resource_type="Procedure")[r["code"]["text"]],
                               [b.get("text") for b in r.get("bodySite", [])]) for r in resources(conv, "Procedure")}
    biopsy = codes("procedure", "biopsy")
    assert got["muscle biopsy"] == (biopsy, ["thigh"])  # the item's own site
    assert got["stereotactic brain biopsy"] == (biopsy, ["brain"])
    assert got["renal biopsy"] == (codes("procedure", "kidney biopsy"), ["kidney"])  # known whole: as before


@pytest.mark.parametrize("course,code", [("worsened", "230993007"), ("unchanged", "260388006"),
                                         ("improved", "C125459")])
def test_every_course_value_is_coded(course: str, code: str) -> None:
    case = f"""\
fhirconv: "1"
id: course
patient: {{sex: male}}
conditions:
  - {{id: ckd, condition: chronic kidney disease}}
observations:
  - {{id: c1, response: {course}, focus: ckd, date: 2020-02-01}}
"""
    conv = convert_text(case, "course.yaml")
    obs = next(r for r in resources(conv, "Observation") if r["code"].get("text") == "Course of condition")
    assert [c["code"] for c in obs["valueCodeableConcept"]["coding"]] == [code]
