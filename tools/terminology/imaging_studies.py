"""Write the imaging-study table from the LOINC radiology codes the artefacts state.

    python tools/terminology/imaging_studies.py [--candidates tools/terminology/candidates.tsv]

Why: case reports name a study by its modality and body region in many word orders ("abdominal
pelvic CT", "CT of the abdomen and pelvis", "X-ray of the left foot"); LOINC's radiology codes name
each such study once (*CT Abdomen and Pelvis*, *XR Foot - left Views*). Reads the LOINC rows of the
candidates file (``extract.sh``) whose display is of the plain form ``fhirconv.terminology.studies``
reads (modality, regions, side, contrast, and "Views" for a radiograph), and writes
``fhirconv/terminology/data/imaging-studies.tsv`` (columns ``code, display, source``), one row per
code and display, the first source in sorted order. The converter compares a person's words with
these displays at run time; a code the tables hold keeps the tables' display.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from fhirconv.terminology.studies import DATA, display_key

LOINC = "http://loinc.org"
HERE = Path(__file__).resolve().parent


def rows(candidates: Path) -> list[tuple[str, str, str]]:
    """(code, display, source) of each LOINC display of the plain form, sorted, first source kept."""
    found: dict[tuple[str, str], str] = {}
    with candidates.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["system"] != LOINC or display_key(row["display"]) is None:
                continue
            key = (row["code"], row["display"])
            if key not in found or row["source"] < found[key]:
                found[key] = row["source"]
    return sorted((code, display, source) for (code, display), source in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=Path, default=HERE / "candidates.tsv")
    args = parser.parse_args()
    out = rows(args.candidates)
    DATA.write_text("code\tdisplay\tsource\n" + "".join("\t".join(r) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} rows -> {DATA}")


if __name__ == "__main__":
    main()
