"""The ``profile`` layer: resources against the StructureDefinitions of implementation guides, offline.

For each resource, the profiles it claims in ``meta.profile`` and those asked for with ``--profile``
(for resources of the profile's type) are loaded from the FHIR package cache (see
:mod:`fhirconv.packages`) and checked: cardinality, fixed and pattern values, choice types, slicing,
extensions against their own definitions, required/extensible/maximum bindings to value sets that
can be enumerated offline, reference target profiles, FHIRPath invariants (fhirpathpy) and absent
must-support elements (information). A profile that is not installed is an error, never skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.tree import Target

LAYER = "profile"


@dataclass(frozen=True)
class ProfileOptions:
    """What the profile layer checks against: ``profiles`` (canonical URLs) and the package folder."""

    profiles: tuple[str, ...] = ()
    package_dir: str | Path | None = None
    # Several documents validated together (NDJSON): the profiles asked for are reported on (not
    # found, no resource of their type) once, with the resource types of all documents.
    report_options: bool = True
    types_present: frozenset[str] | None = None


def claimed(resource: dict[str, Any]) -> list[str]:
    meta = resource.get("meta")
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    return [p for p in profiles if isinstance(p, str)] if isinstance(profiles, list) else []


def wanted(targets: Sequence[Target], options: ProfileOptions) -> bool:
    """Is there anything for the layer to do (a claimed profile, or profiles asked for)?"""
    return bool(options.profiles) or any(claimed(t.resource) for t in targets)


def _resolver(targets: Sequence[Target], pool: Any = None):
    """Resolve a Reference within the Bundle (fullUrl or Type/id), among NDJSON documents (``pool``, the
    integrity layer's), or to a contained resource (#id)."""
    by_ref: dict[str, dict[str, Any]] = {}
    for t in targets:
        if t.entry is not None and isinstance(t.entry.get("fullUrl"), str):
            by_ref[t.entry["fullUrl"]] = t.resource
        if isinstance(t.resource.get("id"), str):
            by_ref.setdefault(f"{t.type}/{t.resource['id']}", t.resource)

    def resolve(ref: Any, resource: dict[str, Any]) -> dict[str, Any] | None:
        value = ref.get("reference") if isinstance(ref, dict) else None
        if not isinstance(value, str):
            return None
        if value.startswith("#"):
            return next((c for c in resource.get("contained") or () if isinstance(c, dict)
                         and c.get("id") == value[1:]), None)
        if value in by_ref:
            return by_ref[value]
        found = pool.find(value) if pool is not None else None
        if isinstance(found, dict):
            return found
        parts = value.rstrip("/").split("/")
        return by_ref.get("/".join(parts[-2:])) if len(parts) >= 2 else None

    return resolve


def _not_found(url: str, expr: str, folder: str) -> Issue:
    from fhirconv.validate.profiles.definitions import package_hint

    return Issue("error", f"profile not found: {url} is in none of the installed packages ({folder})",
                 code="not-found", layer=LAYER, expression=expr,
                 hint=f"install its package with {package_hint(url)}")


def check(targets: Sequence[Target], version: str, options: ProfileOptions | None = None,
          pool: Any = None) -> list[Issue]:
    """The profile layer's entry point: issues of every target against its profiles (``pool``: other
    resources references may resolve to, as :class:`fhirconv.validate.integrity.Pool`)."""
    options = options or ProfileOptions()
    if not targets or not wanted(targets, options):
        return []
    # the checker and the package cache load only for resources that claim a profile or are asked to
    # meet one (about 20 ms of imports a plain conversion does not pay)
    from fhirconv.validate.profiles.checker import Checker
    from fhirconv.validate.profiles.definitions import definitions

    defs = definitions(options.package_dir)
    folder = str(defs.folder)
    checker = Checker(defs, version, _resolver(targets, pool))
    issues: list[Issue] = []
    asked = []
    root = targets[0].expr
    present = options.types_present if options.types_present is not None else {t.type for t in targets}
    for url in dict.fromkeys(options.profiles):
        prof = checker.profile(url)
        if prof is None:
            if options.report_options:
                issues.append(_not_found(url, root, folder))
            continue
        asked.append(prof)
        if options.report_options and prof.type not in present:
            issues.append(Issue("warning", f"no {prof.type} resource here to check against {url}",
                                code="not-found", layer=LAYER, expression=root))
    for target in targets:
        todo: dict[str, str] = {}
        for i, url in enumerate(claimed(target.resource)):
            todo.setdefault(url.split("|", 1)[0], f"{target.expr}.meta.profile[{i}]")
        for prof in asked:
            if prof.type == target.type:
                todo.setdefault(prof.url, target.expr)
        for url, where in todo.items():
            prof = checker.profile(url)
            if prof is None:
                issues.append(_not_found(url, where, folder))
            elif prof.type != target.type:
                issues.append(Issue("error", f"{url} is a profile of {prof.type}, not of {target.type}",
                                    code="invalid", layer=LAYER, expression=where))
            else:
                major = {"R4": "4", "R5": "5"}.get(version, "")
                if prof.fhir_version and major and not prof.fhir_version.startswith(major):
                    issues.append(Issue("warning", f"{url} is written for FHIR {prof.fhir_version}, this resource "
                                        f"is checked as {version}", code="informational", layer=LAYER,
                                        expression=where))
                issues.extend(checker.validate(target.resource, target.expr, prof))
    return issues


__all__ = ["LAYER", "ProfileOptions", "check", "claimed", "wanted"]
