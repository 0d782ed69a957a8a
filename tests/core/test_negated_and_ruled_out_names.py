"""Condition names that deny or only consider a disorder, and a cause said unknown: "no fever" is
no Condition to code (the user is told how to say it), "rule out sepsis" is a sepsis only
considered, "sepsis of unknown origin" a sepsis."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text


def _condition(name: str) -> tuple[dict, list]:
    conv = convert_text(f'fhirconv: "1"\nid: neg\npatient: {{sex: female}}\nconditions:\n'
                        f'  - {{id: a, condition: "{name}"}}\n', "case.yaml")
    return next(r for r in conv.resources if r["resourceType"] == "Condition"), conv.issues


@pytest.mark.parametrize("name,what", [("no fever", "fever"), ("denies chest pain", "chest pain"),
                                       ("negative for malignancy", "malignancy")])
def test_a_name_that_denies_a_disorder_is_not_coded_and_the_user_is_told(name: str, what: str) -> None:
    cond, issues = _condition(name)
    assert "coding" not in cond["code"] and cond["code"]["text"] == name
    told = [i for i in issues if "says the patient does not have" in i.message]
    assert len(told) == 1 and told[0].severity == "warning"
    assert f"{{observation: {what}, value: absent}}" in (told[0].hint or "")
    assert not [i for i in issues if "no code known" in i.message]


def test_the_absence_of_something_normal_is_a_sign_not_a_denial() -> None:
    cond, issues = _condition("absence of axillary hair")
    assert not [i for i in issues if "says the patient does not have" in i.message]


@pytest.mark.parametrize("name,code", [("rule out pulmonary embolism", "59282003"), ("r/o sepsis", "91302008")])
def test_a_diagnosis_to_rule_out_is_provisional(name: str, code: str) -> None:
    cond, _ = _condition(name)
    assert [c["code"] for c in cond["code"]["coding"]] == [code]
    assert cond["verificationStatus"]["coding"][0]["code"] == "provisional"


def test_a_cause_said_unknown_leaves_the_disorder() -> None:
    cond, issues = _condition("sepsis of unknown origin")
    assert [c["code"] for c in cond["code"]["coding"]] == ["91302008"]
    assert any("'of unknown origin' is said in the text only" in i.message for i in issues)
