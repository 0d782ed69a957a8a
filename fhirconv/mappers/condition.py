"""Case conditions -> FHIR Condition (diagnosis, subtype, stage, status, secondary lesions)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from fhirconv.case.model import Concept, Condition, Stage
from fhirconv.mappers import dating, links, qualifiers
from fhirconv.mappers import snippets as s
from fhirconv.mappers.codings import with_codings, without_icd
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.icd_context import (
    INJURY_WORDS,
    causes_of,
    with_intent_said,
    without_acquired_in_newborn,
    without_developmental,
    without_finding_for_metastasis,
    without_one_place,
    without_onset_kind,
    without_organ_involvement,
    without_other_organ,
    without_other_sex,
    without_primary_for_metastatic,
    without_secondary_for_neuroendocrine,
    without_site_kind,
    without_unlocalized,
    without_what_the_case_has,
)
from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize

RESOURCE_TYPE = "Condition"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
DUE_TO = "http://hl7.org/fhir/StructureDefinition/condition-dueTo"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

CLINICAL_DISPLAY = {"active": "Active", "recurrence": "Recurrence", "relapse": "Relapse", "inactive": "Inactive",
                    "remission": "Remission", "resolved": "Resolved"}
VERIFICATION_DISPLAY = {"unconfirmed": "Unconfirmed", "provisional": "Provisional", "differential": "Differential",
                        "confirmed": "Confirmed", "refuted": "Refuted"}
CATEGORY_DISPLAY = {"problem-list-item": "Problem List Item", "encounter-diagnosis": "Encounter Diagnosis"}


def clinical_status(code: str) -> dict[str, Any]:
    return s.fixed(CLINICAL, code, CLINICAL_DISPLAY[code])


def map_conditions(ctx: MapContext) -> list[dict[str, Any]]:
    return [map_condition(ctx, c) for c in ctx.case.conditions]


def _with_subtype(name: str, subtype: str) -> str:
    """The condition's text with its subtype, said once: "crescentic IgA nephropathy" with the
    subtype "crescentic" is not "crescentic IgA nephropathy, crescentic"."""
    said = set(name.lower().replace(",", " ").split())
    return name if set(subtype.lower().replace(",", " ").split()) <= said else f"{name}, {subtype}"


def _code(ctx: MapContext, c: Condition, rest: str | None = None, warn: bool = True) -> dict[str, Any] | None:
    """The diagnosis code; with a subtype, a precoordinated concept if the tables have one; with a
    relapse or remission status, the status-specific code of a system that has one (ICD-10-CM's
    C90.02 'Multiple myeloma in relapse' rather than C90.00 'not having achieved remission');
    ``rest``: the name without its severity or certainty words (:mod:`fhirconv.mappers.qualifiers`)."""
    label = _with_subtype(c.concept.label, c.subtype.label) if c.subtype else None
    concept = c.concept
    if rest is not None:  # the whole name (and its subtype) stays the text
        label, concept = label or c.concept.label, Concept(rest)
    subtyped = c.subtype is not None and not c.concept.codes and not c.subtype.codes
    if subtyped and s.lookup("condition", f"{c.concept.label} {c.subtype.label}"):
        concept = Concept(label)
    elif subtyped and rest is None and s.lookup("condition", before := f"{c.subtype.label} {c.concept.label}"):
        # the subtype said before the name ("nodular sclerosis" + "classical Hodgkin lymphoma"), as the
        # classifications name the kind: its own code, never the name's "NOS" one
        concept = Concept(before)
    elif rest is None and (sited := _sited(ctx, c)) is not None:
        label, concept = c.concept.label, sited
    elif rest is None and (newborn := _newborn_words(ctx, c)) is not None:
        label, concept = c.concept.label, Concept(newborn)
    cc = s.codeable(ctx, concept, "condition", (*c.path, "condition"), text=label, warn=warn)
    if cc and not concept.codes and c.clinical_status in ("relapse", "remission"):
        specific = s.lookup("condition", f"{concept.label} in {c.clinical_status}")
        if specific:
            systems = {x.system for x in specific}
            kept = [x for x in cc.get("coding", []) if x["system"] not in systems]
            cc = {**cc, "coding": kept + [x.to_fhir() for x in specific]}
    return cc


def newborn_wordings(term: str) -> tuple[str, ...]:
    """How ICD-10-CM and SNOMED CT name a newborn's kind of ``term``: "... of newborn", "... in newborn",
    "neonatal ..."."""
    return (f"{term} of newborn", f"{term} in newborn", f"neonatal {term}")


def _newborn_words(ctx: MapContext, c: Condition) -> str | None:
    """For a newborn, a name no table knows as written read as the newborn's disorder ("respiratory
    distress syndrome" is *Respiratory distress syndrome of newborn*, P22.0), as ICD-10-CM names a
    condition of the perinatal period; None for an older patient or a name known as written."""
    term = c.concept.label
    if c.concept.codes or not term or not is_newborn(ctx) or s.lookup("condition", term):
        return None
    return next((w for w in newborn_wordings(term) if s.lookup("condition", w)), None)


# Words of a body site of the eye or of the ear, whose ICD-10-CM codes say the side ("..., left eye")
_EYE = re.compile(r"\b(?:eye|eyes|ocular|orbit|orbital|eyelid|cornea|corneal|retina|retinal|conjunctiva|iris|lens|"
                  r"vitreous|sclera|uvea|choroid|macula|optic|anterior chamber|lacrimal)\b", re.IGNORECASE)
_EAR = re.compile(r"\b(?:ear|ears|auditory|tympanic|cochlea|cochlear|mastoid|otic|vestibular|vestibulocochlear|"
                  r"auricle|pinna)\b", re.IGNORECASE)


# A name that says the patient does not have something: "no fever", "denies chest pain"
_NEGATED = re.compile(r"^(?:no|not|denies|denied|denying|absence\s+of|negative\s+for|free\s+of)\s+"
                      r"(?P<what>\S.*)$", re.IGNORECASE)


def _negated(ctx: MapContext, c: Condition) -> bool:
    """Whether the condition's name denies a disorder or symptom the tables know ("no fever"): a
    Condition records what the patient has, so a receiving system would list "no fever" as a problem;
    the user is told how to say it (a stated negative or a refuted condition). The name stays the
    text, uncoded."""
    found = _NEGATED.match(" ".join((c.concept.term or "").split()))
    if c.concept.codes or found is None or match("condition", c.concept.term or "").concept is not None:
        return False  # a name the tables know whole is a finding of its own ("no light perception")
    what = found["what"]
    if match("condition", what).concept is None:
        return False  # the absence of something normal is a sign the patient has ("absence of axillary hair")
    ctx.warn((*c.path, "condition"), f"condition {c.concept.label!r} says the patient does not have {what!r}: "
             "a Condition records what the patient has, so its name is kept as text, uncoded",
             hint=f"write it as a stated negative, {{observation: {what}, value: absent}}, or as the condition "
                  f"{what!r} with verification_status: refuted")
    return True


def _side_code(c: Condition, rest: str | None, unsaid_title: str | None = None) -> Any:
    """ICD-10-CM's code for the side (an index hit), when the condition's body site is of the eye or
    the ear with a laterality and the classification codes the disorder by side ("acute angle-closure
    glaucoma" at the left eye is H40.212 *Acute angle-closure glaucoma, left eye*; "hypopyon" at the
    right eye H20.051): only the code whose title is the words and that side, exactly; else None.
    ``unsaid_title``: the title of the unsaid side's code the condition was coded with (a table row's,
    "Malignant otitis externa, unspecified ear"), when the words alone are no key of the index."""
    from fhirconv.terminology.icd10cm import index

    site = c.body_site
    name = rest or c.concept.term
    if site is None:
        return None
    # the side in the site's own words ("right eye", "both eyes": sites with codes of their own)
    laterality = _site_side(site)
    if c.concept.codes or laterality not in ("left", "right", "bilateral") or not name:
        return None
    words = f"{site.site.term or ''} {name}"
    organ = "eye" if _EYE.search(words) else "ear" if _EAR.search(words) else None
    # the code of the unsaid side ("Otitis media, unspecified, unspecified ear") names the organ, and
    # its title with the side is the side's code's ("Otitis media, unspecified, right ear")
    hits = index().find(name)[1]
    title = hits[0].description if len(hits) == 1 else unsaid_title or ""
    unsaid = _UNSAID_SIDE.search(title)
    organ = organ or (unsaid["organ"].lower() if unsaid else None)
    if organ is None:
        return _limb_side_code(name, site.site.term or "", laterality)
    side = "bilateral" if laterality == "bilateral" else f"{laterality} {organ}"
    titles = [f"{name}, {side}"] + ([_UNSAID_SIDE.sub(f", {side}", title)] if unsaid else [])
    for title in titles:
        how, found = index().find(title)
        if how == "exact" and len(found) == 1:
            return found[0]
    return None


@dataclass(frozen=True)
class _SideHit:
    code: str
    description: str


def _limb_side_code(name: str, site: str, laterality: str) -> _SideHit | None:
    """ICD-10-CM's code of the side for a condition of a limb or of one side of the body, when its
    body site has a laterality and the classification codes the condition by side: the words with the
    side put before the site where they name it ("displaced transverse fracture of shaft of femur" at
    the right femur: "... of shaft of right femur", S72.321A), else "<words> of <side> <site>", looked
    up as a user's words are; kept only when the one ICD-10-CM code found names that side."""
    noun = " ".join(site.lower().split())
    first, _, rest = noun.partition(" ")
    if first in s.SIDES:  # the side in the site's own words ("right femur")
        noun = rest
    if laterality not in ("left", "right") or not noun:
        return None
    said = re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE)
    sided = said.sub(lambda m: f"{laterality} {m.group(0)}", name, count=1) if said.search(name) \
        else f"{name} of {laterality} {noun}"
    found = match("condition", sided).concept
    from fhirconv.terminology.matching import ICD10CM

    icd = [x for x in found.codings if x.system == ICD10CM] if found is not None else []
    if len(icd) != 1 or not re.search(rf"\b{laterality}\b", icd[0].display or "", re.IGNORECASE):
        return None
    return _SideHit(icd[0].code, icd[0].display or "")


# ICD-10-CM's code for a disorder of the eye or ear when the side is not said
_UNSAID_SIDE = re.compile(r",\s+unspecified (?P<organ>eye|ear)$", re.IGNORECASE)


def _site_side(site: Any) -> str | None:
    """The side a body site gives: its laterality, or its words' first ("right eye", "both eyes")."""
    return site.laterality or s.SIDES.get((site.site.term or "").strip().partition(" ")[0].lower())


def _with_side(ctx: MapContext, c: Condition, cc: dict[str, Any] | None, hit: Any) -> dict[str, Any] | None:
    """``cc`` with the side's ICD-10-CM code (:func:`_side_code`) when it has no ICD-10-CM code yet,
    or only the code of the unsaid side ("..., unspecified eye"), which the side's code replaces."""
    from fhirconv.terminology.matching import ICD10CM

    if hit is None or cc is None:
        return cc
    unsaid = [x for x in cc.get("coding", [])
              if x.get("system") == ICD10CM and _UNSAID_SIDE.search(x.get("display", ""))]
    if unsaid:
        cc = {**cc, "coding": [x for x in cc["coding"] if x not in unsaid]}
    if any(x.get("system") == ICD10CM for x in cc.get("coding", [])):
        return cc
    side = c.body_site.laterality if c.body_site is not None and c.body_site.laterality else \
        hit.description.rpartition(", ")[2].replace(" eye", "").replace(" ear", "")
    ctx.warn((*c.path, "condition"), f"condition {c.concept.label!r} at the {side} side is ICD-10-CM {hit.code} "
             f"{hit.description!r}, the code of that side", severity="information",
             hint="give `codes` on the condition to choose another code")
    return {**cc, "coding": [*cc.get("coding", []), {"system": ICD10CM, "code": hit.code, "display": hit.description}]}


# A title's words for a side not given: "Unspecified lump in unspecified breast", "..., unspecified side"
_PAIRED = (r"side|breasts?|eyes?|ears?|kidneys?|ureter|ovary|ovaries|fallopian tube|testis|testes|lung|adrenal gland|"
           r"limb|upper limb|lower limb|arm|leg|hand|foot|knee|hip|shoulder|elbow|wrist|ankle|thigh|femur|humerus|"
           r"orbit|eyelid|lacrimal gland")
_UNSPECIFIED_ORGAN = re.compile(rf"\bunspecified (?P<organ>(?:[a-z]+ )?(?:{_PAIRED}))(?:, |$)", re.IGNORECASE)


# A title's words for an organ of either side ("unspecified bronchus or lung", "unspecified female breast")
_UNSAID_ORGAN = re.compile(rf"\bunspecified (?P<organ>(?:[a-z]+ (?:or )?)?(?:{_PAIRED}))\b", re.IGNORECASE)


def _to_side(ctx: MapContext, c: Condition, cc: dict[str, Any] | None, rest: str | None) -> dict[str, Any] | None:
    """``cc`` with an ICD-10-CM code whose title leaves the side unsaid replaced by the code of its
    category whose title is the same with the side the case gives (C34.90 *Malignant neoplasm of
    unspecified part of unspecified bronchus or lung* for a cancer of the left lung: C34.92 *... of
    left bronchus or lung*); none is guessed: only the title that differs by that word. Not when the
    code is a broader concept's (``rest``) and the side's title is still "unspecified": the words say
    more ("chronic suppurative otitis media" is no *Suppurative otitis media, unspecified, right ear*)."""
    from fhirconv.terminology.matching import ICD10CM

    side = _site_side(c.body_site) if c.body_site else None
    if cc is None or side not in ("left", "right") or c.concept.codes:
        return cc
    coding = []
    for x in cc.get("coding", []):
        display = x.get("display", "")
        if x.get("system") == ICD10CM:
            for m in _UNSAID_ORGAN.finditer(display):
                wanted = f"{display[:m.start()]}{side} {m['organ']}{display[m.end():]}".lower()
                hit = next(((code, title) for code, title in _category_titles(x["code"])
                            if title.lower() == wanted), None)
                if hit and rest is not None and "unspecified" in hit[1].lower() \
                        and _says_more(c.concept.term or "", rest):
                    hit = None
                if hit:
                    ctx.warn((*c.path, "condition"), f"condition {c.concept.label!r} at the {side} side is ICD-10-CM "
                             f"{hit[0]} {hit[1]!r}, the code of that side", severity="information",
                             hint="give `codes` on the condition to choose another code")
                    x = {**x, "code": hit[0], "display": hit[1]}
                    break
        coding.append(x)
    return {**cc, "coding": coding}


def _to_index_site(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` with the ICD-10-CM code the alphabetic index gives the name alone replaced by the one it
    gives the name at the case's body site, a subterm of it ("Osteomyelitis, jaw" M27.2 for an
    osteomyelitis of the jaw, which is no M86.9 *Osteomyelitis, unspecified*): the index's own words,
    the name and the site, with the side aside."""
    from fhirconv.terminology.icd10cm import index
    from fhirconv.terminology.icd10cm_keys import INDEX, LEVELS
    from fhirconv.terminology.matching import ICD10CM

    site = c.body_site.site.term if c.body_site else None
    name = c.concept.term
    if cc is None or not site or not name or c.concept.codes:
        return cc
    icd = [x for x in cc.get("coding", []) if x.get("system") == ICD10CM]
    where = " ".join(w for w in site.split() if w.lower() not in _SIDE_WORDS)
    if len(icd) != 1 or not where or len(where.split()) > 3:
        return cc
    _, alone = index().find(name)
    if [h.code for h in alone] != [icd[0]["code"]]:
        return cc
    how, hits = index().find(f"{where} {name}")
    if how != LEVELS[INDEX] or len(hits) != 1 or hits[0].code == icd[0]["code"]:
        return cc
    hit = hits[0]
    ctx.warn((*c.path, "condition"), f"condition {c.concept.label!r} at {where!r} is ICD-10-CM {hit.code} "
             f"{hit.description!r}, the alphabetic index's code for it there, not {icd[0]['code']}",
             severity="information", hint="give `codes` on the condition to choose another code")
    return {**cc, "coding": [{"system": ICD10CM, "code": hit.code, "display": hit.description} if x is icd[0] else x
                             for x in cc.get("coding", [])]}


def _without_unsaid_side(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose title leaves unsaid the side its category codes by
    (N63.0 *Unspecified lump in unspecified breast* beside N63.10 *... in the right breast ...*), when
    the case gives the side: the code would say the side is not known."""
    side = _site_side(c.body_site) if c.body_site else None
    if side not in _SIDE_WORDS:  # or in the name: "bilateral lung metastases", "right breast lump"
        side = next((w for w in normalize(c.concept.term or "").split() if w in _SIDE_WORDS), None)
    if cc is None or side not in _SIDE_WORDS:
        return cc

    def why(code: str, display: str) -> tuple[str, str] | None:
        for m in _UNSPECIFIED_ORGAN.finditer(display):
            organ = m["organ"].lower()
            if any(re.search(rf"\b(?:right|left|bilateral)\b.*\b{re.escape(organ.split()[-1])}", title, re.IGNORECASE)
                   for _, title in _category_titles(code)):
                return (f": its title says 'unspecified {organ}', and the case gives the {side} side",
                        "give `codes` with the code for the side")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def _without_site(label: str) -> str | None:
    """A cause's name without the site it says ("tuberculosis of the breast", "breast tuberculosis":
    "tuberculosis"), so a note that names the disease alone ("tuberculous erythema nodosum") names it;
    None when no site is said."""
    from fhirconv.terminology.matching import site_adjectives

    head = re.split(r"\s+of\s+(?:the\s+)?", label, maxsplit=1)[0]
    # a site's noun only: its adjective may be what names the disease ("pelvic inflammatory disease")
    sites = set(site_adjectives().values())
    kept = [w for w in head.split() if normalize(w) not in sites]
    rest = " ".join(kept)
    return rest if kept and rest != label else None


def _others(ctx: MapContext, c: Condition) -> tuple[list[str], list[str]]:
    """The ids of the case's other conditions besides ``c``'s causes: those at the same body site (same
    words, same side: a pneumonia and a lung abscess of the same lung), and the rest."""
    here = (c.body_site.site.term.lower(), c.body_site.laterality) \
        if c.body_site is not None and c.body_site.site.term else None
    same: list[str] = []
    rest: list[str] = []
    for o in ctx.case.conditions:
        if o.id == c.id or o.id in c.causes:
            continue
        there = (str(o.body_site.site.term).lower(), o.body_site.laterality) if o.body_site is not None else None
        (same if here is not None and there == here else rest).append(o.id)
    return same, rest


# An Excludes note that names this disorder "with" another, which ICD-10-CM presumes linked when a case
# has both ("cholecystitis with cholelithiasis (K80.-)" above K81.9): one code holds the two
_WITH = re.compile(r"\bwith\b", re.IGNORECASE)


def _not_excluded(ctx: MapContext, c: Condition, cause_id: str, cc: dict[str, Any] | None,
                  beside: str | None = None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes (its own or its category's, block's,
    chapter's) name the condition the case says caused this one: I51.89 *Other ill-defined heart
    diseases* is no code for a carditis due to rheumatic fever (I51 excludes heart disease specified
    as rheumatic). With ``beside`` "site", the condition is one the case has at the same site (J18.9
    *Pneumonia, unspecified organism* excludes "abscess of lung with pneumonia (J85.1)", and the same
    lung has an abscess); with "with", one the case has anywhere, read only in a note that names this
    disorder with it (K81.9 *Cholecystitis, unspecified* excludes "cholecystitis with cholelithiasis
    (K80.-)", and the case has gallstones). The user is told; the other codings stay."""
    from fhirconv.terminology.icd10cm_excludes import naming, sending_to

    cause = ctx.case.condition(cause_id)
    if cc is None or cause is None or not cause.concept.label or not any(
            x.get("system") == s.SYSTEMS["icd10cm"] for x in cc.get("coding", [])):
        return cc
    label = cause.concept.label
    names, groups = _excluding_names(label, bool(cause.concept.codes))

    # at the same site, the other condition's own ICD-10-CM codes too: a note that sends to one of them
    # by its code alone excludes this one ("chylous (pleural) effusion (J94.0)" above J90, beside a
    # chylothorax of the same pleura)
    theirs = _icd_codes(label, cause.concept) if beside == "site" else ()

    def why(code: str, display: str) -> tuple[str, str] | None:
        # a kind's title only against the notes of the code and its category, not its block's or
        # chapter's (chapter 9 excludes "systemic connective tissue disorders (M30-M36)": their own codes)
        # "with": the note may name this disorder in the case's words, said plainly ("membranous
        # nephropathy NOS with nephrotic syndrome" above N06.20 *Isolated proteinuria with diffuse
        # membranous glomerulonephritis*)
        own = f"{display} {c.concept.term} NOS" if beside == "with" and c.concept.term else display
        note = next((n for name in names if (n := naming(code, name, own))), None) or next(
            (n for name in groups if (n := naming(code, name, display, codes_only=True))), None) or next(
            (n for target in theirs if target != code and (n := sending_to(code, target))), None)
        # "with" said of the disorders, not of the codes the note sends to ("(I69. with final characters")
        if note is None or (beside == "with" and not _WITH.search(re.sub(r"\([^)]*\)?", " ", note))):
            return None
        return (f": it excludes {note!r}, and the case has {label!r}"
                f"{' at the same site' if beside == 'site' else ''}" if beside else
                f": it excludes {note!r}, and the condition is due to {label!r}",
                "give `codes` on the condition with the code the classification gives for that cause")

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def _without_benign_kind(ctx: MapContext, c: Condition, cause_id: str,
                         cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send the malignant kind of its disorder
    elsewhere (J90 *Pleural effusion, not elsewhere classified*: "malignant pleural effusion (J91.0)"),
    for a condition the case says is due to a malignant neoplasm (ICD-10-CM C00-C96)."""
    from fhirconv.terminology.icd10cm_excludes import kind_note

    cause = ctx.case.condition(cause_id)
    if cc is None or cause is None or not cause.concept.label or not any(
            x.startswith("C") for x in _icd_codes(cause.concept.label, cause.concept)):
        return cc
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": ICD-10-CM files the malignant kind elsewhere ({note!r}), and the condition is due to "
        f"{cause.concept.label!r}", "give `codes` with the code for the malignant kind")
        # a neoplasm's own code (C00-D49) is no benign kind: C77.1 beside "... specified as primary"
        if code[:1] not in "CD" and (note := kind_note(code, display, "malignant")) else None)


def _without_known_cause_excluded(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send the disorder to its cause when the cause
    is known (R41.82 *Altered mental status, unspecified*: "altered mental status due to known condition -
    code to condition"), for a condition the case says is due to another."""
    from fhirconv.terminology.icd10cm_excludes import known_condition_note

    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": it excludes {note!r}, and the case names the cause", "code the cause; give `codes` to say otherwise")
        if (note := known_condition_note(code)) else None)


# An ICD-10-CM title that says the organism is not known: A41.9 *Sepsis, unspecified organism*
_UNNAMED_ORGANISM = re.compile(r"\bunspecified organism\b", re.IGNORECASE)


def _without_unnamed_organism(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose title says the organism is unspecified, for a condition
    the case says is due to a condition or a finding that names one ("sepsis" due to a "Staphylococcus
    aureus bacteraemia" is no A41.9)."""
    if cc is None or not any(_UNNAMED_ORGANISM.search(x.get("display") or "") for x in cc.get("coding", [])):
        return cc
    named = next((found for cause in c.causes for words in _words_of(ctx.case.item(cause))
                  if words and (found := qualifiers.organism_named(words))), None)
    if named is None:
        return cc
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": its title says the organism is unspecified, and the condition is due to {named!r}",
        "give `codes` with the code for the organism") if _UNNAMED_ORGANISM.search(display) else None)


def _words_of(item: Any) -> tuple[str, str]:
    """An item's name and, for a finding, its value in words ("Staphylococcus aureus" grown in a culture)."""
    value = getattr(item, "value", None)
    said = value if isinstance(value, str) else value.get("term") or "" if isinstance(value, dict) else ""
    return getattr(getattr(item, "concept", None), "term", None) or "", said


def _icd_codes(label: str, concept: Concept) -> tuple[str, ...]:
    """A condition's ICD-10-CM codes: the case's own, or the tables' for its words."""
    icd = s.SYSTEMS["icd10cm"]
    if concept.codes:
        return tuple(x.code for x in concept.codes if x.system == icd)
    found = match("condition", label).concept
    return tuple(x.code for x in (found.codings if found else ()) if x.system == icd)


@lru_cache(maxsize=4096)  # asked of each other condition of a case, for each of its conditions
def _excluding_names(label: str, own_codes: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names an Excludes note may call a condition by: its own words, without its site, the
    broader names its last words are ("perforated phlegmonous appendicitis" is an appendicitis, which
    K65 excludes as "peritonitis with or following appendicitis"), and the kinds of disorder its
    ICD-10-CM code files it under ("cerebral hemorrhage", I61.9: *Cerebrovascular diseases*, which
    R47.01 *Aphasia* excludes as "aphasia following cerebrovascular disease"); no kinds for a
    condition with the case's own codes."""
    from fhirconv.terminology.icd10cm_excludes import group_titles

    found = match("condition", label).concept if not own_codes else None
    groups = tuple(t for x in (found.codings if found else ()) if x.system == s.SYSTEMS["icd10cm"]
                   for t in group_titles(x.code))
    said = label.split()
    head = [said[-1]] if len(said) > 1 and _HEAD_DISORDER.search(said[-1]) and not _NAMED_AFTER.search(label) else []
    return tuple(dict.fromkeys([label, *([d] if (d := _without_site(label)) else []), *head])), groups


# A last word that is a disorder of its own ("appendicitis", "leukemia", "tuberculosis"): the name is a kind of it
_HEAD_DISORDER = re.compile(r"^[a-z]{4,}(?:itis|osis|emia|aemia)$", re.IGNORECASE)
# Words after which a name's last word is not what it is ("X with Y", "X due to Y", "non-...")
_NAMED_AFTER = re.compile(r"\b(?:with|without|due|to|from|by|after|following|and|or|not|no|non|pseudo)\b|[,(/]",
                          re.IGNORECASE)


NEWBORN_DAYS = 28  # the neonatal period: a newborn's conditions are coded in ICD-10-CM chapter 16


def is_newborn(ctx: MapContext) -> bool:
    """Whether the case's patient is a newborn (an age under 28 days)."""
    age = ctx.case.patient.age
    return age is not None and age.value * {"d": 1, "wk": 7}.get(age.unit, NEWBORN_DAYS) < NEWBORN_DAYS


# A finding of how one walks (*Limping*, *Abnormal gait*): no newborn's ("the baby was limp" is floppy)
_GAIT = re.compile(r"\b(?:limp\w*|gait|walk\w*)\b", re.IGNORECASE)


def without_gait(ctx: MapContext, cc: dict[str, Any] | None, path: tuple[Any, ...]) -> dict[str, Any] | None:
    """``cc`` without a coding of a gait finding when the patient is a newborn, who does not walk."""
    if cc is None or not is_newborn(ctx):
        return cc
    kept = [c for c in cc.get("coding", []) if not _GAIT.search(c.get("display") or "")]
    if len(kept) < len(cc.get("coding", [])):
        ctx.warn(path, f"{cc.get('text')!r} is not coded as a gait finding: the patient is a newborn",
                 hint="give `codes` with the finding meant (a floppy infant is *Decreased muscle tone*)")
    return with_codings(cc, kept)


# Words that place a condition in the perinatal period, where ICD-10-CM chapter 16 codes it at any age
_PERINATAL_WORDS = re.compile(r"\b(?:newborns?|neonat\w*|perinatal|fetal|foetal|birth|congenital|infant\w*)\b",
                              re.IGNORECASE)


def without_perinatal(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code of chapter 16 (P00-P96, conditions originating in the perinatal
    period) whose title names the newborn, when the patient is past the newborn period and the words do
    not place the condition there: P74.421 *Hyperchloremia of newborn*, whose inclusion term is
    *Hyperchloremic metabolic acidosis*, is no code for an adult's. ICD-10-CM keeps a chapter 16 code
    for life for a condition that began in that period (guideline I.C.16.a.4), which words such as
    "neonatal" say, or which the code names alone (P91.60 *Hypoxic ischemic encephalopathy [HIE]*).
    A case that gives no age does not say the patient is a newborn either, and the code is left out."""
    if cc is None or is_newborn(ctx) or _PERINATAL_WORDS.search(c.concept.term or ""):
        return cc
    why = ("the patient is past it" if ctx.case.patient.age is not None
           else "the case gives no age that makes the patient a newborn")
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": it is a code of the perinatal period (ICD-10-CM chapter 16) and {why}",
        "give the patient's `age`, or `codes` with the code for the patient's age")
        if code.startswith("P") and _PERINATAL_WORDS.search(display) else None)


# Words of when a condition began that say it was there from birth ("at birth" alone may be a birth's event)
_FROM_BIRTH = re.compile(r"\b(?:born with|since birth|from birth|present at birth|congenital(?:ly)?)\b", re.IGNORECASE)


def without_acquired(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send the congenital kind of its disorder to
    chapter 17 (G91.9 *Hydrocephalus, unspecified* sits under G91, which excludes "congenital
    hydrocephalus (Q03.-)"), for a condition the case says was there from birth ("born with it"); and
    a code whose title says "acquired" (M95.2 *Other acquired deformity of head*) for a condition due
    to one the case says was there from birth (the skull deformities of a progeroid syndrome)."""
    said = " ".join(x for x in (c.when_text, c.concept.term) if x)
    if cc is None:
        return cc
    born = bool(_FROM_BIRTH.search(said))
    inborn = [] if born else _causes(ctx, c, lambda item, term: bool(_FROM_BIRTH.search(" ".join(
        x for x in (term, getattr(item, "when_text", None)) if x))))
    if not born and not inborn:
        return cc
    from fhirconv.terminology.icd10cm_excludes import kind_note

    def why(code: str, display: str) -> tuple[str, str] | None:
        if inborn:
            return (f": its title says acquired, and {c.concept.term!r} is due to {inborn[0]!r}, which the case "
                    "says was there from birth", "give `codes` with the congenital code (ICD-10-CM chapter 17)") \
                if re.search(r"\bacquired\b", display, re.IGNORECASE) else None
        note = kind_note(code, display, "congenital")
        return (f" for {c.concept.term!r}: ICD-10-CM files its congenital kind elsewhere ({note!r}), and the case "
                "says it was there from birth", "give `codes` with the congenital code (ICD-10-CM chapter 17)") \
            if note else None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def without_newborn_excluded(ctx: MapContext, c: Condition, cc: dict[str, Any] | None,
                             name: str | None = None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send a newborn's condition to chapter 16
    (K55.30 for a newborn's necrotizing enterocolitis, which is P77.-), when the patient is a newborn;
    the newborn's code for the same words ("... in newborn") takes its place when there is one."""
    if cc is None or not is_newborn(ctx):
        return cc
    from fhirconv.terminology.icd10cm_excludes import newborn_note

    icd = s.SYSTEMS["icd10cm"]
    term = name or c.concept.term  # the name without its certainty or severity words ("possible ...")
    instead: list[Any] = []
    for words in newborn_wordings(term) if term else ():
        found = match("condition", words).concept
        instead = [x for x in (found.codings if found else ()) if x.system == icd and x.code.startswith("P")]
        if instead:
            break
    kept = []
    for coding in cc.get("coding", []):
        note = newborn_note(coding["code"]) if coding.get("system") == icd else None
        reason = f"it excludes {note!r}" if note is not None else None
        if reason is None and coding.get("system") == icd and coding["code"][:1] not in "PQ" and len(instead) == 1:
            # the classification's code for the newborn's condition of the same name ("neonatal
            # hypoglycemia", P70.4), which chapter 16 puts before the general one (E16.2)
            reason = f"the newborn's {term} is {instead[0].code}"
        if reason is None:
            kept.append(coding)
            continue
        kept += [x.to_fhir() for x in instead[:1] if len(instead) == 1]
        said = f"; {instead[0].code} {instead[0].display!r} is written instead" if len(instead) == 1 else ""
        ctx.warn((*c.path, "condition"), f"ICD-10-CM {coding['code']} {coding.get('display', '')!r} is not written: "
                 f"{reason}, and the patient is a newborn{said}",
                 hint="give `codes` on the condition with the newborn's code (ICD-10-CM chapter 16, P00-P96)",
                 # told by default when the condition is left with no ICD-10-CM code at all
                 severity="information" if said else "warning")
    return with_codings(cc, kept)


def without_kind_excluded(ctx: MapContext, cc: dict[str, Any] | None, kind: str, path: tuple[Any, ...],
                          cause: str) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send this condition caused by a drug
    (``kind`` ``medication``) or a food (``food``) elsewhere: T78.2XXA *Anaphylactic shock,
    unspecified* is no code for an anaphylactic shock due to amoxicillin/clavulanic acid (T78.2
    excludes the shock due to a correct medicinal substance, T88.6, and the shock due to a food,
    T78.0). The user is told; the other codings stay."""
    from fhirconv.terminology.icd10cm_excludes import naming_kind

    def why(code: str, display: str) -> tuple[str, str] | None:
        note = naming_kind(code, kind, display)
        return None if note is None else (f": it excludes {note!r}, and the condition is due to {cause!r}",
                                          "give `codes` with the code the classification gives for that cause")

    return without_icd(ctx, cc, path, why)


# A condition that is the taking of a drug ("cannabis smoking", "cocaine use", "heroin abuse"): what it
# causes is caused by a drug, as one the case lists among its medications
_DRUG_TAKING = re.compile(
    r"\b(?:cannabis|marijuana|marihuana|cocaine|crack|heroin|opioids?|opiates?|amphetamines?|methamphetamine|"
    r"ecstasy|mdma|lsd|hallucinogens?|ketamine|phencyclidine|cannabinoids?|benzodiazepines?|inhalants?)\b.*\b(?:use|"
    r"abuse|misuse|smoking|intake|consumption|ingestion|intoxication|dependence|addiction|overdose|exposure)\b",
    re.IGNORECASE)


def _drug_taking(cause: Condition) -> bool:
    """Whether ``cause`` is the taking of a psychoactive drug (not alcohol, not tobacco): its words, or
    its ICD-10-CM code in F11-F19 (*... related disorders*)."""
    if _DRUG_TAKING.search(cause.concept.term or ""):
        return True
    return any(x.system == s.SYSTEMS["icd10cm"] and "F11" <= x.code[:3] <= "F19" for x in cause.concept.codes)


_DENIED_CAUSE = re.compile(r"\bnot due to\b", re.IGNORECASE)
# a title that says the disorder came of no injury ("Perforation of intestine (nontraumatic)"), and the
# words of a cause that is one ("impalement injury", "fall", "foreign body", "gunshot wound")
_NONTRAUMATIC = re.compile(r"\bnon-?traumatic\b", re.IGNORECASE)


# a title that names a cause itself ("Heparin-induced thrombocytopenia, unspecified"): its residue is
# another axis (the type), not the cause
_CAUSE_IN_TITLE = re.compile(r"\b(?:induced|due to|secondary|associated|caused)\b", re.IGNORECASE)


@cache  # up to two hundred look-ups of the index: once per code a run meets
def _other_siblings(code: str) -> tuple[tuple[str, str], ...]:
    """The codes (with their titles) where ICD-10-CM files "other" kinds, or kinds by cause, of the same
    disorder beside residual ``code`` (D69.6 *Thrombocytopenia, unspecified* beside D69.59 *Other secondary
    thrombocytopenia*, J12.9 beside J12.89 *Other viral pneumonia*, E06.9 *Thyroiditis, unspecified* beside
    E06.4 *Drug-induced thyroiditis*, M13.0 *Polyarthritis, unspecified* beside M13.8 *Other specified
    arthritis*): where a disorder with a named cause goes. The sibling must name the residual's disorder in
    full: G93.1 *Anoxic brain damage, not elsewhere classified* stays beside G93.8 *Other specified disorders of
    brain*, which is another disorder, and so does I16.9 *Hypertensive crisis, unspecified*, whose residue is
    the crisis's kind, which a cause does not settle."""
    from fhirconv.terminology.icd10cm import index

    idx = index()
    own = _disorder_words(idx.description(code) or "")
    if not own:
        return ()
    # the same category's codes, one and two levels down (D69.6 -> D69.0 ... D69.99), and for a code of
    # six characters or more the level above too (D72.10 -> D72.8, D72.19)
    stems = [code[:-1]] + ([code[:-2]] if len(code) > 5 else [])
    candidates = sorted(set().union(*map(_codes_under, stems)) - {code})
    return tuple((x, d) for x in candidates if (d := idx.description(x))
                 and (d.lower().startswith("other") or _CAUSE_IN_TITLE.search(d))
                 and _names_all(own, _disorder_words(d)))


def _names_all(own: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether every word of ``own`` is in ``theirs``, as itself or as its stem ("polyarthritis" in
    *Other specified arthritis*)."""
    return all(w in theirs or any(len(v) >= 5 and w.endswith(v) for v in theirs) for w in own)


_NOT_THE_DISORDER = frozenset({"unspecified", "specified", "other", "not", "elsewhere", "classified", "nec", "nos"})


def _disorder_words(description: str) -> frozenset[str]:
    """The words of an ICD-10-CM title that name its disorder (not "other", "unspecified", "NEC")."""
    from fhirconv.terminology.normalize import words

    return frozenset(words(normalize(_unbracketed(description)))) - _NOT_THE_DISORDER


def _unbracketed(title: str) -> str:
    """An ICD-10-CM title without its nonessential modifiers in brackets or parentheses."""
    return re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", title)


def _codes_under(stem: str) -> set[str]:
    """The codes one and two characters below ``stem`` (D69. -> D69.0 ... D69.99), to look up."""
    return {f"{stem}{a}{b}" for a in "0123456789" for b in ("", *"0123456789")}


@cache
def _category_titles(code: str) -> tuple[tuple[str, str], ...]:
    """(code, title) of every other code of ``code``'s category (C92.90 -> C92, C92.0 ... C92.Z9 as
    numbered), read once per code in a run."""
    from fhirconv.terminology.icd10cm import index

    idx = index()
    category = code.split(".")[0]
    found = sorted(({category} | _codes_under(f"{category}.")) - {code})
    return tuple((x, d) for x in found if (d := idx.description(x)))


def _causes(ctx: MapContext, c: Condition, which: Callable[[Any, str], bool]) -> list[str]:
    """The words of the causes of ``c``, followed back through their own causes, that ``which``
    (the item, its words) keeps."""
    return [term for item, term in causes_of(ctx, c) if which(item, term)]


def _injury_causes(ctx: MapContext, c: Condition) -> list[str]:
    """The causes of ``c`` (followed back through their own causes) whose words name an injury."""
    return _causes(ctx, c, lambda item, term: bool(INJURY_WORDS.search(term)))


_TORN = re.compile(r"\b(?:ruptur(?:e|ed|es|ing)|tears?|torn|lacerat\w*|avuls\w*|transect\w*)\b", re.IGNORECASE)


def _torn_structure(c: Condition) -> bool:
    """Whether ``c`` is the rupture or tear of a structure ("ruptured papillary muscle"), not of a
    disorder ("ruptured aneurysm": without the rupture word the tables still know a condition)."""
    return _torn_words(c.concept.term or "")


@lru_cache(maxsize=1024)
def _torn_words(term: str) -> bool:
    if not _TORN.search(term):
        return False
    rest = " ".join(w for w in _TORN.sub(" ", term).split() if w.lower() not in {"of", "the", "a", "an"})
    return bool(rest) and match("condition", rest).concept is None


def _unlinked_injuries(ctx: MapContext, c: Condition) -> list[str]:
    """The injuries the case names as other conditions, for a condition it links to no cause: a rupture
    found in a case of chest trauma is the trauma's unless the case says otherwise."""
    if c.causes:
        return []
    return [x.concept.term for x in ctx.case.conditions if x is not c and INJURY_WORDS.search(x.concept.term)]


# "toxic" names a drug's kind of a disorder (toxic liver disease, K71: drug-induced), except in these
# names of disorders of other causes: toxic shock syndrome (an infection), toxic goiter, toxic megacolon
_NOT_A_DRUGS_KIND = re.compile(r"\btoxic\s+(?:shock|(?:\w+\s+)*goit|megacolon)", re.IGNORECASE)


def _drug_kind_note(code: str, display: str) -> str | None:
    """The Excludes note of ``code`` that sends the toxic or drug-induced kind of its disorder elsewhere
    (K74 excludes "cirrhosis (of liver) with toxic liver disease (K71.7)")."""
    from fhirconv.terminology.icd10cm_excludes import kind_note

    note = kind_note(code, display, "drug-induced") or kind_note(code, display, "toxic")
    return None if note is None or _NOT_A_DRUGS_KIND.search(note) else note


def _drug_causes(ctx: MapContext, c: Condition) -> list[str]:
    """The causes of ``c`` (followed back through their own causes) that are drugs of the case."""
    drugs = {id(m): m.regimen or " / ".join(d.label for d in m.drugs) for m in ctx.case.medications}
    return [drugs[id(item)] for item, _ in causes_of(ctx, c) if id(item) in drugs]


def _congenital_causes(ctx: MapContext, c: Condition) -> list[str]:
    """The causes of ``c`` (followed back through their own causes) that were there from birth: their
    words say so ("congenital", "since birth"), or the tables code them in ICD-10-CM chapter 17
    (Q00-Q99: "biliary atresia" is Q44.2)."""
    def inborn(item: Any, term: str) -> bool:
        said = " ".join(x for x in (getattr(item, "when_text", None), term) if x)
        found = match("condition", term).concept if term else None
        return bool(_FROM_BIRTH.search(said)) or (found is not None and any(
            x.system == s.SYSTEMS["icd10cm"] and x.code.startswith("Q") for x in found.codings))

    return _causes(ctx, c, inborn)


def _without_denied_cause(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose title says the disorder has no cause (F29 *Unspecified
    psychosis not due to a substance or known physiological condition*) or came of no injury (K63.1
    *Perforation of intestine (nontraumatic)* for one due to an impalement), nor a residual category's
    (D68.9 *Coagulation defect, unspecified* for one due to cirrhosis, which ICD-10-CM files under
    D68.4), for a condition the case says is due to something. A symptom's residual code (chapter R)
    stays: it says the symptom, whatever its cause."""
    from fhirconv.terminology.icd10cm import is_residual
    from fhirconv.terminology.icd10cm_excludes import category_title, injury_excluded, kind_note, traumatic_note

    hurt = _injury_causes(ctx, c)
    drugs = _drug_causes(ctx, c)
    torn = _torn_structure(c)
    loose = [] if hurt or not torn else _unlinked_injuries(ctx, c)
    injury_hint = "give `codes` with the code of the injury (ICD-10-CM chapter S)"
    inborn = _congenital_causes(ctx, c)

    def why(code: str, display: str) -> tuple[str, str] | None:
        hint = "give `codes` with the code the classification gives for a disorder due to that cause"
        if inborn and (note := kind_note(code, display, "congenital")):
            return (f" for {c.concept.term!r}: ICD-10-CM files its congenital kind elsewhere ({note!r}), and the case "
                    f"says it is due to {', '.join(inborn)!r}, there from birth",
                    "give `codes` with the congenital code (ICD-10-CM chapter 17), or leave the cause's code to say it")
        if hurt and _NONTRAUMATIC.search(display):
            return (f" for {c.concept.term!r}: its title says it came of no injury, and the case says it is due to "
                    f"{', '.join(hurt)!r}", injury_hint)
        if drugs and (note := _drug_kind_note(code, display)):
            return (f" for {c.concept.term!r}: ICD-10-CM files its toxic or drug-induced kind elsewhere ({note!r}), "
                    f"and the case says it is due to the drug {', '.join(drugs)!r}",
                    "give `codes` with the code of the drug-induced kind (and the drug's adverse-effect code, "
                    "T36-T50 with 5th or 6th character 5)")
        if hurt and (note := traumatic_note(code, display)):
            return (f" for {c.concept.term!r}: ICD-10-CM files its traumatic kind elsewhere ({note!r}), and the case "
                    f"says it is due to {', '.join(hurt)!r}", injury_hint)
        if torn and (hurt or loose) and (note := injury_excluded(code)):
            said = (f"says it is due to {', '.join(hurt)!r}" if hurt else
                    f"names an injury ({', '.join(loose)!r}) and no other cause for it")
            return (f" for {c.concept.term!r}: its chapter files ruptures of injury elsewhere ({note!r}), and the "
                    f"case {said}", f"{injury_hint}; or, for a rupture of another cause, link it with `due_to`")
        if not c.causes:
            return None
        title = category_title(code)
        if _DENIED_CAUSE.search(display) or _DENIED_CAUSE.search(title):
            whose = "its title" if _DENIED_CAUSE.search(display) else f"its category's title ({title!r})"
            return (f" for {c.concept.term!r}: {whose} says it is not due to a known condition, and the case "
                    f"says it is due to {', '.join(c.causes)!r}", hint)
        if is_residual(display) and not code.startswith("R") and not _CAUSE_IN_TITLE.search(display) \
                and (others := _other_siblings(code)):
            listed = "; ".join(f"{x} {d!r}" for x, d in others[:4])
            return (f" for {c.concept.term!r}: a residual category is no code for a disorder whose cause is "
                    f"named (due_to {', '.join(c.causes)!r})",
                    f"{hint}; the category's other codes, to choose from by that cause (none may fit it): {listed}")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def narrowing_excluded(name: str, rest: str, code: str, display: str) -> str | None:
    """The Excludes note of ICD-10-CM ``code``, found for ``rest`` (``name`` without its narrowing
    words, read for the broader concept), that names a narrowing word set aside: the classification
    files that kind elsewhere, so its code for the rest is no broader code but the code of other
    kinds. K75.9 *Inflammatory liver disease, unspecified* (*Hepatitis NOS*) is no code for a toxic
    hepatitis (K75 excludes toxic liver disease, K71.-). None when no note does."""
    from fhirconv.mappers.qualifiers import _narrowing
    from fhirconv.terminology.icd10cm_excludes import naming_word

    kept = {w.lower().strip(",") for w in rest.split()}
    set_aside = [w for w in (x.lower().strip(",") for x in name.split()) if _narrowing(w) and w not in kept]
    return next((n for w in set_aside if (n := naming_word(code, w, display, rest))), None)


def without_narrowing_excluded(ctx: MapContext, cc: dict[str, Any] | None, name: str, rest: str,
                               path: tuple[Any, ...]) -> dict[str, Any] | None:
    """``cc``, found for ``rest``, without an ICD-10-CM code :func:`narrowing_excluded` finds a note
    of; SNOMED CT's broader concept is true and stays, and the user is told."""
    from fhirconv.terminology.icd10cm import is_residual

    @cache
    def caused() -> bool:  # whether the words set aside name a cause: asked once, and only for a residual code
        return qualifiers.cause_set_aside(name, rest)

    def why(code: str, display: str) -> tuple[str, str] | None:
        note = narrowing_excluded(name, rest, code, display)
        if note is not None:
            return (f" for {name!r}: it excludes {note!r}",
                    "give `codes` with the code the classification gives for that kind")
        if is_residual(display) and caused():
            return (f" for {name!r}: a residual category is no code for a disorder whose cause is named",
                    "give `codes` with the code the classification gives for that cause")
        origin = _origin_set_aside(name, rest)
        if origin is not None and origin not in normalize(display).split() and not is_residual(display):
            return (f" for {name!r}: ICD-10-CM files {origin} and other forms of a disorder apart, and the code's "
                    f"title does not say {origin!r}", "give `codes` with the code the classification gives for it")
        apart = filed_apart(name, rest, code, display)
        if apart is not None:
            word, sibling, title = apart
            if word in _SIDE_WORDS and sibling != code and _UNSAID_SIDE_TITLE.search(display) \
                    and _UNSAID_SIDE_TITLE.sub("", display) == _SAID_SIDE_TITLE.sub("", title):
                sided.append((sibling, title, word))  # the same disorder's code of the side the words say
                return (f" for {name!r}: its title leaves the side unsaid, and the words say {word!r}",
                        "give `codes` on the condition to choose another code")
            said = _NOT_SPECIFIED_AS.search(display)
            where = f"its title says {said.group(0).strip(', ')!r} and the words say {word!r}" \
                if sibling == code and said else f"ICD-10-CM files the {word} kind apart ({sibling} {title!r})"
            return (f" for {name!r}: {where}, so this code would contradict the words",
                    "give `codes` with the code the classification gives for that kind")
        return None

    sided: list[tuple[str, str, str]] = []
    cc = without_icd(ctx, cc, path, why)
    if cc is not None and sided and not any(x.get("system") == s.SYSTEMS["icd10cm"] for x in cc.get("coding", [])):
        code, title, word = sided[0]
        ctx.warn(path, f"condition {name!r} is ICD-10-CM {code} {title!r}, the code of the {word} side its words "
                 "say", severity="information", hint="give `codes` on the condition to choose another code")
        cc = {**cc, "coding": [*cc.get("coding", []), {"system": s.SYSTEMS["icd10cm"], "code": code, "display": title}]}
    return _without_unspecified(ctx, cc, name, rest, path)


# A side said in a disorder's name, and the titles of its codes of the unsaid side and of a side
_SIDE_WORDS = frozenset({"right", "left", "bilateral"})
_UNSAID_SIDE_TITLE = re.compile(rf",? unspecified (?:{_PAIRED})$", re.IGNORECASE)
_SAID_SIDE_TITLE = re.compile(rf",? (?:(?:right|left) (?:{_PAIRED})|bilateral)$", re.IGNORECASE)


# A disorder said to come of another: ICD-10-CM files the secondary form apart (D69.3 *Immune
# thrombocytopenic purpura*, whose inclusion term is the idiopathic one, beside D69.59 *Other secondary
# thrombocytopenia*), so a code found without the word is no code for it. Not "primary" or
# "idiopathic": the plain code is most often theirs (C85.20 for a primary mediastinal large B-cell
# lymphoma, J82.81 for an idiopathic chronic eosinophilic pneumonia). A residual category is
# :func:`filed_apart`'s.
_ORIGIN = ("secondary",)


def _origin_set_aside(name: str, rest: str) -> str | None:
    kept = set(normalize(rest).split())
    return next((w for w in normalize(name).split() if w in _ORIGIN and w not in kept), None)


# A residual title's own words for the axis it leaves open: "not specified as acute or chronic".
_NOT_SPECIFIED_AS = re.compile(r"\bnot specified as ([a-z ]+?)(?:,|$)", re.IGNORECASE)


def filed_apart(name: str, rest: str, code: str, display: str) -> tuple[str, str, str] | None:
    """(word, sibling code, its title) when ``code``, an ICD-10-CM residual category found for ``rest``,
    is one the words set aside contradict: the title says the axis is not specified (N12
    *Tubulo-interstitial nephritis, not specified as acute or chronic* for an *acute* interstitial
    nephritis), or a code of the same category files that word's kind apart (C92.9- *Myeloid leukemia,
    unspecified* beside C92.1- *Chronic myeloid leukemia ...* for a *chronic* myeloid leukaemia; G04.90
    beside G04.00 *Acute disseminated encephalitis ...* for an *acute disseminated* encephalomyelitis).
    None when no word set aside is such an axis: "recurrent pneumonia" keeps J18.9 *Pneumonia,
    unspecified organism*."""
    from fhirconv.terminology.icd10cm import is_residual

    said = normalize(display)
    open_axis = _NOT_SPECIFIED_AS.search(display)
    if not (is_residual(display) or open_axis or "unspecified" in said.split()):
        return None
    kept = set(normalize(rest).split())
    aside = [w for w in normalize(name).split() if w not in kept and w not in _NOT_NARROWING and w.isalpha()]
    if open_axis:
        axis = set(normalize(open_axis.group(1)).split())
        for word in aside:
            if word in axis:
                return word, code, display
    own = set(normalize(_unbracketed(display)).split()) | {"unspecified"}
    for sibling, title in _category_titles(code):
        extra = set(normalize(_unbracketed(title)).split()) - own
        # the sibling is this code's disorder with words set aside and nothing else: *Upper abdominal
        # pain* beside *Unspecified abdominal pain*, not *Acute systolic heart failure* beside *Heart
        # failure, unspecified* for an acute one (ICD-10-CM's index codes that I50.9)
        if extra and extra <= set(aside):
            return sorted(extra)[0], sibling, title
    return None


# Words set aside by a reading that do not narrow what the disorder is: its severity and its
# verification (their own elements)
_NOT_NARROWING = frozenset({*qualifiers.SEVERITY_WORDS, *qualifiers.SUSPECTED_WORDS, "of", "the", "a", "an", "and"})


def _says_more(name: str, rest: str) -> bool:
    """Whether the words of ``name`` set aside to read ``rest`` say more of the disorder than its
    severity or a grade (2/6): then no code titled "unspecified" is true of it."""
    said, kept = set(normalize(name).split()), set(normalize(rest).split())
    aside = {w for w in said - kept - _NOT_NARROWING - _SIDE_WORDS if not any(ch.isdigit() for ch in w)}
    return kept <= said and bool(aside)


def _without_unspecified(ctx: MapContext, cc: dict[str, Any] | None, name: str, rest: str,
                         path: tuple[Any, ...]) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code titled "unspecified" when the words set aside say more of
    the disorder: *Unspecified appendicitis* (K37) is wrong for "perforated appendicitis" (K35.32),
    *Pneumothorax, unspecified* for "tension pneumothorax", *Glycogen storage disease, unspecified*
    for a type Ia. SNOMED CT's broader concept is true and stays (the user is told of the broader
    reading already); when it is the only coding, the user is told the name stays text."""
    if cc is None or not _says_more(name, rest):
        return cc  # another name for the disorder (a cancer by its site), or only its severity set aside
    icd = s.SYSTEMS["icd10cm"]
    if any(c.get("system") != icd for c in cc.get("coding", [])):
        return with_codings(cc, [c for c in cc.get("coding", []) if c.get("system") != icd
                                 or "unspecified" not in (c.get("display") or "").lower()])
    # the only coding: withdrawn when the words set aside are an axis of the code's category (a
    # numbered type, a word of another code's title), so the title's "unspecified" denies them
    kept = set(normalize(rest).split())
    aside = {w for w in normalize(name).split() if w not in kept and w not in _NOT_NARROWING and w.isalpha()
             and w not in ("with", "without", "for", "from", "in", "on", "to", "by") and w not in _ACUITY}
    typed = _NUMBERED_TYPE.search(normalize(name)) is not None and not _NUMBERED_TYPE.search(normalize(rest))

    def why(code: str, display: str) -> tuple[str, str] | None:
        if "unspecified" not in display.lower():
            return None
        own = set(normalize(_unbracketed(display)).split()) | {"unspecified"}
        # another code of the category that is this one's disorder with words set aside (its course aside):
        # H05.10 *Unspecified chronic inflammatory disorders of orbit* beside H05.9 for an inflammatory one
        axis = "its type" if typed else next(
            (f"{' '.join(sorted(extra))!r} ({other} {title!r})" for other, title in _category_titles(code)
             if (extra := set(normalize(_unbracketed(title)).split()) - own - _ACUITY) and extra <= aside), None)
        return (f" for {name!r}: its title says unspecified, and the words say {axis}",
                "give `codes` with the code the classification gives for it") if axis else None

    return without_icd(ctx, cc, path, why)


# Words of a disorder's course: ICD-10-CM's index gives many an unspecified code ("acute heart failure" I50.9)
_ACUITY = frozenset({"acute", "chronic", "subacute", "hyperacute", "recurrent", "relapsing", "progressive"})
# A numbered type of a disorder, in a look-up key ("glycogen storage disease type 1 a")
# (not a virus's: "herpes simplex virus type 1 infection" is B00.9's herpes simplex infection NOS)
_NUMBERED_TYPE = re.compile(r"(?<!\bvirus )(?<!\bhsv )(?<!\bhiv )(?<!\bhtlv )\btype \d+\b")


def _sited(ctx: MapContext, c: Condition) -> Concept | None:
    """The disorder named with its site ("X of <site>"), when that name has a code and the name alone
    none or a broader one: terminologies name many disorders by where they are, so "mature cystic
    teratoma" on the ovary is *Benign teratoma of ovary*, and "osteoarthritis" of the knee *Osteoarthritis
    of knee* (M17.9), not M19.90 *... unspecified site*. A sited name whose codes include the name's
    own says nothing more and is not read."""
    site = c.body_site.site.term if c.body_site else None
    name = c.concept.term
    if c.concept.codes or c.subtype or not name or not site:
        return None
    other = f"{name} of {site}"
    bare, sited = match("condition", name), match("condition", other)
    if sited.status != "found" or bare.status == "ambiguous":
        return None
    if bare.concept is not None and {x.code for x in bare.concept.codings} & {x.code for x in sited.concept.codings}:
        return None  # the site adds nothing the name's code does not say
    ctx.warn((*c.path, "condition"), f"condition {name!r} is coded as {other!r}, with its body site; the name "
             "stays as the code's text", severity="information",
             hint="give `codes` on the condition to choose another concept")
    return Concept(other)


def map_condition(ctx: MapContext, c: Condition) -> dict[str, Any]:
    c, rest = qualifiers.read(ctx, c)
    status = c.clinical_status
    clinical: dict[str, Any] | None = clinical_status(status) if status else None
    if status is None and ctx.r5:
        # R5 requires clinicalStatus; the source does not say it, so say that instead of guessing.
        clinical = {"extension": [{"url": DATA_ABSENT, "valueCode": "unknown"}]}
        ctx.warn((*c.path, "id"), "clinical_status not given: R5 clinicalStatus written as data-absent 'unknown'",
                 hint="give clinical_status on the condition", severity="information")
    side = _side_code(c, rest)
    negated = _negated(ctx, c)
    code = _code(ctx, c, rest, warn=side is None and not negated)
    if rest is not None and c.concept.term:
        code = without_narrowing_excluded(ctx, code, c.concept.term, rest, (*c.path, "condition"))
    for cause in c.causes if not c.concept.codes else ():
        if ctx.case.section_of(cause) == "conditions":
            code = _not_excluded(ctx, c, cause, code)
            code = _without_benign_kind(ctx, c, cause, code)
            taken = ctx.case.condition(cause)
            if taken is not None and _drug_taking(taken):
                code = without_kind_excluded(ctx, code, "medication", (*c.path, "condition"), taken.concept.label)
        elif ctx.case.section_of(cause) == "medications":
            # a drug's id, or an entry of its status history (the case was checked: one of them)
            drug = (next((m for m in ctx.case.medications if m.id == cause), None)
                    or ctx.case.medication_of_change(cause))
            if drug is None:
                continue
            code = without_kind_excluded(ctx, code, "medication", (*c.path, "condition"),
                                         drug.regimen or " / ".join(d.label for d in drug.drugs) or cause)
    same_site, elsewhere = _others(ctx, c) if not c.concept.codes else ([], [])
    for other in same_site:
        code = _not_excluded(ctx, c, other, code, beside="site")
    for other in elsewhere:
        code = _not_excluded(ctx, c, other, code, beside="with")
    if (c.causes or _torn_structure(c)) and not c.concept.codes:
        code = _without_denied_cause(ctx, c, code)
        code = _without_unnamed_organism(ctx, c, code)
        code = _without_known_cause_excluded(ctx, c, code)
    if not c.concept.codes:
        code = without_newborn_excluded(ctx, c, code, rest)
        code = without_perinatal(ctx, c, code)
        code = without_other_sex(ctx, c, code)
        code = without_other_organ(ctx, c, code)
        code = without_developmental(ctx, c, code)
        code = without_acquired_in_newborn(ctx, c, code)
        code = without_primary_for_metastatic(ctx, c, code)
        code = without_what_the_case_has(ctx, c, code)
        code = without_organ_involvement(ctx, c, code)
        code = without_secondary_for_neuroendocrine(ctx, c, code)
        code = without_acquired(ctx, c, code)
        code = without_unlocalized(ctx, c, code)
        code = with_intent_said(ctx, c, code)
        code = without_one_place(ctx, c, code)
        code = without_finding_for_metastasis(ctx, c, code)
        code = without_site_kind(ctx, c, code)
        code = without_onset_kind(ctx, c, code)
        code = without_gait(ctx, code, (*c.path, "condition"))
        if side is None and code:  # a row's code of the unsaid side: its sibling for the side given
            unsaid_title = next((x.get("display", "") for x in code.get("coding", [])
                                 if _UNSAID_SIDE.search(x.get("display", ""))), None)
            side = _side_code(c, rest, unsaid_title) if unsaid_title else None
        if side is not None and rest is not None and "unspecified" in side.description.lower() \
                and _says_more(c.concept.term or "", rest):
            side = None  # "necrotizing otitis externa" is no *Unspecified otitis externa, right ear*
        code = _with_side(ctx, c, _to_index_site(ctx, c, code), side)
        code = _without_unsaid_side(ctx, c, _to_side(ctx, c, code, rest))
    ctx.condition_codes[c.id] = code or {}
    severity = s.codeable(ctx, Concept(c.severity), "severity", (*c.path, "severity")) if c.severity else None
    subtype = None
    if c.subtype is not None:
        subtype = s.codeable(ctx, c.subtype, "subtype", (*c.path, "subtype"))
    stage = None
    if c.stage:
        stage = [s.compact({
            "summary": stage_summary(ctx, c.stage.value, c.stage.system, (*c.path, "stage", "value")),
            "type": s.text_concept(c.stage.system) if c.stage.system else None,
        })]
    if c.stages:
        stage = (stage or []) + [_stage(ctx, c, i, st) for i, st in enumerate(c.stages)]
    history = "; ".join(
        f"{h.text or h.status}{f' (#{h.ordinal})' if h.ordinal else ''} {dating.when_words(h.when)}"
        for h in c.history)
    sites = s.body_site(ctx, c.body_site, (*c.path, "body_site"))
    rows = [("Condition", s.cc_label(code)), ("Clinical status", status or "not stated"),
            ("Severity", c.severity), ("Verification", c.verification_status),
            ("Body site", s.site_words(c.body_site) if sites else None),
            ("Onset", s.date_or_words(c.onset) or c.when_text),
            ("Abatement", s.fhir_date(c.abatement)),
            ("Stage", s.cc_label(stage[0]["summary"]) if c.stage and stage else None),
            ("Status history", history), ("Note", c.note),
            *_more_rows(ctx, c, stage)]
    body = {
        "clinicalStatus": clinical,
        "verificationStatus": s.fixed(VERIFICATION, c.verification_status,
                                      VERIFICATION_DISPLAY[c.verification_status])
        if c.verification_status else None,
        # A category costs nothing and IPS, US Core and mCODE all look for one: the case's, else
        # problem-list-item (what a case report's diagnoses are) when a clinicalStatus is written:
        # con-3 wants one on every problem-list item, and an unstated status is not guessed.
        "category": [s.fixed(CATEGORY, default, CATEGORY_DISPLAY[default])]
        if (default := c.category or ("problem-list-item" if clinical else None)) else None,
        "severity": severity,
        "code": code,
        "bodySite": sites,
        "subject": ctx.patient_ref(),
        **_encounter(ctx, c),
        **_date_or_age(ctx, "onset", c.onset),
        "onsetString": c.when_text if c.onset is None else None,
        **_date_or_age(ctx, "abatement", c.abatement),
        "stage": stage,
        "note": s.notes(c.note, s.date_note("Onset", c.onset), s.date_note("Abatement", c.abatement),
                        f"Onset: {c.when_text}" if c.when_text and c.onset is not None else None,
                        s.date_note("Stage date", c.stage.when if c.stage else None),
                        *(s.date_note(f"{stage_label(st)} date", st.when) for st in c.stages),
                        f"Status history: {history}" if history else None),
    }
    histology = s.codeable(ctx, c.histology, "histology", (*c.path, "histology")) if c.histology else None
    ext = s.extensions(s.extension("condition-subtype", "CodeableConcept", subtype),
                       s.extension("histology", "CodeableConcept", histology),
                       *(s.extension(DUE_TO, "Reference", links.item_ref(ctx, x)) for x in c.causes))
    return s.resource(RESOURCE_TYPE, ctx, c.id, s.cc_label(code) or c.id, rows, body, ext=ext)


def _date_or_age(ctx: MapContext, prefix: str, when: Any) -> dict[str, Any]:
    """``{prefix}DateTime`` with its extensions, or ``{prefix}Age`` for an age with no birth date
    (``{prefix}Range`` for "about age 18")."""
    if (found := dating.age(when)) is not None:
        kind, value = found
        return {f"{prefix}{kind}": value}
    return {f"{prefix}DateTime": s.fhir_date(when), **dating.element(ctx, f"{prefix}DateTime", when)}


TNM_WORDS = {"t": "primary tumor", "n": "regional lymph nodes", "m": "distant metastases"}


def stage_label(st: Stage) -> str:
    """``Clinical stage (AJCC 8)``: the type and system of a stage, in words."""
    words = f"{st.type.capitalize()} stage" if st.type else "Stage"
    return f"{words} ({st.system})" if st.system else words


def tnm_key(c: Condition, index: int, part: str) -> str:
    """The key of the Observation written for a T, N or M category value given on a stage."""
    return f"{c.id}/stage-{index + 1}-{part}"


def tnm_ref(ctx: MapContext, c: Condition, index: int, part: str, value: str) -> dict[str, str]:
    if any(o.id == value for o in ctx.case.observations):
        return ctx.ref("Observation", value)
    return ctx.ref("Observation", tnm_key(c, index, part))


_TNM_SYSTEMS = ("ajcc", "uicc", "tnm")


def names_tnm(system: str) -> bool:
    """Whether a staging system's name says it is AJCC, UICC or TNM staging."""
    return any(k in system.lower() for k in _TNM_SYSTEMS)


def stage_summary(ctx: MapContext, value: Any, system: str | None, path: Any) -> dict[str, Any] | None:
    """A stage group's CodeableConcept. The tables' stage codes are AJCC (TNM) stage groups, so they
    are used only when the case names an AJCC/UICC/TNM staging: "IIA" is another stage in FIGO or
    Ann Arbor (a lymphoma without B symptoms), and a code from the wrong system is worse than text."""
    if value is None or value.codes or (system and names_tnm(system)):
        return s.codeable(ctx, value, "stage", path)
    ctx.warn(path, f"stage {value.label!r} written as text only: the staging system "
             f"{'is ' + repr(system) if system else 'is not given'}, and the tables code AJCC (TNM) stage groups",
             hint="give the system (e.g. 'AJCC 8') for an AJCC stage, or 'codes' on the value")
    return s.text_concept(value.label)


def _stage(ctx: MapContext, c: Condition, index: int, st: Stage) -> dict[str, Any]:
    """One of several stages: its value, its type and system in words, and its T, N and M observations."""
    return s.compact({
        "summary": stage_summary(ctx, st.value, st.system, (*st.path, "value")),
        "assessment": [tnm_ref(ctx, c, index, part, value) for part, value in st.tnm],
        "type": s.text_concept(stage_label(st)),
    })


def _more_rows(ctx: MapContext, c: Condition, stage: list[dict[str, Any]] | None) -> list[tuple[str, Any]]:
    """Narrative rows for stages, histology, cause, encounter and verification over time."""
    rows: list[tuple[str, Any]] = []
    for st in c.stages:
        tnm = " ".join(value for _, value in st.tnm if not any(o.id == value for o in ctx.case.observations))
        rows.append((stage_label(st), f"{st.value.label}{f' ({tnm})' if tnm else ''}"
                     f"{f', {s.fhir_date(st.when)}' if s.fhir_date(st.when) else ''}"))
    verification = "; ".join(
        f"{v.status} {dating.when_words(v.when)}"
        f"{f' (by {links.item_label(ctx, v.by)})' if v.by else ''}{f': {v.text}' if v.text else ''}"
        for v in c.verification_history)
    rows += [("Histology", c.histology.label if c.histology else None),
             ("Due to", "; ".join(links.item_label(ctx, x) for x in c.causes
                                  if ctx.case.section_of(x) != "conditions") or None),
             ("Encounter", links.item_label(ctx, c.encounter) if c.encounter else None),
             ("Verification history", verification or None)]
    return rows


def _encounter(ctx: MapContext, c: Condition) -> dict[str, Any]:
    """Condition.encounter, unless that encounter names the condition as its reason: the link is
    then written once, on the Encounter, so the references stay acyclic (a server that takes one
    resource at a time needs an order; the narrative still names the encounter)."""
    enc = next((e for e in ctx.case.encounters if e.id == c.encounter), None)
    if enc is not None and c.id in enc.reason:
        return {}
    return links.encounter(ctx, c.encounter)
