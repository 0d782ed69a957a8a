"""Paths and helpers for the validation tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
ROOT = HERE.parent.parent
EXAMPLES = ROOT.parent / "shared" / "fhir-examples"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def examples(version: str) -> list[Path]:
    """The official HL7 examples of ``version`` (r4/r5) shipped beside the project."""
    folder = EXAMPLES / version
    if not folder.is_dir():
        pytest.skip(f"official FHIR examples not present at {folder}")
    return sorted(folder.glob("*.json"))


@pytest.fixture
def invoke():
    """Run ``fhirconv validate ARGS`` in-process; returns the click Result."""
    from fhirconv.commands.validate import validate

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(validate, list(args), input=input, catch_exceptions=False)

    return run
