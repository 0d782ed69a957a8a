"""An antigen named with the immune stain that shows it in tissue is LOINC's presence of that antigen
in tissue by immune stain; the bare name is not read so."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item

with (resources.files("fhirconv.terminology") / "data" / "immunostains.csv").open(encoding="utf-8") as fh:
    STAIN_CODES = {row["code"] for row in csv.DictReader(fh)}


@pytest.mark.parametrize("term,code", [
    ("CD20 immunohistochemistry", "10438-0"),
    ("S-100 immunohistochemical stain", "10510-6"),
    ("S100 immunostaining", "10510-6"),
    ("HMB45 immunohistochemistry", "10487-7"),
    ("immunohistochemistry for synaptophysin", "10514-8"),
    ("pancytokeratin immunohistochemistry", "10498-4"),
    ("CD34 IHC", "10441-4"),
    ("Factor VIII-related antigen immunohistochemistry", "10521-3"),
    ("c-KIT immunohistochemistry", "40552-2"),  # CD117
])
def test_an_antigen_named_with_its_immune_stain(term: str, code: str) -> None:
    assert codes("observation", term) == [code]


@pytest.mark.parametrize("term", [
    "CD20",  # flow cytometry's as often as a stain's
    "CK",  # creatine kinase, outside a stain's words
    "immunohistochemistry of kidney tissue",  # a specimen, no antigen
    "Melan-A immunohistochemistry",  # no open code for it: text, not a neighbour's
])
def test_no_immunostain_without_the_stain_or_the_antigen(term: str) -> None:
    assert not set(codes("observation", term)) & STAIN_CODES


def test_the_observation_is_coded_and_valued() -> None:
    obs, messages = one_item("Observation", "observations", {"observation": "CD20 immunohistochemistry",
                                                             "category": "laboratory", "value": "positive"})
    assert [c["code"] for c in obs["code"]["coding"]] == ["10438-0"]
    assert obs["valueCodeableConcept"]["coding"][0]["code"] == "10828004"  # Positive
    assert not any("no code known" in m for m in messages)
