"""``fhirconv validate --profile URL [--package-dir DIR]`` as a user runs it."""

from __future__ import annotations

import json

from tests.conftest import MYELOMA, run_cli
from tests.validate.profile_cases import CASES

IPS_PATIENT = "http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips"


def test_profile_option_checks_the_bundle(fhir_packages, tmp_path):
    bundle = tmp_path / "mm.json"
    assert run_cli("convert", str(MYELOMA), "-o", str(bundle)).returncode == 0
    done = run_cli("validate", str(bundle), "--profile", IPS_PATIENT)
    assert done.returncode == 1
    rows = [line for line in done.stdout.splitlines() if line.startswith("error")]
    # The plain output names the patient with a data-absent-reason; the birth date IPS wants is
    # only stated absent with --profile ips.
    assert len(rows) == 1 and all("Bundle.entry[0].resource" in r and r.endswith("profile") for r in rows)
    assert "Patient.birthDate: minimum cardinality 1, found 0 (profile PatientUvIps)" in rows[0]
    assert done.stdout.splitlines()[-1].endswith("layers: json, structure, schema, integrity, terminology, clinical, "
                                                  "profile)")


def test_without_profiles_the_output_is_as_before(tmp_path):
    bundle = tmp_path / "mm.json"
    assert run_cli("convert", str(MYELOMA), "-o", str(bundle)).returncode == 0
    done = run_cli("validate", str(bundle))
    assert done.returncode == 0
    # the only warnings: the concepts the case gives as text only (IgG lambda, IMWG criteria twice)
    warnings = [line for line in done.stdout.splitlines() if line.startswith("warning")]
    assert len(warnings) == 3 and all("(code-text-only)" in w for w in warnings)
    assert done.stdout.splitlines()[-1] == ("0 error(s), 3 warning(s) in 1 file (FHIR R4; layers: json, structure, "
                                            "schema, integrity, terminology, clinical)")


def test_unknown_profile_is_an_error_with_a_hint(fhir_packages):
    done = run_cli("validate", str(MYELOMA), "--profile", "http://hl7.org/fhir/us/core/StructureDefinition/x",
                   "--format", "json")
    assert done.returncode == 1
    [issue] = [i for i in json.loads(done.stdout)["issue"] if i["severity"] == "error"]
    assert issue["details"]["text"].startswith("profile not found: http://hl7.org/fhir/us/core/StructureDefinition/x")
    assert "fhirconv packages install hl7.fhir.us.core@VERSION" in issue["details"]["text"]


def test_package_dir_reads_a_local_package(tmp_path):
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"resourceType": "Patient", "meta": {"profile": [
        "http://example.org/fhir/StructureDefinition/local-patient"]}}))
    done = run_cli("validate", str(patient), "--layer", "profile", "--package-dir", str(CASES / "local-package"))
    assert done.returncode == 1
    assert "Patient: invariant loc-2 failed: a gender is given (profile LocalPatient)" in done.stdout
    assert "invariant loc-1 could not be evaluated" in done.stdout
    patient.write_text(json.dumps({"resourceType": "Patient", "gender": "female", "meta": {"profile": [
        "http://example.org/fhir/StructureDefinition/local-patient"]}}))
    done = run_cli("validate", str(patient), "--layer", "profile", "--package-dir", str(CASES / "local-package"))
    assert done.returncode == 0, done.stdout
