"""Network faults, auth and capability problems, against a scripted local stub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fhirconv.cli import cli

from .handmade import transaction_bundle
from .stub import Reply, Stub, capability

FAST = ["--backoff", "0.01", "--max-wait", "0.5"]
OUTCOME = {"resourceType": "OperationOutcome",
           "issue": [{"severity": "error", "code": "invalid", "diagnostics": "Observation.status: bad code",
                      "expression": ["Observation.status"]}]}


@pytest.fixture
def bundle_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(transaction_bundle("stub-case")))
    return path


@pytest.fixture
def stub():
    with Stub() as s:
        s.on("GET /fhir/metadata", capability())
        yield s


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["push", *args], env=env, catch_exceptions=False)


def test_429_with_retry_after_is_waited_for_then_succeeds(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(429, "slow down", {"Retry-After": "0"}), "echo-transaction")
    result = run(str(bundle_file), "--server", stub.base, *FAST, "--verbose")
    assert result.exit_code == 0, result.output
    assert stub.count("POST /fhir") == 2
    assert "5 created" in result.stdout
    assert "retrying in 0.00 s (HTTP 429" in result.stderr  # Retry-After: 0 beat the backoff


def test_503_then_success(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(503, "maintenance"), Reply(502, "bad gateway"), "echo-transaction")
    result = run(str(bundle_file), "--server", stub.base, *FAST)
    assert result.exit_code == 0, result.output
    assert stub.count("POST /fhir") == 3


def test_lasting_503_ends_with_a_clear_error(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(503, "maintenance"))
    result = run(str(bundle_file), "--server", stub.base, *FAST, "--retries", "2")
    assert result.exit_code == 1
    assert stub.count("POST /fhir") == 3
    assert "stub-case" in result.stdout and "HTTP 503" in result.stdout and "3 attempt(s)" in result.stdout
    assert "Traceback" not in result.output


def test_4xx_is_not_retried_and_shows_the_outcome(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(400, OUTCOME))
    result = run(str(bundle_file), "--server", stub.base, *FAST)
    assert result.exit_code == 1
    assert stub.count("POST /fhir") == 1
    assert "error at Observation.status: Observation.status: bad code" in result.stdout


def test_slow_answer_times_out_with_a_clear_error(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(200, {}, delay=1.0))
    result = run(str(bundle_file), "--server", stub.base, "--timeout", "0.2", "--retries", "1", *FAST)
    assert result.exit_code == 1
    assert stub.count("POST /fhir") == 2
    assert "no answer within 0.2 s" in result.output and stub.base in result.output
    assert "stub-case" in result.output
    assert "Traceback" not in result.output


def test_slow_answer_then_success_is_retried(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(200, {}, delay=1.0), "echo-transaction")
    result = run(str(bundle_file), "--server", stub.base, "--timeout", "0.2", *FAST)
    assert result.exit_code == 0, result.output


def test_secrets_never_printed(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", Reply(503, "down"))
    token, password, key = "tok-SECRET-123", "pw-SECRET-456", "key-SECRET-789"
    result = run(str(bundle_file), "--server", stub.base, "--token", token, "-H", f"X-Api-Key: {key}",
                 "-H", "X-Trace: visible", "--retries", "1", "--verbose", *FAST)
    assert "x-trace: ***" in result.stderr and "visible" not in result.stderr  # every -H value is hidden
    assert result.exit_code == 1
    sent = stub.requests[-1]["headers"]
    assert sent["Authorization"] == f"Bearer {token}" and sent["X-Api-Key"] == key
    assert sent["X-Trace"] == "visible"
    for secret in (token, key):
        assert secret not in result.output
    assert "x-api-key: ***" in result.stderr and "authorization: ***" in result.stderr
    result = run(str(bundle_file), "--server", stub.base, "--user", "alice", "--retries", "0", "--verbose",
                 *FAST, env={"FHIRCONV_PASSWORD": password})
    assert stub.requests[-1]["headers"]["Authorization"].startswith("Basic ")
    assert password not in result.output


def test_token_from_environment(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", "echo-transaction")
    result = run(str(bundle_file), *FAST, env={"FHIRCONV_SERVER": stub.base, "FHIRCONV_TOKEN": "env-token"})
    assert result.exit_code == 0, result.output
    assert stub.requests[-1]["headers"]["Authorization"] == "Bearer env-token"


def test_insecure_warns_loudly(stub: Stub, bundle_file: Path) -> None:
    stub.on("POST /fhir", "echo-transaction")
    result = run(str(bundle_file), "--server", stub.base, "--insecure", *FAST)
    assert result.exit_code == 0
    assert "WARNING: --insecure" in result.stderr


def test_version_mismatch_stops_before_sending(stub: Stub, bundle_file: Path) -> None:
    stub.on("GET /fhir/metadata", capability(version="5.0.0"))
    result = run(str(bundle_file), "--server", stub.base, *FAST)
    assert result.exit_code == 2
    assert "FHIR 5.0.0 server but the output is FHIR R4" in result.stderr
    assert stub.count("POST /fhir") == 0


def test_no_transaction_support_suggests_other_modes(stub: Stub, bundle_file: Path) -> None:
    stub.on("GET /fhir/metadata", capability(interactions=("batch",)))
    result = run(str(bundle_file), "--server", stub.base, *FAST)
    assert result.exit_code == 2
    assert "does not support transaction" in result.stderr and "--mode batch or --mode resource" in result.stderr


def test_not_a_fhir_server(stub: Stub, bundle_file: Path) -> None:
    stub.on("GET /fhir/metadata", Reply(200, "<html>hello</html>"))
    result = run(str(bundle_file), "--server", stub.base, *FAST)
    assert result.exit_code == 2
    assert "is not a FHIR server" in result.stderr and "Traceback" not in result.output


def test_nothing_listening(bundle_file: Path) -> None:
    with Stub() as s:
        base = s.base
    result = run(str(bundle_file), "--server", base, "--retries", "1", *FAST)
    assert result.exit_code == 1
    assert f"server {base} unreachable" in result.stderr and "Traceback" not in result.output


def test_no_server_is_a_usage_error(bundle_file: Path) -> None:
    result = CliRunner().invoke(cli, ["push", str(bundle_file)], env={"FHIRCONV_SERVER": ""})
    assert result.exit_code == 2
    assert "--server" in result.output


def test_password_in_the_server_url_is_hidden(bundle_file: Path) -> None:
    with Stub() as s:
        base = s.base.replace("http://", "http://bob:url-SECRET@")
    result = run(str(bundle_file), "--server", base, "--retries", "0", "--verbose", *FAST)
    assert result.exit_code == 1
    assert "url-SECRET" not in result.output and "bob" not in result.output and "//***@" in result.output


def test_bad_server_urls_and_secrets_with_line_breaks_are_usage_errors():
    import subprocess
    import sys

    from tests.conftest import MYELOMA

    def push(*args):
        return subprocess.run([sys.executable, "-m", "fhirconv", "push", str(MYELOMA), *args],
                              capture_output=True, text=True, timeout=60)

    for url in ("http://[::1", "ftp://127.0.0.1/fhir", "127.0.0.1:8095/fhir", "http://u:pw-secret@[::1"):
        proc = push("--server", url)
        assert proc.returncode == 2, (url, proc.stderr)
        assert "Traceback" not in proc.stderr and "pw-secret" not in proc.stderr
    proc = push("--server", "http://127.0.0.1:9/fhir", "--token", "tok-secret-9\r")
    assert proc.returncode == 2 and "line break" in proc.stderr and "tok-secret-9" not in proc.stderr


def test_batch_entries_answered_429_are_sent_again_alone(stub: Stub, bundle_file: Path) -> None:
    """One entry of a batch answered 429: only that entry goes again; the others are not re-sent."""
    stub.on("GET /fhir/metadata", capability(interactions=("batch",)))
    refused: list[str] = []

    def answer(body: dict) -> Reply:
        entries = []
        for n, entry in enumerate(body["entry"]):
            rtype = entry["resource"]["resourceType"]
            if rtype == "Observation" and not refused:
                refused.append(rtype)
                entries.append({"response": {"status": "429 Too Many Requests"}})
            else:
                entries.append({"response": {"status": "201 Created", "location": f"{rtype}/b{n}/_history/1"}})
        return Reply(200, {"resourceType": "Bundle", "type": "batch-response", "entry": entries},
                     {"Retry-After": "0"})

    stub.on("POST /fhir", answer)
    result = run(str(bundle_file), "--server", stub.base, "--mode", "batch", "--format", "json", *FAST)
    assert result.exit_code == 0, result.output
    batches = [[e["resource"]["resourceType"] for e in r["body"]["entry"]] for r in stub.requests
               if r["key"] == "POST /fhir"]
    observation_batch = next(n for n, types in enumerate(batches) if "Observation" in types)
    assert len(batches[observation_batch]) > 1  # it went with others first...
    assert batches[observation_batch + 1] == ["Observation"]  # ...and alone again
    assert sum(types.count("Observation") for types in batches) == 2
    assert sum(len(types) for types in batches) == 6  # 5 resources, one sent twice
    report = json.loads(result.stdout)
    assert report["summary"]["created"] == 5
    assert any("sent again" in note for note in report["notes"])
