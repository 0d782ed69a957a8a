"""An examination recorded under the name of a sign takes the sign's SNOMED CT finding as its code,
and only then: other categories, ICD-10-CM-only terms and observation rows keep their behaviour."""

from __future__ import annotations

from fhirconv.api import convert_file

HEAD = """fhirconv: "1"
id: exam
patient: {sex: female}
observations:
"""


def _codes(tmp_path, body: str) -> dict[str, list[tuple[str, str]]]:
    case = tmp_path / "case.yaml"
    case.write_text(HEAD + body, encoding="utf-8")
    conv = convert_file(str(case))
    return {r["code"]["text"]: [(c["system"], c["code"]) for c in r["code"].get("coding", [])]
            for r in conv.resources if r["resourceType"] == "Observation"}


def test_exam_sign_takes_its_snomed_finding(tmp_path):
    codes = _codes(tmp_path, """  - {id: t, observation: fever, category: exam, value: febrile}
  - {id: m, observation: heart murmur, category: exam, value: pansystolic}
""")
    assert codes["fever"] == [("http://snomed.info/sct", "386661006")]
    assert codes["heart murmur"] == [("http://snomed.info/sct", "88610006")]


def test_only_examinations(tmp_path):
    codes = _codes(tmp_path, "  - {id: t, observation: fever, category: laboratory, value: febrile}\n")
    assert codes["fever"] == []


def test_an_observation_row_comes_first(tmp_path):
    codes = _codes(tmp_path, "  - {id: hr, observation: heart rate, category: exam, value: 90, unit: /min}\n")
    assert codes["heart rate"] == [("http://loinc.org", "8867-4")]


def test_never_an_icd10cm_code(tmp_path):
    # "Twitching NOS" is an inclusion term of R25.3 Fasciculation: found for a condition, not an exam code
    codes = _codes(tmp_path, "  - {id: tw, observation: twitching, category: exam, value: left arm}\n")
    assert codes["twitching"] == []


def _values(tmp_path, body: str) -> dict[str, str]:
    case = tmp_path / "case.yaml"
    case.write_text(HEAD + body, encoding="utf-8")
    conv = convert_file(str(case))
    return {r["code"]["text"]: r["valueCodeableConcept"]["coding"][0]["code"]
            for r in conv.resources if r["resourceType"] == "Observation" and "valueCodeableConcept" in r}


def test_a_pertinent_negative_keeps_the_signs_code(tmp_path):
    """"No fever" written as the sign with a presence value and no category: the Observation is the
    finding *Fever* valued *Absent*, as FHIR records a pertinent negative."""
    body = """  - {id: f, observation: fever, value: absent}
  - {id: d, observation: dysuria, value: Absent}
  - {id: h, observation: haematochezia, value: present}
"""
    codes = _codes(tmp_path, body)
    assert codes["fever"] == [("http://snomed.info/sct", "386661006")]
    assert codes["dysuria"] == [("http://snomed.info/sct", "49650001")]
    assert codes["haematochezia"] == [("http://snomed.info/sct", "405729008")]
    values = _values(tmp_path, body)
    assert values["fever"] == "2667000" and values["haematochezia"] == "52101004"


def test_a_presence_value_makes_no_sign_of_a_test_or_an_organism(tmp_path):
    """Without a category only a symptom or sign the condition tables know by the same words is
    taken: an organism the finding rows hold ("Helicobacter pylori: negative") is a test's name; a
    laboratory observation and a number are never a sign."""
    codes = _codes(tmp_path, """  - {id: hp, observation: Helicobacter pylori, value: negative}
  - {id: hiv, observation: HIV, value: negative}
  - {id: c, observation: cough, value: present, category: laboratory}
  - {id: t, observation: fever, value: 38.5, unit: Cel}
""")
    assert codes == {"Helicobacter pylori": [], "HIV": [], "cough": [], "fever": []}


def test_a_finding_that_states_its_result_is_not_used_for_the_opposite(tmp_path):
    """*Kernig's sign positive* codes "Kernig sign: positive", never "Kernig sign: negative"."""
    codes = _codes(tmp_path, """  - {id: k, observation: Kernig sign, value: positive}
  - {id: n, observation: Brudzinski sign, category: exam, value: negative}
""")
    assert codes["Kernig sign"] == [("http://snomed.info/sct", "124743003")]
    assert codes["Brudzinski sign"] == []
