"""Words of round 30's case reports (hepatology, infectious disease, haematology, dermatology,
thoracic surgery, vascular medicine), written by people who had not read the tables: a site named
by its noun where the terminologies use its adjective, the types of bipolar disorder, haematuria as
a finding, and bedside tests written as procedures."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "liver failure", ["59927004"]),  # *Hepatic failure*
    ("condition", "lung embolism", ["59282003"]),  # *Pulmonary embolism*
    ("condition", "lung haemorrhage", ["R04.89"]),  # ICD-10-CM's pulmonary haemorrhage NOS
])
def test_a_site_noun_is_read_as_its_adjective(kind: str, term: str, expected: list[str]) -> None:
    found = match(kind, term)
    assert sorted(codes(kind, term)) == sorted(expected)
    assert found.how.startswith("site noun as its adjective") or "noun as its adjective" in found.how


def test_the_noun_reading_never_picks_between_concepts() -> None:
    # written as it stands first: a name the tables know is not read again
    assert match("condition", "femoral hernia").how != "site noun as its adjective"
    assert match("condition", "chest pain").how != "site noun as its adjective"
    # no concept under either wording: still text
    assert codes("condition", "fulminant liver failure") == []


@pytest.mark.parametrize("term,expected", [
    ("bipolar affective disorder type 1", "371596008"),
    ("bipolar disorder type I", "371596008"),
    ("bipolar 2 disorder", "83225003"),
    ("bipolar disorder", "13746004"),  # no type said: the broader concept, as before
])
def test_bipolar_disorder_types(term: str, expected: str) -> None:
    assert expected in codes("condition", term)


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "haematuria", ["34436003", "R31.9"]),
    ("finding", "hematuria", ["34436003", "R31.9"]),
    ("procedure", "slit lamp examination", ["55468007"]),
    ("procedure", "peripheral blood film", ["14768001"]),
    ("procedure", "NPO", ["182923009"]),
    ("observation", "PLT count", ["26515-7"]),
    ("observation", "DAT broad spectrum", ["1007-4"]),
    ("observation", "HLA-B27", ["4821-5"]),
    ("observation", "urine haemoglobin", ["5794-3"]),
    ("observation", "urine occult blood", ["5794-3"]),
    ("condition", "subclavian steal phenomenon", ["15258001"]),
])
def test_round30_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


def test_an_absent_haematuria_is_the_finding_valued_absent() -> None:
    case = {"fhirconv": "1", "id": "r30", "patient": {"sex": "female", "birth_date": "2005"},
            "observations": [{"id": "no-haematuria", "observation": "haematuria", "category": "exam",
                              "value": "absent", "date": "2020-01-01"}]}
    conv = convert_text(json.dumps(case), "r30.json")
    [obs] = [r for r in conv.resources if r["resourceType"] == "Observation"]
    assert [c["code"] for c in obs["code"]["coding"]] == ["34436003"]
    assert [c["code"] for c in obs["valueCodeableConcept"]["coding"]] == ["2667000"]


@pytest.mark.parametrize("term,word", [("follow-up CT scan", "follow-up"), ("second laparotomy", "second"),
                                       ("postoperative radiotherapy", "postoperative")])
def test_which_of_a_series_a_procedure_was_stays_in_the_text(term: str, word: str) -> None:
    case = {"fhirconv": "1", "id": "r30p", "patient": {"sex": "male", "birth_date": "1960"},
            "procedures": [{"id": "p", "procedure": term, "date": "2020-01-01"}]}
    conv = convert_text(json.dumps(case), "r30p.json")
    [proc] = [r for r in conv.resources if r["resourceType"] == "Procedure"]
    assert proc["code"]["text"] == term and proc["code"]["coding"]
    assert any(f"'{word}' is said in the text only" in i.message for i in conv.issues)
