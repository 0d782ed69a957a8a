"""Words of rounds 67 and 68's case reports (dermatology, psychiatry and toxicology, paediatric
surgery; endocrinology, hepatology, orthopaedics and rheumatology), written by people who had not
read the tables: the rows and readings their review added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("term,expected", [
    ("heat intolerance", ["69215007"]),
    ("gouty arthritis", ["190828008"]),  # *Gouty arthropathy*
    ("hypertrophic pyloric stenosis", []),  # infantile (Q40.0) or adult (K31.1): the words do not say
])
def test_round67_rows(term: str, expected: list[str]) -> None:
    assert codes("condition", term) == expected


@pytest.mark.parametrize("name,code,site", [
    ("gouty arthritis of sternoclavicular joint", "190828008", "7844006"),
    ("ischemia of left foot", "52674009", "56459004"),
    ("scar on left cheek", "275322007", "60819002"),
])
def test_a_disorder_named_with_its_site(name: str, code: str, site: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == [site]


FLUID_CASE = {"fhirconv": "1", "id": "fluids", "patient": {"sex": "male"}, "observations": [
    {"id": "pf", "observation": "pleural fluid analysis", "components": [
        {"observation": "protein", "value": 4.5, "unit": "g/dL"},
        {"observation": "LDH", "value": 600, "unit": "U/L"},
        {"observation": "appearance", "value": "turbid"}]},
    {"id": "asc", "observation": "ascitic fluid", "components": [
        {"observation": "albumin", "value": 1.1, "unit": "g/dL"}]},
    {"id": "serum", "observation": "liver panel", "components": [
        {"observation": "albumin", "value": 3.1, "unit": "g/dL"}]}]}


def test_a_component_of_a_body_fluid_is_measured_in_that_fluid() -> None:
    """"Protein" in a pleural fluid analysis is *Protein [Mass/volume] in Pleural fluid*, never the
    serum's; a panel that names no fluid keeps the plain row (serum albumin)."""
    conv = convert_text(json.dumps(FLUID_CASE), "case.json")
    panels = {r["id"].split("-")[-1]: r for r in conv.resources if r["resourceType"] == "Observation"}
    got = {r["code"]["text"]: [[c["code"] for c in comp["code"].get("coding", [])] for comp in r["component"]]
           for r in panels.values() if r.get("component")}
    assert got["pleural fluid analysis"] == [["2882-9"], ["2530-4"], []]
    assert got["ascitic fluid"] == [["1749-1"]]
    assert got["liver panel"] == [["1751-7"]]
    assert any("coded as the protein of pleural fluid" in i.message for i in conv.issues)


@pytest.mark.parametrize("words,code", [
    ("L4-L5", "243923001"), ("L4/5", "243923001"), ("L5-S1 disc space", "243927000"),
    ("C5-C6 intervertebral disc", "243905009"), ("T8-9 level", "243915003"),
])
def test_a_disc_level(words: str, code: str) -> None:
    assert codes("body-site", words) == [code]


def test_a_disc_herniation_with_its_level() -> None:
    assert codes("condition", "herniated disc") == ["73589001"]
    assert codes("condition", "lumbar disc herniation") == ["202708005"]
    cond, _ = one_item("Condition", "conditions", {"condition": "L4-L5 disc herniation"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["73589001"]
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == ["243923001"]


def test_an_observation_keeps_joined_sites_whole() -> None:
    """Observation.bodySite takes one site: "trunk and extremities" stays whole words there, never
    cut to "trunk"; a Condition, whose bodySite repeats, gets one entry per site."""
    case = {"fhirconv": "1", "id": "sites", "patient": {"sex": "male"},
            "observations": [{"id": "o", "observation": "rash", "value": "present",
                              "body_site": "trunk and extremities"}],
            "conditions": [{"id": "c", "condition": "rash", "body_site": "trunk and extremities"}]}
    conv = convert_text(json.dumps(case), "case.json")
    obs = next(r for r in conv.resources if r["resourceType"] == "Observation")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert obs["bodySite"] == {"text": "trunk and extremities"}
    assert [b["text"] for b in cond["bodySite"]] == ["trunk", "extremities"]
