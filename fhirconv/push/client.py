"""The HTTP side of a push: httpx for requests, tenacity for retries, secrets kept out of output.

Retried: connection errors, timeouts, 429 and 5xx (waiting as long as Retry-After asks, capped),
with exponential backoff and jitter. Never retried: other 4xx, since sending the same request
again gets the same answer. Retrying creates is safe because every create is conditional (see
:mod:`.send`: resources without an identifier are given one before they are sent).

Secrets: every header value the user gives, every token and assertion, the client secret and
any user-info in the server URL are replaced by ``***`` in everything this module lets out.
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

from .auth import AuthSettings, BearerFlow, TokenSource
from .errors import PushError, Rejected, Unreachable, outcome_issues

FHIR_JSON = "application/fhir+json"
# Header values fhirconv itself sets and that carry nothing secret; every other value is hidden.
SHOWN_HEADERS = ("accept", "content-type", "user-agent", "if-none-exist", "if-match", "prefer")


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
    auth: AuthSettings | None = None  # SMART Backend Services or client id + secret
    redactor: Redactor | None = field(default=None, repr=False)  # shared with the caller's output

    def secrets(self) -> list[str]:
        found = [s for s in (self.token, self.password) if s]
        userinfo = url_userinfo(self.base)
        if userinfo:  # a token, or a user and password, in the server URL itself
            found += [userinfo, userinfo.split(":", 1)[-1]]
        # Header values are always shown as *** in headers; elsewhere only values long enough to
        # be secrets are replaced (hiding every "1" or "json" would garble the output).
        found += [v.strip() for v in self.headers.values() if len(v.strip()) >= 6]
        if self.auth:
            found += self.auth.secrets()
        return found


def url_userinfo(url: str) -> str:
    """The user-info of a URL (everything before the last ``@`` of the authority), or ''."""
    authority = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return authority.rpartition("@")[0]


def hide_userinfo(url: str) -> str:
    """``http://user:pw@host/x`` -> ``http://***@host/x`` (whatever the user-info holds)."""
    userinfo = url_userinfo(url)
    return url.replace(userinfo + "@", "***@", 1) if userinfo else url


def check_header_values(headers: dict[str, str]) -> None:
    """Header values must not hold line breaks (a request could be split); named, never echoed."""
    for name, value in headers.items():
        if any(ch in value for ch in "\r\n\0") or any(ch in name for ch in "\r\n\0:"):
            raise PushError(f"header {name.splitlines()[0] if name else '(no name)'!r} holds a line break "
                            f"or another character a header cannot carry; its value is not shown",
                            hint="remove the line break (a trailing newline from a file?)", exit_code=2)


class Redactor:
    """Replaces every secret by ``***`` in text that may reach a terminal or a log."""

    def __init__(self, secrets: list[str]):
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Hide ``secret`` from now on (tokens and assertions are added as they are made)."""
        if secret and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return hide_userinfo_in(text)

    def headers(self, headers: dict[str, str] | httpx.Headers) -> dict[str, str]:
        return {k: (self(v) if k.lower() in SHOWN_HEADERS else "***") for k, v in headers.items()}


def hide_userinfo_in(text: str) -> str:
    """Every ``scheme://user-info@`` in a text becomes ``scheme://***@``."""
    import re

    return re.sub(r"(https?://)[^\s/?#]*@(?=[^\s/?#@]*(?:[/?#\s]|$))", r"\1***@", text)


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


def may_have_happened(exc: BaseException | None) -> bool:
    """Could the server have done the work of an attempt that failed like this? Not when the
    connection was never made, nor on 429 / 503 (the server says it did nothing)."""
    if isinstance(exc, Retryable):
        return exc.response.status_code not in (429, 503)
    return not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def server_time(response: httpx.Response) -> float | None:
    """The server's clock from a Date header (seconds, rounded down by HTTP), or None."""
    values = response.headers.get_list("date")
    if not values:
        return None
    try:
        return email.utils.parsedate_to_datetime(values[0]).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


class FhirClient:
    """A small FHIR REST client over one ``httpx.Client``."""

    def __init__(self, config: ClientConfig, log: Callable[[str], None] | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.config = config
        self.base = config.base.rstrip("/")
        self.redact = config.redactor or Redactor([])
        for secret in config.secrets():  # tokens and assertions are added as they are made
            self.redact.add(secret)
        self._log = log
        check_header_values(config.headers)
        headers = {"Accept": FHIR_JSON, "User-Agent": "fhirconv-push"}
        headers.update(config.headers)
        check_header_values({k: v for k, v in (("--token", config.token), ("--user", config.user),
                                               ("--password", config.password)) if v})
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        auth: httpx.Auth | None = httpx.BasicAuth(config.user, config.password or "") if config.user else None
        self.tokens: TokenSource | None = None
        if config.auth:
            check_header_values({"--client-id": config.auth.client_id,
                                 "--client-secret": config.auth.client_secret or ""})
            self.tokens = TokenSource(config.auth, self.base, post=self._token_post, get_json=self._get_json,
                                      on_secret=self.redact.add, log=self.log)
            auth = BearerFlow(self.tokens)
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
        self.uncertain = 0  # retries after an attempt the server may have carried out unseen
        self.started: float | None = None  # server time (Date header) of the first answer
        self.began = time.time()  # our clock when the push began (fallback for the above)

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
        if may_have_happened(exc):
            self.uncertain += 1
        self.log(f"  retrying in {wait:.2f} s ({self._reason(exc)})")
        return wait

    def entry_wait(self, response: httpx.Response, attempt: int) -> float:
        """How long to wait before sending batch entries again: Retry-After, else the backoff."""
        asked = retry_after(response)
        wait = asked if asked is not None else self.config.backoff * 2 ** (attempt - 1)
        return min(wait, self.config.max_wait)

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
        content = None
        req_headers = dict(headers or {})
        if body is not None:
            from fhirconv.numbers import dumps as exact_dumps  # decimals as written in the case

            content = exact_dumps(body, ensure_ascii=False).encode()
            req_headers["Content-Type"] = FHIR_JSON
        response = self.send(method, self.url(path), content=content, headers=req_headers, what=what)
        if response.status_code >= 400:
            issues = outcome_issues(_json(response))
            message = (f"{what + ': ' if what else ''}the server rejected {method} {self.url(path)}: "
                       f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
            hint = self._hint_for(response.status_code)
            if hint and self.tokens is not None and response.status_code in (401, 403):
                message += f" ({hint})"  # the report shows messages, not hints
            raise Rejected(message, issues=issues, status=response.status_code, hint=None if issues else hint)
        return response

    def send(self, method: str, url: str, *, content: bytes | None = None, headers: dict[str, str] | None = None,
             what: str = "", auth: bool = True) -> httpx.Response:
        """One request with retries on connection errors, 429 and 5xx; any other answer is returned.
        ``auth=False`` sends without the push's credentials (token endpoint, discovery)."""
        req_headers = dict(headers or {})

        def attempt() -> httpx.Response:
            started = time.monotonic()
            request = self._http.build_request(method, url, content=content, headers=req_headers)
            if self._log:
                shown = self.redact.headers({k: v for k, v in request.headers.items()
                                             if k.lower() not in ("content-length", "accept-encoding",
                                                                  "connection", "host")})
                self.log(f"> {method} {url}" + "".join(f"\n>   {k}: {v}" for k, v in shown.items()))
            response = self._http.send(request) if auth else self._http.send(request, auth=None)
            took = (time.monotonic() - started) * 1000
            self.log(f"< {response.status_code} {response.reason_phrase} ({took:.0f} ms)")
            if self.started is None:
                self.started = server_time(response)
            if response.status_code == 429 or response.status_code >= 500:
                response.read()
                raise Retryable(response)
            return response

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.config.retries + 1),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type((Retryable, httpx.TransportError)),
            reraise=True,
        )
        prefix = f"{what}: " if what else ""
        tries = self.config.retries + 1
        try:
            return retrying(attempt)
        except Retryable as err:
            response = err.response
            raise Rejected(
                self.redact(f"{prefix}{method} {url} failed with {self._reason(err)} after {tries} attempt(s)"),
                issues=outcome_issues(_json(response)), status=response.status_code,
                hint="the server is overloaded or failing; try again later or raise --retries",
            ) from None
        except httpx.TransportError as err:
            raise Unreachable(
                self.redact(f"{prefix}server {self.base} unreachable: {self._reason(err)} "
                            f"after {tries} attempt(s)"),
                hint="is the server running and the URL right? (--timeout, --retries)",
            ) from None

    def _token_post(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        from urllib.parse import urlencode

        return self.send("POST", url, content=urlencode(form).encode(), what="token request", auth=False,
                         headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})

    def _get_json(self, url: str) -> Any:
        response = self.send("GET", url, headers={"Accept": "application/json"}, what="SMART discovery",
                             auth=False)
        return _json(response) if response.status_code == 200 else None

    def _hint_for(self, status: int) -> str | None:
        if status in (401, 403) and self.tokens and self.tokens.token:
            scope = self.tokens.token.scope
            return {401: "the server refused the access token even after renewing it",
                    403: f"the access token's scopes ({scope}) do not allow this; ask for others with --scope "
                         f"or register them for the client"}[status]
        return _hint_for(status)

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
        401: "the server wants credentials: --token, --user and --password, or --client-id with "
             "--private-key or --client-secret",
        403: "the credentials are not allowed to write here",
        404: "check --server: it should be the FHIR base URL, e.g. http://127.0.0.1:8080/fhir",
        405: "the server does not allow this interaction; try another --mode",
    }.get(status)
