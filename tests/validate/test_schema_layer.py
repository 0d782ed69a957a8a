"""The schema layer gives plain jsonschema's verdicts, only faster.

The layer pre-links the official schema, dispatches ``ResourceList`` on resourceType and proves
valid subtrees without descending (see fhirconv.validate.schema). Here its verdicts and error
locations are compared with plain ``Draft6Validator`` (``$ref`` resolved by ``referencing``) on
every official example, the whole corpus, and deterministic mutations of the examples.
"""

from __future__ import annotations

import copy
import json
import random
from functools import cache

import pytest

from fhirconv.validate.fhirschema import load, schema_path
from fhirconv.validate.schema import _validator, prover
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


def compare(resource, version: str, paths: bool = True) -> None:
    rtype = resource["resourceType"]
    theirs = list(plain(version, rtype).iter_errors(resource))
    proved = prover(version)(load(version).definitions[rtype])(resource)
    assert proved == (not theirs), (rtype, resource.get("id"), [e.message for e in theirs])
    if paths and "contained" not in resource:  # plain reports contained errors at its oneOf
        ours = {tuple(e.absolute_path) for e in _validator(version, rtype).iter_errors(resource)}
        assert ours == {tuple(e.absolute_path) for e in theirs}


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
            compare(mutant, version)
            checked += 1
            invalid += not prover(version)(load(version).definitions[mutant["resourceType"]])(mutant)
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


def test_linked_schema_has_no_refs_left():
    for version in ("R4", "R5"):
        seen: set[int] = set()
        stack = list(load(version).definitions.values())
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                assert "$ref" not in node
                stack.extend(v for v in node.values() if isinstance(v, dict | list))
            elif isinstance(node, list):
                stack.extend(v for v in node if isinstance(v, dict | list))
