"""Encounters (an emergency visit, an admission, an ICU stay) read from R4 or R5 Encounter resources.

R4 writes ``class`` as one Coding, ``period`` and ``hospitalization``; R5 writes ``class`` as a list
of CodeableConcepts, ``actualPeriod`` and ``admission``. Both become one span on the encounters lane
with a label people read (the type, else the class) and what is known of admission and discharge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhirconv.view.dates import PartialDate, parse_date


@dataclass
class EncounterInfo:
    label: str
    start: PartialDate | None
    end: PartialDate | None
    detail: str
    ongoing: bool


def _text(cc: Any) -> str:
    """Text of a CodeableConcept, Coding, CodeableReference or Reference (display only)."""
    if isinstance(cc, list):
        return next((t for t in (_text(c) for c in cc) if t), "")
    if not isinstance(cc, dict):
        return ""
    if "concept" in cc or "reference" in cc and isinstance(cc.get("reference"), dict):
        return _text(cc.get("concept")) or _text(cc.get("reference"))
    if cc.get("text"):
        return str(cc["text"])
    for coding in cc.get("coding") or []:
        if isinstance(coding, dict) and (coding.get("display") or coding.get("code")):
            return str(coding.get("display") or coding.get("code"))
    return str(cc.get("display") or cc.get("code") or "")


# v3 ActCode encounter classes as people name the visit (the code's display says "EMER" or
# "emergency"; a reader says "Emergency visit")
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CLASS_WORDS = {"EMER": "Emergency visit", "IMP": "Hospital admission", "ACUTE": "Inpatient acute stay",
               "NONAC": "Inpatient non-acute stay", "AMB": "Outpatient visit", "OBSENC": "Observation stay",
               "SS": "Short stay", "HH": "Home visit", "VR": "Virtual visit", "PRENC": "Pre-admission visit"}


def encounter_class(res: dict[str, Any]) -> str:
    """R4 ``class`` (a Coding) or R5 ``class`` (a list of CodeableConcepts), as words."""
    return _text(res.get("class"))


def class_words(res: dict[str, Any]) -> str:
    """The visit's kind in words from an ActCode class ("Emergency visit"), else ""."""
    value = res.get("class")
    codings = [value] if isinstance(value, dict) and "code" in value else [
        c for cc in (value if isinstance(value, list) else [value]) if isinstance(cc, dict)
        for c in cc.get("coding") or [] if isinstance(c, dict)]
    return next((CLASS_WORDS[c["code"]] for c in codings if c.get("system") == ACT_CODE
                 and c.get("code") in CLASS_WORDS), "")


def read_encounter(res: dict[str, Any], resolve_label: Any = None) -> EncounterInfo:
    """The span and words of an Encounter. ``resolve_label(reference)`` names referenced resources
    (a reason Condition) when given."""
    kind = encounter_class(res)
    label = _text(res.get("type")) or _text(res.get("serviceType")) or class_words(res) or kind or "encounter"
    period = res.get("actualPeriod") if isinstance(res.get("actualPeriod"), dict) else res.get("period")
    period = period if isinstance(period, dict) else {}
    start, end = parse_date(period.get("start")), parse_date(period.get("end"))
    if start is None and end is None:  # R5 planned dates when nothing actual is known
        start = parse_date(res.get("plannedStartDate"))
        end = parse_date(res.get("plannedEndDate"))
    stay = res.get("admission") if isinstance(res.get("admission"), dict) else res.get("hospitalization")
    stay = stay if isinstance(stay, dict) else {}
    details: list[str] = []
    if kind and kind.lower() not in label.lower():
        details.append(kind)
    reasons = [_text(r) for r in res.get("reasonCode") or []]
    for r in res.get("reasonReference") or []:
        reasons.append((resolve_label(r) if resolve_label else "") or _text(r))
    for r in res.get("reason") or []:  # R5: reason.value is a list of CodeableReference
        for v in (r.get("value") or []) if isinstance(r, dict) else []:
            ref = v.get("reference") if isinstance(v, dict) else None
            reasons.append(_text(v.get("concept")) or (resolve_label(ref) if resolve_label and ref else "")
                           or _text(ref))
    reasons = [r for r in dict.fromkeys(reasons) if r]
    if reasons:
        details.append("for " + ", ".join(reasons))
    if _text(stay.get("admitSource")):
        details.append(f"admitted from {_text(stay.get('admitSource'))}")
    if _text(stay.get("dischargeDisposition")):
        details.append(f"discharged: {_text(stay.get('dischargeDisposition'))}")
    status = str(res.get("status") or "")
    ongoing = end is None and status in ("in-progress", "arrived", "triaged", "onleave")
    return EncounterInfo(label, start, end, "; ".join(details), ongoing)
