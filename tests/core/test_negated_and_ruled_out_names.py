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


def test_a_residual_code_left_out_for_a_named_cause_lists_the_category_without_choosing() -> None:
    """The hint lists the category's other codes as choices, not as where the disorder is filed: for
    a hypotension due to haemorrhagic shock, I95.2 *Hypotension due to drugs* is no answer."""
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: h\npatient: {sex: female}\nconditions:\n'
                        "  - {id: shock, condition: hemorrhagic shock}\n"
                        "  - {id: hypo, condition: low blood pressure, due_to: shock}\n", "case.yaml")
    told = [i for i in conv.issues if "residual category" in i.message]
    assert told and "the category's other codes, to choose from by that cause (none may fit it)" in told[0].hint
    assert "where ICD-10-CM files it" not in told[0].hint
