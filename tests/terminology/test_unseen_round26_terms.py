"""Words of round 26's case reports (pulmonology, cardiology, neurology), written by someone who had
not read the tables: a lesion's "infarct" and the event's "infarction", a disease ICD-10-CM files
without its site or cause, an imaging study named by its technique."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("written,key", [
    ("renal infarct", "renal infarction"),
    ("splenic infarcts", "splenic infarction"),
])
def test_infarct_and_infarction_are_one_key(written: str, key: str) -> None:
    assert normalize(written) == key


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "renal infarction", ["N28.0"]),  # the index's *Renal infarct*
    ("condition", "splenic infarct", ["D73.5"]),  # the tabular's *Infarction of spleen*
    ("condition", "autoimmune pulmonary alveolar proteinosis", ["J84.01"]),
    ("condition", "gastric MALToma", ["C88.40"]),
    ("condition", "left ventricular noncompaction", ["447935001"]),
    ("procedure", "speckle-tracking echocardiography", ["830079008"]),
    ("procedure", "comfort care", ["133918004"]),
    ("procedure", "diffusion-weighted MRI of the brain", ["37436-3"]),
    ("observation", "CSF 14-3-3 protein", ["31989-7"]),
    ("observation", "N-terminal pro-brain natriuretic peptide", ["33762-6"]),
    ("observation", "high-resolution computed tomography of the chest", ["37439-7"]),
    # as a procedure HRCT stays the earlier row's CT of thorax: one procedure code per study
    ("procedure", "high-resolution computed tomography of the chest", ["169069000"]),
])
def test_words_of_round_26(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("kind,term", [
    ("procedure", "whole lung lavage"),  # no open code states it
    ("observation", "thoracic-abdominal CT"),  # every open LOINC code for it names the contrast
    ("medication", "rivaroxaban or aspirin"),  # a blinded trial drug is one of two
])
def test_words_of_round_26_that_stay_text(kind: str, term: str) -> None:
    assert codes(kind, term) == []


@pytest.mark.parametrize("kind,term,expected", [
    # earlier rounds' words whose codes an open artefact states (LOINC Universal Lab Orders value set)
    ("observation", "serum tryptase", ["21582-2"]),
    ("observation", "25-hydroxyvitamin D", ["62292-8"]),  # the total of D2 and D3, not Calcidiol (D3)
    ("observation", "25-hydroxyvitamin D3", ["1989-3"]),
    ("observation", "vitamin D", []),  # 25-hydroxy or 1,25-dihydroxy: the words do not say
])
def test_earlier_words_now_coded(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_a_total_25_hydroxyvitamin_d_in_moles_is_not_the_mass_code() -> None:
    from fhirconv.terminology.matching import match_with_unit

    assert match_with_unit("observation", "25-hydroxyvitamin D", "nmol/L").concept is None


@pytest.mark.parametrize("term,expected", [
    ("nerve conduction study", ["29755-6"]),  # the procedure row's LOINC study code
    ("nerve conduction study findings", ["29755-6"]),
    ("diffusion-weighted MRI of the brain", ["37436-3"]),
    ("cardiac catheterization", []),  # the procedure row is SNOMED CT: no observable
    ("colonoscopy", ["18746-8"]),  # an observation row of its own wins over the procedure's SNOMED CT
])
def test_an_observation_named_by_a_study_takes_its_loinc_study_code(term: str, expected: list[str]) -> None:
    assert codes("observation", term) == expected
    found = match("observation", term)
    assert found.concept is None or found.concept.kind == "observation"


def test_a_residual_code_left_out_for_a_named_cause_points_where_icd_10_cm_files_it() -> None:
    # round 27's writer: "methaemoglobinaemia due to dapsone" loses D74.9, and the hint asked for a
    # code someone who does not know the classification cannot give: it now names D74.8
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: r26\npatient: {sex: male}\nmedications:\n  - {id: dapsone, drug: dapsone}\n'
                        "conditions:\n  - {id: m, condition: methaemoglobinaemia, due_to: dapsone}\n", "case.yaml")
    warning = next(w for w in conv.issues if "D74.9" in w.message)
    assert "D74.8 'Other methemoglobinemias'" in warning.hint and "D74.0" not in warning.hint
    condition = next(e["resource"] for e in conv.bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    assert "D74.9" not in str(condition["code"])
