"""One push from start to end: load inputs, check the server, send, verify, report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .client import ClientConfig
from .errors import PushError
from .graph import Unit
from .report import Report


@dataclass
class PushOptions:
    paths: list[str | Path]
    client: ClientConfig
    mode: str = "transaction"
    update: bool = False
    fhir_version: str = "R4"
    chunk_size: int = 500
    max_entries: int | None = None  # split transactions and batches bigger than this
    verify: bool = False
    profile: str | None = None  # case files: "ips" or "mcode" (fhirconv.profiles)
    check_capability: bool = True
    log: Callable[[str], None] | None = None  # --verbose lines (already redacted)
    terms: Any = None  # --terms: user terms for case files (fhirconv.terminology.userterms.UserTerms)
    on_unit_done: Callable[[Unit], None] | None = field(default=None, repr=False)


def push(options: PushOptions) -> Report:
    """Push everything; a Report comes back even when the server rejects some cases.
    Raises PushError only when nothing could be tried (bad input, wrong server)."""
    from . import capability, inputs
    from .client import FhirClient
    from .send import Pusher
    from .verify import verify, verify_documents

    units = inputs.load(options.paths, options.fhir_version, options.chunk_size, options.profile, options.terms)
    report = Report(server=options.client.base.rstrip("/"), mode=options.mode, update=options.update)
    if not units or not any(u.items for u in units):
        raise PushError("nothing to push: no resources found in the given paths", exit_code=2)
    other = "R5" if options.fhir_version == "R4" else "R4"
    evidence = inputs.release_evidence(units).get(other)
    if evidence:
        raise PushError(f"the input is FHIR {other} ({evidence}) but this push is for {options.fhir_version}",
                        hint=f"pass --fhir-version {other} for an {other} server, or convert the case again "
                             f"with --fhir-version {options.fhir_version}", exit_code=2)
    if options.log:
        for note in (n for unit in units for n in unit.notes):
            options.log(note)
    with FhirClient(options.client, log=options.log) as client:
        if client.tokens is not None:
            client.tokens.need({item.type for unit in units for item in unit.items},
                               _permissions(options))
        interactions: set[str] = set()
        searchable = None
        if options.check_capability:
            cap = capability.check(client, options.fhir_version, options.mode)
            interactions, searchable = cap.interactions, cap.searchable
        pusher = Pusher(client, report, options.mode, options.update, options.on_unit_done,
                        max_entries=options.max_entries, interactions=interactions,
                        fhir_version=options.fhir_version, searchable=searchable)
        pusher.check_identifiers(units)
        pusher.check_searchable(units)
        pusher.push(units)
        if options.verify and not report.aborted:
            try:
                report.verified, report.verify_problems = verify(client, pusher.sent, pusher.id_map)
                documents, problems = verify_documents(client, pusher.documents_sent)
                report.verified += documents
                report.verify_problems += problems
            except PushError as err:
                report.aborted = err.message
    return report


def _permissions(options: PushOptions) -> set[str]:
    """SMART v2 permission letters the push needs: create; update with --update (and for
    resources sent with a client-assigned id); read and search to verify."""
    needs = {"c"}
    if options.update:
        needs.add("u")
    if options.verify:
        needs |= {"r", "s"}
    return needs


def plan(options: PushOptions, as_json: bool) -> tuple[str, list[str]]:
    """--dry-run: the requests as text or JSON, and warnings; sends nothing."""
    from . import inputs
    from .send import Pusher, dry_run

    units = inputs.load(options.paths, options.fhir_version, options.chunk_size, options.profile, options.terms)
    report = Report(server=options.client.base, mode=options.mode, update=options.update)
    pusher = Pusher(None, report, options.mode, options.update, max_entries=options.max_entries,
                    fhir_version=options.fhir_version)
    pusher.check_identifiers(units)
    return dry_run(pusher, units, options.client.base, as_json), report.warnings
