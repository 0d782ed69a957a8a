"""Pieces every profile transform uses: claiming a profile, stating an absence, finding resources.

Transforms work on the mapped resources (relative references, Patient first) and change them in
place; they run after the mappers, so the mappers stay profile-free.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any

from fhirconv.mappers.snippets import absent, coding

# The data-absent-reason code system (FHIR R4 terminology), code 'unknown': a result the source names
# without its value.
DATA_ABSENT_UNKNOWN = {"coding": [coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown",
                                         "Unknown")]}
# Where Observation.dataAbsentReason goes: before the first of these present (FHIR's order).
AFTER_DATA_ABSENT = ("interpretation", "note", "bodySite", "method", "specimen", "device", "referenceRange",
                     "hasMember", "derivedFrom", "component")


def without_value(obs: dict[str, Any]) -> bool:
    """Whether an Observation has no value, member or component: a result named without its value."""
    return not any(k.startswith("value") or k in ("component", "hasMember") for k in obs)

__all__ = ["absent", "claim", "codes_of", "document_time", "latest_date", "of_type", "put", "state_absent"]

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
DATE_KEYS = ("DateTime", "date", "Date", "start", "end")


def claim(resource: dict[str, Any], url: str) -> None:
    """Put ``url`` in ``meta.profile`` (kept after ``meta.source``), once."""
    meta = dict(resource.get("meta") or {})
    profiles = list(meta.get("profile") or [])
    if url not in profiles:
        profiles.append(url)
    meta["profile"] = profiles
    put(resource, "meta", meta, before=("text", "extension", "identifier"))


def put(resource: dict[str, Any], key: str, value: Any, before: tuple[str, ...] = ()) -> None:
    """Set ``resource[key]``; a new key goes before the first of ``before`` present, so elements stay
    in FHIR's order (the output is read by people too)."""
    if key in resource or not any(b in resource for b in before):
        resource[key] = value
        return
    items = list(resource.items())
    at = next(i for i, (k, _) in enumerate(items) if k in before)
    items.insert(at, (key, value))
    resource.clear()
    resource.update(items)


def state_absent(resource: dict[str, Any], choice: str, type_name: str, reason: str = "unknown",
                 before: tuple[str, ...] = ()) -> bool:
    """A required choice element ``choice[x]`` the source does not give: write ``_choiceType`` with a
    data-absent-reason, as the IPS examples do. False when some ``choice[x]`` is already there."""
    if any(k.startswith(choice) or k.startswith("_" + choice) for k in resource):
        return False
    put(resource, f"_{choice}{type_name}", absent(reason), before=before)
    return True


def of_type(resources: list[dict[str, Any]], resource_type: str) -> Iterator[dict[str, Any]]:
    return (r for r in resources if r["resourceType"] == resource_type)


def codes_of(cc: dict[str, Any] | None) -> set[tuple[str, str]]:
    """The (system, code) pairs of a CodeableConcept."""
    return {(c.get("system", ""), c.get("code", "")) for c in (cc or {}).get("coding", [])}


def latest_date(node: Any) -> str | None:
    """The latest date written anywhere in ``node`` (dateTime, date and Period elements), as written."""
    found: list[str] = []

    def walk(n: Any) -> None:
        if isinstance(n, dict):
            for k, v in n.items():
                if isinstance(v, str) and k.endswith(DATE_KEYS) and DATE.match(v):
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(node)
    # Compare on a padded form so 2012 sorts before 2012-01; keep the written form.
    return max(found, key=lambda d: (d[:10] + "-00-00")[:10] + d[10:], default=None)


def document_time(resources: list[dict[str, Any]], fallback_year: int | None = None) -> tuple[str, str]:
    """(Composition.date, Bundle.timestamp) of a document. Derived from the case — its latest date, as
    written, and that date's first instant; with no date at all, the source's year, else 1970 —
    so the same case gives the same bytes; SOURCE_DATE_EPOCH sets both instead, as for other
    reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))
        return stamp, stamp
    latest = latest_date(resources) or str(fallback_year or 1970)
    day = latest[:10]
    day += {4: "-01-01", 7: "-01"}.get(len(day), "")
    if "T" in latest:  # a FHIR dateTime with a time always has its zone: already an instant
        return latest, latest
    return latest, f"{day}T00:00:00Z"
