"""Get a FHIR Bundle from what the user points at: a Bundle, a resource, NDJSON or a case file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhirconv.issues import FhirconvError, Issue

CASE_SUFFIXES = (".yaml", ".yml")


def _error(path: Path, message: str, hint: str, line: int | None = None, column: int | None = None) -> FhirconvError:
    return FhirconvError(Issue("error", message, code="structure", layer="view", file=str(path), line=line,
                               column=column, hint=hint))


def wrap(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """Resources as a collection Bundle, in the order given."""
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def _convert(path: Path) -> dict[str, Any]:
    from fhirconv.api import convert_file

    return convert_file(str(path)).bundle


def load_bundle(path: str | Path) -> dict[str, Any]:
    """The Bundle to show for ``path``; case files (YAML, or JSON with no resourceType) are converted first."""
    path = Path(path)
    if path.suffix.lower() in CASE_SUFFIXES:
        return _convert(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _error(path, f"not UTF-8 text ({exc.reason})", "give a FHIR JSON Bundle or a case file") from None
    if path.suffix.lower() == ".ndjson":
        resources = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                res = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _error(path, f"invalid JSON: {exc.msg}", "one FHIR resource per line", number,
                             exc.colno) from None
            if not isinstance(res, dict) or "resourceType" not in res:
                raise _error(path, "expected a FHIR resource (an object with resourceType)",
                             "one FHIR resource per line", number, 1)
            resources.append(res)
        return wrap(resources)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(path, f"invalid JSON: {exc.msg}", "give a FHIR JSON Bundle or a case file", exc.lineno,
                     exc.colno) from None
    if not isinstance(data, dict):
        raise _error(path, f"expected a JSON object, found {type(data).__name__}",
                     "give a FHIR Bundle, a FHIR resource or a case file", 1, 1)
    if "resourceType" not in data:
        return _convert(path)
    if data["resourceType"] == "Bundle":
        return data
    return wrap([data])
