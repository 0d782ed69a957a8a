"""The library API: everything the CLI does, as plain functions.

>>> from fhirconv.api import convert_file
>>> conv = convert_file("samples/multiple-myeloma.yaml")
>>> conv.bundle["type"]
'collection'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fhirconv.bundle import BUNDLE_TYPES, dumps, make_bundle, ndjson_lines
from fhirconv.case import Case, load_case, parse_case
from fhirconv.issues import FhirconvError, Issue

FHIR_VERSIONS = ("R4", "R5")

__all__ = ["BUNDLE_TYPES", "FHIR_VERSIONS", "Case", "Conversion", "FhirconvError", "Issue", "convert_case",
           "convert_file", "convert_text", "load_case", "parse_case"]


@dataclass
class Conversion:
    """The result of converting one case."""

    case_id: str
    fhir_version: str
    bundle_type: str
    resources: list[dict[str, Any]]  # relative references, Patient first
    bundle: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)
    source_name: str = ""
    exact_numbers: bool = False  # some decimal must keep its written digits (fhirconv.numbers)
    profile: str | None = None  # "ips" or "mcode" (fhirconv.profiles), None for plain FHIR

    def ndjson(self) -> dict[str, list[str]]:
        return ndjson_lines(self.resources, exact=self.exact_numbers)

    def bundle_json(self) -> str:
        """The Bundle as pretty JSON text, decimals as written."""
        return dumps(self.bundle, exact=self.exact_numbers)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.resources:
            out[r["resourceType"]] = out.get(r["resourceType"], 0) + 1
        return out


def convert_case(case: Case, *, fhir_version: str = "R4", bundle_type: str | None = None,
                 profile: str | None = None) -> Conversion:
    """Map ``case`` to FHIR; raises ValueError on an unknown version, bundle type or profile.

    ``profile`` ("ips", "mcode") shapes the resources to those profiles and claims them; the
    bundle type defaults to what the profile asks for (a document for IPS), else collection."""
    from fhirconv.mappers import map_case

    if fhir_version not in FHIR_VERSIONS:
        raise ValueError(f"FHIR version must be one of {FHIR_VERSIONS}")
    resources, issues = map_case(case, fhir_version)
    source = case.source.link if case.source else None
    if profile is None:
        bundle_type = bundle_type or "collection"
        bundle = make_bundle(case.id, resources, bundle_type, source)
    else:
        from fhirconv.profiles import apply_profile

        shaped = apply_profile(profile, case, resources, fhir_version)
        resources, issues = shaped.resources, issues + shaped.issues
        bundle_type = bundle_type or shaped.bundle_type or "collection"
        document = bundle_type == "document"
        if document and shaped.bundle_type != "document":
            raise ValueError(f"a document Bundle needs a Composition: use --profile ips, not {profile}")
        bundle = make_bundle(case.id, resources, bundle_type, source,
                             timestamp=shaped.timestamp if document else None,
                             profile=shaped.bundle_profile if document else None,
                             identifier=shaped.identifier if document else None)
    return Conversion(case.id, fhir_version, bundle_type, resources, bundle, issues, case.name, case.exact_numbers,
                      profile)


def convert_file(path: str | Path, *, fhir_version: str = "R4", bundle_type: str | None = None,
                 set_dates: dict[str, str] | None = None, profile: str | None = None) -> Conversion:
    """Load, check and convert the case file at ``path`` (``-`` for stdin). ``set_dates`` pins events
    the source leaves undated (``{"admission": "2024-01-15"}``); derived dates are marked assumed."""
    return convert_case(load_case(path, set_dates), fhir_version=fhir_version, bundle_type=bundle_type,
                        profile=profile)


def convert_text(text: str, name: str = "<string>", *, fhir_version: str = "R4",
                 bundle_type: str | None = None, set_dates: dict[str, str] | None = None,
                 profile: str | None = None) -> Conversion:
    """Convert a case given as YAML or JSON text."""
    return convert_case(parse_case(text, name, set_dates), fhir_version=fhir_version, bundle_type=bundle_type,
                        profile=profile)
