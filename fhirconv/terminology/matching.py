"""Matching a person's words to a concept: conservative, deterministic, never a guess.

Tried in order, the first step that finds anything decides:

1. the normalised term (:mod:`fhirconv.terminology.normalize`) against every term and alias of the
   tables (user terms first: a user concept hides built-in ones with the same key); a condition or
   finding row without an ICD-10-CM coding takes the one ICD-10-CM code whose own title the words,
   or the row's words, say as written or plain (``hypomagnesaemia``: E83.42 *Hypomagnesemia*), never
   one reached only by an inclusion term (:func:`_with_icd`);
2. the same words in any order (``pain in chest`` = ``chest pain``);
2b. for observations, the words without a leading specimen ("serum", "plasma", "blood") and a closing
   "level" or "concentration": ``serum sodium level`` = ``sodium``, when every LOINC code of that row names the
   specimen said (``... in Serum or Plasma``; ``serum hemoglobin`` is not the row "in Blood");
2c. for observations, a test or a study named with "findings", "results" or "report" after it:
   ``brain MRI results`` = ``brain MRI``, when the tables know the rest; an antigen named with its
   immune stain (``CD20 immunohistochemistry``) is the immunostain row of the antigen (:func:`_immunostain`);
3. SNOMED CT's Global Patient Set (:mod:`fhirconv.terminology.gps_data`), for the kinds a semantic
   tag fits (:data:`GPS_TAGS`): a concept whose fully specified name without its tag has the key,
   then one whose name says the same words turned round (``knee osteoarthritis`` = *Osteoarthritis
   of knee*; rules in :mod:`fhirconv.terminology.gps_keys`);
4. for conditions and findings, ICD-10-CM: a billable code whose description or inclusion term
   has that key, when exactly one code does (:mod:`fhirconv.terminology.icd10cm`). When step 3
   found one concept too, the answer carries both codings (as a table row with SNOMED CT and
   ICD-10-CM does); when step 3 found several, ICD-10-CM's one code is the answer, as before there
   was a step 3;
5. for conditions and findings, the cause said another way: ``X of rheumatic etiology`` is
   ``rheumatic X``; a disorder named with its cause first (``Klebsiella pneumoniae pneumonia``) is
   the disorder *due to* or *caused by* it, and one said *due to*, *caused by* or *secondary to*
   a cause is the same with the other words or the cause first (:func:`_cause_turned`).
6. for conditions, findings and tests, an organism's genus cut to an initial (``E. coli``) written
   out, when the Global Patient Set names one organism only so (:func:`_genus_written_out`).
7. for conditions, a disorder's history (``history of tuberculosis``, ``h/o hypertension``) as the
   GPS situation *History of ...* and ICD-10-CM's *Personal history of ...* (:func:`_history`).
8. for observations and procedures, an imaging study named by modality and body regions in other
   words (``abdominal pelvic CT``, ``X-ray of the left foot``) as the one LOINC radiology code whose
   display says the same modality, regions, side and contrast (:mod:`fhirconv.terminology.studies`).

For a measured value, :func:`match_with_unit` then checks the unit: a LOINC code whose usual unit
has another dimension measures something else (a count, not a percentage) and is not written.

When a step finds several distinct concepts (two codes of the same system, or codings neither of
which contains the other), nothing is picked: the match is *ambiguous* and lists the candidates.
When nothing is found, up to three *suggestions* (terms sharing the most words) may be shown as
hints; they are never applied.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from fhirconv.terminology.dimensions import fits, says_presence
from fhirconv.terminology.icd10cm_keys import ABBREVIATION, INDEX, LEVELS
from fhirconv.terminology.normalize import normalize, words
from fhirconv.terminology.tables import Coding, KnownConcept, Table, builtin_table, overlaid

ICD_KINDS = ("condition", "finding")
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
# The semantic tags of GPS concepts each kind may take: a condition is a disorder or a finding, never
# a body structure or an organism of the same name.
GPS_TAGS = {
    "condition": ("disorder", "finding"),
    "finding": ("finding", "disorder", "qualifier value", "organism", "morphologic abnormality"),
    "procedure": ("procedure", "regime/therapy"),
    "body-site": ("body structure",),
    "observation": ("observable entity",),
    # FHIR R4's medication-codes value set holds SNOMED CT substances under Drug or medicament beside
    # products: a drug no table row codes may be its substance concept (phentolamine)
    "medication": ("medicinal product", "clinical drug", "product", "substance"),
}
# Substance names that, written as a drug, mean something narrower: an element or ion one of its salts
# or a supplement (calcium is calcium carbonate or gluconate), "steroids" corticosteroids (anabolic
# steroids are steroids too): never a medication's code.
GPS_NOT_DRUGS = frozenset({"steroid", "calcium", "iron", "sodium", "potassium", "magnesium", "zinc", "copper",
                           "lithium", "iodine", "fluoride", "chloride", "bicarbonate", "phosphate", "sulfate",
                           "citrate", "selenium", "chromium", "manganese", "molybdenum", "cobalt", "aluminum",
                           "phosphorus"})

_ACTIVE: ContextVar[Any] = ContextVar("fhirconv_user_terms", default=None)


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    term: str
    concept: KnownConcept | None = None
    how: str = ""  # "term", "word order", "SNOMED CT GPS exact", "ICD-10-CM exact", "ICD-10-CM plain"...
    candidates: tuple[KnownConcept, ...] = ()  # when ambiguous
    suggestions: tuple[KnownConcept, ...] = ()  # when nothing matched (hints only)
    unit_mismatch: KnownConcept | None = None  # the concept the words name, ruled out by the value's unit
    unit: str = ""  # that unit

    @property
    def status(self) -> str:
        return "found" if self.concept else "ambiguous" if self.candidates else "none"


@contextlib.contextmanager
def using(user_terms: Any) -> Iterator[None]:
    """Look terms up with ``user_terms`` (a :class:`fhirconv.terminology.userterms.UserTerms`) on top
    of the built-in tables, inside this block (per thread / task)."""
    token = _ACTIVE.set(user_terms if user_terms else None)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_terms() -> Any:
    return _ACTIVE.get()


@lru_cache(maxsize=8)
def _table_for(user_terms: Any) -> Table:
    if not user_terms:
        return builtin_table()
    return overlaid(builtin_table(), user_terms.concepts)


def table() -> Table:
    """The tables in force: built-in, with the active user terms on top."""
    return _table_for(_ACTIVE.get())


def _decide(found: list[KnownConcept]) -> tuple[KnownConcept | None, tuple[KnownConcept, ...]]:
    """One concept, or the candidates when they disagree."""
    distinct: list[KnownConcept] = []
    for c in found:
        if all(c.code_set() != d.code_set() for d in distinct):
            distinct.append(c)
    if len(distinct) == 1:
        return distinct[0], ()
    widest = max(distinct, key=lambda c: len(c.code_set()))
    if all(c.code_set() <= widest.code_set() for c in distinct):
        return widest, ()
    return None, tuple(sorted(distinct, key=lambda c: (c.term.lower(), sorted(c.code_set()))))


def _icd_concept(code: str, description: str, version: str, text: str | None = None,
                 kind: str = "condition") -> KnownConcept:
    """An ICD-10-CM code as a concept; its term is the text that matched (an inclusion term, say)."""
    source = f"ICD-10-CM via simple-icd-10-cm {version}"
    return KnownConcept(kind, text or description, (Coding(ICD10CM, code, description, source),),
                        origin="ICD-10-CM")


def _gps_concepts(kind: str, term: str) -> tuple[str, list[KnownConcept]]:
    """Step 3: the GPS concepts of a tag that fits ``kind`` whose name has the words' key."""
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    if index is None:
        return "", []
    if kind == "medication" and normalize(term) not in GPS_NOT_DRUGS:
        # a drug's product first, the better code for a medication: "iodixanol" is *Product containing
        # iodixanol*, whose name alone holds the drug's words
        level, found = index.find(f"product containing {term}", ("medicinal product",))
        if found and level == 0:
            return "SNOMED CT GPS product", [_gps_concept(kind, c) for c in found]
    level, found = index.find(term, GPS_TAGS[kind])
    if kind == "medication":
        found = [c for c in found if normalize(c.name) not in GPS_NOT_DRUGS]
    how = "SNOMED CT GPS " + ("exact" if level == 0 else "word order")
    return how, [_gps_concept(kind, c) for c in found]


def _gps_concept(kind: str, c: Any) -> KnownConcept:
    """A GPS concept (:class:`fhirconv.terminology.gps_data.Concept`) as a table concept. A code the
    tables know keeps their display (one display per code, which validation checks against)."""
    from fhirconv.terminology import gps_data

    known = known_coding(SNOMED, c.code)
    coding = Coding(SNOMED, c.code, known.display if known else c.name, gps_data.SOURCE)
    return KnownConcept(kind, c.name, (coding,), origin="SNOMED CT GPS")


def known_coding(system: str, code: str) -> Coding | None:
    """The table row for a code (user terms first)."""
    for concept in table().with_code(system, code):
        for coding in concept.codings:
            if coding.system == system and coding.code == code:
                return coding
    return None


def _icd_concepts(kind: str, term: str) -> tuple[str, list[KnownConcept]]:
    from fhirconv.terminology import icd10cm

    index = icd10cm.index()
    how, hits = index.find(term)
    if how == LEVELS[INDEX] and kind != "condition":
        # an examination finding is an observation, whose code is no ICD-10-CM one: the index's answer
        # ("Tenderness, rebound" R10.829) would only hide the reading that gives its SNOMED CT concept
        return "", []
    if how == LEVELS[INDEX]:
        # the index's default for a bare name can be an encounter's reason ("Incompatibility, Rh" Z31.82
        # *Encounter for Rh incompatibility status*, the prospective parent's): no disorder's code
        hits = [h for h in hits if not h.description.lower().startswith("encounter for")]
        if not hits:
            return "", []
    return f"ICD-10-CM {how}", [_icd_concept(h.code, h.description, index.version, kind=kind) for h in hits]


def match(kind: str, term: str, *, suggest: bool = False) -> Match:
    """What ``term`` of ``kind`` means in the tables in force (see the module docstring). Cached:
    a batch repeats the same few terms, and a verdict depends only on the words and the tables."""
    return _match(kind, term or "", suggest, _ACTIVE.get())


# A test named with its specimen first ("serum sodium") or "level" after it ("sodium level"): the test
# without those words, when its LOINC codes say that specimen. Keys are normalised ("levels" -> "level").
_SPECIMENS = {"serum": ("in serum",), "plasma": ("in serum or plasma", "in plasma", "in platelet poor plasma"),
              "blood": ("in blood", "in serum, plasma or blood")}
# "concentration" too ("serum digoxin concentration"), read only when the whole words name no row: the row
# "mean corpuscular hemoglobin concentration" (MCHC) is found by its own words before this step
_LEVEL = ("level", "concentration")


def _measured(term: str) -> Match | None:
    """Step 2b for observations: ``serum sodium``, ``plasma sodium``, ``sodium level`` and ``serum
    sodium level`` mean the row ``sodium`` when every LOINC code of that row names the specimen
    the words say (``... in Serum or Plasma``); a row without a LOINC code, or for another specimen
    (``... in Blood``), is not taken. Only one concept, never a choice."""
    words_ = normalize(term).split()
    specimen = words_[0] if len(words_) > 1 and words_[0] in _SPECIMENS else None
    rest = words_[1:] if specimen else words_
    if len(rest) > 1 and rest[-1] in _LEVEL and rest[-2] not in ("of", "the"):
        rest = rest[:-1]
    if not rest or len(rest) == len(words_):
        return None
    found = _in_tables("observation", " ".join(rest))
    if found is None or found.concept is None:
        return None
    if specimen:
        loinc = [c for c in found.concept.codings if c.system == "http://loinc.org"]
        if not loinc or not all(any(s in c.display.lower() for s in _SPECIMENS[specimen]) for c in loinc):
            return None
    return Match("observation", term, found.concept, "specimen or level words")


# Words after a test's or a study's name that say its outcome is meant ("CT angiography findings",
# "brain MRI results", "echocardiogram report"): the observation is that test's or study's, its value
# the findings.
_RESULT_WORDS = ("finding", "result", "report")


def _results_of(term: str) -> Match | None:
    """Step 2c for observations: a test or a study named with "findings", "results" or "report"
    after it is that test or study, when the tables know it by the rest of the words."""
    words_ = normalize(term).split()
    if len(words_) < 2 or words_[-1] not in _RESULT_WORDS:
        return None
    rest = " ".join(words_[:-1])
    found = _in_tables("observation", rest) or _study(rest)
    if found is None or found.concept is None:
        return None
    return Match("observation", term, found.concept, "findings or results words")


# A blood gas analyte named with its panel: "venous blood gas pH", "ABG pCO2"
_BLOOD_GAS = re.compile(r"^(?:(?P<side>arterial|venous|capillary) blood gas(?:es)?|(?P<abbr>abg|vbg)) (?P<what>.+)$")


def _blood_gas(term: str) -> Match | None:
    """Step 2e for observations: an analyte named after its blood gas panel ("venous blood gas pH",
    "ABG lactate") is the row of the analyte in that blood ("venous pH": *pH of Venous blood*), when
    every LOINC code of the row names that blood."""
    found = _BLOOD_GAS.match(normalize(term))
    if found is None:
        return None
    side = found["side"] or {"abg": "arterial", "vbg": "venous"}[found["abbr"]]
    row = _in_tables("observation", f"{side} {found['what']}")
    if row is None or row.concept is None:
        return None
    loinc = [c for c in row.concept.codings if c.system == LOINC]
    if not loinc or not all(f"{side} blood" in c.display.lower() for c in loinc):
        return None
    return Match("observation", term, row.concept, "a blood gas panel's analyte")


# An antigen named with the immune stain that shows it in tissue ("CD20 immunohistochemistry",
# "S-100 immunostaining", "immunohistochemistry for synaptophysin"): the antigen is looked up in the
# immunostain rows, which name it alone ("CD20") and are never read outside these words (a bare "CD20"
# is as often flow cytometry's)
_STAIN = (r"(?:immunohistochemistry|immunohistochemical (?:stain|staining|study|analysis)|immunostain|immunostaining"
          r"|ihc|immunoreactivity|immunolabeling|immunolabelling)")
_STAINED = (re.compile(rf"^(?P<what>.+?) {_STAIN}$"), re.compile(rf"^{_STAIN} (?:for|of) (?P<what>.+)$"))


def _immunostain(term: str) -> Match | None:
    """Step 2f for observations: an antigen named with its immune stain is the LOINC code of that
    antigen's presence in tissue by immune stain (*CD20 Ag [Presence] in Tissue by Immune stain*)."""
    key = normalize(term)
    for pattern in _STAINED:
        found = pattern.match(key)
        row = _in_tables("immunostain", found["what"]) if found else None
        if row is not None and row.concept is not None:
            return Match("observation", term, replace(row.concept, kind="observation"), "an antigen's immune stain")
    return None


def _study(term: str) -> Match | None:
    """Step 2d for observations: a study the procedure tables code with LOINC alone (*Nerve
    conduction study*, *MR Brain*, *Vessel CT angiogram W contrast IV*) is that code as an
    observation too: a LOINC study code names the study's result, which an observation reports. A
    procedure row with a SNOMED CT code is not taken (a procedure is no observable)."""
    found = _in_tables("procedure", term)
    if found is None or found.concept is None or not found.concept.codings:
        return None
    if not all(c.system == LOINC for c in found.concept.codings):
        return None
    return Match("observation", term, replace(found.concept, kind="observation"), "a study's LOINC code")


def match_tables(kind: str, term: str) -> Match:
    """Steps 1 and 2 only: the tables in force, without ICD-10-CM (for a question that only a table
    row answers, such as a finding named as an examination's code)."""
    return _in_tables(kind, term or "") or Match(kind, term or "")


def _in_tables(kind: str, term: str) -> Match | None:
    key = normalize(term)
    if not key:
        return None
    tab = table()
    for how, by_order in (("term", False), ("word order", True)):
        found = tab.find(kind, key, by_order=by_order)
        if found:
            concept, candidates = _decide(found)
            return Match(kind, term, concept, how, candidates)
    return None


# The ICD-10-CM look-ups a table row's words may add a coding from: the code's own title as written
# or plain (``Fever, unspecified`` for "fever"). Not an inclusion term, whose code's title may state
# what the words do not (*Multiple myeloma not having achieved remission* for "multiple myeloma NOS",
# *Chills (without fever)* for "chills NOS"), nor the initial-encounter key (ICD-10-CM's
# *Hypothermia, initial encounter* is of cold exposure; a table row's hypothermia is any), nor either
# word of a title.
_ICD_BESIDE_A_ROW = ("ICD-10-CM exact", "ICD-10-CM plain")


def _titled(term: str, description: str) -> bool:
    """Whether ``term`` says the ICD-10-CM title ``description``, as written or plain."""
    from fhirconv.terminology.icd10cm_keys import plain

    key = normalize(term)
    return key in (normalize(description), normalize(plain(description)))


def _with_icd(kind: str, term: str, found: Match) -> Match:
    """A table row of a condition or finding without an ICD-10-CM coding, with the one ICD-10-CM code
    whose title its words say (``hypomagnesaemia`` is also E83.42 *Hypomagnesemia*), as step 4 adds
    one to a Global Patient Set concept."""
    concept = found.concept
    if kind not in ICD_KINDS or concept is None or any(c.system == ICD10CM for c in concept.codings):
        return found
    for said in dict.fromkeys((term, concept.term)):  # the words, then the row's own (AF: atrial fibrillation)
        how, icd = _icd_concepts(kind, said)
        if len(icd) == 1 and how in _ICD_BESIDE_A_ROW and _titled(said, icd[0].codings[0].display):
            return replace(found, concept=replace(concept, codings=concept.codings + icd[0].codings))
    return found


def _direct(kind: str, term: str) -> Match | None:
    """Steps 1 to 4: the verdict on the words as they stand, or None when no step finds anything."""
    in_tables = _in_tables(kind, term)
    if in_tables:
        return _with_icd(kind, term, in_tables)
    if kind == "observation":
        measured = _measured(term) or _results_of(term) or _study(term) or _blood_gas(term) or _immunostain(term)
        if measured:
            return measured
    gps_how, gps = _gps_concepts(kind, term) if kind in GPS_TAGS else ("", [])
    icd_how, icd = _icd_concepts(kind, term) if kind in ICD_KINDS else ("", [])
    if icd_how.endswith(LEVELS[ABBREVIATION]) and (kind, normalize(term)) in _abbreviations_as_written():
        icd_how, icd = "", []  # the abbreviations table's expansion answers (step 2d), with its SNOMED CT concept
    if len(gps) == 1:
        if len(icd) == 1:  # the same words name one ICD-10-CM code too: both codings, as table rows give
            return Match(kind, term, replace(gps[0], codings=gps[0].codings + icd[0].codings),
                         f"{gps_how} + {icd_how}")
        return Match(kind, term, gps[0], gps_how)
    if len(icd) == 1:  # several GPS concepts fit, or none: ICD-10-CM's one code, as before
        return Match(kind, term, icd[0], icd_how)
    if gps or icd:  # never a pick: the candidates
        return Match(kind, term, None, gps_how if gps else icd_how, tuple(gps or icd))
    if kind == "finding":
        return _open_organism(kind, term)
    return None


def _read_as(kind: str, term: str, words: str, how: str) -> Match | None:
    """``term`` read as ``words`` (steps 1 to 4): the concept those words find, said of ``term``."""
    found = _direct(kind, words)
    if found is None or found.concept is None:
        return None
    return replace(found, term=term, how=f"{how} ({found.how})")


# A rise said as a noun: "transaminase elevation", "elevation of liver enzymes", "rise in creatinine"
_ELEVATION = re.compile(r"^(?:(?:an? )?(?:elevation|rise|increase) (?:of|in) (?:the )?(?P<after>.+)|"
                        r"(?P<before>.+?) (?:elevation|rise))$")


def _elevation_turned(kind: str, term: str) -> Match | None:
    """Last step for conditions and findings: a rise said as a noun ("transaminase elevation",
    "elevation of liver enzymes") is what "elevated ..." names (*Elevation of levels of liver
    transaminase levels*)."""
    said = _ELEVATION.match(normalize(term)) if kind in ("condition", "finding") else None
    if said is None:
        return None
    return _read_as(kind, term, f"elevated {said['after'] or said['before']}", "a rise said as a noun")


# A numbered type said after its disorder, or before it: "glycogen storage disease type III" (the key
# "glycogen storage disease type 3"), "type 1 neurofibromatosis"
_TYPE_AFTER = re.compile(r"^(?P<what>[a-z].*?) type (?P<n>\d+(?: [a-z])?)$")
_TYPE_BEFORE = re.compile(r"^type (?P<n>\d+(?: [a-z])?) (?P<what>[a-z].*)$")


def _type_turned(kind: str, term: str) -> Match | None:
    """Last step for conditions: a disorder's numbered type said on its other side, as ICD-10-CM's
    inclusion terms and SNOMED CT's names may have it (E74.03's "Type III glycogen storage disease"
    for "glycogen storage disease type III")."""
    if kind != "condition":
        return None
    key = normalize(term)
    said = _TYPE_AFTER.match(key) or _TYPE_BEFORE.match(key)
    if said is None:
        return None
    turned = f"type {said['n']} {said['what']}" if key.endswith(said["n"]) else f"{said['what']} type {said['n']}"
    return _read_as(kind, term, turned, "its type said on the other side")


# A scope's examination said with its adjective: "bronchoscopic examination", "endoscopic evaluation of ..."
_SCOPIC = re.compile(r"^(?P<before>(?:.+ )?)(?P<scope>[a-z]{3,})scopic (?:examination|exam|evaluation|study|inspection)"
                     r"(?P<after>(?: .+)?)$")


def _scopic_examination(kind: str, term: str) -> Match | None:
    """Last step for procedures: an examination with a scope said with the scope's adjective is
    the scopy ("bronchoscopic examination" is a *Bronchoscopy*)."""
    said = _SCOPIC.match(normalize(term)) if kind == "procedure" else None
    if said is None:
        return None
    return _read_as(kind, term, f"{said['before']}{said['scope']}scopy{said['after']}", "the scopy its adjective names")


# An isolate named only to its genus: "Nocardia species", "Candida spp.", "Aspergillus sp."
_SPECIES_OF = re.compile(r"^([A-Z][a-z]+)(?:\s+(?:species|spp?\.?))?$")


def _genus_of_species(kind: str, term: str) -> Match | None:
    """Last step for findings: an organism named by its genus alone or with "species" ("Enterococcus",
    "Nocardia species", "Candida spp.") is the genus's concept (*Genus Nocardia*): what the isolate is
    known to be."""
    said = _SPECIES_OF.match(term.strip()) if kind == "finding" else None
    if said is None:
        return None
    return _read_as(kind, term, f"Genus {said[1]}", "genus of an unnamed species")


def _open_organism(kind: str, term: str) -> Match | None:
    """Step 4b for findings: an organism the GPS lacks, named whole, from an openly licensed SNOMED CT
    value set (:mod:`fhirconv.terminology.open_organisms`)."""
    from fhirconv.terminology import open_organisms

    found = open_organisms.find(normalize(term))
    if found is None:
        return None
    code, name = found
    coding = Coding(SNOMED, code, name, open_organisms.SOURCE)
    return Match(kind, term, KnownConcept(kind, name, (coding,), origin="SNOMED CT open organisms"),
                 "SNOMED CT organism (open value set)")


@lru_cache(maxsize=8192)
def _match(kind: str, term: str, suggest: bool, _terms: Any) -> Match:
    if not normalize(term):
        return Match(kind, term)
    direct = _direct(kind, term)
    if kind == "medication" and _class_by_plural(term, direct):
        return Match(kind, term, suggestions=suggestions(kind, term) if suggest else ())
    # ICD-10-CM's alphabetic index answers last: a later step's SNOMED CT concept keeps the index's code
    indexed = direct if direct is not None and direct.how == _INDEXED else None
    found = (_with_site_noun(kind, term, None if indexed else direct) or _abbreviation(kind, term)
             or _abbreviated_words(kind, term) or _of_cause(kind, term) or _cause_turned(kind, term)
             or _genus_written_out(kind, term, suggest) or _history(kind, term) or _situation(kind, term)
             or _site_nouns(kind, term)
             or _bleeding(kind, term) or _abbreviation_in_brackets(kind, term) or _spelt_out_in_brackets(kind, term)
             or _hyphen_joined(kind, term) or _drug_induced(kind, term) or _structure_by_adjective(kind, term)
             or _combination(kind, term) or _examined(kind, term) or _spelt_otherwise(kind, term)
             or _imaging_study(kind, term) or _genus_of_species(kind, term) or _elevation_turned(kind, term)
             or _type_turned(kind, term) or _scopic_examination(kind, term))
    if indexed is not None:
        return _with_indexed(found, indexed)
    if found:
        return found
    return Match(kind, term, suggestions=suggestions(kind, term) if suggest else ())


def _class_by_plural(term: str, found: Match | None) -> bool:
    """Whether ``term`` is one drug's name made plural ("tetracyclines"): the drugs of its class, which
    the one drug's RxNorm code does not say."""
    if found is None or found.concept is None or not any(c.system == RXNORM for c in found.concept.codings):
        return False
    said = term.lower().strip()
    if " " in said or not said.endswith("s"):  # one word: "iron supplements" are supplements of iron
        return False
    names = {n.lower().split()[-1] for n in (found.concept.term, *found.concept.aliases) if n.split()}
    return said not in names and any(said in (n + "s", n + "es") for n in names)


_INDEXED = f"ICD-10-CM {LEVELS[INDEX]}"  # how a look-up answered by the alphabetic index alone is said


def _with_indexed(found: Match | None, indexed: Match) -> Match:
    """What the steps after the look-up found, with the alphabetic index's ICD-10-CM code when they
    found a concept without one; the index's answer alone when they found none."""
    if found is None or found.concept is None or indexed.concept is None:
        return indexed
    if any(c.system == ICD10CM for c in found.concept.codings):
        return found
    return replace(found, concept=replace(found.concept, codings=found.concept.codings + indexed.concept.codings),
                   how=f"{found.how} + {indexed.how}")


# How a sign was found, said after it: "wheezes on auscultation", "tenderness on palpation"
_FOUND_BY = re.compile(r"\s+(?:on|at|during|by)\s+(?:the\s+)?(?:auscultation|examination|exam|palpation|percussion|"
                       r"inspection|physical examination|clinical examination)$", re.IGNORECASE)


def without_how_found(term: str) -> str:
    """The sign's name without the words that say how it was found."""
    return _FOUND_BY.sub("", term)


def _examined(kind: str, term: str) -> Match | None:
    """Last step for signs: the sign without the words that say how it was found ("wheezes on
    auscultation" is *Wheezing*); the examination is no part of what was found."""
    bare = without_how_found(term)
    if kind not in ("condition", "finding", "observation") or bare == term:
        return None
    found = _direct(kind, bare)
    if found is None or found.concept is None:
        return None
    return replace(found, term=term, how=f"how it was found set aside ({found.how})")


def _imaging_study(kind: str, term: str) -> Match | None:
    """Last step for studies: an imaging study named by its modality and body regions in any of the
    ways reports write them ("abdominal pelvic CT", "X-ray of the left foot") is the one LOINC
    radiology code whose display says the same modality, regions, side and contrast
    (:mod:`fhirconv.terminology.studies`); a code the tables hold keeps their display."""
    if kind not in ("observation", "procedure"):
        return None
    from fhirconv.terminology import studies

    found = studies.study(term)
    if found is None:
        return None
    known = known_coding(LOINC, found.code)
    coding = known if known is not None else Coding(LOINC, found.code, found.display, found.source)
    return Match(kind, term, KnownConcept(kind, found.display, (coding,), origin="LOINC imaging studies"),
                 "an imaging study's modality and regions")


# Two drugs of one product joined by another word than the tables' "and" or "/"
_JOINED_BY = re.compile(r"\s+(?:plus|with|\+|&)\s+", re.IGNORECASE)


def _combination(kind: str, term: str) -> Match | None:
    """Last step for medications: a product of two drugs written "X plus Y", "X + Y" or "X with Y"
    ("piperacillin plus tazobactam") is the product the tables know as "X and Y"."""
    if kind != "medication" or not _JOINED_BY.search(term):
        return None
    found = _direct(kind, _JOINED_BY.sub(" and ", term))
    return replace(found, term=term, how=f"two drugs joined ({found.how})") if found and found.concept else None


# A word written in two halves joined by a hyphen ("beri-beri", "tse-tse"): two letters at least each
_HALVES = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")


def _hyphen_joined(kind: str, term: str) -> Match | None:
    """Last step: a name whose hyphenated word the terminologies write as one ("wet beri-beri" is
    E51.12 *Wet beriberi*), looked up with the halves joined, as it stands otherwise."""
    joined = _HALVES.sub(r"\1\2", term.lower())
    if joined == term.lower():
        return None
    found = _direct(kind, joined)
    return replace(found, term=term, how=f"hyphen joined ({found.how})") if found and found.concept else None


# A drug's name as French, Spanish or Latin texts end it ("doxorubicine", "ceftriaxon", "vincristin"):
# the English name has its final "e" or has none; one word only, and only a table row answers
_ONE_WORD = re.compile(r"^[a-z][a-z-]{4,}$")


def _other_spellings(word: str) -> tuple[str, ...]:
    """The ways a one-word drug name may be written other than the tables write it: with or without
    the final "e" (French, Spanish or Latin texts: "ciprofloxacine", "methylprednisolon"), and for an
    antibiotic with the other of "-mycin" and "-micin" ("erythromicin", "gentamycin"; the suffix follows
    the organism the drug came from, and no two drugs differ by it alone)."""
    other = (word[:-1] if word.endswith("e") else word + "e",)
    if word.endswith(("mycin", "micin")):
        other += (word[:-5] + ("micin" if word.endswith("mycin") else "mycin"),)
    return other


def _spelt_otherwise(kind: str, term: str) -> Match | None:
    """Last step, for medications: a one-word drug name spelt another way (:func:`_other_spellings`)
    is the table row of that spelling, never a Global Patient Set or ICD-10-CM answer (the words stay
    the code's text, the coding's display shows the name read)."""
    word = term.strip().lower()
    if kind != "medication" or not _ONE_WORD.match(word):
        return None
    for other in _other_spellings(word):
        found = _in_tables(kind, other)
        if found is not None and found.concept is not None:
            return replace(found, term=term, how=f"spelt {other!r} ({found.how})")
    return None


def _with_site_noun(kind: str, term: str, found: Match | None) -> Match | None:
    """``found``; when it has only an ICD-10-CM coding, with SNOMED CT's concept the words give with
    their site adjective as its noun (``ocular pain`` is H57.10 *Ocular pain, unspecified eye* and
    *Pain in eye*), as step 4 gives both codings when the same words name one of each."""
    if found is None or found.concept is None or any(c.system != ICD10CM for c in found.concept.codings):
        return found
    sited = _site_nouns(kind, term)
    if sited is None or sited.concept is None:
        return found
    snomed = tuple(c for c in sited.concept.codings if c.system != ICD10CM)
    # the reading's own ICD-10-CM code, if it has one, must be the one the words gave
    if not snomed or {c.code for c in sited.concept.codings if c.system == ICD10CM} - {
            c.code for c in found.concept.codings}:
        return found
    return replace(found, concept=replace(sited.concept, codings=snomed + found.concept.codings),
                   how=f"{sited.how} + {found.how}")


# An abbreviation written after its words, in brackets: "anti-myeloperoxidase (MPO) antibody",
# "desmopressin (DDAVP)", "free thyroxine (fT4)" (two capitals, or a capital and a digit, no space: not
# "(type 2)" or "(left)")
_BRACKETED = re.compile(r"\s*\(\s*(?=[^)]*[A-Z][^)]*[A-Z0-9]|[^)]*[0-9][^)]*[A-Z])[A-Za-z0-9][A-Za-z0-9.+/-]{0,9}\s*\)")


def _named(display: str) -> frozenset[str]:
    """The words of what a code names: a LOINC display's component, before its "[property]"."""
    return frozenset(words(normalize(display.split(" [", 1)[0]))) - {"unspecified"}


def _abbreviation_in_brackets(kind: str, term: str) -> Match | None:
    """Last step: the words without the abbreviation a person wrote after them in brackets, which
    says them again ("anti-myeloperoxidase (MPO) antibody" is "anti-myeloperoxidase antibody"); not
    when the abbreviation names another concept the tables know ("creatinine kinase (CKMB)")."""
    if "(" not in term:
        return None
    rest = " ".join(_BRACKETED.sub(" ", term).split())
    if rest == term or not rest or "(" in rest:
        return None
    found = match(kind, rest)
    if found.concept is None:
        return None
    # the abbreviation must say the words again, not name a narrower kind of them the tables know:
    # "creatinine kinase (CKMB)" is the MB isoenzyme (*Creatine kinase.MB ...*), no total creatine
    # kinase (an abbreviation that names something else, "cytokeratin (CK)", is only another reading)
    named = [_named(c.display) for c in found.concept.codings]
    codes = {(c.system, c.code) for c in found.concept.codings}
    for said in _BRACKETED.findall(term):
        own = match(kind, said.strip(" ()")).concept
        if own is not None and not codes & {(c.system, c.code) for c in own.codings} and any(
                mine < theirs for mine in named for theirs in map(_named, (c.display for c in own.codings))):
            return None
    return Match(kind, term, found.concept, f"without the bracketed abbreviation, {found.how}", found.candidates)


# An abbreviation followed by its words in brackets: "CEA (carcino-embryonic antigen)", "SCC (squamous
# cell carcinoma antigen)"; the abbreviation is one word of two capitals at least.
_SPELT_OUT = re.compile(r"^\s*(?P<abbr>(?=[^\s(]*[A-Z][^\s(]*[A-Z])[A-Za-z0-9][A-Za-z0-9.+/-]{1,11})"
                        r"\s*\((?P<words>[^()]+)\)\s*$")


def _initials_spell(abbr: str, words: str) -> bool:
    """The bracketed words begin with the abbreviation's first letter and hold all its letters in
    order: "CEA" in "carcino-embryonic antigen", "HTN" in "hypertension", not "DM" in "type 2"."""
    letters = [c for c in abbr.lower() if c.isalpha()]
    spelt = words.lower().strip()
    if not letters or not spelt or spelt[0] != letters[0]:
        return False
    it = iter(spelt)
    return all(any(c == ch for ch in it) for c in letters)


def _spelt_out_in_brackets(kind: str, term: str) -> Match | None:
    """Last step: an abbreviation with its words after it in brackets is the abbreviation, or the
    words, when the bracket spells the abbreviation out and the two do not name different concepts."""
    m = _SPELT_OUT.match(term)
    if m is None or not _initials_spell(m["abbr"], m["words"]):
        return None
    short, long = match(kind, m["abbr"]), match(kind, " ".join(m["words"].split()))
    found = short if short.concept is not None else long
    if found.concept is None:
        return None
    if short.concept is not None and long.concept is not None and short.concept.codings != long.concept.codings:
        return None
    return Match(kind, term, found.concept, f"the abbreviation and its words in brackets, {found.how}",
                 found.candidates)


@lru_cache(maxsize=1)
def _abbreviations_as_written() -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, key of the abbreviation) -> (the abbreviation as the table writes it, its expansion), from
    ``data/abbreviations.tsv``."""
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "data" / "abbreviations.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {(row["kind"], normalize(row["abbreviation"])): (row["abbreviation"], row["expansion"])
                for row in csv.DictReader(fh, delimiter="\t")}


def _abbreviation_of(kind: str, written: str) -> str | None:
    """The expansion of an abbreviation as written: one written in capitals is read case-blind, one with
    small letters only as the table writes it ("SjS", Sjögren's syndrome, is no "SJS", Stevens-Johnson)."""
    found = _abbreviations_as_written().get((kind, normalize(written)))
    if found is None:
        return None
    abbreviation, expansion = found
    if any(ch.islower() for ch in written) and written != abbreviation:
        return None
    return expansion


def _abbreviation(kind: str, term: str) -> Match | None:
    """Step 2d: a clinical abbreviation that names one thing in its kind (``PTSD``, ``NSCLC``, ``TOE``),
    written in capitals, is read as its expansion, whole term only; abbreviations with two readings
    (PE, MS, ASD, HSP) are not listed, and a table row or alias always comes first."""
    if sum(ch.isupper() for ch in term) < 2:  # written as an abbreviation: "hit" and "pad" are words
        return None
    expansion = _abbreviation_of(kind, term)
    if expansion is None:
        return None
    found = _direct(kind, expansion)
    if found is None:
        return None
    return Match(kind, term, found.concept, f"abbreviation of {expansion!r}, {found.how}", found.candidates)


def _expanded(kind: str, word: str) -> str | None:
    """What an abbreviation written in capitals inside a longer name stands for: the expansion of
    ``abbreviations.tsv``, or the term of the one table row it is an alias of (CKD, AKI, COPD)."""
    if len(word) > 6 or sum(ch.isupper() for ch in word) < 2 or not word.isalnum():
        return None
    key = normalize(word)
    expansion = _abbreviation_of(kind, word)
    if expansion is not None:
        return expansion
    if (kind, key) in _abbreviations_as_written():
        return None  # written in another case than the table's abbreviation
    rows = table().find(kind, key)
    if len(rows) == 1 and len(rows[0].term.split()) > 1:
        return rows[0].term
    return None


def _abbreviated_words(kind: str, term: str) -> Match | None:
    """Step 2e: a name with an abbreviation among its words ("CKD stage 3b", "AKI due to sepsis"):
    each abbreviation the tables know as one thing is read as its words, and the name is looked up
    again as it then stands; nothing is read when no word is such an abbreviation."""
    words = term.split()
    if len(words) < 2:
        return None
    read = [(w, _expanded(kind, w)) for w in words]
    if not any(exp for _, exp in read):
        return None
    said = " ".join(exp or w for w, exp in read)
    found = _direct(kind, said)
    if found is None or found.concept is None:
        return None
    shown = ", ".join(f"{w} as {exp!r}" for w, exp in read if exp)
    return Match(kind, term, found.concept, f"{shown}, {found.how}", found.candidates)


@lru_cache(maxsize=1)
def site_adjectives() -> dict[str, str]:
    """Key of an anatomical adjective -> its noun's, from ``data/site-adjectives.tsv`` (also read by
    :mod:`fhirconv.mappers.sited_names`: "renal biopsy" is a biopsy with the kidney as its site)."""
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "data" / "site-adjectives.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        # written as keys already (a test checks): normalising them was most of a run's first call
        return {row["adjective"]: row["noun"] for row in csv.DictReader(fh, delimiter="\t")}


_SITE_KINDS = ("condition", "finding", "procedure")


def _site_nouns(kind: str, term: str) -> Match | None:
    """Last step for conditions, findings and procedures: a site named by its adjective (``femoral shaft
    fracture``, ``splenic abscess``) means the words with the site's noun (*Fracture of shaft of
    femur*, *Abscess of spleen*), and a site named by its noun the words with its adjective (``liver
    failure`` is *Hepatic failure*, ``lung haemorrhage`` *Pulmonary hemorrhage*), when the name as
    written has no concept. Each adjective is read alone and all together, each noun alone; the answer
    is taken only when every reading that finds a concept finds the same one (never a pick)."""
    if kind not in _SITE_KINDS:
        return None
    adjectives, nouns = site_adjectives(), _site_noun_adjectives()
    words_ = normalize(term).split()
    at = [i for i, w in enumerate(words_) if w in adjectives]
    ways = [{i} for i in at] + ([set(at)] if len(at) > 1 else [])  # each adjective alone, then all of them
    readings = {" ".join(adjectives[w] if i in way else w for i, w in enumerate(words_)) for way in ways}
    readings |= {" ".join([*words_[:i], adjective, *words_[i + 1:]])
                 for i, w in enumerate(words_) for adjective in nouns.get(w, ())}
    # two sites joined by "and" are two things: a reading that makes them one word ("aorta and aortic
    # root repair" as "aortic and aortic root repair") names one of them once word order is set aside
    if "and" in words_:
        readings = {r for r in readings if len(set(r.split())) >= len(set(words_))}
    if not readings:
        return None
    how = "site adjective as its noun" if at else "site noun as its adjective"
    return _agreed(kind, term, sorted(readings), how)


@lru_cache(maxsize=1)
def _site_noun_adjectives() -> dict[str, tuple[str, ...]]:
    """Key of a one-word site noun -> its adjectives' keys (``liver`` -> ``hepatic``), the other way
    round from :func:`site_adjectives`."""
    out: dict[str, list[str]] = {}
    for adjective, noun in site_adjectives().items():
        if " " not in noun:
            out.setdefault(noun, []).append(adjective)
    return {noun: tuple(sorted(adjs)) for noun, adjs in out.items()}


def _agreed(kind: str, term: str, wordings: list[str], how: str) -> Match | None:
    """``term`` read as ``wordings`` (steps 1 to 4 each): the concept when every wording that finds
    one finds the same, the candidates when they disagree, None when none finds any."""
    found = [m.concept for m in (_direct(kind, w) for w in wordings) if m is not None and m.concept]
    if not found:
        return None
    concept, candidates = _decide(found)
    return Match(kind, term, concept, how, candidates)


def _bleeding(kind: str, term: str) -> Match | None:
    """Last step for conditions and findings: "bleeding X" and "X with bleeding" are "X with
    hemorrhage", as the terminologies name them (*Gastric ulcer with hemorrhage*), and the other way
    round; "X bleeding" and "X bleed" are "X hemorrhage" (*Intestinal hemorrhage NOS*); taken only when every
    wording that finds a concept finds the same one."""
    if kind not in ("condition", "finding"):
        return None
    key = normalize(term)
    if key.startswith("bleeding ") and len(key.split()) > 1:
        rest = key[len("bleeding "):]
        wordings = [f"{rest} with hemorrhage", f"{rest} with bleeding"]
    elif key.endswith(" with bleeding"):
        rest = key[:-len(" with bleeding")]
        wordings = [f"{rest} with hemorrhage", f"bleeding {rest}"]
    elif key.endswith((" bleeding", " bleed")) and len(key.split()) > 1:  # "intestinal bleeding", "lower
        # gastrointestinal bleed": the hemorrhage of that site
        wordings = [f"{key.rsplit(' ', 1)[0]} hemorrhage"]
    else:
        return None
    return _agreed(kind, term, wordings, "bleeding as hemorrhage")


def _structure_by_adjective(kind: str, term: str) -> Match | None:
    """Last step for body sites: a site said by its noun that SNOMED CT names by its adjective
    (``jejunum`` is *Jejunal structure*), each adjective of the site adjectives table tried; never a
    choice between them."""
    if kind != "body-site":
        return None
    adjectives = _site_noun_adjectives().get(normalize(term), ())
    if not adjectives:
        return None
    return _agreed(kind, term, [f"{a} structure" for a in adjectives], "the site by its adjective")


_INDUCED = re.compile(r"^(?P<cause>.+?) induced (?P<what>.+)$")
_ANY_DRUG = frozenset({"drug", "medication", "medicine", "medicament"})


def _drug_induced(kind: str, term: str) -> Match | None:
    """Last step for conditions: a disorder said induced by a drug the tables know by name or class
    ("statin-induced myopathy", "hydralazine-induced lupus") is the classification's drug-induced
    disorder (*Drug-induced myopathy*, G72.0; *Drug-induced systemic lupus erythematosus*, M32.0), when
    it has one; the drug stays in the text, as ICD-10-CM names it by a code of its own (the adverse
    effect, T36-T50). Also by the disorder's table name ("lupus" is systemic lupus erythematosus)."""
    if kind != "condition":
        return None
    found = _INDUCED.match(normalize(term))
    if found is None or found["cause"] in _ANY_DRUG:
        return None
    cause, what = found["cause"], found["what"]
    if match("medication", cause).status != "found" and match("substance", cause).status != "found":
        return None  # "tachycardia-induced cardiomyopathy": no drug
    row = match("condition", what).concept
    names = dict.fromkeys([what, *([row.term] if row is not None and row.term else [])])
    return _agreed(kind, term, [f"drug induced {n}" for n in names], f"induced by a drug ({cause}) as drug-induced")


# "X of rheumatic etiology" is "rheumatic X": one adjective naming the cause, after the name. Words
# that say the cause is not known are no cause ("fever of unknown origin" keeps its own reading).
_OF_CAUSE = re.compile(r"^(?P<name>.+?) of (?P<cause>[a-z][a-z-]*) (?:etiology|origin)$")
_NO_CAUSE = frozenset({"unknown", "undetermined", "uncertain", "unclear", "obscure", "other", "unspecified",
                       "mixed", "multiple", "multifactorial", "indeterminate", "doubtful", "different"})


def _of_cause(kind: str, term: str) -> Match | None:
    """Conditions and findings: ``mitral valve disease of rheumatic etiology`` (or ``origin``) means
    ``rheumatic mitral valve disease`` when those words have one concept; never a choice."""
    if kind not in ("condition", "finding"):
        return None
    m = _OF_CAUSE.match(normalize(term))
    if not m or m.group("cause") in _NO_CAUSE:
        return None
    found = _match(kind, f"{m.group('cause')} {m.group('name')}", False, _ACTIVE.get())
    if found.concept is None:
        return None
    return Match(kind, term, found.concept, f"cause words ({found.how})")


# How the terminologies name a disorder by its cause: ICD-10-CM "Pneumonia due to Streptococcus
# pneumoniae", SNOMED CT "Pneumonia caused by Klebsiella pneumoniae", case reports "secondary to".
_CAUSED = (" due to ", " caused by ", " secondary to ")


def _cause_turned(kind: str, term: str) -> Match | None:
    """Conditions and findings: a disorder named with its cause first (``Streptococcus pneumoniae
    pneumonia``, ``iron deficiency anemia``) means the disorder *due to* or *caused by* that cause,
    and a disorder said *due to*, *caused by* or *secondary to* a cause means the same with the
    other joining words or with the cause first (``sepsis due to Staphylococcus aureus`` =
    ``Staphylococcus aureus sepsis``). Each way of splitting the words is tried against steps 1-4;
    the answer is taken only when every way that finds a concept finds the same one (never a pick)."""
    if kind not in ("condition", "finding"):
        return None
    key = normalize(term)
    ways: list[list[str]] = []  # each way of splitting: its wordings
    # split the padded key: a name that begins with the joining words ("due to cytomegalovirus") has
    # nothing before them, and is no disorder with a cause
    joined = [([p.strip() for p in f" {key} ".split(j, 1)], j) for j in _CAUSED if j in f" {key} "]
    if len(joined) == 1 and all(p.strip() for p in joined[0][0]):
        (name, cause), said = joined[0]
        ways = [[f"{name}{j}{cause}" for j in _CAUSED[:2] if j != said] + [f"{cause} {name}"]]
    elif not joined:
        w = key.split()
        ways = [[f"{' '.join(w[k:])}{j}{' '.join(w[:k])}" for j in _CAUSED[:2]] for k in range(1, len(w))]
    found: list[KnownConcept] = []
    for wordings in ways:
        concepts = [m.concept for m in (_direct(kind, t) for t in wordings) if m is not None and m.concept]
        if len(concepts) == 2 and {c.system for c in concepts[0].codings}.isdisjoint(
                c.system for c in concepts[1].codings):
            # one wording in SNOMED CT's words, the other in ICD-10-CM's: both codings, as step 4 gives
            concepts = [replace(concepts[0], codings=concepts[0].codings + concepts[1].codings)]
        found += concepts
    if not found:
        return None
    concept, candidates = _decide(found)
    return Match(kind, term, concept, "cause words turned round", candidates)


# "history of X" as case reports write it: "past medical history of X", "h/o X", "known history of X", and a
# past procedure as "status post X" / "s/p X"
_HISTORY = re.compile(r"^(?:(?:(?:past|previous|prior|personal|known|remote|family) )?(?:medical |surgical )?"
                      r"(?:history of|h o)|status post|s p) (?P<what>.+)$")


def _history(kind: str, term: str) -> Match | None:
    """Conditions: a past disorder said as its history ("history of tuberculosis", "h/o hypertension")
    is SNOMED CT's situation *History of ...* the Global Patient Set names and ICD-10-CM's *Personal
    history of ...*, when exactly one of each has the words (both codings when both do). A family
    history is not read here: a relative's condition is a FamilyMemberHistory."""
    m = _HISTORY.match(normalize(term))
    if kind != "condition" or not m or normalize(term).startswith("family"):
        return None
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    level, gps = index.find(f"history of {m['what']}", ("situation",)) if index is not None else (-1, [])
    icd_how, icd = _icd_concepts(kind, f"personal history of {m['what']}")
    gps_c = [_gps_concept(kind, c) for c in gps] if level == 0 else []
    if not gps_c and not icd:  # the disorder by another of its names: "history of stroke" is a history
        gps_c, icd, icd_how = _history_by_names(kind, m["what"])  # of cerebrovascular accident
    if len(gps_c) == 1 and len(icd) == 1:
        return Match(kind, term, replace(gps_c[0], codings=gps_c[0].codings + icd[0].codings),
                     f"history of (SNOMED CT GPS situation + {icd_how})")
    if len(gps_c) == 1:
        return Match(kind, term, gps_c[0], "history of (SNOMED CT GPS situation)")
    if len(icd) == 1:
        return Match(kind, term, icd[0], f"history of ({icd_how})")
    return None


_SITUATION = re.compile(r"^(?:family )?history of \S")


def _situation(kind: str, term: str) -> Match | None:
    """Observations: a history asked about ("family history of diabetes mellitus", the stated negative
    of a family history with no relative named, ``value: absent``) is the situation the Global Patient
    Set names with those words, exactly (*Family history of diabetes mellitus*)."""
    if kind != "observation" or not _SITUATION.match(normalize(term)):
        return None
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    level, found = index.find(term, ("situation",)) if index is not None else (-1, [])
    if level == 0 and len(found) == 1:
        return Match(kind, term, _gps_concept(kind, found[0]), "SNOMED CT GPS situation")
    # a past disorder by another of its names, as a condition's history is read ("history of stroke":
    # *History of cerebrovascular accident*, "family history of diabetes": *Family history of diabetes
    # mellitus*); only the situation, not ICD-10-CM's personal or family history
    key = normalize(term)
    if key.startswith("family history of "):
        found = _situations_by_names(kind, _other_names(key.removeprefix("family history of ")), "family history of")
        return Match(kind, term, found[0], "SNOMED CT GPS situation") if len(found) == 1 else None
    past = _history("condition", term)
    situation = tuple(c for c in past.concept.codings if c.system == SNOMED) if past and past.concept else ()
    if not situation:
        return None
    return Match(kind, term, replace(past.concept, kind=kind, codings=situation), "SNOMED CT GPS situation")


def _history_by_names(kind: str, what: str) -> tuple[list[KnownConcept], list[KnownConcept], str]:
    """The GPS *History of ...* situations and ICD-10-CM *Personal history of ...* codes named after
    the disorder's other names: its table row's term, aliases and codings' displays ("stroke" is
    *Cerebrovascular accident*, "breast cancer" *Malignant neoplasm of breast*), each code once."""
    names = _other_names(what)
    icd: dict[str, KnownConcept] = {}
    how = ""
    for name in names:
        icd_how, icd_hits = _icd_concepts(kind, f"personal history of {name}")
        if icd_how.endswith("exact"):
            icd.update((c.codings[0].code, c) for c in icd_hits)
            how = icd_how
    return _situations_by_names(kind, names, "history of"), list(icd.values()), how


def _other_names(what: str) -> list[str]:
    """The names of the disorder ``what`` reads as: its table row's term, aliases and codings' displays."""
    found = match("condition", what).concept
    if found is None:
        return []
    return list(dict.fromkeys(n.lower() for n in (found.term, *found.aliases,
                                                  *(c.display or "" for c in found.codings)) if n))


def _situations_by_names(kind: str, names: list[str], prefix: str) -> list[KnownConcept]:
    """The GPS situations ``prefix`` + one of ``names`` (a disorder's, :func:`_other_names`): *History
    of ...*, *Family history of ...*; each code once."""
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    if index is None:
        return []
    gps: dict[str, KnownConcept] = {}
    for name in names:
        level, hits = index.find(f"{prefix} {name}", ("situation",))
        gps.update((c.code, _gps_concept(kind, c)) for c in hits if level == 0)
    return list(gps.values())


# An organism named with its genus cut to an initial: "E. coli", "S. aureus", "K. pneumoniae".
_ABBREVIATED = re.compile(r"\b([A-Za-z])\.\s*([a-z]{3,})\b")


def _genus_written_out(kind: str, term: str, suggest: bool) -> Match | None:
    """Conditions, findings and tests: an organism written with its genus cut to an initial (``E.
    coli sepsis``, ``S. aureus bacteremia``) means the organism named in full, when the Global
    Patient Set names one organism only with that initial and species."""
    if kind not in ("condition", "finding", "observation") or not _ABBREVIATED.search(term):
        return None
    from fhirconv.terminology.organisms import binomials

    known = binomials()
    unknown = False

    def full(m: re.Match[str]) -> str:
        nonlocal unknown
        name = known.get((m.group(1).lower(), m.group(2)))
        unknown = unknown or name is None
        return name or m.group()

    written = _ABBREVIATED.sub(full, term)
    if unknown:
        return None
    found = _match(kind, written, suggest, _ACTIVE.get())
    if found.status == "none":
        return None
    return replace(found, term=term, how=f"genus written out ({found.how})")


LOINC = "http://loinc.org"
# A LOINC long common name without its property: "Glucose [Mass/volume] in Blood" and "Glucose
# [Moles/volume] in Blood" are one test measured two ways, as are "Eosinophils [#/volume] in Blood by
# Automated count" and "Eosinophils/100 leukocytes in Blood by Automated count".
_STRIP = re.compile(r"\s+by Test strip$", re.IGNORECASE)
_PROPERTY = re.compile(r"\s*\[[^\]]*\]|\s*\(viral load\)|/100 (?:leukocytes|erythrocytes)")


def _test_key(display: str) -> str:
    """A LOINC name without its property (and the "(viral load)" that follows a quantity of nucleic
    acid: the measured twin of *Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA ...* is
    *... RNA [Units/volume] (viral load) in Serum or Plasma by NAA ...*), and without "by Test strip"
    (a strip says present or absent; the measured twin of *Protein [Presence] in Urine by Test
    strip* is *Protein [Mass/volume] in Urine*)."""
    return " ".join(_STRIP.sub("", _PROPERTY.sub("", display)).lower().split())


def _loinc(concept: KnownConcept) -> list[Coding]:
    return [c for c in concept.codings if c.system == LOINC]


def match_with_unit(kind: str, term: str, unit: str | None, *, suggest: bool = False,
                    lookup: Callable[..., Match] | None = None) -> Match:
    """:func:`match`, then the unit of the value. A concept with a LOINC code whose usual unit has
    another dimension than ``unit`` (:func:`fhirconv.terminology.dimensions.fits`) measures something
    else, so it is not taken. The same test measured in that unit is taken instead when exactly one
    concept of the tables is: its LOINC name differs only in the property (*Glucose [Moles/volume]
    in Blood* for *Glucose [Mass/volume] in Blood*) and its usual unit fits. Otherwise there is no
    code, and ``unit_mismatch`` names the concept the unit ruled out. When the words fit several
    tests (*reticulocyte count*: the percentage or the count), the one test whose usual unit the
    value's unit fits is taken; with none or more than one, none is. A unit's annotation that names
    how the value is expressed (``ug/mL{FEU}``) is read with the words first (*D-dimer FEU*)."""
    look = lookup or match  # the caller's look-up (convert's, which the look-up benchmark records)
    words = annotated(term, unit)
    if words:
        found = look(kind, words, suggest=suggest)
        if found.concept is not None:
            return measured_in(found, unit)
    return measured_in(look(kind, term, suggest=suggest), unit)


_ANNOTATION = re.compile(r"\{([A-Za-z][A-Za-z0-9-]*)\}")


def annotated(term: str, unit: str | None) -> str | None:
    """The words with what the unit's annotation says was measured ("D-dimer" in ``ug/mL{FEU}``:
    ``D-dimer FEU``), looked up before the words alone; None when the unit has no annotation."""
    said = _ANNOTATION.search(unit or "")
    return f"{term} {said.group(1)}" if said else None


def measured_in(found: Match, unit: str | None) -> Match:
    """``found`` (a :func:`match` verdict) checked against the unit of the value, as
    :func:`match_with_unit` describes."""
    concept = found.concept
    if unit and concept is None and found.candidates:
        fitting = [c for c in found.candidates if c.unit and _loinc(c) and fits(unit, c.unit)]
        if len(fitting) == 1:
            return Match(found.kind, found.term, fitting[0], f"{found.how or 'term'}, one of "
                         f"{len(found.candidates)} by the unit {unit}")
        return found
    if not unit or concept is None:
        return found
    # a measured amount is not the answer of a test that says present or absent
    presence = not concept.unit and _presence_only(concept)
    if not presence and (not concept.unit or not _loinc(concept) or fits(unit, concept.unit) is not False):
        return found
    kind, term = found.kind, found.term
    same = _same_test(kind, concept, unit)
    if same is not None:
        return Match(kind, term, same, f"{found.how}, then the unit {unit}")
    return Match(kind, term, None, found.how, suggestions=found.suggestions, unit_mismatch=concept, unit=unit)


def _presence_only(concept: KnownConcept) -> bool:
    """Whether every LOINC code of ``concept`` is an ordinal presence test (*Protein [Presence] in
    Urine by Test strip*), whose result has no unit."""
    loinc = _loinc(concept)
    return bool(loinc) and all(says_presence(c.display) for c in loinc)


# What a LOINC name tests, for its presence twin: the component without a parenthesised use ("(pregnancy
# test)") and the specimen without a method ("by Immunoassay"), serum and plasma as one; a note after
# the property ("(viral load)") is not part of either
_COMPONENT = re.compile(r"^(.*?)\s*\[[^\]]*\]\s*(?:\([^)]*\)\s*)?in\s+(.*?)(?:\s+by\s+.*)?$", re.IGNORECASE)
_SERUM = frozenset({"serum or plasma", "serum", "plasma"})


def _analyte(display: str, *, merged: bool = True) -> tuple[str, str] | None:
    """(component, specimen) of a LOINC name, as :data:`_COMPONENT` reads it, serum and plasma as one
    unless not ``merged``; None for a panel or study."""
    m = _COMPONENT.match(display)
    if m is None:
        return None
    component = re.sub(r"\s*\([^)]*\)", "", m.group(1)).lower()
    specimen = m.group(2).lower()
    return component, "serum" if merged and specimen in _SERUM else specimen


def presence_twin(kind: str, displays: list[str]) -> KnownConcept | None:
    """The one concept of the tables whose LOINC codes test for the presence of what the LOINC codes
    named ``displays`` measure an amount of, in the same specimen (serum and plasma as one): *Rheumatoid
    factor [Presence] in Serum* for *Rheumatoid factor [Units/volume] in Serum or Plasma*, for a
    result that says "positive". None when there is none or more than one."""
    wanted = {a for a in map(_analyte, displays) if a}
    if not wanted:
        return None
    found: dict[frozenset[tuple[str, str]], KnownConcept] = {}
    for other in table().concepts:
        loinc = _loinc(other) if other.kind == kind and not other.unit else []
        if loinc and all(says_presence(c.display) for c in loinc) and any(_analyte(c.display) in wanted
                                                                         for c in loinc):
            found.setdefault(other.code_set(), other)
    return next(iter(found.values())) if len(found) == 1 else None


def _same_test(kind: str, concept: KnownConcept, unit: str) -> KnownConcept | None:
    current = table()
    index = current.test_index(_test_key, LOINC)
    positions = sorted({i for c in _loinc(concept) for i in index.get((kind, _test_key(c.display)), ())})
    found: list[KnownConcept] = []
    for other in (current.concepts[i] for i in positions):
        if other.code_set() == concept.code_set():
            continue
        if fits(unit, other.unit) and all(other.code_set() != f.code_set() for f in found):
            found.append(other)
    if found:
        return found[0] if len(found) == 1 else None
    return _same_analyte(kind, concept, unit)


def _same_analyte(kind: str, concept: KnownConcept, unit: str) -> KnownConcept | None:
    """The one concept whose LOINC codes measure what ``concept``'s do, in a unit that ``unit`` fits,
    in the same specimen or in one that "serum or plasma" includes, by the same method or one of the two
    naming none: *Hepatitis B virus DNA [Units/volume] in Serum* for an HBV DNA test in serum or plasma by
    NAA whose value is in ``[IU]/mL`` (but not plasma ammonia's serum twin, since the words named
    plasma, nor a calculated LDL cholesterol for a direct one). A pass over the table, made only when
    the value's unit rules out the concept and no test of the same name fits."""
    wanted = _tests(concept)
    if not wanted:
        return None
    current = table()
    found: dict[frozenset[tuple[str, str]], KnownConcept] = {}
    for i, tests in current.analyte_index(_tests):
        other = current.concepts[i]
        if other.kind != kind or other.code_set() == concept.code_set():
            continue
        if any(_same_analyte_test(a, b) for a in wanted for b in tests) and fits(unit, other.unit):
            found.setdefault(other.code_set(), other)
    return next(iter(found.values())) if len(found) == 1 else None


def _tests(concept: KnownConcept) -> list[tuple[str, str, str]]:
    """(component, specimen, method) of each LOINC name of ``concept``, serum and plasma kept apart."""
    out = []
    for coding in _loinc(concept):
        analyte = _analyte(coding.display, merged=False)
        if analyte is not None:
            method = coding.display.split(" by ", 1)[1].lower() if " by " in coding.display else ""
            out.append((*analyte, method))
    return out


def _same_analyte_test(one: tuple[str, str, str], other: tuple[str, str, str]) -> bool:
    specimens = {one[1], other[1]}
    return (one[0] == other[0] and (one[2] == other[2] or "" in (one[2], other[2]))
            and (len(specimens) == 1 or ("serum or plasma" in specimens and specimens <= _SERUM)))


# Words that say how, where or how much, or what sort of thing, but not what: sharing only these
# makes no close term ("hot flush" is no *Contact with hot toaster*, "viral syndrome" no
# *Compartment syndrome*, "2/6 systolic murmur" no *Kabuki syndrome, type 2*)
_WEAK_WORDS = (
    "acute", "chronic", "subacute", "active", "severe", "mild", "moderate", "left", "right", "bilateral",
    "unilateral", "upper", "lower", "distal", "proximal", "oral", "serum", "plasma", "blood", "level", "test",
    "count", "syndrome", "disease", "disorder", "symptom", "symptoms", "finding", "use", "hot", "cold", "late",
    "early", "onset", "type", "stage", "grade", "unspecified", "other", "sequela", "initial", "subsequent",
    "encounter", "total", "positive", "negative", "abnormal", "normal", "high", "low", "extremity", "limb",
    "acid", "per", "due", "primary", "secondary", "general", "generalized", "local", "localized", "ill",
    "appearing", "toxicity", "diagnostic", "therapeutic", "hand", "contact", "with", "without",
    "laparoscopic", "open", "endoscopic", "percutaneous", "robotic", "surgical", "repeat", "factor", "medical",
    "concentration", "value", "measurement", "increased", "increase", "elevated", "elevation", "raised",
    "decreased", "decrease", "reduced", "reduction", "diminished", "worsening", "persistent")


@lru_cache(maxsize=1)
def _weak() -> frozenset[str]:
    """:data:`_WEAK_WORDS` as keys, made when a hint first needs them (not at import: every run imports
    this module, few ask for close terms)."""
    return frozenset(normalize(w) for w in _WEAK_WORDS)


def _seen(word: str) -> int:
    """How many table rows and ICD-10-CM texts have the word."""
    from fhirconv.terminology import icd10cm

    return len(table().with_word(word)) + icd10cm.index().word_count(word)


def _weight(word: str) -> float:
    """What a word says, by how few rows and texts have it (:func:`_seen`): "germ" says more than
    "cell", "testicular" more than "tumor"."""
    import math

    return math.log(1 + 100_000 / (1 + _seen(word)))


def _says_more_than_shared(said: set[str], shared: set[str]) -> bool:
    """Whether the words of a term a close term leaves out say more than those it shares. Only words
    the tables or ICD-10-CM know weigh (an abbreviation or a misspelling, "PEA", cannot be judged)
    and not the words of :data:`_WEAK_WORDS`."""
    left = {w for w in said - shared - _weak() if _seen(w)}
    return sum(map(_weight, left)) > sum(map(_weight, shared))


def suggestions(kind: str, term: str, limit: int = 3) -> tuple[KnownConcept, ...]:
    """Up to ``limit`` concepts of ``kind`` close to ``term``: hints, never applied. Close means
    sharing at least half of the words of each side, one of them a word that says what the thing
    is (not only how, where or how much: :data:`_WEAK_WORDS`), and the words shared saying at least
    as much as the words of the term left out (:func:`_weight`: "testicular germ cell tumour" is no
    *Mast cell tumor*); numbers and single letters do not count."""
    said = {w for w in words(normalize(term or "")) if not w.isdigit() and len(w) > 1}
    strong = said - _weak()
    if not strong:
        return ()
    need = (len(said) + 1) // 2
    found = []
    for c, text in overlap(term, kinds=(kind,), limit=limit * 4, min_shared=need):
        theirs = {w for w in words(normalize(text)) if not w.isdigit() and len(w) > 1}
        shared = said & theirs
        if c.origin == "ICD-10-CM" and c.codings and text != c.codings[0].display:
            # an inclusion term shares the words, but the code is its title's: "Arrest" is Z65.3
            # *Problems related to other legal circumstances*, no hint for a "PEA arrest"
            shared &= set(words(normalize(c.codings[0].display)))
        if shared & strong and 2 * len(said & theirs) >= len(theirs) and not _says_more_than_shared(said, shared):
            found.append(c)
        if len(found) == limit:
            break
    return tuple(found)


def overlap(term: str, *, kinds: tuple[str, ...] | None = None, system: str | None = None, limit: int = 10,
            icd: bool = True, min_shared: int = 1, gps: bool = False) -> list[tuple[KnownConcept, str]]:
    """Concepts that share words with ``term``, best first: (concept, the text that matched).

    Ranked by how many of the query's words they have, then by how few other words, then by term.
    ``gps``: SNOMED CT Global Patient Set concepts too (``fhirconv terms search``; convert's hints
    stay with the tables and ICD-10-CM)."""
    query = set(words(normalize(term or "")))
    if not query:
        return []
    scored: list[tuple[tuple[Any, ...], KnownConcept, str]] = []
    tab = table()
    for i in sorted(set().union(*(tab.with_word(w) for w in query))):
        c = tab.concepts[i]
        if (kinds and c.kind not in kinds) or (system and all(x.system != system for x in c.codings)):
            continue
        best = max((len(query & set(words(normalize(t)))), -len(words(normalize(t))), t)
                   for t in (c.term, *c.aliases))
        if best[0] >= min_shared:
            scored.append(((-best[0], -best[1] - best[0], 0, c.term.lower(), c.kind), c, best[2]))
    if icd and (not kinds or set(kinds) & set(ICD_KINDS)) and system in (None, ICD10CM):
        from fhirconv.terminology import icd10cm

        ix = icd10cm.index()
        for hit in ix.overlap(query, limit):
            if hit.shared >= min_shared:
                scored.append(((-hit.shared, hit.words - hit.shared, 1, hit.text.lower(), "condition"),
                              _icd_concept(hit.code, hit.description, ix.version, hit.text), hit.text))
    if gps and system in (None, SNOMED):
        scored.extend(_gps_overlap(query, kinds, limit, min_shared))
    scored.sort(key=lambda s: s[0])
    return [(c, text) for _, c, text in scored[:limit]]


def _gps_overlap(query: set[str], kinds: tuple[str, ...] | None, limit: int,
                 min_shared: int) -> list[tuple[tuple[Any, ...], KnownConcept, str]]:
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    out: list[tuple[tuple[Any, ...], KnownConcept, str]] = []
    for kind in kinds or tuple(GPS_TAGS):
        if index is None or kind not in GPS_TAGS:
            continue
        for c, shared, nwords in index.overlap(query, GPS_TAGS[kind], limit):
            if shared >= min_shared:
                out.append(((-shared, nwords - shared, 2, c.name.lower(), kind), _gps_concept(kind, c), c.name))
    return out

