"""A blood pressure written as clinicians write it ("90/60 mm[Hg]", "120/80" with unit mm[Hg]) becomes
the systolic and diastolic components FHIR's blood pressure profiles require; a pressure in words
("unrecordable") keeps its words and claims no profile it cannot meet; a pulse oximetry reading
that claims US Core's profile carries the O2Sat coding that profile requires."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_file
from tests.core.test_nothing_dropped import missing

LOINC = "http://loinc.org"
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
CASE = """\
fhirconv: "1"
id: pressures
patient: {sex: female}
observations:
  - {id: bp, observation: blood pressure, category: vital-signs, value: "90/60 mm[Hg]", date: 2023-01-01}
  - {id: bp-unit, observation: BP, category: vital-signs, value: "120/80", unit: "mm[Hg]", date: 2023-01-02}
  - {id: bp-words, observation: blood pressure, category: vital-signs, value: unrecordable, date: 2023-01-03}
  - {id: jvp, observation: jugular venous pressure, value: "12/8", unit: "mm[Hg]", date: 2023-01-03}
  - {id: spo2, observation: oxygen saturation, category: vital-signs, value: 94, unit: "%", date: 2023-01-03}
"""


@pytest.fixture(scope="module")
def case_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("bp") / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


def _observations(conv) -> dict[str, dict]:
    return {e["resource"]["id"]: e["resource"] for e in conv.bundle["entry"]
            if e["resource"]["resourceType"] == "Observation"}


def _by_text(conv) -> dict[str, dict]:
    out = {}
    for r in _observations(conv).values():
        out.setdefault(r["text"]["div"], r)
    return out


def _components(obs: dict) -> dict[str, tuple]:
    return {c["code"]["coding"][0]["code"]: (c["valueQuantity"]["value"], c["valueQuantity"]["code"])
            for c in obs.get("component", [])}


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_pairs_become_components_and_words_stay(case_path, version):
    conv = convert_file(str(case_path), fhir_version=version)
    obs = list(_observations(conv).values())
    pressures = [o for o in obs if "component" in o]
    assert [_components(o) for o in pressures] == [{"8480-6": (90, "mm[Hg]"), "8462-4": (60, "mm[Hg]")},
                                                   {"8480-6": (120, "mm[Hg]"), "8462-4": (80, "mm[Hg]")}]
    assert all("valueString" not in o for o in pressures)
    assert "90/60 mm[Hg]" in pressures[0]["text"]["div"]
    words = [o.get("valueString") for o in obs if "component" not in o]
    assert "unrecordable" in words and "12/8 mm[Hg]" in words  # not a blood pressure: words and unit kept
    told = [(i.line, i.severity) for i in conv.issues if "components in mm[Hg]" in i.message]
    assert told == [(5, "information"), (6, "information")]
    assert missing(case_path, version) == []


def test_us_core_claims_only_what_the_resource_meets(case_path):
    conv = convert_file(str(case_path), profile="mcode")
    assert not [i.one_line() for i in conv.issues if i.severity in ("error", "fatal")]
    claims = {json.dumps(r.get("valueString") or _components(r) or r.get("valueQuantity", {}).get("value")):
              r.get("meta", {}).get("profile") for r in _observations(conv).values()}
    assert claims['"unrecordable"'] == [US_CORE + "us-core-vital-signs"]
    pair = json.dumps({"8480-6": [90, "mm[Hg]"], "8462-4": [60, "mm[Hg]"]})
    assert claims[pair] == [US_CORE + "us-core-blood-pressure"]
    spo2 = next(r for r in _observations(conv).values() if r.get("valueQuantity", {}).get("value") == 94)
    assert spo2["meta"]["profile"] == [US_CORE + "us-core-pulse-oximetry"]
    assert {(c["system"], c["code"]) for c in spo2["code"]["coding"]} == {(LOINC, "59408-5"), (LOINC, "2708-6")}
