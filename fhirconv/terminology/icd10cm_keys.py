"""Which texts of ICD-10-CM become look-up keys, and how: one place for the rules, so the shipped
index and the index built in the cache follow the same ones (their digest names both).

Codes "in diseases classified elsewhere" (manifestations) are found only by their whole
description: their inclusion terms read right only with the underlying disease.

Two kinds of key, tried in order, each giving a code only when exactly one billable code has it:

- *exact*: the normalised description or inclusion term (``Shortness of breath`` -> R06.02);
- *plain*: the same without ICD-10-CM's nonessential modifiers in parentheses or brackets and
  without a closing "unspecified" / "NOS" / "not elsewhere classified" / "site not specified" /
  "unspecified eye", "ear" or "breast" (the side not said: ``Internuclear ophthalmoplegia, unspecified
  eye``) /
  "part unspecified" (``Malignant neoplasm of uterus, part unspecified``)
  (``Essential (primary) hypertension`` -> ``essential hypertension``; ``Pneumonia, unspecified
  organism`` -> ``pneumonia``; ``HELLP syndrome (HELLP), unspecified trimester`` -> ``hellp syndrome``):
  ICD-10-CM's own convention for the code of the plain term. So too, tried last of all, with the
  modifiers said and only the "unspecified" off (``Unspecified systolic (congestive) heart failure``
  -> ``systolic congestive heart failure``).

- *initial encounter*: for injuries, poisonings and other consequences of external causes, whose
  codes carry a seventh character for the encounter, the description without its closing
  ``, initial encounter`` (``for closed fracture``), then as *plain* (``Anaphylactic shock,
  unspecified, initial encounter`` -> ``anaphylactic shock``). ICD-10-CM's guidelines give that
  character to every encounter of active treatment (I.C.19.a), which is what a case report's
  condition is, and code a fracture not said to be open as closed (I.C.19.c.1); the subsequent and
  sequela codes are never taken for bare words. External causes (chapter 20) are no key this way:
  they are no condition. Tried after the two kinds above, so it never changes what they find.
- *either word*: each word of a title that joins two one-word conditions (``Restlessness and
  agitation`` -> ``agitation``, ``restlessness``; also an injury's title without its initial
  encounter: ``Heatstroke and sunstroke, initial encounter`` -> ``heatstroke``), as ICD-10-CM reads
  "and" in a title as "and/or" (guideline I.A.14); so too with words said of both before them
  (``Acute disseminated encephalitis and encephalomyelitis`` -> ``acute disseminated
  encephalomyelitis``; ``Polyp of stomach and duodenum`` -> ``polyp of stomach``), or with the site
  said of both after them (``Embolism and thrombosis of iliac artery`` -> ``thrombosis of iliac
  artery``, turned too: ``iliac artery thrombosis``), when the title's detail words are among them;
  not for external causes (chapter 20), which are no condition, nor factors of health status
  (chapter 21: ``Observation and evaluation of ...``).
- *turned*: a text of the form ``X of Y`` (or ``X of Y of Z``), exact or plain, said as English
  compounds it, ``Y X`` (``Z Y X``): ``parathyroid hyperplasia`` = *Hyperplasia of parathyroid*,
  ``liver abscess`` = *Abscess of liver*; words before X's head stay in front (``postpartum uterus
  inversion`` = *Postpartum inversion of uterus*, ``congenital heart malformation``); only when each
  part is a short phrase with no other joining word ("and", "with", "in", "due to"...), as the Global
  Patient Set's word-order keys (:mod:`fhirconv.terminology.gps_keys`).
  So too a title that says after its only comma a word an English name says first (a severity, a
  course, "spontaneous", "acquired", "congenital", "uncomplicated"...): ``spontaneous intracranial
  hypotension`` = *Intracranial hypotension, spontaneous*, ``mild alcohol use disorder`` = the
  inclusion term *Alcohol use disorder, mild*.
- *abbreviation*: the abbreviation a text gives of all its words in brackets at its end
  (``Fever of unknown origin [FUO]`` -> ``fuo``; ``Postural orthostatic tachycardia syndrome [POTS]``
  -> ``pots``), when its letters are the words' in order, the first a word's first (Schwartz and
  Hearst's test, Pac Symp Biocomput 2003): not ``Abnormal electrocardiogram [ECG]``, whose bracket
  abbreviates a part. A text whose key is barred (a detail the words lack) gives none, nor an
  abbreviation case reports use for a commoner disease (``APL``).
- *synonym*: the other name a title gives of its whole in square brackets, which ICD-10-CM's
  conventions reserve for "synonyms, alternative wording or explanatory phrases" (``Caisson disease
  [decompression sickness]`` -> ``decompression sickness``; ``Acute nasopharyngitis [common cold]``),
  when the bracket holds a name of two words or more, one of them a lower-case word of four letters
  or more, and no abbreviation or explanation of a part. A one-word bracket is most often an eponym
  or a part (``[Devic]``, ``[fibrinogen]``), a bracket of names only an eponym that names several
  diseases (``[de Quervain]``), and these explain a part of the title, not the whole (every bracket
  of the 2025 tables was read): ``[any part, except face]``, ``[site of neoplasm]``, a type
  (``[Schultze's type]``), drug agents, an organism (``[Battey bacillus]``), an enzyme or a factor's
  property (``[triacylglycerol lipase]``, ``[fibrin stabilizing]``); an abbreviation (``[E. coli]``,
  ``[CIN II]``) is the *abbreviation* key's. Tried last.

A category's inclusion terms are keys of its *unspecified* child too, the billable code ICD-10-CM
gives the category's words when nothing more is said: ``Heart failure with reduced ejection fraction
[HFrEF]``, an inclusion term of the category I50.2 *Systolic (congestive) heart failure*, is I50.20
*Unspecified systolic (congestive) heart failure*; ``Malta fever`` under A23 *Brucellosis* is A23.9
*Brucellosis, unspecified*. That child is the one whose plain title is the category's (a category
with no such child, or whose child has children of its own, gives its terms to none).

An inclusion term is a key only when its code's description adds no detail the term lacks: a
negated or absent complication (``without ...``, ``uncomplicated``), a side, an acuity, a trimester
or an encounter. ICD-10-CM files ``Inguinal hernia NOS`` under *Unilateral inguinal hernia, without
obstruction or gangrene* and ``Hepatitis B (acute) (viral) NOS`` under *Acute hepatitis B ...*, which
is right for a coder but, written as a coding for "inguinal hernia" or "hepatitis B", states a side,
an absence of complication or an acuity the words never did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology.normalize import normalize, words

EXACT, PLAIN, ENCOUNTER, EITHER, TURNED, ABBREVIATION, SYNONYM, SAID, INDEX = 0, 1, 2, 3, 4, 5, 6, 7, 8
LEVELS = {EXACT: "exact", PLAIN: "plain", ENCOUNTER: "initial encounter", EITHER: "either word of its title",
          TURNED: "turned word order", ABBREVIATION: "its abbreviation", SYNONYM: "its other name in brackets",
          SAID: "plain, its modifiers said", INDEX: "alphabetic index"}
# The index's terms (tools/terminology/icd10cm_index_terms.py): tried after every key of the tabular list
INDEX_TERMS = Path(__file__).resolve().parent / "data" / "icd10cm-alphabetic-index.tsv.gz"
DRUG_TABLE = Path(__file__).resolve().parent / "data" / "icd10cm-drug-table.tsv.gz"
# The parts of a turned key: "X of Y" or "X of Y of Z", each of one to four words with none of
# the words that join or qualify parts ("and", "with", "in", "due to", "other", "unspecified"...).
_PART = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,3}$", re.I)
_NOT_IN_PART = frozenset({"and", "or", "with", "without", "in", "due", "to", "by", "from", "on", "other",
                          "unspecified", "specified", "not", "as", "for", "the", "a", "an", "at", "than", "nos"})
# A title that joins two conditions of one word each ("Restlessness and agitation"): ICD-10-CM reads
# "and" in a title as "and/or" (guideline I.A.14), so each word alone is that code. "Pins and needles"
# is one idiom, not two conditions.
_EITHER = re.compile(r"^([A-Za-z-]+) and ([A-Za-z-]+)(?:, unspecified)?$")
_IDIOMS = frozenset({"pins and needles"})
# The same with words before both ("Acute disseminated encephalitis and encephalomyelitis", "Intracranial
# abscess and granuloma"): each one-word condition with those words, when none of them joins or
# qualifies parts ("of", "with", "other"...).
_EITHER_AFTER = re.compile(r"^((?:[A-Za-z-]+ ){1,3})([A-Za-z-]+) and ([A-Za-z-]+)(?:, unspecified)?$")
# The same with the site after both ("Embolism and thrombosis of iliac artery", "Occlusion and stenosis
# of left carotid artery"): each one-word condition of that site.
_EITHER_OF = re.compile(r"^([A-Za-z-]+) and ([A-Za-z-]+)( of .+)$")
_INITIAL = re.compile(r",\s+initial encounter(?: for closed fracture)?$", re.I)
# Manifestation codes: their inclusion terms hold only "in a disease classified elsewhere" (N16 lists
# "Pyelonephritis", which alone is N12), so only their full description is a key.
_MANIFESTATION = re.compile(r"\b(?:in|due to) (?:diseases|conditions|other diseases) classified elsewhere\b", re.I)
# A closing "(congenital)" is kept: *Asplenia (congenital)* is no key for an asplenia after a
# splenectomy (Z90.81); inside a name it stays nonessential ("Pernicious (congenital) anemia")
_MODIFIERS = re.compile(r"\s*(?!\(congenital\)$)[(\[][^)\]]*[)\]]")
_UNSPECIFIED = (
    # the part not said: "Malignant neoplasm of uterus, part unspecified" is the plain term's code
    # (so too "Radiculopathy, site unspecified")
    re.compile(r",\s+(?:part|site) unspecified$", re.I),
    re.compile(r",?\s+(?:unspecified|not otherwise specified)(?:\s+(?:organism|site|type|cause|trimester))?$", re.I),
    re.compile(r",?\s+(?:site not specified|not elsewhere classified|NOS)$"),
    # the side not said: "Internuclear ophthalmoplegia, unspecified eye" is the plain term's code (so
    # too a breast's: "Granulomatous mastitis, unspecified breast"; not a limb's, whose part is the site)
    re.compile(r",\s+unspecified (?:eye|ear|breast)$", re.I),
    re.compile(r"^unspecified\s+", re.I),
)


# Words of a description that state a detail (see above); "not specified as acute or chronic" and
# nonessential modifiers ("Laceration of descending [left] colon") state none.
_DETAIL = frozenset({"without", "uncomplicated", "unilateral", "bilateral", "left", "right", "acute", "chronic",
                     "trimester", "initial", "subsequent", "sequela"})
_NOT_SPECIFIED = re.compile(r"\bnot specified as [^,]*|\bunspecified trimester\b", re.I)

# Inclusion terms that are today the name of another disease: ICD-10-CM keeps them as old names of
# its code, but a clinician writing them means the other disease, so they are no key. "Erythema
# migrans" under A26.0 *Cutaneous erysipeloid* is Rosenbach's old name for erysipeloid; in case
# reports it is the rash of Lyme disease (A69.2-), which erysipeloid is not.
# So with "Paranoia" under F22 *Delusional disorders* (a case report's paranoia is a symptom, of a
# toxic or organic cause as often as not, not the persistent delusional disorder) and "Persistent
# vomiting" under R11.15 *Cyclical vomiting syndrome unrelated to migraine* (a case report's
# persistent vomiting is a course of vomiting; SNOMED CT's *Persistent vomiting* codes it).
# "Facial palsy" under G51.0 *Bell's palsy* is any facial palsy's old name there; a case report's
# facial palsy is as often central (a stroke, a tumour), which Bell's palsy is not.
# "de Quervain syndrome" under E34.51 *Complete androgen insensitivity syndrome* is an old eponym
# there; a case report's de Quervain syndrome is the radial styloid tenosynovitis (M65.4).
_HOMONYMS = frozenset({("A26.0", "Erythema migrans"), ("F22", "Paranoia"), ("R11.15", "Persistent vomiting"),
                       ("G51.0", "Facial palsy"), ("E34.51", "de Quervain syndrome"),
                       # the index's "Fever, recurrent (see Fever, relapsing)" is febris recurrens, the
                       # spirochaetal disease (A68.9); a case report's recurrent fever comes back
                       ("A68.9", "Fever recurrent"), ("A68.9", "recurrent Fever"), ("A68", "recurrent fever"),
                       # "Headache, thunderclap G44.53" is *Primary thunderclap headache*; a thunderclap
                       # headache is as often a subarachnoid haemorrhage's, and the words do not say primary
                       ("G44.53", "Headache thunderclap"), ("G44.53", "Thunderclap headache")})
# Inclusion terms that name a disorder found anywhere, filed under one site's residual category: in
# the tabular list "Dermoid cyst" is K09.8 *Other cysts of oral region* and "Exostosis" M27.8 *Other
# specified diseases of jaws*, but a dermoid cyst of the ovary or an exostosis of the femur is neither,
# so the bare words are no key (the site-bound codes keep their own descriptions as keys).
_SITE_BOUND = frozenset({("K09.8", "Dermoid cyst"), ("K09.8", "Epidermoid cyst"), ("M27.8", "Exostosis"),
                         ("M27.8", "Fibrous dysplasia"),
                         # G93.2 *Benign intracranial hypertension* (pseudotumour cerebri); an
                         # inflammatory pseudotumour of the liver or the orbit is none
                         ("G93.2", "Pseudotumor"),
                         # the index's "Microangiopathy (peripheral) I73.9" *Peripheral vascular disease*:
                         # a microangiopathy of the brain or the kidney is none
                         ("I73.9", "Microangiopathy")})
# Inclusion terms that name a disorder of any cause, filed under a code of one disease: the tabular
# list's "Meningoencephalitis" and "Cranial neuritis" are A69.22 *Other neurologic disorders in Lyme
# disease*, its "Gumma (syphilitic)", "Syphiloma" and "Syphilis (late)" (of the central nervous
# system, a column simple_icd_10_cm does not keep) A52.3 *Neurosyphilis, unspecified*, its
# "Trypanosomiasis NOS" B57.2 *Chagas' disease (chronic) with heart involvement*; the bare words say
# neither the disease, the site nor the heart, so they are no key.
_DISEASE_BOUND = frozenset({("A69.22", "Cranial neuritis"), ("A69.22", "Meningoencephalitis"),
                            ("A69.22", "Polyneuropathy"), ("A52.3", "Gumma (syphilitic)"),
                            ("A52.3", "Syphilis (late)"), ("A52.3", "Syphiloma"),
                            ("B57.2", "Trypanosomiasis NOS"),
                            # ICD-10-CM files arthritis of unstated kind under osteoarthritis: the
                            # words do not say osteoarthritis (SNOMED CT Arthritis codes them)
                            ("M19.90", "Arthritis NOS"),
                            # a receptor status, coded after the cancer it belongs to (Z17: "Code first
                            # malignant neoplasm ... (C50.-)"): the cancer's name is not the status
                            ("Z17.421", "TNBC"), ("Z17.421", "Triple negative breast cancer"),
                            # a pregnancy incidental to the encounter (Z33.1: "Pregnant state,
                            # incidental"); a case report's pregnancy is seldom incidental, and the
                            # word does not say so (SNOMED CT *Pregnancy* 77386006 codes it)
                            ("Z33.1", "Pregnancy NOS"), ("Z33.1", "Pregnant state NOS"),
                            # an acute tubulo-interstitial nephritis of infection (N10's title is
                            # *Acute pyelonephritis*); a case report's is most often drug-induced,
                            # which ICD-10-CM files under N14.1-, and the words do not say which
                            # (SNOMED CT *Tubulointerstitial nephritis* codes them)
                            ("N10", "Acute tubulo-interstitial nephritis"),
                            # a purpura of unstated kind filed as *Other nonthrombocytopenic purpura*, and
                            # a raised ammonia as *Disorder of urea cycle metabolism*: the titles state
                            # what the words do not (a purpura with a low platelet count; a hyperammonaemia
                            # of liver failure or valproate)
                            ("D69.2", "Purpura NOS"), ("E72.20", "Hyperammonemia"),
                            # a gastroenteritis, colitis or enteritis of unstated cause filed as
                            # *Noninfective ...* (ICD-10-CM presumes it so; a case report's is as often
                            # infective, A09), and a lymphadenopathy of unstated extent as *Generalized
                            # enlarged lymph nodes* (a regional one is R59.0): the titles state what the
                            # words do not (SNOMED CT's rows code the words)
                            ("K52.9", "Gastroenteritis NOS"), ("K52.9", "Colitis NOS"), ("K52.9", "Enteritis NOS"),
                            ("K52.9", "Enterocolitis"),  # the index's main term, of the same default
                            ("R59.1", "Lymphadenopathy NOS"),
                            # an enteric fever is typhoid or paratyphoid fever; the index's default
                            # "Fever, enteric A01.00" is *Typhoid fever, unspecified*
                            ("A01.00", "Enteric fever"), ("A01.00", "Fever enteric")})


_EXCLUDED = _HOMONYMS | _SITE_BOUND | _DISEASE_BOUND

# Descriptions whose bracketed word is no nonessential modifier today: *Charcôt's arthropathy
# (tabetic)* (A52.16) is the syphilitic one, while a case report's Charcot arthropathy is as often
# diabetic (E08-E13 with .610) or of another neuropathy (G98.0), as the Index says ("Arthropathy,
# neuropathic (Charcot)"): only the whole description is a key.
_WHOLE_ONLY = frozenset({"A52.16"})

# Inclusion terms simple_icd_10_cm keeps run together, as the tabular list prints them on two lines.
_SPLIT = {("A15.6", "Tuberculosis of pleura Tuberculous empyema"): ("Tuberculosis of pleura", "Tuberculous empyema"),
          # each type of second degree block by its own words (the only titles of "type I and II")
          **{("I44.1", f"{block}, type I and II"): (f"{block}, type I", f"{block}, type II")
             for block in ("Atrioventricular block", "Möbitz block", "Second degree block")}}


def details(description: str) -> frozenset[str]:
    """The detail words of a code's description (``Acute hepatitis B without ...`` -> acute, without);
    a bracketed "without" is one too: *Chills (without fever)* is not the chills of a fever (R50.9,
    its Excludes1)."""
    said = _MODIFIERS.sub(lambda m: m.group(0) if "without" in m.group(0).lower() else "", description)
    return frozenset(normalize(_NOT_SPECIFIED.sub("", said)).split()) & _DETAIL


_ABBREVIATED = re.compile(r"^(?P<long>[^()\[\]]+?)\s*[(\[](?P<short>[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)[)\]]"
                          r"(?P<rest>(?:,? (?:unspecified|NOS))?)$")


def _abbreviates(short: str, long: str) -> bool:
    """Schwartz and Hearst's test: the letters and digits of ``short``, from its end, are found in
    ``long`` from its end in order, the first at the start of ``long``'s first word, which is where
    it must be found (all the words are abbreviated, not a part)."""
    chars = [c.lower() for c in short if c.isalnum()]
    text = long.lower()
    i = len(text) - 1
    for n, ch in enumerate(reversed(chars)):
        first = n == len(chars) - 1
        while i >= 0 and (text[i] != ch or (first and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return not any(c.isalnum() for c in text[:i + 1])


# Abbreviations ICD-10-CM gives that case reports use for a commoner disease (APL: acute promyelocytic
# leukaemia; CGL: chronic granulocytic leukaemia; MSD: musculoskeletal disorder; TAD: thoracic aortic
# disease; ISD: ischaemic stroke or sudden death; AGL, EIN: several), or that read as a plural
# (TRAPS) or a word (PAPA): no key.
_CLASHES = frozenset({"APL", "CGL", "MSD", "TAD", "ISD", "AGL", "EIN", "TRAPS", "PAPA"})


def abbreviation_key(text: str) -> str | None:
    """The *abbreviation* key of ``text`` (see the module docstring), or None."""
    found = _ABBREVIATED.match(text.strip())
    if found is None or found.group("short") in _CLASHES \
            or not _abbreviates(found.group("short"), found.group("long")):
        return None
    return normalize(found.group("short")) or None


# A whole title and its other name in square brackets, before a closing "unspecified"
_SYNONYM = re.compile(r"^(?P<name>[^()\[\],]+?)\s*\[(?P<other>[^\]]+)\](?:,? (?:unspecified|NOS))?$")
# Words that make a bracket explain a part rather than name the whole
_EXPLAINS = frozenset({"any", "except", "site", "from", "part", "margin", "surface", "type", "agents",
                       "bacillus", "lipase", "stabilizing"})


def synonym_key(text: str) -> str | None:
    """The *synonym* key of ``text`` (see the module docstring), or None."""
    found = _SYNONYM.match(text.strip())
    if found is None:
        return None
    other = found.group("other").replace(",", " ").split()
    if len(other) < 2 or {w.lower() for w in other} & _EXPLAINS \
            or any("." in w or (len(w) > 1 and w.isupper()) for w in other) \
            or not any(len(w) >= 4 and w.islower() for w in other):
        return None
    return normalize(" ".join(other)) or None


def either_after_keys(text: str) -> list[str]:
    """The keys of a title that joins two one-word conditions after words said of both
    (``Intracranial abscess and granuloma`` -> ``intracranial abscess``, ``intracranial granuloma``;
    see *either word* in the module docstring), or none."""
    found = _EITHER_AFTER.match(text.strip())
    if found is None or {w.lower() for w in found.group(1).split()} & _NOT_IN_PART:
        return []
    return [k for k in (normalize(found.group(1) + w) for w in found.group(2, 3)) if k]


def either_of_texts(text: str) -> list[str]:
    """Each one-word condition of a title that joins two before the site both are of (``Embolism and
    thrombosis of iliac artery`` -> ``Embolism of iliac artery``, ``Thrombosis of iliac artery``; see
    *either word* in the module docstring), as texts whose plain and turned keys are made; or none."""
    found = _EITHER_OF.match(text.strip())
    if found is None or {found.group(1).lower(), found.group(2).lower()} & _NOT_IN_PART:
        return []
    return [f"{w[:1].upper()}{w[1:]}{found.group(3)}" for w in found.group(1, 2)]


# The words a title puts after a comma that an English name says first ("Intracranial hypotension,
# spontaneous" is a spontaneous intracranial hypotension, "Alcohol use disorder, mild" a mild one)
_SAID_FIRST = frozenset({"mild", "moderate", "severe", "spontaneous", "acute", "chronic", "recurrent", "acquired",
                         "intractable", "uncomplicated", "latent", "idiopathic", "unstageable", "persistent",
                         "permanent", "transient", "early", "late", "primary", "secondary", "congenital"})


def comma_keys(text: str) -> list[str]:
    """The *turned* key of a title that says one such word after its only comma, said first
    (``Intracranial hypotension, spontaneous`` -> ``spontaneous intracranial hypotension``), or none."""
    head, comma, tail = text.strip().partition(", ")
    if not comma or ", " in tail or tail.lower() not in _SAID_FIRST or "(" in head or "[" in head:
        return []
    return [k for k in (normalize(f"{tail} {head}"),) if k]


def turned_keys(text: str) -> list[str]:
    """The *turned* keys of ``text`` (see the module docstring): the parts reversed, and, when the
    first part has words before its head, those kept in front (``Postpartum inversion of uterus`` ->
    ``uterus postpartum inversion``, ``postpartum uterus inversion``)."""
    parts = text.strip().split(" of ")
    if len(parts) not in (2, 3) or not all(_PART.match(p) for p in parts) \
            or any(w.lower() in _NOT_IN_PART for p in parts for w in p.split()):
        return []
    out = [normalize(" ".join(reversed(parts)))]
    first = parts[0].split()
    out += [normalize(" ".join((*first[:k], *reversed(parts[1:]), *first[k:]))) for k in range(1, len(first))]
    return [k for k in out if k]


def unspecified_off(text: str) -> str:
    """``text`` without a closing (or leading) 'unspecified', its nonessential modifiers kept: the
    words a person writes who says the modifier (``Unspecified systolic (congestive) heart failure``
    -> ``systolic (congestive) heart failure``, read "systolic congestive heart failure")."""
    out, before = text.strip(), None
    while out != before:
        before = out
        for pattern in _UNSPECIFIED:
            out = pattern.sub("", out).strip()
    return out


def plain(text: str) -> str:
    """``text`` without nonessential modifiers and a closing 'unspecified': the plain term. Repeated
    until nothing changes: ``Hodgkin lymphoma, unspecified, unspecified site`` is ``Hodgkin lymphoma``."""
    return unspecified_off(_MODIFIERS.sub("", text))


@cache
def rules_digest() -> str:
    """A digest of the code that makes keys (this module and normalize.py): an index built under
    other rules is never read."""
    from fhirconv.terminology.sectioned import digest_of

    return digest_of("normalize.py", "icd10cm_keys.py", "data/icd10cm-alphabetic-index.tsv.gz",
                     "data/icd10cm-drug-table.tsv.gz")


@dataclass
class Rows:
    """Everything an index holds, as rows: codes (sorted, position = row), texts (id = row), keys, words."""

    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, description)
    texts: list[tuple[int, str, int]] = field(default_factory=list)  # (code position, text, meaningful words)
    keys: set[tuple[str, int, int]] = field(default_factory=set)  # (key, EXACT | PLAIN, code position)
    words: set[tuple[str, int]] = field(default_factory=set)  # (word, text id)


def _unspecified_child(cm: Any, category: str) -> str | None:
    """The billable child of ``category`` whose plain title is the category's (``I50.20``
    *Unspecified systolic (congestive) heart failure* of I50.2), or None."""
    title = normalize(plain(cm.get_description(category)))
    found = [c for c in cm.get_children(category) if normalize(plain(cm.get_description(c))) == title]
    return found[0] if len(found) == 1 and cm.is_leaf(found[0]) else None


def _initial_child(cm: Any, category: str) -> str | None:
    """The initial-encounter child of ``category`` (``T56.0X1A`` of T56.0X1), when its children are
    the seventh characters of an encounter, or None."""
    found = [c for c in cm.get_children(category) if _INITIAL.search(cm.get_description(c))]
    return found[0] if len(found) == 1 and cm.is_leaf(found[0]) else None


def _inherited(cm: Any, codes: list[str]) -> dict[str, list[tuple[str, bool]]]:
    """code -> the inclusion terms it takes from its category, each with whether it is taken for
    the initial encounter (see the module docstring)."""
    leaves = set(codes)
    out: dict[str, list[tuple[str, bool]]] = {}
    for category in cm.get_all_codes(True):
        if category in leaves or cm.is_chapter_or_block(category):
            continue
        terms = [t for t in (*cm.get_inclusion_term(category), *cm.get_includes(category))
                 if (category, t) not in _EXCLUDED]
        if not terms:
            continue
        child, initial = _unspecified_child(cm, category), False
        if child is None and category[:1] not in "VWXY":
            child, initial = _initial_child(cm, category), True
        if child in leaves:
            out.setdefault(child, []).extend((t, initial) for t in terms)
    return out


# "Poisoning by X NOS" and "Toxic effect(s) of X NOS", the inclusion terms ICD-10-CM files under a
# substance's accidental code (its guideline I.C.19.e.5.b: a poisoning of unstated intent is coded
# accidental), said as clinicians say it: "X poisoning" (``lead poisoning`` = *Toxic effects of lead
# and its compounds NOS*). Only a substance of a few words without a comma, "other" or "unspecified".
_POISONING = re.compile(r"^(?:Poisoning by|Toxic effects? of) ([a-z][a-z0-9 '-]*?)(?: and its compounds)?$", re.I)


def poisoning_key(text: str) -> str | None:
    """The ``X poisoning`` key of an inherited "Poisoning by X NOS" (see above), or None."""
    found = _POISONING.match(plain(text))
    substance = found.group(1) if found else ""
    said = substance.lower().split()
    if not said or len(said) > 4 or {"other", "unspecified", "and", "or"} & set(said):
        return None
    return normalize(f"{substance} poisoning") or None


def toxicity_key(text: str) -> str | None:
    """The ``X toxicity`` key of an inherited "Toxic effect(s) of X NOS": a substance that is no drug
    (arsenic, lead, carbon monoxide), whose toxicity is its toxic effect. Not for drugs: a drug's
    "toxicity" may be a poisoning or an adverse effect of a correct dose, which ICD-10-CM codes apart."""
    if not plain(text).lower().startswith("toxic effect"):
        return None
    key = poisoning_key(text)
    return normalize(key[: -len("poisoning")] + "toxicity") or None if key and key.endswith("poisoning") else None


def _in_context(code: str) -> bool:
    """Chapters whose codes carry a context their words need not say: pregnancy, childbirth and the
    puerperium (O), the perinatal period (P)."""
    return code[:1] in ("O", "P")


def rows(cm: Any = None) -> Rows:
    """The rows of every billable code of ``simple_icd_10_cm`` (imported here: about two seconds).

    A text of a pregnancy or perinatal code is no key when a text of a code outside those chapters
    holds all its words: ``Galactorrhea`` (O92.6, in the pregnancy chapter) beside ``Galactorrhea not
    associated with childbirth`` (N64.3) says nothing of a pregnancy, so the words alone are not taken
    for the puerperal code. Words found only there (``pre-eclampsia``, ``neonatal jaundice``) keep it."""
    if cm is None:
        import simple_icd_10_cm as cm
    out = Rows()
    codes = sorted({c for c in cm.get_all_codes(True) if not cm.is_chapter_or_block(c) and cm.is_leaf(c)})
    inherited = _inherited(cm, codes)
    initial_terms = {(code, text) for code, terms in inherited.items() for text, initial in terms if initial}
    texts: list[tuple[int, str, str, bool, frozenset[str]]] = []  # (position, text, key, manifestation, detail)
    elsewhere: dict[str, set[int]] = {}  # word -> ids of texts of codes outside chapters O and P
    for pos, code in enumerate(codes):
        description = cm.get_description(code)
        out.codes.append((code, description))
        manifestation = bool(_MANIFESTATION.search(description))
        extra = [] if manifestation else [*cm.get_inclusion_term(code), *cm.get_includes(code)]
        extra = [part for text in extra if (code, text) not in _EXCLUDED
                 for part in _SPLIT.get((code, text), (text,))]
        extra += [] if manifestation else [text for text, _ in inherited.get(code, [])]
        detail = details(description)
        for text in dict.fromkeys([description, *extra]):
            key = normalize(text)
            if key:
                if not _in_context(code):
                    for w in set(key.split()):
                        elsewhere.setdefault(w, set()).add(len(texts))
                texts.append((pos, text, key, manifestation, detail))

    def said_elsewhere(key: str) -> bool:
        found: set[int] | None = None
        for w in set(key.split()):
            ids = elsewhere.get(w, set())
            found = set(ids) if found is None else found & ids
            if not found:
                return False
        return bool(found)

    for pos, text, key, manifestation, detail in texts:
        tid = len(out.texts)
        if (out.codes[pos][0], text) in initial_terms:  # an inclusion term taken for the initial encounter
            out.texts.append((pos, text, len(set(words(key)))))
            out.words.update((w, tid) for w in set(words(key)))
            for ekey in {normalize(plain(text)), poisoning_key(text), toxicity_key(text)} - {None, ""}:
                if detail - {"initial"} <= set(ekey.split()):
                    out.keys.add((ekey, ENCOUNTER, pos))
            continue
        meaningful = set(words(key))
        out.texts.append((pos, text, len(meaningful)))
        out.words.update((w, tid) for w in meaningful)
        context = _in_context(out.codes[pos][0])
        if detail <= set(key.split()) and not (context and said_elsewhere(key)):
            out.keys.add((key, EXACT, pos))
        pkey = normalize(plain(text)) if out.codes[pos][0] not in _WHOLE_ONLY else ""
        # A plain key equal to the exact one is never needed: the exact key finds it first.
        if pkey and pkey != key and not manifestation and detail <= set(pkey.split()) \
                and not (context and said_elsewhere(pkey)):
            out.keys.add((pkey, PLAIN, pos))
        # the same with the nonessential modifiers said: "systolic congestive heart failure"
        kkey = normalize(unspecified_off(text))
        if kkey and kkey not in (key, pkey) and not manifestation and detail <= set(kkey.split()) \
                and not (context and said_elsewhere(kkey)):
            out.keys.add((kkey, SAID, pos))
        ekey = _encounter_key(out.codes[pos][0], text)
        if ekey and detail - {"initial"} <= set(ekey.split()):
            out.keys.add((ekey, ENCOUNTER, pos))
        either = _EITHER.match(text)
        if either is None and ekey:  # "Heatstroke and sunstroke, initial encounter"
            either, detail = _EITHER.match(plain(_INITIAL.sub("", text))), detail - {"initial"}
        if either and not detail and text.lower() not in _IDIOMS:
            out.keys.update((normalize(word), EITHER, pos) for word in either.groups())
        for ekey2 in either_after_keys(text) if out.codes[pos][0][:1] not in "VWXY" else ():  # no external cause
            if detail <= set(ekey2.split()) and not (context and said_elsewhere(ekey2)):
                out.keys.add((ekey2, EITHER, pos))
        if out.codes[pos][0][:1] not in "VWXYZ" and not manifestation:  # "thrombosis of iliac artery"
            base, wanted = (_INITIAL.sub("", text), detail - {"initial"}) if ekey else (text, detail)
            for one in either_of_texts(base):
                okey = normalize(plain(one))
                if okey and wanted <= set(okey.split()) and not (context and said_elsewhere(okey)):
                    out.keys.add((okey, EITHER, pos))
                    out.keys.update((tkey, TURNED, pos) for tkey in turned_keys(plain(one)))
        for source, gate in ((text, key), (plain(text), pkey)):
            if gate and detail <= set(gate.split()) and not manifestation and not (context and said_elsewhere(gate)):
                out.keys.update((tkey, TURNED, pos) for tkey in (*turned_keys(source), *comma_keys(source)))
        akey = abbreviation_key(text) if not manifestation else None
        if akey and detail <= set(pkey.split()) and not (context and said_elsewhere(pkey)):
            out.keys.add((akey, ABBREVIATION, pos))
        skey = synonym_key(_INITIAL.sub("", text) if ekey else text) if not manifestation else None
        if skey and (detail - {"initial"} if ekey else detail) <= set(skey.split()) \
                and not (context and said_elsewhere(skey)):
            out.keys.add((skey, SYNONYM, pos))
    _index_keys(out, said_elsewhere)
    return out


# A congenital anomaly's title, and words that say one (or name one only birth gives)
_BORN = re.compile(r"\b(?:congenital|malformations?|anomal(?:y|ies))\b", re.I)
_NEOPLASM = re.compile(r"^(?:C|D[0-4])")
# Words of a title, even in brackets, that an index default may claim but the words must say
_CLAIMED = re.compile(r"\b(?:acute|chronic|spontaneous|abuse|dependence)\b")
_BORN_SAID = re.compile(r"\b(?:congenital|newborn|neonatal|birth|fetal|infant|infantile|atresia|agenesis)\b")


def _gz_table(path: Path) -> list[list[str]]:
    """The rows of a shipped gzipped table (tools/terminology/gz_table.py): its source line and its
    column names left out."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")][1:]


def index_terms() -> list[tuple[str, str]]:
    """(term, code) of each row of the alphabetic index's terms."""
    return [(r[0], r[1]) for r in _gz_table(INDEX_TERMS)]


def _index_keys(out: Rows, said_elsewhere: Callable[[str], bool]) -> None:
    """The *index* keys: the alphabetic index's words for a billable code (``Trismus`` R25.2,
    ``median arcuate ligament syndrome`` I77.4), under the rules of the tabular list's keys: the words
    say every detail of the code's title, no external cause, and no pregnancy or perinatal code for
    words a code outside those chapters also holds; words the index gives two codes are no key."""
    position = {code: pos for pos, (code, _) in enumerate(out.codes)}
    excluded = {(code, normalize(text)) for code, text in _EXCLUDED}
    found: dict[str, set[int]] = {}
    for term, code in index_terms():
        pos = position.get(code)
        key = normalize(term)
        if pos is None or not key or code[:1] in "VWXY" or (code, key) in excluded or _NEOPLASM.match(code):
            continue  # a neoplasm's code comes from its site and behaviour (mappers/neoplasms.py)
        if not details(out.codes[pos][1]) <= set(key.split()):
            continue
        if code[:1] == "Q" and _BORN.search(out.codes[pos][1]) and not _BORN_SAID.search(key):
            continue  # "facial asymmetry" is no *Congenital facial asymmetry* unless the words say so
        if not set(_CLAIMED.findall(out.codes[pos][1].lower())) <= set(key.split()):
            continue  # "blood loss anemia" is no *... secondary to blood loss (chronic)*, "tension
            # pneumothorax" no *Spontaneous tension pneumothorax*, "alcohol intoxication" no *Alcohol
            # abuse with intoxication*: the index's default, not the words
        if _in_context(code) and said_elsewhere(key):
            continue
        found.setdefault(key, set()).add(pos)
    for key, code in drug_table_keys():
        pos = position.get(code)
        if pos is not None and details(out.codes[pos][1]) - {"initial"} <= set(key.split()):
            found.setdefault(key, set()).add(pos)
    # one code for the words, or none: the index's words under two main terms ("Tenderness, rebound"
    # for each site) name no default, and candidates here would hide the readings tried after it
    out.keys.update((key, INDEX, next(iter(ps))) for key, ps in found.items() if len(ps) == 1)


# How clinicians name a poisoning by a substance of the Table of Drugs and Chemicals. Its intent unsaid,
# a poisoning is coded accidental (ICD-10-CM guideline I.C.19.e.5.b), as "lead poisoning" already is.
# An overdose is a poisoning by a drug ("Overdose, drug - see Table of Drugs and Chemicals, by drug,
# poisoning"), but case reports' overdoses are as often intentional, said elsewhere in the case (a
# note, a suicide attempt): a bare "X overdose" is no key, only one whose intent the words say. A
# drug's "toxicity" or "intoxication" may be a poisoning or an adverse effect of a correct dose, which
# ICD-10-CM codes apart: a key only for a substance that is no drug (no adverse effect column), as
# :func:`toxicity_key` does. Each code is the initial encounter's, as the tabular list's poisoning
# keys are.
_ACCIDENTAL = ("{s} poisoning", "poisoning by {s}", "accidental {s} poisoning", "accidental poisoning by {s}")
_OVERDOSE = ("accidental {s} overdose", "accidental overdose of {s}", "unintentional {s} overdose")
_INTENTIONAL = ("intentional {s} overdose", "intentional overdose of {s}", "intentional {s} poisoning",
                "deliberate {s} overdose", "deliberate overdose of {s}", "suicidal {s} overdose",
                "{s} overdose with suicidal intent", "self-poisoning with {s}", "deliberate self-poisoning with {s}")
_NOT_A_DRUG = ("{s} toxicity", "toxic effect of {s}", "{s} intoxication")


def drug_table_keys() -> list[tuple[str, str]]:
    """(key, code) of each substance of the Table of Drugs and Chemicals, by the wordings above."""
    out = []
    for substance, accidental, intentional, adverse in _gz_table(DRUG_TABLE):
        s = substance.lower()
        forms = [*_ACCIDENTAL, *(_OVERDOSE if adverse else _NOT_A_DRUG)]
        out += [(normalize(form.format(s=s)), f"{accidental}A") for form in forms]
        out += [(normalize(form.format(s=s)), f"{intentional}A") for form in _INTENTIONAL if intentional and adverse]
    return [(key, code) for key, code in out if key]


def _encounter_key(code: str, text: str) -> str | None:
    """The *initial encounter* key of ``text`` (see the module docstring), or None."""
    if code[:1] in "VWXY" or not _INITIAL.search(text):
        return None
    return normalize(plain(_INITIAL.sub("", text))) or None

