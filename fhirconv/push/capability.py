"""Read the server's CapabilityStatement before sending anything, and stop early when it cannot work."""

from __future__ import annotations

from dataclasses import dataclass

from .client import FhirClient
from .errors import PushError, Rejected

# fhirconv output version -> the FHIR release prefix a server must announce
FHIR_RELEASES = {"R4": "4.0.", "R5": "5.0."}


@dataclass
class Capability:
    fhir_version: str
    software: str
    interactions: set[str]  # system level: transaction, batch...
    # resource type -> the search parameters the server declares for it; None when it lists no types
    searchable: dict[str, frozenset[str]] | None = None


def check(client: FhirClient, fhir_version: str, mode: str) -> Capability:
    """``GET [base]/metadata`` and check it is a FHIR server of the right version that can take
    ``mode`` requests. Raises :class:`PushError` (exit 2: wrong server for this push)."""
    try:
        response, body = client.json("GET", "metadata", what="capability check")
    except Rejected as err:
        if err.status is not None and (err.status == 429 or err.status >= 500):
            raise  # retried already; the server is failing or overloaded, not the wrong URL (exit 1)
        raise PushError(
            f"{client.base} does not look like a FHIR server: GET {client.url('metadata')} answered "
            f"HTTP {err.status}",
            hint="--server must be the FHIR base URL (the one [base]/metadata is under)", exit_code=2,
        ) from None
    if not isinstance(body, dict) or body.get("resourceType") != "CapabilityStatement":
        kind = response.headers.get("content-type", "no content type")
        raise PushError(
            f"{client.base} is not a FHIR server: GET {client.url('metadata')} did not return a "
            f"CapabilityStatement ({kind})",
            hint="--server must be the FHIR base URL, e.g. http://127.0.0.1:8080/fhir", exit_code=2,
        )
    version = str(body.get("fhirVersion", ""))
    want = FHIR_RELEASES[fhir_version]
    if not version.startswith(want):
        raise PushError(
            f"{client.base} is a FHIR {version or '(unknown version)'} server but the output is "
            f"FHIR {fhir_version} ({want}x)",
            hint=f"use a FHIR {fhir_version} server, or --fhir-version to match this one", exit_code=2,
        )
    interactions: set[str] = set()
    searchable: dict[str, frozenset[str]] = {}
    for rest in body.get("rest", []) or []:
        if rest.get("mode", "server") == "server":
            interactions |= {i.get("code") for i in rest.get("interaction", []) or [] if i.get("code")}
            for r in rest.get("resource", []) or []:
                if isinstance(r, dict) and r.get("type"):
                    searchable[r["type"]] = searchable.get(r["type"], frozenset()) | frozenset(
                        p.get("name") for p in r.get("searchParam", []) or [] if isinstance(p, dict) and p.get("name"))
    software = (body.get("software") or {}).get("name", "")
    if mode in ("transaction", "batch") and mode not in interactions:
        other = "--mode batch or --mode resource" if mode == "transaction" else "--mode resource"
        raise PushError(
            f"{client.base} does not support {mode} Bundles (its CapabilityStatement lists "
            f"{', '.join(sorted(interactions)) or 'no system interactions'})",
            hint=f"use {other}", exit_code=2,
        )
    client.log(f"server: {software or 'unnamed'} FHIR {version}; system interactions: "
               f"{', '.join(sorted(interactions)) or 'none'}")
    return Capability(version, software, interactions, searchable or None)


PUSHED_TYPES = ("Patient", "Condition", "MedicationStatement", "Procedure", "Observation")


def support(client: FhirClient) -> tuple[bool, list[str]]:
    """What a server supports for a push, one line each (``fhirconv servers check``); False when
    a push cannot work there at all. Gets a token first when the server needs one."""
    lines: list[str] = []
    if client.tokens is not None:
        client.tokens.need(PUSHED_TYPES, {"c"})
        token = client.tokens.renew("check")
        lines.append(f"ok   token: granted for {token.lifetime:g} s, scope {token.scope}")
    response, body = client.json("GET", "metadata", what="capability check")
    if not isinstance(body, dict) or body.get("resourceType") != "CapabilityStatement":
        return False, [*lines, f"FAIL GET {client.url('metadata')} did not return a CapabilityStatement"]
    version = str(body.get("fhirVersion", ""))
    release = next((r for r, prefix in FHIR_RELEASES.items() if version.startswith(prefix)), None)
    software = (body.get("software") or {}).get("name", "unnamed")
    lines.append(f"{'ok  ' if release else 'FAIL'} FHIR {version or '(no version)'} ({software})"
                 + (f": push with --fhir-version {release}" if release else ": fhirconv writes R4 or R5"))
    rests = [r for r in body.get("rest", []) or [] if r.get("mode", "server") == "server"]
    interactions = {i.get("code") for r in rests for i in r.get("interaction", []) or []}
    for kind, fallback in (("transaction", "--mode batch or --mode resource"), ("batch", "--mode resource")):
        lines.append(f"ok   {kind}" if kind in interactions else f"no   {kind} (use {fallback})")
    resources = {r.get("type"): r for rest in rests for r in rest.get("resource", []) or []}
    for flag, what in (("conditionalCreate", "conditional create"), ("conditionalUpdate", "conditional update")):
        have = [t for t in PUSHED_TYPES if (resources.get(t) or {}).get(flag)]
        if len(have) == len(PUSHED_TYPES):
            lines.append(f"ok   {what} on {', '.join(PUSHED_TYPES)}")
        else:
            missing = [t for t in PUSHED_TYPES if t not in have]
            lines.append(f"no   {what} declared for {', '.join(missing)} (a re-push may duplicate them)"
                         if what == "conditional create" else
                         f"no   {what} declared for {', '.join(missing)} (--update may not work)")
    ok = bool(release) and bool(interactions & {"transaction", "batch"} or resources)
    return ok, lines
