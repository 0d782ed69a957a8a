"""Layer c: the official HL7 FHIR JSON Schema (R4 4.0.1, R5 5.0.0) with jsonschema.

Each resource is validated against its own definition (``#/definitions/<Type>``), never through
the schema's root ``oneOf`` over all resource types, which is two orders of magnitude slower and
reports its errors at the root. One validator per (version, resource type) is built once and cached.

Speed (profiled with cProfile; see :mod:`fhirconv.validate.bench`): three things dominated the
cost of plain ``Draft6Validator`` and are fixed inside jsonschema, without changing any verdict:

1. ``$ref`` resolution through ``referencing`` on every reference: the schema is pre-linked into a
   graph of plain dicts (:mod:`fhirconv.validate.fhirschema`), so no lookup happens at run time.
2. ``ResourceList`` (contained resources, ``Bundle.entry.resource``) is itself a ``oneOf`` over all
   resource types: it is replaced by a keyword that dispatches on ``resourceType``.
3. ``descend`` (a new validator object per node) for every primitive value: ``properties`` is
   re-implemented to check primitive values (type, pattern, enum) in place and to descend only into
   complex values or into primitives that fail, so errors are still jsonschema's own.

No format checker is used (the FHIR schema carries its formats as patterns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.fhirschema import DISPATCH_KEYWORD, load
from fhirconv.validate.tree import Target, loc_to_expr

LAYER = "schema"

_PY_TYPES: dict[str, Any] = {
    "string": str,
    "boolean": bool,
    "object": dict,
    "array": list,
}


def _leaf_check(sub: dict[str, Any]):
    """A fast predicate for a primitive schema (type/pattern/enum/const only), else None."""
    if not isinstance(sub, dict) or not sub or set(sub) - {"type", "pattern", "enum", "const"}:
        return None
    kind = sub.get("type")
    if kind not in (None, "string", "boolean", "number"):
        return None
    pattern = re.compile(sub["pattern"]) if "pattern" in sub else None
    enum = frozenset(sub["enum"]) if "enum" in sub and all(isinstance(e, str) for e in sub["enum"]) else None
    if "enum" in sub and enum is None:
        return None
    const = sub.get("const")

    def check(value: Any) -> bool:
        if kind == "string" or enum is not None or const is not None:
            if not isinstance(value, str):
                return False
        elif kind == "boolean":
            if not isinstance(value, bool):
                return False
        elif kind == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
            return False
        if pattern is not None and isinstance(value, str) and pattern.search(value) is None:
            return False
        if enum is not None and value not in enum:
            return False
        return const is None or value == const

    return check


@cache
def _validator(version: str, type_name: str):
    """The cached validator for one resource type (built on first use)."""
    from jsonschema import Draft6Validator, validators

    schema = load(version)
    leaf_cache: dict[int, Any] = {}

    def leaf(sub: Any):
        key = id(sub)
        if key not in leaf_cache:
            check = _leaf_check(sub)
            if check is None and isinstance(sub, dict) and sub.get("type") == "array":
                item_check = _leaf_check(sub.get("items"))
                if item_check is not None:

                    def check(value: Any, _item=item_check) -> bool:
                        return isinstance(value, list) and all(_item(v) for v in value)

            leaf_cache[key] = check or False
        return leaf_cache[key]

    def fast_properties(validator, props, instance, sch) -> Iterator[Any]:
        if not isinstance(instance, dict):
            return
        for name, value in instance.items():
            sub = props.get(name)
            if sub is None:
                continue
            check = leaf(sub)
            if check and check(value):
                continue
            yield from validator.descend(value, sub, path=name, schema_path=name)

    def dispatch(validator, _value, instance, _sch) -> Iterator[Any]:
        from jsonschema.exceptions import ValidationError

        if not isinstance(instance, dict):
            yield ValidationError(f"{instance!r} is not a resource (an object with resourceType)")
            return
        rtype = instance.get("resourceType")
        if rtype not in schema.resource_types:
            yield ValidationError(f"unknown resourceType {rtype!r}")
            return
        yield from validator.descend(instance, schema.definitions[rtype])

    cls = validators.extend(Draft6Validator, {"properties": fast_properties, DISPATCH_KEYWORD: dispatch})
    return cls(schema.definitions[type_name])


def _path_expr(base: str, path) -> str:
    return base + loc_to_expr(path)


def _to_issue(err, base: str) -> list[Issue]:
    kind = err.validator
    where = _path_expr(base, err.absolute_path)
    if kind == "additionalProperties" and isinstance(err.instance, dict):
        allowed = err.schema.get("properties", {})
        return [
            Issue(
                "error",
                f"unknown element {name!r}",
                code="structure",
                layer=LAYER,
                expression=f"{where}.{name}",
                hint="check the spelling against the FHIR definition of this type",
            )
            for name in err.instance
            if name not in allowed
        ]
    code = {"enum": "code-invalid", "required": "required", "const": "value"}.get(kind, "value")
    message = err.message
    if kind == "pattern":
        message = f"{err.instance!r} does not have the form the FHIR type requires"
    if kind == "required":
        missing = [m for m in err.validator_value if m not in err.instance]
        return [
            Issue("error", f"missing required element {m!r}", code="required", layer=LAYER,
                  expression=f"{where}.{m}")
            for m in missing
        ]
    if len(message) > 200:
        message = message[:197] + "..."
    return [Issue("error", message, code=code, layer=LAYER, expression=where)]


def check_resource(target: Target, version: str) -> list[Issue]:
    """Validate one resource (a Bundle without its entry resources, or any other resource)."""
    rtype = target.resource.get("resourceType")
    schema = load(version)
    if not isinstance(rtype, str) or rtype not in schema.resource_types:
        return []  # reported by the structure layer
    instance = target.resource
    if rtype == "Bundle":
        instance = dict(instance)
        if isinstance(instance.get("entry"), list):
            instance["entry"] = [
                {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
                for e in instance["entry"]
            ]
    issues: list[Issue] = []
    for err in _validator(version, rtype).iter_errors(instance):
        issues.extend(_to_issue(err, target.expr))
    return issues


def check(targets: list[Target], version: str) -> list[Issue]:
    """Layer entry point: every target resource against its own definition."""
    issues: list[Issue] = []
    for target in targets:
        issues.extend(check_resource(target, version))
    return issues
