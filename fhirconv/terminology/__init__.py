"""Code tables as data files, looked up by a person's words.

Every ``*.csv`` in ``data/`` has the columns ``kind,term,aliases,system,code,display,unit,source``
(``unit`` may be missing: it reads as empty). Rows with the same kind and term give several codings
of one concept (SNOMED CT and ICD-10-CM for a condition, say). ``source`` cites where the code and
display were checked. Users add or override rows with files of the same columns (``--terms``,
:mod:`fhirconv.terminology.userterms`). Nothing is read at import time: the tables load on the
first look-up, and the shipped ICD-10-CM index (:mod:`fhirconv.terminology.icd10cm`) only when a
condition or a finding is not in the tables, or a hint is wanted.

The stable functions:

- ``lookup(kind, term) -> tuple[Coding, ...]``: the codings of ``term``, empty when unknown or
  ambiguous;
- ``lookup_concept(kind, term) -> KnownConcept | None``: the same with the concept's ``unit`` (the
  usual UCUM unit of a lab test or vital sign, ``""`` when the table gives none), ``term``,
  ``aliases`` and ``origin``; e.g. ``lookup_concept("observation", "haemoglobin").unit == "g/dL"``;
- ``match(kind, term, suggest=False) -> Match``: the full verdict (``status`` "found", "ambiguous"
  or "none", the candidates, suggestions), see :mod:`fhirconv.terminology.matching`;
- ``match_with_unit(kind, term, unit)``: the same for a measured value, whose unit must fit the
  LOINC code's usual unit (8 ``%`` of eosinophils is not the count *Eosinophils [#/volume]*);
- ``known(system, code) -> Coding | None``: the table row of a code, to check a display;
- ``normalize(term)``: the look-up key; ``using(user_terms)``: a block with user terms in force.

A term with no match has no code: mappers keep it as text and warn, never guess.
"""

from __future__ import annotations

from typing import Any

from fhirconv.terminology.matching import Match, active_terms, match, match_with_unit, using
from fhirconv.terminology.normalize import normalize
from fhirconv.terminology.tables import Coding, KnownConcept

SYSTEMS = {
    "snomed": "http://snomed.info/sct",
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "loinc": "http://loinc.org",
    "ucum": "http://unitsofmeasure.org",
    "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
    "ncim": "http://ncimeta.nci.nih.gov",
}
SYSTEM_NAMES = {
    SYSTEMS["snomed"]: "SNOMED CT", SYSTEMS["icd10cm"]: "ICD-10-CM", SYSTEMS["rxnorm"]: "RxNorm",
    SYSTEMS["loinc"]: "LOINC", SYSTEMS["ucum"]: "UCUM", SYSTEMS["ncit"]: "NCI Thesaurus",
    SYSTEMS["ncim"]: "NCI Metathesaurus",
}

__all__ = ["SYSTEMS", "Coding", "KnownConcept", "Match", "active_terms", "known", "lookup", "lookup_concept",
           "match", "match_with_unit", "normalize", "using"]


def lookup(kind: str, term: str) -> tuple[Coding, ...]:
    """Codings for ``term`` of ``kind`` (``condition``, ``medication``...), empty when unknown or ambiguous."""
    found = match(kind, term).concept
    return found.codings if found else ()


def lookup_concept(kind: str, term: str) -> KnownConcept | None:
    """The concept ``term`` of ``kind`` names, with its codings and usual unit; None when unknown or
    ambiguous."""
    return match(kind, term).concept


def known(system: str, code: str) -> Coding | None:
    """The table row for a code (user terms first), to check a display given elsewhere against ours."""
    from fhirconv.terminology.matching import known_coding

    return known_coding(system, code)


def _table() -> Any:
    """Load the built-in tables (before worker processes fork, so each starts warm)."""
    from fhirconv.terminology.matching import table

    return table()
