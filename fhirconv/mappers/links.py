"""References between a case's items (encounter, due to, part of, from) as FHIR wants them.

An item id names a resource whose type depends on its section: a condition is a Condition, a drug a
MedicationStatement, a named regimen the Procedure its drugs are ``partOf``, an encounter an
Encounter. Element names differ by version: MedicationStatement's encounter is ``context`` in R4.
"""

from __future__ import annotations

from typing import Any

from fhirconv.mappers.context import MapContext

TYPES = {"conditions": "Condition", "procedures": "Procedure", "observations": "Observation",
         "encounters": "Encounter", "medications": "MedicationStatement", "allergies": "AllergyIntolerance",
         "family_history": "FamilyMemberHistory", "immunizations": "Immunization"}


def item_ref(ctx: MapContext, item_id: str) -> dict[str, str]:
    """The reference to the resource an item id names (the case has been checked: the id exists)."""
    section = ctx.case.section_of(item_id)
    rtype = TYPES.get(section or "", "Observation")
    if section == "medications":
        med = next((m for m in ctx.case.medications if m.id == item_id), None)
        if med is None:  # an entry of a drug's status history: its own statement, or its regimen's
            med = ctx.case.medication_of_change(item_id)
            if med is not None and med.regimen:
                return ctx.ref("Procedure", med.id, f"{med.regimen} regimen")
        elif med.regimen:
            return ctx.ref("Procedure", item_id, f"{med.regimen} regimen")
    return ctx.ref(rtype, item_id)


def item_label(ctx: MapContext, item_id: str) -> str:
    """Words for an item in a narrative (its term), not its id."""
    for section in ("conditions", "procedures", "observations", "encounters", "medications", "allergies",
                    "immunizations"):
        for item in getattr(ctx.case, section):
            if item.id != item_id:
                continue
            concept = getattr(item, "concept", None) or getattr(item, "type", None)
            if section == "medications":
                return item.regimen_display or item.regimen or item.drugs[0].label
            if section == "encounters":
                return (concept.label if concept else None) or f"{item.cls} encounter"
            if concept is not None:
                return concept.label
    med = ctx.case.medication_of_change(item_id)
    if med is not None:
        change = next(h for h in med.history if h.id == item_id)
        return f"{item_label(ctx, med.id)} ({change.status})"
    return item_id


def encounter(ctx: MapContext, key: str | None, element: str = "encounter") -> dict[str, Any]:
    """``{"encounter": Reference(Encounter)}`` (or ``element``) when the item names its encounter."""
    return {element: ctx.ref("Encounter", key)} if key else {}
