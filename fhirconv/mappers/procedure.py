"""Case procedures, and the administration of each named regimen, -> FHIR Procedure.

A regimen (VAD, MP...) becomes one Procedure that its drugs' MedicationStatements are ``partOf``,
so the drugs of one course stay grouped in any FHIR server.
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import Concept, Medication, Procedure
from fhirconv.mappers import dating, links, qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext
from fhirconv.numbers import as_words
from fhirconv.terminology import match

RESOURCE_TYPE = "Procedure"
REGIMEN_TERM = "chemotherapy"
# MedicationStatement status -> Procedure status for a regimen's administration.
FROM_MEDICATION_STATUS = {"active": "in-progress", "completed": "completed", "stopped": "stopped",
                          "on-hold": "on-hold", "intended": "preparation", "not-taken": "not-done",
                          "unknown": "unknown"}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def ordinal_word(n: int) -> str:
    return ORDINALS.get(n, f"{n}th")


# Intents of the case format that no terminology read has a code for, and the broader intent each is
# a kind of: empiric, symptomatic, salvage and replacement therapy are given to treat (SNOMED CT
# *Therapeutic intent*); the case's word stays as the text.
BROADER_INTENT = {"empiric": "therapeutic", "symptomatic": "therapeutic", "salvage": "therapeutic",
                  "replacement": "therapeutic"}


def therapy_extensions(ctx: MapContext, m: Medication) -> list[dict[str, Any]]:
    """Line of therapy and intent, shared by the regimen Procedure and its MedicationStatements."""
    intent = None
    if m.intent:
        broader = BROADER_INTENT.get(m.intent) if match("intent", m.intent).status == "none" else None
        if broader:
            ctx.warn((*m.path, "intent"), f"intent {m.intent!r} is coded as {broader!r}, the broader concept: "
                     f"{m.intent!r} is said in the text only", severity="information",
                     hint="a note on the medication can say more")
        intent = s.codeable(ctx, Concept(broader or m.intent), "intent", (*m.path, "intent"),
                            text=m.intent if broader else None)
    return s.extensions(s.extension("therapy-line", "PositiveInt", m.line),
                        s.extension(s.PROCEDURE_INTENT, "CodeableConcept", intent))


def map_procedures(ctx: MapContext) -> list[dict[str, Any]]:
    out = [map_procedure(ctx, p) for p in ctx.case.procedures]
    out += [map_regimen(ctx, m) for m in ctx.case.medications if m.regimen]
    return out


def _timing(ctx: MapContext, date: Any, start: Any, end: Any, text: str | None) -> dict[str, Any]:
    prefix = "occurrence" if ctx.r5 else "performed"
    return dating.choice(ctx, s.date_choice(prefix, date, start, end, text, allow_string=True), prefix, date, start,
                         end)


def _reason(ctx: MapContext, keys: tuple[str, ...]) -> dict[str, Any]:
    refs = s.reference_list(ctx, "Condition", keys)
    if not refs:
        return {}
    return {"reason": [{"reference": r} for r in refs]} if ctx.r5 else {"reasonReference": refs}


def map_procedure(ctx: MapContext, p: Procedure) -> dict[str, Any]:
    label = p.concept.label
    if p.ordinal:
        label = f"{label} ({ordinal_word(p.ordinal)})"
    rest = qualifiers.procedure(ctx, p.concept, (*p.path, "procedure"), has_site=p.body_site is not None)
    site = p.body_site
    # a procedure named with its site ("muscle biopsy"): the procedure, at the item's own body_site
    # when it gives one (as precise or more: the quadriceps), else at the site its name says
    if rest is None and (sited := qualifiers.sited_procedure(ctx, p.concept, (*p.path, "procedure"),
                                                             own_site=site is not None)):
        rest, site = sited[0], site or sited[1]
    code = s.codeable(ctx, Concept(rest) if rest else p.concept, "procedure", (*p.path, "procedure"), text=label)
    sites = s.body_site(ctx, site, (*p.path, "body_site"))
    timing = _timing(ctx, p.date, p.start, p.end, p.when_text)
    rows = [("Procedure", label), ("Status", p.status or "unknown"),
            ("When", dating.cell(timing, p.date or p.start, p.end, p.when_text)),
            ("Body site", s.site_words(site) if sites else None),
            ("Reason", s.reason_labels(ctx, p.reason)), ("Note", p.note),
            *_radiotherapy_rows(p),
            ("Part of", links.item_label(ctx, p.part_of) if p.part_of else None)]
    body = {
        "partOf": [ctx.ref("Procedure", p.part_of)] if p.part_of else None,
        "status": p.status or "unknown",
        "code": code,
        "subject": ctx.patient_ref(),
        **links.encounter(ctx, p.encounter),
        **timing,
        **_reason(ctx, p.reason),
        "bodySite": sites,
        "note": s.notes(p.note, s.date_note("Date", p.date or p.start), s.date_note("End", p.end),
                        f"When: {p.when_text}" if p.when_text and (p.date or p.start) else None),
    }
    ext = s.extensions(s.extension("ordinal", "PositiveInt", p.ordinal), *radiotherapy_extensions(ctx, p))
    return s.resource(RESOURCE_TYPE, ctx, p.id, label, rows, body, ext=ext)


def radiotherapy_extensions(ctx: MapContext, p: Procedure) -> list[dict[str, Any] | None]:
    """Dose (UCUM Quantity, e.g. 50 Gy), fractions, modality and technique: Procedure has no element
    for them, so fhirconv extensions carry them (and the narrative says them in words)."""
    return [s.extension("radiotherapy-dose", "Quantity", s.quantity(p.dose)),
            s.extension("radiotherapy-fractions", "PositiveInt", p.fractions),
            s.extension("radiotherapy-modality", "CodeableConcept",
                        s.codeable(ctx, p.modality, "radiotherapy-modality", (*p.path, "modality"))),
            s.extension("radiotherapy-technique", "CodeableConcept",
                        s.codeable(ctx, p.technique, "radiotherapy-technique", (*p.path, "technique")))]


def _radiotherapy_rows(p: Procedure) -> list[tuple[str, Any]]:
    dose = f"{as_words(p.dose.value)} {p.dose.unit}" if p.dose else None
    if dose and p.fractions:
        dose += f" in {p.fractions} fractions"
    return [("Dose", dose), ("Fractions", p.fractions if not p.dose else None),
            ("Modality", p.modality.label if p.modality else None),
            ("Technique", p.technique.label if p.technique else None)]


def map_regimen(ctx: MapContext, m: Medication) -> dict[str, Any]:
    label = f"{m.regimen_display or m.regimen} regimen"
    from fhirconv.terminology.regimens import find_regimen

    found = find_regimen(m.regimen or "")
    therapy = found.therapy if found is not None else REGIMEN_TERM
    # a therapy without a code (antituberculosis treatment) leaves the regimen's name as the text, unasked
    code = s.codeable(ctx, Concept(therapy), "procedure", (*m.path, "drug" if m.regimen_read else "regimen"),
                      text=label, warn=therapy == REGIMEN_TERM)
    status = FROM_MEDICATION_STATUS[m.status or "unknown"]
    timing = _timing(ctx, None, m.start, m.end, m.when_text)
    rows = [("Regimen", label), ("Drugs", ", ".join(d.label for d in m.drugs)), ("Status", status),
            ("Line of therapy", m.line), ("Intent", m.intent),
            ("When", dating.cell(timing, m.start, m.end, m.when_text)),
            ("Regimen source", m.regimen_source)]
    body = {
        "status": status,
        "code": code,
        "subject": ctx.patient_ref(),
        **timing,
        **_reason(ctx, m.reason),
        "note": s.notes(m.note, s.date_note("Start", m.start), s.date_note("End", m.end),
                        f"Regimen components per {m.regimen_source}" if m.regimen_source else None),
    }
    return s.resource(RESOURCE_TYPE, ctx, m.id, label, rows, body, ext=therapy_extensions(ctx, m))
