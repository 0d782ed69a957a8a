"""Brand names of drugs: the ingredients an RxNorm branded product names, read from artefacts.

``data/brands.tsv`` (written by ``tools/terminology/brands.py``, never by hand) maps a brand
(``Lasix``) to its ingredients (``furosemide``) and the table term that codes them. A brand is
looked up only when the drug's words have no code of their own; the coding written is then the
ingredient's, and the brand stays as the text. Read on the first brand look-up only: start-up and
coded drugs never open the file.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import NamedTuple

from fhirconv.terminology.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "brands.tsv"


class Brand(NamedTuple):
    brand: str  # as RxNorm writes it
    ingredients: str  # "amoxicillin / clavulanate"
    term: str  # the table term that codes the ingredients; "" when none does
    products: str  # the RxNorm codes of the branded products read
    source: str  # their artefacts


@cache
def _index() -> dict[str, Brand]:
    """Brand by its look-up key. Keying the file's brands took about 13 ms of every process's first
    brand look-up; the keyed rows are kept in the cache directory (:func:`fhirconv.diskcache.kept`),
    named by the file and the code that keys them."""
    from fhirconv.diskcache import kept

    here = Path(__file__).resolve().parent
    rows = kept("brands", [DATA, Path(__file__).resolve(), here / "normalize.py"], _read, _valid)
    return {row[0]: Brand(*row[1:]) for row in rows}


def _read() -> list[tuple[str, ...]]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        return [(normalize(row["brand"]), *Brand(**row)) for row in csv.DictReader(fh, delimiter="\t")]


def _valid(found: object) -> bool:
    return type(found) is list and all(
        type(row) is tuple and len(row) == len(Brand._fields) + 1 and all(type(x) is str for x in row)
        for row in found)


@cache
def _squashed() -> dict[str, Brand]:
    """Brand by its look-up key without spaces ("Solu-Medrol" written "Solumedrol", "Depo Medrol"
    "DepoMedrol"); a squashed key two brands of other ingredients share is none."""
    out: dict[str, Brand | None] = {}
    for key, brand in _index().items():
        squashed = normalize(key.replace(" ", ""))
        seen = out.get(squashed, brand)
        out[squashed] = brand if seen is not None and seen.ingredients == brand.ingredients else None
    return {k: v for k, v in out.items() if v is not None}


def find(words: str) -> Brand | None:
    """The brand these words name (case, spacing, hyphens and punctuation aside), or None."""
    key = normalize(words or "")
    if not key:
        return None
    return _index().get(key) or _squashed().get(normalize(key.replace(" ", "")))


def brands() -> list[Brand]:
    """Every brand of the table (tests, ``fhirconv terms``)."""
    return list(_index().values())
