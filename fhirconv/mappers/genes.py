"""A genetic finding named by its gene: *Genetic variant assessment* with the gene studied.

Why: case reports name a variant by the gene's symbol ("MEFV gene variant", "CALR mutation",
"PCCA gene mutation analysis"), and no LOINC code names each gene's variants. mCODE's and Genomics
Reporting's variant profiles code such an Observation *Genetic variant assessment* (69548-6) and say
which gene in a *Gene studied [ID]* component (48018-6) coded with HGNC; the converter does the
same when the tables know no code for the whole name and its gene is an HGNC symbol, written as
HGNC writes it (upper case, so "MET" is a gene and "met" a verb). The whole name stays as the code's
text, and the value as the case gives it ("detected", "heterozygous c.2080A>G").
"""

from __future__ import annotations

import re
from typing import Any

from fhirconv.case.model import Concept, Observation
from fhirconv.mappers import snippets as s
from fhirconv.mappers.context import MapContext
from fhirconv.terminology import match
from fhirconv.terminology.genes import SYSTEM, Gene, gene

_SYMBOL = r"(?P<symbol>[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9])"
# a protein or DNA change written between the gene and the word "mutation": V600E, p.G47R, c.1136G>T
_CHANGE = r"(?:(?:p\.|c\.)?[A-Z*]?\d+[A-Za-z0-9>*_]*|exon \d+)"
_KIND = r"(?:mutations?|variants?|pathogenic variants?|deletions?|duplications?)"
_STUDY = r"(?:analysis|testing|test|screening|study|sequencing|status)"
_NAMES = (
    re.compile(rf"^{_SYMBOL}(?: gene)?(?: {_CHANGE})? {_KIND}(?: {_STUDY})?$", re.IGNORECASE),
    re.compile(rf"^(?:{_KIND}|genetic) {_STUDY} (?:of|in|for) (?:the )?{_SYMBOL} gene$", re.IGNORECASE),
    re.compile(rf"^{_SYMBOL} gene (?:{_STUDY}|sequence analysis|mutation screening)$", re.IGNORECASE),
)


def named_gene(term: str) -> tuple[Gene, str] | None:
    """The gene a finding's name reads as a variant of, and its symbol as written, or None. The
    symbol must be written as HGNC writes it, or be followed by the word "gene" ("pcca gene
    variant")."""
    words = " ".join(term.split())
    for pattern in _NAMES:
        m = pattern.match(words)
        if m is None:
            continue
        symbol = m.group("symbol")
        said_gene = re.search(rf"\b{re.escape(symbol)} gene\b", words, re.IGNORECASE) is not None
        found = gene(symbol) or (gene(symbol.upper()) if said_gene else None)
        return (found, symbol) if found else None
    return None


def variant(ctx: MapContext, o: Observation) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(code, gene component) of an observation that names a gene's variant and has no code of its
    own in the tables, or None."""
    term = o.concept.term if o.concept and not o.concept.codes else None
    if not term or match("observation", term).status != "none":
        return None
    named = named_gene(term)
    if named is None:
        return None
    found, written = named
    path = (*o.path, "observation")
    code = s.codeable(ctx, Concept("genetic variant assessment"), "observation", path, text=term, warn=False)
    studied = s.codeable(ctx, Concept("gene studied"), "observation", path, warn=False)
    if not code or not code.get("coding") or not studied or not studied.get("coding"):
        return None  # a terms file that takes those rows away leaves the name as text
    ctx.warn(path, f"observation {term!r} is coded as {code['coding'][0].get('display')!r} with its gene "
             f"studied {found.symbol!r} ({found.hgnc_id}); the whole name stays as the code's text",
             severity="information")
    component = {"code": studied,
                 "valueCodeableConcept": {"coding": [s.coding(SYSTEM, found.hgnc_id, found.symbol)],
                                          "text": written}}
    return code, component
