"""Words of round 33's case reports (haematology, nephrology, pulmonology, endocrinology,
ophthalmology, dermatology), written by people who had not read the tables: the rows they needed and
two readings of how reports write tests and studies."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    # Cushing's disease is the pituitary-dependent one, in both terminologies
    ("condition", "Cushing's disease", ["190502001", "E24.0"]),
    ("condition", "Cushing disease", ["190502001", "E24.0"]),
    ("condition", "Cushing's syndrome", ["E24.9"]),  # the syndrome stays the unspecified one
    ("observation", "bacterial culture", ["6463-4"]),
    ("observation", "viral culture", ["6584-7"]),
    ("observation", "ANCA", ["21023-7"]),
    # the panel of tests (stop 57: "renal function" alone is the kidneys' function, said of a course or
    # an outcome as often as of the panel, which would say each of its tests, glucose too)
    ("observation", "renal function tests", ["24362-6"]),
    ("observation", "kidney function tests", ["24362-6"]),
    ("observation", "renal function", []),
])
def test_round33_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


@pytest.mark.parametrize("kind,term,expected", [
    # an abbreviation with its words after it in brackets is the abbreviation
    ("observation", "CEA (carcino-embryonic antigen)", ["2039-6"]),
    ("observation", "NSE (neuron-specific enolase)", ["15060-7"]),
    ("condition", "HTN (hypertension)", ["38341003"]),
    ("condition", "T2DM (type 2 diabetes mellitus)", ["44054006"]),
    # ... not when the bracket does not spell the abbreviation out, nor when the two disagree
    ("condition", "MS (moderate)", []),
    ("observation", "CEA (alpha-fetoprotein)", []),
    ("observation", "CEA (cancer antigen 125)", []),
    # "enhanced" before a CT or MR study is contrast-enhanced, as many reports write it
    ("procedure", "enhanced chest computed tomography", ["24628-0"]),
    ("procedure", "enhanced CT of the chest", ["24628-0"]),
    ("procedure", "enhanced MRI of the brain", ["24589-4"]),
    ("procedure", "gadolinium-enhanced MRI of the brain", ["24589-4"]),
    ("procedure", "chest computed tomography", ["169069000"]),  # no contrast said: the plain study
])
def test_round33_readings(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


def test_the_side_in_an_eye_sites_own_words_takes_icd_10_cms_code_of_that_side() -> None:
    """"right eye", "both eyes", "left macula": the side written in the site (sites with codes of their
    own, so no laterality is read out of them) still chooses ICD-10-CM's code of that side."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: side\npatient: {sex: male}\nconditions:\n'
                        "  - {id: a, condition: Vogt-Koyanagi syndrome, body_site: both eyes}\n"
                        "  - {id: b, condition: Vogt-Koyanagi syndrome, body_site: right eye}\n"
                        "  - {id: c, condition: acute angle-closure glaucoma, body_site: left eye}\n"
                        "  - {id: d, condition: Vogt-Koyanagi syndrome}\n", "case.yaml")
    icd = [[c["code"] for c in r["code"].get("coding", []) if "icd-10" in c["system"]]
           for r in conv.resources if r["resourceType"] == "Condition"]
    assert icd == [["H20.823"], ["H20.821"], ["H40.212"], ["H20.829"]]  # no side said: "..., unspecified eye"


@pytest.mark.parametrize("kind,term,expected", [
    # "exam" is the clinician's short word for an examination
    ("procedure", "fundus exam", ["53524009"]),
    ("procedure", "physical exam", ["162673000"]),
    ("procedure", "digital rectal exam", ["410006001"]),
    # everyday words of neurology and obstetrics a probe found text
    ("condition", "cluster headache", ["193031009"]),
    ("condition", "intrahepatic cholestasis of pregnancy", ["O26.649"]),
    ("condition", "cholestasis of pregnancy", ["O26.649"]),
    ("condition", "intrauterine fetal death", ["O36.4XX0"]),
    ("condition", "IUFD", ["O36.4XX0"]),
    ("condition", "ICP", []),  # intracranial pressure as often as the cholestasis: no alias
    ("medication", "antivenom", ["16131008"]),  # a class: *Product containing antivenom*
    ("medication", "anti-snake venom", ["71289008"]),
])
def test_round33_everyday_words(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


def test_a_dilated_fundus_examination_is_a_fundus_examination() -> None:
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: dfe\npatient: {sex: female}\nprocedures:\n'
                        "  - {id: a, procedure: dilated fundus exam, date: 2020-01-01}\n", "case.yaml")
    proc = next(r for r in conv.resources if r["resourceType"] == "Procedure")
    assert [c["code"] for c in proc["code"]["coding"]] == ["53524009"]
    assert proc["code"]["text"] == "dilated fundus exam"
    assert any("'dilated' is said in the text only" in i.message for i in conv.issues)


def test_a_pertinent_negative_of_a_gps_disorder_is_that_disorder_valued_absent() -> None:
    """"melena: absent", "urticaria: absent" (GPS disorders) are the disorder valued *Absent*; an
    examination with a free value is never recorded under a disorder, and a test's name stays text."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: neg\npatient: {sex: female}\nobservations:\n'
                        "  - {id: a, observation: melena, value: absent, date: 2020-01-01}\n"
                        "  - {id: b, observation: urticaria, value: absent, date: 2020-01-01}\n"
                        "  - {id: c, observation: urticaria, category: exam, value: on both arms, date: 2020-01-01}\n"
                        "  - {id: d, observation: HIV, value: negative, date: 2020-01-01}\n", "case.yaml")
    obs = dict(zip("abcd", [r for r in conv.resources if r["resourceType"] == "Observation"], strict=True))
    codes_of = {k: [c["code"] for c in r["code"].get("coding", [])] for k, r in obs.items()}
    assert codes_of["a"] == ["2901004"] and codes_of["b"] == ["126485001"]
    assert codes_of["c"] == [] and codes_of["d"] == []
    assert obs["a"]["valueCodeableConcept"]["coding"][0]["code"] == "2667000"


@pytest.mark.parametrize("term,expected", [
    # ordinary tests a probe of about 100 laboratory words found text (USCDI 5 sandbox's copy of
    # LOINC's Universal Lab Order Codes, LHNCBC flowsheet-lhc), whose codes say no method
    ("G6PD level", "32546-4"), ("H. pylori stool antigen", "31843-6"),
    ("24-hour urine copper", "5633-3"), ("anti-GAD65 antibodies", "13926-1"),  # the last an older row
])
def test_round33_laboratory_words(term: str, expected: str) -> None:
    assert codes("observation", term) == [expected]


@pytest.mark.parametrize("term", [
    # the words do not say which test (the open codes name a method, a fragment, an isotype or a
    # specimen the words do not): left as text, by the tables' rules
    "D-dimer", "parathyroid hormone", "vitamin D", "renin", "lupus anticoagulant", "anticardiolipin antibodies",
    "CMV PCR", "HIV test", "EBV serology", "anti-CCP", "CSF white cell count", "dengue NS1 antigen",
    "ADAMTS13 activity", "vWF antigen", "oligoclonal bands", "anti-GAD antibodies",
    "galactomannan",  # reported as an index, which LOINC's [Units/volume] code does not say
])
def test_tests_the_words_do_not_pin_down_stay_text(term: str) -> None:
    assert codes("observation", term) == []


@pytest.mark.parametrize("term,expected", [
    # a result said high or low is the GPS finding that names the test so
    ("elevated creatinine", ["166717003"]),  # *Serum creatinine raised*
    ("raised serum calcium", ["166702002"]),  # *Raised serum calcium level*
    ("elevated CK", ["432352001"]),  # the test's row names it: *Increased creatine kinase level*
    ("high prolactin", ["131008004"]),
    ("low haemoglobin", ["165397008"]),  # *Hemoglobin low*
    ("raised ESR", ["165468009"]),
    # no such finding in the GPS: text, never a neighbour
    ("elevated troponin", []),
    ("low fibrinogen", []),
    # a count said low is the disorder the count defines, a table row's alias (round 37)
    ("low platelets", ["302215000"]),  # *Thrombocytopenic disorder*
])
def test_a_result_said_high_or_low_is_the_gps_finding(term: str, expected: list[str]) -> None:
    from fhirconv.api import convert_text

    conv = convert_text(f'fhirconv: "1"\nid: lvl\npatient: {{sex: female}}\nconditions:\n'
                        f"  - {{id: a, condition: {term}}}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"].get("coding", []) if "snomed" in c["system"]] == expected
    assert cond["code"]["text"] == term


def test_modifiers_of_one_head_noun_joined_are_one_site_each() -> None:
    """"retroperitoneal and inguinal lymph nodes" is two sites, each with the head said once at the
    end; parts that do not each read so stay one text site."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: sites\npatient: {sex: male}\nconditions:\n'
                        "  - {id: a, condition: lymphadenopathy,"
                        " body_site: retroperitoneal and inguinal lymph nodes}\n"
                        "  - {id: b, condition: lymphadenopathy,"
                        " body_site: mediastinal and bilateral hilar lymph nodes}\n",
                        "case.yaml")
    sites = [[(s.get("text"), [c["code"] for c in s.get("coding", [])]) for s in r["bodySite"]]
             for r in conv.resources if r["resourceType"] == "Condition"]
    assert sites[0] == [("retroperitoneal lymph nodes", ["91394001"]), ("inguinal lymph nodes", ["8928004"])]
    assert sites[1] == [("mediastinal and bilateral hilar lymph nodes", [])]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "chest distress", ["23924001"]),  # the English of many reports for chest tightness
    ("condition", "flashes of light", ["56170001"]),  # *Photopsia*
    ("finding", "double vision", ["24982008", "H53.2"]),  # a pertinent negative's finding: *Diplopia*
    ("observation", "bronchoscopy finding", ["18744-3"]),  # *Bronchoscopy study*, as the endoscopy study
    ("procedure", "bronchoscopy", ["10847001"]),  # the procedure keeps its SNOMED CT row
    ("condition", "diabetic foot ulcer", ["371087003"]),  # *Ulcer of foot due to diabetes mellitus*, GPS
    ("observation", "pupillary light reflex", ["113147002"]),  # *Pupil reaction to light*, GPS observable
    # a change said with a noun is the change said with its participle
    ("condition", "reduction in vision", ["397540003"]),  # as "reduced vision": *Visual impairment*
    ("condition", "decrease in appetite", ["64379006"]),  # SNOMED CT's own name, read the same way
])
def test_round33_rows_of_the_second_pass(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("name,expected", [
    # a cause said before the disorder without a hyphen, or with one inside it, is read as the
    # hyphenated cause: the broader disorder, never ICD-10-CM's residual category
    ("herpes associated erythema multiforme", ["36715001"]),
    ("COVID-19-associated myocarditis", ["50920009"]),
    ("alcohol related liver disease", []),  # *Liver disease, unspecified* is residual: left out
])
def test_a_cause_in_two_words_before_the_disorder(name: str, expected: list[str]) -> None:
    from fhirconv.api import convert_text

    conv = convert_text(f'fhirconv: "1"\nid: cause\npatient: {{sex: female}}\nconditions:\n'
                        f"  - {{id: a, condition: {name}}}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"].get("coding", [])] == expected


@pytest.mark.parametrize("name,expected", [
    # "increased", "worsened", "worse" before a symptom: the symptom, the word in the text (as
    # "increasing" and "worsening" were)
    ("increased anxiety", ["48694002"]),
    ("worsened cough", ["49727002"]),
    ("worse headache", ["25064002"]),
    ("increased intracranial pressure", ["271719001"]),  # the GPS's *Raised intracranial pressure*
    ("increased thirst", []),  # "thirst" alone has no code here: nothing broader is guessed
    ("decompensated cirrhosis", ["19943007"]),  # a decompensated cirrhosis is a cirrhosis
])
def test_a_symptom_said_increased_or_worse(name: str, expected: list[str]) -> None:
    from fhirconv.api import convert_text

    conv = convert_text(f'fhirconv: "1"\nid: more\npatient: {{sex: female}}\nconditions:\n'
                        f"  - {{id: a, condition: {name}}}\n", "case.yaml")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in cond["code"].get("coding", []) if "snomed" in c["system"]] == expected


def test_tuberculosis_regimens_by_their_letters() -> None:
    """HRZE and HR, the WHO regimen's phases, are their drugs, each a statement with its code."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: tb\npatient: {sex: male}\nmedications:\n'
                        "  - {id: hrze, drug: HRZE, start: 2020-01-01, end: 2020-03-01}\n"
                        "  - {id: hr, drug: HR, start: 2020-03-01, end: 2020-07-01}\n", "case.yaml")
    drugs = [[c["code"] for c in r["medicationCodeableConcept"].get("coding", []) if "rxnorm" in c["system"]]
             for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    assert drugs == [["6038"], ["9384"], ["8987"], ["4110"], ["6038"], ["9384"]]


def test_a_regimen_written_as_a_drug_is_read_as_the_regimen() -> None:
    """"drug: VAD" is the VAD regimen (the user told); its Procedure is *Chemotherapy*, while a
    tuberculosis regimen's keeps its name as text: SNOMED CT's *Chemotherapy* is antineoplastic."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: rg\npatient: {sex: male}\nmedications:\n'
                        "  - {id: vad, drug: VAD, start: 2020-01-01}\n"
                        "  - {id: hrze, regimen: HRZE, start: 2020-01-01}\n", "case.yaml")
    procs = [r["code"] for r in conv.resources if r["resourceType"] == "Procedure"]
    assert [[c["code"] for c in p.get("coding", [])] for p in procs] == [["367336001"], []]
    assert procs[1]["text"].startswith("HRZE")
    told = [i for i in conv.issues if "is read as the regimen" in i.message]
    assert [(i.line, i.severity) for i in told] == [(5, "information")]


@pytest.mark.parametrize("term,expected", [
    # a past disorder by another of its names: the history concepts named after the table row's names
    ("history of stroke", ["275526006"]),  # *History of cerebrovascular accident*
    ("history of DVT", ["161508001"]),
    ("history of breast cancer", ["Z85.3"]),  # *Personal history of malignant neoplasm of breast*
    ("history of TIA", ["161511000"]),
    ("history of tuberculosis", ["161414005", "Z86.11"]),  # as before: the words themselves
    ("history of asthma", []),  # no history concept of asthma in the open artefacts
])
def test_a_history_of_a_disorder_named_otherwise(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected
