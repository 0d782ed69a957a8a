"""Words of round 166's case reports, written by people who had not read the tables: the readings and
rows their review added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from fhirconv.terminology.normalize import normalize
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    # an electrolyte written with its ion's charge is the electrolyte
    ("observation", "Na+", ["2951-2"]),
    ("observation", "serum K+", ["2823-3"]),
    ("observation", "HCO3-", ["1963-8"]),
    ("observation", "arterial HCO3-", ["1960-4"]),
    ("observation", "Cl−", ["2075-0"]),  # a minus sign, not a hyphen
    ("observation", "Mg2+", ["19123-9"]),
    ("observation", "CD4+", []),  # a cell marker's sign says the result, not an ion
    # "concentration" closing a test's name, as "level" does
    ("observation", "hemoglobin concentration", ["718-7"]),
    ("observation", "serum digoxin concentration", ["10535-3"]),
    ("observation", "mean corpuscular hemoglobin concentration", ["786-4"]),  # MCHC, not hemoglobin
    ("observation", "factor V activity", ["3193-0"]),
    ("condition", "elevated serum ferritin", ["390943009"]),
    ("condition", "hyperferritinaemia", ["390943009"]),
    ("condition", "increased liver transaminases", ["R74.01"]),
    ("condition", "self-poisoning", ["271982007"]),
    ("condition", "choroidal neovascularization", ["75971007"]),
    ("condition", "T-prolymphocytic leukemia", ["C91.60"]),  # inclusion term *... of T-cell type NOS*
    ("condition", "B-cell prolymphocytic leukaemia", ["C91.30"]),
    ("condition", "prolymphocytic leukemia", []),  # B or T unsaid
    ("procedure", "simultaneous pancreas-kidney transplantation", ["6471000179103"]),
    ("procedure", "Greenfield filter placement", ["398182006"]),
    ("procedure", "intracytoplasmic sperm injection", ["425901007"]),
    ("observation", "semen analysis", ["13361-1"]),
    ("observation", "semen volume", ["3160-9"]),
    ("observation", "sperm normal forms", ["10622-9"]),
    ("observation", "sperm motility", []),  # LOINC's motility codes say a time after collection
    ("medication", "phenprocoumon", ["8150"]),  # CPIC's drug table
    ("medication", "triazolam", ["10767"]),  # US Core 3.1.1's allergy-substance value set
    ("medication", "DHEA", ["3143"]),  # prasterone
])
def test_round166_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("written,key", [
    ("pre- and post-contrast", "pre and postcontrast"),  # a hanging prefix is no "negative"
    ("intra- or extrahepatic", "intra or extrahepatic"),
    ("CD20- and CD3+", "cd 20 negative and cd 3 positive"),  # a marker's sign stays
    ("Ca2+", "ca"),
    ("Ca++", "ca"),
])
def test_signs_that_are_no_result(written: str, key: str) -> None:
    assert normalize(written) == key


def test_a_class_named_as_a_medication() -> None:
    med, messages = one_item("MedicationStatement", "medications", {"drug": "neuroleptic medication"})
    assert [c["code"] for c in med["medicationCodeableConcept"]["coding"]] == ["10784006"]
    assert med["medicationCodeableConcept"]["text"] == "neuroleptic medication"
    assert any("'medication' is said in the text only" in m for m in messages)


@pytest.mark.parametrize("site,expected", [
    ("mandible", ["91609006"]),  # *Bone structure of mandible*: the bone is what the word names
    ("patella", ["64234005"]),
    ("talus", ["67453005"]),
    ("fibula", ["87342007"]),
    ("hand", ["85562004"]),  # *Hand structure*, not *Bone structure of hand*: a hand is more than its bones
    ("pelvis", ["12921003"]),
])
def test_a_bone_named_alone(site: str, expected: list[str]) -> None:
    assert codes("body-site", site) == expected


def test_a_sided_bone_as_a_condition_site() -> None:
    cond, _ = one_item("Condition", "conditions",
                       {"condition": "osteomyelitis", "body_site": {"site": "mandible", "laterality": "right"}})
    assert [c["code"] for c in cond["bodySite"][0]["coding"]] == ["91609006"]
