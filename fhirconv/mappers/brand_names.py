"""A drug named by its brand (``Lasix``, ``Solu-Medrol``): coded as the ingredients RxNorm's branded
products name (:mod:`fhirconv.terminology.brands`), the brand kept as the code's text.

Only when the words have no code of their own (a table row, an alias, the Global Patient Set), so
a brand the tables list under its ingredient keeps that row. A combination brand whose ingredients
no table row codes together stays text, and the information line names the ingredients.
"""

from __future__ import annotations

import re

from fhirconv.case.model import Concept
from fhirconv.mappers.context import MapContext
from fhirconv.mappers.qualifiers import RELEASE_WORDS
from fhirconv.terminology import brands, match

HINT = "give `codes` on the item to choose the branded product itself"


def ingredient(ctx: MapContext, concept: Concept | None, path: tuple, kind: str = "medication") -> str | None:
    """The table term to look up in place of a brand name (an information line says so), or None."""
    if concept is None or concept.codes or not concept.term or match(kind, concept.term).status != "none":
        return None
    name = concept.term
    words = name.split()
    found = brands.find(name)
    if found is None and len(words) > 1 and words[-1].lower().strip(".") in RELEASE_WORDS:
        found = brands.find(" ".join(words[:-1]))  # "Toprol XL": the release form is said in the text
    if found is None:
        return _with_brand(ctx, name, path, kind)
    said = f"{found.brand!r} is the brand of {found.ingredients} (RxNorm {_codes(found)})"
    if found.term and match(kind, found.term).status == "found":
        ctx.warn(path, f"{kind} {name!r} is coded as {found.term!r}: {said}",
                 severity="information", hint=HINT)
        return found.term
    ctx.warn(path, f"{kind} {name!r} has no code: {said}, which no table row codes together",
             severity="information", hint="name each ingredient as a drug of its own, or give `codes` on the item")
    return None


# A drug and its brand, one in brackets after the other: "imatinib (Gleevec)", "Hydrea (hydroxyurea)"
_PAIR = re.compile(r"^\s*([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*$")


def _with_brand(ctx: MapContext, name: str, path: tuple, kind: str) -> str | None:
    """The drug's words when the other words of the pair are its brand: both name the same concept."""
    pair = _PAIR.match(name)
    if pair is None:
        return None
    for drug, brand in (pair.groups(), pair.groups()[::-1]):
        found = brands.find(brand)
        said = match(kind, drug)
        if found is None or not found.term or said.status != "found" \
                or said.concept != match(kind, found.term).concept:
            continue
        ctx.warn(path, f"{kind} {name!r} is coded as {drug!r}: {found.brand!r} is the brand of "
                 f"{found.ingredients} (RxNorm {_codes(found)})", severity="information", hint=HINT)
        return drug
    return None


def _codes(found: brands.Brand) -> str:
    """The first branded product read (the data file lists them all, with their artefacts)."""
    codes = found.products.split()
    return codes[0] + (f" and {len(codes) - 1} more" if len(codes) > 1 else "")
