"""A disorder said with what goes with it or what caused it ("atrial fibrillation with rapid
ventricular response", "seizures secondary to hyponatraemia") is the disorder before the joining
words when the whole name has no code: a broader concept, the rest in the text
(``fhirconv.mappers.qualifiers.clause_reading``); and findings that keep their meaning at any site
now include cellulitis, abscess, fracture, wound, burn and deep vein thrombosis."""

from __future__ import annotations

import pytest

from fhirconv.mappers.qualifiers import clause_reading
from tests.terminology.known import converted


@pytest.mark.parametrize(("name", "rest", "aside"), [
    ("atrial fibrillation with rapid ventricular response", "atrial fibrillation", "with rapid ventricular response"),
    # (with *reduced* ejection fraction is ICD-10-CM's I50.20 whole: an inclusion term of I50.2)
    ("heart failure with mildly reduced ejection fraction", "heart failure", "with mildly reduced ejection fraction"),
    ("seizures secondary to hyponatremia", "seizures", "secondary to hyponatremia"),
    ("respiratory failure requiring intubation", "respiratory failure", "requiring intubation"),
    ("pneumonia complicated by empyema", "pneumonia", "complicated by empyema"),
    ("cardiac arrest due to hyperkalemia", "cardiac arrest", "due to hyperkalemia"),
    ("fever for five days", "fever", "for five days"),  # how long it lasted
    ("cough of two weeks' duration", "cough", "of two weeks' duration"),
    ("vomiting x 2 days", "vomiting", "x 2 days"),
    ("chest pain radiating to the left arm", "chest pain", "radiating to the left arm"),
    ("asthma flare", "asthma", "flare"),  # a flare, attack or relapse of the disorder is the disorder
    ("multiple sclerosis relapse", "multiple sclerosis", "relapse"),
])
def test_the_disorder_before_the_joining_words(name, rest, aside):
    found = clause_reading(name)
    assert found is not None and (found.rest, found.narrowing) == (rest, (aside,)), found


@pytest.mark.parametrize("name", [
    "type 2 diabetes mellitus without complications",  # a code of its own: not read
    "patient with fever",  # no disorder before "with"
    "fever",  # no joining words
])
def test_no_clause_reading(name):
    assert clause_reading(name) is None


@pytest.mark.parametrize(("name", "code", "site"), [
    ("deep vein thrombosis of the left leg", "128053003", "left leg"),
    ("cellulitis of the left leg", "128045006", "left leg"),
    ("left leg cellulitis", "128045006", "left leg"),
    ("abscess of the right thigh", "128477000", "right thigh"),
    ("septic arthritis of the left hip", "48245008", "left hip"),
    ("osteomyelitis of the right tibia", "60168000", "right tibia"),
])
def test_findings_named_with_their_site(tmp_path, name, code, site):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            f"conditions:\n  - {{id: c, condition: {name}}}\n")
    result, found = converted(tmp_path, case, ("Condition",))
    assert list(found) == [name] and found[name][:1] == [code]  # beside it, ICD-10-CM's unsided title's code
    condition = next(e["resource"] for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert condition["bodySite"][0]["text"] == site, condition["bodySite"]
    side = condition["bodySite"][0]["extension"][0]["valueCodeableConcept"]["text"]
    assert side == site.split()[0], condition["bodySite"]


def test_the_is_no_part_of_a_key():
    from fhirconv.terminology.matching import match
    from fhirconv.terminology.normalize import normalize

    assert normalize("transient tachypnea of the newborn") == normalize("transient tachypnoea of newborn")
    assert normalize("the") == "the"  # a first word stays
    assert "P22.1" in [c.code for c in match("condition", "transient tachypnea of the newborn").concept.codings]


@pytest.mark.parametrize(("name", "rest", "aside"), [
    ("PCI with drug-eluting stent to the LAD", "PCI", "with drug-eluting stent to the LAD"),
    ("intubation using video laryngoscopy", "intubation", "using video laryngoscopy"),
    ("liver biopsy under ultrasound guidance", "liver biopsy", "under ultrasound guidance"),
])
def test_a_procedure_said_with_how_it_was_done(name, rest, aside):
    from fhirconv.mappers.qualifiers import procedure_clause

    found = procedure_clause(name)
    assert found is not None and (found.rest, found.narrowing) == (rest, (aside,)), found


@pytest.mark.parametrize(("name", "code"), [
    ("electrical cardioversion", "250980009"),  # how energy or a drug is given: the procedure itself
    ("synchronized cardioversion", "250980009"),
    ("intravenous thrombolysis", "426347000"),
])
def test_how_a_procedure_is_given_is_a_leading_word(tmp_path, name, code):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            f"procedures:\n  - {{id: p, procedure: {name}, status: completed}}\n")
    _, found = converted(tmp_path, case, ("Procedure",))
    assert found == {name: [code]}


@pytest.mark.parametrize(("name", "code"), [
    ("IV methylprednisolone pulse", "6902"),  # RxNorm methylprednisolone
    ("heparin drip", "5224"),
    ("ceftriaxone therapy", "2193"),
    ("hydroxychloroquine tablets", "5521"),
])
def test_a_drug_named_with_how_it_is_given_after_it(tmp_path, name, code):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            f"medications:\n  - {{id: m, drug: {name}, status: active}}\n")
    result, found = converted(tmp_path, case, ("MedicationStatement",))
    assert found == {name: [code]}
    assert any(f"medication {name!r} is coded as" in i.message for i in result.issues)


def test_a_drug_word_alone_is_not_read():
    from fhirconv.mappers.qualifiers import _given_as

    assert _given_as("infusion") is None  # nothing before it
    assert _given_as("ceftriaxone") is None  # nothing after it


@pytest.mark.parametrize(("name", "code", "site"), [
    ("painful swelling of the right knee", "65124004", "right knee"),  # Swelling, a kind of it in the text
    # the finding named with its site has a concept (the abdomen read as "abdominal"): that is taken,
    # its site in the code, not a bodySite
    ("diffuse tenderness of the abdomen", "43478001", None),
    ("diffuse tenderness of the calf", "247348008", "calf"),
])
def test_a_kind_of_a_finding_at_a_site(tmp_path, name, code, site):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            f"conditions:\n  - {{id: c, condition: {name}}}\n")
    result, found = converted(tmp_path, case, ("Condition",))
    assert found == {name: [code]}
    condition = next(e["resource"] for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert (condition["bodySite"][0]["text"] if site else condition.get("bodySite")) == site
    assert any("is said in the text only" in i.message and name in i.message for i in result.issues)


def test_a_kind_of_a_finding_ruled_out_is_no_finding_ruled_out(tmp_path):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            "conditions:\n  - {id: c, condition: painful swelling of the right knee, verification_status: refuted}\n")
    _, found = converted(tmp_path, case, ("Condition",))
    assert found == {"painful swelling of the right knee": []}


@pytest.mark.parametrize(("name", "site_code", "side"), [
    ("left upper lobe pneumonia", "44714003", None),  # Structure of upper lobe of left lung: the side in the code
    ("right middle lobe pneumonia", "72481006", None),
    ("right lower lobe pneumonia", "90572001", "24028007"),  # lower lobe of lung, right as its laterality
])
def test_pneumonia_of_a_lobe(tmp_path, name, site_code, side):
    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            f"conditions:\n  - {{id: c, condition: {name}}}\n")
    result, found = converted(tmp_path, case, ("Condition",))
    assert list(found) == [name] and found[name][:1] == ["233604007"]  # (and J18.9, Pneumonia, unspecified)
    site = next(e["resource"] for e in result.bundle["entry"]
                if e["resource"]["resourceType"] == "Condition")["bodySite"][0]
    assert [c["code"] for c in site["coding"]] == [site_code]
    laterality = [x["valueCodeableConcept"]["coding"][0]["code"] for x in site.get("extension", [])]
    assert laterality == ([side] if side else [])


@pytest.mark.parametrize(("name", "rest"), [
    ("known hypertension", "hypertension"),
    ("poorly controlled type 2 diabetes", "type 2 diabetes"),
    ("newly diagnosed type 1 diabetes", "type 1 diabetes"),
])
def test_words_of_how_known_or_controlled_a_disorder_is(name, rest):
    from fhirconv.mappers.qualifiers import condition_reading

    found = condition_reading(name)
    assert found is not None and found.rest == rest, found


@pytest.mark.parametrize(("term", "code"), [
    ("white count", "26464-8"), ("total WBC count", "26464-8"),
    ("corrected calcium", "29265-6"),  # in mmol/L: LOINC's molar code, the one an artefact states
    ("UPCR", "2890-2"), ("urine protein/creatinine ratio", "2890-2"),
])
def test_everyday_lab_wordings(term, code):
    from fhirconv.terminology.matching import match

    assert code in [c.code for c in match("observation", term).concept.codings]


@pytest.mark.parametrize(("term", "system", "code"), [
    ("lymphopenia", "http://snomed.info/sct", "48813009"),
    ("lymphopenia", "http://hl7.org/fhir/sid/icd-10-cm", "D72.810"),
    ("former smoker", "http://snomed.info/sct", "8517006"),
    ("deranged liver enzymes", "http://snomed.info/sct", "166643006"),
    ("transaminitis", "http://hl7.org/fhir/sid/icd-10-cm", "R74.01"),
    ("DILI", "http://snomed.info/sct", "427399008"),
    ("inability to walk", "http://snomed.info/sct", "282145008"),
    ("rigidity", "http://snomed.info/sct", "16046003"),
    ("loss of vision", "http://hl7.org/fhir/sid/icd-10-cm", "H54.7"),
])
def test_everyday_condition_wordings(term, system, code):
    from tests.terminology.known import codes

    assert code in codes("condition", term, system)


def test_where_a_cardiac_arrest_happened_is_a_narrowing_word():
    from fhirconv.mappers.qualifiers import condition_reading

    assert condition_reading("out-of-hospital cardiac arrest").rest == "cardiac arrest"
    assert condition_reading("febrile urinary tract infection").rest == "urinary tract infection"
    assert condition_reading("normocytic normochromic anemia").rest == "normocytic anemia"
