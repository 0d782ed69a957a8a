"""``push --profile ips|mcode`` against the test FHIR server: the profiled resources, the IPS
Composition and its author included, are accepted, created once and read back unchanged."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import httpx
import pytest

from fhirconv.api import convert_file

from .handmade import SYSTEM

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
# The oncology samples: mCODE claims where a cancer is coded, US Core (6.1.0) claims on the rest.
ONCOLOGY = [REPO / "samples" / f"{name}.yaml" for name in (
    "multiple-myeloma", "breast-cancer-her2-pt1a", "breast-hypofractionated-radiotherapy",
    "rectal-cancer-preoperative-chemoradiotherapy")]


@pytest.mark.parametrize("profile", ["ips", "mcode"])
def test_profiled_samples_are_accepted_and_read_back(fhirconv_cli, fresh_server, profile: str) -> None:
    samples = SAMPLES if profile == "ips" else ONCOLOGY
    want: Counter[str] = Counter()
    for sample in samples:
        conv = convert_file(sample, profile=profile)
        # An IPS document goes in whole (POST [base]/Bundle); its Composition and author Device
        # travel in it, every other resource is created on its own as for any case.
        want.update(e["resource"]["resourceType"] for e in conv.bundle["entry"]
                    if e["resource"]["resourceType"] not in ("Composition", "Device"))
        if profile == "ips":
            want["Bundle"] += 1
    paths = [str(s) for s in samples]
    result = fhirconv_cli("push", *paths, "--profile", profile, "--server", fresh_server.base, "--format", "json",
                          "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    got = Counter(r["type"] for case in report["cases"] for r in case["resources"] if r["action"] == "created")
    assert got == want
    assert report["verify_problems"] == [] and report["summary"]["verified"] == sum(want.values())
    if profile == "ips":
        case_id = convert_file(SAMPLES[0]).case_id
        found = httpx.get(f"{fresh_server.base}/Bundle", timeout=10, params={
            "identifier": f"{SYSTEM}|{case_id}/ips"}).json()
        assert len(found["entry"]) == 1
        document = found["entry"][0]["resource"]
        assert document["type"] == "document"
        comp = document["entry"][0]["resource"]
        assert comp["meta"]["profile"] == ["http://hl7.org/fhir/uv/ips/StructureDefinition/Composition-uv-ips"]
        urls = {e["fullUrl"] for e in document["entry"]}
        assert all(ref["reference"] in urls for s in comp["section"] for ref in s.get("entry", []))
    again = fhirconv_cli("push", *paths, "--profile", profile, "--server", fresh_server.base, "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["summary"]["created"] == 0


def test_a_document_bundle_file_is_pushed_as_a_transaction(fhirconv_cli, fresh_server, tmp_path: Path) -> None:
    doc = tmp_path / "ips.json"
    assert fhirconv_cli("convert", str(ONCOLOGY[0]), "--profile", "ips", "-q", "-o", str(doc)).returncode == 0
    assert json.loads(doc.read_text())["type"] == "document"
    result = fhirconv_cli("push", str(doc), "--server", fresh_server.base, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    created = Counter(r["type"] for c in json.loads(result.stdout)["cases"] for r in c["resources"])
    assert created["Bundle"] == 1 and created["Patient"] == 1 and "Composition" not in created


def test_dry_run_shows_the_document_request(fhirconv_cli) -> None:
    result = fhirconv_cli("push", str(ONCOLOGY[0]), "--profile", "ips", "--dry-run", "--server", "http://127.0.0.1:9/fhir")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("POST http://127.0.0.1:9/fhir  (transaction Bundle of")
    assert not any("POST Composition" in line for line in lines)
    document = "POST http://127.0.0.1:9/fhir/Bundle  [If-None-Exist: identifier="
    assert any(line.startswith(document) and "document" in line for line in lines)
    as_json = fhirconv_cli("push", str(ONCOLOGY[0]), "--profile", "ips", "--dry-run", "--format", "json",
                           "--server", "http://127.0.0.1:9/fhir")
    requests = json.loads(as_json.stdout)
    assert [r["url"].rsplit("/", 1)[-1] for r in requests] == ["fhir", "Bundle"]
    assert requests[1]["body"]["type"] == "document" and "id" not in requests[1]["body"]


def test_profile_needs_r4(fhirconv_cli, tmp_path: Path) -> None:
    result = fhirconv_cli("push", str(SAMPLES[0]), "--profile", "ips", "--fhir-version", "R5",
                          "--server", "http://127.0.0.1:9/fhir")
    assert result.returncode == 2 and "R4" in result.stderr
