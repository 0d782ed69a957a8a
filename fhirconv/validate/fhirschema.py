"""The official HL7 FHIR JSON Schemas (package data), loaded once and pre-linked.

Both the schema layer and the type-aware tree walk need the schema's definitions. Loading takes
a few hundred milliseconds, so it happens once per FHIR version and only when a layer needs it.

Linking replaces every ``{"$ref": "#/definitions/X"}`` by the very dict of definition ``X`` (a cyclic
graph of plain dicts), which removes reference resolution from the hot path of jsonschema while the
verdicts stay those of the official schema. On the way it records, for every definition, which
FHIR type each property holds, which is what the tree walk uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

VERSIONS = ("R4", "R5")

# Definitions that stand for "any resource" (a oneOf over every resource type).
RESOURCE_LIST = "ResourceList"
# A keyword of our own that dispatches on resourceType instead of the schema's root oneOf.
DISPATCH_KEYWORD = "fhirResource"


@dataclass(frozen=True, slots=True)
class Prop:
    """One property of a FHIR type: the type it holds and whether it is a JSON array."""

    type: str
    array: bool


@dataclass(frozen=True, slots=True)
class FhirSchema:
    version: str
    definitions: dict[str, Any]  # linked: no "$ref" left, ResourceList replaced by the dispatch keyword
    props: dict[str, dict[str, Prop]]  # type -> property -> Prop
    resource_types: frozenset[str]
    primitives: frozenset[str]


def schema_path(version: str):
    """The packaged schema file for ``version`` (``R4`` or ``R5``)."""
    return resources.files("fhirconv.validate") / "schemas" / version.lower() / "fhir.schema.json"


def _strip(node: Any) -> Any:
    """A copy without ``description`` keywords (they are only documentation)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "description":
                continue
            if key in ("properties", "definitions"):
                out[key] = {k: _strip(v) for k, v in value.items()}
            else:
                out[key] = _strip(value)
        return out
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and "$ref" in node and len(node) == 1:
        return node["$ref"].rsplit("/", 1)[-1]
    return None


@cache
def load(version: str) -> FhirSchema:
    """Parse, strip and link the schema of ``version`` (cached for the process)."""
    if version not in VERSIONS:
        raise ValueError(f"unknown FHIR version {version!r} (expected one of {', '.join(VERSIONS)})")
    raw = json.loads(schema_path(version).read_text(encoding="utf-8"))
    resource_types = frozenset(ref.rsplit("/", 1)[-1] for ref in (o["$ref"] for o in raw["oneOf"]))
    defs: dict[str, Any] = {k: _strip(v) for k, v in raw["definitions"].items()}
    defs[RESOURCE_LIST] = {DISPATCH_KEYWORD: True}
    primitives = frozenset(k for k, v in defs.items() if "properties" not in v and k != RESOURCE_LIST)
    props: dict[str, dict[str, Prop]] = {}
    # Choice elements carry their primitive inline (pattern and type, no $ref): name it by pattern.
    by_pattern: dict[str, str] = {}
    for name in sorted(primitives):
        pattern = defs[name].get("pattern")
        if pattern is not None:
            by_pattern[pattern] = name if pattern not in by_pattern else ""

    def link(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                name = _ref_name(value)
                if name is not None:
                    node[key] = defs[name]
                elif isinstance(value, dict | list):
                    link(value)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                name = _ref_name(value)
                if name is not None:
                    node[i] = defs[name]
                elif isinstance(value, dict | list):
                    link(value)

    for type_name, definition in defs.items():
        table: dict[str, Prop] = {}
        for prop, sub in definition.get("properties", {}).items():
            name = _ref_name(sub)
            if name is not None:
                table[prop] = Prop(name, False)
            elif isinstance(sub, dict) and sub.get("type") == "array" and _ref_name(sub.get("items")):
                table[prop] = Prop(_ref_name(sub["items"]) or "", True)
            elif isinstance(sub, dict) and by_pattern.get(sub.get("pattern", "")):
                table[prop] = Prop(by_pattern[sub["pattern"]], False)
            elif isinstance(sub, dict) and "enum" in sub:
                table[prop] = Prop("code", sub.get("type") == "array")
            elif isinstance(sub, dict) and sub.get("type") == "array" and "enum" in sub.get("items", {}):
                table[prop] = Prop("code", True)
        props[type_name] = table
    for definition in list(defs.values()):
        link(definition)
    return FhirSchema(version, defs, props, resource_types, primitives)
