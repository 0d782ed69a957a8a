"""Read any FHIR Bundle (R4 or R5) into a neutral list of course events.

The view reads FHIR, not fhirconv's internals, so a Bundle from another system shows too:
Conditions become lanes, MedicationStatements become bars grouped by regimen (``partOf`` ->
Procedure) or drug, Procedures become markers, Observations become labelled points (response
assessments, and condition status changes such as "5th relapse" on their condition's lane).
Dates keep their precision; resources without a date are kept, in bundle order, never dated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from fhirconv.numbers import as_words
from fhirconv.view.dates import PartialDate, parse_date
from fhirconv.view.encounter import read_encounter
from fhirconv.view.header import CaseHeader, read_header
from fhirconv.view.relative import place, read_offset
from fhirconv.view.wording import humanize, labels_by_item, phrase

CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
# condition-ver-status codes in words: what a reader of the timeline needs to know
VERIFICATION_WORDS = {"refuted": "ruled out", "entered-in-error": "ruled out", "provisional": "suspected",
                      "differential": "suspected", "unconfirmed": "suspected", "confirmed": "confirmed"}

LaneKind = Literal["encounter", "condition", "medication", "procedure", "response", "observation", "other"]
EventKind = Literal[
    "encounter", "condition", "status", "medication", "regimen", "procedure", "response", "observation", "other"
]

_ONGOING_STATUSES = {"active", "recurrence", "relapse", "in-progress", "intended", "on-hold"}
_NOT_EVENTS = {
    "Patient", "Medication", "Practitioner", "PractitionerRole", "Organization", "Location", "Device",
    "Substance", "OperationOutcome", "Bundle", "ValueSet", "CodeSystem", "StructureDefinition", "Group",
}
_LANE_ORDER: dict[str, int] = {
    "encounter": -1, "condition": 0, "medication": 1, "procedure": 2, "response": 3, "observation": 4, "other": 5,
}


@dataclass
class Lane:
    """One horizontal band of the timeline: a condition, a regimen or drug, or a kind of event."""

    key: str
    kind: LaneKind
    title: str
    subtitle: str = ""
    first_index: int = 0
    verification: str = ""  # "ruled out" or "suspected" for a condition not confirmed
    stages: list[str] = field(default_factory=list)  # "clinical stage I", each on its own line, never cut


@dataclass
class Event:
    """Something that happened (or was true) for the patient, as one resource says."""

    index: int  # position of the resource in the bundle
    ref: str  # "Type/id" of the resource
    kind: EventKind
    lane: str
    label: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    is_period: bool = False  # a span (condition, medication period) rather than a moment
    ongoing: bool = False  # a period with no end that is still going on
    status: str = ""
    note: str = ""  # how the source words the timing when there is no date, and the item's notes
    detail: str = ""
    verification: str = ""  # "ruled out" / "suspected": drawn struck through / dashed
    assumed: bool = False  # the date was pinned by the user (convert --set-date), not given by the source
    rel_days: float | None = None  # days from day 0 on a relative axis (a case with no calendar dates)
    rel_text: str = ""  # "day 0", "-15 d", "+1 mo"

    @property
    def placed(self) -> bool:
        """On the time axis: a calendar date, or an offset on the relative axis."""
        return self.dated or self.rel_days is not None

    @property
    def dated(self) -> bool:
        """Placed in time: a start, or (for an item the source dates only by its end) an end."""
        return self.start is not None or self.end is not None

    @property
    def end_only(self) -> bool:
        """Only the end is known (``effectivePeriod.end`` without start, abatement without onset)."""
        return self.start is None and self.end is not None

    @property
    def anchor(self) -> PartialDate | None:
        """The date that places the event: its start, else its end."""
        return self.start if self.start is not None else self.end

    def sort_key(self) -> tuple:
        if self.anchor is None:
            return (1, "", self.index)
        return (0, self.anchor.first.isoformat(), self.index)

    def when(self) -> str:
        """The dates as given: ``2011-06``, ``2004 – 2011-06``, ``2011-06 – ongoing``, ``? – 2011-06``."""
        if self.start is None:
            return f"? – {self.end}" if self.end is not None else "undated"
        if not self.is_period:
            return str(self.start)
        if self.end is not None:
            return f"{self.start} – {self.end}" if self.end != self.start else str(self.start)
        return f"{self.start} – ongoing" if self.ongoing else f"{self.start} – ?"


@dataclass
class ResourceRow:
    """One line of the resource table in the HTML view."""

    index: int
    ref: str
    type: str
    id: str
    date: str
    code: str
    status: str
    resource: dict[str, Any]
    value: str = ""


@dataclass
class PatientInfo:
    name: str = ""
    gender: str = ""
    birth_date: str = ""
    deceased: str = ""
    identifier: str = ""
    ref: str = ""


@dataclass
class Course:
    """Everything the renderers need, in a stable order."""

    title: str
    patient: PatientInfo
    lanes: list[Lane]
    events: list[Event]
    resources: list[ResourceRow]
    fhir_version: str = ""
    bundle_type: str = ""
    lane_by_key: dict[str, Lane] = field(default_factory=dict)
    header: CaseHeader = field(default_factory=CaseHeader)
    relative_zero: str = ""  # what day 0 is when the course is drawn on a relative axis ("admission")

    @property
    def heading(self) -> str:
        """The case as people name it: the patient's name or the case title, never just an id."""
        title = self.header.title or self.title
        name = self.patient.name
        return f"{name} — {title}" if name and title and name != title else name or title

    def dated_events(self) -> list[Event]:
        return sorted((e for e in self.events if e.dated), key=Event.sort_key)

    def undated_events(self) -> list[Event]:
        return [e for e in self.events if not e.placed]

    def relative_events(self) -> list[Event]:
        """Events placed by their offset from day 0, in time order (bundle order for ties)."""
        return sorted((e for e in self.events if e.rel_days is not None), key=lambda e: (e.rel_days, e.index))

    def in_bundle_order_is_chronological(self) -> bool:
        """True when the Bundle lists its dated events in date order (fhirconv does so when a case
        gives its ``sequence``): then the Bundle's order is the course, undated steps included."""
        previous = None
        for e in sorted(self.events, key=lambda e: e.index):
            if e.anchor is None:
                continue
            if previous is not None and e.anchor.last < previous.first:
                return False
            previous = e.anchor
        return True


# --------------------------------------------------------------------------------------------------
# small FHIR readers


def concept_text(cc: Any) -> str:
    """Readable text of a CodeableConcept, Coding, CodeableReference or Reference."""
    if not isinstance(cc, dict):
        return str(cc) if isinstance(cc, str | int | float) else ""
    if "concept" in cc or ("reference" in cc and isinstance(cc.get("reference"), dict)):
        return concept_text(cc.get("concept")) or concept_text(cc.get("reference"))
    if cc.get("text"):
        return str(cc["text"])
    for coding in cc.get("coding") or []:
        if isinstance(coding, dict) and (coding.get("display") or coding.get("code")):
            return str(coding.get("display") or coding.get("code"))
    if cc.get("display") or cc.get("code"):
        return str(cc.get("display") or cc.get("code"))
    return str(cc.get("reference") or "")


def concept_codes(cc: Any) -> str:
    """``code display`` of every coding, then the text if it says more: for the resource table."""
    if not isinstance(cc, dict):
        return ""
    if "concept" in cc:
        return concept_codes(cc.get("concept"))
    parts: list[str] = []
    for coding in cc.get("coding") or []:
        if not isinstance(coding, dict):
            continue
        code, display = coding.get("code") or "", coding.get("display") or ""
        parts.append(f"{code} {display}".strip())
    text = cc.get("text") or ""
    if text and not parts:
        return str(text)
    if text and not any(text.lower() in p.lower() for p in parts):
        parts.append(f"“{text}”")
    return "; ".join(p for p in parts if p)


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        if "value" in value:  # Quantity
            unit = value.get("unit") or value.get("code") or ""
            unit = "" if unit == "1" else unit  # UCUM's unity: a score or a ratio, no unit to read
            return f"{value.get('comparator', '')}{_num(value['value'])} {unit}".strip()
        if "low" in value or "high" in value:  # Range: "10–15 /[HPF]" when both ends share a unit
            low, high = value.get("low") or {}, value.get("high") or {}
            unit = low.get("unit") or low.get("code")
            if "value" in low and "value" in high and unit and unit == (high.get("unit") or high.get("code")):
                return f"{_num(low['value'])}–{_num(high['value'])} {unit}"
            return f"{_value_text(low)}–{_value_text(high)}"
        return concept_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _num(v: Any) -> str:
    """A FHIR decimal as the JSON writes it: 7.0 stays "7.0" (its precision), 12.50 "12.50"."""
    if type(v) is float and v.is_integer() and abs(v) < 1e16:  # not an ExactDecimal, which keeps its digits
        return repr(v)
    return as_words(v) if isinstance(v, float) else str(v)


def observation_value(res: dict[str, Any]) -> str:
    """The value of an Observation as people write it: ``value[x]``, else its components.

    Components that are quantities in one unit read as one value (blood pressure ``135/72 mm[Hg]``);
    others are listed with their names (``systolic 135 mm[Hg]; pulse 80 /min``).
    """
    value = choice(res, "value")
    if value is not None:
        return _value_text(value[1])
    parts: list[tuple[str, str, Any]] = []  # (name, text, quantity or None)
    for comp in res.get("component") or []:
        if not isinstance(comp, dict):
            continue
        found = choice(comp, "value")
        if found is None:
            continue
        quantity = found[1] if found[0] == "Quantity" and isinstance(found[1], dict) else None
        parts.append((concept_text(comp.get("code")), _value_text(found[1]), quantity))
    if not parts:
        return ""
    units = {str(q.get("unit") or q.get("code") or "") for _, _, q in parts if q is not None}
    if len(parts) > 1 and all(q is not None and "value" in q and not q.get("comparator") for _, _, q in parts) \
            and len(units) == 1:
        unit = units.pop()
        return f"{'/'.join(_num(q['value']) for _, _, q in parts)} {unit}".strip()
    return "; ".join(f"{name} {text}".strip() for name, text, _ in parts)


def choice(resource: dict[str, Any], base: str) -> tuple[str, Any] | None:
    """The ``base[x]`` element present in ``resource``: (suffix, value)."""
    for key in sorted(resource):
        if key.startswith(base) and key != base and key[len(base)].isupper():
            return key[len(base):], resource[key]
    return None


_Dates = tuple[PartialDate | None, PartialDate | None, bool, str]


def _dates_of(resource: dict[str, Any], base: str) -> _Dates:
    """Start, end, whether it is a period, and any text for the ``base[x]`` element."""
    found = choice(resource, base)
    if found is None:
        return None, None, False, ""
    suffix, value = found
    if suffix in ("DateTime", "Date", "Instant"):
        return parse_date(value), None, False, ""
    if suffix == "Period" and isinstance(value, dict):
        # an end without a start stays an end: the item ended then, its start is unknown
        return parse_date(value.get("start")), parse_date(value.get("end")), True, ""
    if suffix == "String":
        return None, None, False, str(value)
    if suffix == "Age" and isinstance(value, dict):
        return None, None, False, f"at age {_value_text(value)}"
    if suffix == "Range" and isinstance(value, dict):
        return None, None, False, f"at age {_value_text(value)}"
    if suffix == "Timing" and isinstance(value, dict):
        for event in value.get("event") or []:
            return parse_date(event), None, False, ""
        bounds = (value.get("repeat") or {}).get("boundsPeriod") or {}
        return parse_date(bounds.get("start")), parse_date(bounds.get("end")), True, ""
    if suffix == "Boolean":
        return None, None, False, ""
    return None, None, False, ""


def extension_value(resource: dict[str, Any], *words: str) -> str:
    """Text of the first simple extension whose name (last URL part) contains one of ``words``.

    fhirconv writes therapy line and intent under :data:`FHIRCONV_EXT`; other systems use their
    own URLs, so the match is on the name, and anything unexpected is simply ignored.
    """
    for ext in resource.get("extension") or []:
        if not isinstance(ext, dict):
            continue
        name = str(ext.get("url", "")).rstrip("/").rsplit("/", 1)[-1]
        tokens = re.findall(r"[a-z]+|\d+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower())
        if not any(w in tokens or name.lower().startswith(w) for w in words):
            continue
        for key, value in sorted(ext.items()):
            if key.startswith("value"):
                text = _value_text(value)
                if text:
                    return text
    return ""


def notes_of(resource: dict[str, Any]) -> str:
    notes = [str(n.get("text")) for n in resource.get("note") or [] if isinstance(n, dict) and n.get("text")]
    return "; ".join(notes)


ASSUMED_NOTE = "set with --set-date"  # fhirconv's wording for a date the user pinned


def date_assumed(resource: dict[str, Any]) -> bool:
    """The resource's date was set by the user, not the source: an ``assumed-date`` extension (true)
    on the resource or on one of its date elements, or fhirconv's note saying so."""
    holders: list[Any] = [resource]
    holders += [v for k, v in resource.items() if k.startswith("_") and isinstance(v, dict)]
    for key in ("effectivePeriod", "performedPeriod", "occurrencePeriod", "onsetPeriod", "period", "actualPeriod"):
        value = resource.get(key)
        if isinstance(value, dict):
            holders += [value, *(v for k, v in value.items() if k.startswith("_") and isinstance(v, dict))]
    for holder in holders:
        for ext in holder.get("extension") or []:
            if isinstance(ext, dict) and str(ext.get("url", "")).rstrip("/").endswith("assumed-date") \
                    and ext.get("valueBoolean") is True:
                return True
    return any(isinstance(n, dict) and ASSUMED_NOTE in str(n.get("text") or "") for n in resource.get("note") or [])


def with_notes(timing: str, notes: str) -> str:
    """The source's wording of the timing and the item's notes, both: an undated item's wording must
    not hide its notes ("after stem cell collection; 50 Gy in 25 fractions")."""
    if not timing:
        return notes
    if not notes or timing in notes:
        return notes or timing
    return f"{timing}; {notes}"


def _extension_values(holder: dict[str, Any], depth: int = 0) -> list[tuple[str, str]]:
    """(name, value text) of every extension, nested ones too (complex extensions such as mCODE's)."""
    out: list[tuple[str, str]] = []
    for ext in holder.get("extension") or []:
        if not isinstance(ext, dict):
            continue
        name = str(ext.get("url", "")).rstrip("/").rsplit("/", 1)[-1].lower()
        for key, value in sorted(ext.items()):
            if key.startswith("value"):
                out.append((name, _value_text(value)))
        if depth < 2:
            out += _extension_values(ext, depth + 1)
    return out


def dose_text(procedure: dict[str, Any]) -> str:
    """A radiotherapy dose and its fractions from extensions named for them ("50 Gy in 25 fractions")."""
    dose = fractions = ""
    for name, text in _extension_values(procedure):
        if not text:
            continue
        if "fraction" in name and not fractions:
            fractions = text if "fraction" in text else f"{text} fractions"
        elif "dose" in name and not dose:
            dose = text
    return " in ".join(x for x in (dose, fractions) if x)


def stages_of(condition: dict[str, Any]) -> list[str]:
    """``clinical stage I``, ``pathological stage IA``: each ``Condition.stage`` as a short label."""
    out: list[str] = []
    for stage in condition.get("stage") or []:
        if not isinstance(stage, dict):
            continue
        summary = concept_text(stage.get("summary"))
        if not summary:
            continue
        kind = concept_text(stage.get("type")).lower()
        which = next((w for w in ("clinical", "pathological", "radiological") if w in kind), "")
        label = summary if summary.lower().startswith("stage") else f"stage {summary}"
        out.append(f"{which} {label}".strip())
    return out


def verification_of(cc: Any) -> str:
    """``ruled out``, ``suspected``, ``confirmed`` or "" for a condition-ver-status concept."""
    if not isinstance(cc, dict):
        return ""
    for coding in cc.get("coding") or []:
        if isinstance(coding, dict) and coding.get("system") == CONDITION_VERIFICATION:
            return VERIFICATION_WORDS.get(str(coding.get("code")), "")
    return VERIFICATION_WORDS.get(str(cc.get("text") or "").strip().lower(), "")


def status_of(resource: dict[str, Any]) -> str:
    if isinstance(resource.get("status"), str):
        return resource["status"]
    clinical = concept_text(resource.get("clinicalStatus"))
    verification = concept_text(resource.get("verificationStatus"))
    return " / ".join(s for s in (clinical, verification) if s)


def _other_label(res: dict[str, Any]) -> str:
    """Words for a resource with no lane of its own: "allergy: azithromycin (hives)", "family
    history: sister, multiple sclerosis", else its type and code."""
    rtype = res["resourceType"]
    if rtype == "FamilyMemberHistory":
        parts = [concept_text(res.get("relationship")),
                 *(concept_text(c.get("code")) for c in res.get("condition") or [] if isinstance(c, dict))]
        return "family history: " + ", ".join(p for p in parts if p)
    label = concept_text(_code_of(res))
    if rtype == "AllergyIntolerance":
        reactions = [concept_text(m.get("concept", m)) for r in res.get("reaction") or [] if isinstance(r, dict)
                     for m in r.get("manifestation") or [] if isinstance(m, dict)]
        return f"allergy: {label or 'unknown substance'}" + (f" ({', '.join(reactions)})" if reactions else "")
    return f"{rtype}: {label}" if label else rtype


def _code_of(resource: dict[str, Any]) -> Any:
    for key in ("code", "medicationCodeableConcept", "medication", "vaccineCode", "type"):
        value = resource.get(key)
        if isinstance(value, dict) and value:
            return value
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return value[0]
    return None


def _date_text(resource: dict[str, Any]) -> str:
    """The main date of a resource as written, for the table."""
    for base in ("onset", "effective", "performed", "occurrence", "period", "authoredOn", "birthDate",
                 "recordedDate", "issued", "date", "abatement"):
        if base in ("period",):
            value = resource.get("period")
            if isinstance(value, dict):
                return f"{value.get('start', '?')} – {value.get('end', '')}".rstrip(" –")
            continue
        if base in ("authoredOn", "birthDate", "recordedDate", "issued", "date"):
            if isinstance(resource.get(base), str):
                return resource[base]
            continue
        found = choice(resource, base)
        if found is None:
            continue
        suffix, value = found
        if suffix == "Period" and isinstance(value, dict):
            start, end = value.get("start", "?"), value.get("end")
            return f"{start} – {end}" if end else f"{start} –"
        if isinstance(value, str | int | float | bool):
            prefix = "ended " if base == "abatement" else ""
            return f"{prefix}{value}"
        return _value_text(value)
    return ""


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------------------------------
# the reader


class _Index:
    """Resolves references inside a bundle: fullUrl, ``Type/id`` and absolute URLs."""

    def __init__(self, entries: list[tuple[int, str, dict[str, Any]]]):
        self.by_key: dict[str, tuple[int, dict[str, Any]]] = {}
        for index, full_url, res in entries:
            ref = f"{res.get('resourceType')}/{res.get('id')}"
            idents = [f"{i.get('system')}|{i.get('value')}" for i in res.get("identifier") or []
                      if isinstance(i, dict) and i.get("value")]
            for key in (full_url, ref, *idents):
                if key and key not in self.by_key:
                    self.by_key[key] = (index, res)

    def resolve(self, reference: Any) -> tuple[int, dict[str, Any]] | None:
        if isinstance(reference, dict):
            ident = reference.get("identifier")
            if not reference.get("reference") and isinstance(ident, dict) and ident.get("value"):
                return self.by_key.get(f"{ident.get('system')}|{ident.get('value')}")  # a logical reference
            reference = reference.get("reference")
        if not isinstance(reference, str) or not reference:
            return None
        reference = reference.split("/_history/")[0]
        if reference in self.by_key:
            return self.by_key[reference]
        parts = reference.rstrip("/").split("/")
        if len(parts) >= 2:
            return self.by_key.get("/".join(parts[-2:]))
        return None


def _entries(bundle: dict[str, Any]) -> list[tuple[int, str, dict[str, Any]]]:
    out: list[tuple[int, str, dict[str, Any]]] = []
    for i, entry in enumerate(bundle.get("entry") or []):
        if not isinstance(entry, dict):
            continue
        res = entry.get("resource")
        if isinstance(res, dict) and isinstance(res.get("resourceType"), str):
            out.append((i, str(entry.get("fullUrl") or ""), res))
    return out


def _ref_of(res: dict[str, Any], index: int) -> str:
    rid = res.get("id")
    return f"{res['resourceType']}/{rid}" if rid else f"{res['resourceType']}/#{index}"


def _guess_version(entries: list[tuple[int, str, dict[str, Any]]]) -> str:
    for _, _, res in entries:
        if res.get("resourceType") == "Procedure" and any(k.startswith("occurrence") for k in res):
            return "R5"
        if res.get("resourceType") == "MedicationStatement" and isinstance(res.get("medication"), dict):
            return "R5"
        if res.get("resourceType") == "Procedure" and any(k.startswith("performed") for k in res):
            return "R4"
        if res.get("resourceType") == "MedicationStatement" and "medicationCodeableConcept" in res:
            return "R4"
    return ""


def read_course(bundle: dict[str, Any]) -> Course:
    """Turn a FHIR Bundle (R4 or R5, from anyone) into a :class:`Course`."""
    entries = _entries(bundle)
    index = _Index(entries)
    lanes: dict[str, Lane] = {}
    events: list[Event] = []
    rows: list[ResourceRow] = []
    patient = PatientInfo()

    def lane(key: str, kind: LaneKind, title: str, subtitle: str, first: int) -> str:
        if key not in lanes:
            lanes[key] = Lane(key, kind, title, subtitle, first)
        return key

    assumed_at: set[int] = set()  # resources whose dates the user pinned

    # Procedures that medications are part of are regimens: they name a lane, not a marker.
    regimen_refs: set[str] = set()
    for _, _, res in entries:
        if res["resourceType"] in ("MedicationStatement", "MedicationAdministration", "MedicationRequest"):
            for part in res.get("partOf") or []:
                hit = index.resolve(part)
                if hit and hit[1].get("resourceType") == "Procedure":
                    regimen_refs.add(_ref_of(hit[1], hit[0]))

    def condition_lane(cond_index: int, cond: dict[str, Any]) -> str:
        ref = _ref_of(cond, cond_index)
        title = concept_text(cond.get("code")) or "condition"
        sites = [concept_text(s) for s in cond.get("bodySite") or []]
        if any(sites):
            title += f" ({', '.join(s for s in sites if s)})"
        due = ""
        for ext in cond.get("extension") or []:
            if isinstance(ext, dict) and "dueto" in str(ext.get("url", "")).lower().replace("-", ""):
                hit = index.resolve(ext.get("valueReference"))
                if hit:
                    due = concept_text(hit[1].get("code"))
        subtitle = concept_text(cond.get("clinicalStatus"))
        verification = verification_of(cond.get("verificationStatus"))
        if verification in ("ruled out", "suspected"):
            subtitle = " · ".join(x for x in (verification, subtitle) if x)
        else:
            verification = ""
        if due:
            subtitle = f"{subtitle} · due to {due}" if subtitle else f"due to {due}"
        key = lane(f"condition:{ref}", "condition", title, subtitle, cond_index)
        lanes[key].verification = verification
        lanes[key].stages = stages_of(cond)
        return key

    def regimen_lane(proc_index: int, proc: dict[str, Any], member: dict[str, Any] | None) -> str:
        ref = _ref_of(proc, proc_index)
        name = concept_text(proc.get("code")) or "regimen"
        line = extension_value(proc, "line") or (extension_value(member, "line") if member else "")
        intent = extension_value(proc, "intent") or (extension_value(member, "intent") if member else "")
        subtitle = " · ".join(x for x in (f"line {line}" if line else "", intent) if x)
        key = lane(f"regimen:{ref}", "medication", name, subtitle, proc_index)
        if subtitle and not lanes[key].subtitle:
            lanes[key].subtitle = subtitle
        return key

    for i, _full_url, res in entries:
        rtype = res["resourceType"]
        ref = _ref_of(res, i)
        rows.append(
            ResourceRow(
                index=i, ref=ref, type=rtype, id=str(res.get("id") or ""), date=_date_text(res),
                code=concept_codes(_code_of(res)) or concept_text(_code_of(res)),
                status=status_of(res), resource=res,
                value=observation_value(res) if rtype == "Observation" else "",
            )
        )
        note = notes_of(res)
        status = status_of(res)
        if date_assumed(res):
            assumed_at.add(i)

        if rtype == "Patient":
            if not patient.ref:
                patient = _patient_info(res, ref)
            continue

        if rtype == "Condition":
            key = condition_lane(i, res)
            start, _, period, text = _dates_of(res, "onset")
            abatement, abatement_end, _, abatement_text = _dates_of(res, "abatement")
            end = abatement_end or abatement
            clinical = concept_text(res.get("clinicalStatus")).lower()
            if start is not None:
                label = f"onset {start}"
            elif end is not None:
                label = f"ended {end} (onset unknown)"
            else:
                label = concept_text(res.get("code")) or "condition"
            verification = lanes[key].verification
            if verification and (start is not None or end is not None):
                label += f" ({verification})"
            events.append(
                Event(
                    index=i, ref=ref, kind="condition", lane=key, label=label,
                    start=start, end=end, is_period=True,
                    ongoing=end is None and (clinical in _ONGOING_STATUSES or not clinical)
                    and res.get("abatementBoolean") is not True and verification != "ruled out",
                    status=status,
                    note=with_notes(text, note) or ("" if start or end else "onset not given"),
                    detail=abatement_text, verification=verification,
                )
            )
            continue

        if rtype in ("MedicationStatement", "MedicationAdministration", "MedicationRequest",
                     "MedicationDispense"):
            name = _medication_name(res, index) or rtype
            if rtype == "MedicationRequest":
                bounds = {}
                for dosage in res.get("dosageInstruction") or []:
                    bounds = ((dosage.get("timing") or {}).get("repeat") or {}).get("boundsPeriod") or {}
                    if bounds:
                        break
                start, end = parse_date(bounds.get("start")), parse_date(bounds.get("end"))
                period = bool(bounds)
                text = ""
                if start is None:
                    start, period = parse_date(res.get("authoredOn")), False
            else:
                # R5 MedicationAdministration spells it occurence[x]
                bases = ("effective", "occurence", "occurrence")
                base = next((b for b in bases if choice(res, b)), "effective")
                if rtype == "MedicationDispense":
                    start, end, period, text = parse_date(res.get("whenHandedOver")), None, False, ""
                else:
                    start, end, period, text = _dates_of(res, base)
            regimen = None
            for part in res.get("partOf") or []:
                hit = index.resolve(part)
                if hit and hit[1].get("resourceType") == "Procedure":
                    regimen = hit
                    break
            line = extension_value(res, "line")
            intent = extension_value(res, "intent")
            if regimen is not None:
                key = regimen_lane(regimen[0], regimen[1], res)
            else:
                subtitle = " · ".join(x for x in (f"line {line}" if line else "", intent) if x)
                # one lane per drug and line/intent: a second course given for another reason (or
                # none said) is not shown under the first one's intent
                key = lane(f"drug:{name.lower()}|{subtitle}", "medication", name, subtitle, i)
            events.append(
                Event(
                    index=i, ref=ref, kind="medication", lane=key, label=name, start=start, end=end,
                    is_period=period or rtype == "MedicationStatement",
                    ongoing=end is None and str(res.get("status", "")) in _ONGOING_STATUSES,
                    status=status, note=with_notes(text, note),
                    detail=_dosage_text(res),
                )
            )
            continue

        if rtype == "Procedure":
            base = "occurrence" if any(k.startswith("occurrence") for k in res) else "performed"
            start, end, period, text = _dates_of(res, base)
            name = concept_text(res.get("code")) or "procedure"
            nth = extension_value(res, "ordinal", "sequence", "number")
            if nth.isdigit() and not (res.get("code") or {}).get("text"):
                name = f"{ordinal(int(nth))} {name}"
            sites = [concept_text(s) for s in res.get("bodySite") or []]
            if ref in regimen_refs:
                key = regimen_lane(i, res, None)
                kind: EventKind = "regimen"
            else:
                key = lane("procedures", "procedure", "Procedures", "", i)
                kind = "procedure"
                if any(sites):
                    name += f" ({', '.join(s for s in sites if s)})"
            events.append(
                Event(
                    index=i, ref=ref, kind=kind, lane=key, label=name, start=start, end=end,
                    is_period=period, ongoing=period and end is None and status in _ONGOING_STATUSES,
                    status=status, note=with_notes(text, note), detail=dose_text(res),
                )
            )
            continue

        if rtype == "Observation":
            base = "effective"
            start, end, period, text = _dates_of(res, base)
            value = choice(res, "value")
            value_cc = value[1] if value and value[0] == "CodeableConcept" else None
            focus = None
            for f in res.get("focus") or []:
                hit = index.resolve(f)
                if hit:
                    focus = hit
                    break
            code = concept_text(res.get("code"))
            value_systems = {c.get("system") for c in (value_cc or {}).get("coding") or [] if isinstance(c, dict)}
            verified = verification_of(value_cc) if CONDITION_VERIFICATION in value_systems else ""
            is_status = CONDITION_CLINICAL in value_systems or bool(verified)
            if is_status:
                label = concept_text(value_cc)
                if verified:  # in words; the source's own wording beside them when it has some
                    own = str(value_cc.get("text") or "") if value_cc else ""
                    label = f"{verified} ({own})" if own and verified not in own.lower() else verified
                if focus is not None and focus[1].get("resourceType") == "Condition":
                    key = condition_lane(focus[0], focus[1])
                else:
                    key = lane("condition-status", "condition", "Condition status", "", i)
                kind = "status"
            elif value_cc is not None and (focus is not None or "response" in code.lower()):
                label = concept_text(value_cc)
                key = lane("responses", "response", "Responses", "", i)
                kind = "response"
            else:
                label = code or "observation"
                shown = observation_value(res)
                if shown:
                    label += f": {shown}"
                key = lane("observations", "observation", "Observations", "", i)
                kind = "observation"
            method = concept_text(res.get("method"))
            events.append(
                Event(
                    index=i, ref=ref, kind=kind, lane=key, label=label, start=start, end=end,
                    is_period=period, status=status, note=with_notes(text, note),
                    detail=" · ".join(
                        x for x in (code if kind in ("status", "response") else "", method) if x
                    ),
                    verification=verified if verified in ("ruled out", "suspected") else "",
                )
            )
            continue

        if rtype == "Encounter":
            def name_of(reference: Any) -> str:
                hit = index.resolve(reference)
                return concept_text(_code_of(hit[1])) if hit else ""

            info = read_encounter(res, name_of)
            key = lane("encounters", "encounter", "Encounters", "", i)
            events.append(
                Event(index=i, ref=ref, kind="encounter", lane=key, label=info.label, start=info.start,
                      end=info.end, is_period=True, ongoing=info.ongoing, status=status, note=note,
                      detail=info.detail)
            )
            continue

        if rtype in _NOT_EVENTS:
            continue
        start = end = None
        period = False
        text = ""
        for base in ("effective", "occurrence", "performed", "onset", "period", "authoredOn", "date",
                     "created", "recordedDate", "issued"):
            if isinstance(res.get(base), dict):  # a plain Period element
                start, end = parse_date(res[base].get("start")), parse_date(res[base].get("end"))
                period = True
            elif isinstance(res.get(base), str):
                start = parse_date(res[base])
            else:
                start, end, period, text = _dates_of(res, base)
            if start is not None or end is not None:
                break
        label = _other_label(res)
        key = lane("other", "other", "Other", "", i)
        events.append(
            Event(index=i, ref=ref, kind="other", lane=key, label=label, start=start, end=end,
                  is_period=period, status=status, note=with_notes(text, note))
        )

    by_index = {i: res for i, _, res in entries}
    labels = labels_by_item((by_index[e.index], _plain_label(e, lanes)) for e in events)
    encounter_labels = {e.index: e.label for e in events if e.kind == "encounter"}
    for e in events:
        e.assumed = e.dated and e.index in assumed_at
        e.note = humanize(e.note, labels)
        res = by_index[e.index]
        for key in ("encounter", "context"):  # R5 and R4 (context on MedicationStatement)
            hit = index.resolve(res.get(key))
            if hit and hit[0] in encounter_labels and e.kind != "encounter":
                during = f"during {phrase(encounter_labels[hit[0]])}"
                e.detail = f"{e.detail}; {during}" if e.detail else during
                break
    relative_zero = _place_relative(events, by_index, index, lanes)
    # An undated regimen whose drugs have dates is drawn by its drugs: not an undated item of its own.
    dated_lanes = {e.lane for e in events if e.dated and e.kind == "medication"}
    events = [e for e in events if not (e.kind == "regimen" and not e.dated and e.lane in dated_lanes)]
    ordered = _order_lanes(lanes, events)
    identifier = bundle.get("identifier") or {}
    title = str(identifier.get("value") or bundle.get("id") or "FHIR Bundle")
    return Course(
        title=title, patient=patient, lanes=ordered, events=events, resources=rows,
        fhir_version=_guess_version(entries), bundle_type=str(bundle.get("type") or ""),
        lane_by_key={lane.key: lane for lane in ordered},
        header=read_header(bundle, [res for _, _, res in entries]),
        relative_zero=relative_zero,
    )


def _place_relative(events: list[Event], by_index: dict[int, dict[str, Any]], index: _Index,
                    lanes: dict[str, Lane]) -> str:
    """With no calendar date in the course, place events by their offsets (cqf-relativeDateTime) on
    a relative axis; returns what day 0 is ("" when the course is not drawn that way)."""
    if any(e.dated for e in events):
        return ""
    nodes = {e.index: off for e in events if (off := read_offset(by_index[e.index])) is not None}
    if not nodes:
        return ""

    def resolve(reference: Any) -> int | None:
        hit = index.resolve(reference)
        return hit[0] if hit else None

    root, placements = place(nodes, resolve)
    if not placements:
        return ""
    if isinstance(root, int):
        event = next((e for e in events if e.index == root), None)
        zero = _plain_label(event, lanes) if event else _ref_of(by_index[root], root) if root in by_index else ""
    else:
        zero = str(root).removeprefix("display:")
    for e in events:
        if e.index in placements:
            placed = placements[e.index]
            # "about 2 days before": the offset is the source's, but approximate
            e.rel_days, e.rel_text = placed.days, f"~{placed.text}" if placed.approximate else placed.text
    return zero or "the anchor"


def _plain_label(e: Event, lanes: dict[str, Lane]) -> str:
    """What an item is called in a sentence: a condition or regimen by its lane, others by their label."""
    lane = lanes.get(e.lane)
    if lane is not None and (e.kind == "condition" or (e.kind == "regimen" and lane.key.startswith("regimen:"))):
        return lane.title
    if e.kind == "observation":
        return e.label.split(":", 1)[0]
    return e.label


def _order_lanes(lanes: dict[str, Lane], events: list[Event]) -> list[Lane]:
    """Conditions by onset, regimens and drugs by first start, then procedures, responses, others."""
    first: dict[str, str] = {}
    for e in events:
        if e.anchor is not None:
            iso = e.anchor.first.isoformat()
            if e.lane not in first or iso < first[e.lane]:
                first[e.lane] = iso

    def key(lane: Lane) -> tuple:
        return (_LANE_ORDER[lane.kind], first.get(lane.key, "9999"), lane.first_index, lane.key)

    return sorted(lanes.values(), key=key)


def _medication_name(res: dict[str, Any], index: _Index) -> str:
    """Drug name from R4 ``medication[x]`` or R5 ``medication`` (CodeableReference)."""
    name = concept_text(res.get("medicationCodeableConcept"))
    if name:
        return name
    med = res.get("medication")
    ref = res.get("medicationReference")
    if isinstance(med, dict):
        name = concept_text(med.get("concept"))
        if name:
            return name
        ref = med.get("reference")
    if isinstance(ref, dict):
        hit = index.resolve(ref)
        if hit:
            return concept_text(hit[1].get("code")) or _ref_of(hit[1], hit[0])
        return str(ref.get("display") or ref.get("reference") or "")
    return ""


def _dosage_text(res: dict[str, Any]) -> str:
    for key in ("dosage", "dosageInstruction"):
        value = res.get(key)
        if isinstance(value, list):
            for d in value:
                if isinstance(d, dict) and d.get("text"):
                    return str(d["text"])
        elif isinstance(value, dict) and value.get("text"):
            return str(value["text"])
    return ""


def _patient_info(res: dict[str, Any], ref: str) -> PatientInfo:
    name = ""
    for n in res.get("name") or []:
        if isinstance(n, dict):
            name = n.get("text") or " ".join([*(n.get("given") or []), n.get("family") or ""]).strip()
            if name:
                break
    identifier = ""
    for ident in res.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("value"):
            identifier = str(ident["value"])
            break
    deceased = choice(res, "deceased")
    return PatientInfo(
        name=name, gender=str(res.get("gender") or ""), birth_date=str(res.get("birthDate") or ""),
        deceased=_value_text(deceased[1]) if deceased else "", identifier=identifier, ref=ref,
    )


def resources_json(course: Course) -> str:
    """The resources as a JSON array (for the HTML view), stable and safe inside a <script>."""
    text = json.dumps([row.resource for row in course.resources], ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
