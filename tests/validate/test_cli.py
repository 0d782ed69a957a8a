"""``fhirconv validate`` as users run it: inputs, output formats, exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import MYELOMA, run_cli
from tests.validate.conftest import CORPUS

VALID = CORPUS / "valid-collection.json"
BROKEN = CORPUS / "snomed-check-digit.json"


def test_valid_bundle_exits_0(invoke):
    result = invoke(str(VALID))
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s) in 1 file" in result.output


def test_errors_exit_1_with_a_table(invoke):
    result = invoke(str(BROKEN))
    assert result.exit_code == 1
    header, row = result.output.splitlines()[:2]
    assert header.split() == ["SEVERITY", "LOCATION", "MESSAGE", "LAYER"]
    assert row.startswith("error")
    assert "Bundle.entry[1].resource.code.coding[0].code" in row and row.rstrip().endswith("terminology")


def test_warnings_fail_only_with_strict(invoke):
    path = str(CORPUS / "no-narrative.json")
    assert invoke(path).exit_code == 0
    assert invoke(path, "--strict").exit_code == 1


@pytest.mark.parametrize("args", [["--layer", "nope", str(VALID)], ["--fhir-version", "R6", str(VALID)],
                                  ["does-not-exist.json"], []])
def test_usage_errors_exit_2(invoke, args):
    assert invoke(*args).exit_code == 2


def test_layer_option_selects_layers(invoke):
    assert invoke(str(BROKEN), "--layer", "structure", "--layer", "schema").exit_code == 0
    assert invoke(str(BROKEN), "--layer", "terminology").exit_code == 1


def test_allow_external(invoke):
    path = str(CORPUS / "dangling-reference.json")
    assert invoke(path).exit_code == 1
    assert invoke(path, "--allow-external").exit_code == 0


def test_json_output_is_a_valid_operation_outcome(invoke):
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    result = invoke(str(BROKEN), str(CORPUS / "duplicate-fullurl.json"), "--format", "json")
    assert result.exit_code == 1
    outcome = json.loads(result.output)
    OperationOutcome.model_validate(outcome)
    by_expr = {tuple(i.get("expression", [])): i for i in outcome["issue"]}
    issue = by_expr[("Bundle.entry[1].resource.code.coding[0].code",)]
    assert issue["severity"] == "error" and issue["code"] == "code-invalid"
    assert "layer=terminology" in issue["diagnostics"] and "snomed-check-digit.json" in issue["diagnostics"]
    ok = json.loads(invoke(str(VALID), "--format", "json").output)
    OperationOutcome.model_validate(ok)
    assert ok["issue"][0]["severity"] == "information"


def test_json_output_of_a_syntax_error_validates(invoke):
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    result = invoke(str(CORPUS / "syntax-missing-comma.json"), "--format", "json")
    assert result.exit_code == 1
    outcome = json.loads(result.output)
    OperationOutcome.model_validate(outcome)
    assert outcome["issue"][0]["severity"] == "fatal" and ":8:3" in outcome["issue"][0]["diagnostics"]


def test_directories_ndjson_and_stdin(invoke, tmp_path):
    for name in ("valid-collection.json", "loinc-check-digit.json", "syntax-ndjson-bad-line.ndjson"):
        shutil.copy(CORPUS / name, tmp_path / name)
    result = invoke(str(tmp_path))
    assert result.exit_code == 1
    assert "in 3 files" in result.output
    assert "loinc-check-digit.json Bundle.entry[2].resource.code.coding[0].code" in result.output
    assert "syntax-ndjson-bad-line.ndjson:3:" in result.output
    piped = invoke("-", input=BROKEN.read_text(encoding="utf-8"))
    assert piped.exit_code == 1 and "<stdin> Bundle.entry[1].resource.code.coding[0].code" in piped.output


def test_ndjson_references_resolve_across_files(invoke, tmp_path):
    lines = (CORPUS / "syntax-ndjson-bad-line.ndjson").read_text(encoding="utf-8").splitlines()
    (tmp_path / "Patient.ndjson").write_text(lines[0] + "\n", encoding="utf-8")
    (tmp_path / "Condition.ndjson").write_text(lines[1] + "\n", encoding="utf-8")
    assert invoke(str(tmp_path / "Condition.ndjson")).exit_code == 1  # Patient/... dangles alone
    assert invoke(str(tmp_path)).exit_code == 0


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_sample_case_file_has_no_errors(invoke, version, bundle_type):
    result = invoke(str(MYELOMA), "--fhir-version", version, "--bundle-type", bundle_type)
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_converted_sample_bundle_and_ndjson_have_no_errors(version, bundle_type):
    from fhirconv.api import convert_file
    from fhirconv.validate import validate_resource_tree, validate_text

    conv = convert_file(MYELOMA, fhir_version=version, bundle_type=bundle_type)
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    from fhirconv.validate.terminology import is_text_only

    assert not [i.one_line() for i in issues if i.is_error]
    assert not [i.one_line() for i in issues if i.severity == "warning" and not is_text_only(i)]
    # The terms the tables have no code for are the concepts validate reports as text only (the
    # response's method, "IMWG response criteria", qualifies it and is not one)
    uncoded = {i.message.split("'")[1] for i in conv.issues if i.message.startswith("no code known")}
    assert {i.message.split("'")[1] for i in issues if is_text_only(i)} == uncoded
    ndjson = "\n".join(json.dumps(r) for r in conv.resources) + "\n"
    issues = validate_text(ndjson, source="myeloma.ndjson", fhir_version=version)
    assert not [i.one_line() for i in issues if i.is_error]


def test_real_process_exit_codes_and_no_traceback():
    ok = run_cli("validate", str(VALID))
    assert ok.returncode == 0, ok.stderr
    bad = run_cli("validate", str(BROKEN), "--format", "json")
    assert bad.returncode == 1 and json.loads(bad.stdout)["resourceType"] == "OperationOutcome"
    usage = run_cli("validate", "--layer", "bogus", str(VALID))
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_an_ndjson_output_directory_validates_manifest_and_all(tmp_path):
    import subprocess
    import sys

    from tests.conftest import SAMPLES

    out = tmp_path / "bulk"
    conv = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(SAMPLES), "-o", str(out),
                           "--format", "ndjson", "-q"], capture_output=True, text=True)
    assert conv.returncode == 0, conv.stderr
    assert (out / "manifest.json").exists()
    proc = subprocess.run([sys.executable, "-m", "fhirconv", "validate", str(out)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s)" in proc.stdout


def test_a_drug_group_or_a_method_in_words_is_no_uncoded_concept():
    from fhirconv.api import convert_text
    from fhirconv.validate import validate_resource_tree
    from fhirconv.validate.terminology import is_text_only

    case = """\
fhirconv: "1"
id: ripe
patient: {sex: male}
conditions:
  - {id: tb, condition: cold-like symptoms}
medications:
  - {id: h, drug: isoniazid, group: RIPE therapy}
  - {id: r, drug: rifampicin, group: RIPE therapy}
"""
    conv = convert_text(case, "ripe.yaml")
    flagged = [i.expression for i in validate_resource_tree(conv.bundle) if is_text_only(i)]
    assert len(flagged) == 1 and flagged[0].endswith(".code")  # the condition's words, not the group
