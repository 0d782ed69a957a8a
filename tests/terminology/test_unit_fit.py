"""A measured value's unit must fit the LOINC code its words find: 8 % of eosinophils is not the count
Eosinophils [#/volume], glucose in mmol/L is not Glucose [Mass/volume]. The same test measured in that
unit is taken when the tables hold exactly one; otherwise the value keeps its words, with a warning."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import match, match_with_unit
from fhirconv.terminology.dimensions import dimension, fits

LOINC = "http://loinc.org"
HEAD = """fhirconv: "1"
id: units
patient: {sex: female}
observations:
"""


@pytest.mark.parametrize(("unit", "usual", "verdict"), [
    ("%", "10*3/uL", False),  # a percentage is not a count per volume
    ("/uL", "10*3/uL", True), ("/mm3", "10*9/L", True), ("g/L", "g/dL", True),
    ("mmol/L", "mg/dL", False),  # moles are not mass
    ("meq/L", "mmol/L", True),
    ("U/L", "U/L", True),
    ("[IU]/L", "U/L", None),  # pint reads arbitrary units as pure numbers: no verdict
    ("{score}", "1", None),  # an annotation alone: no verdict
    ("mL/min/1.73.m2", "mL/min/{1.73_m2}", None),  # what people mean is not what UCUM reads: no verdict
    ("[pH]", "[pH]", True),  # the same unit fits even when it cannot be read
    ("mmol/mol", "%", False),  # HbA1c by IFCC (a ratio of amounts) is not the percentage (of masses)
    ("mmol/mol", "mol/mol", True), ("%", "1", True),
    ("{copies}/mL", "[IU]/mL", False),  # viral DNA counted in copies is not in international units
    ("[IU]/mL", "{copies}/mL", False), ("{cells}/uL", "[IU]/mL", False),
])
def test_fits(unit, usual, verdict):
    assert fits(unit, usual) is verdict


def test_dimension_unreadable_is_none():
    assert dimension("[pH]") is None
    assert dimension("") is None


@pytest.mark.parametrize(("term", "unit", "code"), [
    ("eosinophils", None, "26449-9"), ("eosinophils", "10*3/uL", "26449-9"), ("eosinophils", "/uL", "26449-9"),
    ("eosinophils", "%", "26450-7"),  # Eosinophils/100 leukocytes: the same test as a percentage
    ("blood glucose", "mg/dL", "2339-0"), ("blood glucose", "mmol/L", "15074-8"),
    ("glucose", "mmol/L", "14749-6"),  # serum or plasma stays serum or plasma
    ("neutrophils", "%", "26511-6"),
    # SI units of case reports from outside the US: the [Moles/volume] test of the same analyte
    ("creatinine", "umol/L", "14682-9"), ("creatinine", "mg/dL", "2160-0"),
    ("total bilirubin", "umol/L", "14631-6"), ("calcium", "mmol/L", "2000-8"), ("cholesterol", "mmol/L", "14647-2"),
    ("uric acid", "mg/dL", "3084-1"), ("uric acid", "umol/L", "14933-6"),
    ("serum lithium", "meq/L", "14334-7"),
    ("haemoglobin", "mmol/L", "59260-0"), ("haemoglobin", "g/L", "718-7"),
    ("bedside blood glucose", "mmol/L", "51596-5"), ("BUN", "mmol/L", "14937-7"),
    # HBV DNA by NAA: in IU/mL the [Units/volume] test of another method, in copies the [#/volume] test
    ("HBV DNA", "[IU]/mL", "11258-1"), ("HBV DNA", "{copies}/mL", "29615-2"), ("HBV DNA", None, "29610-3"),
    ("hepatitis B viral load", "{copies}/mL", "29615-2"), ("hepatitis B viral load", "[IU]/mL", "11258-1"),
])
def test_the_unit_chooses_the_property(term, unit, code):
    found = match_with_unit("observation", term, unit)
    assert found.concept is not None, found
    assert [c.code for c in found.concept.codings if c.system == LOINC] == [code]


@pytest.mark.parametrize(("one", "other"), [
    ("Glucose [Mass/volume] in Blood", "Glucose [Moles/volume] in Blood"),
    ("Eosinophils [#/volume] in Blood by Automated count", "Eosinophils/100 leukocytes in Blood by Automated count"),
    ("Reticulocytes [#/volume] in Blood", "Reticulocytes/100 erythrocytes in Blood"),
])
def test_one_test_in_two_properties(one, other):
    from fhirconv.terminology.matching import _test_key

    assert _test_key(one) == _test_key(other)
    assert _test_key(one) != _test_key("Glucose [Mass/volume] in Serum or Plasma")


def test_no_fitting_test_means_no_code():
    found = match_with_unit("observation", "bicarbonate", "mg/dL")
    assert found.concept is None and found.status == "none"
    assert found.unit_mismatch is not None and found.unit_mismatch.codings[0].code == "1963-8"
    assert found.unit == "mg/dL"
    # the words alone still find the test
    assert match("observation", "bicarbonate").concept.codings[0].code == "1963-8"


def test_hba1c_in_mmol_per_mol_is_not_the_percentage_code():
    """Both units read as pure numbers (UCUM's mole is a number), yet 48 mmol/mol is not 48 %."""
    found = match_with_unit("observation", "HbA1c", "mmol/mol")
    assert found.concept is None and found.unit_mismatch is not None
    assert match_with_unit("observation", "HbA1c", "%").concept.codings[0].code == "4548-4"


def test_a_measured_amount_is_not_a_test_strip_presence():
    """*Protein [Presence] in Urine* answers present or absent: 1.2 g/L of urine protein is the
    measured twin *Protein [Mass/volume] in Urine*, and an amount with no such twin is text. The test
    strip code is for words that say the dipstick (the words "urine protein" name no method)."""
    assert match_with_unit("observation", "urine protein", None).concept.codings[0].code == "2887-8"
    assert match_with_unit("observation", "urine dipstick protein", None).concept.codings[0].code == "20454-5"
    assert match_with_unit("observation", "urine dipstick protein", "g/L").concept.codings[0].code == "2888-6"
    assert match_with_unit("observation", "urine protein", "g/L").concept.codings[0].code == "2888-6"
    ketones = match_with_unit("observation", "urine ketones", "mmol/L")
    assert ketones.concept is None and "[Presence]" in ketones.unit_mismatch.codings[0].display


def test_rows_without_a_unit_or_a_loinc_code_are_not_checked():
    assert match_with_unit("observation", "peripheral blood smear", "%").concept is not None
    assert match_with_unit("condition", "fever", "%").concept is not None


def _convert(tmp_path, body: str):
    case = tmp_path / "case.yaml"
    case.write_text(HEAD + body, encoding="utf-8")
    conv = convert_file(str(case))
    # in the order of the case's observations (resource ids are UUIDs)
    codes = [[(c["system"], c["code"]) for c in r["code"].get("coding", [])]
             for r in conv.resources if r["resourceType"] == "Observation"]
    return conv, codes


def test_convert_takes_the_test_the_unit_measures(tmp_path):
    conv, codes = _convert(tmp_path, """\
  - {id: eos, observation: eosinophils, category: laboratory, value: {value: 8, unit: "%"}}
  - {id: eos-count, observation: eosinophils, category: laboratory, value: 0.5, unit: 10*3/uL}
  - {id: glu, observation: blood glucose, category: laboratory, value: 17.6, unit: mmol/L}
""")
    by_text = {r["code"]["text"] + "/" + r["valueQuantity"]["code"]: r["code"]["coding"][0]["code"]
               for r in conv.resources if r["resourceType"] == "Observation"}
    assert by_text == {"eosinophils/%": "26450-7", "eosinophils/10*3/uL": "26449-9",
                       "blood glucose/mmol/L": "15074-8"}
    assert not [i for i in conv.issues if "another property" in i.message]


def test_convert_writes_text_and_warns_when_no_test_fits(tmp_path):
    conv, _ = _convert(tmp_path,
                       "  - {id: bic, observation: bicarbonate, category: laboratory, value: 10, unit: mg/dL}\n")
    obs = next(r for r in conv.resources if r["resourceType"] == "Observation" and r["code"]["text"] == "bicarbonate")
    assert "coding" not in obs["code"]
    warning = next(i for i in conv.issues if "another property" in i.message)
    assert "LOINC 1963-8" in warning.message and "'mg/dL'" in warning.message
    assert warning.line == 5  # at the observation's line in the case file


def test_a_side_measured_on_is_looked_up_with_the_test(tmp_path):
    conv, codes = _convert(tmp_path, """\
  - {id: iop-r, observation: intraocular pressure, category: exam, value: 14, unit: "mm[Hg]",
     body_site: {site: eye, laterality: right}}
  - {id: iop-l, observation: intraocular pressure, category: exam, value: 15, unit: "mm[Hg]",
     body_site: {site: eye, laterality: left}}
  - {id: va, observation: visual acuity, category: exam, value: 6/9, body_site: {site: eye, laterality: left}}
  - {id: iop, observation: intraocular pressure, category: exam, value: 15, unit: "mm[Hg]"}
""")
    assert codes == [[(LOINC, "79892-6")], [(LOINC, "79893-4")],
                     [("http://snomed.info/sct", "363983007")],  # no sided row: the test as written
                     # no side: no table row for intraocular pressure without a side; the SNOMED CT
                     # Global Patient Set's observable entity Intraocular pressure
                     [("http://snomed.info/sct", "41633001")]]
    texts = [r["code"]["text"] for r in conv.resources if r["resourceType"] == "Observation"]
    assert texts == ["intraocular pressure"] * 2 + ["visual acuity", "intraocular pressure"]  # as written


def test_the_lookup_benchmark_still_sees_every_observation_lookup():
    # bench/lookups.py records convert's look-ups through ``snippets.match``: the unit check refines
    # that verdict (``measured_in``) instead of looking the words up another way
    from bench.lookups import sample_lookups

    calls = sample_lookups()
    assert ("observation", "bicarbonate") in calls
    assert sum(1 for kind, _ in calls if kind == "observation") >= 50


def test_validate_sees_a_unit_the_loinc_code_cannot_take():
    import json

    from fhirconv.validate import validate_text

    obs = {"resourceType": "Observation", "status": "final",
           "code": {"coding": [{"system": LOINC, "code": "26449-9"}]},
           "valueQuantity": {"value": 8, "system": "http://unitsofmeasure.org", "code": "%"},
           "component": [{"code": {"coding": [{"system": LOINC, "code": "2339-0"}]},
                          "valueQuantity": {"value": 5.6, "system": "http://unitsofmeasure.org", "code": "mg/dL"}}]}
    found = [i for i in validate_text(json.dumps(obs), source="o.json") if "cannot measure" in i.message]
    assert [(i.severity, i.layer, i.expression) for i in found] == [
        ("warning", "terminology", "Observation.valueQuantity.code")]  # mg/dL is glucose's own unit
    assert "LOINC 26449-9" in found[0].message and "'10*3/uL'" in found[0].message


def test_validate_sees_an_amount_under_a_presence_code():
    import json

    from fhirconv.validate import validate_text

    obs = {"resourceType": "Observation", "status": "final",
           "code": {"coding": [{"system": LOINC, "code": "20454-5"}]},
           "valueQuantity": {"value": 1.2, "system": "http://unitsofmeasure.org", "code": "g/L"}}
    found = [i for i in validate_text(json.dumps(obs), source="o.json") if "says present or absent" in i.message]
    assert [(i.severity, i.expression) for i in found] == [("warning", "Observation.valueQuantity.code")]


def test_a_case_code_that_the_unit_contradicts_is_kept_and_reported_once_at_its_line(tmp_path):
    conv, codes = _convert(tmp_path, """\
  - id: eos
    observation: {term: eosinophils, codes: [{system: "http://loinc.org", code: 26449-9}]}
    category: laboratory
    value: {value: 8, unit: "%"}
""")
    assert codes == [[(LOINC, "26449-9")]]  # the case's own choice
    found = [i for i in conv.issues if "cannot measure" in i.message]
    assert [(i.line, i.expression) for i in found] == [(6, "$.observations[0].observation")]


def test_convert_command_reports_the_doubtful_case_code_only_at_its_line(tmp_path):
    from tests.conftest import run_cli

    case = tmp_path / "case.yaml"
    case.write_text(HEAD + """  - id: eos
    observation: {term: eosinophils, codes: [{system: "http://loinc.org", code: 26449-9}]}
    category: laboratory
    value: {value: 8, unit: "%"}
""", encoding="utf-8")
    proc = run_cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "cannot measure" in line]
    assert len(lines) == 1 and lines[0].startswith(f"{case}:6:5 $.observations[0].observation: warning:"), lines


def test_the_unit_picks_one_of_several_tests_the_words_fit():
    """'reticulocyte count' is the percentage or the count: the value's unit says which; without a
    unit, or with one neither takes, no code is written."""
    from fhirconv.terminology.matching import match_with_unit

    assert match_with_unit("observation", "reticulocyte count", None).status == "ambiguous"
    assert [c.code for c in match_with_unit("observation", "reticulocyte count", "%").concept.codings] == ["4679-7"]
    per_litre = match_with_unit("observation", "reticulocyte count", "10*9/L")
    assert [c.code for c in per_litre.concept.codings] == ["14196-0"]
    assert match_with_unit("observation", "reticulocyte count", "mg/dL").status == "ambiguous"
