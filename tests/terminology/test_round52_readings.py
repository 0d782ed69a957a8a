"""Words of round 52's case reports (obstetrics, urology; rheumatology, pulmonology; tropical
medicine, general paediatrics), written by people who had not read the tables: the readings and
rows their review added."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def observation(**item: Any) -> tuple[dict[str, Any], list[str]]:
    case = {"fhirconv": "1", "id": "r52", "patient": {"sex": "male"}, "observations": [{"id": "o", **item}]}
    conv = convert_text(json.dumps(case), "case.json")
    return next(r for r in conv.resources if r["resourceType"] == "Observation"), [i.message for i in conv.issues]


@pytest.mark.parametrize("name,code,site", [
    ("scrotal tenderness", "247348008", "20233005"),  # *Tenderness* at the *Scrotal structure*
    ("flank tenderness", "247348008", "58602004"),  # ICD-10-CM's R10.8A9 is no observation's code
    ("calf swelling", "65124004", "53840002"),
])
def test_an_examinations_sign_at_a_site_is_the_sign_with_its_body_site(name: str, code: str, site: str) -> None:
    obs, messages = observation(observation=name, category="exam", value="present")
    assert [c["code"] for c in obs["code"]["coding"]] == [code]
    assert obs["code"]["text"] == name
    assert [c["code"] for c in obs["bodySite"]["coding"]] == [site]
    assert any("with its body site" in m for m in messages)


def test_the_items_own_body_site_stands() -> None:
    obs, _ = observation(observation="scrotal tenderness", category="exam", value="present",
                         body_site={"site": "left testis"})
    assert "coding" not in obs["code"]  # the words' site and the item's may differ: not read
    assert obs["bodySite"]["text"] == "left testis"


def test_a_lab_test_is_never_read_as_a_sign_at_a_site() -> None:
    obs, _ = observation(observation="scrotal tenderness", category="laboratory", value="present")
    assert "coding" not in obs["code"]


@pytest.mark.parametrize("name,code", [
    ("wheezes on auscultation", "56018004"),  # *Wheezing*: how a sign was found is no part of it
    ("crackles on auscultation", "48409008"),
])
def test_how_a_sign_was_found_is_set_aside(name: str, code: str) -> None:
    obs, _ = observation(observation=name, value="present")
    assert [c["code"] for c in obs["code"]["coding"]] == [code]
    assert obs["code"]["text"] == name
    assert codes("condition", "tenderness on palpation") == ["247348008"]


@pytest.mark.parametrize("drug,expected", [
    ("piperacillin plus tazobactam", ["74169"]),
    ("amoxicillin with clavulanic acid", ["19711"]),
    ("trimethoprim + sulfamethoxazole", ["10831"]),
])
def test_two_drugs_joined_by_plus_or_with_are_the_combination(drug: str, expected: list[str]) -> None:
    assert codes("medication", drug) == expected


def test_a_drug_with_food_is_no_combination() -> None:
    assert match("medication", "paracetamol with food").concept is None


@pytest.mark.parametrize("term,unit,code", [
    ("gamma globulin", "g/dL", "2874-6"), ("gamma globulin", "%", "13983-2"),
    ("alpha-2 globulins", "g/dL", "2868-8"), ("alpha-2 globulins", "%", "13981-6"),
])
def test_a_protein_fraction_is_its_mass_or_its_share_by_the_unit(term: str, unit: str, code: str) -> None:
    obs, _ = observation(observation=term, category="laboratory", value=1.0, unit=unit)
    assert [c["code"] for c in obs["code"]["coding"]] == [code]


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "delayed postpartum hemorrhage", ["O72.2"]),
    ("condition", "false labor pain", ["199047001", "O47.9"]),
    ("condition", "unstable polymorphic ventricular tachycardia", []),  # a reading, not a row: below
    ("condition", "urinary frequency", ["162116003", "R35.0"]),
    ("procedure", "vaginal breech delivery", ["237311001"]),
    ("route", "nebulized", ["447694001"]),  # *Respiratory tract route*, as inhaled
    ("observation", "thrombocyte count", ["26515-7"]),
    ("observation", "GOT", ["1920-8"]), ("observation", "GPT", ["1742-6"]),
    ("body-site", "flank", ["58602004"]),
])
def test_round52_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("name,code,word", [
    ("unstable polymorphic ventricular tachycardia", "251159007", "unstable"),
    ("asymptomatic COVID-19 infection", "840539006", "asymptomatic"),
])
def test_unstable_and_asymptomatic_narrow(name: str, code: str, word: str) -> None:
    case = {"fhirconv": "1", "id": "r52", "patient": {"sex": "male"}, "conditions": [{"id": "c", "condition": name}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert code in [c["code"] for c in cond["code"]["coding"]]
    assert any(f"{word!r} is said in the text only" in i.message for i in conv.issues)
