"""Resources of a push, the references between them, and the order they can be sent in.

A server assigns its own ids, so a resource can only be sent (outside a transaction) after
everything it references has been sent and its server id is known. The order comes from the
references themselves (a topological sort), never from a fixed list of resource types.
"""

from __future__ import annotations

import copy
import graphlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fhirconv.naming import IDENTIFIER_SYSTEM as FHIRCONV_IDENTIFIER_SYSTEM


class CycleError(Exception):
    """References form a cycle, so no resource of the cycle can be sent first."""

    def __init__(self, cycle: list[str]):
        super().__init__(" -> ".join(cycle))
        self.cycle = cycle


@dataclass
class Item:
    """One resource to push, with every local name other resources may use for it."""

    resource: dict[str, Any]
    keys: list[str]  # fullUrl (urn:uuid:..., absolute URL) and Type/id
    source: str  # file it came from
    case: str  # case id (for the report)
    assigned_id: str | None = None  # sent as PUT Type/id (types with no identifier element)
    plain: bool = False  # sent with a plain POST: the server cannot search its type by identifier

    @property
    def type(self) -> str:
        return str(self.resource.get("resourceType", "?"))

    @property
    def label(self) -> str:
        ident = self.identifier
        if ident:
            return ident[1]
        return self.keys[0] if self.keys else self.type

    @property
    def identifier(self) -> tuple[str, str] | None:
        """The business identifier used for conditional create/update (fhirconv's system first)."""
        idents = [i for i in self.resource.get("identifier", []) or [] if isinstance(i, dict)]
        if isinstance(self.resource.get("identifier"), dict):  # single-valued in some types
            idents = [self.resource["identifier"]]
        usable = [i for i in idents if i.get("system") and i.get("value")]
        for ident in usable:
            if ident["system"] == FHIRCONV_IDENTIFIER_SYSTEM:
                return ident["system"], ident["value"]
        return (usable[0]["system"], usable[0]["value"]) if usable else None

    @property
    def search(self) -> str | None:
        """``identifier=system|value`` for If-None-Exist and conditional update, or None."""
        ident = self.identifier
        if ident is None:
            return None
        from urllib.parse import urlencode

        return urlencode({"identifier": f"{ident[0]}|{ident[1]}"}, safe=":/|")

    @property
    def urn(self) -> str:
        """A ``urn:uuid:`` name for this resource inside a transaction or batch Bundle."""
        for key in self.keys:
            if key.startswith("urn:uuid:"):
                return key
        seed = f"{self.source}#{self.keys[0] if self.keys else id(self)}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


@dataclass
class Unit:
    """Resources sent together: one case (one transaction), or one chunk of NDJSON."""

    label: str  # what the report and errors call it: the case id, or "ndjson chunk 2/5"
    source: str
    items: list[Item] = field(default_factory=list)
    chained: bool = False  # needs the units before it (NDJSON chunks): skip it if one failed
    notes: list[str] = field(default_factory=list)  # the converter's warnings (shown with --verbose)
    # Documents (an IPS Bundle) sent as they are after the items, POST [base]/Bundle: a document
    # is one signed-off whole whose references stay inside it, so nothing in it is rewritten.
    documents: list[Item] = field(default_factory=list)


def references(node: Any) -> Iterator[dict[str, Any]]:
    """Every Reference element (a dict with a string ``reference``) in a resource tree."""
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def keys_for(resource: dict[str, Any], full_url: str | None) -> list[str]:
    """The local names of a resource: its fullUrl and ``Type/id`` (and the URL's tail)."""
    keys: list[str] = []
    if full_url:
        keys.append(full_url)
        if not full_url.startswith("urn:"):
            tail = "/".join(full_url.rstrip("/").split("/")[-2:])
            keys.append(tail)
    if resource.get("id") and resource.get("resourceType"):
        keys.append(f"{resource['resourceType']}/{resource['id']}")
    return list(dict.fromkeys(keys))


def local_reference(value: str) -> str:
    """``http://server/fhir/Patient/1/_history/2`` -> ``Patient/1``; others unchanged."""
    if "/_history/" in value:
        value = value.split("/_history/")[0]
    return value


def dependencies(items: list[Item]) -> dict[int, set[int]]:
    """For each item (by index), the items it references."""
    owner: dict[str, int] = {}
    for n, item in enumerate(items):
        for key in item.keys:
            owner.setdefault(key, n)
    deps: dict[int, set[int]] = {}
    for n, item in enumerate(items):
        found: set[int] = set()
        for ref in references(item.resource):
            target = owner.get(local_reference(ref["reference"]))
            if target is not None and target != n:
                found.add(target)
        deps[n] = found
    return deps


def levels(items: list[Item]) -> list[list[int]]:
    """Item indexes in dependency levels: level 0 references nothing in the set, level 1 only
    level 0, and so on. Within a level, input order is kept, so the order is deterministic."""
    sorter = graphlib.TopologicalSorter(dependencies(items))
    try:
        sorter.prepare()
    except graphlib.CycleError as err:
        nodes = err.args[1]
        raise CycleError([items[n].label for n in nodes]) from None
    out: list[list[int]] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        out.append(ready)
        sorter.done(*ready)
    return out


def components(deps: dict[int, set[int]]) -> list[list[int]]:
    """The strongly connected components of the reference graph (Tarjan's algorithm, iterative):
    items that reach one another through references. Most are single items; a cycle (mCODE's TNM
    stage group and its Condition) is one component, which only one transaction can create."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    out: list[list[int]] = []
    for root in sorted(deps):
        if root in index:
            continue
        work = [(root, iter(sorted(deps[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(deps.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                out.append(sorted(group))
    return out


def grouped_order(items: list[Item]) -> list[list[Item]]:
    """The items as their strongly connected components, each after every component it references
    (deterministic: ties keep input order). Components of one item are the usual case; a larger
    one must travel in one transaction, whose ``urn:uuid`` references the server resolves."""
    deps = dependencies(items)
    groups = components(deps)
    of = {n: g for g, members in enumerate(groups) for n in members}
    graph = {g: {of[d] for n in members for d in deps[n]} - {g} for g, members in enumerate(groups)}
    sorter = graphlib.TopologicalSorter(graph)
    sorter.prepare()
    out: list[list[Item]] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=lambda g: groups[g][0])
        out += [[items[n] for n in groups[g]] for g in ready]
        sorter.done(*ready)
    return out


def order(items: list[Item]) -> list[Item]:
    """The items in an order where everything referenced comes first."""
    return [items[n] for level in levels(items) for n in level]


def rewrite(resource: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """A copy of ``resource`` with every reference found in ``mapping`` replaced."""
    out = copy.deepcopy(resource)
    for ref in references(out):
        target = mapping.get(local_reference(ref["reference"]))
        if target is not None:
            ref["reference"] = target
    return out


def unresolved(resource: dict[str, Any]) -> list[str]:
    """References still in ``urn:`` form (nothing on the server can resolve them)."""
    return [r["reference"] for r in references(resource) if r["reference"].startswith("urn:")]
