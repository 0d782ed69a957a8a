"""What a date element says beyond its value: an offset from an undated anchor, or a pinned date.

A case report often dates a step only relative to another ("2 days before admission") that it
never dates. The prose note keeps the words; FHIR's standard extension
``http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime`` on the item's date element says
it for machines (and lets the view draw a relative axis): ``target`` the anchor's resource (or a
display alone when the anchor is a timeline event with no resource), ``targetPath`` the anchor's
date element, ``relationship`` before-start / after-start / concurrent-with-start, ``offset`` a
UCUM Duration (a Range for "about"). A date resting on one the user pinned (``--set-date``)
carries fhirconv's ``assumed-date`` extension beside its note.

The extension sits on the primitive's ``_element`` (``_onsetDateTime``, ``_effectiveDateTime``,
``_performedDateTime`` / ``_occurrenceDateTime``, a Period's ``_start``), without a value when the
date is unknown: FHIR allows a primitive that holds only extensions.
"""

from __future__ import annotations

from typing import Any

from fhirconv.case.model import When
from fhirconv.mappers import links
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import EXTENSION_BASE, MapContext

RELATIVE_URL = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"
ASSUMED_URL = EXTENSION_BASE + "assumed-date"
# case-file unit -> (UCUM code, unit words)
UNITS = {"minute": ("min", "minutes"), "hour": ("h", "hours"), "day": ("d", "days"), "week": ("wk", "weeks"),
         "month": ("mo", "months"), "year": ("a", "years")}
# the element holding a resource's date, per type: what targetPath names
DATE_PATHS = {"Condition": "onset", "Observation": "effective", "MedicationStatement": "effective",
              "AllergyIntolerance": "onset", "Immunization": "occurrence"}
# an anchor with no resource (a timeline event) is a date the case file names, nothing more
EVENT_PATH = "date"


def when_words(when: When | None) -> str:
    """A date for a sentence: ``2011-06``, or where the source places it ("(undated: 18 months after
    the dapagliflozin)", "(undated: at the sCR response assessment)"), else ``undated``."""
    if when is None:
        return "undated"
    if when.date is not None:
        return when.date.fhir()
    if when.anchor and when.anchor_label:
        return f"(undated: {when.words})" if when.offset else f"(undated: at {when.anchor_label})"
    return "undated"


def cell(written: dict[str, Any], start: When | None, end: When | None = None,
         text: str | None = None) -> str | None:
    """The narrative's words for a date element (``written``, from :func:`choice`): the date, a
    Period as "2011-06 to 2011-09", else the source's words or where it places an undated date ("(undated:
    2 days after the admission)") -- never the element's extensions."""
    for key, value in written.items():
        if key.startswith("_"):
            continue
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and (value.get("start") or value.get("end")):
            first, last = value.get("start"), value.get("end")
            return f"{first} to {last}" if first and last else f"from {first}" if first else f"until {last}"
    if text:
        return text
    said = [w for w in (when_words(start) if start else None, when_words(end) if end else None)
            if w and w != "undated"]
    return " to ".join(said) or None


def _date_path(ctx: MapContext, resource_type: str) -> str:
    if resource_type == "Procedure":
        return "occurrence" if ctx.r5 else "performed"
    if resource_type == "Encounter":
        return "actualPeriod" if ctx.r5 else "period"
    return DATE_PATHS.get(resource_type, "effective")


def _history_key(ctx: MapContext, anchor: str) -> str | None:
    """The Observation key of a condition's status or verification entry with id ``anchor``."""
    for c in ctx.case.conditions:
        if any(h.id == anchor for h in c.history) or any(v.id == anchor for v in c.verification_history):
            return anchor
    return None


def _display(label: str | None, anchor: str) -> str:
    words = (label or anchor).strip("\u201c\u201d")
    return words[4:] if words.startswith("the ") else words


def target(ctx: MapContext, anchor: str, label: str | None) -> tuple[dict[str, Any], str]:
    """A logical Reference to the anchor's resource (its business identifier and type, with its
    words as display) and its date element. Logical, not literal: a date relative to another item
    is no dependency between the two resources, and a literal reference here would close cycles
    (a stage observation dated from the surgery whose reason is the staged condition) that a
    server loading the case in parts cannot resolve."""
    from fhirconv.case.dates import BIRTH

    display = _display(label, anchor)
    if anchor == BIRTH:
        return {**ctx.patient_ref(), "display": display}, "birthDate"
    section = ctx.case.section_of(anchor)
    if section is not None:
        ref, key = links.item_ref(ctx, anchor), anchor
    elif (key := _history_key(ctx, anchor)) is not None:
        ref = ctx.ref("Observation", key)
    else:
        from fhirconv.mappers.findings import observation_keys  # findings maps through this module's users

        keys = observation_keys(ctx, anchor) if ctx.case.source_doc is not None else []
        if not keys:
            return {"display": display}, EVENT_PATH
        key = keys[0]
        ref = ctx.ref("Observation", key)
    rtype = ref["reference"].split("/", 1)[0]
    return {"type": rtype, "identifier": ctx.identifier(key)[0], "display": display}, _date_path(ctx, rtype)


def age(when: When | None) -> tuple[str, dict[str, Any]] | None:
    """("Age", an Age) for a date the case gives only as the patient's age ("onset: age 18") with no
    birth date to count from, as FHIR's ``onsetAge`` / ``abatementAge`` say it; ("Range", a Range of
    that age at both ends) for "about age 18"."""
    from fhirconv.case.dates import BIRTH

    if when is None or when.date is not None or when.anchor != BIRTH or when.upto != when.offset + 1 \
            or when.offset <= 0:
        return None
    out = _duration(when.offset, when.unit)
    return ("Range", {"low": out, "high": out}) if when.approximate else ("Age", out)


def _duration(n: int, unit: str) -> dict[str, Any]:
    code, words = UNITS[unit]
    return {"value": n, "unit": words if n != 1 else words[:-1], "system": s.UCUM, "code": code}


def _through_events(ctx: MapContext, when: When) -> tuple[str, str | None, int, str, bool]:
    """The anchor to point at, its words and the offset from it. A timeline event has no resource, so
    an offset from an event that is itself an offset from another ("at the 6-month follow-up", 6
    months after the end of radiotherapy) is carried to that anchor, when the units allow the sum:
    the chain stays one that a reader (or the view) can follow."""
    anchor, label, n, unit, approximate = when.anchor or "", when.anchor_label, when.offset, when.unit, when.approximate
    if when.upto is not None:  # a range stays an offset from its own anchor
        return anchor, label, n, unit, approximate
    while anchor in ctx.case.timeline:
        event = ctx.case.timeline[anchor]
        if event.date is not None or event.anchor is None or event.upto is not None:
            break
        if n == 0:
            n, unit = event.offset, event.unit
        elif event.offset != 0:
            if event.unit != unit:
                break
            n += event.offset
        anchor, label, approximate = event.anchor, event.anchor_label, approximate or event.approximate
    return anchor, label, n, unit, approximate


def relative(ctx: MapContext, when: When | None) -> dict[str, Any] | None:
    """The cqf-relativeDateTime extension for a date known only as an offset from an undated anchor."""
    if when is None or when.date is not None or when.anchor is None:
        return None
    anchor, label, signed, unit, approximate = _through_events(ctx, when)
    ref, path = target(ctx, anchor, label)
    n = abs(signed)
    relationship = "before-start" if signed < 0 else "after-start" if signed > 0 else "concurrent-with-start"
    duration = _duration(n, unit)
    # "about 2 days": the source gives no bounds, so the Range is the stated offset, typed as imprecise;
    # "2-3 weeks": the Range the source gives
    if when.upto is not None:  # never carried through events (_through_events): its anchor's own
        offset: dict[str, Any] = {"valueRange": {"low": duration, "high": _duration(abs(when.upto), unit)}}
    elif approximate and n:
        offset = {"valueRange": {"low": duration, "high": duration}}
    else:
        offset = {"valueDuration": duration}
    return {"url": RELATIVE_URL, "extension": [
        {"url": "target", "valueReference": ref},
        {"url": "targetPath", "valueString": path},
        {"url": "relationship", "valueCode": relationship},
        {"url": "offset", **offset},
    ]}


def extensions(ctx: MapContext, when: When | None) -> list[dict[str, Any]]:
    """The extensions the date element of ``when`` carries: an offset, or the assumed-date flag."""
    if when is None:
        return []
    if when.date is not None:
        return [{"url": ASSUMED_URL, "valueBoolean": True}] if when.assumed else []
    found = relative(ctx, when)
    return [found] if found else []


def element(ctx: MapContext, name: str, when: When | None) -> dict[str, Any]:
    """``{"_<name>": {"extension": [...]}}`` for the primitive ``name``, or ``{}``."""
    ext = extensions(ctx, when)
    return {f"_{name}": {"extension": ext}} if ext else {}


def period(ctx: MapContext, start: When | None, end: When | None) -> dict[str, Any] | None:
    """A Period with its dates and their extensions (``_start``, ``_end``), or None."""
    out = dict(s.period(start, end) or {})
    for part, when in (("start", start), ("end", end)):
        out.update(element(ctx, part, when))
    return {k: out[k] for k in ("start", "_start", "end", "_end") if k in out} or None


def choice(ctx: MapContext, written: dict[str, Any], prefix: str, date: When | None, start: When | None = None,
           end: When | None = None) -> dict[str, Any]:
    """``written`` (from :func:`snippets.date_choice`) with the extensions its dates call for: on the
    element written (``{prefix}DateTime``, ``{prefix}String``), a Period's ``_start``/``_end``, or on
    an empty ``_{prefix}DateTime`` (``_{prefix}Period``'s start) when no value could be written."""
    out = dict(written)
    key = next(iter(out), None)
    if key == f"{prefix}Period" or (key is None and date is None and (start is not None or end is not None)):
        found = period(ctx, start, end)
        return {f"{prefix}Period": found} if found else {}
    single = date if date is not None else start
    if key is not None:
        return {**out, **element(ctx, key, single)}
    return element(ctx, f"{prefix}DateTime", single)
