"""``--profile ips``: the resources shaped to and claiming the HL7 International Patient Summary
profiles (hl7.fhir.uv.ips 2.0.0, FHIR R4), ready for the document Bundle of composition.py.

IPS makes some elements required that case reports often leave out (a birth date, when a drug
was taken, when a procedure was done, who reported a result): they are written with the
data-absent-reason extension, as IPS's own examples do (``_performedDateTime``), never invented.
"""

from __future__ import annotations

from typing import Any

from fhirconv.mappers.condition import CATEGORY as CONDITION_CATEGORY
from fhirconv.mappers.observation import CATEGORY as OBSERVATION_CATEGORY
from fhirconv.mappers.snippets import fixed
from fhirconv.profiles.common import DATA_ABSENT_UNKNOWN, absent, claim, of_type, put, state_absent, without_value

BASE = "http://hl7.org/fhir/uv/ips/StructureDefinition/"
# Canonical URLs as published in hl7.fhir.uv.ips 2.0.0 (StructureDefinition-*.json, "url").
PATIENT = BASE + "Patient-uv-ips"
CONDITION = BASE + "Condition-uv-ips"
MEDICATION_STATEMENT = BASE + "MedicationStatement-uv-ips"
PROCEDURE = BASE + "Procedure-uv-ips"
LABORATORY = BASE + "Observation-results-laboratory-pathology-uv-ips"
RADIOLOGY = BASE + "Observation-results-radiology-uv-ips"
TOBACCO = BASE + "Observation-tobaccouse-uv-ips"
ALLERGY = BASE + "AllergyIntolerance-uv-ips"
IMMUNIZATION = BASE + "Immunization-uv-ips"
# LOINC 72166-2 Tobacco smoking status: the pattern of Observation-tobaccouse-uv-ips.code.
TOBACCO_CODE = ("http://loinc.org", "72166-2")


PROFILES = (PATIENT, CONDITION, MEDICATION_STATEMENT, PROCEDURE, LABORATORY, RADIOLOGY, TOBACCO, ALLERGY, IMMUNIZATION)

_AFTER_EFFECTIVE = ("issued", "performer", "valueQuantity", "valueCodeableConcept", "valueString",
                    "valueBoolean", "dataAbsentReason", "interpretation", "note", "bodySite", "method",
                    "referenceRange", "hasMember", "derivedFrom", "component")
_AFTER_PERFORMED = ("recorder", "asserter", "performer", "location", "reasonCode", "reasonReference",
                    "bodySite", "outcome", "report", "note")
_AFTER_MED_EFFECTIVE = ("dateAsserted", "informationSource", "derivedFrom", "reasonCode", "reasonReference",
                        "note", "dosage")


def observation_kind(obs: dict[str, Any]) -> str | None:
    """Which IPS observation profile fits: 'laboratory', 'radiology', 'tobacco', or None."""
    cats = {c.get("code") for cc in obs.get("category", []) for c in cc.get("coding", [])
            if c.get("system") == OBSERVATION_CATEGORY}
    codes = {(c.get("system"), c.get("code")) for c in obs.get("code", {}).get("coding", [])}
    if TOBACCO_CODE in codes:
        return "tobacco"
    if "laboratory" in cats:
        return "laboratory"
    if "imaging" in cats and all(r.get("reference", "").startswith("ImagingStudy/") for r in obs.get("partOf", [])):
        # IPS's radiology result takes partOf -> ImagingStudy only: a finding that is part of an
        # imaging Procedure keeps that link and claims no profile (the link is not dropped to claim one).
        return "radiology"
    return None


def apply(resources: list[dict[str, Any]]) -> None:
    """Shape ``resources`` (R4, mapped) to the IPS profiles and claim them, in place."""
    for patient in of_type(resources, "Patient"):
        claim(patient, PATIENT)
        # IPS requires birthDate; a case report gives an age, rarely a birth date.
        state_absent(patient, "birthDate", "", before=("deceasedBoolean", "deceasedDateTime", "address"))
    for condition in of_type(resources, "Condition"):
        claim(condition, CONDITION)
        _problem_list_item(condition)
    for allergy in of_type(resources, "AllergyIntolerance"):
        claim(allergy, ALLERGY)
    for immunization in of_type(resources, "Immunization"):
        claim(immunization, IMMUNIZATION)
    for statement in of_type(resources, "MedicationStatement"):
        claim(statement, MEDICATION_STATEMENT)
        state_absent(statement, "effective", "DateTime", before=_AFTER_MED_EFFECTIVE)
    for procedure in of_type(resources, "Procedure"):
        claim(procedure, PROCEDURE)
        state_absent(procedure, "performed", "DateTime", before=_AFTER_PERFORMED)
    for obs in of_type(resources, "Observation"):
        kind = observation_kind(obs)
        if kind == "tobacco":
            claim(obs, TOBACCO)
            state_absent(obs, "effective", "DateTime", before=_AFTER_EFFECTIVE)
        elif kind in ("laboratory", "radiology"):
            claim(obs, LABORATORY if kind == "laboratory" else RADIOLOGY)
            if kind == "radiology":
                _day_precision(obs)
            state_absent(obs, "effective", "DateTime", before=_AFTER_EFFECTIVE)
            # Who reported the result: case reports do not say.
            if "performer" not in obs:
                put(obs, "performer", [absent("unknown")], before=_AFTER_EFFECTIVE[2:])
            # ips-2: a result has a value, members, components or says why it has none.
            if without_value(obs):
                put(obs, "dataAbsentReason", DATA_ABSENT_UNKNOWN, before=_AFTER_EFFECTIVE[7:])


def _problem_list_item(condition: dict[str, Any]) -> None:
    """Every Condition of an IPS goes to its problem list: the category IPS's problem-type value set
    holds (problem-list-item) is added when the case gave another (encounter-diagnosis)."""
    if "category" not in condition:  # the converter writes none when no clinical status is given
        put(condition, "category", [], before=("severity", "code", "bodySite", "subject"))
    cats = condition["category"]
    if not any(c.get("code") == "problem-list-item" for cc in cats for c in cc.get("coding", [])):
        cats.append(fixed(CONDITION_CATEGORY, "problem-list-item", "Problem List Item"))


def _day_precision(obs: dict[str, Any]) -> None:
    """IPS radiology results need a dateTime to the day (ips-1). A month or a year is written as the
    Period it stands for (start and end the same partial date: some time in June 2011), which
    FHIR reads as that whole month or year; the date is not made more precise than the source."""
    when = obs.get("effectiveDateTime")
    if when and len(when) < 10:
        items = [(("effectivePeriod", {"start": when, "end": when}) if k == "effectiveDateTime" else (k, v))
                 for k, v in obs.items()]
        obs.clear()
        obs.update(items)
