"""Organisms the Global Patient Set lacks, from an openly licensed SNOMED CT value set.

Why: culture results name organisms by the thousand and the GPS holds some five thousand; the
microorganism value set of the Portuguese clinical patient summary (hl7-pt/terminologias, CC0-1.0)
names 3,153 more (*Trichosporon asahii*, *Scedosporium apiospermum*, *Leishmania infantum*).
``data/organisms-open.tsv`` (written by ``tools/terminology/open_organisms.py``) holds each with its
name's look-up key, so reading it normalises nothing (about 2 ms, on the first look-up that misses
the tables and the GPS). Only a name written whole finds its organism.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "organisms-open.tsv"
SOURCE = "hl7-pt/terminologias (CC0-1.0) input/fsh/valueSets/cpal-microorganism.fsh"


@lru_cache(maxsize=1)
def rows() -> dict[str, tuple[str, str]]:
    """Look-up key -> (SNOMED CT code, name)."""
    out: dict[str, tuple[str, str]] = {}
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("key\t"):
                continue
            key, code, name = line.rstrip("\n").split("\t")
            out[key] = (code, name)
    return out


def find(key: str) -> tuple[str, str] | None:
    """(code, name) of the organism whose name has the look-up key ``key``, or None."""
    return rows().get(key)
