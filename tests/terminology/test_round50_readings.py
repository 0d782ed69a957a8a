"""Words of round 49's and round 50's case reports (cardiology, vascular and gastrointestinal disease,
psychiatry; emergency and critical care, anaesthesia, bacterial infection, transplant medicine,
immunology, paediatric endocrinology, gynaecology, oral surgery), written by people who had not read
the tables: the readings and rows their review added."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


def condition(name: str) -> tuple[dict[str, Any], list[str]]:
    case = {"fhirconv": "1", "id": "r50", "patient": {"sex": "female"},
            "conditions": [{"id": "c", "condition": name}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    return cond, [i.message for i in conv.issues]


@pytest.mark.parametrize("name,code,site", [
    # a site said with the adjective of a general word: the word at that site, the side kept
    ("swollen eyes", "65124004", "81745001"),  # *Swelling*, *Structure of eye proper*
    ("swollen tongue", "65124004", "21974007"),
    ("swollen lips", "699376002", "48477009"),  # the word named with its site has a code: *Lip swelling*
    ("numb fingers", "44077006", "7569003"),  # *Numbness*, *Finger structure*
    ("tender liver", "247348008", "10200004"),  # *Tenderness*, *Liver structure*
    ("swollen left knee", "65124004", "72696002"),
])
def test_a_site_said_with_the_adjective_of_a_general_word(name: str, code: str, site: str) -> None:
    cond, messages = condition(name)
    assert [c["code"] for c in cond["code"]["coding"]] == [code]
    assert cond["code"]["text"] == name
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == [site]
    assert any("with its body site" in m for m in messages)


def test_the_side_of_a_site_said_with_an_adjective_is_kept() -> None:
    cond, _ = condition("swollen left knee")
    text = json.dumps(cond["bodySite"][0])
    assert "7771000" in text  # *Left* (laterality qualifier)


def test_words_that_are_no_state_of_a_site_are_not_read() -> None:
    # "swollen" before what is no body site the tables know stays text, never a bare *Swelling*
    assert match("condition", "swollen feelings").concept is None
    cond, messages = condition("swollen feelings")
    assert "coding" not in cond["code"]
    assert any("no code known" in m for m in messages)


@pytest.mark.parametrize("name,code,word", [
    ("spiking fever", "386661006", "spiking"),  # *Fever*
    ("biphasic anaphylaxis", "39579001", "biphasic"),  # *Anaphylaxis*
])
def test_a_pattern_word_reads_the_broader_concept(name: str, code: str, word: str) -> None:
    cond, messages = condition(name)
    assert [c["code"] for c in cond["code"]["coding"]] == [code]
    assert any(f"{word!r} is said in the text only" in m for m in messages)


def test_a_name_known_whole_is_not_narrowed() -> None:
    # ICD-10-CM's Alphabetic Index: Vomiting, cyclical R11.15 (a syndrome of its own, not a vomiting)
    cond, messages = condition("cyclical vomiting")
    assert [c["code"] for c in cond["code"]["coding"]] == ["R11.15"]
    assert not any("broader concept" in m for m in messages)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "pulmonary regurgitation", ["91434003"]),  # *Pulmonic valve regurgitation* (GPS)
    ("condition", "pulmonary valve stenosis", ["56786000"]),
    ("condition", "dyspnea on effort", ["60845006"]),  # *Dyspnea on exertion*
    ("condition", "Sydenham's chorea", ["I02.9"]),  # the index's default: without heart involvement
    ("condition", "dog bite", ["283734005"]),
    ("condition", "itchiness", ["418290006"]),
    ("condition", "café au lait macule", ["201281002"]),
    ("condition", "peritoneal tuberculosis", ["A18.31"]),
    ("condition", "peritoneal carcinomatosis", ["C78.6"]),
    ("condition", "malignant hyperthermia", ["T88.3XXA"]),
    ("procedure", "loop ileostomy", ["314594009"]),
    ("procedure", "septal myectomy", ["717764002"]),
    ("procedure", "stress echocardiography", ["816996009"]),
    ("procedure", "exercise echocardiography", ["433233004"]),
    ("procedure", "right and left heart catheterization", ["34975003"]),
    ("procedure", "bilateral adnexectomy", ["176901003"]),
    ("route", "intra-arterial", ["58100008"]),
    ("body-site", "cardiac apex", ["13383001"]),
    ("medication", "leuprorelin", ["42375"]),  # the INN of leuprolide
    ("medication", "dosulepin", ["3634"]),  # the INN of dothiepin
    ("medication", "N-acetyl cysteine", ["77731008"]),
    ("observation", "alanine transaminase", ["1742-6"]),
    ("observation", "aspartate transferase", ["1920-8"]),
    ("observation", "clottable fibrinogen", ["3255-7"]),
    ("observation", "venous ammonia", ["16362-6"]),
    ("observation", "acid-fast bacilli stain", ["11545-1"]),
    ("observation", "ascitic fluid adenosine deaminase", ["49759-4"]),
    ("observation", "pleural fluid ADA", ["35704-6"]),
])
def test_round50_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_adenosine_deaminase_without_its_fluid_is_not_coded() -> None:
    # pleural, peritoneal and other body fluids have their own codes: none is chosen for the user
    assert match("observation", "adenosine deaminase").concept is None
