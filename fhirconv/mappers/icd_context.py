"""ICD-10-CM codes a condition's other facts rule out: the site the case places it at (R52 *Pain,
unspecified* for an ankle's pain, I76 for septic emboli of the lungs, A15.9 *Respiratory tuberculosis*
for the peritoneum's), its extent (C96.6 *Unifocal ...* at four sites, E04.1 *... single thyroid
nodule* for "thyroid nodules"), when it began (E03.9 at a thyroidectomy, I77.2 at a fall), and the
intent its note says of a poisoning (T40.5X1A, accidental, made T40.5X3A for a homicide attempt).
Each keeps the other codings and tells the user of the one it leaves out or changes."""

from __future__ import annotations

import re
from typing import Any

from fhirconv.case.model import Condition
from fhirconv.mappers import snippets as s
from fhirconv.mappers.codings import with_codings, without_icd
from fhirconv.mappers.context import MapContext
from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize

# Words of an injury, in a condition's cause or the event its onset is dated by
INJURY_WORDS = re.compile(r"\b(?:injur(?:y|ies)|trauma|traumatic|wounds?|impal\w*|fall|falls|fell|falling|fractures?|"
                          r"gunshot|stab\w*|lacerations?|foreign bod(?:y|ies)|accidents?|collisions?|assault\w*|"
                          r"bites?|blast|crush\w*)\b", re.IGNORECASE)


# A symptom's code for what the classification files nowhere else, whose title names no site: a
# bleeding at a named site is filed by its site (a cerebral lobe's is I61.1), never R58
_NOWHERE_ELSE = re.compile(r"^Hemorrhage, not elsewhere classified$")


# A title that leaves the site unsaid: "Hemangioma unspecified site", "..., unspecified site"
_UNSPECIFIED_SITE = re.compile(r"\bunspecified sites?\b", re.IGNORECASE)
# A symptom's code for its generalized kind: by its title (M62.81 *Muscle weakness (generalized)*, R60.1
# *Generalized edema*), or by ICD-10-CM's index, whose entry is "Weakness (generalized) R53.1"
_GENERALIZED_TITLE = re.compile(r"\(generalized\)|^generalized\b", re.IGNORECASE)
_GENERALIZED_BY_INDEX = frozenset({"R53.1"})
# Sites that are the whole body
_WHOLE_BODY = re.compile(r"^\s*body\s*$|\b(?:whole body|entire body|body as a whole|generali[sz]ed|systemic|"
                         r"all over)\b", re.IGNORECASE)


def without_unlocalized(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without a symptom's ICD-10-CM code whose Excludes notes send the localized kind elsewhere
    (R52 *Pain, unspecified*: "localized pain, unspecified type - code to pain by site"), that is for
    what the classification files nowhere else (R58 *Hemorrhage, not elsewhere classified*), whose
    title says the site is unspecified (D18.00 *Hemangioma unspecified site*), or that is the generalized
    kind of a symptom (R53.1 *Weakness*), for a condition the case places at a body site: the pain of an
    ankle is no R52, a haemangioma of the stomach no D18.00, a weakness of the legs no R53.1."""
    if cc is None or c.body_site is None:
        return cc
    from fhirconv.terminology.icd10cm_excludes import localized_note

    def why(code: str, display: str) -> tuple[str, str] | None:
        where = c.body_site.site.label
        if _UNSPECIFIED_SITE.search(display):  # D18.00 *Hemangioma unspecified site* for one of the stomach
            return (f": its title says the site is unspecified, and the case places {c.concept.label!r} at "
                    f"{where!r}", "give `codes` with the code for the site")
        if (code in _GENERALIZED_BY_INDEX or (code[:1] == "R" or code.startswith("M62."))
                and _GENERALIZED_TITLE.search(display)) and not _WHOLE_BODY.search(where):
            said = ("its title" if _GENERALIZED_TITLE.search(display)
                    else f'ICD-10-CM\'s index: "{display} (generalized)"')
            return (f": it is the generalized kind ({said}), and the case places {c.concept.label!r} at {where!r}",
                    "give `codes` with the code for the site")
        note = localized_note(code, display)
        if note is None and _NOWHERE_ELSE.match(display):  # R58: a bleeding at a site is filed by its site
            note = display
        return (f": ICD-10-CM files the localized kind elsewhere ({note!r}), and the case places "
                f"{c.concept.term!r} at {where!r}",
                "give `codes` with the code for the site (e.g. M25.57- for a pain in the ankle)") if note else None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


# A code's words for a disorder at one place ("localized" is said of morphea, which is no systemic
# sclerosis, at any number of places), and a site's words that name several places
_ONE_PLACE = re.compile(r"\b(?:unifocal|solitary|single|monostotic)\b", re.IGNORECASE)
_SEVERAL = re.compile(r",|\band\b|\bmultiple\b|\bbilateral\b|\bboth\b|\bseveral\b|\bdisseminated\b",
                      re.IGNORECASE)
# ... and a name's words that say many of it
_MANY = re.compile(r"\b(?:multiple|several|numerous|many|bilateral)\b", re.IGNORECASE)


def without_one_place(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose title says the disorder is one (C96.6 *Unifocal
    Langerhans-cell histiocytosis*, whose inclusion term *Langerhans-cell histiocytosis NOS* serves when
    the extent is unsaid; E04.1 *Nontoxic single thyroid nodule*) for a condition whose site names
    several ("lung, liver, bladder and bone") or whose words are many ("thyroid nodules")."""
    site = c.body_site.site.term if c.body_site is not None else None
    several = site if site and _SEVERAL.search(site) else None
    term = c.concept.term or ""
    # a plural: the name without its last "s" names a disorder too ("thyroid nodules", not "psoriasis")
    last = term.split()[-1].lower() if term.split() else ""
    many = _MANY.search(term) or (last.endswith("s") and not last.endswith(("ss", "is", "us")) and (
        normalize(last) == normalize(last[:-1]) or match("condition", term[:-1]).status != "none"))
    if cc is None or not (several or many):
        return cc
    said = f"places it at {several!r}" if several else f"says {c.concept.term!r}"
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": its title says one, and the case {said}",
        "give `codes` with the code of the disorder at several sites (multifocal, disseminated, multiple)")
        if _ONE_PLACE.search(display) else None)



# Words that say a condition is a metastasis: a diagnosis, which no symptom's or finding's code says
_METASTATIC = re.compile(r"\bmetasta(?:tic|sis|ses|sized|sised)\b", re.IGNORECASE)


def without_finding_for_metastasis(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code of chapter 18 (R00-R99, symptoms and abnormal findings not
    elsewhere classified) for a condition its words call metastatic: "metastatic pulmonary lesions" are
    secondary neoplasms of the lung, no R91.1 *Solitary pulmonary nodule* (an imaging finding without a
    diagnosis)."""
    if cc is None or not _METASTATIC.search(c.concept.term or ""):
        return cc
    spread = bool(_SPREAD.search(c.concept.term or ""))

    def why(code: str, display: str) -> tuple[str, str] | None:
        if code[:1] == "R":
            return (f": a symptom's or a finding's code (chapter 18), and the words say {c.concept.term!r}, a "
                    "metastasis", "give `codes` with the secondary neoplasm's code (C77-C79)")
        if not spread and code[:1] not in ("C", "D"):
            return (f": a code outside the neoplasms (C00-D49), and the words say {c.concept.term!r}, a "
                    "metastasis", "give `codes` with the secondary neoplasm's code (C77-C79)")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


# What "metastatic" says of other than a cancer: an infection's or a calcium's spread
_SPREAD = re.compile(r"\b(?:absces\w*|infect\w*|endophthalmitis|calcif\w*|pneumonia|septic|emboli\w*|"
                     r"meningitis|osteomyelitis|arthritis|ophthalmia)\b", re.IGNORECASE)


# Words of a site in the respiratory tract, where ICD-10-CM's "Respiratory ..." codes place a disorder
_RESPIRATORY = re.compile(r"\b(?:lungs?|pulmonary|pleura\w*|bronch\w*|trache\w*|laryn\w*|chest|thorax|thoracic|"
                          r"mediastin\w*|hilum|hilar|airways?|respiratory|nasopharyn\w*|nose|nasal|paranasal)\b",
                          re.IGNORECASE)


def without_site_kind(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code of another organ than the condition's site: one whose Excludes
    note sends the site's kind of the disorder elsewhere (I76 *Septic arterial embolism* excludes
    "septic pulmonary embolism (I26.01, I26.90)": septic emboli of both lungs are no I76) or names the
    site itself (I77.6 excludes "aortic arch (M31.4)"), or one
    whose title places it in the respiratory tract (A15.9 *Respiratory tuberculosis unspecified*, the
    index's default for a plain tuberculosis) for a site outside it (the peritoneum)."""
    site = c.body_site.site.term if c.body_site is not None else None
    if cc is None or not site:
        return cc
    from fhirconv.terminology.icd10cm_excludes import kind_note, site_note
    from fhirconv.terminology.matching import site_adjectives

    key = normalize(site)
    adjectives = sorted({a for a, noun in site_adjectives().items() if noun == key or noun in key.split()})

    def why(code: str, display: str) -> tuple[str, str] | None:
        # an adjective the title says itself names no other kind ("except renal pelvis" above C64.9)
        said = set(normalize(display).split())
        note = next((n for a in adjectives if a not in said and (n := kind_note(code, display, a))), None)
        note = note or site_note(code, site)
        if note:
            return (f": ICD-10-CM files the {site!r} kind of {c.concept.term!r} elsewhere ({note!r})",
                    "give `codes` with the code of the disorder at that site")
        if re.search(r"\brespiratory\b", display, re.IGNORECASE) and not _RESPIRATORY.search(site):
            return (f": its title places {c.concept.term!r} in the respiratory tract, and the case places it at "
                    f"{site!r}", "give `codes` with the code of the disorder at that site")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


# Words of a delivery and the puerperium, in what a condition began at or is due to
_OBSTETRIC_WORDS = re.compile(r"\b(?:deliver(?:y|ies|ed)|labou?r|childbirth|post-?partum|puerper\w*|caesarean|cesarean|"
                              r"c-section|placenta\w*|cord traction|third stage)\b", re.IGNORECASE)


def causes_of(ctx: MapContext, c: Condition) -> list[tuple[Any, str]]:
    """(item, words) of what the case says ``c`` is due to, followed back through their own causes."""
    out: list[tuple[Any, str]] = []
    seen: set[str] = set()
    todo = list(c.causes)
    while todo:
        key = todo.pop(0)
        if key in seen:
            continue
        seen.add(key)
        item = ctx.case.item(key)
        out.append((item, getattr(getattr(item, "concept", None), "term", None) or ""))
        todo.extend(getattr(item, "causes", ()))
    return out


def without_onset_kind(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose Excludes notes send the kind the condition's onset says
    elsewhere: a condition that began at a procedure (its onset is the procedure's own date) is no E03.9
    *Hypothyroidism, unspecified*, which excludes "postprocedural hypothyroidism (E89.0)"; one that
    began at an injury ("falling from the motorcycle") is no I77.2 *Rupture of artery*, which excludes
    "traumatic rupture of artery"."""
    anchor = c.onset.anchor if c.onset is not None else None
    if cc is None or (anchor is None and not c.causes) or (anchor is not None and c.onset.offset < 0):
        return cc
    from fhirconv.terminology.icd10cm_excludes import kind_note

    at = (c.onset.anchor_label or anchor) if anchor is not None else ""
    # at the procedure itself: one that began weeks after it may have another cause (a transplant's
    # renal artery stenosis, septic emboli)
    after_procedure = anchor is not None and ctx.case.section_of(anchor) == "procedures" and c.onset.offset == 0
    causes = [term for _, term in causes_of(ctx, c) if term]
    injured = next((w for w in (at, *causes) if w and INJURY_WORDS.search(w)), None)
    age = ctx.case.patient.age  # a child's "delivery" is its own birth
    mother = ctx.case.patient.sex != "male" and (age is None or (age.unit == "a" and age.value >= 10))
    obstetric = next((w for w in (at, *causes) if w and _OBSTETRIC_WORDS.search(w)), None) if mother else None
    kinds = (("postprocedural", "postoperative", "postsurgical") if after_procedure else ()) + \
        (("traumatic",) if injured else ()) + (("postpartum", "obstetric", "puerperal") if obstetric else ())

    def why(code: str, display: str) -> tuple[str, str] | None:
        found = next(((k, n) for k in kinds if (n := kind_note(code, display, k))), None)
        if found is None:
            return None
        kind, note = found
        said = (f"it began at {at}" if kind.startswith("post") and kind != "postpartum" else
                f"it began at or is due to {injured!r}" if kind == "traumatic" else
                f"it began at or is due to {obstetric!r}")
        return (f" for {c.concept.term!r}: ICD-10-CM files its {kind} kind elsewhere ({note!r}), and the case says "
                f"{said}", "give `codes` with the code of that kind")

    return without_icd(ctx, cc, (*c.path, "condition"), why) if kinds else cc


# Words of a poisoning's intent other than an accident, and the sixth character ICD-10-CM gives that
# intent in the categories T36-T50 and T51-T65: 3 an assault, 2 an intentional self-harm
_ASSAULT = re.compile(r"\b(?:homicid\w*|murder\w*|assault\w*)\b", re.IGNORECASE)
_SELF_HARM = re.compile(r"\b(?:suicid\w*|self[- ]harm\w*|self[- ]inflicted|self[- ]poisoning|intentional(?:ly)?|"
                        r"deliberate(?:ly)?)\b", re.IGNORECASE)
_ACCIDENTAL = re.compile(r"^(T[0-9]{2}\.[0-9A-Z]{2})1([A-Z])$")


_DENIED_BEFORE = re.compile(r"\b(?:no|not|non|denied|denies|deny|without|never|nor|ruled out)\b[\w\s-]{0,24}$",
                            re.IGNORECASE)


def _said_not_denied(words: re.Pattern[str], text: str) -> str | None:
    """The first of ``words`` in ``text`` that no negation just before denies ("denied suicidal
    ideation", "non-suicidal" are no suicide)."""
    return next((m[0] for m in words.finditer(text) if not _DENIED_BEFORE.search(text[:m.start()])), None)


def with_intent_said(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` with an accidental poisoning's ICD-10-CM code (T40.5X1A *Poisoning by cocaine, accidental
    (unintentional)*, which ICD-10-CM gives when the intent is unsaid, guideline I.C.19.e.5.b) made the
    code of the intent the condition's own words or note say ("administered as a homicide attempt":
    T40.5X3A *... assault*; "a suicide attempt": *... intentional self-harm*); left out when they say
    both or the classification has no such code."""
    from fhirconv.terminology.icd10cm import billable_description

    said = " ".join(x for x in (c.concept.term, c.note, c.when_text) if x)
    kinds = [(m, n) for rx, n in ((_ASSAULT, "3"), (_SELF_HARM, "2")) if (m := _said_not_denied(rx, said))]
    if cc is None or not kinds:
        return cc
    icd = s.SYSTEMS["icd10cm"]
    codings = []
    for coding in cc.get("coding", []):
        accidental = _ACCIDENTAL.match(coding["code"]) if coding.get("system") == icd else None
        if accidental is None:
            codings.append(coding)
            continue
        words = " and ".join(repr(w) for w, _ in kinds)
        other = f"{accidental[1]}{kinds[0][1]}{accidental[2]}" if len(kinds) == 1 else None
        title = billable_description(other) if other else None
        if title:
            codings.append(s.coding(icd, other, title))
            ctx.warn((*c.path, "condition"), f"ICD-10-CM {coding['code']} (accidental) is written as {other} "
                     f"{title!r}: the case says {words} of {c.concept.term!r}", severity="information",
                     hint="give `codes` on the condition to say otherwise")
        else:
            ctx.warn((*c.path, "condition"), f"ICD-10-CM {coding['code']} {coding.get('display')!r} is not "
                     f"written: its title says accidental, and the case says {words} of {c.concept.term!r}",
                     hint="give `codes` with the code of that intent")
    return with_codings(cc, codings)


# ICD-10-CM's codes of one sex's organs and of pregnancy (the sex edits coders apply): chapters and
# categories by their first characters, beside a title that says "female" or "male" itself
_FEMALE_ONLY = ("O", "C51", "C52", "C53", "C54", "C55", "C56", "C57", "C58", "D06", "D070", "D071", "D072",
                "D073", "D39", "D25", "D26", "D27", "D28", "N7", "N8", "N9", "Q50", "Q51", "Q52", "R87", "Z32", "Z33",
                "Z34", "Z35", "Z36", "Z37", "Z39")
_MALE_ONLY = ("C60", "C61", "C62", "C63", "D074", "D075", "D076", "D29", "D40", "N40", "N41", "N42", "N43", "N44",
              "N45", "N46", "N47", "N48", "N49", "N50", "N51", "N52", "N53", "Q53", "Q54", "Q55", "R86")
# N9x holds the urinary tract's N99 too (postprocedural), which is of either sex
_EITHER = ("N99",)


def _sex_of(code: str, display: str) -> str | None:
    """The sex an ICD-10-CM code is only for, or None: by its category, or by its title's words
    ("Unspecified urethral stricture, male, ..."; C50.911 "... female breast")."""
    plain = code.replace(".", "")
    if plain.startswith(_EITHER):
        return None
    if plain.startswith(_FEMALE_ONLY) or re.search(r"\bfemale\b", display, re.IGNORECASE):
        return "female"
    if plain.startswith(_MALE_ONLY) or re.search(r"(?<!fe)\bmale\b", display, re.IGNORECASE):
        return "male"
    return None


def without_other_sex(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code for the other sex than the patient's: the classification's
    default for words that do not say the sex (N35.919 *Unspecified urethral stricture, male* for a
    woman's urethral stricture, C58 *Malignant neoplasm of placenta* for a man's choriocarcinoma)."""
    sex = ctx.case.patient.sex
    if cc is None or sex not in ("male", "female"):
        return cc

    def why(code: str, display: str) -> tuple[str, str] | None:
        other = _sex_of(code, display)
        if other is None or other == sex:
            return None
        return (f": it is a code for a {other} patient, and the case's patient is {sex}",
                "give `codes` with the code for the patient's sex")

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def without_other_organ(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without a cancer's ICD-10-CM code whose title places it in another organ than the body
    site the case gives: the classification's default site for a morphology (C43.9 *Malignant melanoma
    of skin* for "melanoma", C58 *... of placenta* for "choriocarcinoma") is no code for that morphology
    at a site ICD-10-CM codes by site (a melanoma of the choroid is C69.3-, of the rectum C20: "sites
    other than skin - code to malignant neoplasm of the site")."""
    site = c.body_site.site.term if c.body_site is not None else None
    if cc is None or not site:
        return cc
    from fhirconv.mappers.neoplasms import block_of, internal_block, site_block

    icd = [x["code"] for x in cc.get("coding", []) if x.get("system") == s.SYSTEMS["icd10cm"]]
    if not any(block_of(code) for code in icd):
        return cc
    organ = site_block(site) or (internal_block(site) if any(block_of(x) == "C43-C44" for x in icd) else None)
    if organ is None:
        return cc

    def why(code: str, display: str) -> tuple[str, str] | None:
        if block_of(code) in (organ, None):
            return None
        return (f": its title places the cancer elsewhere than {site!r}, which ICD-10-CM codes by its site "
                f"({organ})", "give `codes` with the code of the cancer at that site")

    return without_icd(ctx, cc, (*c.path, "condition"), why)


# Words of a malformation: in a newborn of days, a fistula or an atresia is one it was born with
_STRUCTURAL = re.compile(r"\b(?:fistula\w*|atres\w*|stenos\w*|agenesis|aplasia|hypoplas\w*|dysplas\w*|"
                         r"malformation\w*|malrotation|duplication|diverticul\w*|ectopi\w*|exstroph\w*|"
                         r"defects?|absence|absent|cleft|cyst\w*)\b", re.IGNORECASE)
# A newborn's age that makes a malformation congenital: its first week
_FIRST_WEEK = {"d": 7, "wk": 1}
# Words of a disorder that arises before birth, in what a condition is due to
_BEFORE_BIRTH = re.compile(r"\b(?:congenital\w*|amniotic bands?|intra-?uterine|in utero|prenatal|antenatal|"
                           r"f(?:o)?etal|embryo\w*|teratogen\w*|chromosom\w*|trisomy|monosomy)\b", re.IGNORECASE)


def without_acquired_in_newborn(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code of a chapter that sends congenital malformations to chapter 17
    (N32.1 *Vesicointestinal fistula*, acquired) for a malformation's words ("recto-vesical fistula",
    "duodenal atresia") in a newborn in its first week whose case names no cause of it, or for a
    disorder the case says is due to one that arises before birth (H02.529 for a blepharophimosis due to
    an amniotic band syndrome): there it is one the child was born with (Q00-Q99)."""
    age = ctx.case.patient.age
    # a cause the case names that the child was born with ("blepharophimosis" due to an amniotic band
    # syndrome): the disorder is a malformation whatever the age
    born = next((term for _, term in causes_of(ctx, c) if term and _BEFORE_BIRTH.search(term)), None)
    newborn = (not c.causes and age is not None and age.value <= _FIRST_WEEK.get(age.unit, -1)
               and bool(_STRUCTURAL.search(c.concept.term or "")))
    if cc is None or not (born or newborn):
        return cc
    from fhirconv.terminology.icd10cm_excludes import congenital_excluded, congenital_note

    def why(code: str, display: str) -> tuple[str, str] | None:
        # a disorder due to a congenital one is not itself a malformation unless its own note says so
        # (a primary amenorrhea due to a congenital adrenal hyperplasia is N91.0)
        note = (congenital_excluded(code) if newborn else None) or (congenital_note(code) if born else None)
        if note is None:
            return None
        said = (f"the case says it is due to {born!r}, which arises before birth" if born else
                f"{c.concept.term!r} is said of a newborn of {age.words} with no cause named")
        return (f": ICD-10-CM sends congenital malformations elsewhere ({note!r}), and {said}",
                "give `codes` with the congenital code (ICD-10-CM chapter 17), or `due_to` the cause of an "
                "acquired one")

    return without_icd(ctx, cc, (*c.path, "condition"), why)


# Words that place a disorder in a person's development: the childhood a developmental code presumes
_DEVELOPMENT_SAID = re.compile(r"\b(?:develop\w*|child\w*|infan\w*|congenital\w*|since birth|from birth|"
                               r"life-?long|school\w*|scholastic)\b", re.IGNORECASE)


def without_developmental(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code of a developmental disorder (F80-F89: F81.9 *Developmental disorder of
    scholastic skills*, the index's "learning disorder"; F80.9 for a "language disorder") for an adult
    whose case does not place the disorder in development or childhood: an adult's learning or
    language disturbance after an encephalopathy or a stroke is acquired."""
    age = ctx.case.patient.age
    if cc is None or age is None or age.unit != "a" or age.value < 18:
        return cc
    said = " ".join(x for x in (c.concept.term, c.when_text, c.note) if x)
    if _DEVELOPMENT_SAID.search(said):
        return cc

    def why(code: str, display: str) -> tuple[str, str] | None:
        if not code.startswith("F8") or not re.search(r"\bdevelopment(?:al)?\b", display, re.IGNORECASE):
            return None
        return (f": it is a developmental disorder's code, and the case's patient is an adult ({age.words}) whose "
                f"{c.concept.term!r} the case does not place in childhood",
                "say so in `when_text` (\"since childhood\"), or give `codes`")

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def without_primary_for_metastatic(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without C80.1 *Malignant (primary) neoplasm, unspecified* for a cancer the words call
    metastatic ("metastatic malignancy": that code is the primary of unstated site, whose Excludes1
    note sends the secondary one to C79.9; a named primary's cancer keeps its own code, "metastatic
    prostate cancer" C61), or that the case places at a body site (a "malignancy" of the left breast:
    the code is for a cancer "without specification of site", which the guidelines keep for when no
    primary site can be determined)."""
    metastatic = re.search(r"\bmetasta\w*", c.concept.term or "", re.IGNORECASE) is not None
    site = c.body_site.site.term if c.body_site is not None else None
    if cc is None or not (metastatic or site):
        return cc
    said = ("the words say metastatic (C79.9 is the secondary's)" if metastatic else
            f"the case places it at {site!r}")
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": it is the primary cancer of unstated site, and {said}",
        "give `codes` with the code of the cancer at its site (C00-C79)") if code == "C80.1" else None)


# Words of a neuroendocrine tumour ICD-10-CM files apart (C7A-C7B), not a neuroendocrine carcinoma of
# a site (small cell, large cell), which its site's code takes
_NET_WORDS = re.compile(r"\b(?:neuroendocrine (?:tumou?rs?|neoplasms?)|carcinoids?|carcinoid tumou?rs?)\b",
                        re.IGNORECASE)
_NET_ABBREVIATION = re.compile(r"\bp?NETs?\b")


def without_secondary_for_neuroendocrine(ctx: MapContext, c: Condition,
                                         cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without a secondary neoplasm's code of C77-C79 for a metastasis the case says is due to a
    neuroendocrine tumour ("liver metastases" of a pancreatic NET): ICD-10-CM files the spread of
    neuroendocrine tumours in C7B *Secondary neuroendocrine tumors* (C7B.8), whatever the site."""
    if cc is None or not c.causes:
        return cc
    net = next((term for _, term in causes_of(ctx, c) if term and (
        _NET_WORDS.search(term) or _NET_ABBREVIATION.search(term))), None)
    if net is None:
        return cc
    return without_icd(ctx, cc, (*c.path, "condition"), lambda code, display: (
        f": a secondary neoplasm's code, and the case says it is due to {net!r}, a neuroendocrine tumour, "
        "whose spread ICD-10-CM files in C7B", "give `codes` with the code of C7B (C7B.8, or C7B.0- for a "
        "carcinoid)") if code[:3] in ("C77", "C78", "C79") else None)


# What a code's tabular inclusion says it is without, where its title does not say so (the tabular
# list, R11.0 *Nausea*: "Nausea NOS", "Nausea without vomiting"), with the other words cases use for it
_WITHOUT_BY_INCLUSION = {"R11.0": ("vomiting", "emesis", "vomit", "hyperemesis")}
_WITHOUT = re.compile(r"\bwithout (?P<what>[a-z][a-z -]*?)(?=,| without\b| and\b|$)", re.IGNORECASE)


# The codes whose tabular inclusion says the disorder involves no organ: M32.9 *Systemic lupus
# erythematosus, unspecified* ("Systemic lupus erythematosus without organ involvement") is the only
# one of the tabular list (a test reads them all)
NO_ORGAN_CODES = frozenset({"M32.9"})
_NUMBERED_TAIL = re.compile(r"\s+(?:class|type|stage|grade)\s+\w+$", re.IGNORECASE)


def without_organ_involvement(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code whose inclusion says the disorder involves no organ (M32.9) when
    the case codes another of its conditions in the same category (a lupus nephritis, M32.14 *Glomerular
    disease in systemic lupus erythematosus*): one disease is not written both without and with an organ."""
    if cc is None:
        return cc
    from fhirconv.terminology.matching import ICD10CM

    def why(code: str, display: str) -> tuple[str, str] | None:
        if code not in NO_ORGAN_CODES:
            return None
        for other in ctx.case.conditions:
            if other.id == c.id or other.verification_status == "refuted" or not other.concept.term:
                continue
            # its class or stage aside ("lupus nephritis class IV")
            found = (match("condition", other.concept.term).concept
                     or match("condition", _NUMBERED_TAIL.sub("", other.concept.term)).concept)
            hit = next((x.code for x in (found.codings if found else ())
                        if x.system == ICD10CM and x.code != code and x.code[:3] == code[:3]), None)
            if hit:
                return (f": its inclusion says it involves no organ, and the case gives {other.concept.term!r} "
                        f"({hit}) as well", "give `codes` with the code of the organ involved")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)


def without_what_the_case_has(ctx: MapContext, c: Condition, cc: dict[str, Any] | None) -> dict[str, Any] | None:
    """``cc`` without an ICD-10-CM code that says its disorder is without a condition the case gives
    the patient as well (R11.0 *Nausea*, "nausea without vomiting", beside a vomiting; K80.20 *Calculus
    of gallbladder without cholecystitis ...* beside a cholecystitis): coders write the code "with"
    it (R11.2). A condition the case refutes is no such condition."""
    if cc is None:
        return cc
    # another disorder, not another kind of this one ("migraine with visual aura" beside "migraine
    # without aura" is the same patient's other migraine)
    own = set(normalize(re.sub(r"\bwith(?:out)?\b.*$", "", c.concept.term or "")).split())
    named = {normalize(o.concept.term): o.concept.term for o in ctx.case.conditions
             if o.id != c.id and o.verification_status != "refuted" and o.concept.term}
    others = {key: term for key, term in named.items() if not own & set(key.split())}

    def why(code: str, display: str) -> tuple[str, str] | None:
        said = [m["what"].strip() for m in _WITHOUT.finditer(display)] + list(_WITHOUT_BY_INCLUSION.get(code, ()))
        for what in said:
            key = normalize(what)
            hit = next((term for other, term in others.items()
                        if key and (other == key or f" {key} " in f" {other} ")), None)
            if hit:
                return (f": it is {c.concept.term!r} without {what}, and the case gives {hit!r} as well",
                        "give `codes` with the code of both together")
        return None

    return without_icd(ctx, cc, (*c.path, "condition"), why)
