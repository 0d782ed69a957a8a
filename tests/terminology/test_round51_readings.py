"""Words of round 51's case reports (neurology, ophthalmology; endocrinology, haematological
malignancy, thrombotic microangiopathy; paediatric surgery, otolaryngology, dermatology), written by
people who had not read the tables: the readings and rows their review added."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def convert(**items: Any) -> tuple[list[dict[str, Any]], list[str]]:
    case = {"fhirconv": "1", "id": "r51", "patient": {"sex": "male"}, **items}
    conv = convert_text(json.dumps(case), "case.json")
    return conv.resources, [i.message for i in conv.issues]


def gas(panel: str, *components: tuple[str, Any, str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    resources, messages = convert(observations=[{
        "id": "gas", "observation": panel, "category": "laboratory",
        "components": [{"observation": t, "value": v, "unit": u} for t, v, u in components]}])
    obs = next(r for r in resources if r["resourceType"] == "Observation")
    return {c["code"]["text"]: c["code"] for c in obs["component"]}, messages


def test_a_blood_gas_component_is_the_analyte_in_the_panels_blood() -> None:
    comps, messages = gas("arterial blood gas", ("pH", 7.32, "[pH]"), ("pCO2", 12.7, "kPa"),
                          ("bicarbonate", 14, "mmol/L"), ("oxygen saturation", 97, "%"))
    got = {text: [c["code"] for c in code["coding"]] for text, code in comps.items()}
    assert got == {
        "pH": ["2744-1"],  # *pH of Arterial blood*: "pH" alone names no specimen
        "pCO2": ["2019-8"],  # *Carbon dioxide [Partial pressure] in Arterial blood*
        "bicarbonate": ["1960-4"],  # arterial blood's, not the serum's 1963-8
        "oxygen saturation": ["2708-6"],  # never the pulse oximeter's 59408-5
    }
    assert any("component 'pH' of the arterial blood gas panel" in m for m in messages)


def test_a_venous_gas_panel_gives_its_own_blood_and_keeps_the_rest() -> None:
    comps, _ = gas("venous blood gas", ("pH", 7.30, "[pH]"), ("base excess", -8, "mmol/L"))
    assert [c["code"] for c in comps["pH"]["coding"]] == ["2746-6"]  # *pH of Venous blood*
    # no venous twin in the tables: the component's own code
    assert [c["code"] for c in comps["base excess"]["coding"]] == ["11555-0"]


def test_components_of_other_panels_are_not_read_as_blood_gases() -> None:
    resources, _ = convert(observations=[{
        "id": "u", "observation": "urinalysis", "category": "laboratory",
        "components": [{"observation": "pH", "value": 6, "unit": "[pH]"}]}])
    obs = next(r for r in resources if r["resourceType"] == "Observation")
    assert "coding" not in obs["component"][0]["code"]


@pytest.mark.parametrize("name", [
    "metastasis to rib", "rib metastases", "metastasis to thoracic vertebra", "T10 vertebral metastases",
    "left femoral metastasis", "metastases to the skull",
])
def test_a_secondary_cancer_of_a_bone_is_bone_metastases(name: str) -> None:
    resources, messages = convert(conditions=[{"id": "c", "condition": name}])
    cond = next(r for r in resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == ["94222008", "C79.51"]
    assert cond["code"]["text"] == name
    assert any("the secondary cancer of bone" in m for m in messages)


@pytest.mark.parametrize("name", ["pelvic metastases", "iliac metastases"])
def test_sites_that_also_name_soft_tissue_are_not_read_as_bone(name: str) -> None:
    resources, _ = convert(conditions=[{"id": "c", "condition": name}])
    cond = next(r for r in resources if r["resourceType"] == "Condition")
    assert "C79.51" not in json.dumps(cond)


@pytest.mark.parametrize("name,expected,word", [
    ("PTH-independent hypercalcemia", ["66931009", "E83.52"], "PTH-independent"),
    ("frank rectal bleeding", ["12063002"], "frank"),  # *Rectal hemorrhage*
])
def test_more_words_that_narrow(name: str, expected: list[str], word: str) -> None:
    resources, messages = convert(conditions=[{"id": "c", "condition": name}])
    cond = next(r for r in resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == expected
    assert any(f"{word!r} is said in the text only" in m for m in messages)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "bowel perforation", ["56905009", "K63.1"]),
    ("observation", "HgbA1c", ["4548-4"]),
    ("observation", "cerebrospinal fluid total protein", ["2880-3"]),
    ("observation", "rapid plasma reagin test", ["20507-0"]),
    ("observation", "CSF VDRL", ["5290-2"]),
    ("observation", "oligoclonal bands in cerebrospinal fluid", ["56764-4"]),
    ("observation", "CSF myelin basic protein", ["2638-5"]),
    ("procedure", "resection of ileum", ["51346007"]),
    ("procedure", "physical therapy evaluation", ["410158009"]),
    ("procedure", "occupational therapy evaluation", ["410155007"]),
    ("procedure", "gamma knife radiosurgery", ["115959002"]),  # a stereotactic radiosurgery
    ("procedure", "transsphenoidal hypophysectomy", ["171948002"]),
])
def test_round51_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected
