"""US Core 6.1 (hl7.fhir.us.core 6.1.0) claims under ``--profile mcode``, for what mCODE does not profile.

mCODE STU4 builds on US Core 6.1.0 (its package.json dependency): a resource no mCODE profile fits
claims the US Core profile of its kind, and only when the converter writes what that profile
requires, so every claim can be checked (and is, by the profile layer, against the vendored
package, see ``fhirconv/packages/vendor/``):

- Patient: us-core-patient, unless it claims mCODE's CancerPatient (which derives from it).
- Condition: us-core-condition-encounter-diagnosis when the case calls it an encounter diagnosis,
  else us-core-condition-problems-health-concerns (the mCODE transform makes every Condition a
  problem-list item).
- Procedure: us-core-procedure (performed[x] is stated, us-core-7).
- Encounter: us-core-encounter when it has a class, a type and a subject (1..1, 1..*, 1..1).
- Observation, by its category (``Observation.category``, which the mappers write):
  laboratory -> us-core-observation-lab; vital-signs -> the US Core vital-sign profile whose LOINC
  code the Observation carries (heart rate, blood pressure, BMI, ...), else us-core-vital-signs;
  a value in a unit that profile does not allow (a height in m: us-core-body-height binds cm and
  [in_i]) claims us-core-vital-signs (its unit binding is extensible), and a vital sign the source
  gives no date for claims nothing (every US Core vital-sign profile requires effective[x]);
  imaging and procedure -> us-core-observation-clinical-result; social-history, exam, survey and the
  other simple-observation categories -> us-core-simple-observation. An Observation with no category
  (a response, a course, a vital status) claims nothing: every US Core Observation profile requires
  one, and the case does not say which applies.
  A claimed Observation the source gives no result for says so in dataAbsentReason ('unknown'), as
  us-core-2 asks.
- MedicationStatement: US Core 6.1 has no MedicationStatement profile; nothing is claimed.
"""

from __future__ import annotations

from typing import Any

from fhirconv.profiles.common import AFTER_DATA_ABSENT, DATA_ABSENT_UNKNOWN, claim, codes_of, put, without_value

US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
PATIENT = US_CORE + "us-core-patient"
PROBLEMS = US_CORE + "us-core-condition-problems-health-concerns"
ENCOUNTER_DIAGNOSIS = US_CORE + "us-core-condition-encounter-diagnosis"
PROCEDURE = US_CORE + "us-core-procedure"
ENCOUNTER = US_CORE + "us-core-encounter"
LAB = US_CORE + "us-core-observation-lab"
CLINICAL_RESULT = US_CORE + "us-core-observation-clinical-result"
SIMPLE = US_CORE + "us-core-simple-observation"
VITAL_SIGNS = US_CORE + "us-core-vital-signs"

LOINC = "http://loinc.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The LOINC code each US Core 6.1.0 vital-sign profile fixes (patternCodeableConcept of
# Observation.code in StructureDefinition-us-core-*.json of hl7.fhir.us.core 6.1.0).
VITAL_PROFILES = {
    "85354-9": US_CORE + "us-core-blood-pressure",
    "39156-5": US_CORE + "us-core-bmi",
    "8302-2": US_CORE + "us-core-body-height",
    "8310-5": US_CORE + "us-core-body-temperature",
    "29463-7": US_CORE + "us-core-body-weight",
    "9843-4": US_CORE + "us-core-head-circumference",
    "8867-4": US_CORE + "us-core-heart-rate",
    "59408-5": US_CORE + "us-core-pulse-oximetry",
    "9279-1": US_CORE + "us-core-respiratory-rate",
}
# The units each of those profiles allows for valueQuantity.code: the fixedCode of the profile
# (StructureDefinition-us-core-*.json of hl7.fhir.us.core 6.1.0), or the codes of the FHIR R4 value
# set its required binding names (ValueSet-ucum-bodylength, -bodyweight and -bodytemp.json of
# hl7.fhir.r4.examples 4.0.1). Blood pressure has no value of its own (its components carry mm[Hg]).
_LENGTH = frozenset({"cm", "[in_i]"})
VITAL_UNITS = {
    "39156-5": frozenset({"kg/m2"}),
    "8302-2": _LENGTH,
    "8310-5": frozenset({"Cel", "[degF]"}),
    "29463-7": frozenset({"kg", "[lb_av]", "g"}),
    "9843-4": _LENGTH,
    "8867-4": frozenset({"/min"}),
    "59408-5": frozenset({"%"}),
    "9279-1": frozenset({"/min"}),
}
EFFECTIVE = ("effectiveDateTime", "effectivePeriod", "effectiveInstant", "effectiveTiming")
# us-core-pulse-oximetry 6.1.0 slices Observation.code.coding: PulseOx (59408-5) and O2Sat (2708-6),
# each 1..1; a pulse oximetry reading written with 59408-5 alone gets the O2Sat coding beside it.
PULSE_OX, O2SAT = "59408-5", "2708-6"
# us-core-blood-pressure requires its systolic and diastolic components (1..1 each)
BP_PANEL, BP_PARTS = "85354-9", {"8480-6", "8462-4"}
# us-core-clinical-result-observation-category (hl7.fhir.us.core 6.1.0) less laboratory (its own profile).
CLINICAL_RESULT_CATEGORIES = {"imaging", "procedure"}
# us-core-simple-observation-category: the observation-category codes it includes.
SIMPLE_CATEGORIES = {"social-history", "exam", "survey", "therapy", "activity"}


def _categories(resource: dict[str, Any]) -> list[str]:
    return [c.get("code", "") for cc in resource.get("category", []) for c in cc.get("coding", [])
            if c.get("system") == CATEGORY]


def observation_profile(obs: dict[str, Any]) -> str | None:
    """The US Core profile an Observation fits by its category (and, for vital signs, its code)."""
    cats = _categories(obs)
    if "laboratory" in cats:
        return LAB
    if "vital-signs" in cats:
        if not any(obs.get(key) or obs.get("_" + key) for key in EFFECTIVE):
            # effective[x] is 1..1 in every US Core vital-sign profile: one with neither a date nor the
            # cqf-relativeDateTime extension of a date relative to an undated anchor fits none
            return None
        codes = [code for system, code in codes_of(obs.get("code")) if system == LOINC]
        code = next((c for c in sorted(codes) if c in VITAL_PROFILES), None)
        url = VITAL_PROFILES[code] if code else VITAL_SIGNS
        unit = obs.get("valueQuantity", {}).get("code")
        if code in VITAL_UNITS and unit is not None and unit not in VITAL_UNITS[code]:
            return VITAL_SIGNS  # e.g. a height in m: the specific profile's required unit binding refuses it
        parts = {code for comp in obs.get("component", []) for system, code in codes_of(comp.get("code"))
                 if system == LOINC}
        if url == VITAL_PROFILES[BP_PANEL] and not parts.issuperset(BP_PARTS):
            return VITAL_SIGNS  # a pressure the source gives in words ("unrecordable"): no components to claim
        return url
    if CLINICAL_RESULT_CATEGORIES & set(cats):
        return CLINICAL_RESULT
    if SIMPLE_CATEGORIES & set(cats):
        return SIMPLE
    return None


def condition_profile(condition: dict[str, Any]) -> str | None:
    cats = {c.get("code") for cc in condition.get("category", []) for c in cc.get("coding", [])}
    if "encounter-diagnosis" in cats:
        return ENCOUNTER_DIAGNOSIS
    if cats & {"problem-list-item", "health-concern"}:
        return PROBLEMS
    return None


def _add_o2sat(obs: dict[str, Any]) -> None:
    """The O2Sat coding us-core-pulse-oximetry requires, with the tables' display (LOINC 2708-6
    *Oxygen saturation in Arterial blood*, the same measurement without the method)."""
    from fhirconv.terminology import known

    code = obs.get("code", {})
    if (LOINC, O2SAT) in codes_of(code):
        return
    row = known(LOINC, O2SAT)
    if row is not None:
        obs["code"] = {**code, "coding": [*code.get("coding", []),
                                          {"system": LOINC, "code": O2SAT, "display": row.display}]}


def apply(resources: list[dict[str, Any]]) -> None:
    """Claim US Core on every resource no mCODE profile was claimed for (mCODE's CancerPatient,
    cancer conditions, procedures and TNM categories derive from the US Core profiles already)."""
    for r in resources:
        kind = r["resourceType"]
        url: str | None = None
        if r.get("meta", {}).get("profile"):
            continue
        if kind == "Patient":
            url = PATIENT
        elif kind == "Condition":
            url = condition_profile(r)
        elif kind == "Procedure":
            url = PROCEDURE
        elif kind == "Encounter":
            url = ENCOUNTER if r.get("class") and r.get("type") and r.get("subject") else None
        elif kind == "Observation":
            url = observation_profile(r)
            if url == VITAL_PROFILES[PULSE_OX]:
                _add_o2sat(r)
            if url and without_value(r):
                # us-core-2: a result with no value, member or component says why (the source names
                # the test without its result: 'unknown')
                put(r, "dataAbsentReason", DATA_ABSENT_UNKNOWN, before=AFTER_DATA_ABSENT)
        if url:
            claim(r, url)
