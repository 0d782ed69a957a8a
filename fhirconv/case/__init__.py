"""The input side: case files (YAML/JSON) -> checked, typed :class:`Case` with resolved dates."""

from __future__ import annotations

from pathlib import Path

from fhirconv.case.build import build_case
from fhirconv.case.loader import load_document, parse
from fhirconv.case.model import Case

__all__ = ["Case", "load_case", "parse_case"]


def load_case(path: str | Path) -> Case:
    """Read, check and build the case in ``path`` (``-`` for stdin)."""
    return build_case(load_document(path))


def parse_case(text: str, name: str = "<string>") -> Case:
    """Check and build a case from its YAML or JSON text."""
    return build_case(parse(text, name))
