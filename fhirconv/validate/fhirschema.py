"""The official HL7 FHIR JSON Schemas (package data), loaded once per FHIR version.

Both the schema layer and the type-aware tree walk need the schema's definitions. Loading them is a
``json.loads`` of a few megabytes (about 30 ms), done once per FHIR version and only when a layer
needs it. On the way it records, for every definition, which FHIR type each property holds, which
is what the tree walk uses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

VERSIONS = ("R4", "R5")
_VERSION_OF_INDEX = 1  # bump when the index's content or form changes

# Definitions that stand for "any resource" (a oneOf over every resource type).
RESOURCE_LIST = "ResourceList"


@dataclass(frozen=True, slots=True)
class Prop:
    """One property of a FHIR type: the type it holds and whether it is a JSON array."""

    type: str
    array: bool


@dataclass(frozen=True, slots=True)
class FhirSchema:
    version: str
    definitions: dict[str, Any]  # as published ("$ref"s kept), ResourceList as a placeholder (see schema layer)
    props: dict[str, dict[str, Prop]]  # type -> property -> Prop
    resource_types: frozenset[str]
    primitives: frozenset[str]


def schema_path(version: str):
    """The packaged schema file for ``version`` (``R4`` or ``R5``)."""
    return Path(__file__).resolve().parent / "schemas" / version.lower() / "fhir.schema.json"


_STRAY_BRACE = re.compile(r"(\{[0-9]+(?:,[0-9]*)?\})\}")


def _portable_patterns(node: Any) -> None:
    """Escape a stray ``}`` after a quantifier (R5's decimal pattern has ``{1,9}}``): Python's ``re``
    reads it as a literal brace, ECMA-262 and Rust engines refuse the pattern; escaping it keeps the
    meaning the schema has under jsonschema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = _STRAY_BRACE.sub(r"\1\\}", value)
            elif isinstance(value, dict | list):
                _portable_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _portable_patterns(value)


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and "$ref" in node and len(node) - ("description" in node) == 1:
        return node["$ref"].rsplit("/", 1)[-1]
    return None


@cache
def load(version: str) -> FhirSchema:
    """Parse the schema of ``version`` and index its property types (cached for the process)."""
    if version not in VERSIONS:
        raise ValueError(f"unknown FHIR version {version!r} (expected one of {', '.join(VERSIONS)})")
    raw = json.loads(schema_path(version).read_text(encoding="utf-8"))
    resource_types = frozenset(ref.rsplit("/", 1)[-1] for ref in (o["$ref"] for o in raw["oneOf"]))
    _portable_patterns(raw["definitions"])
    defs: dict[str, Any] = dict(raw["definitions"])
    # Resources inside resources (contained, Bundle.entry.resource, Parameters.parameter.resource)
    # are checked each against their own definition by the schema layer, not through this oneOf.
    defs[RESOURCE_LIST] = {}
    primitives = frozenset(k for k, v in defs.items() if "properties" not in v and k != RESOURCE_LIST)
    props: dict[str, dict[str, Prop]] = {}
    # Choice elements carry their primitive inline (pattern and type, no $ref): name it by pattern.
    by_pattern: dict[str, str] = {}
    for name in sorted(primitives):
        pattern = defs[name].get("pattern")
        if pattern is not None:
            by_pattern[pattern] = name if pattern not in by_pattern else ""

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
    return FhirSchema(version, defs, props, resource_types, primitives)


@dataclass(frozen=True, slots=True)
class FhirIndex:
    """What the typed walk and the reference checks need of a schema: property types and names."""

    version: str
    props: Mapping[str, dict[str, Prop]]
    resource_types: frozenset[str]
    primitives: frozenset[str]


@cache
def stamp(version: str) -> str:
    """A version key for what is derived from the schema file of ``version`` and kept on disk: its
    size and modification time (a ``stat``; hashing its megabytes cost a one-case run 10 ms)."""
    st = schema_path(version).stat()
    return f"{version}-{st.st_size:x}-{st.st_mtime_ns:x}-{_VERSION_OF_INDEX}"


class _Props(Mapping[str, dict[str, Prop]]):
    """type -> property -> Prop, each type's table made when it is first asked for: a Bundle holds a
    few of the schema's 680 types, and making all 10,000 properties was most of reading the index."""

    __slots__ = ("_made", "_raw", "_version")

    def __init__(self, raw: dict[str, Any], version: str) -> None:
        self._raw, self._version, self._made = raw, version, {}

    def __getitem__(self, type_name: str) -> dict[str, Prop]:
        made = self._made.get(type_name)
        if made is None:
            raw = self._raw[type_name]
            try:
                made = {p: Prop(v[0], bool(v[1])) for p, v in raw.items()}
            except (AttributeError, TypeError, IndexError, KeyError):  # a damaged cache: the schema's own
                made = load(self._version).props[type_name]
            self._made[type_name] = made
        return made

    def __contains__(self, type_name: object) -> bool:
        return type_name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@cache
def index(version: str) -> FhirIndex:
    """The schema's property types, from the on-disk cache when an earlier run computed them for
    the same schema file (parsing the full schema costs about 100 ms; reading the index, in
    :mod:`marshal`'s format, about 3 ms)."""
    from fhirconv.diskcache import cache_dir, read_signed, write_signed

    base = cache_dir()
    path = base / f"schema-index-{stamp(version)}.bin" if base is not None else None
    cached = read_signed(path) if path is not None else None
    if (type(cached) is tuple and len(cached) == 3 and type(cached[0]) is dict
            and type(cached[1]) is type(cached[2]) is frozenset):
        return FhirIndex(version, _Props(cached[0], version), cached[1], cached[2])
    full = load(version)
    if path is not None:
        write_signed(path, ({t: {p: (v.type, v.array) for p, v in table.items()} for t, table in full.props.items()},
                            full.resource_types, full.primitives),
                     stale=f"schema-index-{version}-*")
    return FhirIndex(version, full.props, full.resource_types, full.primitives)
