"""Words of a new round of case reports, written by people who had not read the tables: a site
named by its adjective, compounds said backwards, and plurals that the key cannot tell apart."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    # no concept is named "femoral shaft fracture"; *Fracture of shaft of femur* is
    ("condition", "femoral shaft fracture", ["54441004"]),
    ("condition", "tibial shaft fracture", ["6990005"]),
    ("condition", "humeral fracture", ["66308002"]),
    ("condition", "clavicular fracture", ["58150001"]),
    ("condition", "renal cyst", ["722223000"]),
    ("finding", "ocular pain", ["41652007"]),
])
def test_a_site_named_by_its_adjective_reads_as_its_noun(kind: str, term: str, expected: list[str]) -> None:
    found = match(kind, term)
    assert found.how == "site adjective as its noun"
    assert codes(kind, term) == expected


def test_a_name_with_its_own_concept_is_not_read_through_the_adjective() -> None:
    # *Femoral hernia* is a hernia at the femoral canal, not of the femur
    assert codes("condition", "femoral hernia") == ["50063009"]
    assert match("condition", "femoral hernia").how != "site adjective as its noun"


def test_a_name_in_three_parts_said_backwards_is_the_compound() -> None:
    assert codes("condition", "femur shaft fracture") == ["54441004"]
    assert match("condition", "femur shaft fracture").how == "SNOMED CT GPS word order"


def test_an_adjective_that_no_reading_turns_into_a_concept_stays_text() -> None:
    assert match("condition", "radial nerve palsy splenic").concept is None


def test_a_single_lung_nodule_is_not_multiple_nodules() -> None:
    # keys are singular, so "pulmonary nodules" and "pulmonary nodule" cannot be told apart: only
    # words that say "multiple" are *Multiple nodules of lung*
    assert "445249002" not in codes("condition", "pulmonary nodule")
    assert "445249002" not in codes("condition", "lung nodule")
    assert codes("condition", "multiple pulmonary nodules") == ["445249002"]
