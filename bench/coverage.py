"""How many clinical concepts of converted cases carry a code, and how many are text only.

    python bench/coverage.py                      # samples/ and tests/terminology/cases/
    python bench/coverage.py case.yaml cases/ --format json
    python bench/coverage.py --missing            # also list the concepts written as text only

Each case is converted with the library (``fhirconv.api.convert_file``). A concept is a
CodeableConcept that says what something clinical is: Condition.code, bodySite, stage summary,
MedicationStatement.medication[x] and dosage route, Procedure.code, Observation.code, coded values
(valueCodeableConcept, also in components), AllergyIntolerance.code and reaction.manifestation,
Immunization.vaccineCode, FamilyMemberHistory.condition.code and the laterality, subtype and intent
extensions.
Categories, statuses, interpretations, methods (criteria wording), notes and narrative are free
text or fixed FHIR codes by nature and are not counted. A concept is coded when one of its codings
has a system and a code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = (ROOT / "samples", ROOT / "tests" / "terminology" / "cases")
CASE_SUFFIXES = (".yaml", ".yml", ".json")

# Keys whose value is a clinical concept (a CodeableConcept or a list of them).
CONCEPT_KEYS = {"code", "bodySite", "medicationCodeableConcept", "route", "valueCodeableConcept", "summary",
                "vaccineCode", "manifestation"}
# Extensions that carry a clinical concept.
# Extension names (URL tails): fhirconv's own, and mCODE's laterality qualifier and procedure
# intent, which the converter writes by default.
CONCEPT_EXTENSIONS = ("laterality", "condition-subtype", "therapy-intent", "mcode-laterality-qualifier",
                      "mcode-procedure-intent")
# Elements never counted: fixed FHIR codes or free text by nature.
SKIP_KEYS = {"category", "clinicalStatus", "verificationStatus", "interpretation", "method", "note", "text",
             "meta", "identifier", "status", "statusReason", "type", "quantity", "valueQuantity",
             "referenceRange", "effectiveTiming", "timing", "doseAndRate", "subject", "focus", "reference"}


@dataclass
class Concept:
    path: str
    text: str
    coded: bool


@dataclass
class FileCoverage:
    name: str
    concepts: list[Concept] = field(default_factory=list)
    error: str | None = None

    @property
    def coded(self) -> int:
        return sum(c.coded for c in self.concepts)

    @property
    def total(self) -> int:
        return len(self.concepts)

    @property
    def percent(self) -> float:
        return 100.0 * self.coded / self.total if self.total else 100.0


def _is_coded(cc: dict[str, Any]) -> bool:
    return any(isinstance(c, dict) and c.get("system") and c.get("code") for c in cc.get("coding", []))


def _label(cc: dict[str, Any]) -> str:
    if cc.get("text"):
        return str(cc["text"])
    for c in cc.get("coding", []):
        if c.get("display"):
            return str(c["display"])
    return "?"


def concepts(resource: dict[str, Any]) -> Iterator[Concept]:
    """The clinical concepts of one FHIR resource (R4 or R5)."""
    yield from _walk(resource, resource.get("resourceType", "?"))


def _as_concept(node: Any, path: str) -> Iterator[Concept]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _as_concept(item, f"{path}[{i}]")
        return
    if isinstance(node, dict) and ("coding" in node or "text" in node):
        yield Concept(path, _label(node), _is_coded(node))
        yield from _extensions(node.get("extension", []), path)


def _extensions(exts: Any, path: str) -> Iterator[Concept]:
    for i, ext in enumerate(exts if isinstance(exts, list) else []):
        url = str(ext.get("url", ""))
        if url.rsplit("/", 1)[-1] in CONCEPT_EXTENSIONS and "valueCodeableConcept" in ext:
            yield from _as_concept(ext["valueCodeableConcept"], f"{path}.extension[{i}]")


def _walk(node: Any, path: str) -> Iterator[Concept]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = f"{path}.{key}"
        if key == "extension":
            yield from _extensions(value, path)
        elif key == "medication" and isinstance(value, dict) and "concept" in value:  # R5 CodeableReference
            yield from _as_concept(value["concept"], f"{here}.concept")
        elif key in CONCEPT_KEYS:
            yield from _as_concept(value, here)
        elif key not in SKIP_KEYS:
            yield from _walk(value, here)


def result_word(concept: Concept) -> bool:
    """A coded value that is only a result word ("negative", "normal"): coded since 2026-12-04."""
    from fhirconv.mappers.observation import RESULT_WORDS

    return concept.path.endswith("valueCodeableConcept") and " ".join(concept.text.lower().split()) in RESULT_WORDS


def measure(path: Path, without_result_words: bool = False) -> FileCoverage:
    """Convert one case file and collect its concepts (without the coded values that are only a result
    word, to compare with figures measured before those were coded)."""
    from fhirconv.api import convert_file
    from fhirconv.issues import FhirconvError

    out = FileCoverage(path.name)
    try:
        conv = convert_file(str(path))
    except FhirconvError as exc:
        out.error = "; ".join(i.message for i in exc.issues) or str(exc)
        return out
    for resource in conv.resources:
        out.concepts.extend(c for c in concepts(resource) if not (without_result_words and result_word(c)))
    return out


def _fhir(path: Path) -> bool:
    """A FHIR file (a Bundle converted next to its case), not a case: skipped in a directory."""
    if path.suffix != ".json":
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "resourceType" in data and "fhirconv" not in data


def case_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.suffix in CASE_SUFFIXES and f.is_file() and not _fhir(f))
        elif p.exists():
            found.append(p)
    return found


def report(results: list[FileCoverage]) -> dict[str, Any]:
    coded = sum(r.coded for r in results)
    total = sum(r.total for r in results)
    return {
        "files": [{"file": r.name, "coded": r.coded, "total": r.total, "percent": round(r.percent, 1),
                   "error": r.error, "text_only": [f"{c.path}: {c.text}" for c in r.concepts if not c.coded]}
                  for r in results],
        "overall": {"coded": coded, "total": total, "percent": round(100.0 * coded / total, 1) if total else 100.0},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, help="case files or directories (default: samples/ and "
                    "tests/terminology/cases/)")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--missing", action="store_true", help="list the concepts written as text only")
    ap.add_argument("--without-result-words", action="store_true", help="leave out coded values that are only "
                    "a result word (negative, normal, ...), as figures measured before 2026-12-04 did")
    args = ap.parse_args(argv)
    files = case_files(args.paths or list(DEFAULT_PATHS))
    if not files:
        print("no case files found", file=sys.stderr)
        return 2
    data = report([measure(f, args.without_result_words) for f in files])
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return 0
    width = max(len(f["file"]) for f in data["files"])
    print(f"{'file':<{width}}  coded  total  percent")
    for f in data["files"]:
        if f["error"]:
            print(f"{f['file']:<{width}}  error: {f['error']}")
            continue
        print(f"{f['file']:<{width}}  {f['coded']:>5}  {f['total']:>5}  {f['percent']:>6.1f}%")
        if args.missing:
            for item in f["text_only"]:
                print(f"{'':<{width}}    text only: {item}")
    o = data["overall"]
    print(f"{'overall':<{width}}  {o['coded']:>5}  {o['total']:>5}  {o['percent']:>6.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
