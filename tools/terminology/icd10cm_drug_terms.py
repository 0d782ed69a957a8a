"""Write ``fhirconv/terminology/data/icd10cm-drug-table.tsv.gz`` from ICD-10-CM's Table of Drugs and
Chemicals (CDC/NCHS, public domain): each substance's codes of a poisoning (accidental, intentional
self-harm) and of an adverse effect, so that "digoxin overdose" is T46.0X1- and "lead poisoning" T56.0X1-.

Only main terms are read (a substance's own name, without its nonessential modifiers, no comma): a
subterm ("Alcohol, ethyl") needs its main term's sense, and a main term that names an element whose
drug is a subterm is set aside (*Lithium* is the metal's toxic effect; lithium the drug is *Lithium,
salts*). Which words are keys is decided in :mod:`fhirconv.terminology.icd10cm_keys`.

Input: the 2025 table as CMS publishes it (``icd10cm-table-index-2025/icd-10-cm-drug-2025.xml``; a copy
is in wbdill/Python-sandbox01 at 612359c)::

    python tools/terminology/icd10cm_drug_terms.py icd-10-cm-drug-2025.xml
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from gz_table import write_gz_table

OUT = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data" / "icd10cm-drug-table.tsv.gz"
SOURCE = "ICD-10-CM Table of Drugs and Chemicals FY2025 (CDC/NCHS, public domain), icd-10-cm-drug-2025.xml " \
         "via wbdill/Python-sandbox01@612359c"
_CODE = re.compile(r"^T\d\d\.[0-9A-Z]{3}$")
# Elements whose clinical drug is a subterm: the main term is the element's toxic effect
_ELEMENT_NOT_DRUG = frozenset({"lithium"})


def _title(node: ET.Element) -> str:
    """A title's own words, without its nonessential modifiers (``<nemod>``)."""
    title = node.find("title")
    return " ".join((title.text or "").split()) if title is not None else ""


def rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(substance, accidental, intentional, adverse effect) of each main term; '' where the table has none."""
    out = []
    for term in ET.parse(path).getroot().iter("mainTerm"):
        name = _title(term)
        if not name or "," in name or name.lower() in _ELEMENT_NOT_DRUG or term.find("see") is not None:
            continue
        cells = {c.get("col"): (c.text or "").strip() for c in term.findall("cell")}
        codes = [cells.get(col, "") for col in ("2", "3", "6")]
        codes = [c if _CODE.match(c) else "" for c in codes]
        if codes[0]:
            out.append((name, *codes))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = sorted(set(rows(Path(argv[0]))), key=lambda r: (r[0].lower(), r))
    n = write_gz_table(OUT, SOURCE, ("substance", "accidental", "intentional", "adverse_effect"), found)
    print(f"{n} rows -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
