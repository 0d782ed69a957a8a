"""Send units to the server in one of three modes, conditionally, and record what happened.

* ``transaction``: one transaction Bundle per unit; the server resolves ``urn:uuid`` references.
* ``batch``: one batch Bundle per dependency level of a unit (batch entries cannot reference
  each other), references rewritten to the ids the server gave the levels before.
* ``resource``: one request per resource, in dependency order, references rewritten likewise.

Creates are conditional (``If-None-Exist: identifier=system|value``), so sending again matches
what is there instead of duplicating it; ``update`` uses conditional update
(``PUT Type?identifier=system|value``) to overwrite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .client import FhirClient
from .errors import PushError, Rejected, Unreachable, outcome_issues
from .graph import CycleError, Item, Unit, levels, order, rewrite, unresolved
from .report import Failure, Pushed, Report

MODES = ("transaction", "batch", "resource")


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
    search = item.search
    if update and search:
        return {"method": "PUT", "url": f"{item.type}?{search}"}
    if search:
        return {"method": "POST", "url": item.type, "ifNoneExist": search}
    return {"method": "POST", "url": item.type}


def body_for(item: Item, mapping: dict[str, str]) -> dict[str, Any]:
    body = rewrite(item.resource, mapping)
    body.pop("id", None)  # the server assigns ids
    return body


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
                 on_unit_done: Callable[[Unit], None] | None = None):
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

    # -- planning (shared by dry-run and sending) ---------------------------------------------

    def check_identifiers(self, units: list[Unit]) -> None:
        for unit in units:
            for item in unit.items:
                if item.search is None:
                    self.report.warnings.append(
                        f"{unit.label}: {item.type} {item.label} has no identifier with a system: it is "
                        f"created unconditionally, so pushing it again duplicates it")

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
            return [Planned("POST", "", {}, self.transaction_bundle(unit.items, "transaction"), unit.label),
                    *documents]
        ordered = self._levels(unit)
        if self.mode == "batch":
            return [Planned("POST", "", {}, self.transaction_bundle(level, "batch"), unit.label)
                    for level in ordered] + documents
        return [self.resource_request(item, unit) for level in ordered for item in level] + documents

    def _levels(self, unit: Unit) -> list[list[Item]]:
        try:
            return [[unit.items[n] for n in level] for level in levels(unit.items)]
        except CycleError as err:
            raise Rejected(f"{unit.label}: references form a cycle ({err}); only a transaction can "
                           f"send them", hint="use --mode transaction") from None

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
        if self.mode == "transaction":
            self._send_bundle(unit, unit.items, "transaction")
        elif self.mode == "batch":
            for level in self._levels(unit):
                self._send_bundle(unit, level, "batch")
        else:
            for item in order(unit.items) if len(unit.items) > 1 else unit.items:
                self._send_one(unit, item)
        for item in unit.documents:
            self._send_document(unit, item)

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

    def _accept(self, unit: Unit, item: Item, ref: str, action: str) -> None:
        for key in item.keys:
            self.id_map[key] = ref
        self.sent.append((item, ref))
        self.report.pushed.append(Pushed(item.case, item.source, item.type, item.label, action, ref))

    def _send_one(self, unit: Unit, item: Item) -> None:
        planned = self.resource_request(item, unit)
        left = unresolved(planned.body)
        if left:
            raise Rejected(f"{unit.label}: {item.type} {item.label} references {', '.join(left)}, "
                           f"which is not in this push", hint="push the resources it references too")
        assert self.client is not None
        response, body = self.client.json(planned.method, planned.url, body=planned.body,
                                          headers=planned.headers,
                                          what=f"{unit.label}: {item.type} {item.label}")
        ref = server_ref(response.status_code, response.headers.get("location"), body, item.type)
        if ref is None:
            raise Rejected(f"{unit.label}: {item.type} {item.label}: the server answered "
                           f"HTTP {response.status_code} without saying which id it stored")
        self._accept(unit, item, ref, action_for(response.status_code, planned.method))

    def _send_bundle(self, unit: Unit, items: list[Item], kind: str) -> None:
        bundle = self.transaction_bundle(items, kind)
        if kind == "batch":
            for entry, item in zip(bundle["entry"], items, strict=True):
                left = unresolved(entry["resource"])
                if left:
                    raise Rejected(f"{unit.label}: {item.type} {item.label} references "
                                   f"{', '.join(left)}, which is not in this push",
                                   hint="push the resources it references too, or use --mode transaction")
        assert self.client is not None
        response, body = self.client.json("POST", "", body=bundle, what=f"{unit.label} ({kind})")
        entries = body.get("entry", []) if isinstance(body, dict) else []
        if not isinstance(body, dict) or body.get("type") != f"{kind}-response" or len(entries) != len(items):
            raise Rejected(f"{unit.label}: the server's answer to the {kind} is not a {kind}-response "
                           f"Bundle with {len(items)} entries", issues=outcome_issues(body))
        failed = []
        for n, (entry, item) in enumerate(zip(entries, items, strict=True)):
            resp = entry.get("response") or {}
            status = _status(resp.get("status"))
            if status is None or status >= 400:
                failed.append((n, item, resp))
                continue
            ref = server_ref(status, resp.get("location"), entry.get("resource"), item.type)
            if ref is None:
                failed.append((n, item, resp))
                continue
            self._accept(unit, item, ref, action_for(status, bundle["entry"][n]["request"]["method"]))
        if failed:
            issues = []
            for _, _, resp in failed:
                issues += outcome_issues(resp.get("outcome"))
            names = ", ".join(f"{item.type} {item.label} ({resp.get('status', 'no status')})"
                              for _, item, resp in failed)
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
