"""``convert --profile ips|mcode``: every sample validates in every layer, the IPS document lists every
resource in its section, the claims are where the profiles apply, and the bytes are stable."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fhirconv.api import convert_file
from fhirconv.profiles import composition, ips, mcode
from fhirconv.validate import validate_resource_tree

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
# Rectal cancer is coded in ICD-10-CM (C20) as well since the cancers-by-organ rows, so mCODE reads it
# as a cancer; its TNM categories written as values (t: ypT0) then need the category mCODE requires.
ONCOLOGY = [REPO / "samples" / "multiple-myeloma.yaml", REPO / "samples" / "breast-cancer-her2-pt1a.yaml",
            REPO / "samples" / "rectal-cancer-preoperative-chemoradiotherapy.yaml"]
DAR = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


def resources(bundle: dict[str, Any], rtype: str | None = None) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if rtype is None or e["resource"]["resourceType"] == rtype]


def profiles(resource: dict[str, Any]) -> list[str]:
    return resource.get("meta", {}).get("profile", [])


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "fhirconv", *args], capture_output=True, timeout=120, env=env)


@pytest.mark.parametrize("profile,sample", [("ips", s) for s in SAMPLES] + [("mcode", s) for s in SAMPLES],
                         ids=[f"ips-{s.stem}" for s in SAMPLES] + [f"mcode-{s.stem}" for s in SAMPLES])
def test_every_sample_validates_in_every_layer(profile: str, sample: Path) -> None:
    """All layers, the profile layer included (it checks every claimed profile against the IG
    packages the test set-up installs)."""
    conv = convert_file(sample, profile=profile)
    issues = validate_resource_tree(conv.bundle, fhir_version="R4")
    assert [i.one_line() for i in issues if i.is_error] == []
    claimed = {p for e in conv.bundle["entry"] for p in profiles(e["resource"])}
    assert claimed and any(i.layer == "profile" for i in issues)  # the profile layer did run
    if profile == "mcode":  # mCODE where a cancer is coded, US Core (vendored 6.1.0) everywhere
        assert any(p.startswith(mcode.MCODE) for p in claimed) == (sample in ONCOLOGY)
        assert any(p.startswith("http://hl7.org/fhir/us/core/") for p in claimed)


@pytest.mark.parametrize("profile", ["ips", "mcode"])
def test_a_broken_profiled_resource_is_caught_by_the_profile_layer(profile: str) -> None:
    """The claims are checked for real: remove what the profile requires and the layer says so."""
    bundle = convert_file(REPO / "samples" / "multiple-myeloma.yaml", profile=profile).bundle
    patient = bundle["entry"][1 if profile == "ips" else 0]["resource"]
    assert patient["resourceType"] == "Patient"
    del patient["name"]
    errors = [i for i in validate_resource_tree(bundle, fhir_version="R4", layers=["profile"]) if i.is_error]
    assert errors and all(i.layer == "profile" for i in errors)
    assert any("name" in (i.expression or "") + i.message for i in errors)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_ips_document_sections_reference_every_resource_of_their_kind(sample: Path) -> None:
    bundle = convert_file(sample, profile="ips").bundle
    assert bundle["type"] == "document" and bundle["timestamp"] and bundle["identifier"]["value"]
    comp = bundle["entry"][0]["resource"]
    assert comp["resourceType"] == "Composition"
    assert comp["type"]["coding"][0]["code"] == "60591-5"
    assert comp["subject"]["reference"] == bundle["entry"][1]["fullUrl"]
    sections = {s["code"]["coding"][0]["code"]: s for s in comp["section"]}
    assert {"11450-4", "48765-2", "10160-0"} <= set(sections)  # required by Composition-uv-ips
    for s in comp["section"]:
        assert s["text"]["div"].startswith("<div") and ("entry" in s) != ("emptyReason" in s)
    listed = {ref["reference"] for s in comp["section"] for ref in s.get("entry", [])}
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    referenced = {ref for e in bundle["entry"][1:] for ref in re.findall(r'"reference": "([^"]+)"',
                                                                   json.dumps(e["resource"]))}
    for e in bundle["entry"][2:-1]:  # everything but the Composition, the Patient and the author Device
        if e["resource"]["resourceType"] == "Encounter":
            # IPS 2.0.0 has no encounter section: an Encounter is reached through what refers to it
            assert e["fullUrl"] not in listed and e["fullUrl"] in referenced
        else:
            assert e["fullUrl"] in listed, e["resource"]["resourceType"]
    kinds = {"11450-4": "Condition", "10160-0": "MedicationStatement", "47519-4": "Procedure"}
    for code, rtype in kinds.items():
        want = {e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype}
        got = {ref["reference"] for ref in sections.get(code, {}).get("entry", [])}
        assert got == want
    for ref in listed:
        assert ref in by_url
    author = by_url[comp["author"][0]["reference"]]
    assert author["resourceType"] == "Device" and bundle["entry"][-1]["resource"] is author


def test_ips_claims_and_absences_on_the_myeloma_case() -> None:
    bundle = convert_file(REPO / "samples" / "multiple-myeloma.yaml", profile="ips").bundle
    assert profiles(bundle) == [composition.BUNDLE_PROFILE]
    patient = resources(bundle, "Patient")[0]
    assert profiles(patient) == [ips.PATIENT]
    assert patient["_birthDate"]["extension"][0] == {"url": DAR, "valueCode": "unknown"}
    undated = [m for m in resources(bundle, "MedicationStatement") if "_effectiveDateTime" in m]
    assert len(undated) == 8  # the statements whose dates the source does not give
    for m in resources(bundle, "MedicationStatement"):
        assert profiles(m) == [ips.MEDICATION_STATEMENT]
        assert [k for k in m if k.startswith(("effective", "_effective"))]
    for p in resources(bundle, "Procedure"):
        assert profiles(p) == [ips.PROCEDURE] and [k for k in p if k.startswith(("performed", "_performed"))]
    for c in resources(bundle, "Condition"):
        assert profiles(c) == [ips.CONDITION]
    sections = bundle["entry"][0]["resource"]["section"]
    allergies = next(s for s in sections if s["code"]["coding"][0]["code"] == "48765-2")
    assert allergies["emptyReason"]["coding"][0]["code"] == "unavailable"


def test_ips_laboratory_and_imaging_results_state_what_the_source_omits() -> None:
    bundle = convert_file(REPO / "samples" / "takotsubo-with-coronary-disease.yaml", profile="ips").bundle
    labs = [o for o in resources(bundle, "Observation") if ips.LABORATORY in profiles(o)]
    imaging = [o for o in resources(bundle, "Observation") if ips.RADIOLOGY in profiles(o)]
    assert labs and imaging
    for o in labs + imaging:
        assert o["performer"] == [{"extension": [{"url": DAR, "valueCode": "unknown"}]}]
        assert [k for k in o if k.startswith(("effective", "_effective"))]
        if "effectiveDateTime" in o:
            assert len(o["effectiveDateTime"]) >= 10 or ips.LABORATORY in profiles(o)


def test_mcode_claims_on_the_oncology_samples() -> None:
    mm = convert_file(REPO / "samples" / "multiple-myeloma.yaml", profile="mcode").bundle
    assert profiles(resources(mm, "Patient")[0]) == [mcode.CANCER_PATIENT]
    conditions = {c["code"]["text"]: c for c in resources(mm, "Condition")}
    primary = conditions["multiple myeloma, IgG lambda"]
    secondary = conditions["extramedullary plasmacytoma"]
    assert profiles(primary) == [mcode.PRIMARY] and profiles(secondary) == [mcode.SECONDARY]
    related = [e for e in secondary["extension"] if e["url"] == mcode.CONDITION_RELATED]
    assert related[0]["valueReference"]["reference"] == next(
        e["fullUrl"] for e in mm["entry"] if e["resource"] is primary)
    radiotherapy = [p for p in resources(mm, "Procedure") if mcode.RADIOTHERAPY in profiles(p)]
    assert len(radiotherapy) == 1
    assert radiotherapy[0]["code"]["coding"][0]["code"] == "1217123003" and "performedPeriod" in radiotherapy[0]
    statuses = [o for o in resources(mm, "Observation") if mcode.DISEASE_STATUS in profiles(o)]
    responses = [o for o in resources(mm, "Observation") if o["code"]["coding"][0]["code"] == "88040-1"]
    # The exact IMWG categories stay (NCIt values), and each has a disease status derived from it.
    assert sorted(r["valueCodeableConcept"]["coding"][0]["code"] for r in responses) == ["C123614", "C123618"]
    derived = [o for o in statuses if "derivedFrom" in o]
    assert len(derived) == len(responses)
    for o in statuses:
        assert o["code"]["coding"][0]["code"] == "97509-4"
        trend = [c for c in o["valueCodeableConcept"]["coding"] if c["system"] == "http://snomed.info/sct"]
        assert trend and trend[0]["code"] in {"268910001", "359746009", "271299001"}
    assert all(profiles(m) == [] for m in resources(mm, "MedicationStatement"))

    bc = convert_file(REPO / "samples" / "breast-cancer-her2-pt1a.yaml", profile="mcode").bundle
    claimed = [p for r in resources(bc) for p in profiles(r)]
    for url in (mcode.PRIMARY, mcode.SECONDARY, mcode.SURGERY, mcode.TNM_PRIMARY_TUMOR,
                mcode.TNM_REGIONAL_NODES, mcode.TNM_STAGE_GROUP):
        assert url in claimed
    group = next(o for o in resources(bc, "Observation") if mcode.TNM_STAGE_GROUP in profiles(o))
    assert group["valueCodeableConcept"]["text"] == "IA" and len(group["hasMember"]) == 2
    primary = next(c for c in resources(bc, "Condition") if mcode.PRIMARY in profiles(c))
    assert primary["stage"][0]["assessment"][0]["reference"] == next(
        e["fullUrl"] for e in bc["entry"] if e["resource"] is group)


@pytest.mark.parametrize("profile", ["ips", "mcode"])
def test_profile_output_is_deterministic_bytes(profile: str, tmp_path: Path) -> None:
    sample = str(REPO / "samples" / "multiple-myeloma.yaml")
    outs = [tmp_path / f"{n}.json" for n in range(2)]
    for out in outs:
        assert cli("convert", sample, "--profile", profile, "-q", "-o", str(out)).returncode == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    bundle = json.loads(outs[0].read_bytes())
    if profile == "ips":  # derived from the case, not the clock
        assert bundle["timestamp"] == "2011-06-01T00:00:00Z"


def test_source_date_epoch_sets_the_document_time(tmp_path: Path) -> None:
    import os

    out = tmp_path / "ips.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert cli("convert", str(SAMPLES[0]), "--profile", "ips", "-q", "-o", str(out), env=env).returncode == 0
    bundle = json.loads(out.read_text())
    assert bundle["timestamp"] == "2023-11-14T22:13:20Z"
    assert bundle["entry"][0]["resource"]["date"] == "2023-11-14T22:13:20Z"


def test_profile_usage_errors() -> None:
    sample = str(SAMPLES[0])
    r5 = cli("convert", sample, "--profile", "ips", "--fhir-version", "R5")
    assert r5.returncode == 2 and b"R4" in r5.stderr
    doc = cli("convert", sample, "--bundle-type", "document")
    assert doc.returncode == 2 and b"--profile ips" in doc.stderr
    assert cli("convert", sample, "--profile", "us-core").returncode == 2


def test_ips_as_a_transaction_keeps_the_composition() -> None:
    bundle = convert_file(SAMPLES[0], profile="ips", bundle_type="transaction").bundle
    assert bundle["type"] == "transaction" and "timestamp" not in bundle
    assert bundle["entry"][0]["resource"]["resourceType"] == "Composition"
    assert bundle["entry"][0]["request"]["ifNoneExist"].endswith("/_document/composition")
    assert [i for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []


ONC_CASE = """\
fhirconv: "1"
id: onc-case
patient: {sex: male}
conditions:
  - id: lung
    condition: {term: lung cancer, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C34.90"}]}
    stage: {system: clinical TNM, value: IIIA}
  - id: brain-mets
    condition: {term: brain metastases, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C79.31"}]}
    due_to: lung
  - id: hypertension
    condition: {term: hypertension, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I10"}]}
procedures:
  - {id: rt, procedure: radiotherapy, reason: brain-mets, date: 2020-03-04}
observations:
  - {id: resp, response: PD, focus: lung, date: 2020-05}
"""


def test_mcode_reads_cancers_from_icd10cm_and_the_case_links() -> None:
    from fhirconv.api import convert_text

    bundle = convert_text(ONC_CASE, "onc.yaml", profile="mcode").bundle
    by_text = {r["code"]["text"]: r for r in resources(bundle, "Condition")}
    assert profiles(by_text["lung cancer"]) == [mcode.PRIMARY]
    assert profiles(by_text["brain metastases"]) == [mcode.SECONDARY]
    # not a cancer: a US Core problem (mCODE builds on US Core 6.1, vendored and checked)
    assert profiles(by_text["hypertension"]) == ["http://hl7.org/fhir/us/core/StructureDefinition/"
                                                  "us-core-condition-problems-health-concerns"]
    assert all(any(c["code"] == "problem-list-item" for cc in r["category"] for c in cc["coding"])
               for r in resources(bundle, "Condition"))
    rt = resources(bundle, "Procedure")[0]
    assert profiles(rt) == [mcode.RADIOTHERAPY]
    assert rt["performedPeriod"] == {"start": "2020-03-04", "end": "2020-03-04"}
    status = next(o for o in resources(bundle, "Observation") if mcode.DISEASE_STATUS in profiles(o))
    assert status["valueCodeableConcept"]["coding"][0]["code"] == "271299001"  # PD: worsened
    assert status["effectiveDateTime"] == "2020-05"
    group = next(o for o in resources(bundle, "Observation") if mcode.TNM_STAGE_GROUP in profiles(o))
    assert group["code"]["coding"][0]["code"] == "399537006"  # clinical TNM stage grouping
    assert [i.one_line() for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []


TNM_CASE = """\
fhirconv: "1"
id: tnm-case
patient: {sex: female}
conditions:
  - id: breast
    condition: {term: breast cancer, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C50.912"}]}
    stage: {system: pathological TNM (AJCC 8), value: IIB, date: 2021-02-10}
    stages:
      - {type: clinical, system: AJCC 8, value: IIA, t: cT2, n: cN0, m: cM0, date: 2021-01-05}
      - {type: pathological, system: AJCC 8, value: IIB, t: pT2, n: pN1, date: 2021-02-10}
"""


@pytest.mark.parametrize("group_system,kind,members", [
    ("pathological TNM (AJCC 8)", "399588009", ["pathological primary tumor category",
                                                "pathological regional lymph nodes category"]),
    ("clinical TNM (AJCC 8)", "399537006", ["clinical primary tumor category",
                                            "clinical regional lymph nodes category",
                                            "clinical distant metastases category"]),
    # a grouping of unstated kind takes a part only where the condition has one category of it: M
    ("TNM (AJCC 8)", "399390009", ["clinical distant metastases category"]),
])
def test_mcode_tnm_categories_of_both_kinds_claim_their_profiles(group_system: str, kind: str,
                                                                   members: list[str]) -> None:
    """Clinical, pathological and M categories each claim mCODE's category profile of their part; the
    stage group takes only the categories of its own kind (hasMember:TNMCategory is 0..3), so a
    pathological grouping never lists a clinical cT2."""
    from fhirconv.api import convert_text

    text = TNM_CASE.replace("pathological TNM (AJCC 8)", group_system)
    bundle = convert_text(text, "tnm.yaml", profile="mcode").bundle
    obs = resources(bundle, "Observation")
    by_code = {o["code"]["text"]: o for o in obs if "category" in o["code"].get("text", "")}
    expected = {"clinical primary tumor category": (mcode.TNM_PRIMARY_TUMOR, "exam"),
                "clinical regional lymph nodes category": (mcode.TNM_REGIONAL_NODES, "exam"),
                "clinical distant metastases category": (mcode.TNM_DISTANT_METASTASES, "exam"),
                "pathological primary tumor category": (mcode.TNM_PRIMARY_TUMOR, "laboratory"),
                "pathological regional lymph nodes category": (mcode.TNM_REGIONAL_NODES, "laboratory")}
    assert {t: (profiles(o), o["category"][0]["coding"][0]["code"], o["method"]["text"])
            for t, o in by_code.items()} == {t: ([p], c, "AJCC 8") for t, (p, c) in expected.items()}
    group = next(o for o in obs if mcode.TNM_STAGE_GROUP in profiles(o))
    assert group["code"]["coding"][0]["code"] == kind
    urls = {e["resource"]["id"]: e["fullUrl"] for e in bundle["entry"]}
    assert group["hasMember"] == [{"reference": urls[by_code[t]["id"]]} for t in members]
    issues = validate_resource_tree(bundle, fhir_version="R4")
    assert [i.one_line() for i in issues if i.is_error] == []
    # every stage assessment now points at an Observation that claims an mCODE stage profile
    assert not [i.one_line() for i in issues if "stage.assessment" in i.one_line()]


def test_ips_document_of_a_case_without_dates_is_still_stable() -> None:
    from fhirconv.api import convert_text

    text = 'fhirconv: "1"\nid: min-case\npatient: {sex: male}\n'
    one = convert_text(text, "min.yaml", profile="ips")
    two = convert_text(text, "min.yaml", profile="ips")
    assert one.bundle_json() == two.bundle_json()
    comp = one.bundle["entry"][0]["resource"]
    assert [s["code"]["coding"][0]["code"] for s in comp["section"]] == ["11450-4", "48765-2", "10160-0"]
    assert all(s["emptyReason"]["coding"][0]["code"] == "unavailable" for s in comp["section"])
    assert [i.one_line() for i in validate_resource_tree(one.bundle, fhir_version="R4") if i.is_error] == []


def test_ips_result_without_a_value_says_why() -> None:
    from fhirconv.api import convert_text

    text = ('fhirconv: "1"\nid: nv-case\npatient: {sex: female}\nobservations:\n'
            '  - {id: lab1, category: laboratory, observation: hemoglobin A1c, date: 2020-01-02}\n')
    bundle = convert_text(text, "nv.yaml", profile="ips").bundle
    lab = resources(bundle, "Observation")[0]
    assert profiles(lab) == [ips.LABORATORY] and lab["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    assert [i.one_line() for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []


DIFFERENTIAL_CASE = """\
fhirconv: "1"
id: differential-cancers
patient: {sex: male}
conditions:
  - id: lesions
    condition: lytic spinal lesions
  - id: myeloma
    condition: {term: multiple myeloma, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C90.00"}]}
    verification_status: differential
  - id: lymphoma
    condition: {term: lymphoma, codes: [{system: "http://hl7.org/fhir/sid/icd-10-cm", code: "C85.90"}]}
    verification_status: refuted
"""


def test_mcode_claims_no_cancer_for_a_differential_or_refuted_diagnosis() -> None:
    """A cancer only considered or ruled out is not the patient's cancer: no PrimaryCancerCondition
    for it, and no CancerPatient when it is the only cancer the case names."""
    from fhirconv.api import convert_text

    bundle = convert_text(DIFFERENTIAL_CASE, "diff.yaml", profile="mcode").bundle
    uscore_problem = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-problems-health-concerns"
    assert {r["code"]["text"]: profiles(r) for r in resources(bundle, "Condition")} == {
        "lytic spinal lesions": [uscore_problem], "multiple myeloma": [uscore_problem], "lymphoma": [uscore_problem]}
    assert mcode.CANCER_PATIENT not in profiles(resources(bundle, "Patient")[0])
    confirmed = DIFFERENTIAL_CASE.replace("verification_status: differential", "verification_status: confirmed")
    bundle = convert_text(confirmed, "diff.yaml", profile="mcode").bundle
    assert profiles(next(r for r in resources(bundle, "Condition") if r["code"]["text"] == "multiple myeloma")) == [
        mcode.PRIMARY]
    assert profiles(resources(bundle, "Patient")[0]) == [mcode.CANCER_PATIENT]
    assert [i.one_line() for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []


STATUS_CASE = """\
fhirconv: "1"
id: status-case
patient: {sex: male}
conditions:
  - id: cc
    condition: colon cancer
    onset: 2011-03-01
    history:
      - {id: cc-active, status: active, date: 2012-01-01, text: progressive colon cancer}
      - {id: cc-relapse, status: relapse, date: 2013-01-01, text: relapse}
"""


def test_mcode_claims_a_disease_status_only_where_the_status_says_a_trend() -> None:
    """CancerDiseaseStatus's value is bound (maximum) to the trend (improved, stable, worsened): a
    relapse is a worsening and claims it; "active" says no direction, so its Observation claims
    nothing and the Bundle still validates (it once failed the profile layer with an error)."""
    from fhirconv.api import convert_text

    bundle = convert_text(STATUS_CASE, "status.yaml", profile="mcode").bundle
    course = {o["effectiveDateTime"]: o for o in resources(bundle, "Observation")
              if o["code"]["coding"][0]["code"] == "97509-4"}
    assert profiles(course["2013-01-01"]) == [mcode.DISEASE_STATUS]
    assert course["2013-01-01"]["valueCodeableConcept"]["coding"][0]["code"] == "271299001"
    assert profiles(course["2012-01-01"]) == []
    assert [c["code"] for c in course["2012-01-01"]["valueCodeableConcept"]["coding"]] == ["active"]
    assert [i.one_line() for i in validate_resource_tree(bundle, fhir_version="R4") if i.is_error] == []
