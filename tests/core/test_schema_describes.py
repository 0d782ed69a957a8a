"""`fhirconv schema` describes every field of the case format beyond oncology."""

from __future__ import annotations

import json

import pytest

NEW = [
    ("encounters",), ("$defs", "encounter"), ("$defs", "patient", "age"), ("$defs", "patient", "outcome"),
    ("$defs", "condition", "stages"), ("$defs", "condition", "histology"), ("$defs", "condition", "due_to"),
    ("$defs", "condition", "verification_history"), ("$defs", "condition", "encounter"),
    ("$defs", "medication", "duration"), ("$defs", "medication", "as_needed"), ("$defs", "medication", "history"),
    ("$defs", "medication", "group"), ("$defs", "medication", "intent"), ("$defs", "medication", "encounter"),
    ("$defs", "procedure", "dose"), ("$defs", "procedure", "fractions"), ("$defs", "procedure", "modality"),
    ("$defs", "procedure", "technique"), ("$defs", "procedure", "part_of"), ("$defs", "procedure", "encounter"),
    ("$defs", "observation", "from"), ("$defs", "observation", "encounter"), ("$defs", "observation", "response"),
]


@pytest.fixture(scope="module")
def schema(cli):
    return json.loads(cli("schema").stdout)


@pytest.fixture(scope="module")
def cli():
    from tests.conftest import run_cli

    return run_cli


def node(schema, path):
    if path[0] == "$defs":
        here = schema["$defs"][path[1]]
        for key in path[2:]:
            here = here["properties"][key]
        return here
    return schema["properties"][path[0]]


def described(n) -> list[str]:
    """Every sub-property of ``n`` that has no description (items and properties, recursively)."""
    missing = []
    for key, sub in (n.get("properties") or {}).items():
        if "description" not in sub and "$ref" not in sub:
            missing.append(key)
        missing += [f"{key}.{m}" for m in described(sub)]
    if isinstance(n.get("items"), dict):
        missing += described(n["items"])
    return missing


@pytest.mark.parametrize("path", NEW, ids=lambda p: ".".join(p))
def test_every_new_field_is_described(schema, path):
    n = node(schema, path)
    assert n.get("description"), path
    assert described(n) == []


def test_wrong_types_have_examples_of_the_expected_shape(schema):
    med = schema["$defs"]["medication"]["properties"]
    assert schema["$defs"]["frequency"]["examples"][0] == {"times": 3, "per": "day"}
    assert med["duration"]["examples"][0] == {"value": 7, "unit": "d"}
    assert schema["$defs"]["quantity"]["examples"]
