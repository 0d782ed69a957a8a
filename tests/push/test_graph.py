"""Dependency order, chunking and reference rewriting, without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fhirconv.cli import cli
from fhirconv.push.graph import CycleError, Item, keys_for, levels, order, references, rewrite
from fhirconv.push.inputs import chunks, load
from fhirconv.push.verify import compare

from .handmade import resources, transaction_bundle


def items_of(case: str) -> list[Item]:
    return [Item(r, keys_for(r, None), "t.ndjson", case) for r in resources(case)]


def test_order_comes_from_references_not_types() -> None:
    items = list(reversed(items_of("c")))
    names = [i.type for i in order(items)]
    assert names[0] == "Patient" and names[1] == "Condition"
    assert names.index("Procedure") < names.index("MedicationStatement")  # partOf -> Procedure
    # a Patient that references a Condition (made up, to prove no type list is used) goes after it
    patient, condition = items_of("d")[:2]
    patient.resource = {**patient.resource, "link": [{"other": {"reference": condition.keys[0]}}]}
    condition.resource = {k: v for k, v in condition.resource.items() if k != "subject"}
    assert [i.type for i in order([patient, condition])] == ["Condition", "Patient"]


def test_cycles_are_named() -> None:
    a, b = items_of("e")[:2]
    a.resource = {**a.resource, "link": [{"other": {"reference": b.keys[0]}}]}
    with pytest.raises(CycleError):
        levels([a, b])


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_chunks_never_reference_a_later_chunk(size: int) -> None:
    pool = list(reversed(items_of("f")))
    parts = chunks(pool, size)
    assert sum(len(p.items) for p in parts) == 5
    seen: set[str] = set()
    for part in parts:
        seen |= {key for item in part.items for key in item.keys}
        for item in part.items:
            for ref in references(item.resource):
                assert ref["reference"] in seen


def test_rewrite_leaves_the_input_alone() -> None:
    res = resources("g")[1]
    out = rewrite(res, {res["subject"]["reference"]: "Patient/42"})
    assert out["subject"]["reference"] == "Patient/42"
    assert res["subject"]["reference"] != "Patient/42"


def test_bundle_and_ndjson_inputs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text(json.dumps(transaction_bundle("h")))
    (tmp_path / "a.ndjson").write_text("".join(json.dumps(r) + "\n" for r in resources("i")))
    (tmp_path / ".hidden.json").write_text("not json")
    units = load([tmp_path], "R4", chunk_size=10)
    assert [(u.label, len(u.items)) for u in units] == [("h", 5), ("ndjson", 5)]
    assert units[0].items[1].keys[0].startswith("urn:uuid:")


def test_bad_json_is_reported_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(resources("j")[0]) + "\n{oops\n")
    result = CliRunner().invoke(cli, ["push", str(bad), "--server", "http://127.0.0.1:9/fhir"])
    assert result.exit_code == 1
    assert f"{bad}:2:2: not valid JSON" in result.output


def test_dry_run_needs_no_server(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps(transaction_bundle("k")))
    result = CliRunner().invoke(cli, ["push", str(path), "--dry-run", "--mode", "resource"],
                                env={"FHIRCONV_SERVER": ""})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("POST [base]/Patient  [If-None-Exist: identifier=https://fhirconv.org/")
    assert len(lines) == 6 and "nothing sent" in lines[-1]


def test_verify_notices_changes() -> None:
    sent = resources("l")[1]
    sent["subject"]["reference"] = "Patient/1"
    got = json.loads(json.dumps(sent))
    assert compare(sent, got, "http://h/fhir", {"Patient/1"}) == []
    got["onsetDateTime"] = "2004"
    got["code"]["coding"][0]["code"] = "0"
    got["subject"]["reference"] = "urn:uuid:x"
    problems = compare(sent, got, "http://h/fhir", {"Patient/1"})
    assert "onsetDateTime: sent 2004-06, server has '2004'" in problems
    assert "code http://snomed.info/sct|109989006 missing" in problems
    assert "reference urn:uuid:x was not resolved to a server id" in problems
    assert "reference to Patient/1 missing" in problems


def test_bad_case_file_stops_before_the_server(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('fhirconv: "1"\nid: bad case\npatient: {sex: female}\n')
    result = CliRunner().invoke(cli, ["push", str(bad), "--server", "http://127.0.0.1:9/fhir"])
    assert result.exit_code == 1
    assert result.output.startswith(f"{bad}:2:1 $.id: error:")


def test_an_ndjson_output_directory_pushes_without_its_manifest(tmp_path):
    import subprocess
    import sys

    from fhirconv.push.inputs import load
    from tests.conftest import SAMPLES

    out = tmp_path / "bulk"
    proc = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(SAMPLES), "-o", str(out),
                           "--format", "ndjson", "-q"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    units = load([out], "R4", 500)
    items = [item for unit in units for item in unit.items]
    assert {item.resource["resourceType"] for item in items} == {
        "Patient", "Condition", "Procedure", "MedicationStatement", "Observation", "Encounter"}
    assert not any("manifest" in unit.source for unit in units)


def test_an_r5_file_is_not_pushed_as_r4(tmp_path):
    import subprocess
    import sys

    from tests.conftest import MYELOMA

    r5 = tmp_path / "r5.json"
    subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(MYELOMA), "--fhir-version", "R5", "-o",
                    str(r5), "-q"], check=True, capture_output=True)
    proc = subprocess.run([sys.executable, "-m", "fhirconv", "push", str(r5), "--server",
                           "http://127.0.0.1:9/fhir"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "the input is FHIR R5" in proc.stderr and "--fhir-version R5" in proc.stderr


def test_a_reference_cycle_is_one_group_after_what_it_references() -> None:
    from fhirconv.push.graph import grouped_order

    patient, condition, procedure = items_of("h")[:3]
    # condition <-> procedure reference each other (as mCODE's stage group and its cancer do)
    condition.resource = {**condition.resource, "evidence": [{"detail": [{"reference": procedure.keys[0]}]}]}
    procedure.resource = {**procedure.resource, "reasonReference": [{"reference": condition.keys[0]}]}
    groups = grouped_order([procedure, condition, patient])
    assert [[i.type for i in g] for g in groups] == [["Patient"], ["Procedure", "Condition"]]
    with pytest.raises(CycleError):
        levels([procedure, condition, patient])


def test_dry_run_parts_keep_the_mcode_cycle_together() -> None:
    """--max-entries 5 on the mCODE breast case: every part within the limit, and the stage group,
    its Condition and the pT/pN it groups (which reference one another) in the same part."""
    breast = Path(__file__).resolve().parents[2] / "samples" / "breast-cancer-her2-pt1a.yaml"
    result = CliRunner().invoke(cli, ["push", str(breast), "--profile", "mcode", "--max-entries", "5", "--dry-run",
                                      "--format", "json", "--server", "http://127.0.0.1:9/fhir"])
    assert result.exit_code == 0, result.output
    parts = [r["body"]["entry"] for r in json.loads(result.output)]
    assert all(len(p) <= 5 for p in parts) and sum(len(p) for p in parts) == 23
    names = [{e["resource"]["identifier"][0]["value"] for e in p} for p in parts]
    cycle = {f"bc-suzuki-2024/{x}" for x in ("breast-cancer", "breast-cancer/_stage-group", "pt", "pn")}
    assert any(cycle <= part for part in names)
    sent: set[str] = set()
    for part in parts:  # what a part references is in it or in an earlier part (already on the server)
        here = {e["fullUrl"] for e in part}
        for e in part:
            for ref in references(e["resource"]):
                assert ref["reference"] in here | sent or not ref["reference"].startswith("urn:"), ref
        sent |= here


def test_dry_run_names_a_cycle_larger_than_the_limit() -> None:
    breast = Path(__file__).resolve().parents[2] / "samples" / "breast-cancer-her2-pt1a.yaml"
    result = CliRunner().invoke(cli, ["push", str(breast), "--profile", "mcode", "--max-entries", "3", "--dry-run",
                                      "--server", "http://127.0.0.1:9/fhir"])
    assert result.exit_code == 1
    assert "4 resources reference one another in a cycle" in result.output
    assert "traceback" not in result.output.lower()
