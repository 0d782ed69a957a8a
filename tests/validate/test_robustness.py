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


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_lone_surrogates_are_reported_where_they_are(version, tmp_path):
    """JSON can spell a lone surrogate ("\\ud800"); Unicode text cannot hold one, and the schema layer's
    Rust engine cannot take one: the json layer names each place, no layer fails, and the rest of
    the document is still checked."""
    from fhirconv.validate import validate_text

    resource = {"resourceType": "Patient", "id": "p1", "gender": "female",
                "name": [{"family": "Ab\ud800c"}], "birthDate": "2011-02-30",
                "text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">\udc00</div>'},
                "extension": [{"url": "http://example.org/x", "valueString": "ok", "\ud83d": 1}],
                "_gender": {"extension": [{"url": "http://example.org/y", "resourceType": "\ud800"}]},
                "maritalStatus": {"coding": [{"system": "http://example.org/\udc01", "code": 5}]}}
    text = json.dumps(resource)  # ASCII-escaped, as a file would spell them
    issues = validate_text(text, source="p.json", fhir_version=version)
    errors = {(i.layer, i.expression) for i in issues if i.is_error}
    assert ("json", "Patient.name[0].family") in errors
    assert ("json", "Patient.text.div") in errors
    assert ("json", "Patient.extension[0].\\ud83d") in errors  # written escaped, so it can be printed
    assert ("json", "Patient._gender.extension[0].resourceType") in errors
    assert not [i for i in issues if i.code == "exception"]
    assert any(i.expression == "Patient.birthDate" for i in issues if i.is_error)  # the rest still checked


def test_lone_surrogate_in_an_unknown_element_of_an_extension():
    """Found by the long fuzz run: jsonschema-rs accepted the input for a yes/no answer but could not
    report its errors, and pydantic could not render its own message."""
    from fhirconv.validate import validate_text

    condition = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"},
                 "code": {"text": "x"}, "onsetDateTime": "2011",
                 "_onsetDateTime": {"extension": [{
                     "url": "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime",
                     "extension": [{"url": "offset", "valueDuration": {"value": 0, "unit": "days"},
                                    "resourceType": "\ud800"}]}]}}
    issues = validate_text(json.dumps(condition), source="c.json", layers=["json", "structure", "schema"])
    assert not [i.one_line() for i in issues if i.code == "exception"]
    assert any(i.layer == "json" and i.expression.endswith("extension[0].resourceType") for i in issues)
