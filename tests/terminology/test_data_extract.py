"""tools/terminology: codes are read out of artefacts, and a table row is only written for a code
that an artefact states; an unknown code or an ambiguous display stops the build."""

import csv
import importlib.util
import io
import json
import sys
import tarfile
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "terminology"


def load(name: str):
    """The tool scripts are not a package: load them under names nothing else uses."""
    spec = importlib.util.spec_from_file_location(f"fhirconv_tools_{name}", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


build = load("build")
sources = load("sources")

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"


def npm_package(path: Path) -> Path:
    """A tiny FHIR package tarball: one enumerated ValueSet and one example with a coding."""
    files = {
        "package/package.json": {"name": "example.fhir.pkg", "version": "1.0.0"},
        "package/ValueSet-x.json": {"resourceType": "ValueSet", "compose": {"include": [
            {"system": SNOMED, "concept": [{"code": "386661006", "display": "Fever (finding)"}]}]}},
        "package/example/Observation-y.json": {"resourceType": "Observation", "code": {"coding": [
            {"system": LOINC, "code": "2339-0", "display": "Glucose [Mass/volume] in Blood"}]}},
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_fhir_package_yields_codes_with_their_file(tmp_path):
    seen = set(sources.fhir_package(npm_package(tmp_path / "pkg.tgz")))
    assert sources.Seen(SNOMED, "386661006", "Fever (finding)", "example.fhir.pkg@1.0.0 ValueSet-x.json") in seen
    assert sources.Seen(LOINC, "2339-0", "Glucose [Mass/volume] in Blood",
                        "example.fhir.pkg@1.0.0 example/Observation-y.json") in seen


def write_candidates(path: Path, seen) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["system", "code", "display", "unit", "source"])
        for s in seen:
            out.writerow([s.system, s.code, s.display, s.unit, s.source])
    return path


def write_curated(folder: Path, rows: list[str]) -> None:
    folder.mkdir()
    (folder / "t.csv").write_text("kind,term,aliases,system,code,match,unit\n" + "\n".join(rows) + "\n",
                                  encoding="utf-8")


@pytest.fixture
def candidates(tmp_path):
    seen = list(sources.fhir_package(npm_package(tmp_path / "pkg.tgz")))
    seen.append(sources.Seen(SNOMED, "267038008", "Edema (finding)", "x@1 a.json"))
    seen.append(sources.Seen(SNOMED, "79654002", "Edema (morphologic abnormality)", "x@1 a.json"))
    return write_candidates(tmp_path / "candidates.tsv", seen)


def test_build_resolves_displays_and_strips_the_semantic_tag(tmp_path, candidates):
    write_curated(tmp_path / "curated", ["finding,fever,pyrexia,sct,,Fever,",
                                         "observation,blood glucose,,ln,,Glucose [Mass/volume] in Blood,mg/dL",
                                         "condition,thyroid storm,,icd10cm,E05.91,,"])
    (tmp_path / "data").mkdir()
    assert build.build(candidates, tmp_path / "curated", tmp_path / "data") == 0
    rows = list(csv.DictReader((tmp_path / "data" / "t.csv").open(encoding="utf-8")))
    assert [(r["code"], r["display"], r["unit"]) for r in rows] == [
        ("386661006", "Fever", ""), ("2339-0", "Glucose [Mass/volume] in Blood", "mg/dL"),
        ("E05.91", "Thyrotoxicosis, unspecified with thyrotoxic crisis or storm", "")]
    assert rows[0]["source"] == "example.fhir.pkg@1.0.0 ValueSet-x.json"
    assert rows[2]["source"].startswith("ICD-10-CM via simple_icd_10_cm")


@pytest.mark.parametrize("row", [
    "finding,cough,,sct,49727002,,",          # a code no artefact states
    "finding,swelling,,sct,,Edema,",          # a display two codes share
    "finding,chills,,sct,,Chill,",            # a display no artefact states
    "condition,nothing,,icd10cm,X99.999,,",   # not an ICD-10-CM code
])
def test_build_refuses_what_no_artefact_states(tmp_path, candidates, row):
    write_curated(tmp_path / "curated", [row])
    (tmp_path / "data").mkdir()
    assert build.build(candidates, tmp_path / "curated", tmp_path / "data") == 1
    assert not (tmp_path / "data" / "t.csv").exists()


def test_a_row_no_artefact_states_leaves_the_tables_as_they_were(tmp_path, candidates):
    """One unresolved row writes nothing: the table keeps its rows rather than losing the bad one."""
    write_curated(tmp_path / "curated", ["finding,fever,,sct,,Fever,", "finding,cough,,sct,49727002,,"])
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("before\n", encoding="utf-8")
    assert build.build(candidates, tmp_path / "curated", tmp_path / "data") == 1
    assert (tmp_path / "data" / "t.csv").read_text(encoding="utf-8") == "before\n"


def test_cpic_drug_table_gives_rxnorm_ingredients_only(tmp_path):
    """Only ``RxNorm:`` rows of the CPIC drug table are read (ATC and MeSH rows are other systems)."""
    import subprocess

    repo = tmp_path / "cpic"
    repo.mkdir()
    (repo / "drug.sql").write_text(
        "\\copy drug(drugId,name) from STDIN;\nRxNorm:25789\tglimepiride\tPA449761\t25789\n"
        "ATC:C09AA\tAce Inhibitors, Plain\nMeSH:C515878\tataluren\n\\.\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "drug.sql"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "drug table"], check=True)
    seen = list(sources.cpic_drugs(repo, "HEAD"))
    assert [(s.system, s.code, s.display) for s in seen] == [
        ("http://www.nlm.nih.gov/research/umls/rxnorm", "25789", "glimepiride")]
    assert seen[0].source.startswith("cpicpgx/cpic-schema@") and "CC0-1.0" in seen[0].source


def test_fsh_value_sets_read_aliases_with_or_without_dollar(tmp_path):
    """IG sources name code systems as ``$SCT`` or as ``SCT`` (the ICHOM breast cancer IG)."""
    import subprocess

    repo = tmp_path / "ig"
    (repo / "input" / "fsh").mkdir(parents=True)
    (repo / "input" / "fsh" / "aliases.fsh").write_text(
        "Alias: SCT = http://snomed.info/sct\nAlias: $LNC = http://loinc.org\n", encoding="utf-8")
    (repo / "input" / "fsh" / "vs.fsh").write_text(
        'ValueSet: AxillaVS\n* SCT#79544006 "Complete axillary lymphadenectomy"\n'
        '* $LNC#8302-2 "Body height"\n* OtherCS#x "not a known system"\n', encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "ig"], check=True)
    seen = sorted((s.system, s.code, s.display) for s in sources.fsh_value_sets(repo, "input/fsh", "ig (CC0-1.0)"))
    assert seen == [("http://loinc.org", "8302-2", "Body height"),
                    ("http://snomed.info/sct", "79544006", "Complete axillary lymphadenectomy")]


def git_repo(root: Path, files: dict[str, str]) -> Path:
    """A one-commit git repository holding ``files`` (path -> text)."""
    import subprocess

    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "artefact"], check=True)
    return root


def test_instance_value_sets_read_english_names_only_where_they_are_the_code_systems_own(tmp_path):
    """HL7 Portugal writes ValueSets as FSH instances with Portuguese displays: a SNOMED CT concept
    gives its fully specified name (by use, or by semantic tag), a LOINC code its English name only
    in the scale files (cpe-*); the clinical-pathology files label LOINC codes with procedure names."""
    fsn = '$sct#900000000000003001 "Fully specified name"'
    repo = git_repo(tmp_path / "pt", {
        "input/fsh/alias.fsh": "Alias: $sct = http://snomed.info/sct\n",
        "input/fsh/valueSets/cpn-finding.fsh": (
            '* compose.include[0].system = "http://snomed.info/sct"\n'
            "* compose.include[0].concept[0].code = #238108007\n"
            '* compose.include[0].concept[0].display = "Caquexia"\n'
            "* compose.include[0].concept[0].designation[0].language = #en\n"
            '* compose.include[0].concept[0].designation[0].value = "Cachexia"\n'
            "* compose.include[0].concept[0].designation[1].language = #en\n"
            f"* compose.include[0].concept[0].designation[1].use = {fsn}\n"
            '* compose.include[0].concept[0].designation[1].value = "Cachexia (finding)"\n'),
        "input/fsh/valueSets/cpe-scale.fsh": (
            '* compose.include[0].system = "http://snomed.info/sct"\n'
            "* compose.include[0].concept[0].code = #840352000\n"
            "* compose.include[0].concept[0].designation[0].language = #en\n"
            '* compose.include[0].concept[0].designation[0].value = "Modified Rankin Scale (assessment scale)"\n'
            '* compose.include[1].system = "http://loinc.org"\n'
            "* compose.include[1].concept[0].code = #72089-6\n"
            "* compose.include[1].concept[0].designation[0].language = #en\n"
            '* compose.include[1].concept[0].designation[0].value = "Total score [NIH Stroke Scale]"\n'),
        "input/fsh/valueSets/cpal-procedure.fsh": (
            '* compose.include[0].system = "http://loinc.org"\n'
            "* compose.include[0].concept[0].code = #2692-2\n"
            "* compose.include[0].concept[0].designation[0].language = #en\n"
            '* compose.include[0].concept[0].designation[0].value = "Osmolality measurement (procedure)"\n'),
    })
    seen = sorted((s.system, s.code, s.display) for s in
                  sources.instance_value_sets(repo, "input/fsh/valueSets", "pt (CC0-1.0)"))
    assert seen == [(LOINC, "72089-6", "Total score [NIH Stroke Scale]"),
                    (SNOMED, "238108007", "Cachexia (finding)"),
                    (SNOMED, "840352000", "Modified Rankin Scale (assessment scale)")]


def test_fsh_codings_read_codings_wherever_they_stand(tmp_path):
    """Swiss IGs state LOINC codes in examples and questionnaires (``* code = $loinc#...``)."""
    repo = git_repo(tmp_path / "ch", {
        "input/fsh/aliases.fsh": "Alias: $loinc = http://loinc.org\nAlias: $other = urn:oid:1.2.3\n",
        "input/fsh/examples/sepsis.fsh": (
            '* code = $loinc#664-3 "Microscopic observation [Identifier] in Specimen by Gram stain"\n'
            '* item.answerOption[+].valueCoding = $loinc#57021-8\t"CBC W Auto Differential panel - Blood"\n'
            '* code = $other#x "not a known system"\n'),
    })
    seen = sorted((s.code, s.display, s.source) for s in sources.fsh_codings(repo, "input/fsh", "ch (CC0-1.0)"))
    assert seen == [("57021-8", "CBC W Auto Differential panel - Blood", "ch (CC0-1.0) input/fsh/examples/sepsis.fsh"),
                    ("664-3", "Microscopic observation [Identifier] in Specimen by Gram stain",
                     "ch (CC0-1.0) input/fsh/examples/sepsis.fsh")]


def test_git_fhir_json_reads_value_sets_kept_in_a_repository(tmp_path):
    """US Core 3.1.1 as Synthea keeps it for its tests: enumerated RxNorm ingredients with names."""
    rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
    vs = {"resourceType": "ValueSet", "compose": {"include": [
        {"system": rxnorm, "concept": [{"code": "593411", "display": "sitagliptin"}]},
        {"system": "http://example.org/other", "concept": [{"code": "1", "display": "other"}]}]}}
    repo = git_repo(tmp_path / "synthea", {"r4/uscore3/ValueSet-us-core-allergy-substance.json": json.dumps(vs)})
    seen = list(sources.git_fhir_json(repo, "r4/uscore3", "us.core@3.1.1"))
    assert [(s.system, s.code, s.display) for s in seen] == [(rxnorm, "593411", "sitagliptin")]
    assert seen[0].source == "us.core@3.1.1 r4/uscore3/ValueSet-us-core-allergy-substance.json"


def test_ohdsi_cohorts_give_international_procedures_and_rxnorm_ingredients_only(tmp_path):
    """From OHDSI cohort concept sets: SNOMED CT procedures of the international edition and RxNorm
    ingredients; RxNorm clinical drugs, other domains, national SNOMED CT extensions and invalid
    concepts are not read."""
    import subprocess

    def concept(code, name, vocabulary, domain, cls, invalid=None):
        return {"concept": {"CONCEPT_CODE": code, "CONCEPT_NAME": name, "VOCABULARY_ID": vocabulary,
                            "DOMAIN_ID": domain, "CONCEPT_CLASS_ID": cls, "INVALID_REASON": invalid}}

    cohort = {"ConceptSets": [{"expression": {"items": [
        concept("80146002", "Appendectomy", "SNOMED", "Procedure", "Procedure"),
        concept("1129121000000105", "National procedure", "SNOMED", "Procedure", "Procedure"),
        concept("386661006", "Fever", "SNOMED", "Condition", "Clinical Finding"),
        concept("35619", "rifaximin", "RxNorm", "Drug", "Ingredient"),
        concept("311994", "rifaximin 200 MG Oral Tablet", "RxNorm", "Drug", "Clinical Drug"),
        concept("1234", "withdrawn", "RxNorm", "Drug", "Ingredient", "D"),
    ]}}]}
    repo = tmp_path / "ohdsi"
    (repo / "inst" / "cohorts").mkdir(parents=True)
    (repo / "inst" / "cohorts" / "1.json").write_text(json.dumps(cohort), encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "cohort"], check=True)
    seen = list(sources.ohdsi_cohort_concepts(repo, "OHDSI/PhenotypeLibrary (Apache-2.0)"))
    assert [(s.system, s.code, s.display) for s in seen] == [
        (SNOMED, "80146002", "Appendectomy"), ("http://www.nlm.nih.gov/research/umls/rxnorm", "35619", "rifaximin")]
    assert all(s.source == "OHDSI/PhenotypeLibrary (Apache-2.0) inst/cohorts/1.json" for s in seen)
