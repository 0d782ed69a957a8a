"""No layer breaks on malformed input: thousands of deterministic mutations of real resources
(wrong types, empty values, unknown elements, lists for objects) give findings, never a crash."""

from __future__ import annotations

import json
import random

import pytest

from fhirconv.validate import validate_resource_tree
from tests.validate.conftest import CORPUS, EXPECTED, examples
from tests.validate.test_schema_layer import _mutants


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_mutations_never_crash_a_layer(version):
    rng = random.Random(7)
    paths = examples(version.lower())
    if version == "R4":
        paths += [CORPUS / n for n in sorted(EXPECTED) if n.endswith(".json") and not n.startswith(("syntax",
                                                                                                   "duplicate-key"))]
    checked = 0
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for mutant in _mutants(data, rng, 6):
            issues = validate_resource_tree(mutant, fhir_version=version)
            crashed = [i.one_line() for i in issues if i.code == "exception"]
            assert not crashed, (path.name, crashed)
            checked += 1
    assert checked > 500
