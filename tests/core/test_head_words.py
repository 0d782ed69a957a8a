"""Words before a drug's or a procedure's name that say how, when or on which side ("intravenous
antibiotics", "emergency laparotomy"): the rest is coded, the words stay in the text, and the user is
told."""

from __future__ import annotations

from fhirconv.api import convert_file
from tests.terminology.known import converted

SCT = "http://snomed.info/sct"
CASE = """\
fhirconv: "1"
id: drug-words
patient: {sex: male}
medications:
  - {id: abx, drug: broad-spectrum antibiotics}
  - {id: steroids, drug: high-dose corticosteroids}
  - {id: iv, drug: intravenous ceftriaxone}
  - {id: whole, drug: oral chemotherapy}
  - {id: unknown, drug: oral zzzdrug}
"""


def test_the_drug_is_coded_and_the_words_stay_in_the_text(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    meds = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]["medicationCodeableConcept"]
            for e in result.bundle["entry"] if e["resource"]["resourceType"] == "MedicationStatement"}
    assert [c["code"] for c in meds["broad-spectrum antibiotics"]["coding"]] == ["255631004"]  # Antibiotic
    assert [c["code"] for c in meds["high-dose corticosteroids"]["coding"]] == ["79440004"]  # corticosteroids
    assert meds["intravenous ceftriaxone"]["coding"][0]["display"].lower() == "ceftriaxone"
    assert "coding" not in meds["oral zzzdrug"]  # nothing known: text only, with the usual warning
    told = {i.expression: i for i in result.issues if "the broader concept" in i.message}
    assert set(told) == {"$.medications[0].drug", "$.medications[1].drug", "$.medications[2].drug"}
    assert all(i.severity == "information" and i.line for i in told.values())
    assert any("no code known" in i.message and i.expression == "$.medications[4].drug" for i in result.issues)


PROCEDURES = """\
fhirconv: "1"
id: procedure-words
patient: {sex: female}
procedures:
  - {id: lap, procedure: emergency laparotomy}
  - {id: hd, procedure: chronic haemodialysis}
  - {id: guided, procedure: ultrasound-guided lumbar puncture}
  - {id: whole, procedure: laparoscopic appendectomy}
  - {id: partial, procedure: partial zzzectomy}
  - {id: repair, procedure: repair of incarcerated hernia}
  - {id: longest, procedure: emergency laparoscopic appendectomy}
"""


def test_procedures_keep_timing_approach_and_side_in_the_text(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(PROCEDURES, encoding="utf-8")
    result = convert_file(str(path))
    codes = {e["resource"]["code"]["text"]: [c["code"] for c in e["resource"]["code"].get("coding", [])]
             for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Procedure"}
    assert codes["emergency laparotomy"] == ["86481000"]  # Laparotomy
    assert codes["chronic haemodialysis"] and codes["ultrasound-guided lumbar puncture"]
    assert codes["partial zzzectomy"] == []
    assert codes["repair of incarcerated hernia"] == ["50465008"]  # Hernia repair
    told = {i.expression for i in result.issues if "the broader concept" in i.message}
    # the laparoscopic appendectomy is known as a whole: not taken apart
    assert told == {"$.procedures[0].procedure", "$.procedures[1].procedure", "$.procedures[2].procedure",
                    "$.procedures[5].procedure", "$.procedures[6].procedure"}
    # the longest known rest is taken: a laparoscopic appendectomy, not the broader appendectomy
    whole = codes["laparoscopic appendectomy"]
    assert whole and codes["emergency laparoscopic appendectomy"] == whole


ELSEWHERE = """\
fhirconv: "1"
id: named-elsewhere
patient: {sex: male}
allergies:
  - {id: pen, substance: penicillin, reaction: severe vomiting, category: medication, clinical_status: active}
family_history:
  - {id: fh, relationship: father, conditions: [massive pulmonary embolism, recurrent falls]}
observations:
  - {id: exam, observation: abdominal examination, category: exam, value: {term: diffuse abdominal tenderness}}
"""


def test_disorders_named_outside_a_condition_read_the_same_words(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(ELSEWHERE, encoding="utf-8")
    result = convert_file(str(path))
    by_type: dict[str, dict] = {e["resource"]["resourceType"]: e["resource"] for e in result.bundle["entry"]}
    reaction = by_type["AllergyIntolerance"]["reaction"][0]["manifestation"][0]
    assert reaction["text"] == "severe vomiting" and [c["code"] for c in reaction["coding"]] == ["422400008", "R11.10"]
    relative = by_type["FamilyMemberHistory"]["condition"]
    assert [c["code"] for c in relative[0]["code"]["coding"]] == ["59282003"]  # Pulmonary embolism
    assert relative[0]["code"]["text"] == "massive pulmonary embolism"
    assert [c["code"] for c in relative[1]["code"]["coding"]] == ["279992002"]  # its own concept
    finding = by_type["Observation"]["valueCodeableConcept"]
    # Abdominal tenderness; not *Abdominal tenderness, unspecified site*: "diffuse" says the site (R10.817)
    assert [c["code"] for c in finding["coding"]] == ["43478001"]
    told = {i.expression for i in result.issues if "the broader concept" in i.message}
    assert {"$.allergies[0].reaction", "$.family_history[0].conditions[0]", "$.observations[0].value"} <= told


RELEASE = """\
fhirconv: "1"
id: release-words
patient: {sex: female}
conditions:
  - {id: scad, condition: spontaneous coronary artery dissection, subtype: type 2}
medications:
  - {id: dapt, drug: dual antiplatelet therapy}
  - {id: xl, drug: metoprolol XL}
  - {id: sr, drug: nifedipine SR}
  - {id: unknown, drug: zzzdrug XL}
"""


def test_dual_therapy_release_forms_and_a_narrowed_condition_with_a_subtype(tmp_path):
    """'dual' names how many drugs of the class; XL, SR ... a release form of the same ingredient; a
    condition with a subtype reads its leading words as one without, and keeps the subtype in the text."""
    path = tmp_path / "case.yaml"
    path.write_text(RELEASE, encoding="utf-8")
    result = convert_file(str(path))
    res = [e["resource"] for e in result.bundle["entry"]]
    meds = {cc["text"]: [c["code"] for c in cc.get("coding", [])]
            for cc in (r["medicationCodeableConcept"] for r in res if r["resourceType"] == "MedicationStatement")}
    assert meds["dual antiplatelet therapy"] == ["773388004"]  # Product containing platelet aggregation inhibitor
    assert meds["metoprolol XL"] == ["6918"] and meds["nifedipine SR"]  # the RxNorm ingredient
    assert meds["zzzdrug XL"] == []
    scad = next(r for r in res if r["resourceType"] == "Condition")
    assert scad["code"]["text"] == "spontaneous coronary artery dissection, type 2"
    assert "732230001" in [c["code"] for c in scad["code"]["coding"]]  # Dissection of coronary artery
    told = {i.expression: i.message for i in result.issues if i.severity == "information"}
    assert "release form 'XL'" in told["$.medications[1].drug"]
    assert "'spontaneous' is said in the text only" in told["$.conditions[0].condition"]


TESTS = """\
fhirconv: "1"
id: test-words
patient: {sex: male}
observations:
  - {id: repeat, observation: repeat troponin I, value: 2.3, unit: ng/mL}
  - {id: tail, observation: creatinine at baseline, value: 1.1, unit: mg/dL}
  - {id: admission, observation: admission haemoglobin, value: 9.8, unit: g/dL}
  - {id: own, observation: fasting glucose, value: 110, unit: mg/dL}
  - {id: unit, observation: peak troponin I, value: 12, unit: '%'}
  - {id: pair, observation: baseline and repeat creatinine, value: 1.1, unit: mg/dL}
  - {id: unknown, observation: repeat zzztest, value: 1, unit: mg/dL}
"""


def test_a_test_named_with_when_it_was_taken_is_coded_as_the_test(tmp_path):
    """"repeat troponin I" measures what "troponin I" measures: coded as it, the words in the text and
    an information line; never when the words name a test of their own (fasting glucose), when the
    value's unit rules the test out, or for one word of a pair."""
    path = tmp_path / "case.yaml"
    path.write_text(TESTS, encoding="utf-8")
    result = convert_file(str(path))
    obs = {e["resource"]["code"]["text"]: e["resource"]["code"] for e in result.bundle["entry"]
           if e["resource"]["resourceType"] == "Observation"}
    assert [c["code"] for c in obs["repeat troponin I"]["coding"]] == ["10839-9"]
    assert [c["code"] for c in obs["creatinine at baseline"]["coding"]] == ["2160-0"]
    assert [c["code"] for c in obs["admission haemoglobin"]["coding"]] == ["718-7"]
    assert [c["code"] for c in obs["fasting glucose"]["coding"]] == ["1558-6"]  # its own test, not read
    assert "coding" not in obs["peak troponin I"]  # a percentage is no troponin concentration
    assert "coding" not in obs["baseline and repeat creatinine"]
    assert "coding" not in obs["repeat zzztest"]
    told = {i.expression: i.message for i in result.issues if "says when it was taken" in i.message}
    assert set(told) == {"$.observations[0].observation", "$.observations[1].observation",
                         "$.observations[2].observation"}
    assert "'at baseline'" in told["$.observations[1].observation"]


CULTURES = """\
fhirconv: "1"
id: cultures
patient: {sex: female}
observations:
  - {id: csf, observation: CSF culture, category: laboratory, value: {term: no growth}}
  - {id: pus, observation: culture of the pus, category: laboratory, value: positive}
  - {id: blood, observation: blood culture, category: laboratory, value: negative}
  - {id: fungal, observation: fungal culture, category: laboratory, value: negative}
"""


def test_a_culture_named_by_its_specimen(tmp_path):
    """"CSF culture" is the culture of an unspecified specimen (LOINC 11475-1), the specimen in the
    text; a culture the tables know by its specimen keeps its code; a kind of culture is not read."""
    result, codes = converted(tmp_path, CULTURES, ("Observation",))
    assert codes["CSF culture"] == ["11475-1"] and codes["culture of the pus"] == ["11475-1"]
    assert codes["blood culture"] == ["600-7"]  # Bacteria identified in Blood by Culture
    assert codes["fungal culture"] == []
    told = [i for i in result.issues if "the culture of an unspecified specimen" in i.message]
    assert len(told) == 2 and all(i.severity == "information" for i in told)
