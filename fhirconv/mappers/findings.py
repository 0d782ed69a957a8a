"""The observations a case implies beyond its own items, and the checks on observation values.

- verification over time (suspected, confirmed by an MRI, refuted): one Observation per entry,
  valued with FHIR's condition-ver-status codes, ``focus`` -> the Condition, and ``partOf`` /
  ``derivedFrom`` -> the procedure or observation that settled it;
- T, N and M category values given on a stage (``t: cT2``): one Observation each, which the
  Condition's ``stage.assessment`` points to. They carry no ``focus`` back to the Condition: the
  references stay acyclic (a server that takes one resource at a time needs an order), and
  mCODE's TNM category profiles leave ``focus`` optional (0..*);
- vital status at a date (``patient.outcome``): its own Observation, never a disease status;
- links of an observation to the procedure or observation that produced it and to its encounter;
- warnings at the value's line: a lab or vital sign with a number and no unit, a text value under
  a vital-sign code (FHIR's vital-signs profile requires a Quantity).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fhirconv.case.dates import birth_range
from fhirconv.case.model import Age, Concept, Condition, Observation
from fhirconv.case.units import COMPARED, RANGED, usual_unit
from fhirconv.mappers import links
from fhirconv.mappers import snippets as s
from fhirconv.mappers.condition import TNM_WORDS, VERIFICATION, VERIFICATION_DISPLAY, names_tnm, stage_label, tnm_key
from fhirconv.mappers.context import MapContext
from fhirconv.terminology.vitals import VITAL_SIGN_CODES

AGE_WORDS = {"a": "years", "mo": "months", "wk": "weeks", "d": "days"}
LOINC = "http://loinc.org"
VITAL_STATUS = {"alive": "Alive", "deceased": "Deceased", "unknown": "Unknown"}

Base = Callable[..., dict[str, Any]]


def birth_note(age: Age) -> str | None:
    """``Born between 1952-06-02 and 1953-06-30 (58 years at 2011-06)``: FHIR's birthDate cannot be
    a range, so the range an age at a dated event implies is said in words."""
    if age.at.date is None:
        return None
    span = birth_range(age.at.date, age.value, age.unit)
    if span is None:
        return None
    first, last = span
    when = f"{first.isoformat()}" if first == last else f"between {first.isoformat()} and {last.isoformat()}"
    return f"Born {when} (from the age of {age.words} at {age.at.date.fhir()})"


def observation_keys(ctx: MapContext, item_id: str) -> list[str]:
    """The keys of the Observations an observation item becomes: one, or each entry of a series."""
    if any(o.id == item_id for o in ctx.case.observations):
        return [item_id]
    item = next((i for i, o in enumerate(ctx.case.source_doc.data.get("observations", []))
                 if o.get("id") == item_id), None) if ctx.case.source_doc is not None else None
    return [o.id for o in ctx.case.observations if o.path == ("observations", item)]


def observation_refs(ctx: MapContext, item_id: str) -> list[dict[str, str]]:
    """References to an observation item: one, or each entry of a series."""
    return [ctx.ref("Observation", key) for key in observation_keys(ctx, item_id)]


def produced_by(ctx: MapContext, items: tuple[str, ...]) -> dict[str, Any]:
    """``partOf`` -> procedures (imaging, biopsy) and medications (what FHIR's Observation.partOf
    allows), ``derivedFrom`` -> observations."""
    part_of = [links.item_ref(ctx, i) for i in items if ctx.case.section_of(i) in ("procedures", "medications")]
    derived = [r for i in items if ctx.case.section_of(i) not in ("procedures", "medications")
               for r in observation_refs(ctx, i)]
    return s.compact({"partOf": part_of, "derivedFrom": derived})


def links_of(ctx: MapContext, o: Observation) -> dict[str, Any]:
    return {**produced_by(ctx, o.derived_from), **links.encounter(ctx, o.encounter)}


def link_rows(ctx: MapContext, o: Observation) -> list[tuple[str, Any]]:
    return [("From", ", ".join(links.item_label(ctx, i) for i in o.derived_from) or None),
            ("Encounter", links.item_label(ctx, o.encounter) if o.encounter else None)]


def loinc_codes(cc: dict[str, Any] | None) -> set[str]:
    """The LOINC codes of a CodeableConcept."""
    return {c.get("code", "") for c in (cc or {}).get("coding", []) if c.get("system") == LOINC}


def check_value(ctx: MapContext, o: Observation, code: dict[str, Any] | None) -> None:
    """Warn at the value's line about values FHIR or its vital-signs profile would not take as meant."""
    vital = o.category == "vital-signs" or bool(loinc_codes(code) & VITAL_SIGN_CODES)
    label = s.cc_label(code) or o.id
    _check_one(ctx, o.value, o.unit, o.value_path or (*o.path, "value"), label, code, vital,
               o.category in ("laboratory", "vital-signs") or vital, exam=o.category == "exam")
    for i, c in enumerate(o.components):
        ccode = s.codeable(ctx, c.concept, "observation", (*o.path, "components", i, "observation"), warn=False,
                           unit=c.unit or (c.value.get("unit") if isinstance(c.value, dict) else None))
        cvital = vital or bool(loinc_codes(ccode) & VITAL_SIGN_CODES)
        _check_one(ctx, c.value, c.unit, (*o.path, "components", i, "value"), s.cc_label(ccode) or label, ccode,
                   cvital, o.category in ("laboratory", "vital-signs") or cvital)


def _check_one(ctx: MapContext, value: Any, unit: str | None, path: tuple, label: str,
               code: dict[str, Any] | None, vital: bool, measured: bool, exam: bool = False) -> None:
    if isinstance(value, bool) or value is None:
        if vital and value is not None:
            ctx.warn(path, f"{label} is a vital sign but its value is {value!r}, not a quantity: FHIR's "
                     "vital-signs profile requires valueQuantity", hint="give the measured number with 'unit'")
        return
    if isinstance(value, dict) and "low" in value:
        if vital:
            ctx.warn(path, f"{label} is a vital sign but its value is a range: FHIR's vital-signs profile "
                     "requires valueQuantity", hint="if the source gives one measured number, give it (the range "
                     "in a note); a range as the source gives it stays, with this warning")
        return
    compared = COMPARED.fullmatch(value) if isinstance(value, str) else None
    ranged = RANGED.fullmatch(value) if isinstance(value, str) else None
    if (isinstance(value, int | float) or compared or ranged) and measured and not unit:
        usual = next((u for c in loinc_codes(code) if (u := usual_unit(LOINC, c))), None)
        number = float(compared[2]) if compared else float(ranged[2]) if ranged else value
        ctx.warn(path, f"{label} {value} has no unit", hint=_unit_hint(number, usual)
                 + (" (a compared number keeps its sign: value: '>10' with the unit)" if compared else "")
                 + (" (a range stays as written: value: '10-15' with the unit)" if ranged else ""))
    elif isinstance(value, str) and vital:
        other = (f"name the finding itself instead of the vital sign (observation: {value!r}, category: exam)"
                 + ("" if exam else " or keep the words in a note"))
        ctx.warn(path, f"{label} is a vital sign but its value is the text {value!r}: FHIR's vital-signs profile "
                 "requires valueQuantity", hint=f"give the measured number with 'unit', or {other}")


_SCALED = re.compile(r"^10\*(?P<power>[0-9]+)/(?P<per>.+)$")


def _unit_hint(value: float, usual: str | None) -> str:
    """What to add for a measured number without a unit: the test's usual unit, unless the number is too
    large for it (a white cell count of 19800 is per microlitre, not 19800 thousand)."""
    if not usual:
        return "add 'unit' with the UCUM code of the source's unit (1 for a pure number)"
    scaled = _SCALED.match(usual)
    if scaled and abs(value) >= 1000:
        per = scaled["per"]
        return (f"add unit: '/{per}' if the source counts per {per} ({value} in {usual!r}, the usual unit, "
                f"would be {value} x 10^{scaled['power']} per {per})")
    return f"add unit: {usual!r} if that is what the source means"



def more_observations(ctx: MapContext, base: Base) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in ctx.case.conditions:
        out += [_verification(ctx, base, c, j) for j in range(len(c.verification_history))]
        out += _tnm(ctx, base, c)
    if ctx.case.patient.outcome:
        out.append(_outcome(ctx, base))
    return out


def _verification(ctx: MapContext, base: Base, c: Condition, j: int) -> dict[str, Any]:
    v = c.verification_history[j]
    key = v.id or f"{c.id}/verification-{j + 1}"
    display = VERIFICATION_DISPLAY[v.status]
    value = s.fixed(VERIFICATION, v.status, display)
    extra = {"focus": [ctx.ref("Condition", c.id)], "valueCodeableConcept": value,
             **produced_by(ctx, (v.by,) if v.by else ())}
    rows = [("Condition", c.concept.label), ("Verification", display),
            ("Date", s.date_or_words(v.when)),
            ("Settled by", links.item_label(ctx, v.by) if v.by else None), ("Source wording", v.text)]
    # The code is LOINC's 'Condition certainty of presence' (a row of outcomes.csv, so a user's terms
    # file can give another); the value is FHIR's own condition-ver-status code.
    code = s.codeable(ctx, Concept("condition verification status"), "observation", c.path,
                      text="Condition verification status", warn=False)
    return base(ctx, key, f"{c.concept.label}: {display.lower()}", rows, code, v.when, extra,
                notes=s.notes(v.text and f"Source wording: {v.text}", s.date_note("Date", v.when)))


def _tnm(ctx: MapContext, base: Base, c: Condition) -> list[dict[str, Any]]:
    out = []
    known = {o.id for o in ctx.case.observations}
    for i, st in enumerate(c.stages):
        for part, value in st.tnm:
            if value in known:
                continue
            term = f"{st.type + ' ' if st.type in ('clinical', 'pathological') else ''}{TNM_WORDS[part]} category"
            code = s.codeable(ctx, Concept(term), "observation", (*st.path, part))
            coded = (s.codeable(ctx, Concept(value), "tnm-category", (*st.path, part), warn=False)
                     if not st.system or names_tnm(st.system) else None) or {}
            rows = [("Observation", s.cc_label(code)), ("Value", value), ("Stage", stage_label(st)),
                    ("Date", s.fhir_date(st.when))]
            # A category the tables know (cT2, pN0, a bare T2) is coded, unless the stage names a system
            # other than TNM (the tables' codes are AJCC/TNM categories); any other (ypT0, cT4a) stays the
            # string the case gives. No focus: Condition.stage.assessment already links them.
            extra = {"valueCodeableConcept": coded} if coded.get("coding") else {"valueString": value}
            out.append(base(ctx, tnm_key(c, i, part), f"{s.cc_label(code)}: {value}", rows, code, st.when, extra,
                            notes=s.notes(s.date_note("Date", st.when))))
    return out


def _outcome(ctx: MapContext, base: Base) -> dict[str, Any]:
    o = ctx.case.patient.outcome
    assert o is not None
    code = s.codeable(ctx, Concept("vital status"), "observation", (*o.path, "status"), text="Vital status")
    value = s.codeable(ctx, Concept(o.status), "vital-status", (*o.path, "status"), text=VITAL_STATUS[o.status])
    rows = [("Vital status", VITAL_STATUS[o.status]),
            ("Date", s.date_or_words(o.when)), ("Source wording", o.text)]
    return base(ctx, "patient/outcome", f"Vital status: {VITAL_STATUS[o.status].lower()}", rows, code, o.when,
                {"valueCodeableConcept": value},
                notes=s.notes(o.text and f"Source wording: {o.text}", s.date_note("Date", o.when)))
