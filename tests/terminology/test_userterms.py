"""User terms (--terms FILE, terms: in a case file): they add and override codes, every row is
checked like the built-in ones with each problem at its file:line:col, and they reach the worker
processes of a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fhirconv.issues import FhirconvError
from fhirconv.terminology import lookup, using
from fhirconv.terminology.checks import snomed_id_ok, verhoeff_ok
from fhirconv.terminology.userterms import load
from tests.conftest import run_cli

HEADER = "kind,term,aliases,system,code,display,unit,source\n"
SNOMED = "http://snomed.info/sct"
# The SNOMED CT code the built-in tables give to type 2 diabetes (samples.csv), reused for a new term.
T2DM = "44054006"
NEW_ROW = (f"condition,pancreatic beta-cell dysfunction,beta cell failure,{SNOMED},{T2DM},Diabetes mellitus type 2,,"
           "review\n")

CASE = """fhirconv: "1"
id: {id}
patient: {{sex: female}}
conditions:
  - id: c1
    condition: {term}
"""


def _codes(bundle: dict, resource_type: str = "Condition") -> list[str]:
    return [c["code"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
            for c in e["resource"].get("code", {}).get("coding", [])]


def test_a_user_row_adds_a_term_with_its_aliases(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + NEW_ROW)
    terms = load([str(path)])
    assert lookup("condition", "pancreatic beta-cell dysfunction") == ()
    with using(terms):
        assert [c.code for c in lookup("condition", "Pancreatic beta cell dysfunction")] == [T2DM]
        assert [c.code for c in lookup("condition", "beta-cell failure")] == [T2DM]


def test_a_user_row_overrides_the_built_in_concept_of_the_same_kind_and_term(tmp_path):
    built_in = lookup("condition", "multiple myeloma")
    assert built_in and T2DM not in [c.code for c in built_in]
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + f"condition,Multiple Myeloma,,{SNOMED},{T2DM},Diabetes mellitus type 2,,test\n")
    with using(load([str(path)])):
        assert [c.code for c in lookup("condition", "multiple myeloma")] == [T2DM]
        assert [c.code for c in lookup("condition", "MM")] == [T2DM]  # the built-in aliases follow
    assert lookup("condition", "multiple myeloma") == built_in  # only inside the block


def test_a_later_file_overrides_an_earlier_one(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + NEW_ROW)
    second.write_text(HEADER + "condition,pancreatic beta cell dysfunction,,http://hl7.org/fhir/sid/icd-10-cm,"
                      "E11.9,Type 2 diabetes mellitus without complications,,test\n")
    with using(load([str(first), str(second)])):
        assert [c.code for c in lookup("condition", "pancreatic beta-cell dysfunction")] == ["E11.9"]


def _description_id() -> str:
    """A well-formed SNOMED CT *description* id (partition 01), made with the check-digit rule."""
    sctid = next(f"10998901{d}" for d in range(10) if verhoeff_ok(f"10998901{d}"))
    assert snomed_id_ok(sctid) == "description"
    return sctid


BAD_ROWS = [
    # (row, the column reported, message fragment, hint fragment)
    (f"condition,x1,,{SNOMED},109989007,Multiple myeloma,,t", "code", "not a valid SNOMED CT identifier",
     "SNOMED CT browser"),
    (f"condition,x2,,{SNOMED},{{desc}},Multiple myeloma,,t", "code", "description id, not a concept id", None),
    ("observation,x3,,http://loinc.org,718-8,Hemoglobin [Mass/volume] in Blood,g/dL,t", "code",
     "not a valid LOINC code", "loinc.org"),
    ("condition,x4,,http://hl7.org/fhir/sid/icd-10-cm,A00.99,Cholera,,t", "code", "not an ICD-10-CM code", None),
    ("condition,x5,,http://hl7.org/fhir/sid/icd-10-cm,I10,Hypertension,,t", "display",
     "is not the ICD-10-CM description of I10", "Essential (primary) hypertension"),
    ("condition,x6,,http://hl7.org/fhir/sid/icd-10-cm,E11,Type 2 diabetes mellitus,,t", "code",
     "a category, not a billable code", "subcodes"),
    ("medication,x7,,http://www.nlm.nih.gov/research/umls/rxnorm,abc,metformin,,t", "code", "not an RxNorm RXCUI",
     None),
    (f"condition,x8,,http://snomed.info/sct/,{T2DM},Diabetes mellitus type 2,,t", "system",
     "is not the FHIR URI", "use http://snomed.info/sct"),
    (f"condition,x9,,http://snomed.inf/sct,{T2DM},Diabetes mellitus type 2,,t", "system",
     "unknown code system", "did you mean http://snomed.info/sct?"),
    (f"condition,x10,,snomed,{T2DM},Diabetes mellitus type 2,,t", "system", "short name", "use http://snomed.info/sct"),
    ("observation,x11,,http://loinc.org,718-7,Hemoglobin [Mass/volume] in Blood,mcg,t", "unit",
     "not a UCUM code", None),
    (f"condition,x12,,{SNOMED},{T2DM},Diabetes mellitus type 2,,", "source", "source is empty", "where the code"),
    (f"conditon,x13,,{SNOMED},{T2DM},Diabetes mellitus type 2,,t", "kind", "unknown kind", "'condition'"),
]
COLUMNS = HEADER.strip().split(",")


def _column(row: str, name: str) -> int:
    """1-based column where field ``name`` starts (these rows quote nothing)."""
    return sum(len(f) + 1 for f in row.split(",")[:COLUMNS.index(name)]) + 1


@pytest.mark.parametrize(("row", "field", "message", "hint"), BAD_ROWS, ids=[r[0].split(",")[1] for r in BAD_ROWS])
def test_each_bad_row_is_reported_at_its_line_and_column(tmp_path, row, field, message, hint):
    row = row.replace("{desc}", _description_id())
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + NEW_ROW + row + "\n")
    with pytest.raises(FhirconvError) as err:
        load([str(path)])
    [issue] = [i for i in err.value.issues if i.is_error]
    column = _column(row, field)
    assert issue.one_line().startswith(f"{path}:3:{column}: error: "), issue.one_line()
    assert message in issue.message
    if hint:
        assert hint in (issue.hint or "")


def test_a_display_that_differs_from_the_built_in_one_is_a_warning(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + f"condition,adult onset diabetes,,{SNOMED},{T2DM},Adult diabetes,,test\n")
    terms = load([str(path)])
    [warning] = terms.warnings
    assert warning.severity == "warning" and warning.line == 2 and "Diabetes mellitus type 2" in warning.message
    with using(terms):
        assert [c.code for c in lookup("condition", "adult onset diabetes")] == [T2DM]


def test_header_problems(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("kind,term,sytem,code,display,source\n")
    with pytest.raises(FhirconvError) as err:
        load([str(path)])
    lines = [i.one_line() for i in err.value.issues]
    assert lines[0].startswith(f"{path}:1:11: error: unknown column 'sytem'") and "did you mean 'system'" in lines[0]
    assert any("missing column(s) system" in line for line in lines)


def test_cli_reports_every_bad_row_and_exits_1(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + BAD_ROWS[0][0] + "\n" + BAD_ROWS[2][0] + "\n")
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="hypertension"))
    for command in (["convert", str(case)], ["validate", str(case)],
                    ["push", str(case), "--dry-run"]):
        proc = run_cli(*command, "--terms", str(path))
        assert proc.returncode == 1, (command, proc.stderr)
        assert f"{path}:2:" in proc.stderr and f"{path}:3:" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and not proc.stdout


def test_convert_validate_and_push_use_the_terms(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + NEW_ROW)
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="beta cell failure"))
    plain = run_cli("convert", str(case))
    assert plain.returncode == 0 and _codes(json.loads(plain.stdout)) == []
    assert "no code known for condition 'beta cell failure'" in plain.stderr
    assert "--terms FILE" in plain.stderr and "fhirconv terms search" in plain.stderr
    coded = run_cli("convert", str(case), "--terms", str(path), "--strict")
    assert coded.returncode == 0, coded.stderr
    assert _codes(json.loads(coded.stdout)) == [T2DM]
    valid = run_cli("validate", str(case), "--terms", str(path), "--strict")
    assert valid.returncode == 0, valid.stdout
    strict = run_cli("validate", str(case), "--strict")
    assert strict.returncode == 1 and "no code known" in strict.stdout
    pushed = run_cli("push", str(case), "--terms", str(path), "--dry-run", "--format", "json")
    assert pushed.returncode == 0, pushed.stderr
    assert T2DM in pushed.stdout


def test_terms_reach_batch_workers_and_the_output_is_the_same_whatever_jobs(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + NEW_ROW)
    cases = tmp_path / "cases"
    cases.mkdir()
    for n in range(6):
        (cases / f"case-{n}.yaml").write_text(CASE.format(id=f"t-{n}", term="pancreatic beta-cell dysfunction"))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        proc = run_cli("convert", str(cases), "-o", f"{out}/", "-j", jobs, "--terms", str(path), "--strict")
        assert proc.returncode == 0, proc.stderr
        files = sorted(out.iterdir())
        assert len(files) == 6
        assert all(_codes(json.loads(f.read_text())) == [T2DM] for f in files)
        outputs.append([f.read_bytes() for f in files])
    assert outputs[0] == outputs[1]


def test_terms_named_in_a_case_file_are_relative_to_it(tmp_path):
    (tmp_path / "codes").mkdir()
    (tmp_path / "codes" / "mine.csv").write_text(HEADER + NEW_ROW)
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="beta cell failure") + "terms: [codes/mine.csv]\n")
    proc = run_cli("convert", str(case), "--strict", cwd=Path("/"))
    assert proc.returncode == 0, proc.stderr
    assert _codes(json.loads(proc.stdout)) == [T2DM]


def test_a_missing_terms_file_in_a_case_is_reported_at_its_line(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="x") + "terms:\n  - nowhere.csv\n")
    proc = run_cli("convert", str(case))
    assert proc.returncode == 1
    assert f"{case}:8:5 $.terms[0]: error: terms file 'nowhere.csv' not found" in proc.stderr


def test_a_bad_row_in_a_case_terms_file_is_reported_in_that_file(tmp_path):
    terms = tmp_path / "mine.csv"
    terms.write_text(HEADER + BAD_ROWS[2][0] + "\n")
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="x") + "terms: [mine.csv]\n")
    proc = run_cli("convert", str(case))
    assert proc.returncode == 1
    assert f"{terms}:2:{BAD_ROWS[2][0].index('718-8') + 1}: error: '718-8' is not a valid LOINC code" in proc.stderr


def test_a_bad_code_given_in_a_case_is_reported_at_its_line_in_the_case(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="t-1", term="x").replace(
        "condition: x", "condition:\n      term: myeloma\n      codes:\n        - {system: 'http://snomed.info/sct', "
                        "code: '109989007'}\n        - {system: 'http://loinc.org/', code: '718-7'}"))
    proc = run_cli("convert", str(case))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert any(line.startswith(f"{case}:9:") and "$.conditions[0].condition.codes[0].code: error: '109989007'"
               in line for line in lines), proc.stderr
    assert any(line.startswith(f"{case}:10:") and "codes[1].system: error:" in line and
               "use http://loinc.org" in line for line in lines), proc.stderr
    assert "Bundle." not in proc.stderr
