"""OAuth 2.0 client credentials for a push: SMART Backend Services (a signed JWT assertion) or a
client id and secret, with the access token cached and renewed before it expires.

Why here and not in the user's hands: sandboxes hand out short-lived tokens, and a push that
outlives its token must renew it mid-way without losing or repeating work. Signing is PyJWT's
(with ``cryptography``); nothing cryptographic is written here.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import time
import uuid
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .errors import PushError

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 240  # seconds; SMART asks for no more than 5 minutes
SECRET_METHODS = ("basic", "post")


def _now() -> float:
    """The clock assertions and token expiry are measured with (one place, so tests can skew it)."""
    return time.time()


@dataclass
class AuthSettings:
    """Where a token comes from. Secrets live here only; every one is redacted from output."""

    client_id: str
    private_key: str | None = None  # path to a PEM or JWK file (SMART Backend Services)
    key_id: str | None = None
    client_secret: str | None = None  # client_secret_basic / client_secret_post
    secret_method: str = "basic"
    token_url: str | None = None  # else discovered from [base]/.well-known/smart-configuration
    scope: str | None = None  # else the narrowest system/ scopes the push needs

    @property
    def method(self) -> str:
        if self.private_key:
            return "private_key_jwt"
        return f"client_secret_{self.secret_method}"

    def secrets(self) -> list[str]:
        return [self.client_secret] if self.client_secret else []


def key_file_warning(path: str) -> str | None:
    """A warning when a private key (or secret) file can be read by group or others."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return (f"{path} can be read by other users (mode {stat.filemode(mode)}); "
                f"protect it with: chmod 600 {path}")
    return None


@dataclass
class SigningKey:
    key: Any  # a cryptography private key
    algorithm: str  # RS384 | ES384
    kid: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(public_jwk: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256 over the required members, sorted, no spaces)."""
    required = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}[public_jwk["kty"]]
    canonical = json.dumps({k: public_jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def load_signing_key(path: str, key_id: str | None = None) -> SigningKey:
    """A private key from a PEM file or a JWK (JSON) file; RSA signs RS384, EC P-384 signs ES384."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise PushError(f"--private-key {path}: cannot read: {err.strerror or err}", exit_code=2) from None
    kid = key_id
    text = raw.lstrip()
    try:
        if text.startswith(b"{"):
            jwk = json.loads(text)
            if "keys" in jwk:  # a JWKS holding one key
                jwk = jwk["keys"][0]
            if "d" not in jwk:
                raise ValueError("the JWK has no private part ('d')")
            key = jwt.PyJWK(jwk).key
            kid = kid or jwk.get("kid")
        else:
            key = load_pem_private_key(raw, password=None)
    except (ValueError, TypeError, KeyError, IndexError, jwt.PyJWTError) as err:
        raise PushError(f"--private-key {path}: not a usable private key (PEM or JWK): {err}",
                        hint="an unencrypted RSA or EC P-384 private key", exit_code=2) from None
    if isinstance(key, rsa.RSAPrivateKey):
        algorithm = "RS384"
        public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    elif isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp384r1":
        algorithm = "ES384"
        public = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    else:
        kind = getattr(getattr(key, "curve", None), "name", type(key).__name__)
        raise PushError(f"--private-key {path}: a {kind} key cannot sign RS384 or ES384",
                        hint="SMART Backend Services needs an RSA key (RS384) or an EC P-384 key (ES384)",
                        exit_code=2)
    return SigningKey(key, algorithm, kid or thumbprint(public))


@dataclass
class Token:
    value: str
    expires_at: float  # on our clock
    lifetime: float
    scope: str


@dataclass
class TokenSource:
    """Fetches, caches and renews an access token.

    ``post`` sends a form to the token endpoint (the caller's retries, TLS and timeouts apply);
    ``get_json`` reads the SMART configuration. ``on_secret`` registers a new secret (a token,
    an assertion) with the redactor before anything can print it.
    """

    settings: AuthSettings
    base: str
    post: Callable[[str, dict[str, str], dict[str, str]], httpx.Response]
    get_json: Callable[[str], Any]
    on_secret: Callable[[str], None]
    log: Callable[[str], None] = lambda _text: None
    needs: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), {"c"}))  # types, permissions
    token: Token | None = None
    obtained: int = 0  # tokens fetched so far (shown by -v and the tests)
    _config: dict[str, Any] | None = None
    _key: SigningKey | None = None

    def smart_configuration(self) -> dict[str, Any]:
        """``{base}/.well-known/smart-configuration`` (empty when absent and --token-url is given)."""
        if self._config is None:
            url = f"{self.base}/.well-known/smart-configuration"
            try:
                found = self.get_json(url)
            except PushError:
                found = None
            self._config = found if isinstance(found, dict) else {}
        return self._config

    def token_url(self) -> str:
        if self.settings.token_url:
            return self.settings.token_url
        endpoint = self.smart_configuration().get("token_endpoint")
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            raise PushError(f"{self.base}/.well-known/smart-configuration does not name a token endpoint",
                            hint="give the server's token URL with --token-url")
        return endpoint

    def need(self, types: Iterable[str], permissions: Iterable[str]) -> None:
        """What the push will do: resource types, and SMART v2 permission letters (c, u, r, s)."""
        self.needs = (set(types), set(permissions))

    def scope(self) -> str:
        if self.settings.scope:
            return self.settings.scope
        return narrow_scopes(self.needs[0], self.needs[1], self.smart_configuration())

    def current(self) -> str:
        """A token valid for a while yet: the cached one, or a new one when it is about to expire."""
        token = self.token
        if token is None or _now() >= token.expires_at - min(60.0, token.lifetime / 4):
            token = self.renew("expiring" if token else "first request")
        return token.value

    def renew(self, why: str) -> Token:
        url = self.token_url()
        scope = self.scope()
        form = {"grant_type": "client_credentials", "scope": scope}
        headers = {"Accept": "application/json"}
        s = self.settings
        if s.private_key:
            if self._key is None:
                self._key = load_signing_key(s.private_key, s.key_id)
            form["client_assertion_type"] = ASSERTION_TYPE
            form["client_assertion"] = self._assertion(url)
            self.on_secret(form["client_assertion"])
            how = f"private_key_jwt {self._key.algorithm}, kid {self._key.kid}"
        elif s.client_secret is not None:
            if s.secret_method == "post":
                form.update(client_id=s.client_id, client_secret=s.client_secret)
            else:
                pair = f"{_form_quote(s.client_id)}:{_form_quote(s.client_secret)}"
                headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
                self.on_secret(headers["Authorization"].split(" ", 1)[1])
            how = s.method
        else:
            raise PushError("--client-id needs --private-key or --client-secret", exit_code=2)
        self.log(f"token ({why}): POST {url} (client {s.client_id}, {how}, scope {scope})")
        response = self.post(url, form, headers)
        body: Any
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 400 or not isinstance(body, dict) or not body.get("access_token"):
            raise token_error(url, response.status_code, body, scope)
        value = str(body["access_token"])
        self.on_secret(value)
        try:
            lifetime = float(body.get("expires_in", 300))
        except (TypeError, ValueError):
            lifetime = 300.0
        self.token = Token(value, _now() + lifetime, lifetime, str(body.get("scope", scope)))
        self.obtained += 1
        self.log(f"token: granted for {lifetime:g} s, scope {self.token.scope}")
        return self.token

    def _assertion(self, token_url: str) -> str:
        import jwt

        assert self._key is not None
        now = int(_now())
        claims = {"iss": self.settings.client_id, "sub": self.settings.client_id, "aud": token_url,
                  "jti": uuid.uuid4().hex, "iat": now, "exp": now + ASSERTION_LIFETIME}
        return jwt.encode(claims, self._key.key, algorithm=self._key.algorithm,
                          headers={"kid": self._key.kid, "typ": "JWT"})


def _form_quote(text: str) -> str:
    """RFC 6749 2.3.1: client id and secret are form-encoded before Basic encoding."""
    from urllib.parse import quote_plus

    return quote_plus(text)


def narrow_scopes(types: set[str], permissions: set[str], config: dict[str, Any]) -> str:
    """The narrowest ``system/`` scopes for a push: v2 (``system/Patient.cu``) when the server
    says it speaks SMART v2, v1 (``system/Patient.write``) otherwise. A server that advertises
    only wildcard scopes (``system/*.…``) gets the wildcard type with the same permissions."""
    capabilities = config.get("capabilities") or []
    supported = [s for s in config.get("scopes_supported") or [] if isinstance(s, str)]
    v2 = "permission-v2" in capabilities or any(
        s.startswith("system/") and s.rsplit(".", 1)[-1] not in ("read", "write", "*") for s in supported)
    system = [s for s in supported if s.startswith("system/")]
    if system and all(s.split("/", 1)[1].startswith("*.") for s in system):
        types = {"*"}
    letters = "".join(ch for ch in "cruds" if ch in permissions)
    out = []
    for rtype in sorted(types or {"*"}):
        if v2:
            out.append(f"system/{rtype}.{letters}")
        else:
            if permissions & set("cud"):
                out.append(f"system/{rtype}.write")
            if permissions & set("rs"):
                out.append(f"system/{rtype}.read")
    return " ".join(out)


def token_error(url: str, status: int, body: Any, scope: str) -> PushError:
    """One clear line for a refused token request (the OAuth error and its description)."""
    error = body.get("error", "") if isinstance(body, dict) else ""
    desc = body.get("error_description", "") if isinstance(body, dict) else ""
    said = ": ".join(x for x in (str(error), str(desc)) if x) or "no OAuth error in the answer"
    hints = {
        "invalid_client": "check --client-id and that the server has the public key (JWKS) of --private-key, "
                          "or the right --client-secret; a clock far off also invalidates the assertion",
        "invalid_scope": f"the client is not allowed the scopes asked for ({scope}); register them for the "
                         f"client or choose others with --scope",
        "unauthorized_client": "the client may not use the client_credentials grant here",
    }
    return PushError(f"the token endpoint {url} refused the request: HTTP {status}: {said}",
                     hint=hints.get(str(error), "check the client registration on the server"))


class BearerFlow(httpx.Auth):
    """Adds the current token to each request; on a 401 renews it once and sends the request
    again (a 401 means the server did nothing, so nothing is repeated)."""

    def __init__(self, source: TokenSource):
        self.source = source

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.source.current()}"
        response = yield request
        if response.status_code == 401:
            response.read()
            self.source.renew("the server answered 401")
            request.headers["Authorization"] = f"Bearer {self.source.current()}"
            yield request
