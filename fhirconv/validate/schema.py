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
3. ``descend`` (a new validator object per node, about 5 µs each, 15-200 nodes per resource):
   a :class:`Prover` compiled from the same schema nodes proves valid subtrees in place, and
   ``properties`` descends (jsonschema proper) only into values it cannot prove valid. A valid
   resource thus costs a few dict look-ups per node; an invalid one gets jsonschema's own errors,
   found by descending only along the invalid branches. The Prover is conservative (any keyword it
   does not model means "not proven") and a test compares its verdicts with plain jsonschema on
   every official example and the whole corpus.

No format checker is used (the FHIR schema carries its formats as patterns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.fhirschema import DISPATCH_KEYWORD, load
from fhirconv.validate.tree import Target, each_target, loc_to_expr

LAYER = "schema"

# Keywords jsonschema ignores when validating (annotations).
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "$comment"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _never(_value: Any) -> bool:
    return False


def _always(_value: Any) -> bool:
    return True


class Prover:
    """Proves values valid against a (linked) schema node without building errors.

    It is conservative: ``True`` only when jsonschema would report nothing (same keyword semantics
    for the keywords the FHIR schemas use); anything it does not model gives ``False``, and then
    jsonschema itself runs. So verdicts and messages stay jsonschema's, and the common case, a
    valid subtree, costs a few dict look-ups instead of a validator object per node.
    """

    def __init__(self, resource_types: frozenset[str], definitions: dict[str, Any]):
        self.resource_types = resource_types
        self.definitions = definitions
        self._compiled: dict[int, Callable[[Any], bool]] = {}

    def __call__(self, sub: Any) -> Callable[[Any], bool]:
        fn = self._compiled.get(id(sub))
        if fn is None:
            holder: list[Callable[[Any], bool]] = []
            self._compiled[id(sub)] = lambda v: holder[0](v)  # recursion while compiling
            fn = self._build(sub)
            holder.append(fn)
            self._compiled[id(sub)] = fn
        return fn

    def _build(self, sub: Any) -> Callable[[Any], bool]:
        if sub is True:
            return _always
        if not isinstance(sub, dict):
            return _never
        known = {"type", "pattern", "enum", "const", "properties", "additionalProperties", "required", "items",
                 DISPATCH_KEYWORD}
        if set(sub) - known - _ANNOTATIONS:
            return _never
        checks: list[Callable[[Any], bool]] = []
        if "type" in sub:
            if sub["type"] not in _TYPES:
                return _never
            checks.append(_TYPES[sub["type"]])
        if "pattern" in sub:
            search = re.compile(sub["pattern"]).search
            checks.append(lambda v, _s=search: not isinstance(v, str) or _s(v) is not None)
        if "enum" in sub:
            if not all(isinstance(e, str) for e in sub["enum"]):
                return _never
            allowed = frozenset(sub["enum"])
            checks.append(lambda v, _a=allowed: isinstance(v, str) and v in _a)
        if "const" in sub:
            if not isinstance(sub["const"], str):
                return _never
            checks.append(lambda v, _c=sub["const"]: isinstance(v, str) and v == _c)
        if "properties" in sub or "required" in sub or "additionalProperties" in sub:
            extra = sub.get("additionalProperties", True)
            if extra not in (True, False):
                return _never
            props = {name: self(child) for name, child in sub.get("properties", {}).items()}
            required = tuple(sub.get("required", ()))
            closed = extra is False

            def obj(v: Any, _p=props, _r=required, _closed=closed) -> bool:
                if not isinstance(v, dict):
                    return True
                for key, item in v.items():
                    check = _p.get(key)
                    if check is None:
                        if _closed:
                            return False
                    elif not check(item):
                        return False
                return all(k in v for k in _r)

            checks.append(obj)
        if "items" in sub:
            if not isinstance(sub["items"], dict | bool):
                return _never
            item_check = self(sub["items"])
            checks.append(lambda v, _i=item_check: not isinstance(v, list) or all(_i(x) for x in v))
        if sub.get(DISPATCH_KEYWORD):
            checks.append(self._resource)
        if len(checks) == 1:
            return checks[0]
        return lambda v, _c=tuple(checks): all(c(v) for c in _c)

    def _resource(self, v: Any) -> bool:
        if not isinstance(v, dict) or v.get("resourceType") not in self.resource_types:
            return False
        return self(self.definitions[v["resourceType"]])(v)


@cache
def prover(version: str) -> Prover:
    schema = load(version)
    return Prover(schema.resource_types, schema.definitions)


@cache
def _validator(version: str, type_name: str):
    """The cached validator for one resource type (built on first use)."""
    from jsonschema import Draft6Validator, validators

    schema = load(version)
    prove = prover(version)

    def fast_properties(validator, props, instance, sch) -> Iterator[Any]:
        if not isinstance(instance, dict):
            return
        for name, value in instance.items():
            sub = props.get(name)
            if sub is None or prove(sub)(value):
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
    if prover(version)(schema.definitions[rtype])(instance):
        return []
    issues: list[Issue] = []
    for err in _validator(version, rtype).iter_errors(instance):
        issues.extend(_to_issue(err, target.expr))
    return issues


def check(targets: list[Target], version: str) -> list[Issue]:
    """Layer entry point: every target resource against its own definition."""
    return each_target(targets, check_resource, version)
