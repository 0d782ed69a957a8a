"""Case allergies -> FHIR AllergyIntolerance (substance, reaction and severity, category, type,
criticality, status, onset).

A case report's "allergic to azithromycin (stomach pain)" is an AllergyIntolerance, not a
Condition: IPS requires an Allergies section and fills it with these. The substance is looked up
as a substance first (drug classes such as penicillins, foods, venoms, pollens, latex: SNOMED CT
substances, as IPS and US Core code them), then as a medication (RxNorm ingredients); a substance
the tables do not know is written as text with a warning. R4 and R5 differ in ``type`` (a code in
R4, a CodeableConcept in R5) and in ``reaction.manifestation`` (CodeableConcepts in R4,
CodeableReferences in R5).
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import Allergy, Concept
from fhirconv.mappers import brand_names, dating, links, qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext

RESOURCE_TYPE = "AllergyIntolerance"
CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
TYPE_R5 = "http://hl7.org/fhir/allergy-intolerance-type"
CLINICAL_DISPLAY = {"active": "Active", "inactive": "Inactive", "resolved": "Resolved"}
VERIFICATION_DISPLAY = {"unconfirmed": "Unconfirmed", "confirmed": "Confirmed", "refuted": "Refuted"}
TYPE_DISPLAY = {"allergy": "Allergy", "intolerance": "Intolerance"}


def map_allergies(ctx: MapContext) -> list[dict[str, Any]]:
    return [map_allergy(ctx, a) for a in ctx.case.allergies]


def _reaction(ctx: MapContext, a: Allergy) -> list[dict[str, Any]] | None:
    if a.reaction is None:
        return None
    cc = qualifiers.named(ctx, a.reaction, "condition", (*a.path, "reaction"))
    if a.category in ("medication", "food") and not a.reaction.codes:
        # the reaction is caused by the substance: an ICD-10-CM code that excludes a drug's or a
        # food's reaction is not this one (T78.2 Anaphylactic shock, unspecified)
        from fhirconv.mappers.condition import without_kind_excluded

        cc = without_kind_excluded(ctx, cc, a.category, (*a.path, "reaction"),
                                   a.concept.label if a.concept else a.category)
    manifestation = [{"concept": cc}] if ctx.r5 else [cc]
    return [s.compact({"manifestation": manifestation, "severity": a.severity})]


def _substance_kind(a: Allergy) -> str:
    """``substance`` when its rows know the words (or several fit: the warning lists them), or the
    allergy is to a food or something in the environment, else ``medication``: one drug is an RxNorm
    ingredient, a class or a food a SNOMED CT substance (an unknown food is warned of as a substance)."""
    if a.concept is None or a.concept.codes:
        return "medication"
    term = a.concept.term or ""
    if s.match("substance", term).status != "none":
        return "substance"
    if a.category in ("food", "environment") and s.match("medication", term).status == "none":
        return "substance"
    return "medication"


def map_allergy(ctx: MapContext, a: Allergy) -> dict[str, Any]:
    substance = _substance_kind(a)
    brand = brand_names.ingredient(ctx, a.concept, (*a.path, "substance")) if substance == "medication" else None
    code = s.codeable(ctx, Concept(brand) if brand else a.concept, substance, (*a.path, "substance"),
                      text=a.concept.term if brand and a.concept else None)
    reaction = _reaction(ctx, a)
    if a.severity and reaction is None:
        ctx.warn((*a.path, "severity"), "severity without a reaction: FHIR's reaction needs a manifestation, so the "
                 "severity is kept in the narrative and a note", hint="give 'reaction' (what happened)")
    kind = None
    if a.type:
        kind = s.fixed(TYPE_R5, a.type, TYPE_DISPLAY[a.type]) if ctx.r5 else a.type
    rows = [("Substance", s.cc_label(code)), ("Reaction", a.reaction.label if a.reaction else None),
            ("Severity", a.severity), ("Category", a.category), ("Type", a.type), ("Criticality", a.criticality),
            ("Clinical status", a.clinical_status), ("Verification", a.verification_status),
            ("Onset", s.date_or_words(a.onset)),
            ("When", a.when_text), ("Encounter", links.item_label(ctx, a.encounter) if a.encounter else None),
            ("Note", a.note)]
    body = {
        # the schema requires it: ait-1 wants one on every allergy, and IPS binds it to these codes
        "clinicalStatus": s.fixed(CLINICAL, a.clinical_status, CLINICAL_DISPLAY[a.clinical_status]),
        "verificationStatus": s.fixed(VERIFICATION, a.verification_status,
                                      VERIFICATION_DISPLAY[a.verification_status])
        if a.verification_status else None,
        "type": kind,
        "category": [a.category] if a.category else None,
        "criticality": a.criticality,
        "code": code,
        "patient": ctx.patient_ref(),
        **links.encounter(ctx, a.encounter),
        "onsetDateTime": s.fhir_date(a.onset),
        **dating.element(ctx, "onsetDateTime", a.onset),
        "note": s.notes(a.note, s.date_note("Onset", a.onset), f"When: {a.when_text}" if a.when_text else None,
                        f"Reaction severity: {a.severity}" if a.severity and reaction is None else None),
        "reaction": reaction,
    }
    return s.resource(RESOURCE_TYPE, ctx, a.id, f"Allergy: {s.cc_label(code) or a.id}", rows, body)
