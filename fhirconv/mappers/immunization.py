"""Case immunizations -> FHIR Immunization (vaccine, when, dose number, route, encounter).

Immunization.occurrence[x] is required. A date the source gives is ``occurrenceDateTime``; a vaccine
the source places only in words ("at 6 weeks of age", "7 days before presentation" with no date
for the presentation) keeps those words as ``occurrenceString`` (and, when it is an offset from an
undated anchor, the cqf-relativeDateTime extension on it), never an invented date. The dose number
is ``protocolApplied.doseNumberPositiveInt`` in R4 and ``protocolApplied.doseNumber`` (a string)
in R5.
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import Immunization
from fhirconv.mappers import dating, links
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext

RESOURCE_TYPE = "Immunization"
NOT_GIVEN = "the source gives no date"


def map_immunizations(ctx: MapContext) -> list[dict[str, Any]]:
    return [map_immunization(ctx, m) for m in ctx.case.immunizations]


def _occurrence(ctx: MapContext, m: Immunization) -> dict[str, Any]:
    if m.date is not None and m.date.date is not None:
        return {"occurrenceDateTime": m.date.date.fhir(), **dating.element(ctx, "occurrenceDateTime", m.date)}
    words = m.when_text or (m.date.words if m.date is not None else None) or NOT_GIVEN
    return {"occurrenceString": words, **dating.element(ctx, "occurrenceString", m.date)}


def map_immunization(ctx: MapContext, m: Immunization) -> dict[str, Any]:
    vaccine = s.codeable(ctx, m.concept, "medication", (*m.path, "vaccine"))
    route = s.codeable(ctx, m.route, "route", (*m.path, "route")) if m.route else None
    protocol = None
    if m.dose_number is not None:
        protocol = [{"doseNumber": str(m.dose_number)} if ctx.r5 else {"doseNumberPositiveInt": m.dose_number}]
    occurrence = _occurrence(ctx, m)
    rows = [("Vaccine", s.cc_label(vaccine)), ("Status", m.status), ("Dose", m.dose_number),
            ("Date", occurrence.get("occurrenceDateTime") or occurrence.get("occurrenceString")),
            ("Route", m.route.label if m.route else None),
            ("Encounter", links.item_label(ctx, m.encounter) if m.encounter else None), ("Note", m.note)]
    body = {
        "status": m.status,
        "vaccineCode": vaccine,
        "patient": ctx.patient_ref(),
        **links.encounter(ctx, m.encounter),
        **occurrence,
        "route": route,
        "note": s.notes(m.note, s.date_note("Date", m.date)),
        "protocolApplied": protocol,
    }
    return s.resource(RESOURCE_TYPE, ctx, m.id, f"Immunization: {s.cc_label(vaccine) or m.id}", rows, body)
