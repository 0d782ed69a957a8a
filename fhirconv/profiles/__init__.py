"""Profile options of ``convert`` and ``push``: ``ips`` (HL7 International Patient Summary 2.0.0, a
document Bundle) and ``mcode`` (HL7 mCODE STU4, US Core 6.1 elsewhere).

A profile is a transform after the mappers: it adds ``meta.profile`` claims, the shapes those
profiles require (data-absent-reason where the source is silent) and, for IPS, the Composition.
The default output already carries what costs nothing (categories, a name with a
data-absent-reason, HL7 extensions), so the transforms stay small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fhirconv.case.model import Case
from fhirconv.issues import Issue

PROFILES = ("ips", "mcode")

__all__ = ["PROFILES", "Profiled", "apply_profile"]


@dataclass
class Profiled:
    """Resources after a profile transform, and what the Bundle needs besides them."""

    resources: list[dict[str, Any]]
    bundle_type: str | None = None  # the type the profile asks for (document for IPS)
    timestamp: str | None = None
    bundle_profile: str | None = None
    identifier: str | None = None
    issues: list[Issue] = field(default_factory=list)


def apply_profile(name: str, case: Case, resources: list[dict[str, Any]], fhir_version: str = "R4") -> Profiled:
    """``resources`` (mapped, relative references, Patient first) shaped to profile ``name``.
    Raises ValueError for an unknown profile or a FHIR version the profile is not written for."""
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    if fhir_version != "R4":
        raise ValueError(f"--profile {name} describes FHIR R4 resources; convert with --fhir-version R4")
    if name == "ips":
        from fhirconv.profiles import composition, ips
        from fhirconv.profiles.common import document_time

        ips.apply(resources)
        date, stamp = document_time(resources, case.source.year if case.source else None)
        source = case.source.link if case.source else None
        device = composition.author(case.id, {"source": source} if source else None)
        title = f"Patient summary: {case.title or case.id}"
        comp = composition.composition(case.id, title, resources, device, date)
        return Profiled([comp, *resources, device], "document", stamp, composition.BUNDLE_PROFILE,
                        f"{case.id}/ips")
    from fhirconv.profiles import mcode

    return Profiled(mcode.apply(case, resources))
