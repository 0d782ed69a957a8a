"""Odd shapes inside resources that claim profiles never crash the profile layer (no 'could not check')."""

from __future__ import annotations

import copy
import json

import pytest

from fhirconv.validate import validate_resource_tree

ODD = [None, "text", 7, [], {}, [1, "x"], {"coding": "nope"}, True]


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


EXAMPLES = [("hl7.fhir.us.mcode#4.0.0/package/example/Condition-primary-cancer-condition-jenny-m.json",
             "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"),
            ("hl7.fhir.uv.ips#2.0.0/package/example/Bundle-bundle-minimal.json",
             "http://hl7.org/fhir/uv/ips/StructureDefinition/Bundle-uv-ips")]


@pytest.mark.parametrize(("example", "profile"), EXAMPLES)
def test_odd_values_everywhere(fhir_packages, example, profile):
    data = json.loads((fhir_packages / example).read_text(encoding="utf-8"))
    paths = [p for p in _paths(data) if p[-1] != "resourceType"]
    assert len(paths) > 20
    for n, path in enumerate(paths):
        mutant = copy.deepcopy(data)
        _set(mutant, path, ODD[n % len(ODD)])
        issues = validate_resource_tree(mutant, layers=["profile"], profiles=[profile])
        crashed = [i.message for i in issues if i.code == "exception"]
        assert not crashed, (path, ODD[n % len(ODD)], crashed)
