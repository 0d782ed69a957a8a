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


def check(client: FhirClient, fhir_version: str, mode: str) -> Capability:
    """``GET [base]/metadata`` and check it is a FHIR server of the right version that can take
    ``mode`` requests. Raises :class:`PushError` (exit 2: wrong server for this push)."""
    try:
        response, body = client.json("GET", "metadata", what="capability check")
    except Rejected as err:
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
    for rest in body.get("rest", []) or []:
        if rest.get("mode", "server") == "server":
            interactions |= {i.get("code") for i in rest.get("interaction", []) or [] if i.get("code")}
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
    return Capability(version, software, interactions)
