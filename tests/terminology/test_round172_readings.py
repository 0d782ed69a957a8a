"""Words of round 172's case reports (neonatology, vascular surgery, obstetric and emergency
medicine, ...), written by people who had not read the tables: the readings their first look added."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from tests.terminology.known import condition_read, one_item
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("words,expected", [
    # how long it lasts, which shape, which trimester: the disorder, the words in the text
    ("sustained monomorphic ventricular tachycardia", ["251158004"]),
    ("first-trimester miscarriage", ["17369002"]),
])
def test_round172_conditions(words: str, expected: list[str]) -> None:
    assert condition_read(words) == (sorted(expected), words)


def test_round172_rows() -> None:
    assert codes("condition", "premature rupture of the fetal membrane") == ["44223004"]
    assert codes("procedure", "cholangiography") == ["28367004"]  # hl7.fhir.r5.expansions observation-methods


def test_a_maintenance_procedure_is_the_procedure() -> None:
    procedure, messages = one_item("Procedure", "procedures", {"procedure": "maintenance hemodialysis"})
    assert [c["code"] for c in procedure["code"]["coding"]] == ["302497006"]
    assert procedure["code"]["text"] == "maintenance hemodialysis"
    assert any("'maintenance' is said in the text only" in m for m in messages)


def test_a_newborn_s_disorder_named_plainly_is_the_newborn_s() -> None:
    """A newborn's "respiratory distress syndrome", which no row knows as written, is *Respiratory
    distress syndrome of newborn* (P22.0); an adult's stays text (ARDS or the newborn's: not said)."""
    def coded(patient: dict) -> list[str]:
        case = {"fhirconv": "1", "id": "nb", "patient": patient, "encounters": [{"id": "adm", "class": "inpatient"}],
                "conditions": [{"id": "a", "condition": "respiratory distress syndrome"}]}
        conv = convert_text(json.dumps(case), "case.json")
        cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
        return sorted(c["code"] for c in cond["code"].get("coding", []))

    assert coded({"sex": "female", "age": {"days": 2, "at": "adm"}}) == ["46775006", "P22.0"]
    assert coded({"sex": "female", "birth_date": "1970-01-01"}) == []
