"""Case medications -> FHIR MedicationStatement, one per drug (a regimen expands to its drugs).

R4 and R5 differ here: R5 has ``medication.concept``, ``reason`` as CodeableReference, and status
``recorded`` with the taking status moved to ``adherence``. An ad-hoc group (``group: home
medications``) is the statements' shared ``category`` text (a named regimen is a Procedure instead);
a status history (stopped, restarted) is one statement per period.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fhirconv.case.model import Concept, Medication
from fhirconv.mappers import brand_names, dating, links, qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.procedure import therapy_extensions
from fhirconv.numbers import as_words

RESOURCE_TYPE = "MedicationStatement"
ADHERENCE = "http://hl7.org/fhir/CodeSystem/medication-statement-adherence"
# R4 status -> R5 adherence code and display (None: no adherence statement).
R5_ADHERENCE = {"active": ("taking", "Taking"), "completed": ("stopped-as-directed", "Stopped As Directed"),
                "stopped": ("stopped", "Stopped"), "on-hold": ("on-hold", "On Hold"),
                "not-taken": ("not-taking", "Not Taking")}
# the UCUM units of time a dose may be given per ("36 mg/h" is an infusion rate)
RATE_TIMES = {"s", "min", "h", "d", "wk", "mo"}
PERIOD_UNITS = {"hour": "h", "day": "d", "week": "wk", "month": "mo"}


def map_medication_statements(ctx: MapContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in ctx.case.medications:
        if m.dose and is_rate(m.dose.unit) and m.dose.unit.endswith("/d"):
            per = m.dose.unit[:-2]
            ctx.warn((*m.path, "dose"), f"dose in {m.dose.unit} is an amount per day: written as a rate "
                     "(doseAndRate.rateQuantity)", severity="information",
                     hint=f"a dose given once a day is {{value: {as_words(m.dose.value)}, unit: {per}}} with "
                          "frequency {times: 1, per: day}; a day's total given in parts keeps the rate")
        # With a status history, the item's own statement ends where the history starts.
        first = replace(m, end=m.history[0].when) if m.history and m.end is None else m
        if m.regimen:
            if m.regimen_read:
                ctx.warn((*m.path, "drug"), f"drug {m.regimen!r} is read as the regimen {m.regimen_display}: "
                         "one statement per drug", severity="information",
                         hint="write `regimen:` to say so, or list the drugs as items of their own")
            out += [_statement(ctx, first, drug, f"{m.id}/{s.slug(drug.label)}") for drug in m.drugs]
        else:
            out.append(_statement(ctx, first, m.drugs[0], m.id))
        out += _history(ctx, m)
    return out


# Words of a status change that say the dose changed too ("tapered to 10 mg daily", "dose doubled")
_CHANGE = r"(?:increas|decreas|reduc|lower|rais|doubl|halv|escalat)\w*"
# Words that say a dose changed: a strength ("to 10 mg"), a taper or titration, or a change said of the
# dose ("dose reduced", "reduced the dose", "increased to 20", "halved"). A change said of something
# else ("stopped for a decreased platelet count") is no dose change.
_DOSE_WORDS = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|ug|µg|iu|units?|ml|mmol|meq)\b|"
                         r"\b(?:up|down)?taper|\b(?:up)?titrat|"
                         rf"\b(?:dose|dosage|dosing)s?\s+(?:\w+\s+){{0,2}}?{_CHANGE}|"
                         rf"\b{_CHANGE}\s+(?:\w+\s+){{0,2}}?(?:dose|dosage|to\s+\d|by\s+\d|\d)|"
                         r"\b(?:doubled|halved)\b", re.IGNORECASE)
# Statuses whose period nobody takes the drug in: their words are no dose change.
_NOT_TAKEN = frozenset({"stopped", "completed", "not-taken"})


def _history(ctx: MapContext, m: Medication) -> list[dict[str, Any]]:
    """A status history (stopped on the day of surgery, restarted the next day): one statement per
    entry, from its date to the next entry's (the last to the item's end), with the entry's status,
    and its dose and frequency when it gives them (else the period before's). An entry whose words
    say the dose changed ("tapered to 10 mg daily") but that gives no dose gets none: the item's
    dose would be a wrong fact there, and the user is told."""
    out: list[dict[str, Any]] = []
    dose, frequency, dosage_text = m.dose, m.frequency, m.dosage_text
    for i, h in enumerate(m.history):
        end = m.history[i + 1].when if i + 1 < len(m.history) else m.end
        if h.dose or h.frequency:
            dose, frequency, dosage_text = h.dose or dose, h.frequency or frequency, None
        elif (h.status not in _NOT_TAKEN and h.text and _DOSE_WORDS.search(h.text)
              and (dose or frequency or dosage_text)):
            ctx.warn((*h.path, "text"), f"the words {h.text!r} say the dose changed, and the entry gives none: its "
                     "statement carries no dose (the item's would be wrong there)",
                     hint="give the entry its own `dose` (and `frequency`)")
            dose, frequency, dosage_text = None, None, None
        # the entry's words are in its start's note ("the source says: ..."), or, when that note says the
        # entry's `when_text` instead, a note of their own: never lost
        said = h.text if h.text and h.text != (h.when.text if h.when else None) else None
        period = replace(m, status=h.status, start=h.when, end=end, note=said, when_text=None, history=(),
                         dose=dose, frequency=frequency, dosage_text=dosage_text, count=None)
        for drug in m.drugs:
            key = f"{h.id}/{s.slug(drug.label)}" if m.regimen else h.id
            out.append(_statement(ctx, period, drug, key))
    return out


def _extras(ctx: MapContext, m: Medication) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Count and duration (Timing.repeat.count, boundsDuration), as needed (asNeeded[x]) and the words."""
    repeat: dict[str, Any] = {}
    words = []
    if m.count:
        repeat["count"] = m.count
        words.append(f"{m.count} {'cycle' if m.regimen else 'dose'}{'s' if m.count > 1 else ''} in all")
    if m.duration:
        repeat["boundsDuration"] = s.quantity(m.duration, display=s.DURATION_WORDS[m.duration.unit])
        words.append(f"for {as_words(m.duration.value)} {s.DURATION_WORDS[m.duration.unit]}")
    needed: dict[str, Any] = {}
    if m.as_needed is True:
        needed = {"asNeeded": True} if ctx.r5 else {"asNeededBoolean": True}
        words.append("as needed")
    elif isinstance(m.as_needed, Concept):
        cc = s.codeable(ctx, m.as_needed, "condition", (*m.path, "as_needed"))
        needed = {"asNeeded": True, "asNeededFor": [cc]} if ctx.r5 else {"asNeededCodeableConcept": cc}
        words.append(f"as needed for {m.as_needed.label}")
    elif m.as_needed is False:
        needed = {"asNeeded": False} if ctx.r5 else {"asNeededBoolean": False}
    return repeat, needed, words


def is_rate(unit: str) -> bool:
    """A UCUM unit per time (``mg/h``, ``ug/kg/min``, ``mL/h``): an amount per unit of time, which
    FHIR's Dosage writes as ``doseAndRate.rateQuantity``, not as a dose."""
    return "/" in unit and unit.rsplit("/", 1)[1] in RATE_TIMES


def _dosage(ctx: MapContext, m: Medication) -> list[dict[str, Any]]:
    timing = None
    if m.frequency:
        f = m.frequency
        timing = {"repeat": {"frequency": f.times, "period": f.every, "periodUnit": PERIOD_UNITS[f.per]}}
    route = s.codeable(ctx, m.route, "route", (*m.path, "route"))
    dose = s.quantity(m.dose)
    parts = []
    if m.dose:
        high = f"-{as_words(m.dose.high)}" if m.dose.high is not None else ""
        parts.append(f"{as_words(m.dose.value)}{high} {m.dose.unit}")
    if m.frequency:
        every = f" every {m.frequency.every} {m.frequency.per}s" if m.frequency.every > 1 else f"/{m.frequency.per}"
        parts.append(f"{m.frequency.times} time(s){every}" if m.frequency.times > 1
                     else f"once every {m.frequency.every} {m.frequency.per}s" if m.frequency.every > 1
                     else f"once a {m.frequency.per}")
    if m.route:
        parts.append(m.route.label)
    bounds, needed, words = _extras(ctx, m)
    parts += words
    if bounds:
        timing = {"repeat": {**bounds, **(timing or {}).get("repeat", {})}}
    text = m.dosage_text or (", ".join(parts) if parts else None)
    kind = "rate" if m.dose and is_rate(m.dose.unit) else "dose"
    if m.dose and m.dose.high is not None:  # "5-10 mg/kg": doseRange (rateRange), both ends in the unit
        amount = {f"{kind}Range": {"low": dose, "high": s.quantity(replace(m.dose, value=m.dose.high, high=None))}}
    else:
        amount = {f"{kind}Quantity": dose} if dose else {}
    d = s.compact({"text": text, "timing": timing, **needed, "route": route,
                   "doseAndRate": [amount] if amount else None})
    return [d] if d else []


def _routed(ctx: MapContext, m: Medication, drug: Concept, path: tuple) -> str | None:
    """The drug named with its route, when only that name has a code: "immunoglobulin" given
    intravenously is *Intravenous Immunoglobulin*, a product of its own; None otherwise."""
    route = m.route.term if m.route else None
    if drug.codes or m.regimen or not drug.term or not route:
        return None
    return qualifiers.instead(ctx, "medication", drug.term, f"{route} {drug.term}", path,
                              ", with its route; the name stays as the code's text",
                              "give `codes` on the medication to choose another product")


def _statement(ctx: MapContext, m: Medication, drug: Concept, key: str) -> dict[str, Any]:
    path = (*m.path, "regimen") if m.regimen and not m.regimen_read else (*m.path, "drug")
    rest = qualifiers.drug(ctx, drug, path) or _routed(ctx, m, drug, path) or (
        None if m.regimen else brand_names.ingredient(ctx, drug, path))
    med = s.codeable(ctx, Concept(rest) if rest else drug, "medication", path, text=drug.term if rest else None)
    status = m.status or "unknown"
    part_of = [ctx.ref("Procedure", m.id, f"{m.regimen} regimen")] if m.regimen else None
    reason = s.reference_list(ctx, "Condition", m.reason)
    effective = dating.choice(ctx, s.date_choice("effective", None, m.start, m.end), "effective", None, m.start,
                              m.end)
    dosage = _dosage(ctx, m)
    if ctx.r5:
        adherence = R5_ADHERENCE.get(status)
        version_body: dict[str, Any] = {
            "status": "recorded",
            "category": [s.text_concept(m.group)] if m.group else None,
            "medication": {"concept": med},
            "subject": ctx.patient_ref(),
            **links.encounter(ctx, m.encounter),
            **effective,
            "reason": [{"reference": r} for r in reason] or None,
            "adherence": {"code": s.fixed(ADHERENCE, *adherence)} if adherence else None,
        }
    else:
        version_body = {
            "status": status,
            "category": s.text_concept(m.group) if m.group else None,
            "medicationCodeableConcept": med,
            "subject": ctx.patient_ref(),
            **links.encounter(ctx, m.encounter, "context"),
            **effective,
            "reasonReference": reason,
        }
    body = {
        "partOf": part_of,
        **version_body,
        "note": s.notes(m.note, f"When: {m.when_text}" if m.when_text else None,
                        s.date_note("Start", m.start), s.date_note("End", m.end)),
        "dosage": dosage,
    }
    label = s.cc_label(med) or drug.label
    rows = [("Medication", label), ("Regimen", m.regimen_display), ("Status", status),
            ("Dosage", (dosage or [{}])[0].get("text")), ("Line of therapy", m.line),
            ("Intent", m.intent), ("When", dating.cell(effective, m.start, m.end, m.when_text)),
            ("Group", m.group),
            ("Reason", s.reason_labels(ctx, m.reason))]
    return s.resource(RESOURCE_TYPE, ctx, key, label, rows, body, ext=therapy_extensions(ctx, m))
