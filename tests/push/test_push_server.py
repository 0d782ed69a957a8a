"""``fhirconv push`` against a real FHIR R4 server (sekmet-fhir), started once per session."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from fhirconv.api import convert_file
from fhirconv.push.client import ClientConfig
from fhirconv.push.run import PushOptions, push

from .handmade import SYSTEM, resources, transaction_bundle

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
FAST = ["--backoff", "0.01", "--max-wait", "0.2"]


def search(base: str, rtype: str, identifier: str) -> list[dict[str, Any]]:
    bundle = httpx.get(f"{base}/{rtype}", params={"identifier": f"{SYSTEM}|{identifier}"}, timeout=10).json()
    return [e["resource"] for e in bundle.get("entry", []) if e.get("search", {}).get("mode") == "match"]


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data))
    return path


def report_of(result) -> dict[str, Any]:
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_sample_creates_what_it_should_and_reads_back(fhirconv_cli, fhir_base: str, sample: Path) -> None:
    conv = convert_file(sample, bundle_type="transaction")
    want = Counter(e["resource"]["resourceType"] for e in conv.bundle["entry"])
    result = fhirconv_cli("push", str(sample), "--server", fhir_base, "--format", "json", "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    report = report_of(result)
    got = Counter(r["type"] for case in report["cases"] for r in case["resources"] if r["action"] == "created")
    assert got == want
    assert report["summary"]["verified"] == sum(want.values()) and report["verify_problems"] == []
    for case in report["cases"]:
        for r in case["resources"]:
            found = search(fhir_base, r["type"], r["identifier"])
            assert [f"{f['resourceType']}/{f['id']}" for f in found] == [r["id"]]
    patient = search(fhir_base, "Patient", f"{conv.case_id}/patient")[0]
    for e in conv.bundle["entry"][1:]:
        res = e["resource"]
        if "subject" in res:  # references resolved to the server's id of the Patient
            stored = httpx.get(f"{fhir_base}/{res['resourceType']}", timeout=10, params={
                "identifier": f"{SYSTEM}|{res['identifier'][0]['value']}"}).json()["entry"][0]["resource"]
            assert stored["subject"]["reference"] == f"Patient/{patient['id']}"


def test_pushing_twice_creates_nothing_new(fhirconv_cli, fhir_base: str) -> None:
    sample = REPO / "samples" / "multiple-myeloma.yaml"
    case_id = convert_file(sample).case_id
    first = fhirconv_cli("push", str(sample), "--server", fhir_base, "--format", "json")
    assert first.returncode == 0, first.stderr
    again = fhirconv_cli("push", str(sample), "--server", fhir_base, "--format", "json")
    assert again.returncode == 0, again.stderr
    summary = report_of(again)["summary"]
    assert summary["created"] == 0 and summary["matched"] > 0
    assert len(search(fhir_base, "Patient", f"{case_id}/patient")) == 1
    first_ids = sorted(r["id"] for c in report_of(first)["cases"] for r in c["resources"])
    again_ids = sorted(r["id"] for c in report_of(again)["cases"] for r in c["resources"])
    assert first_ids == again_ids


def test_update_changes_a_changed_resource(fhirconv_cli, fhir_base: str, tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", transaction_bundle("upd-case", note="first wording"))
    new = write(tmp_path / "new.json", transaction_bundle("upd-case", note="second wording"))
    assert fhirconv_cli("push", str(old), "--server", fhir_base).returncode == 0
    plain = fhirconv_cli("push", str(new), "--server", fhir_base, "--format", "json")
    assert report_of(plain)["summary"]["matched"] == 5  # without --update: left alone
    assert search(fhir_base, "Condition", "upd-case/dx")[0]["note"][0]["text"] == "first wording"
    updated = fhirconv_cli("push", str(new), "--server", fhir_base, "--update", "--format", "json")
    assert updated.returncode == 0, updated.stderr
    assert report_of(updated)["summary"]["updated"] == 5
    [condition] = search(fhir_base, "Condition", "upd-case/dx")
    assert condition["note"][0]["text"] == "second wording"
    assert condition["meta"]["versionId"] == "2"
    assert len(search(fhir_base, "Patient", "upd-case/patient")) == 1


@pytest.mark.parametrize("mode", ["resource", "batch", "transaction"])
def test_ndjson_in_chunks_in_every_mode(fhirconv_cli, fhir_base: str, tmp_path: Path, mode: str) -> None:
    case = f"nd-{mode}"
    items = list(reversed(resources(case)))  # referencing resources first: order must come from refs
    path = tmp_path / "case.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in items))
    result = fhirconv_cli("push", str(path), "--server", fhir_base, "--mode", mode, "--chunk-size", "2",
                          "--verify", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = report_of(result)
    assert report["summary"]["created"] == 5 and report["verify_problems"] == []
    [patient] = search(fhir_base, "Patient", f"{case}/patient")
    [condition] = search(fhir_base, "Condition", f"{case}/dx")
    [procedure] = search(fhir_base, "Procedure", f"{case}/chemo")
    [statement] = search(fhir_base, "MedicationStatement", f"{case}/drug")
    [observation] = search(fhir_base, "Observation", f"{case}/resp")
    assert statement["partOf"] == [{"reference": f"Procedure/{procedure['id']}"}]
    assert statement["subject"] == {"reference": f"Patient/{patient['id']}"}
    assert observation["focus"] == [{"reference": f"Condition/{condition['id']}"}]
    again = fhirconv_cli("push", str(path), "--server", fhir_base, "--mode", mode, "--chunk-size", "2",
                         "--format", "json")
    assert report_of(again)["summary"]["matched"] == 5


def test_rejected_bundle_shows_the_servers_outcome(fhirconv_cli, fhir_base: str, tmp_path: Path) -> None:
    bundle = transaction_bundle("bad-case")
    bundle["entry"][4]["resource"]["effectiveDateTime"] = "yesterday"  # not a FHIR dateTime
    path = write(tmp_path / "bad.json", bundle)
    result = fhirconv_cli("push", str(path), "--server", fhir_base)
    assert result.returncode == 1
    assert "bad-case" in result.stdout and "REJECTED" in result.stdout
    # severity, location, then the server's own text
    assert "error at Observation.effectiveDateTime: " in result.stdout
    assert "DateTime value string does not match" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert search(fhir_base, "Patient", "bad-case/patient") == []  # the transaction was rolled back


def test_dry_run_sends_nothing(fhirconv_cli, fhir_base: str, tmp_path: Path) -> None:
    path = write(tmp_path / "dry.json", transaction_bundle("dry-case"))
    result = fhirconv_cli("push", str(path), "--server", fhir_base, "--dry-run", "--format", "json")
    assert result.returncode == 0, result.stderr
    [request] = json.loads(result.stdout)
    assert request["method"] == "POST" and request["url"] == fhir_base
    assert request["body"]["type"] == "transaction" and len(request["body"]["entry"]) == 5
    assert search(fhir_base, "Patient", "dry-case/patient") == []


def test_not_a_fhir_base_url(fhirconv_cli, fhir_base: str, tmp_path: Path) -> None:
    path = write(tmp_path / "x.json", transaction_bundle("x-case"))
    result = fhirconv_cli("push", str(path), "--server", fhir_base.removesuffix("/fhir") + "/ui", *FAST)
    assert result.returncode == 2
    assert "not" in result.stderr and "FHIR server" in result.stderr
    assert "Traceback" not in result.stderr


def test_server_stopped_mid_run(fresh_server, tmp_path: Path) -> None:
    paths = [write(tmp_path / f"{n}.json", transaction_bundle(f"stop-{n}")) for n in range(3)]

    def stop_after_first(unit) -> None:
        fresh_server.stop()

    report = push(PushOptions(paths=paths, on_unit_done=stop_after_first,
                              client=ClientConfig(base=fresh_server.base, retries=1, backoff=0.01)))
    assert not report.ok
    assert {p.case for p in report.pushed} == {"stop-0"}
    assert report.aborted and report.aborted.startswith(f"stop-1 (transaction): server {fresh_server.base} "
                                                         f"unreachable: connection refused")


def test_server_stopped_gives_a_clear_cli_error(fhirconv_cli, fresh_server, tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", transaction_bundle("gone-case"))
    fresh_server.stop()
    result = fhirconv_cli("push", str(path), "--server", fresh_server.base, "--retries", "1", *FAST)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: capability check: server {fresh_server.base} unreachable")
    assert "Traceback" not in result.stderr


def test_a_type_the_server_cannot_search_by_identifier_is_still_pushed(fhirconv_cli, fhir_base: str) -> None:
    """sekmet's CapabilityStatement declares no FamilyMemberHistory, and its transaction refused the
    whole case on the conditional create (Unknown search parameter 'identifier'); such a type now
    goes with a plain POST, the report says so, and everything else still matches on a second push."""
    case = REPO / "tests" / "generality" / "cases" / "optic-neuritis-family-history.yaml"
    want = Counter(e["resource"]["resourceType"] for e in convert_file(case).bundle["entry"])
    assert want["FamilyMemberHistory"] >= 1
    first = fhirconv_cli("push", str(case), "--server", fhir_base, "--format", "json")
    assert first.returncode == 0, first.stdout + first.stderr
    report = report_of(first)
    got = Counter(r["type"] for c in report["cases"] for r in c["resources"] if r["action"] == "created")
    assert got == want
    assert any("no search of FamilyMemberHistory by identifier" in w for w in report["warnings"])
    again = report_of(fhirconv_cli("push", str(case), "--server", fhir_base, "--format", "json"))
    created = Counter(r["type"] for c in again["cases"] for r in c["resources"] if r["action"] == "created")
    assert created == Counter({"FamilyMemberHistory": want["FamilyMemberHistory"]})  # as the warning said
