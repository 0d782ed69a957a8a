"""Medplum's FHIR engine (``@medplum/fhir-router``, in-memory repository, behind the small HTTP
front in tests/push/medplum/server.mjs) caps transactions with conditional entries at a few
entries: the default push must still load every sample, once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
import pytest

from fhirconv.api import convert_file

from .conftest import Server

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
TYPES = ("Patient", "Condition", "Procedure", "MedicationStatement", "Observation", "Encounter")
# @medplum/fhir-router refuses a transaction with conditional entries of more than 8 entries
# ("requires strict isolation but has too many entries"; its constant wa=8).
STRICT_LIMIT = 8


def push(base: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fhirconv", "push", *args, "--server", base, "--format",
                           "json"], capture_output=True, text=True, timeout=300)


def held(base: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for rtype in TYPES:
        bundle = httpx.get(f"{base}/{rtype}", params={"_count": "1000"}, timeout=30).json()
        out[rtype] = len(bundle.get("entry", []))
    return +out


def test_default_push_of_every_sample_is_split_and_loads_once(medplum_server: Server) -> None:
    want: Counter[str] = Counter()
    too_big = set()
    for sample in SAMPLES:
        conv = convert_file(sample, bundle_type="transaction")
        want += Counter(e["resource"]["resourceType"] for e in conv.bundle["entry"])
        if len(conv.bundle["entry"]) > STRICT_LIMIT:
            too_big.add(conv.case_id)
    result = push(medplum_server.base, *map(str, SAMPLES))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["summary"]["created"] == sum(want.values()) and report["summary"]["matched"] == 0
    assert held(medplum_server.base) == want
    splits = report["splits"]
    assert len(too_big) >= len(SAMPLES) // 2
    # every case too big for one transaction is split; a smaller one only with a limit learned from
    # an earlier refusal (the limit is kept for the rest of the push)
    assert too_big <= {s["case"] for s in splits}
    assert all(s["entries"] > s["limit"] and s["limit"] <= STRICT_LIMIT for s in splits)
    assert any("too many entries" in s["reason"] for s in splits)
    again = push(medplum_server.base, *map(str, SAMPLES))
    assert again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(again.stdout)["summary"]
    assert summary["created"] == 0 and summary["matched"] == sum(want.values())
    assert held(medplum_server.base) == want


def test_text_report_says_what_was_split_and_why(medplum_server: Server) -> None:
    myeloma = REPO / "samples" / "multiple-myeloma.yaml"  # 25 resources: more than one transaction takes
    result = subprocess.run([sys.executable, "-m", "fhirconv", "push", str(myeloma), "--server",
                             medplum_server.base], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("split: "))
    assert "entries into" in line and "in dependency order" in line
    assert "Transaction requires strict isolation but has too many entries" in line


@pytest.mark.parametrize("mode", ["transaction", "batch"])
def test_max_entries_splits_before_the_server_refuses(medplum_server: Server, mode: str) -> None:
    myeloma = REPO / "samples" / "multiple-myeloma.yaml"
    result = push(medplum_server.base, str(myeloma), "--mode", mode, "--max-entries", "4", "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "too many entries" not in result.stderr  # never refused: no request was too big
    report = json.loads(result.stdout)
    assert report["splits"] and all(s["limit"] == 4 and "--max-entries 4" in s["reason"] for s in report["splits"])
    assert report["summary"]["created"] == 25
    posts = [line for line in result.stderr.splitlines() if line.startswith("> POST")]
    assert len(posts) >= 7  # 25 entries, at most 4 a request
    patient = httpx.get(f"{medplum_server.base}/Patient", timeout=30).json()["entry"][0]["resource"]
    for rtype in TYPES[1:]:
        for entry in httpx.get(f"{medplum_server.base}/{rtype}", timeout=30).json().get("entry", []):
            assert entry["resource"]["subject"]["reference"] == f"Patient/{patient['id']}"


BREAST = REPO / "samples" / "breast-cancer-her2-pt1a.yaml"  # mCODE: a TNM stage group and its cancer


def by_identifier(base: str, rtype: str, value: str) -> dict:
    found = httpx.get(f"{base}/{rtype}", params={"identifier": f"https://fhirconv.org/fhir/identifier|{value}"},
                      timeout=30).json().get("entry", [])
    assert len(found) == 1, (rtype, value, found)
    return found[0]["resource"]


def test_mcode_reference_cycle_travels_in_one_part(medplum_server: Server) -> None:
    """mCODE's stage group needs focus -> its Condition, whose stage.assessment needs the stage group
    (and the pT/pN categories it groups point at the Condition): split into parts of 5, that cycle
    of 4 goes in one transaction, which Medplum resolves inside itself; every reference lands."""
    entries = convert_file(BREAST, profile="mcode").bundle["entry"]
    result = push(medplum_server.base, str(BREAST), "--profile", "mcode", "--max-entries", "5", "-v")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["summary"]["created"] == len(entries) and report["summary"]["rejected"] == 0
    assert report["splits"][0]["parts"] >= len(entries) // 5
    posts = [line for line in result.stderr.splitlines() if line.startswith("> POST")]
    assert len(posts) == report["splits"][0]["parts"]
    condition = by_identifier(medplum_server.base, "Condition", "bc-suzuki-2024/breast-cancer")
    group = by_identifier(medplum_server.base, "Observation", "bc-suzuki-2024/breast-cancer/_stage-group")
    assert condition["stage"][0]["assessment"] == [{"reference": f"Observation/{group['id']}"}]
    assert group["focus"] == [{"reference": f"Condition/{condition['id']}"}]
    for member in group["hasMember"]:
        rtype, rid = member["reference"].split("/")
        assert httpx.get(f"{medplum_server.base}/{rtype}/{rid}", timeout=30).json()["focus"] == \
            [{"reference": f"Condition/{condition['id']}"}]
    assert held(medplum_server.base)["Observation"] == sum(
        e["resource"]["resourceType"] == "Observation" for e in entries)


def test_a_cycle_larger_than_the_limit_is_refused_saying_so(medplum_server: Server) -> None:
    result = push(medplum_server.base, str(BREAST), "--profile", "mcode", "--max-entries", "3")
    assert result.returncode == 1
    failure = json.loads(result.stdout)["rejected"][0]
    assert "4 resources reference one another in a cycle" in failure["message"]
    assert "_stage-group" in failure["message"] and "--max-entries 3" in failure["message"]
    assert held(medplum_server.base) == Counter()  # nothing of the case was sent
