"""Layer c: the official HL7 FHIR JSON Schema (R4 4.0.1, R5 5.0.0) with jsonschema-rs.

Each resource is validated against its own definition (``#/definitions/<Type>``), never through the
schema's root ``oneOf`` over all resource types, which is slow and reports its errors at the root.
Resources inside a resource (``contained``, ``Parameters.parameter.resource``) are found by the
typed walk (:func:`fhirconv.validate.tree.typed_nodes`) and checked the same way, each against its
own definition at its own location; the entry resources of a Bundle are targets of their own.

jsonschema-rs (a maintained Rust implementation) gives jsonschema's verdicts and error locations
at tens of thousands of resources per second; one compiled validator per (version, resource type)
is built on first use and cached. ``tests/validate/test_schema_layer.py`` compares its verdicts and
locations with plain ``jsonschema.Draft6Validator`` on every official example, the whole corpus and
thousands of mutations. No format checker is used (the FHIR schema carries its formats as patterns).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.fhirschema import RESOURCE_LIST, index, load, stamp
from fhirconv.validate.json_syntax import without_lone_surrogates
from fhirconv.validate.tree import Target, each_target, loc_to_expr, nodes

LAYER = "schema"
_MAX_MESSAGE = 200


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            out.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            if isinstance(value, dict | list):
                _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def _reachable(definitions: dict[str, Any], type_name: str) -> dict[str, Any]:
    """The definitions ``type_name`` refers to, directly or not: handing jsonschema-rs these 60-odd
    instead of all 1,000-odd makes compiling a validator about six times cheaper."""
    seen, stack = {type_name}, [type_name]
    while stack:
        found: set[str] = set()
        _refs(definitions[stack.pop()], found)
        for name in sorted(found - seen):
            seen.add(name)
            stack.append(name)
    return {name: definitions[name] for name in sorted(seen)}


# version -> what the cache directory's file for its schema holds: {"types": {type: [names of the
# definitions it reaches]}, "definitions": {name: definition}}
_kept: dict[str, dict[str, dict[str, Any]]] = {}


def _definitions(version: str, type_name: str) -> dict[str, Any]:
    """:func:`_reachable` for ``type_name``, kept on disk by schema file (a later run reads these
    instead of parsing the whole schema). One file per schema holds the definitions of every type
    met so far, each once: the resource types share most of theirs (six types reach 78 definitions,
    not 360), so reading them is a few milliseconds less than one file per type."""
    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    path = base / f"schema-definitions-{stamp(version)}.bin" if base is not None else None
    kept = _kept.get(version)
    if kept is None:
        kept = _kept[version] = _read_kept(path)
    names = kept["types"].get(type_name)
    if names is not None:
        return {name: kept["definitions"][name] for name in names}
    definitions = _reachable(load(version).definitions, type_name)
    if path is not None:
        from fhirconv.diskcache import write_signed

        on_disk = _read_kept(path)  # with what other processes kept meanwhile
        for found in (on_disk, kept):
            found["types"][type_name] = list(definitions)
            found["definitions"].update(definitions)
        write_signed(path, on_disk, stale=f"schema-definitions-{version}-*")
    return definitions


def _read_kept(path: Any) -> dict[str, dict[str, Any]]:
    from fhirconv.diskcache import read_signed

    data = read_signed(path) if path is not None else None
    if (type(data) is dict and type(data.get("types")) is dict and type(data.get("definitions")) is dict
            and all(type(names) is list and all(name in data["definitions"] for name in names)
                    for names in data["types"].values())):
        return data
    return {"types": {}, "definitions": {}}


@cache
def validator(version: str, type_name: str) -> Any:
    """The compiled jsonschema-rs validator of one resource type (built once per process)."""
    import jsonschema_rs

    definitions = _definitions(version, type_name)
    return jsonschema_rs.Draft6Validator(
        {"$ref": f"#/definitions/{type_name}", "definitions": definitions}, validate_formats=False)


def _kind(err: Any) -> str:
    return type(err.kind).__name__


def _to_issues(err: Any, base: str) -> list[Issue]:
    kind = _kind(err)
    where = base + loc_to_expr(list(err.instance_path))
    if kind == "AdditionalProperties":
        return [
            Issue("error", f"unknown element {name!r}", code="structure", layer=LAYER, expression=f"{where}.{name}",
                  hint="check the spelling against the FHIR definition of this type")
            for name in err.kind.unexpected
        ]
    if kind == "Required":
        name = err.kind.property
        return [Issue("error", f"missing required element {name!r}", code="required", layer=LAYER,
                      expression=f"{where}.{name}")]
    code = {"Enum": "code-invalid", "Constant": "value"}.get(kind, "value")
    message = err.message
    if kind == "Pattern":
        message = f"{err.instance!r} does not have the form the FHIR type requires"
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return [Issue("error", message, code=code, layer=LAYER, expression=where)]


def as_checked(resource: Any) -> Any:
    """What the structure and schema layers look at for one target: a Bundle without its entries'
    resources (those are targets of their own), any other resource whole."""
    if isinstance(resource, dict) and resource.get("resourceType") == "Bundle":
        return _without_entry_resources(resource)
    return resource


def _without_entry_resources(instance: dict[str, Any]) -> dict[str, Any]:
    """A Bundle as its own definition sees it: the entries' resources are targets of their own."""
    if isinstance(instance.get("entry"), list):
        instance = dict(instance)
        instance["entry"] = [
            {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
            for e in instance["entry"]
        ]
    return instance


def check_instance(instance: Any, version: str, expr: str) -> list[Issue]:
    """One resource (nested resources excluded) against its own definition."""
    if not isinstance(instance, dict):
        return [Issue("error", f"{_excerpt(instance)} is not a resource (an object with resourceType)",
                      code="structure", layer=LAYER, expression=expr)]
    rtype = instance.get("resourceType")
    if not isinstance(rtype, str) or rtype not in index(version).resource_types:
        return [Issue("error", f"unknown resourceType {_excerpt(rtype)}", code="structure", layer=LAYER,
                      expression=f"{expr}.resourceType")]
    if rtype == "Bundle":
        instance = _without_entry_resources(instance)
    check = validator(version, rtype)
    try:
        valid = check.is_valid(instance)
    except ValueError:  # a lone surrogate (reported by the json layer) cannot cross into Rust
        instance = without_lone_surrogates(instance)
        valid = check.is_valid(instance)
    if valid:
        return []
    try:
        errors = list(check.iter_errors(instance))
    except ValueError:  # a value of a Python type jsonschema-rs does not take (an exact decimal...), or
        instance = without_lone_surrogates(_plain(instance))  # a lone surrogate in a value it reports
        errors = [] if check.is_valid(instance) else list(check.iter_errors(instance))
    issues: list[Issue] = []
    for err in sorted(errors, key=lambda e: [str(p) for p in e.instance_path]):
        issues.extend(_to_issues(err, expr))
    return issues


def _json_value(value: Any) -> Any:
    import numbers

    return float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else str(value)


def _plain(instance: Any) -> Any:
    """The same JSON value built of plain dicts, lists, strings and numbers only."""
    import json

    return json.loads(json.dumps(instance, default=_json_value))


def _excerpt(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_resource(target: Target, version: str) -> list[Issue]:
    """Validate one target resource and the resources nested in it."""
    rtype = target.resource.get("resourceType")
    if not isinstance(rtype, str) or rtype not in index(version).resource_types:
        return []  # reported by the structure layer
    issues = check_instance(target.resource, version, target.expr)
    for node, expr in nodes(target, version, RESOURCE_LIST):
        issues.extend(check_instance(node, version, expr))
    return issues


def check(targets: list[Target], version: str) -> list[Issue]:
    """Layer entry point: every target resource against its own definition."""
    return each_target(targets, check_resource, version)
