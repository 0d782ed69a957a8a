"""Key pairs for the SMART Backend Services tests: private keys written as PEM or JWK files,
public keys as the JWKS a server registers for a client."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from fhirconv.push.auth import thumbprint


def rsa_pem(path: Path) -> dict[str, Any]:
    """A new RSA key in ``path`` (PEM, mode 600); returns its public JWK (kid = thumbprint)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    os.chmod(path, 0o600)
    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**public, "alg": "RS384", "kid": thumbprint(public)}


def ec_jwk(path: Path, kid: str = "ec-key-1") -> dict[str, Any]:
    """A new EC P-384 key in ``path`` as a private JWK with a kid; returns its public JWK."""
    key = ec.generate_private_key(ec.SECP384R1())
    private = jwt.algorithms.ECAlgorithm.to_jwk(key, as_dict=True)
    path.write_text(json.dumps({**private, "kid": kid, "alg": "ES384"}))
    os.chmod(path, 0o600)
    public = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**public, "alg": "ES384", "kid": kid}


def private_texts(path: Path) -> list[str]:
    """Pieces of a private key file that must never appear in output."""
    text = path.read_text()
    if text.lstrip().startswith("{"):
        return [json.loads(text)["d"]]
    return [line for line in text.splitlines() if line and not line.startswith("-----")]
