"""Write the curated table of SNOMED CT procedures the VSAC value sets enumerate and nothing else codes.

    python tools/terminology/vsac_procedures.py [--candidates tools/terminology/candidates.tsv]

Why: case reports name operations and interventions (enterolithotomy, nephroureterectomy, vagotomy,
radical neck dissection, closure of colostomy) that neither the Global Patient Set nor a table row
codes, while the eCQM value sets NLM's VSAC publishes, as canvas-medical/canvas-plugins keeps them,
enumerate thousands of SNOMED CT procedures with their fully specified names. Reads the candidates
file (``extract.sh``) and writes ``tools/terminology/curated/procedures-vsac.csv`` (``build.py`` then
writes the data table with each row's source): one row per SNOMED CT ``(procedure)`` concept a VSAC
set states, named as SNOMED CT names it (the fully specified name without its tag), and only when

- no other table row codes it and the Global Patient Set does not hold it (those are found already);
- its name, as written or in another word order, is no term, alias or GPS procedure name already
  (a new row never makes an old look-up ambiguous or different);
- no other such concept has its name in the same words (two codes for one name are no answer).
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from fhirconv.terminology.gps_keys import fsn_parts
from fhirconv.terminology.normalize import normalize, order_key

HERE = Path(__file__).resolve().parent
CURATED = HERE / "curated"
OUT = CURATED / "procedures-vsac.csv"
SNOMED = "http://snomed.info/sct"
VSAC = "canvas-medical/canvas-plugins"


def _keys(name: str) -> set[str]:
    key = normalize(name)
    return {key, f"~{order_key(key)}"} - {"", "~"}


def taken() -> tuple[set[str], set[str], object]:
    """(SNOMED CT codes, procedure look-up keys) the tables other than this one already hold, with the
    keys of the GPS procedure names, and the GPS index (whose codes are found already)."""
    from fhirconv.terminology import gps_data
    from fhirconv.terminology.tables import builtin_rows

    codes: set[str] = set()
    keys: set[str] = set()
    for row in builtin_rows():
        if row.file == OUT.name:
            continue
        if row.system == SNOMED:
            codes.add(row.code)
        if row.kind == "procedure":
            for term in (row.term, *row.aliases):
                keys |= _keys(term)
    index = gps_data.index()
    if index is None:
        raise SystemExit("the GPS index is missing: run `python -m fhirconv.terminology.gps_data` first")
    for tag in ("procedure", "regime/therapy"):
        for name in index.names(tag):
            keys |= _keys(name)
    return codes, keys, index


def rows(candidates: Path) -> list[tuple[str, str]]:
    """(name, code) of each procedure to write, sorted by name."""
    named: dict[str, str] = {}
    with candidates.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["system"] != SNOMED or not row["source"].startswith(VSAC):
                continue
            name, tag = fsn_parts(row["display"])
            if tag == "procedure":
                named.setdefault(row["code"], name)
    codes, keys, index = taken()
    by_key: dict[str, set[str]] = defaultdict(set)
    for code, name in named.items():
        for key in _keys(name):
            by_key[key].add(code)
    out = [(name, code) for code, name in named.items()
           if code not in codes and index.concept(code) is None and not (_keys(name) & keys)
           and all(len(by_key[k]) == 1 for k in _keys(name))]
    return sorted(out, key=lambda r: (r[0].lower(), r[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=Path, default=HERE / "candidates.tsv")
    args = ap.parse_args()
    found = rows(args.candidates)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "term", "aliases", "system", "code", "match", "unit"])
        w.writerows(("procedure", name, "", "sct", code, "", "") for name, code in found)
    print(f"{len(found)} rows -> {OUT}")


if __name__ == "__main__":
    main()
