"""Read codes with their displays out of openly licensed artefacts, each occurrence with where it was seen.

The curated tables only take codes that one of these artefacts states with a display, so every
row can be re-checked by running ``extract.py`` again on the same artefacts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"

# Synthea writes short system names in its modules.
SYNTHEA_SYSTEMS = {"SNOMED-CT": SNOMED, "LOINC": LOINC, "RxNorm": RXNORM, "ICD-10-CM": ICD10CM}
SYSTEMS = {SNOMED, LOINC, RXNORM, ICD10CM, "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"}


@dataclass(frozen=True, slots=True)
class Seen:
    """One code stated with a display in one artefact."""

    system: str
    code: str
    display: str
    source: str
    unit: str = ""


def _walk(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def synthea(git_dir: Path, commit: str = "HEAD") -> Iterator[Seen]:
    """Codes in Synthea's modules (``src/main/resources/modules/**/*.json``) of a git mirror."""
    names = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", "--name-only", commit,
                            "src/main/resources/modules"], check=True, capture_output=True, text=True).stdout
    for name in sorted(n for n in names.splitlines() if n.endswith(".json")):
        text = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{name}"], check=True,
                              capture_output=True, text=True).stdout
        try:
            module = json.loads(text)
        except json.JSONDecodeError:
            continue
        source = f"Synthea (Apache-2.0) {name}"
        for node in _walk(module):
            unit = node.get("unit") if isinstance(node.get("unit"), str) else ""
            for key in ("codes", "value_code"):
                items = node.get(key)
                items = [items] if isinstance(items, dict) else items if isinstance(items, list) else []
                for c in items:
                    if not isinstance(c, dict):
                        continue
                    system = SYNTHEA_SYSTEMS.get(str(c.get("system")))
                    if system and c.get("code") and c.get("display"):
                        yield Seen(system, str(c["code"]).strip(), str(c["display"]).strip(), source,
                                   unit if key == "codes" else "")


def fhir_package(tarball: Path) -> Iterator[Seen]:
    """Codes in an npm FHIR package: ValueSet compose/expansion concepts and codings in any resource."""
    with tarfile.open(tarball) as tar:
        meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        label = f"{meta['name']}@{meta['version']}"
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".json") or "/other/" in member.name:
                continue
            raw = tar.extractfile(member)
            if raw is None:
                continue
            try:
                resource = json.load(io.TextIOWrapper(raw, encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            yield from _resource(resource, f"{label} {member.name.removeprefix('package/')}")


def fhir_examples(folder: Path) -> Iterator[Seen]:
    """Codes in a folder of FHIR JSON resources (the official examples)."""
    for path in sorted(folder.rglob("*.json")):
        try:
            resource = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        yield from _resource(resource, f"hl7.fhir.r4.examples@4.0.1 {path.name}")


def _resource(resource: object, source: str) -> Iterator[Seen]:
    for node in _walk(resource):
        system = node.get("system")
        if system not in SYSTEMS:
            continue
        if isinstance(node.get("code"), str) and isinstance(node.get("display"), str):
            yield Seen(system, node["code"].strip(), node["display"].strip(), source)
        for concept in node.get("concept", []) if isinstance(node.get("concept"), list) else []:
            if isinstance(concept, dict) and concept.get("code") and concept.get("display"):
                yield Seen(system, str(concept["code"]).strip(), str(concept["display"]).strip(), source)


def git_fhir_json(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """Codes in FHIR JSON resources kept in a git tree (e.g. the US Core 3.1.1 value sets that
    Synthea ships for its own tests, ``src/test/resources/structureDefinitions/r4/uscore3``)."""
    for name, text in _git_files(git_dir, commit, folder, ".json"):
        try:
            resource = json.loads(text)
        except json.JSONDecodeError:
            continue
        yield from _resource(resource, f"{label} {name}")


def _git_files(git_dir: Path, commit: str, folder: str, suffix: str) -> Iterator[tuple[str, str]]:
    names = subprocess.run(["git", "-C", str(git_dir), "ls-tree", "-r", "--name-only", commit, folder],
                           check=True, capture_output=True, text=True).stdout
    for name in sorted(n for n in names.splitlines() if n.endswith(suffix)):
        shown = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{name}"], capture_output=True,
                               text=True)
        if shown.returncode == 0:
            yield name, shown.stdout


_VS_NAME = re.compile(r'VALUE_SET_NAME = "([^"]+)"')
_OID = re.compile(r'OID = "([^"]+)"')
_SET = re.compile(r"^\s+(RXNORM|SNOMEDCT|LOINC|ICD10CM|CVX|CPT|HCPCS\w*|ICD9CM|ICD10PCS) = \{", re.M)
_ENTRY = re.compile(r'^\s+"([^"]+)",\s+# (.+)$')
_CANVAS_SYSTEMS = {"RXNORM": RXNORM, "SNOMEDCT": SNOMED, "LOINC": LOINC, "ICD10CM": ICD10CM}


def canvas_value_sets(git_dir: Path, commit: str = "HEAD") -> Iterator[Seen]:
    """VSAC value set expansions (eCQM) as kept in canvas-medical/canvas-plugins (MIT), one code a line."""
    for name, text in _git_files(git_dir, commit, "canvas_sdk/value_set/v2026", ".py"):
        for block in re.split(r"^class ", text, flags=re.M)[1:]:
            vs = _VS_NAME.search(block)
            oid = _OID.search(block)
            label = f"canvas-medical/canvas-plugins {name} (VSAC {vs.group(1) if vs else '?'}" \
                    f"{', ' + oid.group(1) if oid else ''})"
            system = None
            for line in block.splitlines():
                opened = _SET.match(line)
                if opened:
                    system = _CANVAS_SYSTEMS.get(opened.group(1))
                    continue
                if line.strip() == "}":
                    system = None
                    continue
                entry = _ENTRY.match(line)
                if system and entry:
                    yield Seen(system, entry.group(1), entry.group(2).strip(), label)


_FSH_RXN = re.compile(r'^\* \$RXN#(\d+)\s+"([^"]+)"', re.M)


def cibmtr_value_sets(git_dir: Path, commit: str = "HEAD") -> Iterator[Seen]:
    """RxNorm value sets of the NMDP/CIBMTR reporting IG (Apache-2.0), FSH sources."""
    for name, text in _git_files(git_dir, commit, "build/input/fsh/terminology/medications", ".fsh"):
        for code, display in _FSH_RXN.findall(text):
            yield Seen(RXNORM, code, display.strip(), f"nmdp-ig/cibmtr-reporting-ig (Apache-2.0) {name}")


NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
_FSH_ALIAS = re.compile(r"^Alias:\s*(\$?\w+)\s*=\s*(\S+)", re.M)
_FSH_CODE = re.compile(r'^\*\s+(\$?\w+)#([\w.-]+)\s+"([^"]+)"', re.M)
_FSH_SYSTEMS = {"http://snomed.info/sct": SNOMED, "http://loinc.org": LOINC, "http://www.nlm.nih.gov/research/umls/rxnorm":
                RXNORM, "http://hl7.org/fhir/sid/icd-10-cm": ICD10CM,
                "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl": NCIT}


def _fsh_matches(git_dir: Path, folder: str, label: str, commit: str, pattern: re.Pattern[str]) -> Iterator[Seen]:
    """``pattern``'s (alias, code, display) matches in an IG's FSH sources, with the code systems its
    ``Alias:`` lines name."""
    files = list(_git_files(git_dir, commit, folder, ".fsh"))
    aliases = {a: u for _, text in files for a, u in _FSH_ALIAS.findall(text)}
    for name, text in files:
        for alias, code, display in pattern.findall(text):
            system = _FSH_SYSTEMS.get(aliases.get(alias, ""))
            if system:
                yield Seen(system, code, " ".join(display.split()), f"{label} {name}")


def fsh_value_sets(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """Concepts listed in FHIR Shorthand value sets (``* $SCT#code "display"``) of an IG source tree."""
    return _fsh_matches(git_dir, folder, label, commit, _FSH_CODE)


_FSH_ANY_CODE = re.compile(r'(\$?\w+)#([\w.-]+)\s+"([^"]+)"')


def fsh_codings(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """Every ``$ALIAS#code "display"`` of an IG's FSH sources, wherever it stands (``* code = ...``,
    ``valueCoding = ...``, value set rules)."""
    return _fsh_matches(git_dir, folder, label, commit, _FSH_ANY_CODE)


_FSH_URL_CODE = re.compile(r'(https?://[^\s#"]+)#([\w.-]+)\s+"([^"]+)"')


def fsh_url_codings(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """Every ``http://system#code "display"`` of an IG's FSH sources (IGs that write the system's URL
    instead of an alias, such as HL7 Belgium's)."""
    for name, text in _git_files(git_dir, commit, folder, ".fsh"):
        for url, code, display in _FSH_URL_CODE.findall(text):
            system = _FSH_SYSTEMS.get(url)
            if system:
                yield Seen(system, code, " ".join(display.split()), f"{label} {name}")


_FLOWSHEET_ROW = re.compile(r"\{[^{}]*\}")
_FLOWSHEET_FIELD = re.compile(r'"([A-Z])":\s*"([^"]*)"')
_LOINC_CODE = re.compile(r"\d{1,6}-\d")


def flowsheet_tests(git_dir: Path, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """LOINC tests of LHNCBC/flowsheet-lhc's stores (``E`` the code, ``F`` its long common name); its
    units are not always UCUM, so none is taken."""
    for name, text in _git_files(git_dir, commit, "src/stores", ".js"):
        for match in _FLOWSHEET_ROW.finditer(text):
            fields = dict(_FLOWSHEET_FIELD.findall(match.group(0)))
            code, display = fields.get("E", ""), fields.get("F", "")
            if _LOINC_CODE.fullmatch(code) and display:
                yield Seen(LOINC, code, " ".join(display.split()), f"{label} {name}")


def loinc_csv(git_dir: Path, path: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """LOINC codes of a CSV with LOINC's own columns (``LOINC_NUM``, ``LONG_COMMON_NAME``), as LOINC
    distributes its Universal Lab Order Codes Value Set; no units (the file gives none)."""
    for name, text in _git_files(git_dir, commit, path, ".csv"):
        for row in csv.DictReader(io.StringIO(text)):
            code, display = (row.get("LOINC_NUM") or "").strip(), " ".join((row.get("LONG_COMMON_NAME") or "").split())
            if _LOINC_CODE.fullmatch(code) and display:
                yield Seen(LOINC, code, display, f"{label} {name}")


_INST_SYSTEM = re.compile(r'^\* compose\.include\[(\d+)\]\.system = "([^"]+)"', re.M)
_INST_LINE = re.compile(r'^\* compose\.include\[(\d+)\]\.concept\[(\d+)\]\.(code|designation\[\d+\]\.\w+) = (.+)$',
                        re.M)
FSN_USE = "900000000000003001"
_SEMANTIC_TAG = re.compile(r"\((disorder|finding|procedure|assessment scale|observable entity|regime/therapy|"
                           r"qualifier value|substance|product|body structure|morphologic abnormality)\)\"$")


def instance_value_sets(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """English names of concepts in ValueSets written as FSH instances (``* compose.include[0].concept[3].code
    = #...`` with ``designation[n]`` lines), as the HL7 Portugal terminology IG keeps them.

    Its displays are Portuguese, so the English designation is read: for SNOMED CT only the fully
    specified name (designation ``use`` 900000000000003001, or an English name ending in a semantic
    tag such as ``(assessment scale)``), for LOINC only in the CPE scale value
    sets (file names ``cpe-*``), whose English designations are LOINC names; the clinical-pathology
    (CPAL) files label LOINC codes with procedure names, which are not LOINC displays."""
    for name, text in _git_files(git_dir, commit, folder, ".fsh"):
        systems = {int(i): _FSH_SYSTEMS.get(u) for i, u in _INST_SYSTEM.findall(text)}
        concepts: dict[tuple[int, int], dict[str, str]] = {}
        for inc, idx, attr, value in _INST_LINE.findall(text):
            concepts.setdefault((int(inc), int(idx)), {})[attr] = value.strip()
        for (inc, _), attrs in sorted(concepts.items()):
            system = systems.get(inc)
            code = attrs.get("code", "").lstrip("#")
            if system not in (SNOMED, LOINC) or not code:
                continue
            designations = {}
            for attr, value in attrs.items():
                if attr.startswith("designation["):
                    designations.setdefault(attr.split("]")[0], {})[attr.split(".")[-1]] = value
            for d in designations.values():
                english = d.get("language") == "#en" and d.get("value", "").startswith('"')
                # the fully specified name: marked by its use, or recognisable by its semantic tag
                fsn = FSN_USE in d.get("use", "") or bool(_SEMANTIC_TAG.search(d.get("value", "")))
                scale_file = name.split("/")[-1].startswith("cpe-")
                if not english or (system == SNOMED and not fsn) or (system == LOINC and not scale_file):
                    continue
                yield Seen(system, code, " ".join(d["value"].strip('"').split()), f"{label} {name}")


_LINKML_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|[^|]*\|\s*ncit:(C\d+)\s*\|", re.M)


def linkml_enums(git_dir: Path, commit: str = "HEAD") -> Iterator[Seen]:
    """NCI Thesaurus meanings of the Pediatric Cancer Data Commons LinkML enums (permissible values)."""
    for name, text in _git_files(git_dir, commit, "linkml_data_dictionary/markdown_model_generated", "Enum.md"):
        for display, code in _LINKML_ROW.findall(text):
            yield Seen(NCIT, code, display.strip(), f"chicagopcdc/linkml-data-dictionary {name}")


def fhir_xml_value_sets(git_dir: Path, folder: str, label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """Enumerated concepts of FHIR ValueSets kept as XML in an IG source tree (e.g. HL7 PDDI-CDS)."""
    ns = "{http://hl7.org/fhir}"
    for name, text in _git_files(git_dir, commit, folder, ".xml"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError:
            continue
        for include in root.iter(f"{ns}include"):
            system_el = include.find(f"{ns}system")
            system = system_el.get("value") if system_el is not None else None
            if system not in SYSTEMS:
                continue
            for concept in include.findall(f"{ns}concept"):
                code, display = concept.find(f"{ns}code"), concept.find(f"{ns}display")
                if code is not None and display is not None:
                    yield Seen(system, str(code.get("value")).strip(), " ".join(str(display.get("value")).split()),
                               f"{label} {name}")


_CPIC_DRUG = re.compile(r"^RxNorm:(\d+)\t([^\t\n]+)", re.M)
# The last commit of cpicpgx/cpic-schema that still holds drug.sql (the next one moved the code away).
CPIC_SCHEMA_COMMIT = "97f9e3bf4c490c5533afb02bcb9063fe3421c0f1"


def cpic_drugs(git_dir: Path, commit: str = CPIC_SCHEMA_COMMIT) -> Iterator[Seen]:
    """RxNorm ingredients of the CPIC drug table (``drug.sql``: ``RxNorm:<rxcui><TAB><name>``), CC0-1.0.

    Only rows whose id is an RxNorm id are read (ATC and MeSH rows are classes or other systems)."""
    shown = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:drug.sql"], check=True,
                           capture_output=True, text=True).stdout
    for code, name in _CPIC_DRUG.findall(shown):
        yield Seen(RXNORM, code, name.strip(), f"cpicpgx/cpic-schema@{commit[:7]} drug.sql (CPIC, CC0-1.0)")


_OMOP_CODE_COLUMNS = ("concept_code",)
_OMOP_NAME_COLUMNS = ("concept_name",)
_OMOP_VOCABULARY_COLUMNS = ("vocabulary_id", "vocabulary")


def omop_concept_csvs(git_dir: Path, folders: tuple[str, ...], label: str, commit: str = "HEAD") -> Iterator[Seen]:
    """LOINC rows of OMOP concept code sets kept as CSV (PEDSnet's ``lab_meas/*.csv``: columns
    ``concept_code``, ``concept_name``, ``vocabulary_id`` in any order; the name of a LOINC concept
    in the OMOP vocabulary is its long common name).

    Only rows whose vocabulary is ``LOINC`` and whose code is a LOINC code are read (``LP`` parts
    and the other vocabularies' rows are not); files git cannot show (blobs missing from a partial
    mirror) are skipped. Some files end their lines with a bare carriage return."""
    for folder in folders:
        for name, text in _git_files(git_dir, commit, folder, ".csv"):
            lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            rows = list(csv.reader(io.StringIO(lines)))
            if not rows:
                continue
            header = [c.strip().lower().replace(" ", "_") for c in rows[0]]
            found = [next((header.index(c) for c in names if c in header), None)
                     for names in (_OMOP_CODE_COLUMNS, _OMOP_NAME_COLUMNS, _OMOP_VOCABULARY_COLUMNS)]
            columns = [i for i in found if i is not None]
            if len(columns) != 3:
                continue
            code_at, name_at, vocabulary_at = columns
            for row in rows[1:]:
                if len(row) <= max(columns) or row[vocabulary_at].strip() != "LOINC":
                    continue
                code, display = row[code_at].strip(), " ".join(row[name_at].split())
                if _LOINC_CODE.fullmatch(code) and display:
                    yield Seen(LOINC, code, display, f"{label} {name}")


def ohdsi_cohort_concepts(git_dir: Path, label: str, folder: str = "inst/cohorts",
                          commit: str = "HEAD") -> Iterator[Seen]:
    """SNOMED CT concepts of the concept sets in OHDSI cohort definitions (the OHDSI Phenotype
    Library's ``inst/cohorts/*.json``: ``ConceptSets[].expression.items[].concept`` with
    ``CONCEPT_CODE``, ``CONCEPT_NAME`` and ``VOCABULARY_ID``; an OMOP SNOMED name is the fully
    specified name without its semantic tag).

    Only valid ``SNOMED`` rows of the ``Procedure`` domain and of the international edition are read
    (its other domains' OMOP names are at times an older description, which would make displays
    ambiguous): the partition digits of the identifier (the two before the check digit) are ``00``
    (concepts, not a national extension's ``10``). Valid ``RxNorm`` concepts of class ``Ingredient``
    are read too (their ``CONCEPT_CODE`` is the RxCUI, their name RxNorm's ingredient name); other
    vocabularies and classes, and invalid concepts, are not."""
    for name, text in _git_files(git_dir, commit, folder, ".json"):
        try:
            cohort = json.loads(text)
        except json.JSONDecodeError:
            continue
        for concept_set in cohort.get("ConceptSets") or ():
            for item in (concept_set.get("expression") or {}).get("items") or ():
                concept = item.get("concept") or {}
                code = str(concept.get("CONCEPT_CODE") or "").strip()
                display = " ".join(str(concept.get("CONCEPT_NAME") or "").split())
                valid = concept.get("INVALID_REASON") in (None, "V") and bool(display)
                if (concept.get("VOCABULARY_ID") == "RxNorm" and concept.get("CONCEPT_CLASS_ID") == "Ingredient"
                        and valid and re.fullmatch(r"\d{1,8}", code)):
                    yield Seen(RXNORM, code, display, f"{label} {name}")
                    continue
                if (concept.get("VOCABULARY_ID") != "SNOMED" or concept.get("DOMAIN_ID") != "Procedure"
                        or concept.get("INVALID_REASON") not in (None, "V") or not display
                        or not re.fullmatch(r"\d{6,18}", code) or code[-3:-1] != "00"):
                    continue
                yield Seen(SNOMED, code, display, f"{label} {name}")


BRANDED = "(branded drug)"  # the source of an SBD row: its name is read for brands, never as an ingredient


def rxnorm_prescribable(git_dir: Path, label: str, commit: str, folder: str = "web/data") -> Iterator[Seen]:
    """RxNorm ingredients of NLM's *Current Prescribable Content* (SAB=RXNORM, published without licence
    restrictions), as a per-letter JSON extract keeps them (``web/data/<letter>.json``: records with
    ``Name``, ``RXCUI``, ``TTY``). Single ingredients (``IN``) and multiple-ingredient concepts
    (``MIN``, ``piperacillin / tazobactam``) are read, and the branded drugs (``SBD``, ``entecavir 0.5 MG
    Oral Tablet [Baraclude]``) under them, whose names ``brands.py`` reads; precise ingredients (salts)
    are not: the converter reads a salt as its ingredient."""
    for name, text in _git_files(git_dir, commit, folder, ".json"):
        try:
            records = json.loads(text)
        except json.JSONDecodeError:
            continue
        for record in records if isinstance(records, list) else ():
            code = str(record.get("RXCUI") or "").strip()
            display = " ".join(str(record.get("Name") or "").split())
            if record.get("TTY") in ("IN", "MIN") and re.fullmatch(r"\d{1,8}", code) and display:
                yield Seen(RXNORM, code, display, f"{label} {name}")
            for component in record.get("SCDCs") or ():
                for drug in component.get("SCDs") or ():
                    for branded in drug.get("SBDs") or ():
                        code = str(branded.get("RXCUI") or "").strip()
                        display = " ".join(str(branded.get("Name") or "").split())
                        if branded.get("TTY") == "SBD" and re.fullmatch(r"\d{1,8}", code) and display:
                            yield Seen(RXNORM, code, display, f"{label} {name} {BRANDED}")


_FSH_EXPANSION = re.compile(r'^\*\s*\^expansion\.contains\[[^\]]*\]\.(system|code|display)\s*=\s*(?:#(\S+)|"([^"]*)")',
                            re.M)


def fsh_expansions(git_dir: Path, files: tuple[str, ...], label: str, commit: str) -> Iterator[Seen]:
    """SNOMED CT codes of value set expansions written in FSH caret rules (``* ^expansion.contains[=].system``,
    ``.code = #CODE``, ``.display = "..."``), as HL7/fhir-ips kept its *Procedures - SNOMED CT IPS Free
    Set* before the value sets were redefined by ECL. Only international identifiers (partition digits
    ``00``) are read."""
    for name in files:
        shown = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{name}"], capture_output=True,
                               text=True)
        if shown.returncode != 0:
            continue
        system = code = ""
        for field, hashed, quoted in _FSH_EXPANSION.findall(shown.stdout):
            if field == "system":
                system, code = quoted, ""
            elif field == "code":
                code = hashed
            elif (system == SNOMED and re.fullmatch(r"\d{6,18}", code) and code[-3:-1] == "00"
                  and " ".join(quoted.split())):
                yield Seen(SNOMED, code, " ".join(quoted.split()), f"{label} {name}@{commit[:7]}")
                code = ""


def _loinc_check_digit(code: str) -> bool:
    """Whether a LOINC code's check digit (after the hyphen) is the Mod 10 digit of its number, as
    LOINC computes it: a code with a typing error fails."""
    number, _, check = code.partition("-")
    if not number.isdigit() or not check.isdigit() or len(check) != 1:
        return False
    digits = [int(d) for d in number.zfill(len(number) + len(number) % 2)][::-1]
    odd = "".join(str(d * 2) for d in digits[0::2])  # from the right: the 1st, 3rd, ... digits doubled
    total = sum(int(d) for d in odd) + sum(digits[1::2])
    return int(check) == (10 - total % 10) % 10


# A LOINC name's property for an amount per volume or per time, and a unit's kind of amount and divisor
_AMOUNT_PROPERTY = re.compile(r"\[(Mass|Moles|Units)/(volume|time)\]")


def _property_of(unit: str) -> tuple[str, str] | None:
    """(kind of amount, divisor) a UCUM unit measures: ``pmol/L`` (Moles, volume), ``ug/(24.h)`` (Mass,
    time); None for another unit."""
    amount, _, per = unit.replace("(", "").replace(")", "").partition("/")
    divisor = "volume" if per.lower() in ("l", "dl", "ml", "ul") else "time" if per in ("24.h", "d") else None
    kind = ("Moles" if amount.endswith("mol") else "Mass" if amount.endswith("g") else
            "Units" if amount.endswith(("U", "[IU]")) else None)
    return (kind, divisor) if kind and divisor else None


def unit_twins(git_dir: Path, path: str, label: str, known: dict[str, str], commit: str = "HEAD") -> Iterator[Seen]:
    """The LOINC codes of a table of pairs of codes for one test in two units (``FROM_LOINC``,
    ``FROM_UNIT``, ``TO_LOINC``, ``TO_UNIT``: *Cortisol [Moles/volume]* 14675-3 in nmol/L beside
    *Cortisol [Mass/volume]* 2143-6 in ug/dL), for a code no other artefact names: its name is its twin's,
    whose name ``known`` gives, with the property its unit measures. Codes whose check digit fails, and
    pairs whose twin's name has no such property or whose units do not say one, are not read."""
    text = subprocess.run(["git", "-C", str(git_dir), "show", f"{commit}:{path}"], capture_output=True,
                          text=True, check=True).stdout
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        sides = [((row.get("FROM_LOINC") or "").strip(), (row.get("FROM_UNIT") or "").strip()),
                 ((row.get("TO_LOINC") or "").strip(), (row.get("TO_UNIT") or "").strip())]
        if not all(_LOINC_CODE.fullmatch(code) and _loinc_check_digit(code) for code, _ in sides):
            continue
        for (code, unit), (twin, twin_unit) in (sides, sides[::-1]):
            name = known.get(twin)
            if code in known or name is None or len(_AMOUNT_PROPERTY.findall(name)) != 1:
                continue
            mine, theirs = _property_of(unit), _property_of(twin_unit)
            said = _AMOUNT_PROPERTY.search(name)
            if mine is None or theirs is None or (said[1], said[2]) != theirs or mine[1] != theirs[1]:
                continue
            display = _AMOUNT_PROPERTY.sub(f"[{mine[0]}/{mine[1]}]", name)
            yield Seen(LOINC, code, display, f"{label} {path} (the name of {twin}, in {unit})", unit)
