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
