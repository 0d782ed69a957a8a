"""The input side: case files (YAML/JSON) -> checked, typed :class:`Case` with resolved dates."""

from __future__ import annotations

from pathlib import Path

from fhirconv.case.build import build_case
from fhirconv.case.loader import load_document, parse
from fhirconv.case.model import Case

__all__ = ["Case", "load_case", "parse_case"]


def load_case(path: str | Path, set_dates: dict[str, str] | None = None) -> Case:
    """Read, check and build the case in ``path`` (``-`` for stdin); ``set_dates`` pins undated events."""
    return build_case(load_document(path), set_dates)


def parse_case(text: str, name: str = "<string>", set_dates: dict[str, str] | None = None) -> Case:
    """Check and build a case from its YAML or JSON text."""
    return build_case(parse(text, name), set_dates)
