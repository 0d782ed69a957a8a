"""Words of round 171's case reports (cardiology, paediatrics, neurology, infectious disease,
oncology, toxicology, trauma, head and neck), written by people who had not read the tables: the rows
their first look added, each code stated in the artefact its row names."""

from __future__ import annotations

import pytest

from tests.terminology.known import condition_read
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "moyamoya syndrome", ["I67.5"]),  # ICD-10-CM index: Moyamoya disease I67.5
    ("condition", "tuberculosis of the breast", ["A18.89"]),  # index: Tuberculosis > breast A18.89
    ("condition", "non-small cell lung carcinoma", ["254637007"]),  # Synthea lung_cancer.json, FHIR example f002
    ("finding", "Leishmania infantum", ["243655003"]),  # the open organism list (hl7-pt CPAL, CC0)
    ("finding", "Enterococcus", ["2785000"]),  # a genus named alone: GPS *Genus Enterococcus*
    ("condition", "multiple hereditary exostoses", ["Q78.6"]),  # Q78.6 Multiple congenital exostoses
    ("procedure", "cardiovascular magnetic resonance", ["241620005"]),
    # "with contrast enhancement" says the contrast as "contrast-enhanced" does
    ("procedure", "thoracoabdominal computed tomography with contrast enhancement", ["42275-8"]),
])
def test_round171_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("words,expected", [
    ("transaminase elevation", ["R74.01"]),  # a rise said as a noun: what "elevated transaminases" names
    ("elevation of transaminases", ["R74.01"]),
    ("temporary confusion", ["286933003"]),  # how long it lasts: the confusion, the word in the text
])
def test_round171_conditions(words: str, expected: list[str]) -> None:
    assert condition_read(words) == (sorted(expected), words)
