"""Where resources sit in a document, and a typed walk over them.

Every layer reports locations as FHIRPath-like expressions rooted at the document
(``Bundle.entry[3].resource.code.coding[0].code``). A :class:`Target` is one resource to check with
the expression that leads to it. :func:`typed_nodes` walks a resource once, using the property
types of the official schema, and indexes the nodes the later layers look at (references, codings,
quantities, periods, dates...), so those layers never guess a type from an element name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fhirconv.validate.fhirschema import RESOURCE_LIST, index

# The types the integrity, terminology and clinical layers look at.
INDEXED = frozenset(
    {
        "Reference",
        "Coding",
        "CodeableConcept",
        "Quantity",
        "Age",
        "Duration",
        "Count",
        "Distance",
        "SimpleQuantity",
        "Period",
        "Range",
        "Extension",
        "Identifier",
        "Narrative",
        "Meta",
        "date",
        "dateTime",
        "instant",
    }
)


@dataclass(eq=False, slots=True)
class Target:
    """One resource to validate and the expression that leads to it."""

    resource: dict[str, Any]
    expr: str
    entry: dict[str, Any] | None = None
    entry_index: int | None = None
    line: int | None = None  # the NDJSON line the resource is on
    _nodes: dict[str, list[tuple[Any, str]]] | None = field(default=None, repr=False)

    @property
    def type(self) -> str:
        rtype = self.resource.get("resourceType")
        return rtype if isinstance(rtype, str) else "Resource"


def loc_to_expr(loc: Iterable[Any]) -> str:
    """``("code", "coding", 0, "code")`` -> ``.code.coding[0].code``."""
    out = []
    for part in loc:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}")
    return "".join(out)


def targets_of(data: Any, expr: str | None = None) -> list[Target]:
    """The document itself plus, for a Bundle, each entry's resource (nested Bundles too)."""
    if not isinstance(data, dict):
        return []
    rtype = data.get("resourceType")
    root = expr or (rtype if isinstance(rtype, str) and rtype else "Resource")
    targets = [Target(data, root)]
    if rtype == "Bundle" and isinstance(data.get("entry"), list):
        for i, entry in enumerate(data["entry"]):
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                for t in targets_of(entry["resource"], f"{root}.entry[{i}].resource"):
                    if t.entry is None:
                        t.entry, t.entry_index = entry, i
                    targets.append(t)
    return targets


def typed_nodes(target: Target, version: str) -> dict[str, list[tuple[Any, str]]]:
    """Nodes of the :data:`INDEXED` types in ``target`` (contained resources included, the entry
    resources of a Bundle excluded: they are targets of their own), cached on the target. Resources
    nested in the target (contained, Parameters.parameter.resource) are listed under
    ``RESOURCE_LIST``, whatever they hold."""
    if target._nodes is not None:
        return target._nodes
    props = index(version).props
    found: dict[str, list[tuple[Any, str]]] = {}
    stack: list[tuple[Any, str, str]] = [(target.resource, target.type, target.expr)]
    is_bundle = target.type == "Bundle"
    while stack:
        node, type_name, expr = stack.pop()
        if type_name == RESOURCE_LIST:
            found.setdefault(RESOURCE_LIST, []).append((node, expr))  # the schema layer checks each
            rtype = node.get("resourceType") if isinstance(node, dict) else None
            if not isinstance(rtype, str) or rtype not in props:
                continue
            type_name = rtype
        if type_name in INDEXED:
            found.setdefault(type_name, []).append((node, expr))
        table = props.get(type_name)
        if not table or not isinstance(node, dict):
            continue
        for name, value in node.items():
            prop = table.get(name)
            if prop is None:
                continue
            if is_bundle and prop.type == RESOURCE_LIST and name == "resource" and type_name == "Bundle_Entry":
                continue
            if prop.array and isinstance(value, list):
                for i, item in enumerate(value):
                    if item is not None:
                        stack.append((item, prop.type, f"{expr}.{name}[{i}]"))
            elif prop.type in INDEXED or prop.type == RESOURCE_LIST or prop.type in props and props[prop.type]:
                stack.append((value, prop.type, f"{expr}.{name}"))
    for items in found.values():
        items.reverse()
    target._nodes = found
    return found


def nodes(target: Target, version: str, *types: str) -> list[tuple[Any, str]]:
    """The indexed nodes of the given types, in document order within each type."""
    index = typed_nodes(target, version)
    out: list[tuple[Any, str]] = []
    for t in types:
        out.extend(index.get(t, ()))
    return out


def each_target(targets: list[Target], check_resource: Callable[..., list[Any]], *args: Any) -> list[Any]:
    """A layer's entry point: its per-resource check over every target, issues in target order."""
    return [issue for target in targets for issue in check_resource(target, *args)]
