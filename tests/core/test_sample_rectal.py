"""The rectal cancer sample (published case report): a radiotherapy dose, a clinical and a
pathological stage each linked to its T, N and M observations, the same facts in R4 and R5, valid
in every layer."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_file
from fhirconv.validate import validate_resource_tree
from fhirconv.validate.terminology import is_text_only
from tests.conftest import SAMPLES

RECTAL = SAMPLES / "rectal-cancer-preoperative-chemoradiotherapy.yaml"


@pytest.fixture(scope="module", params=["R4", "R5"])
def conv(request):
    return convert_file(RECTAL, fhir_version=request.param)


def find(conv, rtype, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if r["resourceType"] == rtype
                and any(i["value"] == value for i in r["identifier"]))


def test_valid_in_every_layer(conv):
    issues = validate_resource_tree(conv.bundle, fhir_version=conv.fhir_version)
    # Terms without a code are reported at their line in the case file (code-text-only here).
    assert [i for i in issues if i.severity in ("error", "warning") and not is_text_only(i)] == []


def test_radiotherapy_dose(conv):
    rt = find(conv, "Procedure", "radiotherapy")
    dose = next(e for e in rt["extension"] if e["url"].endswith("/radiotherapy-dose"))
    assert dose["valueQuantity"] == {"value": 50.4, "unit": "Gy", "system": "http://unitsofmeasure.org",
                                     "code": "Gy"}
    assert not any(e["url"].endswith("/radiotherapy-fractions") for e in rt["extension"])  # not in the source
    assert any("daily fractions of 1.8 Gy" in n["text"] for n in rt["note"])


def test_clinical_and_pathological_stage_with_their_tnm(conv):
    cancer = find(conv, "Condition", "rectal-cancer")
    clinical, pathological = cancer["stage"]
    assert clinical["summary"]["text"] == "IIb" and "clinical" in clinical["type"]["text"].lower()
    assert pathological["summary"]["text"] == "ypT0N0" and "pathological" in pathological["type"]["text"].lower()
    values = {}
    for stage in (clinical, pathological):
        for ref in stage["assessment"]:
            obs = next(r for r in conv.resources if f"Observation/{r['id']}" == ref["reference"])
            values[obs.get("valueString") or obs["valueCodeableConcept"]["text"]] = obs
    assert set(values) == {"cT4a", "cN0", "cM0", "ypT0", "ypN0"}
    # AJCC categories are coded (SNOMED CT, the ICHOM breast cancer IG and mCODE examples); no open
    # artefact codes a subcategory with a prefix (cT4a) or the post-therapy "yp": those stay as written
    assert [c["code"] for c in values["cN0"]["valueCodeableConcept"]["coding"]] == ["1229967007"]
    assert [c["code"] for c in values["cM0"]["valueCodeableConcept"]["coding"]] == ["1229901006"]
    assert all("valueCodeableConcept" not in values[v] for v in ("cT4a", "ypT0", "ypN0"))
    resection = find(conv, "Procedure", "resection")
    # the pathological categories are dated by the resection, which the source does not date
    rel = values["ypT0"]["_effectiveDateTime"]["extension"][0]["extension"]
    assert rel[0]["valueReference"]["identifier"] == resection["identifier"][0]  # logical: no cycle


def test_alive_two_years_after_the_resection(conv):
    vital = find(conv, "Observation", "patient/outcome")
    assert vital["valueCodeableConcept"]["text"] == "Alive"
    rel = {p["url"]: p for p in vital["_effectiveDateTime"]["extension"][0]["extension"]}
    assert rel["relationship"]["valueCode"] == "after-start"
    assert rel["offset"]["valueDuration"]["value"] == 2 and rel["offset"]["valueDuration"]["code"] == "a"
    ileostomy = find(conv, "Procedure", "ileostomy")
    assert ileostomy["partOf"] == [{"reference": f"Procedure/{find(conv, 'Procedure', 'resection')['id']}"}]
