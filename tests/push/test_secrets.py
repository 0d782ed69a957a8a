"""Header values, URL user-info and tokens never reach output: -v, usage errors, reports.

Every output of these tests is searched for every secret they use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fhirconv.cli import cli

from .handmade import transaction_bundle
from .stub import Reply, Stub, capability

SECRETS = ["hdr-SECRET-1", "hdr-SECRET-2", "url-TOKEN-3", "pw-SECRET-4", "tok-SECRET-5", "xauth-SECRET-6"]
FAST = ["--backoff", "0.01", "--max-wait", "0.2"]


def clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.fixture
def bundle_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(transaction_bundle("secret-case")))
    return path


def run(*args: str):
    result = CliRunner().invoke(cli, ["push", *args], catch_exceptions=False)
    clean(result.output)
    return result


def test_header_value_with_a_line_break_is_named_not_shown(bundle_file: Path) -> None:
    for header in ("Authorization: Bearer hdr-SECRET-1\r\nX-Injected: 1", "X-Auth: hdr-SECRET-1\nmore"):
        result = run(str(bundle_file), "--server", "http://127.0.0.1:9/fhir", "-H", header)
        assert result.exit_code == 2
        assert "holds a line break; the value is not shown" in result.output


def test_header_without_a_colon_is_reported_by_position_only(bundle_file: Path) -> None:
    result = run(str(bundle_file), "--server", "http://127.0.0.1:9/fhir", "-H", "X-Ok: 1",
                 "-H", "Authorization Bearer hdr-SECRET-2")
    assert result.exit_code == 2
    assert "header #2 is not 'Name: value'; the value is not shown" in result.output


def test_user_info_in_the_url_is_hidden_everywhere(bundle_file: Path) -> None:
    with Stub() as stub:
        stub.on("GET /fhir/metadata", capability())
        stub.on("POST /fhir", Reply(400, {"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "invalid", "diagnostics": "no"}]}))
        base = stub.base.replace("http://", "http://url-TOKEN-3@")
        result = run(str(bundle_file), "--server", base, "-v", *FAST)
        assert result.exit_code == 1 and "//***@127.0.0.1" in result.output
        result = run(str(bundle_file), "--server", base, "-v", "--format", "json", *FAST)
        assert result.exit_code == 1


def test_at_sign_in_a_password_with_a_bad_port_shows_nothing_of_it(bundle_file: Path) -> None:
    result = run(str(bundle_file), "--server", "http://bob:pw-SECRET@4@host.example:99999/fhir")
    assert result.exit_code == 2 and "http://***@host.example:99999/fhir" in result.output
    assert "SECRET@4" not in result.output and "bob" not in result.output


def test_custom_auth_headers_and_tokens_are_hidden_in_verbose_output(bundle_file: Path) -> None:
    with Stub() as stub:
        stub.on("GET /fhir/metadata", capability())
        stub.on("POST /fhir", Reply(503, "down"), "echo-transaction")
        result = run(str(bundle_file), "--server", stub.base, "-H", "X-Auth: xauth-SECRET-6", "--token",
                     "tok-SECRET-5", "-v", *FAST)
        assert result.exit_code == 0, result.output
        assert "x-auth: ***" in result.stderr and "authorization: ***" in result.stderr
        assert stub.requests[-1]["headers"]["X-Auth"] == "xauth-SECRET-6"  # sent, only never shown


def test_secret_files_and_environment(bundle_file: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "fhirconv", "push", str(bundle_file), "--server",
                           "http://127.0.0.1:9/fhir", "--client-id", "c", "--retries", "0"],
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "FHIRCONV_CLIENT_SECRET": "pw-SECRET-4\n"})
    assert proc.returncode == 2 and "--client-secret contains a line break" in proc.stderr
    clean(proc.stdout + proc.stderr)


def test_short_header_values_are_hidden_in_headers_without_garbling_the_report(bundle_file: Path) -> None:
    with Stub() as stub:
        stub.on("GET /fhir/metadata", capability())
        stub.on("POST /fhir", "echo-transaction")
        result = run(str(bundle_file), "--server", stub.base, "-H", "X-Flag: 1", "-v", *FAST)
        assert result.exit_code == 0, result.output
        assert "x-flag: ***" in result.stderr and "5 created" in result.stdout
