"""Resources -> Bundles (collection, transaction) or NDJSON, and stable JSON text.

Mappers write relative references (``Patient/<id>``); inside a Bundle they become the entries'
``urn:uuid:`` fullUrls, which is what servers resolve in a transaction and what a collection can be
read with offline. NDJSON (for bulk ``$import``) keeps the relative form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fhirconv import numbers
from fhirconv.naming import IDENTIFIER_SYSTEM

BUNDLE_TYPES = ("collection", "transaction", "document")

__all__ = ["BUNDLE_TYPES", "IDENTIFIER_SYSTEM", "dumps", "make_bundle", "ndjson_lines", "to_urn_references"]


def _business_identifier(resource: dict[str, Any]) -> str | None:
    idents = resource.get("identifier", [])
    for ident in [idents] if isinstance(idents, dict) else idents:  # single-valued in Composition
        if ident.get("system") == IDENTIFIER_SYSTEM:
            return f"identifier={IDENTIFIER_SYSTEM}|{ident['value']}"
    return None


def to_urn_references(node: Any, ids: set[str]) -> Any:
    """A copy of ``node`` with ``Type/<id>`` references to bundle members as ``urn:uuid:<id>``."""
    kind = type(node)
    if kind is dict or isinstance(node, dict):
        out = {}
        for k, v in node.items():
            vkind = type(v)
            if vkind is str or (vkind is not dict and vkind is not list and isinstance(v, str)):
                if k == "reference" and "/" in v:
                    rid = v.rsplit("/", 1)[1]
                    out[k] = f"urn:uuid:{rid}" if rid in ids else v
                else:
                    out[k] = v
            else:
                out[k] = to_urn_references(v, ids)
        return out
    if kind is list or isinstance(node, list):
        return [v if type(v) is str else to_urn_references(v, ids) for v in node]
    return node


def make_bundle(case_id: str, resources: list[dict[str, Any]], bundle_type: str = "collection",
                source: str | None = None, *, timestamp: str | None = None, profile: str | None = None,
                identifier: str | None = None) -> dict[str, Any]:
    """A Bundle of ``resources``; a transaction creates each resource only if its identifier is new.
    ``source`` (the case report's DOI or URL) goes into ``meta.source`` as on every resource. A
    document (Composition first) also has a ``timestamp``; ``profile`` is claimed in ``meta.profile``
    and ``identifier`` replaces the case id as the Bundle's identifier value."""
    if bundle_type not in BUNDLE_TYPES:
        raise ValueError(f"bundle type must be one of {BUNDLE_TYPES}")
    ids = {r["id"] for r in resources}
    entries = []
    for r in resources:
        entry: dict[str, Any] = {"fullUrl": f"urn:uuid:{r['id']}", "resource": to_urn_references(r, ids)}
        if bundle_type == "transaction":
            request = {"method": "POST", "url": r["resourceType"]}
            condition = _business_identifier(r)
            if condition:
                request["ifNoneExist"] = condition
            entry["request"] = request
        entries.append(entry)
    head: dict[str, Any] = {"resourceType": "Bundle"}
    meta = {k: v for k, v in (("source", source), ("profile", [profile] if profile else None)) if v}
    if meta:
        head["meta"] = meta
    stamp = {"timestamp": timestamp} if timestamp else {}
    return {
        **head,
        "identifier": {"system": IDENTIFIER_SYSTEM, "value": identifier or case_id},
        "type": bundle_type,
        **stamp,
        "entry": entries,
    }


def ndjson_lines(resources: Iterable[dict[str, Any]], exact: bool = True) -> dict[str, list[str]]:
    """One compact JSON line per resource, grouped by resource type (bulk-data layout)."""
    out: dict[str, list[str]] = {}
    for r in resources:
        line = numbers.dumps(r, exact=exact, ensure_ascii=False, separators=(",", ":"))
        out.setdefault(r["resourceType"], []).append(line)
    return out


def dumps(data: Any, exact: bool = True) -> str:
    """Pretty, stable JSON text (insertion order is deterministic), ending with a newline; decimals
    keep the digits they were written with."""
    return numbers.dumps(data, exact=exact, indent=2, ensure_ascii=False) + "\n"
