"""The IPS document: a Composition (LOINC 60591-5 Patient summary Document) whose sections list
every resource of their kind, and the Device that authored it (fhirconv itself).

Section codes and displays are those of hl7.fhir.uv.ips 2.0.0: the patterns of the
Composition-uv-ips slices, displays as in the package's example Bundles
(Bundle-bundle-ips-all-sections.json). The three sections IPS requires (problems, allergies,
medications) are always written: with no entry, they carry ``emptyReason`` 'unavailable' and
say so in their text, as the package's Bundle-bundle-no-info-required-sections.json does.

Encounters stay outside the sections: no IPS 2.0.0 section takes an Encounter (only the Patient
Story, which is narrative about the patient, takes any resource), and a summary is not a visit
history. They are reached through the Conditions and Observations that refer to them. Every other
Observation (verification over time, vital status, course) goes to Results, which takes any.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fhirconv.mappers.observation import CATEGORY as OBSERVATION_CATEGORY
from fhirconv.mappers.snippets import XHTML, coding
from fhirconv.naming import IDENTIFIER_SYSTEM, stable_id

LOINC = "http://loinc.org"
COMPOSITION_PROFILE = "http://hl7.org/fhir/uv/ips/StructureDefinition/Composition-uv-ips"
BUNDLE_PROFILE = "http://hl7.org/fhir/uv/ips/StructureDefinition/Bundle-uv-ips"
DOCUMENT_TYPE = ("60591-5", "Patient summary Document")
EMPTY_REASON = {"coding": [coding("http://terminology.hl7.org/CodeSystem/list-empty-reason", "unavailable",
                                  "Unavailable")], "text": "No information available"}
# Keys of the resources fhirconv adds: item ids start with a letter or digit, so "_" never collides.
COMPOSITION_KEY = "_document/composition"
AUTHOR_KEY = "_document/author"


def _categories(r: dict[str, Any]) -> set[str]:
    return {c.get("code", "") for cc in r.get("category", []) for c in cc.get("coding", [])
            if c.get("system") == OBSERVATION_CATEGORY}


def _obs(*cats: str) -> Callable[[dict[str, Any]], bool]:
    return lambda r: r["resourceType"] == "Observation" and bool(_categories(r) & set(cats))


def _results(r: dict[str, Any]) -> bool:
    return r["resourceType"] == "Observation" and not _categories(r) & {"vital-signs", "social-history"}


@dataclass(frozen=True)
class Section:
    title: str
    code: str
    display: str
    holds: Callable[[dict[str, Any]], bool]
    required: bool = False


SECTIONS = (
    Section("Problems", "11450-4", "Problem list - Reported", lambda r: r["resourceType"] == "Condition", True),
    Section("Allergies and Intolerances", "48765-2", "Allergies and adverse reactions Document",
            lambda r: r["resourceType"] == "AllergyIntolerance", True),
    Section("Medication Summary", "10160-0", "History of Medication use Narrative",
            lambda r: r["resourceType"] == "MedicationStatement", True),
    Section("Immunizations", "11369-6", "History of Immunization note",
            lambda r: r["resourceType"] == "Immunization"),
    Section("History of Procedures", "47519-4", "History of Procedures Document",
            lambda r: r["resourceType"] == "Procedure"),
    Section("Results", "30954-2", "Relevant diagnostic tests/laboratory data note", _results),
    # the display the terminology tables give the code (FHIR R4 and R5 expansions), which validation checks
    Section("Vital Signs", "8716-3", "Vital signs", _obs("vital-signs")),
    Section("Social History", "29762-2", "Social history note", _obs("social-history")),
)


def rid(case_id: str, key: str) -> str:
    return stable_id(f"{case_id}/{key}")


def title_of(resource: dict[str, Any]) -> str:
    """The heading of a resource's generated narrative (already XHTML-escaped)."""
    found = re.search(r"<p><b>(.*?)</b></p>", resource.get("text", {}).get("div", ""))
    return found.group(1) if found else html.escape(resource["resourceType"])


def _div(body: str) -> dict[str, str]:
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def author(case_id: str, meta: dict[str, Any] | None) -> dict[str, Any]:
    """fhirconv as the Device that wrote the summary (IPS allows a Device as author)."""
    out: dict[str, Any] = {"resourceType": "Device", "id": rid(case_id, AUTHOR_KEY)}
    if meta:
        out["meta"] = dict(meta)
    out.update({
        "text": _div("<p><b>fhirconv</b>: software that converted the case report to FHIR</p>"),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": f"{case_id}/{AUTHOR_KEY}"}],
        "deviceName": [{"name": "fhirconv", "type": "user-friendly-name"}],
        "type": {"text": "software converting case reports to FHIR"},
    })
    return out


def _section(section: Section, members: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": section.title, "code": {"coding": [coding(LOINC, section.code, section.display)]}}
    if members:
        items = "".join(f"<li>{title_of(r)}</li>" for r in members)
        out["text"] = _div(f"<ul>{items}</ul>")
        out["entry"] = [{"reference": f"{r['resourceType']}/{r['id']}"} for r in members]
    else:
        out["text"] = _div(f"<p>No information about {html.escape(section.title.lower())} in the source.</p>")
        out["emptyReason"] = EMPTY_REASON
    return out


def composition(case_id: str, title: str, resources: list[dict[str, Any]], device: dict[str, Any],
                date: str) -> dict[str, Any]:
    """The IPS Composition over ``resources`` (Patient first); every resource lands in one section."""
    patient = resources[0]
    sections = []
    for section in SECTIONS:
        members = [r for r in resources if section.holds(r)]
        if members or section.required:
            sections.append(_section(section, members))
    listing = "".join(f"<li>{html.escape(s['title'])}: {len(s.get('entry', []))}</li>" for s in sections)
    out: dict[str, Any] = {"resourceType": "Composition", "id": rid(case_id, COMPOSITION_KEY)}
    meta = {**({"source": device["meta"]["source"]} if "meta" in device else {}), "profile": [COMPOSITION_PROFILE]}
    out.update({
        "meta": meta,
        "text": _div(f"<p><b>{html.escape(title)}</b></p><ul>{listing}</ul>"),
        "identifier": {"system": IDENTIFIER_SYSTEM, "value": f"{case_id}/{COMPOSITION_KEY}"},
        "status": "final",
        "type": {"coding": [coding(LOINC, *DOCUMENT_TYPE)]},
        "subject": {"reference": f"Patient/{patient['id']}"},
        "date": date,
        "author": [{"reference": f"Device/{device['id']}", "display": "fhirconv"}],
        "title": title,
        "section": sections,
    })
    return out
