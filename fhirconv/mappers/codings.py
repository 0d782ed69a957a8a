"""A CodeableConcept's codings kept or left out, the user told why: the step every check that keeps
an ICD-10-CM code from a concept ends with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext


def with_codings(cc: dict[str, Any], kept: list[dict[str, Any]]) -> dict[str, Any]:
    """``cc`` with only the codings ``kept`` (its text alone when none is)."""
    return {**cc, "coding": kept} if kept else {k: v for k, v in cc.items() if k != "coding"}


def without_icd(ctx: MapContext, cc: dict[str, Any] | None, path: tuple[Any, ...],
                why: Callable[[str, str], tuple[str, str] | None]) -> dict[str, Any] | None:
    """``cc`` without the ICD-10-CM codings ``why`` (code, display) gives a reason against, as
    (the words after "is not written", the hint); the user is told of each, the other codings stay."""
    if cc is None:
        return cc
    kept = []
    for coding in cc.get("coding", []):
        display = coding.get("display") or ""
        against = why(coding["code"], display) if coding.get("system") == s.SYSTEMS["icd10cm"] else None
        if against is None:
            kept.append(coding)
            continue
        ctx.warn(path, f"ICD-10-CM {coding['code']} {display!r} is not written{against[0]}", hint=against[1])
    return with_codings(cc, kept)
