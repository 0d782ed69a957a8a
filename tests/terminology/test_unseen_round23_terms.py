"""Round 23 of unseen cases (tests/generality/round23; data README): what its reviews found wrong or
missing, as behaviour of the look-up."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import lookup

SCT, LOINC, ICD, RXNORM = ("http://snomed.info/sct", "http://loinc.org", "http://hl7.org/fhir/sid/icd-10-cm",
                           "http://www.nlm.nih.gov/research/umls/rxnorm")


def _codes(kind: str, term: str) -> list[tuple[str, str]]:
    return [(c.system, c.code) for c in lookup(kind, term)]


@pytest.mark.parametrize(("kind", "term", "codes"), [
    ("condition", "achalasia", [(SCT, "45564002"), (ICD, "K22.0")]),  # of the oesophagus, not *Achalasia (finding)*
    ("condition", "tuberculous pleurisy", [(SCT, "186182003"), (ICD, "A15.6")]),
    ("condition", "tuberculous empyema", [(ICD, "A15.6")]),  # A15.6's second inclusion term, once run together
    ("condition", "dental cavity", [(SCT, "80967001"), (ICD, "K02.9")]),
    ("condition", "slipped capital femoral epiphysis", [(SCT, "26460006")]),
    ("condition", "antalgic gait", [(SCT, "67141003")]),
    ("condition", "hypoacusia", [(SCT, "15188001"), (ICD, "H91.90")]),  # the unsaid side: "..., unspecified ear"
    ("condition", "lower left abdominal pain", [(SCT, "301716002"), (ICD, "R10.32")]),
    ("condition", "hypomagnesaemia", [(SCT, "190855004"), (ICD, "E83.42")]),
    ("procedure", "pleural puncture", [(SCT, "91602002")]),  # Thoracentesis
    ("procedure", "thoracic drainage", [(SCT, "264957007")]),  # Insertion of pleural tube drain
    ("procedure", "partial colectomy", [(SCT, "43075005")]),
    ("medication", "ethanol", [(RXNORM, "448")]),
    ("observation", "stool culture", [(LOINC, "625-4")]),  # Bacteria identified in Stool by Culture
    ("observation", "measles RT-PCR", [(LOINC, "48508-6")]),
    ("observation", "blood ethylene glycol level", [(LOINC, "5646-5")]),  # in Serum, Plasma or Blood
    ("observation", "kalaemia", [(LOINC, "2823-3")]),
    ("observation", "pleural fluid ADA", [(LOINC, "35704-6")]),
    ("condition", "cough with sputum", [(SCT, "28743005")]),  # Productive cough, not Cough
    ("condition", "diffuse abdominal pain", [(SCT, "102614006"), (ICD, "R10.84")]),  # Generalized abdominal pain
    ("medication", "D5W", [(RXNORM, "4850")]),  # glucose; the strength stays in the text
    ("medication", "dextrose 5% in water", [(RXNORM, "4850")]),
])
def test_round23_words_reach_their_codes(kind, term, codes):
    assert sorted(_codes(kind, term)) == sorted(codes)


@pytest.mark.parametrize(("kind", "term"), [
    ("observation", "HIV test"),  # the fourth-generation antigen/antibody assay is more than the words say
    ("observation", "blood sodium"),  # the sodium row is serum or plasma
    ("observation", "adenosine deaminase"),  # which fluid: the words do not say
])
def test_round23_words_that_do_not_say_one_code_stay_text(kind, term):
    assert not _codes(kind, term)


def test_a_culture_of_bal_fluid_is_a_culture_of_a_named_specimen():
    case = {"fhirconv": "1", "id": "t", "patient": {"sex": "male", "birth_date": "1960"},
            "observations": [{"id": "o", "observation": "BAL fluid culture", "value": "no growth", "date": "2020"}]}
    conversion = convert_text(json.dumps(case), "t.json")
    resource = next(r for r in conversion.resources if r["resourceType"] == "Observation")
    assert [c["code"] for c in resource["code"]["coding"]] == ["11475-1"]
    assert resource["code"]["text"] == "BAL fluid culture"
