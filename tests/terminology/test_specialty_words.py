"""Everyday words of specialties our cases had few of (ophthalmology, urology, dermatology), and a
sign recorded at an examination whose words the Global Patient Set holds as a finding."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "proptosis", ["18265008", "H05.20"]),  # *Exophthalmos*, its ICD-10-CM code by the same words
    ("condition", "papules", ["445328000"]),
    ("procedure", "phacoemulsification", ["84149000"]),
    ("procedure", "trabeculectomy", ["30880003"]),
    ("procedure", "nephrolithotomy", ["6722002"]),
    ("procedure", "intravitreal anti-VEGF injection", ["1004045004"]),
    ("condition", "G6PD deficiency", ["124134002"]),
    ("condition", "IUGR", ["22033007"]),
    ("condition", "intrauterine growth restriction", ["22033007"]),
    ("procedure", "epidural analgesia", ["18946005"]),
    ("observation", "faecal calprotectin", ["38445-3"]),
    ("procedure", "intravenous fluids", ["103744005"]),  # given as a treatment: *Administration of ...*
    ("medication", "systemic corticosteroids", ["79440004"]),
    ("medication", "protamine", ["64520006"]),
    ("medication", "amoxycillin with clavulanic acid", ["19711"]),  # the older British name, combined
])
def test_specialty_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


def test_intravenous_fluids_as_a_drug_stay_text() -> None:
    # no open artefact codes the fluids as a product; the procedure row answers to its own kind only
    assert codes("medication", "intravenous fluids") == []


def test_a_percutaneous_nephrolithotomy_is_a_nephrolithotomy_said_so() -> None:
    case = {"fhirconv": "1", "id": "pcnl", "patient": {"sex": "male", "birth_date": "1960"},
            "procedures": [{"id": "p", "procedure": "percutaneous nephrolithotomy", "date": "2020-01-01"}]}
    conv = convert_text(json.dumps(case), "pcnl.json")
    [proc] = [r for r in conv.resources if r["resourceType"] == "Procedure"]
    assert [c["code"] for c in proc["code"]["coding"]] == ["6722002"]
    assert any("'percutaneous' is said in the text only" in i.message for i in conv.issues)


@pytest.mark.parametrize("value,value_code", [("present", "52101004"), ("absent", "2667000")])
def test_a_gps_finding_at_an_examination_is_the_sign_without_its_icd10cm_coding(value: str,
                                                                                  value_code: str) -> None:
    # "bruit" is the GPS finding *Bruit* and, by the same words, ICD-10-CM R09.89 as a condition; an
    # examination records the sign: the SNOMED CT finding alone
    assert "R09.89" in codes("condition", "bruit")
    case = {"fhirconv": "1", "id": "bruit", "patient": {"sex": "female", "birth_date": "2008"},
            "observations": [{"id": "o", "observation": "bruit", "category": "exam", "value": value,
                              "date": "2020-01-01"}]}
    conv = convert_text(json.dumps(case), "bruit.json")
    [obs] = [r for r in conv.resources if r["resourceType"] == "Observation"]
    assert [c["code"] for c in obs["code"]["coding"]] == ["70466008"]
    assert [c["code"] for c in obs["valueCodeableConcept"]["coding"]] == [value_code]


@pytest.mark.parametrize("term", ["SSKI", "lactated Ringer's solution"])
def test_drugs_whose_snomed_substance_only_the_2019_expansions_state_stay_text(term: str) -> None:
    # hl7.fhir.r4.examples' 2019 expansions are read for LOINC, not for SNOMED CT codes no current
    # value set states
    assert codes("medication", term) == []
