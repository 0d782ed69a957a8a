"""What people read: numbers in texts as written, and errors that name what went wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from fhirconv.numbers import as_words, number

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value,words", [
    (1500000, "1500000"), (1500000.0, "1500000"), (2.5, "2.5"), (0.1, "0.1"), (1234.567, "1234.567"),
    (1e-7, "0.0000001"), (-3.0, "-3"), (number("12.50"), "12.50"), (0.00001, "0.00001"),
])
def test_a_number_in_words_keeps_every_digit_and_no_exponent(value: float, words: str) -> None:
    assert as_words(value) == words


def test_a_large_dose_is_written_whole_in_the_dosage_text() -> None:
    case = """\
fhirconv: "1"
id: big-dose
patient: {sex: male}
medications:
  - {id: sk, drug: streptokinase, dose: {value: 1500000, unit: "[iU]"}, route: intravenous,
     duration: {value: 2, unit: h}}
  - {id: mg, drug: magnesium sulfate, dose: {value: 1234.567, unit: mg}}
"""
    texts = [e["resource"]["dosage"][0]["text"] for e in convert_text(case, "big.yaml").bundle["entry"]
             if e["resource"]["resourceType"] == "MedicationStatement"]
    assert texts == ["1500000 [iU], intravenous, for 2 hours", "1234.567 mg"]


def test_a_fhir_file_among_the_cases_is_named_for_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text((REPO / "samples" / "multiple-myeloma.yaml").read_text())
    out = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(tmp_path / "case.yaml"), "-o",
                          str(tmp_path / "case.json")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    run = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(tmp_path), "-o",
                          str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "case.json $: error: a FHIR Bundle, not a case file (hint: `fhirconv validate FILE`" in run.stderr
    assert "unknown key" not in run.stderr
    assert (tmp_path / "out").is_dir() and len(list((tmp_path / "out").iterdir())) == 1  # the case's Bundle


def test_the_comma_hint_names_the_key_the_words_belong_to() -> None:
    case = ('fhirconv: "1"\nid: c1\npatient: {sex: male}\n'
            "conditions:\n  - {id: a, condition: fever, note: high, spiking}\n")
    with pytest.raises(FhirconvError) as err:
        convert_text(case, "comma.yaml")
    (issue,) = err.value.issues
    assert issue.message == "unknown key 'spiking'"
    assert '(note: "..., spiking")' in (issue.hint or "")


def test_words_between_two_quoted_values_are_not_cut_as_one_value() -> None:
    from fhirconv.issues import tame

    hint = ("add a row of kind 'medication' with --terms FILE; `fhirconv terms search \"S-1\"` shows what is "
            "known; close terms (not applied): SNOMED CT 63136007 'Product containing phytomenadione'")
    assert tame(hint) == hint
    assert tame("value '" + "x" * 200 + "' is bad") == "value '" + "x" * 80 + "…' is bad"


def test_a_long_list_is_cut_between_its_items() -> None:
    from fhirconv.issues import tame

    items = "; ".join(f"SNOMED CT {100000 + i} 'Concept number {i}'" for i in range(40))
    cut = tame(f"close terms: {items}")
    assert cut is not None and len(cut) <= 620 and " … " in cut
    head, tail = cut.split(" … ")
    assert head.endswith("';") and tail.startswith("SNOMED CT ")  # whole items on both sides


def test_an_unknown_food_is_warned_of_as_a_substance() -> None:
    case = """\
fhirconv: "1"
id: foods
patient: {sex: male}
allergies:
  - {id: meat, substance: mammalian meat, category: food, clinical_status: active}
  - {id: pork, substance: pork, category: food, clinical_status: active}
"""
    conv = convert_text(case, "foods.yaml")
    said = [i.message for i in conv.issues if "no code known" in i.message]
    assert said == ["no code known for substance 'mammalian meat': written as text only"]
    pork = next(e["resource"] for e in conv.bundle["entry"] if e["resource"].get("code", {}).get("text") == "pork")
    assert pork["code"].get("coding")  # a food the drug tables know keeps its code


def test_a_value_off_its_list_is_told_the_closest_allowed_one() -> None:
    case = ('fhirconv: "1"\nid: c1\npatient: {sex: male}\n'
            "medications:\n  - {id: a, drug: ceftriaxone, intent: empirical}\n")
    with pytest.raises(FhirconvError) as err:
        convert_text(case, "intent.yaml")
    (issue,) = err.value.issues
    assert issue.message == "'empirical' is not allowed"
    assert (issue.hint or "").startswith("did you mean 'empiric'? expected one of: induction, ")


UNITLESS = """\
fhirconv: "1"
id: unitless-counts
patient: {sex: male}
observations:
  - {id: wbc, observation: leukocytes, value: 19800, category: laboratory}
  - {id: wbc2, observation: white cell count, value: 12.4, category: laboratory}
  - {id: t, observation: temperature, value: afebrile, category: exam}
  - {id: t2, observation: temperature, value: afebrile}
"""


def _hints(case: str) -> dict[str, str]:
    return {i.expression: i.hint or "" for i in convert_text(case, "u.yaml").issues}


def test_a_count_too_large_for_the_usual_unit_is_hinted_per_microlitre() -> None:
    hints = _hints(UNITLESS)
    # 19800 in 10*3/uL would be 19.8 million per microlitre: the source counts per microlitre
    assert "add unit: '/uL'" in hints["$.observations[0].value"]
    assert "add unit: '10*3/uL'" in hints["$.observations[1].value"]


def test_a_vital_sign_given_as_words_is_told_to_name_the_finding_itself() -> None:
    """Changing only the category would leave the vital sign's code and the same warning: the hint
    names the finding as the observation, whatever the category."""
    hints = _hints(UNITLESS)
    for path in ("$.observations[2].value", "$.observations[3].value"):
        assert "name the finding itself instead of the vital sign (observation: " in hints[path]
    assert "keep the words in a note" in hints["$.observations[3].value"]


@pytest.mark.parametrize("written,meant", [("date_text", "when_text"), ("indication", "reason")])
def test_a_key_said_another_way_is_pointed_to_the_format_s_key(written: str, meant: str) -> None:
    case = (f'fhirconv: "1"\nid: k\npatient: {{sex: male}}\nprocedures:\n'
            f'  - {{id: p, procedure: biopsy, {written}: x}}\n')
    with pytest.raises(FhirconvError) as err:
        convert_text(case, "k.yaml")
    assert f"did you mean {meant!r}?" in (err.value.issues[0].hint or "")


@pytest.mark.parametrize("item,meant", [
    ("medications:\n  - {id: m, drug: prednisone, date: 2020-01-02}", "start"),  # a drug has a start
    ("timeline:\n  gp-visit: {when_text: after a week of headache}", "text"),  # an event has its words
])
def test_a_key_of_another_section_is_pointed_to_this_one_s(item: str, meant: str) -> None:
    with pytest.raises(FhirconvError) as err:
        convert_text(f'fhirconv: "1"\nid: k\npatient: {{sex: male}}\n{item}\n', "k.yaml")
    assert f"did you mean {meant!r}?" in (err.value.issues[0].hint or "")


def test_a_compared_number_without_a_unit_is_told_like_a_number() -> None:
    case = """\
fhirconv: "1"
id: compared
patient: {sex: male}
observations:
  - {id: b, observation: direct bilirubin, value: ">10", category: laboratory}
  - {id: b2, observation: direct bilirubin, value: ">10", unit: mg/dL, category: laboratory}
"""
    hints = _hints(case)
    assert "add unit: 'mg/dL'" in hints["$.observations[0].value"]
    assert "$.observations[1].value" not in hints


JOINED = """fhirconv: "1"
id: joined
patient: {sex: female, birth_date: "1960"}
conditions:
  - {id: c1, condition: "nausea, vomiting and diarrhoea"}
  - {id: c2, condition: pins and needles}
medications:
  - {id: m1, drug: metoprolol and amlodipine}
  - {id: m2, drug: metoprolol and a new tablet}
"""


def test_an_item_that_joins_several_known_ones_is_told_to_give_each_its_own() -> None:
    """Two drugs or three symptoms written as one item have no code together, but each has one
    alone: the warning says so and the hint lists each part's code; an item whose parts are not
    each known (an idiom, an unnamed drug) gets the usual hint."""
    issues = {i.expression: i for i in convert_text(JOINED, "u.yaml").issues}
    nausea = issues["$.conditions[0].condition"]
    assert "it names 3 conditions, each known alone" in nausea.message
    assert "'vomiting': SNOMED CT 422400008" in (nausea.hint or "")
    drugs = issues["$.medications[0].drug"]
    assert "it names 2 medications" in drugs.message and "'amlodipine': RxNorm 17767" in (drugs.hint or "")
    # two drug names may be one fixed-dose combination (sacubitril and valsartan): the hint says both ways
    assert "if these are separate drugs" in (drugs.hint or "") and "combination product" in (drugs.hint or "")
    assert "each known alone" not in issues["$.medications[1].drug"].message
    idiom = issues.get("$.conditions[1].condition")
    assert idiom is None or "each known alone" not in idiom.message
