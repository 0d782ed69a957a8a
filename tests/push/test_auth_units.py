"""Keys, scopes and token errors without a server: what each kind of key signs, the scopes asked
for from what a server advertises, and keys that cannot be used."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from fhirconv.push.auth import key_file_warning, load_signing_key, narrow_scopes, token_error
from fhirconv.push.errors import PushError

from .keys import ec_jwk, rsa_pem

TYPES = {"Patient", "Condition"}


def test_scopes_follow_what_the_server_advertises() -> None:
    v2 = {"capabilities": ["permission-v2"], "scopes_supported": ["system/Patient.cruds"]}
    assert narrow_scopes(TYPES, {"c"}, v2) == "system/Condition.c system/Patient.c"
    assert narrow_scopes(TYPES, {"c", "u", "r", "s"}, v2) == "system/Condition.crus system/Patient.crus"
    v1 = {"capabilities": ["permission-v1"]}
    assert narrow_scopes(TYPES, {"c"}, v1) == "system/Condition.write system/Patient.write"
    assert narrow_scopes({"Patient"}, {"c", "r", "s"}, v1) == "system/Patient.write system/Patient.read"
    assert narrow_scopes(TYPES, {"c"}, {}) == "system/Condition.write system/Patient.write"  # nothing said: v1
    wildcard = {"capabilities": ["permission-v2"], "scopes_supported": ["system/*.rs", "system/*.cruds"]}
    assert narrow_scopes(TYPES, {"c", "u"}, wildcard) == "system/*.cu"


def test_rsa_pem_and_ec_jwk_keys(tmp_path: Path) -> None:
    public = rsa_pem(tmp_path / "rsa.pem")
    key = load_signing_key(str(tmp_path / "rsa.pem"))
    assert key.algorithm == "RS384" and key.kid == public["kid"]
    assert load_signing_key(str(tmp_path / "rsa.pem"), "given").kid == "given"
    ec_public = ec_jwk(tmp_path / "ec.json", kid="k-1")
    key = load_signing_key(str(tmp_path / "ec.json"))
    assert key.algorithm == "ES384" and key.kid == "k-1"
    token = jwt.encode({"a": 1}, key.key, algorithm="ES384")
    assert jwt.decode(token, jwt.PyJWK(ec_public).key, algorithms=["ES384"]) == {"a": 1}


def test_unusable_keys_are_usage_errors(tmp_path: Path) -> None:
    p256 = ec.generate_private_key(ec.SECP256R1())
    (tmp_path / "p256.pem").write_bytes(p256.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "public.json").write_text(json.dumps(ec_jwk(tmp_path / "ec.json")))
    (tmp_path / "junk.pem").write_text("not a key")
    for name, words in (("p256.pem", "secp256r1 key cannot sign"), ("public.json", "no private part"),
                        ("junk.pem", "not a usable private key"), ("missing.pem", "cannot read")):
        with pytest.raises(PushError) as err:
            load_signing_key(str(tmp_path / name))
        assert err.value.exit_code == 2 and words in err.value.message, err.value.message


def test_key_file_modes(tmp_path: Path) -> None:
    rsa_pem(tmp_path / "k.pem")
    assert key_file_warning(str(tmp_path / "k.pem")) is None
    (tmp_path / "k.pem").chmod(0o640)
    assert "can be read by other users (mode -rw-r-----)" in (key_file_warning(str(tmp_path / "k.pem")) or "")


def test_token_errors_name_the_oauth_error() -> None:
    err = token_error("https://x/token", 400, {"error": "invalid_scope", "error_description": "no"}, "system/*.c")
    assert err.message == "the token endpoint https://x/token refused the request: HTTP 400: invalid_scope: no"
    assert "system/*.c" in (err.hint or "")
    assert "no OAuth error" in token_error("https://x/token", 502, None, "s").message


def test_push_start_takes_the_fraction_a_date_header_drops():
    from fhirconv.push.send import push_start

    assert push_start(None, 100.25) == 100.25  # no Date header: our clock
    assert push_start(100.0, 100.7) == 100.7  # same second on both clocks: ours has the fraction
    assert push_start(100.0, 101.4) == 101.4  # a Date a second old (a proxy's): ours still
    assert push_start(100.0, 99.9) == 99.9
    assert push_start(100.0, 103.2) == 100.0  # clocks apart: the server's, to the second
