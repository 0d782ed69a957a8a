"""The reference case: every fact of the abstract comes out in FHIR with the right codes."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_file
from tests.conftest import MYELOMA

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"


@pytest.fixture(scope="module")
def conv():
    return convert_file(MYELOMA)


def by_type(conv, rtype):
    return [r for r in conv.resources if r["resourceType"] == rtype]


def codes(cc, system):
    return {c["code"] for c in cc.get("coding", []) if c["system"] == system}


def find(conv, rtype, ident):
    value = f"{conv.case_id}/{ident}"
    for r in by_type(conv, rtype):
        if any(i["value"] == value for i in r["identifier"]):
            return r
    raise AssertionError(f"no {rtype} with identifier {value}")


def test_patient_is_a_58_year_old_woman_in_june_2011(conv):
    patient = find(conv, "Patient", "patient")
    assert patient["gender"] == "female"
    age = find(conv, "Observation", "patient/age")
    assert age["valueQuantity"] == {"value": 58, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"}
    assert age["effectiveDateTime"] == "2011-06"
    assert codes(age["code"], LOINC) == {"30525-0"}


def test_igg_lambda_myeloma_diagnosed_about_7_years_earlier(conv):
    mm = find(conv, "Condition", "myeloma")
    assert "109989006" in codes(mm["code"], SNOMED)
    assert codes(mm["code"], ICD10CM) == {"C90.01"}  # in remission (sCR) at the end of the report
    assert "IgG lambda" in mm["code"]["text"]
    assert mm["onsetDateTime"] == "2004"  # 7 years before 2011-06, known to the year
    assert any("7 years" in n["text"] for n in mm["note"])
    assert mm["clinicalStatus"]["coding"][0]["code"] == "remission"


def test_fifth_recurrence_in_june_2011(conv):
    status = find(conv, "Observation", "relapse-5-status")
    assert status["effectiveDateTime"] == "2011-06"
    assert status["valueCodeableConcept"]["coding"][0]["code"] == "relapse"
    assert "fifth" in status["valueCodeableConcept"]["text"]
    assert status["focus"][0]["reference"] == f"Condition/{find(conv, 'Condition', 'myeloma')['id']}"


def test_extramedullary_plasmacytoma_of_the_left_orbit(conv):
    emp = find(conv, "Condition", "orbital-plasmacytoma")
    assert codes(emp["code"], ICD10CM) & {"C90.20", "C90.22"}
    site = emp["bodySite"][0]
    assert "left" in site["text"].lower() and "orbit" in site["text"].lower()
    assert site.get("coding"), "the orbit is coded"
    assert emp["onsetDateTime"] == "2011-06"


def test_prior_regimens_expand_to_their_drugs(conv):
    names = {r["medicationCodeableConcept"]["text"].lower(): r for r in by_type(conv, "MedicationStatement")}
    for drug in ("vincristine", "doxorubicin", "dexamethasone", "melphalan", "prednisone", "bortezomib",
                 "thalidomide", "lenalidomide"):
        hit = [r for name, r in names.items() if drug in name]
        assert hit, f"{drug} missing"
        assert codes(hit[0]["medicationCodeableConcept"], RXNORM), f"{drug} has no RxNorm code"
    vad = find(conv, "Procedure", "vad")
    parts = [r for r in by_type(conv, "MedicationStatement") if r.get("partOf")
             and r["partOf"][0]["reference"] == f"Procedure/{vad['id']}"]
    assert len(parts) == 3


def test_bortezomib_dexamethasone_induction_at_relapse(conv):
    bd = find(conv, "Procedure", "bd-induction")
    assert bd["performedPeriod"]["start"] == "2011-06"
    drugs = [r for r in by_type(conv, "MedicationStatement") if r.get("partOf")
             and r["partOf"][0]["reference"] == f"Procedure/{bd['id']}"]
    assert sorted(r["medicationCodeableConcept"]["text"].lower() for r in drugs) == ["bortezomib", "dexamethasone"]
    intents = [e for e in drugs[0]["extension"] if e["url"].endswith("mcode-procedure-intent")]
    assert intents[0]["valueCodeableConcept"]["text"] == "induction"


def test_transplants_collection_and_radiotherapy(conv):
    first, second = find(conv, "Procedure", "first-asct"), find(conv, "Procedure", "second-asct")
    for asct, n in ((first, 1), (second, 2)):
        assert codes(asct["code"], SNOMED), "ASCT is coded"
        ordinal = {"url": "https://fhirconv.org/fhir/StructureDefinition/ordinal", "valuePositiveInt": n}
        assert ordinal in asct["extension"]
    collection = find(conv, "Procedure", "pbsc-collection")
    assert codes(collection["code"], SNOMED)
    rt = find(conv, "Procedure", "radiotherapy")
    assert codes(rt["code"], SNOMED)
    assert "orbit" in rt["bodySite"][0]["text"]
    assert rt["reasonReference"][0]["reference"] == f"Condition/{find(conv, 'Condition', 'orbital-plasmacytoma')['id']}"


def test_lenalidomide_5_mg_daily_by_mouth_as_maintenance(conv):
    len_ms = find(conv, "MedicationStatement", "lenalidomide-maintenance")
    dosage = len_ms["dosage"][0]
    assert dosage["doseAndRate"][0]["doseQuantity"] == {
        "value": 5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}
    assert dosage["timing"]["repeat"] == {"frequency": 1, "period": 1, "periodUnit": "d"}
    assert codes(dosage["route"], SNOMED), "oral route is coded"
    assert len_ms["status"] == "active"
    intent = [e for e in len_ms["extension"] if e["url"].endswith("mcode-procedure-intent")][0]
    assert intent["valueCodeableConcept"]["text"] == "maintenance"


def test_vgpr_then_scr_by_imwg(conv):
    vgpr, scr = find(conv, "Observation", "vgpr"), find(conv, "Observation", "scr")
    mm = find(conv, "Condition", "myeloma")
    for obs, name in ((vgpr, "Very good partial response"), (scr, "Stringent complete response")):
        assert name in obs["valueCodeableConcept"]["text"]
        assert obs["method"]["text"] == "IMWG response criteria"
        assert obs["focus"][0]["reference"] == f"Condition/{mm['id']}"
    # The abstract dates neither: "three months later", "after 2 months" are kept as words, never invented.
    assert "effectiveDateTime" not in vgpr
    # notes name the anchors by their words, not by the case file's ids
    assert any("3 months after the autologous peripheral blood stem cell transplant (second)" in n["text"]
               for n in vgpr["note"])
    assert any("2 months after the lenalidomide" in n["text"] for n in scr["note"])
    assert not any("second-asct" in n["text"] or "lenalidomide-maintenance" in n["text"]
                   for obs in (vgpr, scr) for n in obs["note"])
    # and say it in FHIR: cqf-relativeDateTime on the (valueless) effectiveDateTime, target the second ASCT
    asct2 = find(conv, "Procedure", "second-asct")
    rel = vgpr["_effectiveDateTime"]["extension"][0]
    assert rel["url"] == "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"
    parts = {p["url"]: p for p in rel["extension"]}
    assert parts["target"]["valueReference"]["identifier"] == asct2["identifier"][0]  # logical: no dependency
    assert parts["target"]["valueReference"]["type"] == "Procedure"
    assert parts["targetPath"]["valueString"] == "performed"
    assert parts["relationship"]["valueCode"] == "after-start"
    assert parts["offset"]["valueDuration"] == {"value": 3, "unit": "months", "system": "http://unitsofmeasure.org",
                                                "code": "mo"}
    remission = find(conv, "Observation", "remission-scr")
    assert remission["valueCodeableConcept"]["coding"][0]["code"] == "remission"


def test_every_resource_cites_the_source_and_has_a_narrative(conv):
    for r in conv.resources:
        assert r["meta"]["source"] == "https://doi.org/10.4236/ijcm.2012.32022"
        assert r["text"]["status"] == "generated" and r["text"]["div"].startswith("<div xmlns=")


def test_every_reference_resolves_inside_the_bundle(conv):
    full_urls = {e["fullUrl"] for e in conv.bundle["entry"]}
    refs = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "reference":
                    refs.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(conv.bundle["entry"])
    assert refs and all(ref in full_urls for ref in refs)


@pytest.mark.parametrize("version, module", [("R4", "fhir.resources.R4B.bundle"), ("R5", "fhir.resources.bundle")])
@pytest.mark.parametrize("bundle_type", ["collection", "transaction"])
def test_bundles_pass_fhir_resources_models(version, module, bundle_type):
    import importlib

    conv = convert_file(MYELOMA, fhir_version=version, bundle_type=bundle_type)
    bundle_cls = importlib.import_module(module).Bundle
    bundle_cls.model_validate(json.loads(json.dumps(conv.bundle)))


def test_bundle_follows_the_course_sequence(conv):
    order = [e["resource"]["identifier"][0]["value"].split("/", 1)[1] for e in conv.bundle["entry"]]
    assert order[0] == "patient"
    steps = ["myeloma", "vad", "mp", "first-asct", "prior-bortezomib", "prior-thalidomide", "relapse-5-status",
             "orbital-plasmacytoma", "bd-induction", "pbsc-collection", "radiotherapy", "second-asct", "vgpr",
             "lenalidomide-maintenance", "scr", "remission-scr"]
    assert [k for k in order if k in steps] == steps
    assert order.index("vad/vincristine") == order.index("vad") + 1  # a regimen's drugs follow it
