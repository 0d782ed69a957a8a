"""The schema layer gives plain jsonschema's verdicts, only faster.

The layer validates with jsonschema-rs, each resource (contained ones included) against its own
definition (see fhirconv.validate.schema). Here its verdicts and error locations are compared with
plain ``Draft6Validator`` (``$ref`` resolved by ``referencing``) on every official example, the
whole corpus, and deterministic mutations of the examples.
"""

from __future__ import annotations

import copy
import json
import random
from functools import cache

import pytest

from fhirconv.validate.fhirschema import load, schema_path
from fhirconv.validate.schema import check_instance, validator
from tests.validate.conftest import CORPUS, examples


@cache
def plain(version: str, type_name: str):
    from jsonschema import Draft6Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT6

    raw = _raw(version)
    registry = Registry().with_resource(raw["id"], Resource(contents=raw, specification=DRAFT6))
    return Draft6Validator({"$ref": f"{raw['id']}#/definitions/{type_name}"}, registry=registry)


@cache
def _raw(version: str):
    return json.loads(schema_path(version).read_text(encoding="utf-8"))


def resources_of(data):
    """Each resource alone (a Bundle without its entry resources, and each entry resource)."""
    if data.get("resourceType") == "Bundle":
        yield {**data, "entry": [{k: v for k, v in e.items() if k != "resource"} for e in data.get("entry", [])]}
        for e in data.get("entry", []):
            if isinstance(e.get("resource"), dict):
                yield from resources_of(e["resource"])
    else:
        yield data


def _paths(issues) -> set[str]:
    return {i.expression for i in issues}


def _plain_paths(errors, base: str) -> set[str]:
    """The locations the layer reports for plain jsonschema's errors (one per unknown or missing
    element, the element's own location otherwise)."""
    from fhirconv.validate.tree import loc_to_expr

    out: set[str] = set()
    for e in errors:
        where = base + loc_to_expr(list(e.absolute_path))
        if e.validator == "additionalProperties":
            out |= {f"{where}.{n}" for n in e.instance if n not in e.schema.get("properties", {})}
        elif e.validator == "required":
            out |= {f"{where}.{m}" for m in e.validator_value if m not in e.instance}
        else:
            out.add(where)
    return out


def compare(resource, version: str, paths: bool = True) -> bool:
    """Same verdict as plain jsonschema, and (without contained resources) the same locations.
    Returns whether the resource is valid."""
    rtype = resource["resourceType"]
    theirs = list(plain(version, rtype).iter_errors(resource))
    valid = validator(version, rtype).is_valid(resource)
    if "contained" not in resource:
        assert valid == (not theirs), (rtype, resource.get("id"), [e.message for e in theirs])
    if paths and "contained" not in resource:  # plain reports contained errors at its oneOf
        ours = check_instance(resource, version, rtype)
        assert _paths(ours) == _plain_paths(theirs, rtype), (rtype, resource.get("id"))
    elif not theirs:
        assert not check_instance(resource, version, rtype)
    return valid


def _mutants(resource, rng: random.Random, count: int):
    for _ in range(count):
        mutant = copy.deepcopy(resource)
        node, parent, key = mutant, None, None
        for _depth in range(rng.randint(1, 6)):
            if isinstance(node, dict) and node:
                key = rng.choice(sorted(node))
            elif isinstance(node, list) and node:
                key = rng.randrange(len(node))
            else:
                break
            parent, node = node, node[key]
        if parent is None or key == "resourceType":
            continue
        kind = rng.randrange(5)
        if kind == 0:
            parent[key] = 12345
        elif kind == 1:
            parent[key] = ""
        elif kind == 2:
            parent[key] = {"unexpected": True}
        elif kind == 3 and isinstance(parent, dict):
            parent["bogusElement"] = "x"
        else:
            parent[key] = [parent[key]] if not isinstance(parent[key], list) else "not-a-list"
        yield mutant


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_official_examples_same_verdicts_as_plain_jsonschema(version):
    for path in examples(version.lower()):
        for resource in resources_of(json.loads(path.read_text(encoding="utf-8"))):
            compare(resource, version)


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_mutated_examples_same_verdicts_and_locations(version):
    rng = random.Random(20240605)
    checked = invalid = 0
    for path in examples(version.lower()):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["resourceType"] == "Bundle" or "contained" in data:
            continue
        for mutant in _mutants(data, rng, 3):
            checked += 1
            invalid += not compare(mutant, version)
    assert checked > 250 and invalid > 100  # the mutations do break things


def test_corpus_same_verdicts_as_plain_jsonschema():
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    for name, spec in expected.items():
        if name.endswith(".ndjson") or name.startswith(("syntax", "duplicate-key")):
            continue
        data = json.loads((CORPUS / name).read_text(encoding="utf-8"))
        for resource in resources_of(data):
            if resource.get("resourceType") in load(spec.get("fhir_version", "R4")).resource_types:
                compare(resource, spec.get("fhir_version", "R4"))


def test_contained_resources_checked_at_their_own_location():
    from fhirconv.validate.schema import check_resource
    from fhirconv.validate.tree import targets_of

    patient = {"resourceType": "Patient", "id": "p", "contained": [
        {"resourceType": "Organization", "id": "o", "name": 5},
        {"resourceType": "NoSuchType"},
        "not a resource",
    ]}
    issues = [i for t in targets_of(patient, "Patient") for i in check_resource(t, "R4")]
    assert {i.expression for i in issues} == {
        "Patient.contained[0].name", "Patient.contained[1].resourceType", "Patient.contained[2]"}


def test_definitions_kept_on_disk_are_the_schema_s(tmp_path, monkeypatch):
    """A later run reads each type's definitions from the cache instead of the whole schema: what
    it reads is exactly what the whole schema gives."""
    from fhirconv.validate import schema
    from fhirconv.validate.fhirschema import load

    monkeypatch.setenv("FHIRCONV_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(schema, "_kept", {})
    wholes = {}
    for version in ("R4", "R5"):
        for type_name in ("Observation", "Bundle", "Patient"):
            whole = wholes[version, type_name] = schema._reachable(load(version).definitions, type_name)
            assert schema._definitions(version, type_name) == whole  # computed, then kept
            assert list(tmp_path.glob(f"schema-definitions-{version}-*.bin"))
            assert schema._definitions(version, type_name) == whole  # read back
    monkeypatch.setattr(schema, "_kept", {})  # a later process: the file alone, not the whole schema
    monkeypatch.setattr(schema, "load", None)
    for (version, type_name), whole in wholes.items():
        assert schema._definitions(version, type_name) == whole
        assert list(schema._definitions(version, type_name)) == list(whole)
    assert len(list(tmp_path.glob("schema-definitions-*"))) == 2  # one file a schema
