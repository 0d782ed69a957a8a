"""A result written as one of the words laboratories and readers report with ("negative", "not
detected", "normal") is a coded value, as IPS and US Core bind a qualitative result to SNOMED CT;
other words stay the string the case gives."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text

SCT = "http://snomed.info/sct"


def _value(value: object, unit: str | None = None, version: str = "R4") -> dict:
    obs = {"id": "o", "observation": "blood culture", "value": value, "date": "2020"}
    if unit:
        obs["unit"] = unit
    case = {"fhirconv": "1", "id": "t", "patient": {"sex": "male", "birth_date": "1980"}, "observations": [obs]}
    resource = next(r for r in convert_text(json.dumps(case), "t.json", fhir_version=version).resources
                    if r["resourceType"] == "Observation")
    return {k: v for k, v in resource.items() if k.startswith("value")}


@pytest.mark.parametrize(("words", "code"), [
    ("negative", "260385009"), ("Positive", "10828004"), ("not detected", "260415000"),
    ("non-reactive", "131194007"), ("normal", "17621005"), ("weakly positive", "260408008"),
])
def test_a_result_word_is_a_coded_value_with_the_words_as_text(words, code):
    value = _value(words)
    assert value == {"valueCodeableConcept": {"coding": [{"system": SCT, "code": code, "display": value[
        "valueCodeableConcept"]["coding"][0]["display"]}], "text": words}}


@pytest.mark.parametrize("words", ["negative for malignancy", "no growth after 5 days", "high"])
def test_other_words_stay_the_string_written(words):
    assert _value(words) == {"valueString": words}


def test_r5_codes_it_the_same_way():
    assert _value("negative", version="R5")["valueCodeableConcept"]["coding"][0]["code"] == "260385009"
