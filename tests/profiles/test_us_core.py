"""US Core 6.1 under ``--profile mcode``: the claims, checked for real against the vendored package
(installed by the test set-up, tests/conftest.py), and the vendored package's integrity."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest

from fhirconv.api import convert_file
from fhirconv.packages.local import VENDOR
from fhirconv.profiles import mcode, uscore
from fhirconv.validate import validate_resource_tree
from tests.conftest import run_cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
TARBALL = VENDOR / "hl7.fhir.us.core-6.1.0-trimmed.tgz"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))["packages"][0]


def profiles(resource: dict[str, Any]) -> list[str]:
    return resource.get("meta", {}).get("profile", [])


def entries(bundle: dict[str, Any], rtype: str) -> list[tuple[int, dict[str, Any]]]:
    return [(n, e["resource"]) for n, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == rtype]


def profile_issues(bundle: dict[str, Any]):
    return validate_resource_tree(bundle, fhir_version="R4", layers=["profile"])


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_every_sample_claims_us_core_and_validates_clean(sample: Path) -> None:
    bundle = convert_file(sample, profile="mcode").bundle
    claimed = [p for e in bundle["entry"] for p in profiles(e["resource"]) if p.startswith(uscore.US_CORE)]
    assert claimed, "no US Core claim"
    issues = profile_issues(bundle)
    assert [i.one_line() for i in issues if i.is_error] == []
    # the US Core profiles were read and walked (a profile that is not installed would be an error)
    assert any("(profile USCore" in i.message for i in issues)
    for _, med in entries(bundle, "MedicationStatement"):
        assert profiles(med) == []  # neither mCODE nor US Core 6.1 profiles it


def test_claims_follow_category_and_code() -> None:
    bundle = convert_file(REPO / "samples" / "takotsubo-with-coronary-disease.yaml", profile="mcode").bundle
    by_text = {r["code"].get("text"): profiles(r) for _, r in entries(bundle, "Observation")}
    assert by_text["troponin I high sensitivity"] == [uscore.LAB]
    assert by_text["heart rate"] == [uscore.US_CORE + "us-core-heart-rate"]
    assert by_text["blood pressure"] == [uscore.US_CORE + "us-core-blood-pressure"]
    assert by_text["QTc interval"] == [uscore.CLINICAL_RESULT]  # procedure category
    assert by_text["Age"] == [uscore.SIMPLE]  # social-history
    assert profiles(bundle["entry"][0]["resource"]) == [uscore.PATIENT]
    conditions = [profiles(r) for _, r in entries(bundle, "Condition")]
    assert [uscore.ENCOUNTER_DIAGNOSIS] in conditions and [uscore.PROBLEMS] in conditions
    assert all(profiles(r) == [uscore.PROCEDURE] for _, r in entries(bundle, "Procedure"))
    # an mCODE claim stays the only one where mCODE has a profile (they derive from US Core's)
    mm = convert_file(REPO / "samples" / "multiple-myeloma.yaml", profile="mcode").bundle
    assert profiles(mm["entry"][0]["resource"]) == [mcode.CANCER_PATIENT]
    for _, r in entries(mm, "Condition"):
        assert profiles(r) in ([mcode.PRIMARY], [mcode.SECONDARY])


def test_vital_signs_claim_only_the_profiles_they_fit(tmp_path: Path) -> None:
    """A case report may give vital signs with no date (a giant left atrial myxoma, Int Arch Med
    2013;6:13: weight, height, BMI, blood pressure and heart rate on admission, undated) and a height
    in metres: US Core's vital-sign profiles require effective[x], and us-core-body-height binds its
    unit to cm and [in_i], so such Observations once made --profile mcode exit 1."""
    case = tmp_path / "vitals.yaml"
    case.write_text(
        'fhirconv: "1"\nid: vitals\npatient: {sex: female}\n'
        "encounters:\n  - {id: admission, class: inpatient}\n"
        "observations:\n"
        "  - {id: h1, observation: body height, category: vital-signs, value: 1.65, unit: m, date: 2013-01-02}\n"
        "  - {id: h2, observation: body height, category: vital-signs, value: 165, unit: cm, date: 2013-01-02}\n"
        "  - {id: hr, observation: heart rate, category: vital-signs, value: 120, unit: /min, encounter: admission}\n"
        "  - {id: bp, observation: blood pressure, category: vital-signs, value: \"100/60 mm[Hg]\",\n"
        "     encounter: admission}\n",
        encoding="utf-8")
    bundle = convert_file(case, profile="mcode").bundle
    claims = [(r["valueQuantity"]["code"] if "valueQuantity" in r else r["code"]["text"], profiles(r))
              for _, r in entries(bundle, "Observation") if r["code"].get("text") != "Vital status"]
    assert claims == [("m", [uscore.VITAL_SIGNS]), ("cm", [uscore.US_CORE + "us-core-body-height"]),
                      ("/min", []), ("blood pressure", [])]
    assert [i.one_line() for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []
    assert run_cli("convert", str(case), "--profile", "mcode", "-o", str(tmp_path / "out.json")).returncode == 0


def test_us_core_violations_are_caught_where_they_are() -> None:
    bundle = convert_file(REPO / "samples" / "takotsubo-with-coronary-disease.yaml", profile="mcode").bundle
    lab = next(n for n, r in entries(bundle, "Observation") if uscore.LAB in profiles(r))
    heart = next(n for n, r in entries(bundle, "Observation") if uscore.US_CORE + "us-core-heart-rate" in profiles(r))
    assert not [i for i in profile_issues(bundle) if i.is_error]
    lab_obs = bundle["entry"][lab]["resource"]
    lab_obs["category"] = [{"text": "laboratory"}]  # the words, not the coded US Core slice
    bundle["entry"][heart]["resource"]["valueQuantity"]["code"] = "beats/min"
    errors = [i for i in profile_issues(bundle) if i.is_error]
    assert len(errors) == 2, [i.one_line() for i in errors]
    missing = next(i for i in errors if "category" in i.message)
    assert missing.expression == f"Bundle.entry[{lab}].resource"
    assert "Observation.category:us-core: minimum cardinality 1, found 0" in missing.message
    assert "USCoreLaboratoryResultObservationProfile" in missing.message
    unit = next(i for i in errors if i is not missing)
    assert unit.expression == f"Bundle.entry[{heart}].resource.valueQuantity.code" and '"/min"' in unit.message


def test_a_binding_to_a_vsac_value_set_is_not_checkable_never_a_pass() -> None:
    """us.nlm.vsac is on no registry fhirconv reaches: US Core's birth sex value set includes VSAC
    value sets, so any code, right or wrong, is reported as not checkable (information)."""
    bundle = convert_file(REPO / "samples" / "takotsubo-with-coronary-disease.yaml", profile="mcode").bundle
    patient = bundle["entry"][0]["resource"]
    for code in ("F", "not-a-code"):
        patient["extension"] = [{"url": uscore.US_CORE + "us-core-birthsex", "valueCode": code}]
        found = [i for i in profile_issues(bundle) if i.expression == "Bundle.entry[0].resource.extension[0].valueCode"]
        assert [i.severity for i in found] == ["information"]
        assert "not checkable offline" in found[0].message and "cts.nlm.nih.gov" in found[0].message


# -- the vendored package -------------------------------------------------------------------------

def members(data: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def test_vendored_package_matches_its_manifest() -> None:
    data = TARBALL.read_bytes()
    assert hashlib.sha256(data).hexdigest() == MANIFEST["sha256"]
    files = members(data)
    assert {n: hashlib.sha256(b).hexdigest() for n, b in files.items()} == MANIFEST["kept"]
    meta = json.loads(files["package/package.json"])
    assert (meta["name"], meta["version"], meta["canonical"], meta["license"]) == \
        ("hl7.fhir.us.core", "6.1.0", "http://hl7.org/fhir/us/core", "CC0-1.0")
    sds = [json.loads(b) for n, b in files.items() if "/StructureDefinition-" in n]
    assert sds and all(sd["snapshot"]["element"] and sd["version"] == "6.1.0" for sd in sds)
    urls = {sd["url"] for sd in sds}
    assert set(uscore.VITAL_PROFILES.values()) | {uscore.PATIENT, uscore.PROBLEMS, uscore.ENCOUNTER_DIAGNOSIS,
                                                  uscore.PROCEDURE, uscore.ENCOUNTER, uscore.LAB,
                                                  uscore.CLINICAL_RESULT, uscore.SIMPLE} <= urls


def test_trimming_is_reproducible_and_closed() -> None:
    """tools/trim_package.py on the trimmed package keeps all of it and writes the same bytes: every
    file what the kept profiles lead to is there."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("trim_package", REPO / "tools" / "trim_package.py")
    tool = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(tool)  # type: ignore[union-attr]
    data = TARBALL.read_bytes()
    assert tool.write_tgz(tool.trim(members(data))) == data


def test_install_from_the_vendored_tarball_and_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run_cli("packages", "install", str(TARBALL), "--no-deps", "--package-dir", str(cache))
    assert first.returncode == 0, first.stderr
    assert "hl7.fhir.us.core@6.1.0: installed" in first.stdout and "not verified" not in first.stdout
    pkg = cache / "hl7.fhir.us.core#6.1.0" / "package"
    assert json.loads((pkg / "package.json").read_text())["version"] == "6.1.0"
    assert (pkg / ".index.json").is_file() and (pkg / "StructureDefinition-us-core-observation-lab.json").is_file()
    again = run_cli("packages", "install", str(TARBALL), "--no-deps", "--package-dir", str(cache))
    assert again.returncode == 0 and "already installed" in again.stdout
    by_name = run_cli("packages", "install", "hl7.fhir.us.core@6.1.0", "--no-deps", "--package-dir",
                      str(tmp_path / "other"))
    assert by_name.returncode == 0, by_name.stderr
    assert "shipped with fhirconv" in by_name.stdout
    assert (tmp_path / "other" / "hl7.fhir.us.core#6.1.0" / "package" / "package.json").is_file()


def test_a_tampered_tarball_is_refused_and_nothing_installed(tmp_path: Path) -> None:
    folder = tmp_path / "vendor"
    folder.mkdir()
    shutil.copy(VENDOR / "manifest.json", folder / "manifest.json")
    files = members(TARBALL.read_bytes())
    files["package/StructureDefinition-us-core-observation-lab.json"] += b" "
    bad = folder / TARBALL.name
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        for name, body in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    bad.write_bytes(raw.getvalue())
    cache = tmp_path / "cache"
    result = run_cli("packages", "install", str(bad), "--no-deps", "--package-dir", str(cache))
    assert result.returncode == 1
    assert f"sha256 {hashlib.sha256(raw.getvalue()).hexdigest()} does not match" in result.stderr
    assert MANIFEST["sha256"] in result.stderr and "Traceback" not in result.stderr
    assert not cache.exists() or list(cache.iterdir()) == []
    wrong = run_cli("packages", "install", str(TARBALL), "--no-deps", "--package-dir", str(cache),
                    "--sha256", "0" * 64)
    assert wrong.returncode == 1 and "does not match" in wrong.stderr


def test_install_from_a_folder_says_it_is_unverified(tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    for name, body in members(TARBALL.read_bytes()).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(body)
    cache = tmp_path / "cache"
    result = run_cli("packages", "install", str(folder), "--no-deps", "--package-dir", str(cache))
    assert result.returncode == 0, result.stderr
    assert "hl7.fhir.us.core@6.1.0: installed (from a local file with no recorded checksum: not verified)" \
        in result.stdout
    assert (cache / "hl7.fhir.us.core#6.1.0" / "package" / "StructureDefinition-us-core-patient.json").is_file()
    (folder / "package" / "package.json").write_text('{"name": "Not A Name", "version": "1"}')
    bad = run_cli("packages", "install", str(folder), "--no-deps", "--package-dir", str(tmp_path / "c2"))
    assert bad.returncode == 1 and "no valid name and version" in bad.stderr


def test_a_result_named_without_its_value_says_why(tmp_path: Path) -> None:
    """The case format lets an observation name a test whose result the source does not give;
    us-core-2 asks a US Core result with no value, member or component for a dataAbsentReason, so a
    claimed Observation says 'unknown' there (the same as IPS's ips-2), and the Bundle validates."""
    case = tmp_path / "no-value.yaml"
    case.write_text('fhirconv: "1"\nid: no-value\npatient: {sex: female, birth_date: "1990"}\n'
                    "procedures:\n  - {id: bx, procedure: kidney biopsy}\n"
                    "observations:\n"
                    "  - {id: bx-result, observation: kidney biopsy result, category: laboratory, from: [bx]}\n"
                    "  - {id: hb, observation: hemoglobin, category: laboratory, value: 9.1, unit: g/dL}\n"
                    "  - {id: exam, observation: general appearance, category: exam}\n", encoding="utf-8")
    bundle = convert_file(case, profile="mcode").bundle
    obs = {r["code"]["text"]: r for _, r in entries(bundle, "Observation")}
    for name in ("kidney biopsy result", "general appearance"):
        assert obs[name]["dataAbsentReason"]["coding"][0]["code"] == "unknown", name
        assert profiles(obs[name]), name
    assert "dataAbsentReason" not in obs["hemoglobin"]  # obs-6: never beside a value
    assert [i.one_line() for i in profile_issues(bundle) if i.is_error] == []
    plain = convert_file(case).bundle  # without a profile nothing is added
    assert not [r for _, r in entries(plain, "Observation") if "dataAbsentReason" in r]
