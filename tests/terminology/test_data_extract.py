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
    assert list(csv.DictReader((tmp_path / "data" / "t.csv").open(encoding="utf-8"))) == []


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
