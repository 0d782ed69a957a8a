"""A compiled yes/no check of a case against the case schema, so valid cases skip jsonschema.

jsonschema spends most of its time building a validator object per node; for the common case, a
valid case file, we only need the verdict. This compiles the (ref-inlined) case schema into nested
closures that give exactly jsonschema's verdict for the keywords the case schema uses. A case that
fails here is checked again by jsonschema, whose errors are what the user sees; a schema using any
other keyword is not compiled at all (jsonschema then runs every time). A test compares verdicts
with jsonschema on the samples and on many broken cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_IGNORED = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples", "format"})
_SUPPORTED = frozenset({"type", "enum", "const", "pattern", "minLength", "minimum", "maximum", "properties",
                        "additionalProperties", "required", "propertyNames", "minProperties", "items", "minItems",
                        "oneOf", "anyOf", "not"}) | _IGNORED


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not model."""


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema has it: booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def compile_schema(schema: Any) -> Check:
    """A predicate equal to ``jsonschema`` validity for ``schema``; raises :class:`Unsupported`."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    unknown = set(schema) - _SUPPORTED
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        preds = [_TYPES[n] for n in names]
        checks.append(preds[0] if len(preds) == 1 else (lambda v, _p=preds: any(p(v) for p in _p)))
    if "enum" in schema:
        options = list(schema["enum"])
        checks.append(lambda v, _o=options: any(_equal(v, o) for o in _o))
    if "const" in schema:
        checks.append(lambda v, _c=schema["const"]: _equal(v, _c))
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        checks.append(lambda v, _s=search: not isinstance(v, str) or _s(v) is not None)
    if "minLength" in schema:
        checks.append(lambda v, _n=schema["minLength"]: not isinstance(v, str) or len(v) >= _n)
    if "minimum" in schema:
        checks.append(lambda v, _n=schema["minimum"]: not _is_number(v) or v >= _n)
    if "maximum" in schema:
        checks.append(lambda v, _n=schema["maximum"]: not _is_number(v) or v <= _n)
    if {"properties", "additionalProperties", "required", "propertyNames", "minProperties"} & set(schema):
        checks.append(_object_check(schema))
    if "items" in schema:
        item = compile_schema(schema["items"])

        def items(v: Any, _i: Check = item) -> bool:
            if isinstance(v, list):
                for x in v:
                    if not _i(x):
                        return False
            return True

        checks.append(items)
    if "minItems" in schema:
        checks.append(lambda v, _n=schema["minItems"]: not isinstance(v, list) or len(v) >= _n)
    if "oneOf" in schema:
        subs = [compile_schema(s) for s in schema["oneOf"]]
        checks.append(lambda v, _s=subs: sum(1 for s in _s if s(v)) == 1)
    if "anyOf" in schema:
        subs = [compile_schema(s) for s in schema["anyOf"]]
        checks.append(lambda v, _s=subs: any(s(v) for s in _s))
    if "not" in schema:
        neg = compile_schema(schema["not"])
        checks.append(lambda v, _n=neg: not _n(v))
    return _all(checks)


def _all(checks: list[Check]) -> Check:
    """All of ``checks``, without a generator per call (this runs for every node of every case)."""
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) and b(v)

    def every(v: Any, _c: tuple[Check, ...] = tuple(checks)) -> bool:
        for c in _c:  # noqa: SIM110 - a plain loop: no generator object per node
            if not c(v):
                return False
        return True

    return every


def _object_check(schema: dict[str, Any]) -> Check:
    props = {k: compile_schema(s) for k, s in schema.get("properties", {}).items()}
    extra = schema.get("additionalProperties", True)
    extra_check = compile_schema(extra)
    required = tuple(schema.get("required", ()))
    names = compile_schema(schema["propertyNames"]) if "propertyNames" in schema else None
    min_props = schema.get("minProperties")

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for key, value in v.items():
            prop = props.get(key)
            if prop is None:
                if not extra_check(value):
                    return False
            elif not prop(value):
                return False
            if names is not None and not names(key):
                return False
        if min_props is not None and len(v) < min_props:
            return False
        return all(k in v for k in required)

    return check
