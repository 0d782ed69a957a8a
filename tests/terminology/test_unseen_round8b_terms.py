"""Concept families of the eighth unseen round, set B (neurology and infectious disease): the rows
added for them reach their code under other wordings than the cases', inclusion terms of any cause
filed under one disease's code give no code, a refuted condition named with narrowing words is not
coded as its broader concept, and the wordings no open artefact codes stay text (data README,
eighth unseen round, set B)."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import lookup
from tests.terminology.known import ICD, LOINC, SCT, codes


@pytest.mark.parametrize(("kind", "term", "system", "code"), [
    ("medication", "anticonvulsants", SCT, "63094006"),
    ("medication", "antiepileptic drugs", SCT, "63094006"),
    ("medication", "anti-seizure medication", SCT, "63094006"),
    ("medication", "antiseizure drugs", SCT, "63094006"),
    ("medication", "anti-epileptic drugs", SCT, "63094006"),
    ("medication", "anticonvulsant medications", SCT, "63094006"),
    ("condition", "lymphadenitis", SCT, "19471005"),
    ("condition", "inflamed lymph nodes", SCT, "19471005"),
    ("condition", "acute lymphadenitis", SCT, "41174002"),
    ("condition", "inguinal lymphadenopathy", SCT, "127199000"),
    ("condition", "enlarged inguinal lymph nodes", SCT, "127199000"),
])
def test_round8b_families_reach_their_code(kind, term, system, code):
    assert code in codes(kind, term, system), lookup(kind, term)


def test_anti_is_one_word_with_the_word_after_it():
    """The case wrote "anti-seizure medications", the tables "antiseizure medications"."""
    from fhirconv.terminology.normalize import normalize

    assert normalize("Anti-seizure medications") == normalize("antiseizure medication") \
        == normalize("anti seizure medications") == "antiseizure medication"
    assert normalize("anti-NMDA receptor encephalitis") == normalize("antiNMDA receptor encephalitis")
    assert normalize("anti") == "anti" and normalize("anti 1") == "anti 1"


@pytest.mark.parametrize(("term", "code"), [
    ("meningoencephalitis", "A69.22"), ("cranial neuritis", "A69.22"), ("polyneuropathy", "A69.22"),
    ("syphiloma", "A52.3"), ("gumma", "A52.3"), ("trypanosomiasis", "B57.2"),
    ("arthritis", "M19.90")])  # Arthritis NOS is filed under unspecified osteoarthritis
def test_an_inclusion_term_of_any_cause_is_no_key_of_one_disease(term, code):
    """ICD-10-CM files these bare words under a code of one disease (Lyme disease, neurosyphilis,
    Chagas' heart disease): written alone they say neither, so they never give that code."""
    assert code not in codes("condition", term, ICD), lookup("condition", term)
    assert code not in codes("finding", term, ICD), lookup("finding", term)


def test_the_disease_bound_codes_keep_their_own_descriptions():
    assert "A69.22" in codes("condition", "other neurologic disorders in Lyme disease", ICD)
    assert codes("condition", "arthritis", SCT) == ["3723001"]  # SNOMED CT Arthritis still codes the word
    assert "A52.3" in codes("condition", "neurosyphilis", ICD)


REFUTED = """\
fhirconv: "1"
id: refuted-narrowed
patient: {sex: male}
conditions:
  - {id: ruled-out, condition: incarcerated inguinal hernia, verification_status: refuted}
  - {id: present, condition: incarcerated inguinal hernia}
  - {id: node, condition: inguinal lymphadenitis}
  - {id: bp, condition: uncontrolled hypertension, verification_status: confirmed}
"""


def test_a_refuted_narrowed_name_is_not_coded_as_its_broader_concept(tmp_path):
    """Ruling out an incarcerated hernia does not rule out a hernia: refuting "Inguinal hernia"
    would say what the source never did, so the name stays text (with the usual warning); the
    same name not refuted takes the broader concept with an information line."""
    path = tmp_path / "case.yaml"
    path.write_text(REFUTED, encoding="utf-8")
    result = convert_file(str(path))
    found = [(e["resource"]["code"]["text"], [c["code"] for c in e["resource"]["code"].get("coding", [])])
             for e in result.bundle["entry"] if e["resource"]["resourceType"] == "Condition"]
    hernia = codes("condition", "inguinal hernia", SCT)
    assert found[0] == ("incarcerated inguinal hernia", [])
    assert found[1][1] and set(found[1][1]) <= set(hernia + codes("condition", "inguinal hernia", ICD))
    assert found[2] == ("inguinal lymphadenitis", ["19471005"])
    assert "38341003" in found[3][1]
    warned = {i.expression: i.severity for i in result.issues}
    assert warned["$.conditions[0].condition"] == "warning"
    assert warned["$.conditions[1].condition"] == "information"


@pytest.mark.parametrize(("kind", "term"), [
    ("observation", "CSF culture"), ("observation", "CSF leukocyte count"),
    ("procedure", "lymph node biopsy"), ("observation", "exposure to cat")])
def test_round8b_wordings_no_open_artefact_codes_stay_text(kind, term):
    assert not [c for c in lookup(kind, term) if c.system in (SCT, LOINC, ICD)], lookup(kind, term)
