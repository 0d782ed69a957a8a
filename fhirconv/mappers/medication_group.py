"""Ad-hoc medication groups (``group: home medications``, a combination given together) -> FHIR List.

A named regimen is a Procedure its drugs are ``partOf``; a group is not a procedure, only a set of
statements a source names together, which is what a List is for (R5 makes ``subject`` a list).
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import Medication
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext

RESOURCE_TYPE = "List"


def statement_keys(m: Medication) -> list[str]:
    """The keys of every MedicationStatement an item becomes (its drugs, then its status history)."""
    keys = [f"{m.id}/{s.slug(d.label)}" for d in m.drugs] if m.regimen else [m.id]
    for h in m.history:
        keys += [f"{h.id}/{s.slug(d.label)}" for d in m.drugs] if m.regimen else [h.id]
    return keys


def map_medication_groups(ctx: MapContext) -> list[dict[str, Any]]:
    groups: dict[str, list[Medication]] = {}
    for m in ctx.case.medications:
        if m.group:
            groups.setdefault(m.group, []).append(m)
    out = []
    for name, meds in groups.items():
        entries = [{"item": ctx.ref("MedicationStatement", key)} for m in meds for key in statement_keys(m)]
        labels = [m.regimen_display or m.regimen or m.drugs[0].label for m in meds]
        rows = [("Group", name), ("Medications", ", ".join(labels))]
        # R5 made List.subject a list (a list may be about several subjects).
        subject = [ctx.patient_ref()] if ctx.r5 else ctx.patient_ref()
        body = {"status": "current", "mode": "snapshot", "title": name, "subject": subject, "entry": entries}
        out.append(s.resource(RESOURCE_TYPE, ctx, f"group/{s.slug(name)}", name, rows, body))
    return out
