"""A StructureDefinition snapshot compiled into a tree of element rules, once per profile.

Snapshot elements come as a flat list whose ids encode the tree (``Observation.category:lab.coding``:
the ``coding`` child of the ``lab`` slice of ``Observation.category``). :func:`compile_profile`
rebuilds that tree so the checker walks an instance and its rules side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_VALUE_SET = "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet"

PRIMITIVES = frozenset({
    "boolean", "integer", "string", "decimal", "uri", "url", "canonical", "base64Binary", "instant", "date",
    "dateTime", "time", "code", "oid", "id", "markdown", "unsignedInt", "positiveInt", "uuid", "xhtml",
    "integer64",
})


@dataclass(slots=True)
class TypeRef:
    code: str
    profiles: tuple[str, ...] = ()
    target_profiles: tuple[str, ...] = ()


@dataclass(slots=True)
class Constraint:
    key: str
    severity: str
    human: str
    expression: str
    source: str


@dataclass(eq=False, slots=True)
class Element:
    """One element of a profile with its rules; ``children`` by name, ``slices`` in order."""

    id: str
    path: str
    name: str
    min: int = 0
    max: int | None = None  # None: unbounded
    types: list[TypeRef] = field(default_factory=list)
    fixed: tuple[str, Any] | None = None  # ("fixedUri", value)
    pattern: tuple[str, Any] | None = None
    binding: tuple[str, str | None, str | None] | None = None  # strength, valueSet, maxValueSet
    constraints: list[Constraint] = field(default_factory=list)
    must_support: bool = False
    slicing: dict[str, Any] | None = None
    slice_name: str | None = None
    children: dict[str, Element] = field(default_factory=dict)
    slices: list[Element] = field(default_factory=list)
    # Filled by _index once the tree is built: what the checker looks up for every instance node.
    is_choice: bool = False
    type_codes: list[str] = field(default_factory=list)
    by_key: dict[str, Element] = field(default_factory=dict)  # JSON key (valueQuantity, _birthDate) -> child
    always: list[Element] = field(default_factory=list)  # children checked even when absent
    order: int = 0  # position among its parent's children (issues come in snapshot order)
    checks: list[Constraint] = field(default_factory=list)  # the invariants to evaluate here


@dataclass(eq=False, slots=True)
class Profile:
    """A compiled profile: its URL, the resource or data type it constrains, its root element."""

    url: str
    name: str
    type: str
    kind: str
    root: Element
    context: list[dict[str, Any]] = field(default_factory=list)  # extensions: where they may stand
    base: bool = False  # a base definition of the FHIR specification itself
    fhir_version: str = ""  # the FHIR release it was written for (4.0.1, 5.0.0)


def _choice_suffix(code: str) -> str:
    return code[0].upper() + code[1:]


def _index(el: Element) -> None:
    """Precompute lookups for ``el`` and everything below it."""
    from fhirconv.validate.profiles.invariants import skip

    el.is_choice = el.name.endswith("[x]")
    el.type_codes = [t.code for t in el.types]
    el.checks = [c for c in el.constraints if c.severity == "error" and not skip(c.key, c.source)]
    for n, child in enumerate(el.children.values()):
        child.order = n
        _index(child)
        stem = child.name[:-3] if child.is_choice else child.name
        keys = [stem + _choice_suffix(c) for c in child.type_codes] if child.is_choice else [stem]
        for key in keys:
            el.by_key[key] = child
            el.by_key["_" + key] = child
        if child.min > 0 or child.must_support or any(s.min > 0 or s.must_support for s in child.slices):
            el.always.append(child)
    for s in el.slices:
        _index(s)


def _type_code(t: dict[str, Any]) -> str:
    code = t.get("code", "")
    if code.startswith("http://hl7.org/fhirpath/System."):
        return {"String": "string", "Boolean": "boolean", "Integer": "integer", "Decimal": "decimal",
                "Date": "date", "DateTime": "dateTime", "Time": "time"}.get(code.rsplit(".", 1)[1], "string")
    return code


def _element(raw: dict[str, Any]) -> Element:
    path = raw.get("path", "")
    max_raw = raw.get("max", "*")
    el = Element(
        id=raw.get("id") or path,
        path=path,
        name=path.rsplit(".", 1)[-1],
        min=int(raw.get("min", 0) or 0),
        max=None if max_raw in ("*", None) else int(max_raw),
        must_support=bool(raw.get("mustSupport")),
        slicing=raw.get("slicing"),
        slice_name=raw.get("sliceName"),
    )
    for t in raw.get("type") or ():
        el.types.append(TypeRef(_type_code(t), tuple(t.get("profile") or ()), tuple(t.get("targetProfile") or ())))
    for key, value in raw.items():
        if key.startswith("fixed") and key != "fixed":
            el.fixed = (key, value)
        elif key.startswith("pattern") and key != "pattern":
            el.pattern = (key, value)
    binding = raw.get("binding")
    if isinstance(binding, dict) and (binding.get("valueSet") or binding.get("extension")):
        max_vs = next((e.get("valueCanonical") for e in binding.get("extension") or ()
                       if e.get("url") == MAX_VALUE_SET), None)
        el.binding = (binding.get("strength", ""), binding.get("valueSet"), max_vs)
    for c in raw.get("constraint") or ():
        if isinstance(c.get("expression"), str):
            el.constraints.append(Constraint(c.get("key", ""), c.get("severity", "error"), c.get("human", ""),
                                             c["expression"], c.get("source", "")))
    return el


def _split_id(eid: str) -> list[str]:
    """``Observation.component:bp.code`` -> segments; dots inside a slice name are kept."""
    parts: list[str] = []
    for seg in eid.split("."):
        if parts and ":" in parts[-1] and "/" in parts[-1] and not seg[:1].islower():
            parts[-1] += "." + seg  # a reslice name with dots
        else:
            parts.append(seg)
    return parts


def compile_profile(sd: dict[str, Any]) -> Profile:
    """The element tree of a StructureDefinition's snapshot."""
    elements = sd.get("snapshot", {}).get("element") or []
    by_id: dict[str, Element] = {}
    root: Element | None = None
    for raw in elements:
        el = _element(raw)
        segs = _split_id(el.id)
        by_id[el.id] = el
        if root is None:
            root = el
            continue
        last = segs[-1]
        if ":" in last:  # a slice: sits beside the element it slices
            sliced_id = ".".join(segs[:-1] + [last.split(":", 1)[0]])
            sliced = by_id.get(sliced_id)
            if "/" in last.split(":", 1)[1]:  # a reslice: slice of the slice
                sliced = by_id.get(".".join(segs[:-1] + [last.rsplit("/", 1)[0]])) or sliced
            if sliced is not None:
                sliced.slices.append(el)
            continue
        parent = by_id.get(".".join(segs[:-1]))
        if parent is not None:
            parent.children[el.name] = el
    if root is None:
        root = Element(id=sd.get("type", "Resource"), path=sd.get("type", "Resource"), name=sd.get("type", ""))
    _index(root)
    url = sd.get("url", "")
    return Profile(url=url, name=sd.get("name") or url, type=sd.get("type", ""), kind=sd.get("kind", ""), root=root,
                   context=list(sd.get("context") or ()),
                   base=url.startswith("http://hl7.org/fhir/StructureDefinition/")
                   and sd.get("derivation") != "constraint",
                   fhir_version=sd.get("fhirVersion") or "")
