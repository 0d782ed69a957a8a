"""bench/coverage.py counts the right things, and the tables code what the samples and cases say."""

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bench.coverage import DEFAULT_PATHS, case_files, concepts, main, measure, report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = case_files([ROOT / "samples"])
CASES = case_files([ROOT / "tests" / "terminology" / "cases"])

# Samples below 95%, each with the concepts no openly published code was confirmed for (see
# samples/README.md). The floor is today's figure: a change that loses a code fails here.
BELOW_TARGET = {
    "takotsubo-with-coronary-disease.yaml": 84.6,  # OCT, LV wall motion, InterTAK score, plaque morphology
    "breast-cancer-her2-pt1a.yaml": 93.5,  # subtype "luminal B-like", nuclear grade
    "type2-diabetes-sglt2-remission.yaml": 93.7,  # pancreatic beta-cell dysfunction
    "infant-dka-type1-diabetes.yaml": 93.3,  # Kussmaul breathing
    # Samples written for the case format (encounters, verification, outcomes) before their terms
    # had rows: drugs (sitagliptin, glimepiride, glucose, insulin), surgery, verification-status,
    # course and vital-status observations, TNM category observations.
    "breast-hypofractionated-radiotherapy.yaml": 62.5,
    "euglycemic-dka-after-surgery.yaml": 53.6,
    "toddler-tablet-ingestion.yaml": 14.2,
}


def test_counts_coded_and_text_only_concepts():
    condition = {
        "resourceType": "Condition",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "386661006"}], "text": "fever"},
        "bodySite": [{"text": "left wrist"}],
        "note": [{"text": "free text is not a concept"}],
    }
    found = [(c.path, c.coded) for c in concepts(condition)]
    assert found == [("Condition.code", True), ("Condition.bodySite[0]", False)]


def test_counts_medication_route_components_and_extensions():
    statement = {
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": {"text": "antipyretics"},
        "dosage": [{"route": {"coding": [{"system": "http://snomed.info/sct", "code": "26643006"}]}}],
        "extension": [{"url": "https://fhirconv.org/fhir/StructureDefinition/therapy-intent",
                       "valueCodeableConcept": {"text": "induction"}},
                      {"url": "https://fhirconv.org/fhir/StructureDefinition/therapy-line", "valuePositiveInt": 1}],
    }
    r5 = {"resourceType": "MedicationStatement", "medication": {"concept": {"text": "insulin"}}}
    observation = {"resourceType": "Observation", "code": {"text": "blood pressure"},
                   "valueQuantity": {"value": 1, "unit": "mm[Hg]"},
                   "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                                  "valueCodeableConcept": {"text": "high"}}]}
    assert [(c.text, c.coded) for c in concepts(statement)] == [
        ("antipyretics", False), ("?", True), ("induction", False)]
    mcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
    procedure = {"resourceType": "Procedure", "code": {"text": "mastectomy"},
                 "bodySite": [{"text": "breast", "extension": [
                     {"url": mcode + "mcode-laterality-qualifier", "valueCodeableConcept": {"text": "left"}}]}],
                 "extension": [{"url": mcode + "mcode-procedure-intent", "valueCodeableConcept": {"text": "curative"}}]}
    assert [(c.path, c.text) for c in concepts(procedure)] == [
        ("Procedure.code", "mastectomy"), ("Procedure.bodySite[0]", "breast"),
        ("Procedure.bodySite[0].extension[0]", "left"), ("Procedure.extension[0]", "curative")]
    assert [c.path for c in concepts(r5)] == ["MedicationStatement.medication.concept"]
    assert [(c.path, c.coded) for c in concepts(observation)] == [
        ("Observation.code", False), ("Observation.component[0].code", True),
        ("Observation.component[0].valueCodeableConcept", False)]


def test_default_paths_are_samples_and_cases():
    assert DEFAULT_PATHS == (ROOT / "samples", ROOT / "tests" / "terminology" / "cases")


def test_json_report(capsys):
    assert main([str(SAMPLES[0]), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"overall"' in out and '"text_only"' in out


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_are_coded(path):
    result = measure(path)
    assert result.error is None
    floor = BELOW_TARGET.get(path.name, 95.0)
    assert result.percent >= floor, [f"{c.path}: {c.text}" for c in result.concepts if not c.coded]


def test_below_target_list_names_samples():
    assert set(BELOW_TARGET) <= {p.name for p in SAMPLES}
    assert all(floor < 95.0 for floor in BELOW_TARGET.values())


def test_case_files_cite_their_publication():
    yaml = YAML(typ="safe")
    assert len(CASES) >= 10
    for path in CASES:
        source = yaml.load(path.read_text(encoding="utf-8"))["source"]
        assert source["title"] and source["authors"], path.name
        assert source.get("doi") or source.get("pmid") or source.get("url"), path.name


def test_case_files_overall_coverage():
    """The aim is 85%; today's figure (107 of 127) is the floor until the missing codes are found."""
    data = report([measure(p) for p in CASES])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["percent"] >= 84.0, data["overall"]
