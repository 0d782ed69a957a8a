"""Collect every code stated with a display in the open artefacts into one candidates file.

    python tools/terminology/extract.py --synthea GITDIR --package TGZ... --examples DIR \
        --canvas GITDIR --cibmtr GITDIR --onconova GITDIR --pcdc GITDIR --pddi GITDIR --cpic GITDIR --ichom GITDIR \
        --uscore GITDIR --hl7pt GITDIR --hl7ch GITDIR... --flowsheet GITDIR --hl7be GITDIR --miipatho GITDIR \
        --preserve GITDIR --chelm GITDIR --ohdsi GITDIR --ipsfsh GITDIR --uslabs GITDIR --uscore9 GITDIR \
        --twins GITDIR --rxnorm GITDIR -o tools/terminology/candidates.tsv

Each line: system, code, display, unit, source. ``build.py`` takes the curated rows from here.
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import sources  # noqa: E402

USCORE_DIR = "src/test/resources/structureDefinitions/r4/uscore3"
# PEDSnet's laboratory and measurement code sets (its condition and drug sets hold no LOINC rows)
# the IPS IG's procedures value set as an enumerated SNOMED IPS free set expansion (removed later)
IPS_FREE_SET = "input/fsh/valuesets/ProceduresSnomedCtIpsFreeSet.fsh"
IPS_FREE_SET_COMMIT = "b3f82c83600810651991dbd8a3a1991ec63d794f"
# NLM's RxNorm Current Prescribable Content (release of 6 October 2025) as extracted per letter by
# davidanderson3/rxnorm-ingredients; the snapshot does not hold the letter A (web/data/A.json)
RXNORM_PRESCRIBE_COMMIT = "a8fcf13a679fa37073e8fa83e11d5e0d8cc07276"
RXNORM_PRESCRIBE_DATE = "2025-10-06"
PRESERVE_DIRS = ("lab_meas", "phys_meas", "procedures", "anthro")
# the US Core 9.0.0 IG source: its examples and profiles (occupation, jugular vein distension, heart rate rhythm)
USCORE9_DIRS = ("input/examples", "input/resources")
USCORE9_COMMIT = "85bf4af6eec4beed9f2bb0ac317964fc029e1970"
# miracum/loinc-conversion's pairs of LOINC codes for one test in two units
TWINS_TABLE = "data/conversion.tsv"
TWINS_COMMIT = "9971147ed0f0fbadd25c677d4d364b011fdf52bc"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthea", type=Path, help="git directory of synthetichealth/synthea")
    ap.add_argument("--package", type=Path, action="append", default=[], help="npm FHIR package tarball")
    ap.add_argument("--examples", type=Path, help="folder of official FHIR example resources")
    ap.add_argument("--canvas", type=Path, help="git directory of canvas-medical/canvas-plugins")
    ap.add_argument("--cibmtr", type=Path, help="git directory of nmdp-ig/cibmtr-reporting-ig")
    ap.add_argument("--onconova", type=Path, help="git directory of onconova/fhir (FSH value sets)")
    ap.add_argument("--pcdc", type=Path, help="git directory of chicagopcdc/linkml-data-dictionary")
    ap.add_argument("--pddi", type=Path, help="git directory of HL7/PDDI-CDS (XML value sets)")
    ap.add_argument("--cpic", type=Path, help="git directory of cpicpgx/cpic-schema (CPIC drug table)")
    ap.add_argument("--ichom", type=Path, help="git directory of HL7/fhir-ichom-breast-cancer-ig (FSH)")
    ap.add_argument("--uscore", type=Path, help="git directory of synthetichealth/synthea (its copy of US Core "
                    "3.1.1, src/test/resources/structureDefinitions/r4/uscore3)")
    ap.add_argument("--hl7pt", type=Path, help="git directory of hl7-pt/terminologias (FSH ValueSet instances)")
    ap.add_argument("--hl7ch", type=Path, action="append", default=[],
                    help="git directory of a Swiss HL7 IG source (hl7ch/ch-lab-order, ch-lab-report, ch-epreg)")
    ap.add_argument("--flowsheet", type=Path, help="git directory of LHNCBC/flowsheet-lhc (LOINC tests)")
    ap.add_argument("--hl7be", type=Path, help="git directory of hl7-be/lab (FSH with system URLs)")
    ap.add_argument("--miipatho", type=Path, help="git directory of medizininformatik-initiative/"
                    "kerndatensatzmodul-PathologieBefund (FSH)")
    ap.add_argument("--preserve", type=Path, help="git directory of PRESERVE-Coordinating-Center/preserve_codesets "
                    "(PEDSnet OMOP code sets, CSV)")
    ap.add_argument("--chelm", type=Path, help="git directory of ahdis/ch-elm (Swiss electronic laboratory report IG)")
    ap.add_argument("--ohdsi", type=Path, help="git directory of OHDSI/PhenotypeLibrary (cohort concept sets)")
    ap.add_argument("--ipsfsh", type=Path, help="git directory of HL7/fhir-ips (its FSH procedures free set, "
                    f"at commit {IPS_FREE_SET_COMMIT[:7]})")
    ap.add_argument("--uslabs", type=Path, help="git directory of Healthedata1/USCDI5-Sandbox (its copy of "
                    "LOINC's Universal Lab Order Codes Value Set)")
    ap.add_argument("--uscore9", type=Path, help="git directory of HL7/US-Core (the US Core 9.0.0 IG source, "
                    f"at commit {USCORE9_COMMIT[:7]}: its examples and profiles)")
    ap.add_argument("--twins", type=Path, help="git directory of miracum/loinc-conversion (pairs of LOINC codes "
                    "for one test in two units), read last")
    ap.add_argument("--rxnorm", type=Path, help="git directory of davidanderson3/rxnorm-ingredients (NLM's RxNorm "
                    f"Current Prescribable Content of {RXNORM_PRESCRIBE_DATE}, per letter, at commit "
                    f"{RXNORM_PRESCRIBE_COMMIT[:7]}), read last")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args(argv)
    seen: set[sources.Seen] = set()
    if args.synthea:
        seen.update(sources.synthea(args.synthea))
    for tarball in args.package:
        seen.update(sources.fhir_package(tarball))
    if args.examples:
        seen.update(sources.fhir_examples(args.examples))
    if args.canvas:
        seen.update(sources.canvas_value_sets(args.canvas))
    if args.cibmtr:
        seen.update(sources.cibmtr_value_sets(args.cibmtr))
    if args.onconova:
        # only its NCI Thesaurus concepts: some of its LOINC displays belong to other codes
        seen.update(s for s in sources.fsh_value_sets(args.onconova, "input/fsh", "onconova/fhir (MIT)")
                    if s.system == sources.NCIT)
    if args.pcdc:
        seen.update(sources.linkml_enums(args.pcdc))
    if args.pddi:
        seen.update(sources.fhir_xml_value_sets(args.pddi, "input/vocabulary", "HL7/PDDI-CDS (CC0-1.0)"))
    if args.cpic:
        seen.update(sources.cpic_drugs(args.cpic))
    if args.ichom:
        seen.update(sources.fsh_value_sets(args.ichom, "input/fsh", "HL7/fhir-ichom-breast-cancer-ig (CC0-1.0)"))
    if args.uscore:
        seen.update(sources.git_fhir_json(args.uscore, USCORE_DIR, "hl7.fhir.us.core@3.1.1 (CC0, as kept by Synthea, "
                                          "Apache-2.0)"))
    if args.hl7pt:
        seen.update(sources.instance_value_sets(args.hl7pt, "input/fsh/valueSets",
                                                "hl7-pt/terminologias (CC0-1.0)"))
    for git_dir in args.hl7ch:
        name = git_dir.parent.name.replace("+", "/") if git_dir.name == "repo" else git_dir.name
        seen.update(sources.fsh_codings(git_dir, "input/fsh", f"{name} (CC0-1.0)"))
    if args.flowsheet:
        seen.update(sources.flowsheet_tests(args.flowsheet, "LHNCBC/flowsheet-lhc (NLM, BSD-style)"))
    if args.hl7be:
        seen.update(sources.fsh_url_codings(args.hl7be, "input/fsh", "hl7-be/lab (CC0-1.0)"))
    if args.miipatho:
        seen.update(sources.fsh_codings(args.miipatho, "input/fsh",
                                        "medizininformatik-initiative/kerndatensatzmodul-PathologieBefund (CC0-1.0)"))
    if args.preserve:
        seen.update(sources.omop_concept_csvs(args.preserve, PRESERVE_DIRS, "PRESERVE-Coordinating-Center/"
                                              "preserve_codesets (LOINC licence)"))
    if args.chelm:
        seen.update(sources.git_fhir_json(args.chelm, "input/resources", "ahdis/ch-elm (CC0-1.0)"))
        seen.update(sources.fsh_codings(args.chelm, "input/fsh", "ahdis/ch-elm (CC0-1.0)"))
    if args.ohdsi:
        # procedures only, and only codes no other artefact states: it fills gaps, it changes no row
        known = {(s.system, s.code) for s in seen}
        seen.update(s for s in sources.ohdsi_cohort_concepts(args.ohdsi, "OHDSI/PhenotypeLibrary (Apache-2.0)")
                    if (s.system, s.code) not in known)
    if args.ipsfsh:
        # procedures of the SNOMED IPS free set, enumerated before the value set became an ECL definition;
        # only codes no other artefact states
        known = {(s.system, s.code) for s in seen}
        seen.update(s for s in sources.fsh_expansions(args.ipsfsh, (IPS_FREE_SET,), "HL7/fhir-ips (CC0-1.0; "
                                                      "SNOMED IPS Terminology CC BY 4.0)", IPS_FREE_SET_COMMIT)
                    if (s.system, s.code) not in known)
    if args.uslabs:
        seen.update(sources.loinc_csv(args.uslabs, "input/data/LoincUniversalLabOrdersValueSet.csv",
                                      "Healthedata1/USCDI5-Sandbox (LOINC licence; MIT)"))
    if args.uscore9:
        for folder in USCORE9_DIRS:
            seen.update(sources.git_fhir_json(args.uscore9, folder, "HL7/US-Core (hl7.fhir.us.core 9.0.0, CC0-1.0)",
                                              USCORE9_COMMIT))
    if args.twins:
        # last: a code the pairs name that no artefact above does, named as its twin is with its own property
        names: dict[str, collections.Counter[str]] = {}
        for s in seen:
            if s.system == sources.LOINC:
                names.setdefault(s.code, collections.Counter())[s.display] += 1
        known = {code: min(c, key=lambda d: (-c[d], d)) for code, c in names.items()}
        seen.update(sources.unit_twins(args.twins, TWINS_TABLE, "miracum/loinc-conversion (Apache-2.0; LOINC licence)",
                                       known, TWINS_COMMIT))
    if args.rxnorm:
        # RxNorm's own ingredient list: every RxCUI it names with RxNorm's name, whoever else states it
        seen.update(sources.rxnorm_prescribable(args.rxnorm, f"NLM RxNorm Current Prescribable Content "
                                                f"{RXNORM_PRESCRIBE_DATE} (SAB=RXNORM, no licence restrictions; "
                                                "extract davidanderson3/rxnorm-ingredients)",
                                                RXNORM_PRESCRIBE_COMMIT))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["system", "code", "display", "unit", "source"])
        for s in sorted(seen, key=lambda s: (s.system, s.code, s.source, s.display, s.unit)):
            out.writerow([s.system, s.code, s.display, s.unit, s.source])
    print(f"{len(seen)} code occurrences -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
