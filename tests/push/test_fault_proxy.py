"""Pushes through a proxy that loses answers after the server did the work, answers 429 and 503,
and resets connections, into a real server: exactly one copy of every resource (identifier or
not), and a report that says what the server holds. Also two pushes of one case at once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Server
from .faultproxy import FaultProxy
from .handmade import transaction_bundle

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
MYELOMA = REPO / "samples" / "multiple-myeloma.yaml"
TYPES = ("Patient", "Condition", "Procedure", "MedicationStatement", "Observation")
FAULTS = ["lose", "429", "ok", "503", "reset", "lose", "ok", "lose", "ok"]
FAST = ["--backoff", "0.01", "--max-wait", "0.2", "--retries", "6"]


def stored(base: str) -> Counter[str]:
    """How many resources of each type the server holds."""
    out: Counter[str] = Counter()
    for rtype in TYPES:
        total = httpx.get(f"{base}/{rtype}", params={"_summary": "count"}, timeout=10).json()["total"]
        if total:
            out[rtype] = total
    return out


def copies(base: str) -> Counter[tuple[str, str]]:
    """(type, identifier system|value) -> copies on the server, for every resource there."""
    out: Counter[tuple[str, str]] = Counter()
    for rtype in TYPES:
        bundle = httpx.get(f"{base}/{rtype}", params={"_count": "500"}, timeout=10).json()
        for entry in bundle.get("entry", []):
            ids = entry["resource"].get("identifier") or []
            key = "|".join(sorted(f"{i.get('system')}|{i.get('value')}" for i in ids)) or entry["resource"]["id"]
            out[(rtype, key)] += 1
    return out


def without_identifiers(case: str) -> dict[str, Any]:
    """A Bundle from elsewhere: the hand-made case with no business identifiers at all."""
    bundle = transaction_bundle(case, note="a Bundle from another system")
    for entry in bundle["entry"]:
        entry["resource"].pop("identifier")
        entry["request"].pop("ifNoneExist")
    return bundle


def push(base: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fhirconv", "push", *args, "--server", base, "--format",
                           "json", *FAST], capture_output=True, text=True, timeout=300)


def created_by_type(report: dict[str, Any], action: str = "created") -> Counter[str]:
    return Counter(r["type"] for c in report["cases"] for r in c["resources"] if r["action"] == action)


@pytest.mark.parametrize("mode", ["transaction", "batch", "resource"])
def test_faults_leave_one_copy_and_a_true_report(fresh_server: Server, tmp_path: Path, mode: str) -> None:
    other = tmp_path / "elsewhere.json"
    other.write_text(json.dumps(without_identifiers(f"no-ids-{mode}")))
    root = fresh_server.base.rsplit("/fhir", 1)[0]
    writes = lambda method, path: method in ("POST", "PUT") or path.endswith("/metadata")  # noqa: E731
    with FaultProxy(root, ["503", *FAULTS], applies=writes) as proxy:
        result = push(f"{proxy.root}/fhir", str(MYELOMA), str(other), "--mode", mode)
    assert result.returncode == 0, result.stderr[-3000:]
    assert proxy.done["lose"] >= 2 and proxy.done["reset"] >= 1 and proxy.done["429"] >= 1
    report = json.loads(result.stdout)
    held = stored(fresh_server.base)
    assert sum(held.values()) == 25 + 5
    assert max(copies(fresh_server.base).values()) == 1  # one copy of each, identifier or not
    assert created_by_type(report) == held  # the report says what the server holds
    assert report["summary"]["matched"] == 0
    # Again, through the same faults: nothing new, everything matched.
    with FaultProxy(root, FAULTS, applies=writes) as proxy:
        again = push(f"{proxy.root}/fhir", str(MYELOMA), str(other), "--mode", mode)
    assert again.returncode == 0, again.stderr[-3000:]
    assert stored(fresh_server.base) == held
    summary = json.loads(again.stdout)["summary"]
    assert summary["created"] == 0 and summary["matched"] == 30


def test_metadata_answered_503_and_429_is_retried(fresh_server: Server) -> None:
    root = fresh_server.base.rsplit("/fhir", 1)[0]
    only_metadata = lambda method, path: path.endswith("/metadata")  # noqa: E731
    with FaultProxy(root, ["503", "429", "ok"], applies=only_metadata) as proxy:
        result = push(f"{proxy.root}/fhir", str(MYELOMA), "--dry-run")
        result = push(f"{proxy.root}/fhir", str(MYELOMA))
    assert result.returncode == 0, result.stderr
    assert proxy.done["503"] == 1 and proxy.done["429"] == 1


def test_lasting_503_on_metadata_is_a_server_failure_not_a_wrong_url(fresh_server: Server) -> None:
    root = fresh_server.base.rsplit("/fhir", 1)[0]
    with FaultProxy(root, ["503"], applies=lambda m, p: p.endswith("/metadata")) as proxy:
        result = subprocess.run([sys.executable, "-m", "fhirconv", "push", str(MYELOMA), "--server",
                                 f"{proxy.root}/fhir", "--retries", "1", "--backoff", "0"],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "HTTP 503" in result.stderr and "does not look like a FHIR server" not in result.stderr


@pytest.mark.parametrize("mode", ["transaction", "batch", "resource"])
def test_two_pushes_of_one_case_at_once(fresh_server: Server, mode: str) -> None:
    """Started together; the Patient goes first, alone, in a transaction (which the server runs
    one at a time), so both pushes use the same Patient."""
    args = [sys.executable, "-m", "fhirconv", "push", str(MYELOMA), "--server", fresh_server.base,
            "--mode", mode, "--format", "json", *FAST]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    held = copies(fresh_server.base)
    patients = [k for k in held if k[0] == "Patient"]
    assert len(patients) == 1 and held[patients[0]] == 1
    if mode == "transaction":  # transactions run one at a time: one copy of everything
        assert all(p.returncode == 0 for p in procs), outs
        assert max(held.values()) == 1 and sum(held.values()) == 25
        reports = [json.loads(out) for out, _ in outs]
        assert sorted(r["summary"]["created"] for r in reports) == [0, 25]
    patient = httpx.get(f"{fresh_server.base}/Patient", timeout=10).json()["entry"][0]["resource"]
    for rtype in TYPES[1:]:  # whatever else was stored is about that one Patient
        bundle = httpx.get(f"{fresh_server.base}/{rtype}", params={"_count": "500"}, timeout=10).json()
        for entry in bundle.get("entry", []):
            assert entry["resource"]["subject"]["reference"].endswith(f"Patient/{patient['id']}")


def test_412_names_the_condition_that_matched_several(fresh_server: Server, tmp_path: Path) -> None:
    bundle = transaction_bundle("dup-412")
    patient = bundle["entry"][0]["resource"]
    for _ in range(2):  # two copies of the Patient, made by something that did not check
        assert httpx.post(f"{fresh_server.base}/Patient", json=patient, timeout=10).status_code == 201
    path = tmp_path / "case.json"
    path.write_text(json.dumps(bundle))
    for mode in ("transaction", "resource"):
        result = push(fresh_server.base, str(path), "--mode", mode)
        assert result.returncode == 1
        text = result.stdout + result.stderr
        assert "HTTP 412" in text and "Patient?identifier=https://fhirconv.org/fhir/identifier|dup-412/patient " \
                                      "matches 2" in text, text
