"""The three samples written from published case reports outside oncology's usual shapes: the
facts of each source come out in FHIR, the same facts in R4 and R5, valid in every layer."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_file
from fhirconv.validate import validate_resource_tree
from fhirconv.validate.terminology import is_text_only
from tests.conftest import SAMPLES

TODDLER = SAMPLES / "toddler-tablet-ingestion.yaml"
EUDKA = SAMPLES / "euglycemic-dka-after-surgery.yaml"
RADIOTHERAPY = SAMPLES / "breast-hypofractionated-radiotherapy.yaml"


@pytest.fixture(scope="module", params=["R4", "R5"])
def version(request):
    return request.param


def find(conv, rtype, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if r["resourceType"] == rtype
                and any(i["value"] == value for i in r["identifier"]))


def ref(conv, rtype, key):
    return {"reference": f"{rtype}/{find(conv, rtype, key)['id']}"}


def ext(resource, name):
    return next(e for e in resource.get("extension", []) if e["url"].endswith("/" + name))


def klass(conv, enc):
    return enc["class"][0]["coding"][0]["code"] if conv.fhir_version == "R5" else enc["class"]["code"]


@pytest.mark.parametrize("sample", [TODDLER, EUDKA, RADIOTHERAPY], ids=lambda p: p.stem)
def test_valid_in_every_layer(sample, version):
    conv = convert_file(sample, fhir_version=version)
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    # concepts written as text only are reported by the converter at the case's line
    assert [i.one_line() for i in issues if i.severity in ("error", "warning") and not is_text_only(i)] == []


def test_toddler_18_months_emergency_visit_then_overnight_observation(version):
    conv = convert_file(TODDLER, fhir_version=version)
    age = find(conv, "Observation", "patient/age")
    assert age["valueQuantity"]["value"] == 18 and age["valueQuantity"]["code"] == "mo"
    ed = find(conv, "Encounter", "ed-visit")
    stay = find(conv, "Encounter", "overnight-observation")
    assert (klass(conv, ed), klass(conv, stay)) == ("EMER", "OBSENC")
    hospital = stay["admission" if version == "R5" else "hospitalization"]
    assert hospital["dischargeDisposition"]["coding"][0]["code"] == "home"
    assert "presents to the emergency department of a small district hospital" in ed["text"]["div"]
    assert find(conv, "Observation", "patient/outcome")["valueCodeableConcept"]["text"] == "Alive"
    assert find(conv, "Patient", "patient")["gender"] == "unknown"


def test_eudka_icu_stay_drugs_stopped_and_restarted(version):
    conv = convert_file(EUDKA, fhir_version=version)
    assert klass(conv, find(conv, "Encounter", "icu-stay")) == "ACUTE"
    for drug, stop, restart in (("dapagliflozin", "dapa-stop", "dapa-restart"),
                                ("sitagliptin", "sita-stop", "sita-restart"),
                                ("glimepiride", "glim-stop", "glim-restart")):
        statements = [find(conv, "MedicationStatement", k) for k in (drug, stop, restart)]
        assert all("anti-hyperglycemic regimen" in str(s["category"]) for s in statements)
        assert any("restarted at home on post-operative day number one" in n["text"]
                   for n in statements[2]["note"])
    sepsis = find(conv, "Condition", "sepsis")
    assert sepsis["verificationStatus"]["coding"][0]["code"] == "refuted"
    ruled_out = find(conv, "Observation", "sepsis-ruled-out")
    assert ruled_out["derivedFrom"] == [ref(conv, "Observation", "ct-finding")]
    assert find(conv, "Observation", "ct-finding")["partOf"] == [ref(conv, "Procedure", "ct-abdomen")]
    dka = find(conv, "Condition", "eudka")
    assert ext(dka, "condition-dueTo")["valueReference"] == ref(conv, "MedicationStatement", "dapagliflozin")
    bp = find(conv, "Observation", "blood-pressure")
    assert [c["valueQuantity"]["value"] for c in bp["component"]] == [135, 72]
    assert find(conv, "Procedure", "hernia-repair")["partOf"] == [ref(conv, "Procedure", "abdominoplasty")]
    course = find(conv, "Observation", "eudka-course")
    assert course["valueCodeableConcept"]["text"] == "Improved"
    assert course["partOf"] == [ref(conv, "MedicationStatement", "glucose-infusion"),
                                ref(conv, "MedicationStatement", "insulin-drip")]
    lost_units = sorted(i.expression for i in conv.issues if "has no unit" in i.message)
    assert lost_units == ["$.observations[4].value", "$.observations[8].value", "$.observations[9].value"]


def test_radiotherapy_doses_fractions_and_links(version):
    conv = convert_file(RADIOTHERAPY, fhir_version=version)
    wbrt = find(conv, "Procedure", "wbrt")
    boost = find(conv, "Procedure", "boost")
    assert ext(wbrt, "radiotherapy-dose")["valueQuantity"]["value"] == 42.56
    assert ext(wbrt, "radiotherapy-fractions")["valuePositiveInt"] == 16
    assert ext(boost, "radiotherapy-dose")["valueQuantity"] == {"value": 16, "unit": "Gy",
                                                                "system": "http://unitsofmeasure.org", "code": "Gy"}
    assert ext(boost, "radiotherapy-fractions")["valuePositiveInt"] == 8
    assert boost["partOf"] == [ref(conv, "Procedure", "wbrt")]
    assert find(conv, "Procedure", "alnd")["partOf"] == [ref(conv, "Procedure", "bcs")]
    skin = find(conv, "Condition", "hyperpigmentation")
    assert ext(skin, "condition-dueTo")["valueReference"] == ref(conv, "Procedure", "boost")
    assert find(conv, "Observation", "skin-toxicity")["partOf"] == [ref(conv, "Procedure", "boost")]
    stage = find(conv, "Condition", "breast-cancer")["stage"][0]
    assert stage["summary"]["text"] == "T2N1M0" and len(stage["assessment"]) == 3
    assert find(conv, "Observation", "patient/outcome")["valueCodeableConcept"]["text"] == "Alive"
