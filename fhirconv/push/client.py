"""The HTTP side of a push: httpx for requests, tenacity for retries, secrets kept out of output.

Retried: connection errors, timeouts, 429 and 5xx (waiting as long as Retry-After asks, capped),
with exponential backoff and jitter. Never retried: other 4xx, since sending the same request
again gets the same answer. Retrying creates is safe because every create is conditional.
"""

from __future__ import annotations

import email.utils
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import tenacity

from .errors import PushError, Rejected, Unreachable, outcome_issues

FHIR_JSON = "application/fhir+json"
SECRET_HEADER_WORDS = ("authorization", "cookie", "token", "secret", "key", "password", "session")


@dataclass
class ClientConfig:
    """How to reach the server. Secrets live here only, and are redacted from every message."""

    base: str
    token: str | None = None
    user: str | None = None
    password: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    ca_bundle: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    retries: int = 4  # extra attempts after the first
    backoff: float = 0.5  # first wait, doubled each retry (with jitter)
    max_wait: float = 30.0  # cap for one wait, Retry-After included

    def secrets(self) -> list[str]:
        found = [s for s in (self.token, self.password) if s]
        userinfo = self.base.split("://", 1)[-1].split("/", 1)[0].rpartition("@")[0]
        if ":" in userinfo:  # a password in the server URL itself
            found.append(userinfo.split(":", 1)[1])
        found += [v for k, v in self.headers.items() if _secret_header(k) and v]
        return found


def _secret_header(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_HEADER_WORDS)


class Redactor:
    """Replaces every secret by ``***`` in text that may reach a terminal or a log."""

    def __init__(self, secrets: list[str]):
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def headers(self, headers: dict[str, str] | httpx.Headers) -> dict[str, str]:
        return {k: ("***" if _secret_header(k) else self(v)) for k, v in headers.items()}


class Retryable(Exception):
    """A response worth another try (429, 5xx); carries it so the wait can honour Retry-After."""

    def __init__(self, response: httpx.Response):
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def retry_after(response: httpx.Response) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), else None."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class FhirClient:
    """A small FHIR REST client over one ``httpx.Client``."""

    def __init__(self, config: ClientConfig, log: Callable[[str], None] | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.config = config
        self.base = config.base.rstrip("/")
        self.redact = Redactor(config.secrets())
        self._log = log
        headers = {"Accept": FHIR_JSON, "User-Agent": "fhirconv-push"}
        headers.update(config.headers)
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        auth = httpx.BasicAuth(config.user, config.password or "") if config.user else None
        verify: bool | ssl.SSLContext = True
        if config.insecure:
            verify = False
        elif config.ca_bundle:
            try:
                verify = ssl.create_default_context(cafile=config.ca_bundle)
            except (OSError, ssl.SSLError) as err:
                raise PushError(f"--ca-bundle {config.ca_bundle}: cannot load certificates: {err}",
                                exit_code=2) from None
        self._http = httpx.Client(headers=headers, auth=auth, verify=verify, timeout=config.timeout,
                                  transport=transport, follow_redirects=False)
        self._wait_exp = tenacity.wait_random_exponential(multiplier=config.backoff, max=config.max_wait)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FhirClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return self.base if not path else f"{self.base}/{path.lstrip('/')}"

    def log(self, text: str) -> None:
        if self._log:
            self._log(self.redact(text))

    # -- retries -------------------------------------------------------------------------------

    def _wait(self, state: tenacity.RetryCallState) -> float:
        wait = self._wait_exp(state)
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Retryable):
            asked = retry_after(exc.response)
            if asked is not None:
                wait = asked
        wait = min(wait, self.config.max_wait)
        self.log(f"  retrying in {wait:.2f} s ({self._reason(exc)})")
        return wait

    def _reason(self, exc: BaseException | None) -> str:
        if isinstance(exc, Retryable):
            return f"HTTP {exc.response.status_code} {exc.response.reason_phrase}".strip()
        if isinstance(exc, httpx.TimeoutException):
            return f"no answer within {self.config.timeout:g} s ({type(exc).__name__})"
        if isinstance(exc, httpx.ConnectError):
            return "connection refused or host unreachable"
        if isinstance(exc, httpx.TransportError):
            return f"connection failed ({type(exc).__name__}: {self.redact(str(exc))})"
        return self.redact(str(exc))

    # -- requests ------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None,
                what: str = "") -> httpx.Response:
        """Send one request, retrying what is worth retrying; raise Rejected/Unreachable otherwise.

        ``what`` names the case or resource for error messages.
        """
        url = self.url(path)
        content = None
        req_headers = dict(headers or {})
        if body is not None:
            from fhirconv.numbers import dumps as exact_dumps  # decimals as written in the case

            content = exact_dumps(body, ensure_ascii=False).encode()
            req_headers["Content-Type"] = FHIR_JSON

        def attempt() -> httpx.Response:
            started = time.monotonic()
            request = self._http.build_request(method, url, content=content, headers=req_headers)
            if self._log:
                shown = self.redact.headers({k: v for k, v in request.headers.items()
                                             if k.lower() not in ("content-length", "accept-encoding",
                                                                  "connection", "host")})
                self.log(f"> {method} {url}" + "".join(f"\n>   {k}: {v}" for k, v in shown.items()))
            response = self._http.send(request)
            took = (time.monotonic() - started) * 1000
            self.log(f"< {response.status_code} {response.reason_phrase} ({took:.0f} ms)")
            if response.status_code == 429 or response.status_code >= 500:
                raise Retryable(response)
            return response

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.config.retries + 1),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type((Retryable, httpx.TransportError)),
            reraise=True,
        )
        prefix = f"{what}: " if what else ""
        try:
            response = retrying(attempt)
        except Retryable as err:
            response = err.response
            tries = self.config.retries + 1
            raise Rejected(
                f"{prefix}{method} {url} failed with {self._reason(err)} after {tries} attempt(s)",
                issues=outcome_issues(_json(response)), status=response.status_code,
                hint="the server is overloaded or failing; try again later or raise --retries",
            ) from None
        except httpx.TransportError as err:
            tries = self.config.retries + 1
            raise Unreachable(
                self.redact(f"{prefix}server {self.base} unreachable: {self._reason(err)} "
                            f"after {tries} attempt(s)"),
                hint="is the server running and the URL right? (--timeout, --retries)",
            ) from None
        if response.status_code >= 400:
            issues = outcome_issues(_json(response))
            raise Rejected(
                f"{prefix}the server rejected {method} {url}: HTTP {response.status_code} "
                f"{response.reason_phrase}".rstrip(),
                issues=issues, status=response.status_code,
                hint=None if issues else _hint_for(response.status_code),
            )
        return response

    def json(self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None,
             what: str = "") -> tuple[httpx.Response, Any]:
        response = self.request(method, path, body=body, headers=headers, what=what)
        return response, _json(response)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def _hint_for(status: int) -> str | None:
    return {
        401: "the server wants credentials: --token, or --user and --password",
        403: "the credentials are not allowed to write here",
        404: "check --server: it should be the FHIR base URL, e.g. http://127.0.0.1:8080/fhir",
        405: "the server does not allow this interaction; try another --mode",
    }.get(status)
