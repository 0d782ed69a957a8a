"""Write the curated rows of the RxNorm ingredients that no other table codes.

    python tools/terminology/rxnorm_rows.py [--candidates tools/terminology/candidates.tsv]

Why: case reports name drugs of every specialty (entecavir, caspofungin, posaconazole); the other
tables code the drugs some artefact happened to name. RxNorm's Current Prescribable Content names
every prescribable ingredient (``extract.py --rxnorm``). Writes
``tools/terminology/curated/medication-rxnorm.csv`` (then ``build.py``), one row per ingredient
(``IN``) or multiple-ingredient concept (``MIN``) of that release whose RxCUI no other table codes,
named as RxNorm names it; a name another table's row has (a SNOMED CT product, or its alias) is
written under that row's term, so the concept carries both codings. Left out: a name another table
already gives to an RxNorm code, a name two RxCUIs share once normalized or under one row's term
(the converter could not tell them apart), and allergen extracts.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from fhirconv.terminology.normalize import normalize  # noqa: E402

sys.path.insert(0, str(HERE))
from sources import BRANDED  # noqa: E402

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LABEL = "NLM RxNorm Current Prescribable Content"
OUT = HERE / "curated" / "medication-rxnorm.csv"
DATA = ROOT / "fhirconv" / "terminology" / "data"
# allergen extracts for immunotherapy (pea allergenic extract, cat hair extract): their words are foods,
# animals and plants that cases write in other senses, and they would weigh in every word match
_EXTRACT = re.compile(r"\bextract\b", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--candidates", type=Path, default=HERE / "candidates.tsv")
    args = ap.parse_args(argv)
    coded: set[str] = set()
    named: set[str] = set()
    terms: dict[str, str] = {}  # a medication's words -> the term of the row that has them
    for table in sorted(DATA.glob("*.csv")):
        if table.name == OUT.name:
            continue
        with table.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words = [normalize(t) for t in [row["term"], *row["aliases"].split("|")] if t]
                if row.get("system") == RXNORM:
                    coded.add(row["code"])
                    named.update(words)
                if row.get("kind") == "medication":
                    terms.update((w, row["term"]) for w in words if w not in terms)
    names: dict[str, str] = {}
    with args.candidates.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if (row["system"] == RXNORM and row["source"].startswith(LABEL) and not row["source"].endswith(BRANDED)
                    and not _EXTRACT.search(row["display"])):
                names[row["code"]] = row["display"]
    by_key: dict[str, set[str]] = defaultdict(set)
    for code, name in names.items():
        by_key[normalize(name)].add(code)
    # a name another row has (a SNOMED CT product, or its alias: hydroxyurea beside hydroxycarbamide)
    # is written under that row's term, so the concept carries both codings
    chosen = [(terms.get(key, names[code]), code) for key, codes in by_key.items()
              if len(codes) == 1 and key not in named for code in codes if code not in coded]
    # two RxCUIs under one row's term (phytonadione and vitamin K1, aliases of phytomenadione): neither
    per_term = Counter(term for term, _ in chosen)
    rows = sorted((term, code) for term, code in chosen if per_term[term] == 1)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["kind", "term", "aliases", "system", "code", "match", "unit"])
        out.writerows(["medication", term, "", "rxnorm", code, names[code], ""] for term, code in rows)
    shared = sum(len(c) for c in by_key.values() if len(c) > 1) + sum(n for n in per_term.values() if n > 1)
    print(f"{len(rows)} rows -> {OUT}; left out: {len(names) - len(rows)} (coded or named by another table, "
          f"or {shared} sharing a name)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
