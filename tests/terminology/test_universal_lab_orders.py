"""Ordinary tests coded from LOINC's Universal Lab Order Codes Value Set (the tests US laboratories are
most often asked for; Healthedata1/USCDI5-Sandbox keeps a copy, read by tools/terminology/extract.py
--uslabs), and a result that says presence written with the test's presence code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import lookup

DATA = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data"
LOINC = "http://loinc.org"


@pytest.mark.parametrize(("term", "code"), [
    ("ANA", "8061-4"),  # Nuclear Ab [Presence] in Serum
    ("antinuclear antibodies", "8061-4"),
    ("ANA titre", "29953-7"),  # Nuclear Ab [Titer] in Serum
    ("anti-dsDNA antibodies", "5130-0"),
    ("hepatitis C virus antibody", "16128-1"),  # Hepatitis C virus Ab [Presence] in Serum
    ("anti-HCV", "16128-1"),
    ("anti-HBs", "22322-2"),
    ("anti-HBc", "16933-4"),
    ("rheumatoid factor", "11572-5"),
    ("FSH", "15067-2"),
    ("tissue transglutaminase IgA", "31017-7"),
    ("monospot", "31418-7"),
    ("heparin-PF4 antibodies", "34701-3"),
    ("pneumococcal urinary antigen", "24027-5"),
    ("C. difficile toxin", "34713-8"),
    ("beta-D-glucan", "42176-8"),
    ("cystatin C", "33863-2"),
    ("anti-Smith antibody", "11090-8"),
])
def test_ordinary_tests_reach_their_loinc_code(term, code):
    assert [(c.system, c.code) for c in lookup("observation", term)] == [(LOINC, code)]


@pytest.mark.parametrize("term", [
    "blood alcohol",  # whole blood or, as hospitals measure it, serum: the words do not say
    "PTH",  # intact or a fragment
    "CSF white cell count",  # the open code says a manual count
    "anti-CCP",  # the open codes say IgG or a method
    "hCG",  # serum or urine
])
def test_words_that_do_not_say_which_test_stay_text(term):
    assert not lookup("observation", term)


def test_the_rows_cite_the_value_set_last_so_earlier_rows_keep_their_source():
    with (DATA / "labs.csv").open(encoding="utf-8", newline="") as fh:
        sources = {row["code"]: row["source"] for row in csv.DictReader(fh)}
    assert sources["8061-4"].startswith("Healthedata1/USCDI5-Sandbox (LOINC licence; MIT) input/data/"
                                        "LoincUniversalLabOrdersValueSet.csv")
    assert sources["5195-3"].startswith("ahdis/ch-elm")  # HBsAg: also in the value set, cited as before


def _observation(value: str | int, unit: str | None = None, term: str = "rheumatoid factor"):
    """The converted Observation of one test with ``value``, and the conversion's messages."""
    obs = {"id": "o", "observation": term, "value": value, "date": "2020"}
    if unit:
        obs["unit"] = unit
    case = {"fhirconv": "1", "id": "t", "patient": {"sex": "female", "birth_date": "1970"}, "observations": [obs]}
    conversion = convert_text(json.dumps(case), "t.json")
    resource = next(r for r in conversion.resources if r["resourceType"] == "Observation")
    return resource, [i.message for i in conversion.issues]


def test_a_result_that_says_presence_takes_the_presence_code_of_the_same_test():
    resource, messages = _observation("positive")
    assert [c["code"] for c in resource["code"]["coding"]] == ["33910-1"]  # Rheumatoid factor [Presence] in Serum
    assert not [m for m in messages if "says presence" in m]


def test_an_amount_keeps_the_amount_code():
    resource, _ = _observation(35, "[IU]/mL")
    assert [c["code"] for c in resource["code"]["coding"]] == ["11572-5"]


def test_without_a_presence_code_the_amount_code_is_dropped_and_the_user_told():
    resource, messages = _observation("positive", term="anti-dsDNA")
    assert "coding" not in resource["code"]
    assert any("says presence" in m for m in messages)


def _coded(term: str, value: str) -> list[str]:
    resource, _ = _observation(value, term=term)
    assert resource["code"]["text"] == term  # the words as written stay the text
    return [c["code"] for c in resource["code"].get("coding", [])]


@pytest.mark.parametrize(("term", "value", "code"), [
    ("VDRL", "1:256", "50690-7"),  # Reagin Ab [Titer] in Serum by VDRL
    ("RPR", "1:64", "31147-2"),
    ("ANA", "1:640", "29953-7"),  # Nuclear Ab [Titer] in Serum, not the presence code of the bare words
    ("ANA", ">1:320", "29953-7"),
    ("RPR", "reactive", "20507-0"),  # Reagin Ab [Presence] in Serum by RPR
    ("VDRL", "non-reactive", "5292-8"),
    ("ANA", "positive", "8061-4"),
])
def test_the_result_says_which_code_of_the_test_is_meant(term, value, code):
    assert _coded(term, value) == [code]


def test_words_alone_that_do_not_say_the_scale_stay_text():
    assert not lookup("observation", "RPR") and not lookup("observation", "VDRL")
    assert _coded("RPR", "seen in the report") == []
