"""Case patient -> FHIR Patient."""

from __future__ import annotations

from typing import Any

from fhirconv.case.dates import birth_range, certain_part
from fhirconv.case.model import Patient, When
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext

RESOURCE_TYPE = "Patient"


def map_patient(ctx: MapContext) -> list[dict[str, Any]]:
    p = ctx.case.patient
    deceased: dict[str, Any] = {}
    if isinstance(p.deceased, bool):
        deceased = {"deceasedBoolean": p.deceased}
    elif isinstance(p.deceased, When):
        deceased = {"deceasedDateTime": s.fhir_date(p.deceased)} if p.deceased.date else {"deceasedBoolean": True}
    elif p.outcome is not None and p.outcome.status == "deceased":
        # the outcome's date is when the source says so, not the date of death: only that the patient died
        deceased = {"deceasedBoolean": True}
    identifiers = ctx.identifier("patient") + [{"system": sys, "value": val} for sys, val in p.identifiers]
    age = f"{p.age.words} at {s.fhir_date(p.age.at) or 'an undated event'}" if p.age else None
    birth = p.birth_date.fhir() if p.birth_date else implied_birth_date(p)
    source = ctx.case.source.cite() if ctx.case.source else None
    licence = ctx.case.source.license if ctx.case.source else None
    # Patient is the one resource every case has: case-level text that has no element elsewhere
    # (title, source, licence, case notes) is kept in its narrative.
    rows = [("Sex", p.sex), ("Birth date", birth), ("Age", age),
            ("Case", ctx.case.title or ctx.case.id), ("Source", source), ("Source licence", licence),
            *(("Case note", n) for n in ctx.case.notes), *_source_rows(ctx), *_events(ctx)]
    body = {
        "identifier": identifiers,
        # Case reports withhold the name: say so (IPS and US Core require a name; a family name
        # carrying data-absent-reason 'masked' satisfies both ips-pat-1 and us-core-6).
        "name": [{"_family": s.absent("masked")}],
        "gender": p.sex,
        "birthDate": birth,
        **deceased,
    }
    res = s.resource(RESOURCE_TYPE, ctx, "patient", f"Patient of case {ctx.case.id}", rows, body)
    if p.note:
        # Patient has no note element: keep the note in the narrative so nothing is dropped.
        res["text"] = s.narrative(f"Patient of case {ctx.case.id}", [*rows, ("Note", p.note)])
    return [res]


def implied_birth_date(p: Patient) -> str | None:
    """The coarsest birth date an age at a dated event makes certain (18 months at 2019-09-15:
    ``2018``), or None; the exact range is noted on the Age observation."""
    if p.age is None or p.age.at.date is None:
        return None
    span = birth_range(p.age.at.date, p.age.value, p.age.unit)
    part = certain_part(*span) if span else None
    return part.fhir() if part else None


def _events(ctx: MapContext) -> list[tuple[str, str]]:
    """Timeline events with the source's words: every one lands here, in course order (an event
    that is a visit is better written under ``encounters``, which become Encounter resources)."""
    rows = []
    for when in ctx.case.timeline.values():
        if when.text:
            date = s.fhir_date(when)
            date = f"about {date}" if date and when.approximate else date
            relative = when.words if when.expr and (when.derived or not date) else None
            words = " ".join(w for w in (date or "undated", f"({relative})" if relative else None) if w)
            rows.append(("Event", f"{words}: {when.text}"))
    return rows


def _source_rows(ctx: MapContext) -> list[tuple[str, Any]]:
    """Parts of the source the citation line leaves out (the journal when a citation is given, the
    year, a URL beside a DOI, the PMID), so none is dropped."""
    src = ctx.case.source
    if src is None:
        return []
    cite = src.cite()
    return [(label, value) for label, value in (
        ("Journal", src.journal), ("Year", src.year), ("Source URL", src.url), ("PMID", src.pmid))
        if value is not None and str(value) not in cite and (label != "Source URL" or value != src.link)]
