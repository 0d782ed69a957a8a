"""Batch conversion: a bad case is reported and skipped, output bytes do not depend on --jobs,
file names from user data stay inside the output directory."""

from __future__ import annotations

import json

from bench.generate import write
from fhirconv.batch import CaseInput, discover
from fhirconv.output import inside, safe_name
from tests.conftest import SAMPLES


def make_batch(tmp_path, n=24, broken_at=7):
    cases = write(n, tmp_path / "cases.jsonl")
    lines = cases.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[broken_at])
    bad["patient"]["sex"] = "woman"
    lines[broken_at] = json.dumps(bad)
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cases


def test_broken_case_is_reported_and_skipped_and_jobs_do_not_change_bytes(tmp_path, cli):
    cases = make_batch(tmp_path)
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = cli("convert", str(cases), "-o", str(out), "--format", "ndjson", "-j", jobs, "-q",
                   env={"SOURCE_DATE_EPOCH": "0"})
        assert proc.returncode == 1, proc.stderr
        errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
        assert len(errors) == 1
        assert errors[0].startswith(f"{cases}:8:") and "$.patient.sex" in errors[0]
        assert "23 of 24 case(s) converted, 1 failed" in proc.stderr
        outs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert outs["1"] == outs["2"]
    assert not [n for n in outs["1"] if n.endswith(".part")]
    manifest = json.loads(outs["1"]["manifest.json"])
    assert {o["type"]: o["count"] for o in manifest["output"]}["Patient"] == 23
    assert manifest["error"] == [{"type": "OperationOutcome", "url": "OperationOutcome.ndjson", "count": 1}]
    outcome = json.loads(outs["1"]["OperationOutcome.ndjson"])
    assert outcome["issue"][0]["expression"] == ["$.patient.sex"]


def test_fail_fast_stops_at_the_first_bad_case(tmp_path, cli):
    cases = make_batch(tmp_path, n=40, broken_at=3)
    out = tmp_path / "out"
    proc = cli("convert", str(cases), "-o", str(out), "-j", "1", "--fail-fast", "-q")
    assert proc.returncode == 1
    assert "3 of 4 case(s) converted, 1 failed" in proc.stderr


def test_report_json_is_machine_readable(tmp_path, cli):
    cases = make_batch(tmp_path, n=5, broken_at=1)
    proc = cli("convert", str(cases), "-o", str(tmp_path / "o"), "-j", "1", "--report", "json", "-q")
    lines = [json.loads(line) for line in proc.stderr.splitlines()]
    assert lines[-1]["summary"]["failed"] == 1 and lines[-1]["summary"]["converted"] == 4
    assert lines[0]["severity"] == "error" and lines[0]["expression"] == "$.patient.sex" and lines[0]["line"] == 2


def test_case_ids_cannot_escape_the_output_directory(tmp_path):
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("..") == "case"
    assert "/" not in safe_name("a/b\\c")
    assert inside(tmp_path, safe_name("../x")).parent == tmp_path.resolve()


def test_discovery_of_files_directories_globs_and_json_lines(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (tmp_path / "d" / "b.json").write_text("{}", encoding="utf-8")
    (tmp_path / "d" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c1"}\n\n{"id": "c2"}\n', encoding="utf-8")
    found = list(discover([str(tmp_path / "d"), str(tmp_path / "c.jsonl"), str(SAMPLES / "multiple-*.yaml")]))
    names = [f.name for f in found]
    assert names[:2] == [str(tmp_path / "d" / "b.json"), str(tmp_path / "d" / "sub" / "a.yaml")]
    assert names[2:4] == [f"{tmp_path / 'c.jsonl'}:1", f"{tmp_path / 'c.jsonl'}:3"]
    assert names[4].endswith("multiple-myeloma.yaml")
    assert isinstance(found[2], CaseInput) and found[3].read() == "\n\n" + "{\"id\": \"c2\"}\n"


def test_duplicate_case_ids_do_not_overwrite_each_other(tmp_path, cli):
    case = (SAMPLES / "multiple-myeloma.yaml").read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_text(case, encoding="utf-8")
    (tmp_path / "in" / "b.yaml").write_text(case, encoding="utf-8")
    proc = cli("convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert proc.returncode == 1
    assert "already converted from" in proc.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["mm-sekiguchi-2012.json"]


def test_ndjson_refuses_a_second_case_with_the_same_id(tmp_path, cli):
    case = (SAMPLES / "multiple-myeloma.yaml").read_text(encoding="utf-8")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(case, encoding="utf-8")
    out = tmp_path / "bulk"
    proc = cli("convert", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-o", str(out), "--format", "ndjson",
               "-j", "1", "-q")
    assert proc.returncode == 1 and "already converted from" in proc.stderr
    assert len((out / "Patient.ndjson").read_text().splitlines()) == 1
    assert "resources: Condition 2," in proc.stderr  # only what was written is counted


def test_trailing_slash_means_a_directory_even_for_one_case(tmp_path, cli):
    out = tmp_path / "new"
    proc = cli("convert", str(SAMPLES / "multiple-myeloma.yaml"), "-o", f"{out}/", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (out / "mm-sekiguchi-2012.json").is_file()


def test_workers_write_the_bundles_and_a_stopped_run_leaves_no_hidden_files(tmp_path, cli):
    """Bundles are written by the workers and renamed into place by the parent: the directory holds
    exactly the converted cases, with the bytes a one-worker run gives, and nothing else, also when
    --fail-fast stops the run while workers still hold finished cases."""
    cases = make_batch(tmp_path, n=30, broken_at=12)
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = cli("convert", str(cases), "-o", str(out), "-j", jobs, "-q")
        assert proc.returncode == 1 and "29 of 30 case(s) converted, 1 failed" in proc.stderr
        outs[jobs] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert outs["1"] == outs["2"] and len(outs["1"]) == 29
    assert all(name.endswith(".json") and not name.startswith(".") for name in outs["1"])
    for jobs in ("1", "2"):
        out = tmp_path / f"stopped{jobs}"
        proc = cli("convert", str(cases), "-o", str(out), "-j", jobs, "--fail-fast", "-q")
        assert proc.returncode == 1
        names = sorted(p.name for p in out.iterdir())
        assert names and all(not n.startswith(".") for n in names), names
        assert set(names) <= set(outs["1"])
