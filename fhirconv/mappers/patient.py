"""Case patient -> FHIR Patient."""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import When
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
    identifiers = ctx.identifier("patient") + [{"system": sys, "value": val} for sys, val in p.identifiers]
    age = f"{p.age.years} years at {s.fhir_date(p.age.at) or 'an undated event'}" if p.age else None
    source = ctx.case.source.cite() if ctx.case.source else None
    licence = ctx.case.source.license if ctx.case.source else None
    # Patient is the one resource every case has: case-level text that has no element elsewhere
    # (title, source, licence, case notes) is kept in its narrative.
    rows = [("Sex", p.sex), ("Birth date", p.birth_date.fhir() if p.birth_date else None), ("Age", age),
            ("Case", ctx.case.title or ctx.case.id), ("Source", source), ("Source licence", licence),
            *(("Case note", n) for n in ctx.case.notes)]
    body = {
        "identifier": identifiers,
        # Case reports withhold the name: say so (IPS and US Core require a name; a family name
        # carrying data-absent-reason 'masked' satisfies both ips-pat-1 and us-core-6).
        "name": [{"_family": s.absent("masked")}],
        "gender": p.sex,
        "birthDate": p.birth_date.fhir() if p.birth_date else None,
        **deceased,
    }
    res = s.resource(RESOURCE_TYPE, ctx, "patient", f"Patient of case {ctx.case.id}", rows, body)
    if p.note:
        # Patient has no note element: keep the note in the narrative so nothing is dropped.
        res["text"] = s.narrative(f"Patient of case {ctx.case.id}", [*rows, ("Note", p.note)])
    return [res]
