"""Send units to the server in one of three modes, conditionally, and record what happened.

* ``transaction``: one transaction Bundle per unit; the server resolves ``urn:uuid`` references.
* ``batch``: one batch Bundle per dependency level of a unit (batch entries cannot reference
  each other), references rewritten to the ids the server gave the levels before.
* ``resource``: one request per resource, in dependency order, references rewritten likewise.

Creates are conditional (``If-None-Exist: identifier=system|value``), so sending again matches
what is there instead of duplicating it; ``update`` uses conditional update
(``PUT Type?identifier=system|value``) to overwrite. A resource without a business identifier is
given one derived from its content before anything is sent, so no retry and no re-push can
create a second copy of it.

A server that limits transactions (HTTP 413, or an OperationOutcome saying there are too many
entries), or ``--max-entries``, gets each case in smaller transactions, in dependency order:
references to parts already sent are rewritten to the ids the server assigned. Resources that
reference one another in a cycle (a strongly connected component of the reference graph, such as
mCODE's TNM stage group and its Condition) always go in the same transaction, which resolves
references inside itself; a cycle larger than the limit is refused with a message saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .client import FhirClient
from .errors import PushError, Rejected, Unreachable, outcome_issues
from .graph import CycleError, Item, Unit, grouped_order, levels, rewrite, unresolved
from .report import Failure, Pushed, Report, Split

MODES = ("transaction", "batch", "resource")
CONTENT_SYSTEM = "https://fhirconv.org/fhir/content-identifier"
# What servers say when a transaction is too big for them (Medplum, HAPI, Azure, Google, ...)
TOO_BIG = re.compile(r"too many|too large|too big|more \w+ (operations |entries )?than allowed|exceed|"
                     r"maximum number|entries limit|bundle size", re.I)


@dataclass
class Planned:
    """A request as it would go on the wire (used by --dry-run and for sending)."""

    method: str
    url: str  # relative to the base
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    unit: str = ""

    def to_json(self, base: str) -> dict[str, Any]:
        out: dict[str, Any] = {"case": self.unit, "method": self.method, "url": _join(base, self.url)}
        if self.headers:
            out["headers"] = self.headers
        if self.body is not None:
            out["body"] = self.body
        return out

    def text(self, base: str) -> str:
        head = f"{self.method} {_join(base, self.url)}"
        head += "".join(f"  [{k}: {v}]" for k, v in self.headers.items())
        if isinstance(self.body, dict) and self.body.get("type") == "document":
            return f"{head}  (document Bundle of {len(self.body.get('entry', []))}, sent whole, case {self.unit})"
        if isinstance(self.body, dict) and self.body.get("resourceType") == "Bundle":
            lines = [f"{head}  ({self.body['type']} Bundle of {len(self.body.get('entry', []))}, "
                     f"case {self.unit})"]
            for entry in self.body.get("entry", []):
                req = entry["request"]
                extra = f"  [If-None-Exist: {req['ifNoneExist']}]" if req.get("ifNoneExist") else ""
                lines.append(f"    {req['method']} {req['url']}{extra}")
            return "\n".join(lines)
        return f"{head}  (case {self.unit})"


def _join(base: str, url: str) -> str:
    return base.rstrip("/") + ("/" + url if url else "")


def entry_request(item: Item, update: bool) -> dict[str, str]:
    """The Bundle.entry.request for an item: conditional create, or conditional update."""
    if item.assigned_id:
        return {"method": "PUT", "url": f"{item.type}/{item.assigned_id}"}
    if item.plain:
        return {"method": "POST", "url": item.type}
    search = item.search
    if update and search:
        return {"method": "PUT", "url": f"{item.type}?{search}"}
    if search:
        return {"method": "POST", "url": item.type, "ifNoneExist": search}
    return {"method": "POST", "url": item.type}


def body_for(item: Item, mapping: dict[str, str]) -> dict[str, Any]:
    body = rewrite(item.resource, mapping)
    if item.assigned_id:
        body["id"] = item.assigned_id
    else:
        body.pop("id", None)  # the server assigns ids
    return body


def content_digest(resource: dict[str, Any]) -> str:
    """A stable digest of what a resource says (not its id or meta), for an identifier of its own."""
    core = {k: v for k, v in resource.items() if k not in ("id", "meta")}
    text = json.dumps(core, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def has_identifier_element(rtype: str, fhir_version: str = "R4") -> bool:
    try:
        if fhir_version == "R5":
            from fhir.resources import get_fhir_model_class
        else:
            from fhir.resources.R4B import get_fhir_model_class
        return "identifier" in get_fhir_model_class(rtype).model_fields
    except (KeyError, ValueError, AttributeError):
        return False


def too_big(err: Rejected) -> bool:
    """The server refused a transaction or batch for its size (413, or an outcome saying so)."""
    if err.status == 413:
        return True
    return err.status in (400, 422) and any(TOO_BIG.search(i.text) for i in err.issues)


def server_ref(status_code: int, location: str | None, body: Any, rtype: str) -> str | None:
    """``Type/id`` of what the server stored, from the returned resource or the Location."""
    if isinstance(body, dict) and body.get("resourceType") == rtype and body.get("id"):
        return f"{rtype}/{body['id']}"
    if location:
        path = location.split("/_history/")[0].rstrip("/").split("/")
        if len(path) >= 2 and path[-2] == rtype:
            return f"{rtype}/{path[-1]}"
    return None


def action_for(status: int, method: str) -> str:
    if status == 201:
        return "created"
    return "updated" if method == "PUT" else "matched"


class Pusher:
    """Sends units and fills a :class:`Report`. ``id_map`` grows with every accepted resource:
    local name (urn:uuid:..., Type/local-id) -> ``Type/server-id``."""

    def __init__(self, client: FhirClient | None, report: Report, mode: str, update: bool,
                 on_unit_done: Callable[[Unit], None] | None = None, max_entries: int | None = None,
                 interactions: set[str] | None = None, fhir_version: str = "R4",
                 searchable: dict[str, frozenset[str]] | None = None):
        if mode not in MODES:
            raise PushError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}", exit_code=2)
        self.client = client
        self.report = report
        self.mode = mode
        self.update = update
        self.id_map: dict[str, str] = {}
        self.sent: list[tuple[Item, str]] = []  # (item, Type/server-id)
        self.documents_sent: list[tuple[Item, str]] = []  # documents, read back on their own
        self.on_unit_done = on_unit_done
        self.max_entries = max_entries
        self.limit_reason = f"--max-entries {max_entries}" if max_entries else ""
        self.interactions = interactions or set()
        self.fhir_version = fhir_version
        self.searchable = searchable  # type -> search parameters the server declares; None: not known

    # -- planning (shared by dry-run and sending) ---------------------------------------------

    def check_identifiers(self, units: list[Unit]) -> None:
        """Give every resource a way to be found again before anything is sent: one without a
        business identifier gets one derived from its content (or, for types that have no
        identifier element, an id of its own sent with PUT), so retries and re-pushes match it."""
        for unit in units:
            for item in unit.items:
                if item.search is not None:
                    continue
                digest = content_digest(item.resource)
                if has_identifier_element(item.type, self.fhir_version):
                    idents = item.resource.get("identifier")
                    new = {"system": CONTENT_SYSTEM, "value": f"{item.type}-{digest}"}
                    if isinstance(idents, dict):  # single-valued identifier left empty of system
                        item.resource["identifier"] = new
                    else:
                        item.resource["identifier"] = [*(idents or []), new]
                    self.report.warnings.append(
                        f"{unit.label}: {item.type} {item.keys[0] if item.keys else ''} has no identifier with a "
                        f"system: sent with {CONTENT_SYSTEM}|{item.type}-{digest} (from its content), so a "
                        f"retry or a second push finds it instead of creating another")
                else:
                    item.assigned_id = f"fc-{digest[:32]}"
                    self.report.warnings.append(
                        f"{unit.label}: {item.type} has no identifier element: sent as PUT {item.type}/"
                        f"{item.assigned_id} (an id from its content), so a retry or a second push replaces it "
                        f"instead of creating another")

    def check_searchable(self, units: list[Unit]) -> None:
        """A conditional create or update searches the type by identifier; a server whose
        CapabilityStatement lists its types' search parameters but no such search for a type
        (sekmet declares no FamilyMemberHistory) refuses the whole transaction. Those resources go
        with a plain POST, and the report says that a second push may create them again."""
        if self.searchable is None or not any(self.searchable.values()):
            return  # a statement that lists no search parameters says nothing either way (Medplum's)
        said: set[str] = set()
        for unit in units:
            for item in unit.items:
                if item.assigned_id or item.search is None or "identifier" in self.searchable.get(item.type, ()):
                    continue
                item.plain = True
                if item.type not in said:
                    said.add(item.type)
                    self.report.warnings.append(
                        f"the server declares no search of {item.type} by identifier: {item.type} resources are "
                        f"sent with a plain POST (no If-None-Exist), so a second push creates them again")

    def transaction_bundle(self, items: list[Item], kind: str) -> dict[str, Any]:
        mapping = dict(self.id_map)
        if kind == "transaction":
            mapping.update({key: item.urn for item in items for key in item.keys})
        entries = [{"fullUrl": item.urn, "resource": body_for(item, mapping),
                    "request": entry_request(item, self.update)} for item in items]
        return {"resourceType": "Bundle", "type": kind, "entry": entries}

    def resource_request(self, item: Item, unit: Unit) -> Planned:
        req = entry_request(item, self.update)
        headers = {"If-None-Exist": req["ifNoneExist"]} if "ifNoneExist" in req else {}
        return Planned(req["method"], req["url"], headers, body_for(item, self.id_map), unit.label)

    def document_request(self, item: Item, unit: Unit) -> Planned:
        """A document goes in whole (POST [base]/Bundle, conditional on its identifier)."""
        req = entry_request(item, self.update)
        headers = {"If-None-Exist": req["ifNoneExist"]} if "ifNoneExist" in req else {}
        body = dict(item.resource)
        body.pop("id", None)
        return Planned(req["method"], req["url"], headers, body, unit.label)

    def plan(self, unit: Unit) -> list[Planned]:
        """Requests for a unit without sending (references to the server's ids cannot be known)."""
        documents = [self.document_request(item, unit) for item in unit.documents]
        if self.mode == "transaction":
            limit = self.max_entries
            if limit and len(unit.items) > limit:
                parts = self._pack(unit, self._grouped(unit, unit.items), limit)
                return [Planned("POST", "", {}, self.transaction_bundle([i for g in part for i in g], "transaction"),
                                unit.label) for part in parts] + documents
            return [Planned("POST", "", {}, self.transaction_bundle(unit.items, "transaction"), unit.label),
                    *documents]
        ordered_levels = self._levels(unit)
        if self.mode == "batch":
            return [Planned("POST", "", {}, self.transaction_bundle(part, "batch"), unit.label)
                    for level in ordered_levels for part in self._parts(level)] + documents
        return [self.resource_request(item, unit) for level in ordered_levels for item in level] + documents

    def _parts(self, items: list[Item]) -> list[list[Item]]:
        limit = self.max_entries or len(items) or 1
        return [items[n:n + limit] for n in range(0, len(items), limit)]

    def _levels(self, unit: Unit, items: list[Item] | None = None) -> list[list[Item]]:
        items = unit.items if items is None else items
        try:
            return [[items[n] for n in level] for level in levels(items)]
        except CycleError as err:
            raise Rejected(f"{unit.label}: references form a cycle ({err}); only a transaction can "
                           f"send them", hint="use --mode transaction") from None

    def _grouped(self, unit: Unit, items: list[Item]) -> list[list[Item]]:
        """``items`` in dependency order as groups that must share a transaction (see grouped_order)."""
        return grouped_order(items)

    def _pack(self, unit: Unit, groups: list[list[Item]], limit: int) -> list[list[list[Item]]]:
        """Consecutive groups in parts of at most ``limit`` entries, never splitting a group; a group
        (a reference cycle) larger than the limit is refused, saying which resources and why."""
        parts: list[list[list[Item]]] = []
        size = 0
        for group in groups:
            if len(group) > limit:
                names = " <-> ".join(f"{i.type} {i.label}" for i in group)
                reason = self.limit_reason or f"a limit of {limit} entries per request"
                raise Rejected(f"{unit.label}: {len(group)} resources reference one another in a cycle ({names}), "
                               f"so they can only be created together in one transaction, but {reason} allows "
                               f"at most {limit} entries per request",
                               hint=f"allow at least {len(group)} entries (--max-entries {len(group)}), or use a "
                                    f"server that takes them in one transaction")
            if not parts or size + len(group) > limit:
                parts.append([])
                size = 0
            parts[-1].append(group)
            size += len(group)
        return parts

    # -- sending --------------------------------------------------------------------------------

    def push(self, units: list[Unit]) -> None:
        chain_broken = False
        for unit in units:
            self.report.units.append((unit.label, unit.source))
            if unit.chained and chain_broken:
                self.report.failures.append(Failure(unit.label, unit.source,
                                                    "not sent: an earlier NDJSON chunk was rejected"))
                continue
            try:
                self.push_unit(unit)
            except Unreachable as err:
                self.report.aborted = err.message + (f" (hint: {err.hint})" if err.hint else "")
                return
            except Rejected as err:
                self.report.failures.append(Failure(unit.label, unit.source, err.message, err.issues))
                chain_broken = chain_broken or unit.chained
            if self.on_unit_done:
                self.on_unit_done(unit)

    def push_unit(self, unit: Unit) -> None:
        self._push_items(unit)
        for item in unit.documents:  # a document goes in whole, after the resources it holds
            self._send_document(unit, item)

    def _push_items(self, unit: Unit) -> None:
        if self.mode == "transaction":
            self._send_transaction(unit)
            return
        items = unit.items
        if "transaction" in self.interactions and not self.update:
            # The Patient first, alone, in a one-entry transaction: a server that runs transactions
            # one at a time then gives concurrent pushes of the same case one Patient to share.
            first = [item for item in items if item.type == "Patient"]
            for item in first:
                self._send_bundle(unit, [item], "transaction")
            items = [item for item in items if item.type != "Patient"]
        if self.mode == "batch":
            for level in self._levels(unit, items):
                self._send_parts(unit, [[item] for item in level], "batch")
        else:
            for item in [i for level in self._levels(unit, items) for i in level] if len(items) > 1 else items:
                self._send_one(unit, item)

    def _send_document(self, unit: Unit, item: Item) -> None:
        planned = self.document_request(item, unit)
        assert self.client is not None
        response, body = self.client.json(planned.method, planned.url, body=planned.body, headers=planned.headers,
                                          what=f"{unit.label}: document {item.label}")
        ref = server_ref(response.status_code, response.headers.get("location"), body, item.type)
        if ref is None:
            raise Rejected(f"{unit.label}: document {item.label}: the server answered "
                           f"HTTP {response.status_code} without saying which id it stored")
        self.documents_sent.append((item, ref))
        self.report.pushed.append(Pushed(item.case, item.source, item.type, item.label,
                                         action_for(response.status_code, planned.method), ref))

    def _send_transaction(self, unit: Unit) -> None:
        items = unit.items
        if self.max_entries and len(items) > self.max_entries:
            self._send_parts(unit, self._grouped(unit, items), "transaction")
            return
        try:
            self._send_bundle(unit, items, "transaction")
        except Rejected as err:
            if not too_big(err) or len(items) < 2:
                raise
            self._learn_limit(len(items), err)
            self._send_parts(unit, self._grouped(unit, items), "transaction")

    def _learn_limit(self, size: int, err: Rejected) -> None:
        said = err.issues[0].text if err.issues else err.message
        self.max_entries = max(1, size // 2)
        self.limit_reason = f"the server refused {size} entries in one request: HTTP {err.status}: {said}"
        assert self.client is not None
        self.client.log(f"  {self.limit_reason}; trying at most {self.max_entries} entries per request")

    def _send_parts(self, unit: Unit, groups: list[list[Item]], kind: str) -> None:
        """``groups`` (in dependency order; each one must share a request) in requests of at most
        ``max_entries``, halving the size while the server refuses requests for their size. Parts
        already sent stay."""
        items = [item for group in groups for item in group]
        pending = list(groups)
        parts = 0
        while pending:
            limit = self.max_entries or len(items)
            first = self._pack(unit, pending, limit)[0]
            part = [item for group in first for item in group]
            try:
                self._send_bundle(unit, part, kind)
            except Rejected as err:
                if too_big(err) and len(part) > 1:
                    self._learn_limit(len(part), err)
                    continue
                if parts:
                    err.message += (f" ({parts} earlier part(s) of this case were stored; pushing again "
                                    f"completes it without duplicates)")
                raise
            parts += 1
            pending = pending[len(first):]
        if parts > 1 or (self.max_entries and len(items) > self.max_entries):
            last = self.report.splits[-1] if self.report.splits else None
            if last is not None and last.unit == unit.label:  # another level of the same case (batch)
                last.entries += len(items)
                last.parts += parts
                last.limit = self.max_entries or last.limit
                last.reason = self.limit_reason
            else:
                self.report.splits.append(Split(unit.label, len(items), parts, self.max_entries or len(items),
                                                self.limit_reason))

    def _accept(self, unit: Unit, item: Item, ref: str, action: str, uncertain: bool = False) -> None:
        if uncertain and action == "matched" and self._created_during_push(ref):
            action = "created"
            self.report.notes.append(
                f"{unit.label}: {item.type} {item.label} ({ref}) was created by an attempt whose answer was "
                f"lost; the retry found it (counted as created)")
        for key in item.keys:
            self.id_map[key] = ref
        self.sent.append((item, ref))
        self.report.pushed.append(Pushed(item.case, item.source, item.type, item.label, action, ref))

    def _created_during_push(self, ref: str) -> bool:
        """Did this push create ``ref`` (version 1, stored after the push began)? Asked of the
        server after a retry, when an earlier attempt may have done the work unseen."""
        assert self.client is not None
        started = push_start(self.client.started, self.client.began)
        try:
            _, body = self.client.json("GET", ref, what=f"checking {ref}")
        except PushError:
            return False
        meta = body.get("meta", {}) if isinstance(body, dict) else {}
        if str(meta.get("versionId", "1")) != "1" or not meta.get("lastUpdated"):
            return False
        from datetime import datetime

        try:
            stored = datetime.fromisoformat(str(meta["lastUpdated"]).replace("Z", "+00:00"))
        except ValueError:
            return False
        return stored.timestamp() >= started

    def _uncertain(self, before: int) -> bool:
        assert self.client is not None
        return self.client.uncertain != before

    def _explain_412(self, unit: Unit, items: list[Item], err: Rejected) -> Rejected:
        """Which condition matched several resources (the server's 412 rarely says)."""
        assert self.client is not None
        found = []
        for item in items:
            search = item.search
            if not search:
                continue
            try:
                _, body = self.client.json("GET", f"{item.type}?{search}&_summary=count", what="412 check")
            except PushError:
                continue
            total = body.get("total") if isinstance(body, dict) else None
            if isinstance(total, int) and total > 1:
                found.append(f"{item.type}?{search} matches {total}")
        if not found:
            return err
        return Rejected(f"{unit.label}: the server refused with HTTP 412 because a condition matched several "
                        f"resources: {'; '.join(found)}", issues=err.issues, status=412,
                        hint=f"look with GET {self.client.base}/{found[0].split(' matches ')[0]} and remove the "
                             f"extra copies (left by an earlier push without identifiers or by concurrent pushes)")

    def _send_one(self, unit: Unit, item: Item) -> None:
        planned = self.resource_request(item, unit)
        left = unresolved(planned.body)
        if left:
            raise Rejected(f"{unit.label}: {item.type} {item.label} references {', '.join(left)}, "
                           f"which is not in this push", hint="push the resources it references too")
        assert self.client is not None
        before = self.client.uncertain
        try:
            response, body = self.client.json(planned.method, planned.url, body=planned.body,
                                              headers=planned.headers,
                                              what=f"{unit.label}: {item.type} {item.label}")
        except Rejected as err:
            raise self._explain_412(unit, [item], err) if err.status == 412 else err from None
        ref = server_ref(response.status_code, response.headers.get("location"), body, item.type)
        if ref is None:
            raise Rejected(f"{unit.label}: {item.type} {item.label}: the server answered "
                           f"HTTP {response.status_code} without saying which id it stored")
        self._accept(unit, item, ref, action_for(response.status_code, planned.method), self._uncertain(before))

    def _send_bundle(self, unit: Unit, items: list[Item], kind: str) -> None:
        """One transaction or batch. Batch entries answered 429 or 5xx are sent again (alone,
        after the wait the server asks for); the entries that succeeded are not."""
        assert self.client is not None
        pending = list(items)
        failed: list[tuple[Item, dict[str, Any]]] = []
        attempt = 0
        while pending:
            bundle = self.transaction_bundle(pending, kind)
            if kind == "batch":
                for entry, item in zip(bundle["entry"], pending, strict=True):
                    left = unresolved(entry["resource"])
                    if left:
                        raise Rejected(f"{unit.label}: {item.type} {item.label} references "
                                       f"{', '.join(left)}, which is not in this push",
                                       hint="push the resources it references too, or use --mode transaction")
            before = self.client.uncertain
            try:
                response, body = self.client.json("POST", "", body=bundle, what=f"{unit.label} ({kind})")
            except Rejected as err:
                raise self._explain_412(unit, pending, err) if err.status == 412 else err from None
            uncertain = self._uncertain(before)
            entries = body.get("entry", []) if isinstance(body, dict) else []
            if not isinstance(body, dict) or body.get("type") != f"{kind}-response" or len(entries) != len(pending):
                raise Rejected(f"{unit.label}: the server's answer to the {kind} is not a {kind}-response "
                               f"Bundle with {len(pending)} entries", issues=outcome_issues(body))
            again: list[Item] = []
            for n, (entry, item) in enumerate(zip(entries, pending, strict=True)):
                resp = entry.get("response") or {}
                status = _status(resp.get("status"))
                if kind == "batch" and status is not None and (status == 429 or status >= 500):
                    again.append(item)
                    failed.append((item, resp))
                    continue
                if status is None or status >= 400:
                    failed.append((item, resp))
                    continue
                ref = server_ref(status, resp.get("location"), entry.get("resource"), item.type)
                if ref is None:
                    failed.append((item, resp))
                    continue
                self._accept(unit, item, ref, action_for(status, bundle["entry"][n]["request"]["method"]),
                             uncertain)
            if not again or attempt >= self.client.config.retries:
                break
            failed = [(i, r) for i, r in failed if i not in again]
            attempt += 1
            wait = self.client.entry_wait(response, attempt)
            self.client.log(f"  {len(again)} batch entr{'y' if len(again) == 1 else 'ies'} answered 429/5xx: "
                            f"sending only those again in {wait:.2f} s")
            self.report.notes.append(f"{unit.label}: {len(again)} batch entries answered 429/5xx were sent again "
                                     f"(the {len(pending) - len(again)} that succeeded were not)")
            time.sleep(wait)
            pending = again
        if failed:
            issues = []
            for _, resp in failed:
                issues += outcome_issues(resp.get("outcome"))
            if any(_status(resp.get("status")) == 412 for _, resp in failed):
                explained = self._explain_412(unit, [i for i, r in failed if _status(r.get("status")) == 412],
                                              Rejected("", issues=issues, status=412))
                if explained.message:
                    raise explained
            names = ", ".join(f"{item.type} {item.label} ({resp.get('status', 'no status')})"
                              for item, resp in failed)
            raise Rejected(f"{unit.label}: the server rejected {len(failed)} {kind} entr"
                           f"{'y' if len(failed) == 1 else 'ies'}: {names}", issues=issues)


def _status(text: Any) -> int | None:
    try:
        return int(str(text).split()[0])
    except (ValueError, IndexError):
        return None


def dry_run(pusher: Pusher, units: list[Unit], base: str, as_json: bool) -> str:
    """The requests a push would send, as text or JSON, sending nothing."""
    planned = [p for unit in units for p in pusher.plan(unit)]
    if as_json:
        return json.dumps([p.to_json(base) for p in planned], indent=2, ensure_ascii=False) + "\n"
    lines = [p.text(base) for p in planned]
    lines.append(f"dry run: {len(planned)} request(s) for {sum(len(u.items) for u in units)} resource(s) "
                 f"of {len(units)} case(s)/chunk(s) would be sent to {base} ({pusher.mode} mode); "
                 f"nothing sent")
    return "\n".join(lines) + "\n"


def push_start(server_date: float | None, ours: float) -> float:
    """When the push began, on the server's clock. A Date header has whole seconds (and a proxy may
    hand on an answer's Date a second or so late), so a resource the previous push stored just before
    would look new; when our clock agrees with the server's within two seconds, ours, which has the
    fraction, is taken. Without a Date header: ours."""
    if server_date is None:
        return ours
    if abs(ours - server_date) < 2:  # the clocks agree (an answer's Date may also be a second or so old)
        return ours
    return server_date

