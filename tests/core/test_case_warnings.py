"""Each warning of the case format, at its case-file line, through the CLI as a user sees it."""

from __future__ import annotations

import json

import pytest

from fhirconv.case.units import usual_unit

HEAD = """fhirconv: "1"
id: warn
patient: {sex: female}
"""


def run(tmp_path, cli, body: str):
    case = tmp_path / "case.yaml"
    case.write_text(HEAD + body, encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    return case, proc


def line_of(case, needle: str) -> int:
    return next(i for i, t in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if needle in t)


def test_a_lab_number_without_unit_warns_at_the_value(tmp_path, cli):
    case, proc = run(tmp_path, cli, """observations:
  - id: ag
    observation: anion gap
    category: laboratory
    value: 18
  - id: lactate
    observation: lactate
    category: laboratory
    series: [{date: 2020-01-01, value: 0.7}, {date: 2020-01-02, value: 1.1}]
""")
    assert proc.returncode == 0, proc.stderr
    assert f"case.yaml:{line_of(case, 'value: 18')}:5 $.observations[0].value: warning: anion gap 18 has no unit" \
        in proc.stderr
    series_line = line_of(case, "series:")
    assert f":{series_line}:" in proc.stderr and "$.observations[1].series[1].value: warning: lactate 1.1 has no unit" \
        in proc.stderr
    assert json.loads((tmp_path / "out.json").read_text())["entry"][1]["resource"]["valueQuantity"] == {"value": 18}


def test_a_vital_sign_component_without_unit_warns(tmp_path, cli):
    case, proc = run(tmp_path, cli, """observations:
  - id: bp
    observation: blood pressure
    date: 2020-01-01
    components:
      - {observation: systolic blood pressure, value: 135, unit: "mm[Hg]"}
      - {observation: diastolic blood pressure, value: 72}
""")
    assert proc.returncode == 0, proc.stderr
    assert "$.observations[0].components[1].value: warning: diastolic blood pressure 72 has no unit" in proc.stderr
    assert "components[0]" not in proc.stderr


def test_a_number_with_its_unit_or_outside_labs_gives_no_unit_warning(tmp_path, cli):
    _, proc = run(tmp_path, cli, """observations:
  - {id: hr, observation: heart rate, category: vital-signs, value: 141, unit: /min}
  - {id: score, observation: some score, category: survey, value: 3}
""")
    assert proc.returncode == 0 and "has no unit" not in proc.stderr


@pytest.mark.parametrize("body,needle", [
    ("  - {id: t, observation: body temperature, category: vital-signs, value: afebrile}\n",
     "body temperature is a vital sign but its value is the text 'afebrile'"),
    # A vital-sign LOINC code makes it one even without the category.
    ("  - {id: rr, observation: respiratory rate, value: tachypnoeic}\n",
     "is a vital sign but its value is the text 'tachypnoeic'"),
])
def test_a_text_value_under_a_vital_sign_code_warns(tmp_path, cli, body, needle):
    case, proc = run(tmp_path, cli, "observations:\n" + body)
    assert proc.returncode == 0, proc.stderr
    assert needle in proc.stderr and "valueQuantity" in proc.stderr
    assert f"case.yaml:{line_of(case, '- {id:')}:" in proc.stderr


@pytest.mark.parametrize("written,ucum", [
    ("mmHg", "mm[Hg]"), ("bpm", "/min"), ("x10^3/uL", "10*3/uL"), ("x10^9/L", "10*9/L"), ("mcg", "ug"),
    ("cc", "mL"), ("degC", "Cel"), ("°C", "Cel"), ("hrs", "h"), ("mcg/kg/min", "ug/kg/min"), ("mEq/L", "meq/L"),
])
def test_ucum_suggestions_for_common_mistakes(tmp_path, cli, written, ucum):
    case, proc = run(tmp_path, cli, f"""observations:
  - id: x
    observation: heart rate
    value: 10
    unit: "{written}"
""")
    assert proc.returncode == 1
    line = line_of(case, "unit:")
    assert f"case.yaml:{line}:5 $.observations[0].unit: error: unit '{written}' is not a UCUM code " \
           f"(hint: did you mean '{ucum}'? (UCUM writes it so))" in proc.stderr


def test_a_unit_with_no_likely_meaning_keeps_the_general_hint(tmp_path, cli):
    _, proc = run(tmp_path, cli, "medications:\n  - {id: m, drug: x, dose: {value: 1, unit: tablets}}\n")
    assert proc.returncode == 1
    assert "unit 'tablets' is not a UCUM code" in proc.stderr and "e.g. mg, mg/d" in proc.stderr


@pytest.mark.parametrize("field,value,shape", [
    ("frequency", "q8h", "write it as frequency: {times: 1, per: hour, every: 8}"),  # read as prescriptions write it
    ("frequency", "now and then", "e.g. frequency: {times: 3, per: day}"),
    ("dose", "500 mg", "e.g. dose: {value: 5, unit: mg}"),
    ("duration", "7 days", "e.g. duration: {value: 7, unit: d}"),
])
def test_a_wrong_type_shows_the_expected_shape(tmp_path, cli, field, value, shape):
    case, proc = run(tmp_path, cli, f"medications:\n  - id: m\n    drug: amoxicillin\n    {field}: {value}\n")
    assert proc.returncode == 1
    assert (f"case.yaml:{line_of(case, field + ':')}:5 $.medications[0].{field}: error: expected object, "
            f"got str '{value}' (hint: {shape})") in proc.stderr


def test_the_usual_unit_column_is_read_when_the_tables_have_it(tmp_path, monkeypatch):
    # The tables' optional 'unit' column: absent today for most rows; a table that has it is read.
    import fhirconv.case.units as units

    data = tmp_path / "data"
    data.mkdir()
    (data / "x.csv").write_text("kind,term,aliases,system,code,display,unit,source\n"
                                "observation,lactate,,http://loinc.org,0000-0,Lactate,mmol/L,test row\n")

    monkeypatch.setattr(units, "DATA", data)
    units._usual_units.cache_clear()
    try:
        assert usual_unit("http://loinc.org", "0000-0") == "mmol/L"
    finally:
        units._usual_units.cache_clear()


def test_stage_groups_are_coded_only_for_an_ajcc_staging(tmp_path):
    """'IIA' is an AJCC stage group, a FIGO stage, or an Ann Arbor stage without B symptoms: the
    tables' AJCC codes are written only when the case names an AJCC/TNM staging."""
    from fhirconv.api import convert_file

    case = tmp_path / "stages.yaml"
    case.write_text("""fhirconv: "1"
id: stages
patient: {sex: female}
conditions:
  - id: lymphoma
    condition: Hodgkin lymphoma
    stage: {system: Ann Arbor, value: IIA}
  - id: breast
    condition: breast cancer
    stage: {system: AJCC 8, value: IIA}
  - id: other
    condition: breast cancer
    stage: {value: IIA}
""", encoding="utf-8")
    conv = convert_file(case)
    by_id = {r["identifier"][0]["value"].split("/", 1)[1]: r
             for r in conv.resources if r["resourceType"] == "Condition"}
    assert by_id["lymphoma"]["stage"][0]["summary"] == {"text": "IIA"}
    assert by_id["other"]["stage"][0]["summary"] == {"text": "IIA"}
    assert by_id["breast"]["stage"][0]["summary"]["coding"][0]["code"] == "1222766008"
    warned = [i for i in conv.issues if "staging system" in i.message]
    assert len(warned) == 2 and all(i.line for i in warned)


def test_a_name_split_at_its_commas_in_a_flow_list_warns(tmp_path, cli):
    """YAML splits "[hand, foot, and mouth disease]" into three names: the item that starts with "and"
    is pointed at, with the quoted name as the hint; a list of separate names draws nothing."""
    case, proc = run(tmp_path, cli, """family_history:
  - {id: fh, relationship: brother, conditions: [hand, foot, and mouth disease]}
  - {id: fh2, relationship: mother, conditions: [asthma, eczema]}
""")
    assert proc.returncode == 0, proc.stderr
    line = line_of(case, "hand, foot")
    assert (f"case.yaml:{line}:" in proc.stderr and "$.family_history[0].conditions[2]: warning: list item "
            "'and mouth disease' starts with 'and'" in proc.stderr)
    assert "['hand, foot, and mouth disease']" in proc.stderr
    assert proc.stderr.count("starts with") == 1


RESPONSES = """conditions:
  - {id: saa, condition: severe aplastic anaemia}
  - {id: dlbcl, condition: diffuse large B-cell lymphoma}
  - {id: odd, condition: an illness no table knows}
observations:
  - {id: saa-cr, response: CR, focus: saa, date: 2020-03-01}
  - {id: dlbcl-cr, response: CR, focus: dlbcl, date: 2020-03-01}
  - {id: odd-pr, response: PR, focus: odd, date: 2020-03-01}
"""


def test_a_cancer_response_on_a_disease_that_is_no_cancer_stays_text(tmp_path, cli):
    """CR on aplastic anaemia is no *Response to cancer treatment* (LOINC 88040-1) and no NCIt
    remission (defined by signs of cancer): text, with a warning at the response; a lymphoma's, and
    one whose focus carries no code (nothing says it is no cancer), keep their codes."""
    case, proc = run(tmp_path, cli, RESPONSES)
    assert proc.returncode == 0, proc.stderr
    assert (f"case.yaml:{line_of(case, 'id: saa-cr')}:18 $.observations[0].response: warning: response 'CR' is a "
            "cancer response category") in proc.stderr
    assert proc.stderr.count("is a cancer response category") == 1
    obs = {r["identifier"][0]["value"].split("/")[-1]: r for r in
           (e["resource"] for e in json.loads((tmp_path / "out.json").read_text())["entry"])
           if r["resourceType"] == "Observation"}
    assert "coding" not in obs["saa-cr"]["code"] and "coding" not in obs["saa-cr"]["valueCodeableConcept"]
    assert obs["saa-cr"]["valueCodeableConcept"]["text"] == "Complete response (CR)"
    for kept in ("dlbcl-cr", "odd-pr"):
        assert obs[kept]["code"]["coding"][0]["code"] == "88040-1"
        assert obs[kept]["valueCodeableConcept"]["coding"]


@pytest.mark.parametrize("display,cancer", [
    ("Adenocarcinoma of pancreas", True), ("Osteosarcoma", True), ("Medulloblastoma", True),
    ("Glioblastoma multiforme", True), ("Hemangioblastoma", False), ("Osteoblastoma", False),
    ("Aplastic anemia", False),
])
def test_a_cancer_is_read_in_its_display_to_the_words_end(display, cancer):
    """Whether a condition is a cancer, for a response's and a status's code: an adenocarcinoma is one,
    a haemangioblastoma (a benign blastoma) is not."""
    from fhirconv.mappers.observation import is_cancer

    assert is_cancer({"coding": [{"system": "http://snomed.info/sct", "code": "1", "display": display}]}) is cancer
