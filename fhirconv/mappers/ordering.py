"""Putting a case's resources in the order of its course when the case gives a ``sequence``.

Case reports often tell the order of events without their dates ("after stem cell collection,
radiation therapy was performed"). The Bundle is where that order can live without inventing a
date: resources follow the sequence, dated items not in it are placed by date, and undated items
not in it come last. Patient (and its age) stay first.
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.dates import PartialDate
from fhirconv.case.model import Case
from fhirconv.naming import IDENTIFIER_SYSTEM


def item_dates(case: Case) -> dict[str, PartialDate | None]:
    """The main date of every item and status-history entry (None where the source gives none)."""
    dates: dict[str, PartialDate | None] = {}
    for c in case.conditions:
        dates[c.id] = c.onset.date if c.onset else None
        for h in c.history:
            dates[h.id] = h.when.date
    for m in case.medications:
        dates[m.id] = m.start.date if m.start else None
        for h in m.history:
            dates[h.id] = h.when.date
    for e in case.encounters:
        when = e.date or e.start
        dates[e.id] = when.date if when else None
    for c in case.conditions:
        for v in c.verification_history:
            if v.id:
                dates[v.id] = v.when.date
    for p in case.procedures:
        when = p.date or p.start
        dates[p.id] = when.date if when else None
    for o in case.observations:
        dates[o.id] = o.date.date if o.date else None
    if case.patient.age:
        dates["patient/age"] = case.patient.age.at.date
    return dates


def _item_of(resource: dict[str, Any]) -> str:
    """``<case>/<item>[/<part>]`` -> the item (a regimen's drugs belong to the regimen); the
    patient's age observation is an item of its own, placed by its date."""
    for ident in resource.get("identifier", []):
        if ident.get("system") == IDENTIFIER_SYSTEM:
            key = ident["value"].split("/", 1)[1]
            return key if key == "patient/age" else key.split("/", 1)[0]
    return ""


def order_resources(case: Case, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not case.sequence:
        return resources
    dates = item_dates(case)
    position = {name: i for i, name in enumerate(case.sequence)}
    anchors = [(i, dates.get(name) or (case.timeline[name].date if name in case.timeline else None))
               for i, name in enumerate(case.sequence)]
    dated_anchors = [(i, d) for i, d in anchors if d is not None]

    def rank(item: str) -> tuple[int, float]:
        if item == "patient":
            return (0, -1.0)
        if item in position:
            return (0, float(position[item]))
        date = dates.get(item)
        if date is None:
            return (1, 0.0)  # undated and not in the sequence: after the course, in case order
        # Just after the last dated sequence item that is not later than it.
        earlier = [i for i, d in dated_anchors if not date.before(d)]
        return (0, (max(earlier) if earlier else -1) + 0.5)

    keyed = sorted(enumerate(resources), key=lambda pair: (rank(_item_of(pair[1])), pair[0]))
    return [r for _, r in keyed]
