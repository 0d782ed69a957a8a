"""Layer d: bundle integrity, what a FHIR server checks before it stores anything.

- every reference resolves inside the Bundle (or inside the NDJSON set given together), or is
  reported as external (an error unless ``allow_external``); relative references resolve against
  the base of the referring entry's fullUrl when that is a RESTful URL (so ``Patient/23`` from
  ``http://a/fhir-2/Observation/1`` is not ``http://a/fhir/Patient/23``); searchset and history
  bundles are server responses whose references resolve on that server, so they are not required
  to resolve inside; ``#id`` references resolve to a
  contained resource (invariant ref-1); conditional references (``Type?search``) are well formed
  and only appear in transaction bundles, where the server resolves them;
- references point to a resource type the element allows (the target profiles carried by the
  fhir.resources models, e.g. Condition.subject: Patient or Group), whether or not they resolve;
- fullUrls are unique (bdl-7), not version specific (bdl-8), and agree with the resource's type
  and id;
- transaction and batch entries carry a valid request (bdl-3) whose method and url fit the
  entry; ``ifNoneExist`` is a well-formed search; other bundle types carry none (bdl-3) and no
  response unless they are responses or history (bdl-4);
- no two resources share an identifier (same system and value);
- the other Bundle invariants of R4: bdl-1 (total only in searchset/history), bdl-2 (search only
  in searchset), bdl-5 (an entry has a resource, a request or a response), bdl-9/bdl-10/bdl-11
  (a document has an identifier, a timestamp and a Composition first), bdl-12 (a message starts
  with a MessageHeader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import parse_qsl

from fhirconv.issues import Issue
from fhirconv.validate.fhirschema import index
from fhirconv.validate.tree import Target, nodes

LAYER = "integrity"

_UUID = re.compile(r"^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_OID = re.compile(r"^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$")
_ID = r"[A-Za-z0-9\-\.]{1,64}"
_RELATIVE = re.compile(rf"^([A-Z][A-Za-z]+)/({_ID})(/_history/({_ID}))?$")
_ABSOLUTE = re.compile(rf"^(https?://[^?#]*?/)?([A-Z][A-Za-z]+)/({_ID})(/_history/({_ID}))?$")
_CONDITIONAL = re.compile(r"^([A-Z][A-Za-z]+)\?(.+)$")
_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"}


@dataclass
class Pool:
    """Resources that references may point to, by the keys a reference can use."""

    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, resource: dict[str, Any], full_url: str | None = None) -> None:
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if full_url:
            self.by_key.setdefault(full_url, resource)
            m = _ABSOLUTE.match(full_url)
            if m and m.group(1):
                self.by_key.setdefault(f"{m.group(2)}/{m.group(3)}", resource)
        if isinstance(rtype, str) and isinstance(rid, str):
            self.by_key.setdefault(f"{rtype}/{rid}", resource)

    def find(self, reference: str, base: str | None = None) -> dict[str, Any] | None:
        """The resource ``reference`` points to; a relative reference made from an entry whose
        fullUrl is a RESTful URL resolves against that URL's base (FHIR's resolution rules)."""
        rel = _RELATIVE.match(reference)
        if rel and base:
            return self.by_key.get(f"{base}{rel.group(1)}/{rel.group(2)}")
        if reference in self.by_key:
            return self.by_key[reference]
        if rel:  # version specific
            return self.by_key.get(f"{rel.group(1)}/{rel.group(2)}")
        return None


def base_of(target: Target) -> str | None:
    """The service base of the entry holding ``target`` when its fullUrl is a RESTful URL."""
    full_url = target.entry.get("fullUrl") if target.entry else None
    m = _ABSOLUTE.match(full_url) if isinstance(full_url, str) else None
    return m.group(1) if m and m.group(1) else None


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _issue(severity: str, message: str, code: str, expr: str, hint: str | None = None) -> Issue:
    return Issue(severity, message, code=code, layer=LAYER, expression=expr, hint=hint)  # type: ignore[arg-type]


def bundle_pool(bundle: dict[str, Any]) -> Pool:
    pool = Pool()
    for entry in bundle.get("entry") if isinstance(bundle.get("entry"), list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
            pool.add(entry["resource"], full_url)
    return pool


def _element_path(expr: str, root: str) -> tuple[str, ...]:
    """``Bundle.entry[1].resource.reasonReference[0]`` under ``Bundle.entry[1].resource`` ->
    ``("reasonReference",)``."""
    rest = expr[len(root):] if expr.startswith(root) else ""
    return tuple(re.sub(r"\[\d+\]", "", part) for part in rest.split(".") if part)


@cache
def _targets_cache() -> Any:
    """Reference target types are constant for a fhir.resources version: kept on disk, so a run
    that finds them there never builds the model classes (a few hundred milliseconds)."""
    from fhirconv.diskcache import JsonCache, package_stamp

    return JsonCache("reference-targets", package_stamp("fhir.resources"))


@cache
def allowed_targets(version: str, rtype: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The resource types the Reference at ``path`` in ``rtype`` may point to (from the
    fhir.resources models' target profiles), or None when not known (contained resources...)."""
    if not path or "contained" in path:
        return None
    store = _targets_cache()
    key = "|".join((version, rtype, *path))
    if key in store:
        known = store.get(key)
        return tuple(known) if isinstance(known, list) else None
    found = _model_targets(version, rtype, path)
    store.put(key, list(found) if found is not None else None)
    store.save()
    return found


def _model_targets(version: str, rtype: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
    import typing

    from fhirconv.validate.structure import model_class

    cls = model_class(version, rtype)
    for i, name in enumerate(path):
        field = getattr(cls, "model_fields", {}).get(name)
        if field is None:
            return None
        if i == len(path) - 1:
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            targets = extra.get("enum_reference_types")
            return tuple(targets) if targets else None
        annotation = field.annotation
        while typing.get_args(annotation) and not hasattr(annotation, "get_model_klass"):
            annotation = next((a for a in typing.get_args(annotation) if a is not type(None)), None)
        if not hasattr(annotation, "get_model_klass"):
            return None
        cls = annotation.get_model_klass()
    return None


def _search_ok(query: str) -> bool:
    if not query or query.startswith("?") or "=" not in query:
        return False
    pairs = parse_qsl(query, keep_blank_values=True)
    return bool(pairs) and all(k and v for k, v in pairs)


def check_references(target: Target, version: str, pool: Pool | None, *, transaction: bool,
                     allow_external: bool, resolve_all: bool = True) -> list[Issue]:
    """References of one resource: ref-1, resolution in ``pool`` (None: nothing to resolve
    against, a lone resource), conditional references."""
    issues: list[Issue] = []
    schema = index(version)
    contained_ids = {
        c.get("id") for c in _items(target.resource.get("contained")) if isinstance(c, dict)
        and isinstance(c.get("id"), str)
    }
    for node, expr in nodes(target, version, "Reference"):
        if not isinstance(node, dict):
            continue
        ref = node.get("reference")
        if not isinstance(ref, str) or not ref:
            continue
        where = f"{expr}.reference"
        if ref.startswith("#"):
            if ref != "#" and ref[1:] not in contained_ids:
                issues.append(_issue("error", f"local reference {ref!r} has no contained resource with that id "
                                     "(ref-1)", "not-found", where))
            continue
        m = _CONDITIONAL.match(ref)
        if m:
            if m.group(1) not in schema.resource_types or not _search_ok(m.group(2)):
                issues.append(_issue("error", f"malformed conditional reference {ref!r}", "invalid", where,
                                     "expected Type?param=value[&param=value]"))
            elif not transaction:
                issues.append(_issue("error", f"conditional reference {ref!r} outside a transaction bundle",
                                     "invalid", where,
                                     "servers resolve conditional references only in transactions"))
            continue
        if not (_RELATIVE.match(ref) or _ABSOLUTE.match(ref) or _UUID.match(ref) or _OID.match(ref)):
            if ref.startswith("urn:uuid:") or ref.startswith("urn:oid:"):
                issues.append(_issue("error", f"malformed {ref[:8]} reference {ref!r}", "invalid", where))
            else:
                rel = ref.split("/")[0]
                hint = (f"{rel!r} is not a FHIR resource type" if "/" in ref and rel not in schema.resource_types
                        else "expected Type/id, an absolute URL, urn:uuid:... or #id")
                issues.append(_issue("error", f"malformed reference {ref!r}", "invalid", where, hint))
            continue
        rel = _RELATIVE.match(ref)
        if rel and rel.group(1) not in schema.resource_types:
            issues.append(_issue("error", f"reference {ref!r} names unknown resource type {rel.group(1)!r}",
                                 "invalid", where))
            continue
        found = pool.find(ref, base_of(target)) if pool is not None else None
        pointed = found.get("resourceType") if found is not None else None
        if pointed is None:
            m = rel or _ABSOLUTE.match(ref)
            pointed = m.group(1) if rel else (m.group(2) if m else None)
        allowed = allowed_targets(version, target.type, _element_path(expr, target.expr))
        if pointed and allowed and "Resource" not in allowed and pointed not in allowed:
            issues.append(_issue("error", f"{ref!r} is a {pointed}; this element takes "
                                 f"{' or '.join(allowed)}", "invalid", where))
            continue
        if pool is None:
            continue
        if found is None:
            if allow_external or not resolve_all:
                continue
            issues.append(_issue("error", f"reference {ref!r} does not resolve inside the bundle", "not-found",
                                 where, "add the referenced resource, fix the reference, or pass "
                                 "--allow-external if it lives on the server"))
            continue
        wanted = node.get("type")
        if isinstance(wanted, str) and found.get("resourceType") != wanted:
            issues.append(_issue("error", f"reference.type is {wanted!r} but {ref!r} is a "
                                 f"{found.get('resourceType')}", "invalid", f"{expr}.type"))
        if rel and found.get("resourceType") != rel.group(1):
            issues.append(_issue("error", f"reference {ref!r} resolves to a {found.get('resourceType')}",
                                 "invalid", where))
    return issues


def _check_request(entry: dict[str, Any], i: int, resource: Any, bundle_type: str, pool: Pool) -> list[Issue]:
    where = f"Bundle.entry[{i}].request"
    request = entry.get("request")
    if not isinstance(request, dict):
        return [_issue("error", f"{bundle_type} entry without a request (bdl-3)", "required", where,
                       "add request: {method: POST|PUT|..., url: <Type> or <Type>/<id>}")]
    issues: list[Issue] = []
    method, url = request.get("method"), request.get("url")
    if not isinstance(method, str) or method not in _METHODS:
        issues.append(_issue("error", f"request.method {method!r} is not one of {sorted(_METHODS)}",
                             "code-invalid", f"{where}.method"))
    if not isinstance(url, str) or not url:
        issues.append(_issue("error", "request.url is missing", "required", f"{where}.url"))
        return issues
    rtype = resource.get("resourceType") if isinstance(resource, dict) else None
    if method in ("POST", "PUT", "PATCH") and resource is None and method != "PATCH":
        issues.append(_issue("error", f"{method} entry without a resource", "required", f"Bundle.entry[{i}]"))
    if method == "POST" and rtype and url.split("?")[0] != rtype and not url.startswith("$") and "/$" not in url:
        issues.append(_issue("error", f"POST url {url!r} should be the resource type {rtype!r}", "invalid",
                             f"{where}.url"))
    if method == "PUT" and rtype:
        m = _RELATIVE.match(url)
        c = _CONDITIONAL.match(url)
        if m:
            if m.group(1) != rtype or (resource.get("id") is not None and m.group(2) != resource.get("id")):
                issues.append(_issue("error", f"PUT url {url!r} does not match the entry's {rtype}/"
                                     f"{resource.get('id')}", "invalid", f"{where}.url"))
        elif not (c and c.group(1) == rtype and _search_ok(c.group(2))):
            issues.append(_issue("error", f"PUT url {url!r} is neither {rtype}/<id> nor a conditional update",
                                 "invalid", f"{where}.url"))
    if method == "DELETE" and resource is not None:
        issues.append(_issue("warning", "DELETE entry carries a resource", "invalid", f"Bundle.entry[{i}].resource"))
    none_exist = request.get("ifNoneExist")
    if none_exist is not None and (not isinstance(none_exist, str) or not _search_ok(none_exist.lstrip("?"))
                                   or none_exist.startswith("?") or "|" in none_exist.split("=")[0]):
        issues.append(_issue("error", f"ifNoneExist {none_exist!r} is not a search query", "invalid",
                             f"{where}.ifNoneExist", "expected param=value, e.g. identifier=<system>|<value>"))
    return issues


def check_bundle(bundle: dict[str, Any], targets: list[Target], version: str, *, allow_external: bool) -> list[Issue]:
    """The Bundle-level rules, then each entry resource's references."""
    issues: list[Issue] = []
    btype = bundle.get("type")
    entries = bundle.get("entry") if isinstance(bundle.get("entry"), list) else []
    pool = bundle_pool(bundle)
    transaction = btype in ("transaction", "batch")
    if "total" in bundle and btype not in ("searchset", "history"):
        issues.append(_issue("error", "total is only allowed in searchset and history bundles (bdl-1)",
                             "invariant", "Bundle.total"))
    if btype == "document":
        ident = bundle.get("identifier") or {}
        if not (isinstance(ident, dict) and ident.get("system") and ident.get("value")):
            issues.append(_issue("error", "a document bundle needs an identifier with system and value (bdl-9)",
                                 "invariant", "Bundle.identifier"))
        if not bundle.get("timestamp"):
            issues.append(_issue("error", "a document bundle needs a timestamp (bdl-10)", "invariant",
                                 "Bundle.timestamp"))
    first = entries[0].get("resource") if entries and isinstance(entries[0], dict) else None
    first_type = first.get("resourceType") if isinstance(first, dict) else None
    if btype == "document" and first_type != "Composition":
        issues.append(_issue("error", "a document bundle starts with a Composition (bdl-11)", "invariant",
                             "Bundle.entry[0]"))
    if btype == "message" and first_type != "MessageHeader":
        issues.append(_issue("error", "a message bundle starts with a MessageHeader (bdl-12)", "invariant",
                             "Bundle.entry[0]"))
    seen_urls: dict[tuple[str, Any], int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        where = f"Bundle.entry[{i}]"
        resource = entry.get("resource") if isinstance(entry.get("resource"), dict) else None
        if "search" in entry and btype != "searchset":
            issues.append(_issue("error", "entry.search is only allowed in searchset bundles (bdl-2)", "invariant",
                                 f"{where}.search"))
        if transaction or btype == "history":
            issues.extend(_check_request(entry, i, resource, btype or "", pool))
        elif "request" in entry:
            issues.append(_issue("error", f"entry.request is not allowed in a {btype} bundle (bdl-3)", "invariant",
                                 f"{where}.request", "use type transaction or batch, or drop the request"))
        if "response" in entry and btype not in ("batch-response", "transaction-response", "history"):
            issues.append(_issue("error", f"entry.response is not allowed in a {btype} bundle (bdl-4)", "invariant",
                                 f"{where}.response"))
        elif btype in ("batch-response", "transaction-response") and "response" not in entry:
            issues.append(_issue("error", f"{btype} entries need a response (bdl-4)", "invariant", where))
        if resource is None and "request" not in entry and "response" not in entry:
            issues.append(_issue("error", "entry has no resource, request or response (bdl-5)", "invariant", where))
        full_url = entry.get("fullUrl")
        if isinstance(full_url, str):
            issues.extend(_check_full_url(full_url, resource, where, btype))
            if btype != "history":
                meta = (resource or {}).get("meta")
                version_id = meta.get("versionId") if isinstance(meta, dict) else None
                version_id = version_id if isinstance(version_id, str) else None
                key = (full_url, version_id)
                if key in seen_urls:
                    issues.append(_issue("error", f"fullUrl {full_url!r} is also used by entry[{seen_urls[key]}] "
                                         "(bdl-7)", "duplicate", f"{where}.fullUrl"))
                else:
                    seen_urls[key] = i
        elif resource is not None and transaction and isinstance(entry.get("request"), dict) \
                and entry["request"].get("method") == "POST":
            pass  # a POST without fullUrl cannot be referenced, which is allowed
    issues.extend(_shared_identifiers([t for t in targets if t.entry is not None]))
    for target in targets:
        if target.entry is None and target.resource is not bundle:
            continue
        issues.extend(check_references(target, version, pool, transaction=btype == "transaction",
                                       allow_external=allow_external,
                                       resolve_all=btype not in ("searchset", "history")))
    return issues


def _check_full_url(full_url: str, resource: dict[str, Any] | None, where: str, btype: Any) -> list[Issue]:
    issues: list[Issue] = []
    expr = f"{where}.fullUrl"
    if "/_history/" in full_url:
        issues.append(_issue("error", f"fullUrl {full_url!r} is version specific (bdl-8)", "invariant", expr))
        return issues
    if full_url.startswith("urn:uuid:"):
        if not _UUID.match(full_url):
            issues.append(_issue("error", f"fullUrl {full_url!r} is not a valid urn:uuid", "invalid", expr,
                                 "expected urn:uuid:<8-4-4-4-12 lower-case hex>"))
        elif resource and isinstance(resource.get("id"), str) and resource["id"] != full_url[9:] \
                and btype != "transaction":
            issues.append(_issue("warning", f"fullUrl {full_url!r} and resource id {resource['id']!r} differ",
                                 "invalid", expr, "use urn:uuid:<id> so both name the same resource"))
        return issues
    if full_url.startswith("urn:oid:"):
        if not _OID.match(full_url):
            issues.append(_issue("error", f"fullUrl {full_url!r} is not a valid urn:oid", "invalid", expr))
        return issues
    m = _ABSOLUTE.match(full_url)
    if not m or not m.group(1):
        if not re.match(r"^[a-z][a-z0-9+.-]*:", full_url):
            issues.append(_issue("error", f"fullUrl {full_url!r} is not an absolute URI", "invalid", expr,
                                 "use urn:uuid:<id> or <base>/<Type>/<id>"))
        return issues
    if resource is not None and (m.group(2) != resource.get("resourceType")
                                 or resource.get("id") not in (None, m.group(3))):
        issues.append(_issue("error", f"fullUrl {full_url!r} does not match the resource "
                             f"{resource.get('resourceType')}/{resource.get('id')}", "invalid", expr))
    return issues


def shared_identifiers(targets: list[Target]) -> list[tuple[Issue, Target]]:
    """Two resources with one identifier: an error within a type (a conditional create would
    match both), a warning across types (identifiers are usually scoped by type)."""
    found: list[tuple[Issue, Target]] = []
    seen: dict[tuple[str, str], Target] = {}
    for target in targets:
        for k, ident in enumerate(_items(target.resource.get("identifier"))):
            if not isinstance(ident, dict):
                continue
            system, value = ident.get("system"), ident.get("value")
            if not isinstance(system, str) or not isinstance(value, str):
                continue
            other = seen.get((system, value))
            if other is None:
                seen[(system, value)] = target
                continue
            same_type = other.type == target.type
            label = other.expr + (f" (line {other.line})" if other.line is not None else "")
            found.append((_issue("error" if same_type else "warning",
                                 f"identifier {system}|{value} is also used by {label}",
                                 "duplicate", f"{target.expr}.identifier[{k}]",
                                 "each resource needs its own identifier"), target))
    return found


def _shared_identifiers(targets: list[Target]) -> list[Issue]:
    return [issue for issue, _ in shared_identifiers(targets)]
