"""What the checker sees of an instance: one element's values (items), the run they belong to, the
coded values a binding looks at, and the profiles a resource claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.profiles.model import Profile


@dataclass(slots=True)
class Item:
    """One value of an element in the instance: the value (None when only ``_name`` extensions are
    there), its location, its type, and the primitive's extension holder."""

    value: Any
    expr: str
    type: str | None
    extras: dict[str, Any] | None = None


@dataclass(slots=True)
class Run:
    """One resource against one profile: where issues go."""

    profile: Profile
    resource: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)


def coded(item: Item, kind: str) -> list[tuple[str | None, str, str]] | None:
    """(system, code, location) of a coded value; [] for a CodeableConcept with text only; None if not coded."""
    v = item.value
    if kind in ("code", "string", "uri"):
        return [(None, v, item.expr)] if isinstance(v, str) else None
    if kind in ("Coding", "Quantity"):
        if isinstance(v, dict) and isinstance(v.get("code"), str):
            return [(system_of(v), v["code"], item.expr)]
        return None
    if kind == "CodeableConcept" and isinstance(v, dict):
        codings = v.get("coding") if isinstance(v.get("coding"), list) else []
        return [(system_of(c), c["code"], f"{item.expr}.coding[{i}]")
                for i, c in enumerate(codings) if isinstance(c, dict) and isinstance(c.get("code"), str)]
    return None


def system_of(coding: dict[str, Any]) -> str | None:
    system = coding.get("system")
    return system if isinstance(system, str) else None


def claimed_urls(value: Any) -> set[str]:
    """The profiles a resource claims (``meta.profile``), without versions; nothing for odd shapes."""
    meta = value.get("meta") if isinstance(value, dict) else None
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    return {u.split("|", 1)[0] for u in profiles if isinstance(u, str)} if isinstance(profiles, list) else set()
