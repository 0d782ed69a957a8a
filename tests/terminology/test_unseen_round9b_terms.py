"""Concept families of the ninth unseen round, set B (paediatrics and infectious disease): the RSV
antigen test reaches its LOINC code under its usual wordings, "scattered" is read as a narrowing
word, "reactive" is not (it names diseases of their own), and the wordings no open artefact codes
stay text (data README, ninth unseen round, set B)."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes


@pytest.mark.parametrize("term", [
    "rsv antigen", "RSV antigen test", "RSV rapid antigen test", "rapid RSV antigen test",
    "respiratory syncytial virus antigen", "Respiratory syncytial virus antigen test"])
def test_rsv_antigen_wordings_reach_its_code(term):
    assert codes("observation", term, LOINC) == ["31950-9"], lookup("observation", term)


def test_the_rsv_antigen_row_keeps_the_pcr_apart():
    """An antigen test and a PCR detect different things: neither wording gives the other's code."""
    assert "31950-9" not in codes("observation", "rsv pcr", LOINC)
    assert "92131-2" not in codes("observation", "rsv antigen", LOINC)


CASE = """\
fhirconv: "1"
id: scattered
patient: {sex: female}
conditions:
  - {id: erythema, condition: scattered erythema}
  - {id: petechiae, condition: scattered petechiae}
  - {id: lymphocytosis, condition: reactive lymphocytosis}
"""


def test_scattered_names_a_kind_and_reactive_does_not(tmp_path):
    """Scattered erythema is erythema (the broader concept, with an information line); "reactive"
    stays unread, since "reactive arthritis" is a disease of its own, not any arthritis."""
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    found = [(e["resource"]["code"]["text"], [c["code"] for c in e["resource"]["code"].get("coding", [])])
             for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Condition"]
    assert found[0] == ("scattered erythema", ["247441003"])
    assert set(found[1][1]) == set(codes("condition", "petechiae", SCT) + codes("condition", "petechiae", ICD))
    assert found[1][1]
    assert found[2] == ("reactive lymphocytosis", [])
    warned = {i.expression: i.severity for i in result.issues}
    assert warned["$.conditions[0].condition"] == "information"
    assert warned["$.conditions[2].condition"] == "warning"


@pytest.mark.parametrize(("kind", "term"), [
    ("observation", "Bordetella pertussis PCR"), ("observation", "RSV nasopharyngeal swab"),
    ("observation", "pus culture"),
    ("procedure", "vaccination"), ("procedure", "abscess resection"), ("procedure", "drainage"),
    ("body-site", "skin of limbs"), ("body-site", "frontal region")])
def test_round9b_wordings_no_open_artefact_codes_stay_text(kind, term):
    assert not [c for c in lookup(kind, term) if c.system in (SCT, LOINC, ICD)], lookup(kind, term)
