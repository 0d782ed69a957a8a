"""Write the curated tables from the candidates file: every code must be stated in an artefact.

    python tools/terminology/build.py [--candidates tools/terminology/candidates.tsv]

Reads ``tools/terminology/curated/*.csv`` (columns ``kind,term,aliases,system,code,match,unit``) and
writes ``fhirconv/terminology/data/<same name>.csv``. A curated row names either a ``code`` or, with
the code left empty, the display to ``match`` (case-insensitive, SNOMED CT semantic tag ignored);
the code is then taken from the artefact that states that display. A row whose code no artefact
states, or whose display matches more than one code, stops the build: nothing is written from
memory. The display written is the artefact's (SNOMED CT without its semantic tag); the source is
the first artefact in order of preference (HL7 packages, then Synthea, then the others).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "fhirconv" / "terminology" / "data"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SYSTEM_NAMES = {"snomed": SNOMED, "sct": SNOMED, "loinc": LOINC, "ln": LOINC, "rxnorm": RXNORM,
                "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
                "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"}
HEADER = ["kind", "term", "aliases", "system", "code", "display", "unit", "source"]
_TAG = re.compile(r"\s+\((disorder|finding|procedure|body structure|qualifier value|observable entity|"
                  r"situation|regime/therapy|morphologic abnormality|event|substance|product|"
                  r"clinical drug|medicinal product|record artifact|assessment scale|staging scale|"
                  r"tumor staging|physical object|specimen|environment|navigational concept|"
                  r"cell structure|cell|attribute|organism)\)$")


def strip_tag(display: str) -> str:
    return _TAG.sub("", display).strip()


def _rank(source: str) -> int:
    for i, prefix in enumerate(("hl7.fhir.us.mcode", "hl7.fhir.uv.ips", "hl7.terminology", "hl7.fhir.r4.examples",
                                "Synthea", "nmdp-ig", "canvas-medical")):
        if source.startswith(prefix):
            return i
    # artefacts added later come last, so the rows built before keep the source they cite
    if source.startswith(("PRESERVE-Coordinating-Center", "ahdis/ch-elm", "OHDSI/", "hl7.fhir.uv.genomics-reporting",
                          "miracum/")):
        return 100
    if source.startswith("Healthedata1/"):
        return 101
    if source.startswith("HL7/US-Core "):
        return 102
    if source.startswith("NLM RxNorm "):
        return 103
    return 99


def load_candidates(path: Path) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(system, code) -> [(display, unit, source)], best source first."""
    seen: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            seen[(row["system"], row["code"])].append((row["display"], row["unit"], row["source"]))
    for entries in seen.values():
        entries.sort(key=lambda e: (_rank(e[2]), e[2], e[0]))
    return seen


def existing_displays(data: Path, curated: Path) -> dict[tuple[str, str], str]:
    """Displays already used by the hand-kept tables, so one code keeps one display everywhere."""
    out: dict[tuple[str, str], str] = {}
    for path in data.glob("*.csv"):
        if (curated / path.name).exists():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[(row["system"], row["code"])] = row["display"]
    return out


def _icd10cm(code: str) -> list[tuple[str, str, str]]:
    """The code's ICD-10-CM description from simple_icd_10_cm, the table tests' own reference."""
    from importlib.metadata import version

    import simple_icd_10_cm as cm

    if not cm.is_valid_item(code):
        return []
    return [(cm.get_description(code), "", f"ICD-10-CM via simple_icd_10_cm {version('simple_icd_10_cm')}")]


def _key(display: str) -> str:
    return " ".join(strip_tag(display).lower().split())


def build(candidates: Path, curated: Path = HERE / "curated", data: Path = DATA) -> int:
    """Write data/NAME.csv for every curated/NAME.csv; 1, writing nothing, when a row could not be
    resolved."""
    seen = load_candidates(candidates)
    by_display: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (system, code), entries in seen.items():
        for display, _, _ in entries:
            by_display[(system, _key(display))].add(code)
    fixed = existing_displays(data, curated)
    errors = 0
    counts: dict[str, int] = {}
    tables: dict[Path, list[list[str]]] = {}
    for spec in sorted(curated.glob("*.csv")):
        rows: list[list[str]] = []
        with spec.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                where = f"{spec.name}:{line}"
                system = SYSTEM_NAMES.get(row["system"], row["system"])
                code = row["code"].strip()
                if not code:
                    codes = by_display.get((system, _key(row["match"])), set())
                    if len(codes) != 1:
                        print(f"{where}: {row['match']!r} matches {sorted(codes) or 'no code'}", file=sys.stderr)
                        errors += 1
                        continue
                    code = next(iter(codes))
                # ICD-10-CM is public domain and ships with simple_icd_10_cm
                entries = _icd10cm(code) if system == ICD10CM else seen.get((system, code))
                if not entries:
                    print(f"{where}: {system}|{code} is stated in no artefact", file=sys.stderr)
                    errors += 1
                    continue
                wanted = _key(row["match"]) if row["match"] else None
                chosen = next((e for e in entries if wanted is None or _key(e[0]) == wanted), entries[0])
                display = fixed.get((system, code)) or (strip_tag(chosen[0]) if system == SNOMED else chosen[0])
                if system == RXNORM:
                    display = display.lower()
                rows.append([row["kind"], row["term"], row["aliases"], system, code, display, row["unit"],
                             chosen[2]])
        tables[data / spec.name] = rows
    if errors:  # a partial table would drop rows silently: nothing is written
        print(f"{errors} rows could not be resolved: nothing written", file=sys.stderr)
        return 1
    for out, rows in tables.items():
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
        print(f"{len(rows)} rows -> {out}", file=sys.stderr)
        counts[out.name] = len(rows)
    _readme_counts(data / "README.md", counts)
    return 0


def _readme_counts(readme: Path, counts: dict[str, int]) -> None:
    """The data README's table of files states each table's rows: written here, so it stays true."""
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    fixed = re.sub(r"^\| `([a-z0-9-]+\.csv)` \| \d+ \|",
                   lambda m: f"| `{m.group(1)}` | {counts[m.group(1)]} |" if m.group(1) in counts else m.group(0),
                   text, flags=re.M)
    if fixed != text:
        readme.write_text(fixed, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=Path, default=HERE / "candidates.tsv")
    return build(ap.parse_args(argv).candidates)


if __name__ == "__main__":
    raise SystemExit(main())
