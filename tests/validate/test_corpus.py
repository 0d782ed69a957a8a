"""Each broken input is caught by the right layer at the right location, and nothing else is an error."""

from __future__ import annotations

import json

import pytest

from fhirconv.validate import LAYERS, validate_text
from tests.validate.build_corpus import cases
from tests.validate.conftest import CORPUS, EXPECTED


def _run(name: str, **overrides):
    spec = EXPECTED[name]
    kwargs = {"fhir_version": spec.get("fhir_version", "R4"), "allow_external": spec.get("allow_external", False)}
    kwargs.update(overrides)
    return validate_text((CORPUS / name).read_text(encoding="utf-8"), source=name, **kwargs)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name):
    issues = _run(name)
    errors = sorted((i.layer, i.expression or "") for i in issues if i.is_error)
    warnings = sorted((i.layer, i.expression or "") for i in issues if i.severity == "warning")
    assert errors == sorted(map(tuple, EXPECTED[name]["errors"])), [i.one_line() for i in issues]
    assert warnings == sorted(map(tuple, EXPECTED[name]["warnings"])), [i.one_line() for i in issues]
    for issue in issues:
        assert issue.message and issue.code and issue.layer in LAYERS
        assert issue.file == name


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if EXPECTED[n]["errors"]))
def test_only_the_expected_layer_is_needed(name):
    """Running just the layer that should catch the defect still catches it (layers stand alone)."""
    layers = {layer for layer, _ in EXPECTED[name]["errors"]}
    issues = _run(name, layers=layers)
    assert sorted((i.layer, i.expression or "") for i in issues if i.is_error) == \
        sorted(map(tuple, EXPECTED[name]["errors"]))


def test_syntax_errors_have_line_and_column():
    (issue,) = _run("syntax-missing-comma.json")
    assert issue.severity == "fatal" and (issue.line, issue.column) == (8, 3)  # where the comma is missing
    (issue,) = [i for i in _run("syntax-ndjson-bad-line.ndjson") if i.is_error]
    assert issue.line == 3 and issue.column is not None


def test_ndjson_lines_keep_their_line_numbers():
    text = (CORPUS / "syntax-ndjson-bad-line.ndjson").read_text(encoding="utf-8")
    broken = text.replace('"status": "final"', '"status": "done"').replace('"gender": "female"', '"gender": "f"')
    issues = validate_text(broken, source="x.ndjson")
    assert [(i.line, i.expression) for i in issues if i.layer == "schema"] == [(1, "Patient.gender")]


def test_corpus_files_are_what_the_builder_writes():
    """The committed corpus is the builder's output (edit build_corpus.py, then rerun it)."""
    for name, (doc, errors, _opts) in cases().items():
        path = next(CORPUS.glob(f"{name}.*"))
        text = path.read_text(encoding="utf-8")
        assert text == (doc if isinstance(doc, str) else json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        assert sorted(map(tuple, EXPECTED[path.name]["errors"])) == sorted(errors)
