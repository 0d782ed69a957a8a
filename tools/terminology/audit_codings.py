"""List every distinct coding the converter writes for the case sets, so a person can read each once.

    python tools/terminology/audit_codings.py                 # samples/ and both test case sets
    python tools/terminology/audit_codings.py cases/ --format tsv > codings.tsv

Why: a wrong code (another concept, a broader or narrower one, a LOINC code of another specimen or
property, a salt for an ingredient) passes every check that reads a table row by itself; it shows
only beside the words it was given for. Each case is converted with ``fhirconv.api.convert_file``
and every coding of a terminology system (SNOMED CT, ICD-10-CM, RxNorm, LOINC, NCI Thesaurus) is
listed once per (element path, the concept's words, system, code, display), with the units of the
values it coded and the files using it. The issues that say a concept was coded from a qualifier
split (their message contains "first words") are listed after, as these code fewer words than the
text says.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATHS = (ROOT / "samples", ROOT / "tests" / "terminology" / "cases", ROOT / "tests" / "generality" / "cases")
CASE_SUFFIXES = (".yaml", ".yml", ".json")
SYSTEMS = {
    "http://snomed.info/sct": "SCT",
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD10CM",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RXNORM",
    "http://loinc.org": "LOINC",
    "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl": "NCIT",
    "http://ncimeta.nci.nih.gov": "NCIM",
}
Key = tuple[str, str, str, str, str]  # path, words, system, code, display


def case_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.is_file() and f.suffix in CASE_SUFFIXES)
        elif p.exists():
            found.append(p)
    return found


def _unit(node: dict[str, Any]) -> str:
    q = node.get("valueQuantity")
    if isinstance(q, dict):
        return str(q.get("code") or q.get("unit") or "")
    return ""


def codings(node: Any, path: str, unit: str = "") -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path without indices, the concept's text, one coding, the unit of the value it codes)."""
    if isinstance(node, list):
        for item in node:
            yield from codings(item, path, unit)
        return
    if not isinstance(node, dict):
        return
    if "coding" in node and isinstance(node["coding"], list):
        for c in node["coding"]:
            if isinstance(c, dict) and c.get("system") in SYSTEMS and c.get("code"):
                yield path, str(node.get("text", "")), c, unit
    here_unit = _unit(node) or unit
    for key, value in node.items():
        if key == "coding":
            continue
        if key == "extension" and isinstance(value, list):
            for ext in value:
                if isinstance(ext, dict):
                    tail = str(ext.get("url", "")).rsplit("/", 1)[-1]
                    yield from codings({k: v for k, v in ext.items() if k != "url"}, f"{path}.ext:{tail}", here_unit)
            continue
        yield from codings(value, f"{path}.{key}", here_unit if key in ("code", "component") else unit)


def audit(files: list[Path]) -> tuple[dict[Key, dict[str, set[str]]], list[tuple[str, str]], list[tuple[str, str]]]:
    from fhirconv.api import convert_file
    from fhirconv.issues import FhirconvError

    seen: dict[Key, dict[str, set[str]]] = defaultdict(lambda: {"files": set(), "units": set()})
    splits: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    for f in files:
        name = str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f)
        try:
            conv = convert_file(str(f))
        except FhirconvError as exc:
            errors.append((name, "; ".join(i.message for i in exc.issues) or str(exc)))
            continue
        for res in conv.resources:
            for path, text, c, unit in codings(res, res.get("resourceType", "?")):
                key = (path, text, SYSTEMS[c["system"]], str(c["code"]), str(c.get("display", "")))
                seen[key]["files"].add(f.stem)
                if unit:
                    seen[key]["units"].add(unit)
        for issue in conv.issues:
            if "first words" in issue.message:
                splits.append((name, re.sub(r"\s+", " ", issue.message)))
    return seen, splits, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="case files or folders (default: the three case sets)")
    ap.add_argument("--format", choices=("text", "tsv", "json"), default="text")
    args = ap.parse_args(argv)
    files = case_files(args.paths or list(DEFAULT_PATHS))
    seen, splits, errors = audit(files)
    rows = sorted(seen.items(), key=lambda kv: (kv[0][2], kv[0][3], kv[0][1].lower(), kv[0][0]))
    if args.format == "json":
        json.dump({"codings": [{"path": k[0], "text": k[1], "system": k[2], "code": k[3], "display": k[4],
                                "units": sorted(v["units"]), "files": sorted(v["files"])} for k, v in rows],
                   "qualifier_splits": [{"file": f, "message": m} for f, m in splits],
                   "errors": [{"file": f, "message": m} for f, m in errors]}, sys.stdout, indent=1)
        print()
        return 0
    sep = "\t" if args.format == "tsv" else " | "
    for (path, text, system, code, display), v in rows:
        files_txt = ",".join(sorted(v["files"]))
        print(sep.join((system, code, display, repr(text), path, ",".join(sorted(v["units"])), files_txt)))
    print(f"# {len(rows)} distinct codings, {len({(k[1].lower(), k[2], k[3]) for k in seen})} distinct "
          f"(words, system, code), {len(files)} files", file=sys.stderr if args.format == "tsv" else sys.stdout)
    if args.format == "text":
        print("\n# qualifier splits")
        for f, m in splits:
            print(f"{f}: {m}")
        for f, m in errors:
            print(f"# error {f}: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
