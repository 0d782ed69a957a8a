"""SMART Backend Services and client credentials against sekmet-fhir in its SMART mode (real token
endpoint, JWKS-registered keys, 2-second tokens, scopes enforced), and a 401 mid-push on a stub.

Every output of these tests is also searched for the secrets (keys, client secret, any JWT)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from fhirconv.cli import cli

from .conftest import Server, start_server
from .faultproxy import FaultProxy
from .handmade import SYSTEM, transaction_bundle
from .keys import ec_jwk, private_texts, rsa_pem
from .stub import Reply, Stub, capability

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
MYELOMA = REPO / "samples" / "multiple-myeloma.yaml"
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
CLIENT_SECRET = "cs-SECRET-5b1f0e9a"
TOKEN_LIFETIME = 2  # seconds: shorter than the pushes below, so tokens are renewed mid-push
FAST = ["--backoff", "0.01", "--max-wait", "0.5"]


@dataclass
class Smart:
    server: Server
    rsa_key: Path
    ec_key: Path
    wrong_key: Path
    secrets: list[str]

    @property
    def base(self) -> str:
        return self.server.base


@pytest.fixture(scope="module")
def smart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Smart]:
    keys = tmp_path_factory.mktemp("keys")
    rsa_public = rsa_pem(keys / "rsa.pem")
    ec_public = ec_jwk(keys / "ec.jwk.json")
    rsa_pem(keys / "wrong.pem")  # never registered
    clients = [
        {"client_id": "loader-rs", "jwks": {"keys": [rsa_public]}, "scopes": "system/*.cruds"},
        {"client_id": "loader-es", "jwks": {"keys": [ec_public]}, "scopes": "system/*.cruds"},
        {"client_id": "reader", "jwks": {"keys": [rsa_public]}, "scopes": "system/*.rs"},
        {"client_id": "loader-secret", "client_secret": CLIENT_SECRET, "scopes": "system/*.cruds"},
    ]
    auth = json.dumps({"types": ["smart"], "smart_clients": clients, "token_lifetime": TOKEN_LIFETIME,
                       "enforce_scopes": True})
    server = start_server(tmp_path_factory.mktemp("sekmet-smart"), auth=auth)
    secrets = [CLIENT_SECRET, *private_texts(keys / "rsa.pem"), *private_texts(keys / "ec.jwk.json"),
               *private_texts(keys / "wrong.pem")]
    try:
        yield Smart(server, keys / "rsa.pem", keys / "ec.jwk.json", keys / "wrong.pem", secrets)
    finally:
        server.stop()


OUTPUTS: list[str] = []


def assert_no_secret(text: str, secrets: list[str], keep: bool = True) -> None:
    if keep:
        OUTPUTS.append(text)
    for secret in secrets:
        assert secret not in text
    assert "eyJ" not in text  # no JWT (assertion or access token), whole or in part


def run(smart_or_secrets: Smart | list[str], *args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    secrets = smart_or_secrets.secrets if isinstance(smart_or_secrets, Smart) else smart_or_secrets
    assert_no_secret(result.stdout + result.stderr, secrets)
    return result


def server_count(smart: Smart, rtype: str, identifier: str) -> int:
    """Copies on the server (read with a token of its own: tokens live 2 s here)."""
    bundle = httpx.get(f"{smart.base}/{rtype}", params={"identifier": f"{SYSTEM}|{identifier}",
                                                        "_summary": "count"},
                       headers={"Authorization": f"Bearer {read_token(smart)}"}, timeout=10).json()
    return int(bundle["total"])


def read_token(smart: Smart) -> str:
    """A token for the tests' own reads, from the client secret (client_secret_post)."""
    answer = httpx.post(f"{smart.base.rsplit('/fhir', 1)[0]}/auth/token", timeout=10, data={
        "grant_type": "client_credentials", "client_id": "loader-secret", "client_secret": CLIENT_SECRET,
        "scope": "system/*.rs"})
    return answer.json()["access_token"]


def test_private_key_push_loads_the_case_and_a_second_run_creates_nothing(smart: Smart) -> None:
    args = ["push", str(MYELOMA), "--server", smart.base, "--client-id", "loader-rs", "--private-key",
            str(smart.rsa_key), "--format", "json"]
    first = run(smart, *args)
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["summary"]["created"] == 25 and report["summary"]["matched"] == 0
    second = run(smart, *args)
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["summary"] == {**report["summary"], "created": 0, "matched": 25}
    assert server_count(smart, "Patient", "mm-sekiguchi-2012/patient") == 1


def test_token_is_renewed_mid_push_without_losing_or_repeating_work(smart: Smart) -> None:
    """Every request goes through a proxy that slows it, so the push outlives several tokens."""
    root = smart.base.rsplit("/fhir", 1)[0]
    with FaultProxy(root, ["slow"], delay=0.03) as proxy:
        args = ["push", *map(str, SAMPLES), "--server", f"{proxy.root}/fhir", "--mode", "resource",
                "--client-id", "loader-es", "--private-key", str(smart.ec_key), "--verify", "-v",
                "--format", "json"]
        started = time.monotonic()
        result = run(smart, *args)
        took = time.monotonic() - started
    assert result.exit_code == 0, result.stderr[-3000:]
    tokens = result.stderr.count("token: granted for 2 s")
    assert took > TOKEN_LIFETIME and tokens >= 2, (took, tokens)
    assert "private_key_jwt ES384, kid ec-key-1" in result.stderr
    assert "scope system/*.crs" in result.stderr  # v2 scopes: create, and read + search for --verify
    report = json.loads(result.stdout)
    assert report["ok"] and report["summary"]["verified"] == sum(report["summary"][a] for a in
                                                                  ("created", "matched", "updated"))
    sent = Counter((r["type"], r["identifier"]) for c in report["cases"] for r in c["resources"])
    assert max(sent.values()) == 1  # nothing sent twice
    for rtype, identifier in list(sent)[:12]:
        assert server_count(smart, rtype, identifier) == 1


@pytest.mark.parametrize("method", ["basic", "post"])
def test_client_secret(smart: Smart, method: str, tmp_path: Path) -> None:
    bundle = tmp_path / "case.json"
    bundle.write_text(json.dumps(transaction_bundle(f"secret-{method}")))
    args = ["push", str(bundle), "--server", smart.base, "--client-id", "loader-secret", "--secret-method", method,
            "-v"]
    result = run(smart, *args, env={"FHIRCONV_CLIENT_SECRET": CLIENT_SECRET})
    assert result.exit_code == 0, result.output
    assert f"client_secret_{method}" in result.stderr and "5 created" in result.stdout
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(CLIENT_SECRET + "\n")
    secret_file.chmod(0o644)
    result = run(smart, *args[:-1], "--client-secret-file", str(secret_file))
    assert result.exit_code == 0, result.output
    assert "5 matched" in result.stdout
    assert f"{secret_file} can be read by other users" in result.stderr


def one_error(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_wrong_key_is_one_clear_error(smart: Smart) -> None:
    result = run(smart, "push", str(MYELOMA), "--server", smart.base, "--client-id", "loader-rs",
                 "--private-key", str(smart.wrong_key))
    assert result.exit_code == 1
    line = one_error(result)
    assert "token endpoint" in line and "invalid_client" in line and "verification failed" in line
    assert "public key (JWKS)" in line  # the hint


def test_missing_scope_is_one_clear_error(smart: Smart) -> None:
    result = run(smart, "push", str(MYELOMA), "--server", smart.base, "--client-id", "reader",
                 "--private-key", str(smart.rsa_key))
    assert result.exit_code == 1
    line = one_error(result)
    assert "invalid_scope" in line and "system/*.c" in line


def test_scope_the_token_lacks_is_refused_by_the_server_with_a_hint(smart: Smart) -> None:
    result = run(smart, "push", str(MYELOMA), "--server", smart.base, "--client-id", "loader-rs",
                 "--private-key", str(smart.rsa_key), "--scope", "system/Patient.rs")
    assert result.exit_code == 1
    assert "HTTP 403" in result.stdout and "scopes (system/Patient.rs) do not allow this" in result.stdout


def test_expired_assertion_is_one_clear_error(smart: Smart, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock ten minutes slow signs an assertion that has expired when the server reads it."""
    import fhirconv.push.auth as auth

    monkeypatch.setattr(auth, "_now", lambda: time.time() - 600)
    result = run(smart, "push", str(MYELOMA), "--server", smart.base, "--client-id", "loader-rs",
                 "--private-key", str(smart.rsa_key))
    assert result.exit_code == 1
    line = one_error(result)
    assert "invalid_client" in line and "expired" in line and "clock" in line


def test_key_readable_by_others_is_warned_about(smart: Smart, tmp_path: Path) -> None:
    key = tmp_path / "open.pem"
    key.write_bytes(smart.rsa_key.read_bytes())
    key.chmod(0o644)
    result = run(smart, "push", str(MYELOMA), "--server", smart.base, "--client-id", "loader-rs",
                 "--private-key", str(key), "--dry-run")
    assert f"warning: {key} can be read by other users" in result.stderr and f"chmod 600 {key}" in result.stderr


def test_usage_errors_do_not_echo_secrets(smart: Smart, tmp_path: Path) -> None:
    for args in (["--client-id", "loader-rs"],
                 ["--client-secret", CLIENT_SECRET],
                 ["--client-id", "x", "--client-secret", CLIENT_SECRET, "--private-key", str(smart.rsa_key)],
                 ["--client-id", "x", "--client-secret", CLIENT_SECRET + "\n"],
                 ["--client-id", "x", "--client-secret", CLIENT_SECRET, "--token", "tok"]):
        result = run(smart, "push", str(MYELOMA), "--server", smart.base, *args)
        assert result.exit_code == 2, (args, result.output)


def test_401_mid_push_renews_the_token_once_and_repeats_nothing(tmp_path: Path) -> None:
    """A token the server stops accepting before it expires: one renewal, the request sent again,
    each resource once."""
    bundle = tmp_path / "case.json"
    bundle.write_text(json.dumps(transaction_bundle("renew-401")))
    with Stub() as stub:
        stub.on("GET /fhir/metadata", capability())
        stub.on("GET /fhir/.well-known/smart-configuration", Reply(200, {
            "token_endpoint": stub.base.replace("/fhir", "/token"), "capabilities": ["permission-v2"]}))
        stub.on("POST /token", Reply(200, {"access_token": "tok-one-SECRET", "expires_in": 3600}),
                Reply(200, {"access_token": "tok-two-SECRET", "expires_in": 3600}))
        stub.on("POST /fhir", Reply(401, {"resourceType": "OperationOutcome", "issue": []}), "echo-transaction")
        secrets = ["tok-one-SECRET", "tok-two-SECRET", CLIENT_SECRET]
        result = run(secrets, "push", str(bundle), "--server", stub.base, "--client-id", "c1",
                     "--client-secret", CLIENT_SECRET, "-v", *FAST)
        assert result.exit_code == 0, result.output
        assert stub.count("POST /token") == 2 and stub.count("POST /fhir") == 2
        posts = [r for r in stub.requests if r["key"] == "POST /fhir"]
        assert [p["headers"]["Authorization"] for p in posts] == ["Bearer tok-one-SECRET", "Bearer tok-two-SECRET"]
        assert posts[0]["body"] == posts[1]["body"]  # the same request again, not a new one
        assert "5 created" in result.stdout and "token (the server answered 401)" in result.stderr
        form = next(r for r in stub.requests if r["key"] == "POST /token")
        assert "scope=system%2FCondition.c+system%2FMedicationStatement.c" in form["body"]


def write_config(path: Path, smart: Smart) -> Path:
    path.write_text(f"""
[servers.sandbox]
url = "{smart.base}"
auth = "smart"
client_id = "loader-rs"
private_key = "{smart.rsa_key}"

[servers.secret-sandbox]
url = "{smart.base}"
auth = "client-secret"
client_id = "loader-secret"
client_secret_env = "SANDBOX_SECRET"
secret_method = "post"
description = "the same server, with a client secret"
""")
    return path


def test_named_servers_are_listed_checked_and_pushed_to(smart: Smart, tmp_path: Path) -> None:
    config = write_config(tmp_path / "servers.toml", smart)
    env = {"FHIRCONV_CONFIG": str(config), "SANDBOX_SECRET": CLIENT_SECRET}
    listed = run(smart, "servers", env=env)
    assert listed.exit_code == 0
    assert f"config file: {config}" in listed.stdout
    assert "sandbox" in listed.stdout and "secret from $SANDBOX_SECRET" in listed.stdout
    checked = run(smart, "servers", "check", "sandbox", env=env)
    assert checked.exit_code == 0, checked.output
    for line in ("ok   token: granted for 2 s, scope system/*.c", "ok   FHIR 4.0.1", "ok   transaction",
                 "ok   batch", "ok   conditional create on Patient"):
        assert line in checked.stdout, checked.stdout
    pushed = run(smart, "push", str(MYELOMA), "--server", "secret-sandbox", "-v", env=env)
    assert pushed.exit_code == 0, pushed.output
    assert "client_secret_post" in pushed.stderr
    assert "25 matched" in pushed.stdout or "25 created" in pushed.stdout


def test_named_server_mistakes_are_usage_errors(smart: Smart, tmp_path: Path) -> None:
    config = write_config(tmp_path / "servers.toml", smart)
    result = run(smart, "push", str(MYELOMA), "--server", "nope", env={"FHIRCONV_CONFIG": str(config)})
    assert result.exit_code == 2 and "no server named 'nope'" in result.output
    assert "known: sandbox, secret-sandbox" in result.output
    result = run(smart, "push", str(MYELOMA), "--server", "secret-sandbox", env={"FHIRCONV_CONFIG": str(config)})
    assert result.exit_code == 2 and "SANDBOX_SECRET" in result.output and "is not set" in result.output
    config.write_text(f'[servers.bad]\nurl = "{smart.base}"\nauth = "client-secret"\nclient_id = "x"\n'
                      f'client_secret = "{CLIENT_SECRET}"\n')
    result = run(smart, "servers", env={"FHIRCONV_CONFIG": str(config)})
    assert result.exit_code == 2 and "secrets do not belong in this file" in result.output


def test_config_file_defaults_to_the_platform_config_directory(smart: Smart) -> None:
    import platformdirs

    result = run(smart, "servers", env={"FHIRCONV_CONFIG": ""})
    assert result.exit_code == 0
    assert str(Path(platformdirs.user_config_dir("fhirconv")) / "servers.toml") in result.stdout


def test_no_output_of_the_auth_tests_holds_a_secret(smart: Smart) -> None:
    """The outputs collected above, all of them, searched once more (and there were some)."""
    assert len(OUTPUTS) >= 10
    for text in OUTPUTS:
        assert_no_secret(text, smart.secrets, keep=False)
    assert os.environ.get("FHIRCONV_CLIENT_SECRET") is None  # CliRunner's env did not leak
