"""What writers of unseen cases could not say before: a verification change or a vital status the
source leaves undated (`when_text`), a series entry's own note, and a reference range in the
report's words ("<85", "3.5-5.0"). Each lands in the FHIR output; none is refused or dropped."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from tests.core.test_case_features import problems

CASE = """fhirconv: "1"
id: undated-words
patient:
  sex: female
  outcome: {status: alive, when_text: at the last follow-up, text: doing well}
timeline:
  admission: {date: 2020-03, text: admitted}
conditions:
  - id: mi
    condition: myocardial infarction
    onset: admission
    verification_history:
      - {status: provisional, date: admission}
      - {id: mi-confirmed, status: confirmed, when_text: after the angiogram, by: angio}
  - id: pe
    condition: pulmonary embolism
    onset: admission
    verification_history:
      - {status: refuted, when_text: at the second review}
procedures:
  - {id: angio, procedure: coronary angiography, when_text: during the stay}
observations:
  - id: hb
    observation: hemoglobin
    unit: g/dL
    series:
      - {date: admission, value: 7.1}
      - {when_text: after transfusion, value: 9.0, note: after two units of red cells}
  - {id: k, observation: potassium, value: 3.1, unit: mmol/L, reference_range: "3.5-5.0", date: admission}
  - {id: trop, observation: troponin I, value: 2.1, unit: ng/mL, reference_range: "<0.04", date: admission}
  - {id: plt, observation: platelets, value: 90, unit: 10*3/uL, reference_range: ">= 150", date: admission}
  - {id: fer, observation: ferritin, value: 900, unit: ug/L, reference_range: "age-dependent", date: admission}
  - {id: na, observation: sodium, value: 131, unit: mmol/L, reference_range: {low: 135, high: 145}, date: admission}
"""


@pytest.fixture(scope="module")
def conv():
    return convert_text(CASE, "case.yaml")


def _verifications(conv, condition: str) -> list[dict]:
    return [r for r in conv.resources if r["resourceType"] == "Observation"
            and r["code"].get("text") == "Condition verification status" and condition in r["text"]["div"]]


def _notes(resource: dict) -> list[str]:
    return [n["text"] for n in resource.get("note", [])]


def test_the_output_is_valid_fhir(conv):
    assert problems(conv) == []


def test_an_undated_verification_change_keeps_its_words(conv):
    confirmed = [o for o in _verifications(conv, "myocardial infarction") if "Confirmed" in o["text"]["div"]]
    assert len(confirmed) == 1
    assert "after the angiogram" in confirmed[0]["text"]["div"]
    assert not any(k.startswith(("effective", "_effective")) for k in confirmed[0])
    assert any("after the angiogram" in n for n in _notes(confirmed[0]))
    refuted = next(r for r in conv.resources if r["resourceType"] == "Condition"
                   and r["code"]["text"] == "pulmonary embolism")
    assert refuted["verificationStatus"]["coding"][0]["code"] == "refuted"
    assert any("at the second review" in n for o in _verifications(conv, "pulmonary embolism") for n in _notes(o))


def test_an_undated_outcome_keeps_its_words(conv):
    status = [o for o in conv.resources if o["resourceType"] == "Observation"
              and o["code"].get("text") == "Vital status"]
    assert len(status) == 1
    assert any("at the last follow-up" in n for n in _notes(status[0]))
    assert "Source wording: doing well" in _notes(status[0])


def test_a_series_entry_carries_its_own_note(conv):
    hb = sorted((o for o in conv.resources if o["resourceType"] == "Observation" and o.get("valueQuantity")
                 and o["valueQuantity"].get("unit") == "g/dL"), key=lambda o: o["valueQuantity"]["value"])
    assert [o["valueQuantity"]["value"] for o in hb] == [7.1, 9.0]
    assert "after two units of red cells" not in _notes(hb[0])
    assert "after two units of red cells" in _notes(hb[1])


@pytest.mark.parametrize(("test", "expected"), [
    ("potassium", {"low": 3.5, "high": 5.0, "text": "3.5-5.0"}),
    ("troponin I", {"high": 0.04, "text": "<0.04"}),
    ("platelets", {"low": 150, "text": ">= 150"}),
    ("ferritin", {"text": "age-dependent"}),
    ("sodium", {"low": 135, "high": 145}),
])
def test_a_reference_range_in_the_reports_words(conv, test, expected):
    obs = next(r for r in conv.resources if r["resourceType"] == "Observation" and r["code"].get("text") == test)
    (given,) = obs["referenceRange"]
    assert {k: (v["value"] if isinstance(v, dict) else v) for k, v in given.items()} == expected
    unit = obs["valueQuantity"]["code"]
    assert all(given[k]["code"] == unit for k in ("low", "high") if k in given)


def test_a_verification_change_with_neither_date_nor_words_is_refused():
    bad = CASE.replace("{status: refuted, when_text: at the second review}", "{status: refuted}")
    with pytest.raises(FhirconvError) as err:
        convert_text(bad, "case.yaml")
    issue = err.value.issues[0]
    assert "verification_history" in (issue.expression or "")
    assert "one of 'date' or 'when_text'" in issue.message


def test_words_for_when_beside_a_date_are_kept():
    both = CASE.replace("{status: provisional, date: admission}",
                        "{status: provisional, date: admission, when_text: on arrival}")
    conv = convert_text(both, "case.yaml")
    provisional = [o for o in _verifications(conv, "myocardial infarction") if "Provisional" in o["text"]["div"]]
    assert provisional[0]["effectiveDateTime"] == "2020-03"
    assert any("on arrival" in n for n in _notes(provisional[0]))


def test_a_reference_range_of_another_kind_names_both_kinds_it_takes():
    bad = CASE.replace('reference_range: "age-dependent"', "reference_range: 5")
    with pytest.raises(FhirconvError) as err:
        convert_text(bad, "case.yaml")
    assert err.value.issues[0].message == "expected object or string, got int 5"


def test_an_encounter_dated_by_its_end_keeps_its_words_for_when_it_began():
    """An encounter whose start the source gives only in words and whose end is dated: the words were
    once dropped (the narrative showed the dates alone); they are its narrative's own row now."""
    conv = convert_text('fhirconv: "1"\nid: enc\npatient: {sex: male}\n'
                        "timeline:\n  surgery: {date: 2020-04-10, text: thymectomy}\n"
                        "encounters:\n  - {id: stay, class: inpatient, when_text: before the thymectomy,"
                        " end: surgery}\n", "case.yaml")
    enc = next(r for r in conv.resources if r["resourceType"] == "Encounter")
    assert enc["period"] == {"end": "2020-04-10"}
    assert "before the thymectomy" in enc["text"]["div"]
