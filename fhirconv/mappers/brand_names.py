"""A drug named by its brand (``Lasix``, ``Solu-Medrol``): coded as the ingredients RxNorm's branded
products name (:mod:`fhirconv.terminology.brands`), the brand kept as the code's text.

Only when the words have no code of their own (a table row, an alias, the Global Patient Set), so
a brand the tables list under its ingredient keeps that row. A combination brand whose ingredients
no table row codes together stays text, and the information line names the ingredients.
"""

from __future__ import annotations

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
        return None
    said = f"{found.brand!r} is the brand of {found.ingredients} (RxNorm {_codes(found)})"
    if found.term and match(kind, found.term).status == "found":
        ctx.warn(path, f"{kind} {name!r} is coded as {found.term!r}: {said}",
                 severity="information", hint=HINT)
        return found.term
    ctx.warn(path, f"{kind} {name!r} has no code: {said}, which no table row codes together",
             severity="information", hint="name each ingredient as a drug of its own, or give `codes` on the item")
    return None


def _codes(found: brands.Brand) -> str:
    """The first branded product read (the data file lists them all, with their artefacts)."""
    codes = found.products.split()
    return codes[0] + (f" and {len(codes) - 1} more" if len(codes) > 1 else "")
