"""The case format beyond oncology, item by item, in R4 and R5: a real case file
(tests/core/data/features.yaml) converted through the library, and small cases through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from fhirconv.api import convert_file, convert_text
from fhirconv.issues import FhirconvError
from fhirconv.validate import validate_resource_tree
from fhirconv.validate.terminology import at_case_line

FEATURES = Path(__file__).parent / "data" / "features.yaml"
UCUM = "http://unitsofmeasure.org"
VER_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
# No table row: the SNOMED CT Global Patient Set's Pain (finding), with ICD-10-CM R52 beside it.
PAIN = {"coding": [{"system": "http://snomed.info/sct", "code": "22253000", "display": "Pain"},
                   {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R52", "display": "Pain, unspecified"}],
        "text": "pain"}
STAGE_IIA = {"coding": [{"system": "http://snomed.info/sct", "code": "1222766008",
                         "display": "American Joint Committee on Cancer stage IIA"}], "text": "IIA"}


@pytest.fixture(scope="module", params=["R4", "R5"])
def conv(request):
    return convert_file(FEATURES, fhir_version=request.param)


def r5(conv) -> bool:
    return conv.fhir_version == "R5"


def find(conv, rtype, key):
    value = f"{conv.case_id}/{key}"
    for r in conv.resources:
        if r["resourceType"] == rtype and any(i["value"] == value for i in r["identifier"]):
            return r
    raise AssertionError(f"no {rtype} {value}")


def ref(conv, rtype, key):
    return f"{rtype}/{find(conv, rtype, key)['id']}"


def problems(conv) -> list[str]:
    """Errors and warnings of every validation layer, but those the converter reports at the case's
    line (concepts written as text only, a vital sign's text value), as ``convert --validate`` does."""
    issues = validate_resource_tree(conv.bundle, fhir_version=conv.fhir_version)
    return [i.one_line() for i in issues if i.severity in ("error", "warning") and not at_case_line(i)]


def test_the_case_is_valid_fhir_in_every_layer(conv):
    assert problems(conv) == []


def test_age_in_months_and_the_birth_date_it_implies(conv):
    age = find(conv, "Observation", "patient/age")
    assert age["valueQuantity"] == {"value": 18, "unit": "months", "system": UCUM, "code": "mo"}
    assert age["effectiveDateTime"] == "2020-03-04"
    assert {"text": "Born between 2018-08-05 and 2018-09-04 (from the age of 18 months at 2020-03-04)"} in age["note"]
    assert find(conv, "Patient", "patient")["birthDate"] == "2018"  # the coarsest certain part


@pytest.mark.parametrize("key,value,unit,words,birth", [
    ("weeks", 6, "wk", "6 weeks", "2020-01"),
    ("days", 3, "d", "3 days", "2020-03-01"),
    ("years", 1, "a", "1 year", None),
])
def test_ages_in_weeks_days_and_years(key, value, unit, words, birth):
    text = f"""fhirconv: "1"
id: age-{key}
patient: {{sex: female, age: {{{key}: {value}, at: 2020-03-04}}}}
"""
    conv = convert_text(text)
    age = conv.resources[1]
    assert age["valueQuantity"]["code"] == unit and age["valueQuantity"]["value"] == value
    assert f"Age {words}" in age["text"]["div"]
    assert conv.resources[0].get("birthDate") == birth


def test_encounters_r4_and_r5_shapes(conv):
    ed = find(conv, "Encounter", "ed-visit")
    adm = find(conv, "Encounter", "admission")
    icu = find(conv, "Encounter", "icu")
    dka = ref(conv, "Condition", "dka")
    if r5(conv):
        assert ed["class"] == [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                            "code": "EMER", "display": "emergency"}]}]
        assert ed["status"] == "completed" and ed["actualPeriod"] == {"start": "2020-03-04", "end": "2020-03-04"}
        assert adm["admission"]["dischargeDisposition"]["coding"][0]["code"] == "home"
        assert adm["reason"] == [{"value": [{"reference": {"reference": dka}}]}]  # CodeableReference
    else:
        assert ed["class"]["code"] == "EMER" and ed["status"] == "finished"
        assert ed["period"] == {"start": "2020-03-04", "end": "2020-03-04"}
        assert adm["hospitalization"]["dischargeDisposition"]["coding"][0]["code"] == "home"
        assert adm["reasonReference"] == [{"reference": dka}]
    assert icu["partOf"] == {"reference": ref(conv, "Encounter", "admission")}
    # the ICU stay is coded as the admission (SNOMED CT, Global Patient Set): validate has no text-only concept
    # of fhirconv's own making to warn about
    assert icu["type"] == [{"coding": [{"system": "http://snomed.info/sct", "code": "305351004",
                                        "display": "Admission to intensive care unit"}],
                            "text": "Intensive care unit stay"}]
    assert "brought to the emergency department with vomiting" in ed["text"]["div"]


def test_items_say_in_which_encounter_they_happened(conv):
    icu = {"reference": ref(conv, "Encounter", "icu")}
    assert find(conv, "Condition", "sepsis")["encounter"] == icu
    assert find(conv, "Procedure", "ct")["encounter"] == icu
    assert find(conv, "MedicationStatement", "antibiotics")["encounter" if r5(conv) else "context"] == icu
    assert find(conv, "Observation", "ketones")["encounter"] == {"reference": ref(conv, "Encounter", "ed-visit")}
    # The ED visit names DKA as its reason: the link is written once, on the Encounter (acyclic).
    assert "encounter" not in find(conv, "Condition", "dka")


def test_timeline_event_words_land_in_the_patient_narrative(conv):
    div = find(conv, "Patient", "patient")["text"]["div"]
    assert "2020-03-01: elective abdominoplasty" in div
    assert "2020-09-01: seen in clinic six months later" in div


def test_duration_and_as_needed(conv):
    dosage = find(conv, "MedicationStatement", "ibuprofen")["dosage"][0]
    assert dosage["timing"]["repeat"]["boundsDuration"] == {"value": 7, "unit": "days", "system": UCUM, "code": "d"}
    assert dosage["timing"]["repeat"]["frequency"] == 3
    assert dosage["text"] == "200 mg, 3 time(s)/day, for 7 days, as needed for pain"
    if r5(conv):
        assert dosage["asNeeded"] is True and dosage["asNeededFor"] == [PAIN]
    else:
        assert dosage["asNeededCodeableConcept"] == PAIN
    other = find(conv, "MedicationStatement", "antibiotics")["dosage"][0]
    assert other == ({"asNeeded": False} if r5(conv) else {"asNeededBoolean": False})


def test_stopped_and_restarted_drug_is_one_statement_per_period(conv):
    first = find(conv, "MedicationStatement", "dapagliflozin")
    stop = find(conv, "MedicationStatement", "dapa-stop")
    restart = find(conv, "MedicationStatement", "dapa-restart")
    assert first["effectivePeriod"] == {"start": "2019", "end": "2020-03-01"}
    assert stop["effectivePeriod"] == {"start": "2020-03-01", "end": "2020-03-02"}
    assert restart["effectivePeriod"] == {"start": "2020-03-02"}
    if r5(conv):
        assert stop["adherence"]["code"]["coding"][0]["code"] == "stopped"
        assert restart["adherence"]["code"]["coding"][0]["code"] == "taking"
    else:
        assert (stop["status"], restart["status"]) == ("stopped", "active")
    assert any("restarted on post-operative day 1" in n["text"] for n in restart["note"])


def test_an_ad_hoc_group_is_the_statements_shared_category(conv):
    group = {"text": "home medications"}
    for key in ("dapagliflozin", "dapa-stop", "dapa-restart", "sitagliptin"):
        category = find(conv, "MedicationStatement", key)["category"]
        assert category == ([group] if r5(conv) else group)
    assert "category" not in find(conv, "MedicationStatement", "ibuprofen")


def test_intents_beyond_oncology_are_coded_as_the_broader_intent_and_said(conv):
    ext = find(conv, "MedicationStatement", "antibiotics")["extension"]
    therapeutic = {"system": "http://snomed.info/sct", "code": "262202000", "display": "Therapeutic intent"}
    assert {"coding": [therapeutic], "text": "empiric"} in [e.get("valueCodeableConcept") for e in ext]
    assert any("intent 'empiric' is coded as 'therapeutic'" in i.message and i.severity == "information"
               for i in conv.issues)


def test_radiation_dose_fractions_modality_technique(conv):
    rt = find(conv, "Procedure", "radiotherapy")
    ext = {e["url"].rsplit("/", 1)[1]: e for e in rt["extension"]}
    assert ext["radiotherapy-dose"]["valueQuantity"] == {"value": 50, "unit": "Gy", "system": UCUM, "code": "Gy"}
    assert ext["radiotherapy-fractions"]["valuePositiveInt"] == 25
    assert ext["radiotherapy-modality"]["valueCodeableConcept"]["text"] == "external beam radiotherapy"
    assert ext["radiotherapy-technique"]["valueCodeableConcept"]["text"] == "intensity-modulated radiotherapy"
    assert "50 Gy in 25 fractions" in rt["text"]["div"]


def test_part_of_and_findings_from_procedures_and_observations(conv):
    assert find(conv, "Procedure", "slnb")["partOf"] == [{"reference": ref(conv, "Procedure", "mastectomy")}]
    assert find(conv, "Observation", "pt")["partOf"] == [{"reference": ref(conv, "Procedure", "mastectomy")}]
    course = find(conv, "Observation", "dka-course")
    assert course["derivedFrom"] == [{"reference": ref(conv, "Observation", "anion-gap")}]


def test_verification_over_time(conv):
    sepsis = find(conv, "Condition", "sepsis")
    assert sepsis["verificationStatus"]["coding"][0]["code"] == "refuted"  # the last entry
    first = find(conv, "Observation", "sepsis/verification-1")
    second = find(conv, "Observation", "sepsis/verification-2")
    assert first["valueCodeableConcept"]["coding"][0] == {"system": VER_STATUS, "code": "provisional",
                                                          "display": "Provisional"}
    assert second["valueCodeableConcept"]["coding"][0]["code"] == "refuted"
    # LOINC's observable for how certain it is that a condition is present (R5 expansions)
    assert first["code"] == {"coding": [{"system": "http://loinc.org", "code": "100303-7",
                                         "display": "Condition certainty of presence"}],
                             "text": "Condition verification status"}
    assert second["focus"] == [{"reference": ref(conv, "Condition", "sepsis")}]
    assert second["partOf"] == [{"reference": ref(conv, "Procedure", "ct")}]  # settled by the CT
    assert second["effectiveDateTime"] == "2020-03-06"
    confirmed = find(conv, "Observation", "dka/verification-2")
    assert confirmed["derivedFrom"] == [{"reference": ref(conv, "Observation", "ketones")}]
    find(conv, "Observation", "dka-suspected")  # an entry with its own id keeps it


def test_clinical_and_pathological_stages_with_their_tnm(conv):
    cancer = find(conv, "Condition", "breast-cancer")
    clinical, pathological = cancer["stage"]
    assert clinical["summary"] == STAGE_IIA and clinical["type"] == {"text": "Clinical stage (AJCC 8)"}
    assert pathological["type"] == {"text": "Pathological stage (AJCC 8)"}
    values = []
    for a in clinical["assessment"]:
        obs = next(r for r in conv.resources if f"Observation/{r['id']}" == a["reference"])
        values.append(obs["valueCodeableConcept"]["text"])  # coded AJCC categories, as the case writes them
        assert "focus" not in obs  # reached from stage.assessment: a focus back would be a reference cycle
    assert values == ["cT2", "cN0", "cM0"]
    assert pathological["assessment"] == [{"reference": ref(conv, "Observation", "pt")}]


def test_histology_and_due_to_a_medication(conv):
    cancer = find(conv, "Condition", "breast-cancer")
    histology = next(e for e in cancer["extension"] if e["url"].endswith("/histology"))
    assert histology["valueCodeableConcept"] == {"text": "invasive ductal carcinoma"}
    dka = find(conv, "Condition", "dka")
    due = next(e for e in dka["extension"] if e["url"] == "http://hl7.org/fhir/StructureDefinition/condition-dueTo")
    assert due["valueReference"] == {"reference": ref(conv, "MedicationStatement", "dapagliflozin")}


def test_vital_status_is_its_own_observation_and_alive_stays_alive(conv):
    out = find(conv, "Observation", "patient/outcome")
    assert out["valueCodeableConcept"]["text"] == "Alive"
    assert out["effectiveDateTime"] == "2020-09-01"
    assert {"text": "Source wording: alive and well at follow-up"} in out["note"]
    patient = find(conv, "Patient", "patient")
    assert "deceasedBoolean" not in patient and "remission" not in str(out)


def test_course_values_beyond_imwg(conv):
    course = find(conv, "Observation", "dka-course")
    assert course["code"] == {  # NCI Thesaurus, as DICOM PS3.16 codes the clinical course of a disease
        "coding": [{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C35461",
                    "display": "Clinical course of disease"}], "text": "Course of condition"}
    assert course["valueCodeableConcept"] == {  # the tables code the value (NCI Thesaurus 'Improved')
        "coding": [{"system": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "code": "C125459",
                    "display": "Improved"}], "text": "Improved"}
    assert not any("response 'improved'" in i.message for i in conv.issues)


@pytest.mark.parametrize("edit,message", [
    (("    due_to: dapagliflozin", "    due_to: dapagliflozine"),
     "due_to 'dapagliflozine' is not a condition, medication, procedure or immunization id "
     "(hint: did you mean 'dapagliflozin'?)"),
    (("    encounter: icu\n    onset", "    encounter: icu-stay\n    onset"),
     "encounter 'icu-stay' is not an encounter id"),
    (("    part_of: admission", "    part_of: icu"), "part_of goes round in a circle: icu -> icu"),
    (("{status: refuted, date: 2020-03-06, by: ct,", "{status: refuted, date: 2020-03-06, by: cat,"),
     "by 'cat' is not a procedure or observation id"),
])
def test_links_name_items_of_the_right_kind(tmp_path, cli, edit, message):
    text = FEATURES.read_text(encoding="utf-8")
    assert edit[0] in text
    case = tmp_path / "bad.yaml"
    case.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 1
    assert message in proc.stderr
    assert not (tmp_path / "out.json").exists()


def test_a_bad_link_raises_with_its_line():
    text = FEATURES.read_text(encoding="utf-8").replace("    from: mastectomy", "    from: mastectomie")
    with pytest.raises(FhirconvError) as err:
        convert_text(text, "features.yaml")
    issue = err.value.issues[0]
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "from: mastectomie" in t)
    assert (issue.line, issue.expression) == (line, "$.observations[0].from")


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_the_readme_beyond_oncology_example_converts_and_validates(version):
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n")[2].split("```", 1)[0]
    assert "id: beyond-oncology" in example
    conv = convert_text(example, "readme.yaml", fhir_version=version)
    types = [r["resourceType"] for r in conv.resources]
    assert types.count("Encounter") == 4 and types.count("MedicationStatement") == 4
    assert problems(conv) == []
    # a stay said by how long it lasted: Encounter.length in UCUM, no end invented
    ward = next(r for r in conv.resources if r["resourceType"] == "Encounter" and "length" in r)
    assert ward["length"] == {"value": 4, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"}
    assert "end" not in ward["actualPeriod" if version == "R5" else "period"]
    assert "<b>Length</b>: four days" in ward["text"]["div"] or "<b>Length</b>: 4 days" in ward["text"]["div"]
    culture = next(r for r in conv.resources if r["resourceType"] == "Observation"
                   and r["code"].get("text") == "blood culture")
    assert [c["code"]["coding"][0]["code"] for c in culture["component"]] == ["18895-3", "185-9"]
    # a stated negative: the sign's finding valued Absent
    no_fever = next(r for r in conv.resources if r["resourceType"] == "Observation"
                    and r["code"].get("text") == "fever")
    assert no_fever["code"]["coding"][0]["code"] == "386661006"
    assert no_fever["valueCodeableConcept"]["coding"][0]["code"] == "2667000"
    assert culture["component"][0]["valueCodeableConcept"]["coding"][0]["code"] == "131196009"  # Susceptible


SEPSIS = """fhirconv: "1"
id: two-causes
patient: {sex: male}
conditions:
  - {id: pneumonia, condition: pneumonia}
  - {id: uti, condition: urinary tract infection}
  - {id: sepsis, condition: sepsis, due_to: [pneumonia, uti]}
"""


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_due_to_a_list_names_each_cause(version):
    # "sepsis from pneumonia and a urinary tract infection": one condition-dueTo per cause, in order
    conv = convert_text(SEPSIS, "case.yaml", fhir_version=version)
    sepsis = find(conv, "Condition", "sepsis")
    due = [e["valueReference"] for e in sepsis["extension"]
           if e["url"] == "http://hl7.org/fhir/StructureDefinition/condition-dueTo"]
    assert due == [{"reference": ref(conv, "Condition", "pneumonia")}, {"reference": ref(conv, "Condition", "uti")}]
    assert not [i for i in validate_resource_tree(conv.bundle, fhir_version=version) if i.severity == "error"]


def test_due_to_a_list_checks_each_id():
    with pytest.raises(FhirconvError) as err:
        convert_text(SEPSIS.replace("[pneumonia, uti]", "[pneumonia, utl]"), "case.yaml")
    issue = err.value.issues[0]
    assert "'utl'" in issue.message and "did you mean 'uti'" in issue.hint
    assert (issue.line, issue.column) == (7, 57)  # the wrong id itself


def test_a_list_where_one_value_belongs_is_not_told_to_be_quoted():
    text = SEPSIS.replace("condition: sepsis,", "condition: sepsis, note: [x, y],")
    with pytest.raises(FhirconvError) as err:
        convert_text(text, "case.yaml")
    issue = err.value.issues[0]
    assert issue.message.startswith("expected string, got list") and issue.hint == "give one value here, not a list"


def test_a_subtype_already_in_the_name_is_not_said_twice():
    """The Condition's text is the name with its subtype; a subtype the name already says
    ("crescentic" in "crescentic IgA nephropathy") is not appended again, and one it does not say is."""
    case = ('fhirconv: "1"\nid: s\npatient: {sex: male, birth_date: "1965"}\nconditions:\n'
            '  - {id: a, condition: crescentic IgA nephropathy, subtype: crescentic}\n'
            '  - {id: b, condition: IgA nephropathy, subtype: crescentic}\n')
    texts = [r["code"]["text"] for r in convert_text(case, "s.yaml").resources if r["resourceType"] == "Condition"]
    assert texts == ["crescentic IgA nephropathy", "IgA nephropathy, crescentic"]


def test_a_site_joining_sites_each_known_alone_is_written_as_several():
    """bodySite repeats: "neck and chest wall" is two coded sites, each with the side when one is
    given, and the user is told; so is "right upper and lower extremity", the head said once at the
    end; words that are not each a known site stay one text-only site."""
    case = ('fhirconv: "1"\nid: s\npatient: {sex: male, birth_date: "1965"}\nconditions:\n'
            '  - {id: a, condition: subcutaneous emphysema, body_site: neck and chest wall}\n'
            '  - {id: b, condition: pain, body_site: {site: knee and ankle, laterality: left}}\n'
            '  - {id: c, condition: weakness, body_site: right upper and lower extremity}\n'
            '  - {id: d, condition: weakness, body_site: upper and lower bumps}\n')
    conv = convert_text(case, "s.yaml")
    sites = [r.get("bodySite") for r in conv.resources if r["resourceType"] == "Condition"]
    assert [[c["code"] for c in s["coding"]] for s in sites[0]] == [["45048000"], ["78904004"]]
    assert [s["text"] for s in sites[1]] == ["left knee", "left ankle"]
    assert all(s["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "7771000" for s in sites[1])
    assert [s["text"] for s in sites[2]] == ["right upper extremity", "right lower extremity"]
    assert [[c["code"] for c in s["coding"]] for s in sites[2]] == [["53120007"], ["61685007"]]
    assert len(sites[3]) == 1 and "coding" not in sites[3][0]
    told = [i for i in conv.issues if "is written as 2 sites" in i.message]
    assert len(told) == 3


STOPPED = """fhirconv: "1"
id: stopped-drug
patient: {sex: male, birth_date: 1980}
medications:
  - id: clozapine
    drug: clozapine
    start: 2020-01-01
    history:
      - {id: clozapine-stop, status: stopped, date: 2020-02-01, text: clozapine was stopped}
conditions:
  - {id: myocarditis, condition: myocarditis, due_to: clozapine-stop, onset: 2020-01-30}
observations:
  - {id: course, response: improved, focus: myocarditis, from: clozapine-stop, date: 2020-02-10}
"""


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_a_drugs_status_change_is_an_item_links_can_name(version):
    # "improved after clozapine was stopped": the stop is a MedicationStatement of its own, which an
    # observation comes from (partOf) and a condition may be due to
    conv = convert_text(STOPPED, "case.yaml", fhir_version=version)
    stop = ref(conv, "MedicationStatement", "clozapine-stop")
    course = find(conv, "Observation", "course")
    assert course["partOf"] == [{"reference": stop}]
    myocarditis = find(conv, "Condition", "myocarditis")
    assert [e["valueReference"] for e in myocarditis["extension"]
            if e["url"] == "http://hl7.org/fhir/StructureDefinition/condition-dueTo"] == [{"reference": stop}]
    assert "clozapine (stopped)" in course["text"]["div"]
    assert not [i for i in validate_resource_tree(conv.bundle, fhir_version=version) if i.severity == "error"]


def test_a_link_to_an_unknown_status_change_is_refused_with_the_ids_near_it():
    with pytest.raises(FhirconvError) as err:
        convert_text(STOPPED.replace("from: clozapine-stop", "from: clozapine-stopp"), "case.yaml")
    assert "did you mean 'clozapine-stop'" in err.value.issues[0].hint
