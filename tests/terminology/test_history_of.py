"""A past disorder said as its history ("history of tuberculosis", "h/o hypertension") is SNOMED CT's
situation *History of ...* (Global Patient Set) and ICD-10-CM's *Personal history of ...*, when the
words name exactly one of each (``fhirconv.terminology.matching._history``)."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import match
from tests.terminology.known import ICD, SCT, codes


@pytest.mark.parametrize(("term", "system", "code"), [
    ("history of tuberculosis", SCT, "161414005"),
    ("history of tuberculosis", ICD, "Z86.11"),  # both codings when both name the words
    ("history of myocardial infarction", SCT, "399211009"),
    ("known history of diabetes mellitus", SCT, "161445009"),
    ("history of pulmonary embolism", ICD, "Z86.711"),
    ("past medical history of malaria", ICD, "Z86.13"),
    ("status post appendectomy", SCT, "428251008"),  # a past procedure: History of appendectomy
    ("s/p aortic valve replacement", SCT, "1231000119100"),
])
def test_a_history_of_a_disorder_is_its_situation(term, system, code):
    found = match("condition", term)
    assert found.how.startswith("history of") and code in codes("condition", term, system), found


@pytest.mark.parametrize("term", [
    "family history of diabetes",  # a relative's: a FamilyMemberHistory, not the patient's situation
    "history of asthma",  # no situation nor personal-history code for asthma by any of its names
])
def test_no_history_reading(term):
    assert not match("condition", term).how.startswith("history of")


def test_only_for_conditions():
    assert match("procedure", "history of tuberculosis").status == "none"


@pytest.mark.parametrize(("term", "code"), [
    ("family history of diabetes mellitus", "160303001"),  # the stated negative README's idiom asks about
    ("family history of cancer", "275937001"),
    ("history of tuberculosis", "161414005"),
    ("history of stroke", "275526006"),  # by another name of the disorder: History of cerebrovascular accident
])
def test_an_observation_of_a_history_is_the_gps_situation(term, code):
    found = match("observation", term)
    assert found.how == "SNOMED CT GPS situation" and [c.code for c in found.concept.codings] == [code]


def test_a_situation_the_gps_does_not_name_exactly_stays_text():
    assert match("observation", "family history of hypertension").status == "none"  # not in the GPS
    assert match("observation", "diabetes mellitus").how != "SNOMED CT GPS situation"


def test_an_observation_of_a_history_takes_no_personal_history_code():
    # the condition reading adds ICD-10-CM's Z86.11 beside the situation; an observation's code is the situation
    assert [c.code for c in match("observation", "history of tuberculosis").concept.codings] == ["161414005"]
