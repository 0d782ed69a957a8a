"""Case encounters -> FHIR Encounter (emergency visit, admission, ICU stay, outpatient visit).

R4 and R5 differ: R4 ``class`` is one Coding, ``period``, ``reasonReference`` and
``hospitalization.dischargeDisposition``; R5 ``class`` is a list of CodeableConcepts,
``actualPeriod``, ``reason`` (CodeableReference under ``value``) and ``admission``. Class codes are
HL7 v3 ActCode and discharge dispositions HL7's discharge-disposition code system (both checked in
the HL7 Terminology package hl7.terminology.r4 7.0.1: CodeSystem-v3-ActCode.json,
CodeSystem-discharge-disposition.json).
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import Concept, Encounter
from fhirconv.mappers import dating
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext
from fhirconv.numbers import as_words

RESOURCE_TYPE = "Encounter"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
DISCHARGE = "http://terminology.hl7.org/CodeSystem/discharge-disposition"
# case class -> (v3-ActCode code, display, words for people)
CLASSES = {"emergency": ("EMER", "emergency", "Emergency visit"),
           "inpatient": ("IMP", "inpatient encounter", "Hospital admission"),
           "icu": ("ACUTE", "inpatient acute", "Intensive care unit stay"),
           "outpatient": ("AMB", "ambulatory", "Outpatient visit"),
           "observation": ("OBSENC", "observation encounter", "Observation stay"),
           "short-stay": ("SS", "short stay", "Short stay"),
           "home": ("HH", "home health", "Home visit"),
           "virtual": ("VR", "virtual", "Virtual visit")}
DISPOSITIONS = {"home": ("home", "Home"), "alternative-home": ("alt-home", "Alternative home"),
                "other-facility": ("other-hcf", "Other healthcare facility"), "hospice": ("hosp", "Hospice"),
                "long-term-care": ("long", "Long-term care"), "against-advice": ("aadvice", "Left against advice"),
                "expired": ("exp", "Expired"), "psychiatric": ("psy", "Psychiatric hospital"),
                "rehabilitation": ("rehab", "Rehabilitation"), "skilled-nursing": ("snf", "Skilled nursing facility"),
                "other": ("oth", "Other")}
# R4 status -> R5 status
R5_STATUS = {"planned": "planned", "in-progress": "in-progress", "finished": "completed", "cancelled": "cancelled",
             "unknown": "unknown"}


def map_encounters(ctx: MapContext) -> list[dict[str, Any]]:
    return [map_encounter(ctx, e) for e in ctx.case.encounters]


def label(e: Encounter) -> str:
    return e.type.label if e.type else CLASSES[e.cls][2]


def map_encounter(ctx: MapContext, e: Encounter) -> dict[str, Any]:
    code, display, words = CLASSES[e.cls]
    status = e.status or "finished"
    cls = s.coding(ACT_CODE, code, display)
    # an ICU stay says so in its type, coded as the admission (the class, ACUTE, says only "inpatient acute")
    typ = s.codeable(ctx, e.type, "encounter", (*e.path, "type")) if e.type else (
        s.codeable(ctx, Concept(words), "procedure", (*e.path, "class"), warn=False) if e.cls == "icu" else None)
    start = e.date or e.start
    period = dating.period(ctx, start, e.date or e.end)
    reasons = [ctx.ref("Condition", r) for r in e.reason]
    disposition = s.fixed(DISCHARGE, *DISPOSITIONS[e.discharge]) if e.discharge else None
    length = s.quantity(e.duration, display=s.DURATION_WORDS[e.duration.unit]) if e.duration else None
    if ctx.r5:
        version_body: dict[str, Any] = {
            "status": R5_STATUS[status],
            "class": [{"coding": [cls]}],
            "type": [typ] if typ else None,
            "subject": ctx.patient_ref(),
            "partOf": ctx.ref("Encounter", e.part_of) if e.part_of else None,
            "actualPeriod": period,
            "length": length,
            "reason": [{"value": [{"reference": r} for r in reasons]}] if reasons else None,
            "admission": {"dischargeDisposition": disposition} if disposition else None,
        }
    else:
        version_body = {
            "status": status,
            "class": cls,
            "type": [typ] if typ else None,
            "subject": ctx.patient_ref(),
            "period": period,
            "length": length,
            "reasonReference": reasons or None,
            "hospitalization": {"dischargeDisposition": disposition} if disposition else None,
            "partOf": ctx.ref("Encounter", e.part_of) if e.part_of else None,
        }
    title = label(e)
    dates = " to ".join(d for d in (s.fhir_date(start), s.fhir_date(e.end)) if d)
    rows = [("Encounter", title), ("Class", display), ("Status", status),
            ("When", dates or e.when_text),
            # the source's words for when it began, beside an end it dates ("before the operation")
            ("When, in the source's words", e.when_text if dates else None),
            ("Length", f"{as_words(e.duration.value)} {s.DURATION_WORDS[e.duration.unit]}" if e.duration else None),
            ("Reason", s.reason_labels(ctx, e.reason)),
            ("Part of", next((label(p) for p in ctx.case.encounters if p.id == e.part_of), None)),
            ("Discharge", DISPOSITIONS[e.discharge][1] if e.discharge else None),
            ("The source says", e.text), ("Note", e.note),
            ("Start date", s.date_note("Start", start)), ("End date", s.date_note("End", e.end))]
    # Encounter has no note element (R4 or R5): the source's words and date derivations are kept
    # in the narrative.
    return s.resource(RESOURCE_TYPE, ctx, e.id, title, rows, version_body)
