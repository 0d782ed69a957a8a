"""Small builders for the FHIR pieces every mapper uses, so no mapper writes a JSON shape twice.

Each returns a plain dict (or None / [] when there is nothing to say), in FHIR's element order.
"""

from __future__ import annotations

import re
from typing import Any

from fhirconv.case.model import BodySite, Concept, PathKey, Quantity, When
from fhirconv.mappers.context import EXTENSION_BASE, MapContext
from fhirconv.terminology import SYSTEM_NAMES, SYSTEMS, KnownConcept, Match, known, lookup, match  # noqa: F401 (s.lookup)
from fhirconv.terminology.dimensions import loinc_unit_problem
from fhirconv.terminology.matching import match_tables, match_with_unit

UCUM = SYSTEMS["ucum"]
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# HL7 mCODE STU4 (hl7.fhir.us.mcode 4.0.0) extensions, used wherever fhirconv had its own: the
# laterality qualifier (context: any bodySite CodeableConcept) and the procedure intent (context:
# Procedure and any DomainResource).
LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
PROCEDURE_INTENT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent"
XHTML = "http://www.w3.org/1999/xhtml"


def _escape(text: str) -> str:
    """:func:`html.escape`, character for character, without importing :mod:`html` (its table of
    2,000 entities took 3 ms of every conversion)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None or empty, keeping order."""
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return compact({"system": system, "code": code, "display": display})


def codeable(ctx: MapContext, concept: Concept | None, kind: str, path: PathKey, *,
             text: str | None = None, warn: bool = True, unit: str | None = None) -> dict[str, Any] | None:
    """A CodeableConcept for ``concept``: its own codes, else the terminology tables, else text
    alone with a warning (never a guessed code: when several codes fit, none is written). ``unit``,
    the unit of a measured value, must fit the test the tables give (a percentage is not a count)."""
    if concept is None:
        return None
    if concept.codes:  # the case's own codes; a missing display comes from the tables when they know the code
        codings = [coding(c.system, c.code, c.display or getattr(known(c.system, c.code), "display", None))
                   for c in concept.codes]
        for c in concept.codes if unit and kind == "observation" else ():
            problem = loinc_unit_problem(c.code, unit) if c.system == SYSTEMS["loinc"] else None
            if problem:  # the case's own choice is kept, and said to be doubtful at its line
                ctx.warn(path, problem, hint="give the LOINC code of the property the value was measured in, "
                         "or the unit the code's property takes")
    else:
        found = match_with_unit(kind, concept.term or "", unit, suggest=warn, lookup=match)
        codings = [c.to_fhir() for c in found.concept.codings] if found.concept else []
        if not codings and warn:
            _warn_uncoded(ctx, found, path)
    label = text or concept.term or (codings[0].get("display") if codings else None)
    return compact({"coding": codings, "text": label})


def _warn_uncoded(ctx: MapContext, found: Match, path: PathKey) -> None:
    """Say why a term has no code and how to give it one."""
    kind, term = found.kind, found.term
    how = (f"give 'codes' on the item, or add a row of kind '{kind}' with --terms FILE; "
           f"`fhirconv terms search \"{term}\"` shows what is known")
    if found.unit_mismatch is not None:
        ruled = found.unit_mismatch
        measured = f"measured in {ruled.unit}" if ruled.unit else "a test that says present or absent"
        ctx.warn(path, f"{kind} {term!r} names {_candidate(ruled)}, {measured}, but the value is in "
                 f"{found.unit!r}: that code is for another property, so none is written (text only)",
                 hint=f"name what the value measures (a row whose unit fits '{found.unit}'), or " + how)
        return
    if found.candidates:
        listed = "; ".join(_candidate(c) for c in found.candidates[:6])
        more = f" and {len(found.candidates) - 6} more" if len(found.candidates) > 6 else ""
        ctx.warn(path, f"{kind} {term!r} fits several codes, so none is written (text only): {listed}{more}",
                 hint="choose one: " + how)
        return
    parts = _known_parts(kind, term) if kind in _ITEM_KINDS else None
    if parts:
        listed = "; ".join(f"{part!r}: {_codes(c)}" for part, c in parts)
        hint = f"give each its own item ({listed})"
        if kind == "medication":  # "sacubitril and valsartan" may be one fixed-dose combination
            hint = (f"if these are separate drugs, give each its own item ({listed}); if they are one "
                    "combination product, give `codes` on the item with its code")
        ctx.warn(path, f"no code known for {kind} {term!r}: written as text only; it names {len(parts)} "
                 f"{kind}s, each known alone", hint=hint)
        return
    close = f"; close terms (not applied): {'; '.join(_candidate(c) for c in found.suggestions)}" \
        if found.suggestions else ""
    other = _OTHER_SECTION.get(kind)
    elsewhere = match(other[0], term).concept if other else None
    if other and elsewhere is not None:  # "intravenous fluids" under medications: a procedure's words
        ctx.warn(path, f"no code known for {kind} {term!r}: written as text only; as a {other[0]} it is "
                 f"{_candidate(elsewhere)}", hint=f"write it under `{other[1]}`, or " + how)
        return
    ctx.warn(path, f"no code known for {kind} {term!r}: written as text only", hint=how + close)


# Words a case may put in the other of two sections: a medication that is a procedure's name
# ("intravenous fluids", "plasmapheresis") or a procedure that is a drug's ("vancomycin")
_OTHER_SECTION = {"medication": ("procedure", "procedures"), "procedure": ("medication", "medications")}


# The kinds that are items of a case (one per entry): a body site is one value of its item.
_ITEM_KINDS = frozenset({"condition", "medication", "procedure", "observation"})
# Words that join two items written as one ("metoprolol and amlodipine", "fever, cough and vomiting").
_JOINED = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+plus\s+|\s*\+\s*", re.IGNORECASE)


def _known_parts(kind: str, term: str) -> list[tuple[str, KnownConcept]] | None:
    """The parts of ``term`` when it joins two to four items each coded alone, else None: an item
    that names several drugs or conditions at once is text, but each of them has its code."""
    parts = [p.strip() for p in _JOINED.split(term) if p.strip()]
    if not 2 <= len(parts) <= 4:
        return None
    found = [(p, match(kind, p).concept) for p in parts]
    if all(c is not None and c.codings for _, c in found):
        return [(p, c) for p, c in found if c is not None]
    return _shared_head(kind, parts)


def _shared_head(kind: str, parts: list[str]) -> list[tuple[str, KnownConcept]] | None:
    """Words that join modifiers of one head noun, said once at the end ("retroperitoneal and inguinal
    lymph nodes", "tibial and fibular fractures"): each modifier with the head, when every part so
    read and the last as written are each coded alone; the shortest head that does it."""
    *first, last = parts
    tail = last.split()
    if any(len(p.split()) != 1 for p in first) or len(tail) < 2:
        return None
    last_concept = match(kind, last).concept
    if last_concept is None or not last_concept.codings:
        return None
    for n in range(1, len(tail)):
        head = " ".join(tail[-n:])
        found = [(f"{p} {head}", match(kind, f"{p} {head}").concept) for p in first]
        if all(c is not None and c.codings for _, c in found):
            return [*((p, c) for p, c in found if c is not None), (last, last_concept)]
    return None


def _codes(c: KnownConcept) -> str:
    return ", ".join(f"{SYSTEM_NAMES.get(x.system, x.system)} {x.code}" for x in c.codings)


def _candidate(c: KnownConcept) -> str:
    codes = ", ".join(f"{SYSTEM_NAMES.get(x.system, x.system)} {x.code} '{x.display}'" for x in c.codings)
    return f"{codes} (term '{c.term}')"


def text_concept(text: str) -> dict[str, str]:
    return {"text": text}


def fixed(system: str, code: str, display: str) -> dict[str, Any]:
    """A CodeableConcept from a FHIR-defined code system (status, category...)."""
    return {"coding": [coding(system, code, display)]}


def extension(name: str, value_type: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    url = name if name.startswith("http") else EXTENSION_BASE + name
    return {"url": url, f"value{value_type}": value}


def extensions(*items: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [e for e in items if e]


def absent(reason: str = "unknown") -> dict[str, Any]:
    """The data-absent-reason extension, for an element a profile requires but the source lacks."""
    return {"extension": [{"url": DATA_ABSENT, "valueCode": reason}]}


def fhir_date(when: When | None) -> str | None:
    return when.date.fhir() if when and when.date else None


def date_or_words(when: When | None) -> str | None:
    """A narrative's date: the FHIR date, or the source's words for an undated one."""
    return fhir_date(when) or (when.text if when else None)


def period(start: When | None, end: When | None) -> dict[str, str] | None:
    return compact({"start": fhir_date(start), "end": fhir_date(end)}) or None


def date_choice(prefix: str, date: When | None = None, start: When | None = None, end: When | None = None,
                text: str | None = None, allow_string: bool = False) -> dict[str, Any]:
    """``{prefix}DateTime`` or ``{prefix}Period``, else ``{prefix}String`` where the type allows."""
    if date and date.date:
        return {f"{prefix}DateTime": date.date.fhir()}
    p = period(start, end)
    if p:
        return {f"{prefix}Period": p}
    if allow_string and text:
        return {f"{prefix}String": text}
    return {}


# The words of the UCUM units of time a case gives a duration in (a drug taken for, a stay lasting).
DURATION_WORDS = {"min": "minutes", "h": "hours", "d": "days", "wk": "weeks", "mo": "months", "a": "years"}


def quantity(q: Quantity | None = None, *, value: float | int | None = None, unit: str | None = None,
             display: str | None = None) -> dict[str, Any] | None:
    """A UCUM Quantity; the unit string is the UCUM code."""
    if q is not None:
        value, unit = q.value, q.unit
    if value is None:
        return None
    out: dict[str, Any] = {"value": value}
    if q is not None and q.comparator:
        out["comparator"] = q.comparator
    if unit:
        out.update({"unit": display or unit, "system": UCUM, "code": unit})
    return out


def body_site(ctx: MapContext, site: BodySite | None, path: PathKey, *, repeats: bool = True) -> list[dict[str, Any]]:
    """bodySite: a precoordinated 'left orbit' concept when the tables have one (a table row, not a
    look-up beyond them), else the site with a laterality extension. ``repeats``: the element takes
    several sites (Condition, Procedure); Observation.bodySite takes one, so words that join sites
    stay whole there, never cut to their first site."""
    if site is None:
        return []
    label = site_words(site)
    site = sided_site(site)
    if site.laterality and not site.site.codes:
        pre = match_tables("body-site", label).concept
        if pre:
            return [compact({"coding": [c.to_fhir() for c in pre.codings], "text": label})]
    several = _several_sites(ctx, site, path) if repeats else []
    if several:
        return several
    part = _part_of(ctx, site.site, (*path, "site"))
    cc = codeable(ctx, Concept(part) if part else site.site, "body-site", (*path, "site"), text=label) or {}
    return [_with_side(ctx, cc, site.laterality, path)]


def site_words(site: BodySite | None) -> str | None:
    """The body site in the case's words (its side first), for a narrative: the words of a site written
    as several bodySite entries stay whole there."""
    if site is None:
        return None
    return f"{site.laterality} {site.site.label}" if site.laterality else site.site.label


def _with_side(ctx: MapContext, cc: dict[str, Any], laterality: str | None, path: PathKey) -> dict[str, Any]:
    if not laterality:
        return cc
    lat = codeable(ctx, Concept(laterality), "laterality", (*path, "laterality"))
    return {"extension": [extension(LATERALITY, "CodeableConcept", lat)], **cc}


# Words that name a part of an organ, said alone after the organ
_ORGAN_PARTS = frozenset({"body", "tail", "base", "apex", "fundus", "root", "dome", "isthmus"})


def _several_sites(ctx: MapContext, site: BodySite, path: PathKey) -> list[dict[str, Any]]:
    """One bodySite per site when the words join sites each known alone and not as a whole ("neck and
    chest wall", "wrists and ankles"): bodySite repeats, so each keeps its code; the user is told."""
    term = site.site.term
    if site.site.codes or not term or match("body-site", term).concept is not None:
        return []
    parts = _known_parts("body-site", term)
    # a part's bare word after an organ is that organ's part ("pancreatic tail and body"), not the body
    if not parts or any(p.lower() in _ORGAN_PARTS for p, _ in parts[1:]):
        return []
    ctx.warn((*path, "site"), f"body site {term!r} is written as {len(parts)} sites: "
             + ", ".join(repr(p) for p, _ in parts), severity="information",
             hint="give one site per item, or `codes` on the site, to choose otherwise")
    side = f"{site.laterality} " if site.laterality else ""
    return [_with_side(ctx, compact({"coding": [c.to_fhir() for c in concept.codings], "text": side + part}),
                       site.laterality, path) for part, concept in parts]


def _part_of(ctx: MapContext, site: Concept, path: PathKey) -> str | None:
    """The whole site when the words name a part of it with no code of its own ("mid left anterior
    descending artery"): :func:`fhirconv.mappers.qualifiers.site_reading`; the user is told."""
    if site.codes or not site.term:
        return None
    from fhirconv.mappers.qualifiers import site_reading, tell

    found = site_reading(site.term)
    if found is None:
        return None
    return tell(ctx, path, f"body site {site.term!r}", found, "the whole site",
                "give `codes` on the site to choose the part")


# The side words a clinician writes before a site ("left leg", "both legs"), as the case's laterality values.
SIDES = {"left": "left", "right": "right", "bilateral": "bilateral", "both": "bilateral"}


def sided_site(site: BodySite) -> BodySite:
    """``site: left leg`` without a laterality: the site ``leg`` on the left, when the whole words have
    no code (``left breast`` and ``left atrium`` do, and stay whole). The text keeps the words."""
    term = site.site.term
    if site.laterality or site.site.codes or not term:
        return site
    first, _, rest = term.strip().partition(" ")
    side = SIDES.get(first.lower())
    if side is None or not rest.strip() or match("body-site", term).status != "none":
        return site
    if rest.split()[0].lower() in ("and", "or", "to", "&"):  # "right and left ventricle": two sites, no side
        return site
    if any(w in SIDES for w in re.findall(r"[a-z]+", rest.lower())):
        return site  # "left elbow, bilateral knee and right ankle": sites of several sides, no one side
    return BodySite(Concept(rest.strip()), side)


def reference_list(ctx: MapContext, resource_type: str, keys: tuple[str, ...] | str | None) -> list[dict[str, str]]:
    """References to the items ``keys`` names (one id or several), in the order given."""
    return [ctx.ref(resource_type, k) for k in ((keys,) if isinstance(keys, str) else keys or ())]


def reason_labels(ctx: MapContext, ids: tuple[str, ...]) -> str | None:
    """The narrative's words for the conditions an item is for: their names, joined."""
    labels = [c.concept.label for c in map(ctx.case.condition, ids) if c is not None]
    return ", ".join(labels) or None


def notes(*texts: str | None) -> list[dict[str, str]]:
    return [{"text": t} for t in texts if t]


def date_note(label: str, when: When | None) -> str | None:
    """Keep the source's wording for a date that was derived, approximate or unknown."""
    if when is None:
        return None
    if when.date is None:
        words = f"; the source says: \u201c{when.text}\u201d" if when.text else ""
        return f"{label}: not known ({when.derivation or when.expr or 'no date given'}){words}"
    if not (when.derived or when.approximate or when.text or when.assumed):
        return None
    parts = [f"{label} {when.date.fhir()}"]
    if when.derivation:
        parts.append(f"derived from \u2018{when.derivation}\u2019")
    if when.approximate:
        parts.append("approximate")
    if when.assumed:
        parts.append("assumed: the source gives no date; it rests on a date set with --set-date")
    if when.text:
        parts.append(f"the source says: \u201c{when.text}\u201d")
    return "; ".join(parts)


def meta(ctx: MapContext) -> dict[str, str] | None:
    link = ctx.case.source.link if ctx.case.source else None
    return {"source": link} if link else None


def narrative(title: str, rows: list[tuple[str, Any]]) -> dict[str, str]:
    """Generated XHTML narrative: a heading and the non-empty rows."""
    items = "".join(
        f"<li><b>{_escape(label)}</b>: {_escape(str(value))}</li>" for label, value in rows if value
    )
    body = f"<p><b>{_escape(title)}</b></p>" + (f"<ul>{items}</ul>" if items else "")
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def cc_label(cc: dict[str, Any] | None) -> str | None:
    """The human label of a CodeableConcept we built."""
    if not cc:
        return None
    if cc.get("text"):
        return cc["text"]
    codings = cc.get("coding") or [{}]
    return codings[0].get("display") or codings[0].get("code")


def resource(resource_type: str, ctx: MapContext, key: str, title: str, rows: list[tuple[str, Any]],
             body: dict[str, Any], *, ext: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The common head of every resource (type, id, meta, text, extension, identifier) plus ``body``."""
    head = {
        "resourceType": resource_type,
        "id": ctx.rid(key),
        "meta": meta(ctx),
        "text": narrative(title, rows),
        "extension": ext or None,
        "identifier": ctx.identifier(key),
    }
    return compact({**head, **body})


def slug(text: str) -> str:
    """A key fragment from a term: lower case, letters, digits and hyphens."""
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(p for p in out.split("-") if p)
