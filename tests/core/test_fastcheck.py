"""The compiled case check gives exactly jsonschema's verdict, on good and on broken cases."""

from __future__ import annotations

import copy
import json
import random

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from fhirconv.case.fastcheck import Unsupported, compile_schema
from fhirconv.case.schema import _inlined
from tests.conftest import SAMPLES

SAMPLE_DATA = [json.loads(json.dumps(YAML(typ="safe").load(p.read_text(encoding="utf-8")), default=str))
               for p in sorted(SAMPLES.glob("*.yaml"))]
JUNK = [None, True, False, 0, -1, 1.5, 2011, "", "x", "2011-02-30", [], [1], {}, {"term": "x"},
        {"value": 5, "unit": "mg"}, {"site": "orbit", "laterality": "up"}]


def mutations(data, rng, n):
    """Copies of ``data`` with one value replaced, one key dropped, or one unknown key added."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*path, k))
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                paths.append((*path, i))
                walk(v, (*path, i))

    walk(data, ())
    for _ in range(n):
        out = copy.deepcopy(data)
        path = rng.choice(paths)
        parent = out
        for part in path[:-1]:
            parent = parent[part]
        action = rng.random()
        if action < 0.6:
            parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        elif action < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent["unexpected"] = 1
        yield out


@pytest.mark.parametrize("index", range(len(SAMPLE_DATA)))
def test_verdicts_equal_jsonschema(index):
    schema = _inlined()
    fast = compile_schema(schema)
    slow = Draft202012Validator(schema)
    rng = random.Random(index)
    data = SAMPLE_DATA[index]
    assert fast(data) and slow.is_valid(data)
    checked = invalid = 0
    for case in mutations(data, rng, 400):
        assert fast(case) == slow.is_valid(case), json.dumps(case)[:300]
        checked += 1
        invalid += not slow.is_valid(case)
    assert invalid > checked / 4, "the mutations must break many cases, or the test proves little"


def test_unknown_keywords_are_not_compiled():
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "dependentRequired": {"a": ["b"]}})
    assert compile_schema({"type": "integer"})(5.0) is Draft202012Validator({"type": "integer"}).is_valid(5.0)
    assert compile_schema({"enum": [1]})(True) is False
