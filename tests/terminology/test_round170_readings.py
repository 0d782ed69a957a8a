"""Words of round 170's case reports, written by people who had not read the tables: the rows and
readings their review added (a site said by its adjective, a manner, a time of day or a zygosity
before what was found)."""

from __future__ import annotations

import pytest

from tests.terminology.known import condition_read
from tests.terminology.known import matched as codes


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "Fahr's syndrome", ["G23.8"]),  # ICD-10-CM index: Fahr disease G23.8
    ("condition", "chronic beryllium disease", ["J63.2"]),  # index: Pneumoconiosis, beryllium; J63.2 Berylliosis
    ("condition", "alcoholic chronic pancreatitis", ["K86.0"]),  # K86.0 Alcohol-induced chronic pancreatitis
    ("condition", "ectopic pancreatic tissue", ["Q45.3"]),  # index: Ectopic, ectopia > pancreas Q45.3
    ("observation", "alfa-fetoprotein", ["1834-1"]),
    ("observation", "24-h urinary protein excretion", ["2889-4"]),
    ("observation", "total immunoglobulin A", ["2458-8"]),
    ("observation", "fasting glycemia", ["1558-6"]),
    ("observation", "urine dipstick nitrite", ["5802-4"]),
])
def test_round170_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("kind,term,expected", [
    # a site's adjective as its noun (data/site-adjectives.tsv)
    ("condition", "diaphragmatic paralysis", ["64228003", "J98.6"]),  # ICD-10-CM index: Paralysis, diaphragm
    ("condition", "omental torsion", ["K56.2"]),  # ICD-10-CM index: Torsion, omentum K56.2
    ("body-site", "nasopharynx", ["71836000"]),  # GPS: Nasopharyngeal structure
    ("body-site", "choroid", ["68703001"]),
])
def test_round170_site_adjectives(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


@pytest.mark.parametrize("words,expected", [
    ("retroperitoneal metastases", ["94628003"]),  # GPS: Secondary malignant neoplasm of retroperitoneum
    # how a symptom sounds or comes, when in the day: the symptom, the word kept in the text
    ("loud snoring", ["72863001", "R06.83"]),
    ("explosive diarrhoea", ["62315008"]),
    ("daytime somnolence", ["R40.0"]),
    # a gene variant's zygosity: the variant
    ("heterozygote prothrombin gene mutation (G-20210-A)", ["D68.52"]),
])
def test_round170_conditions(words: str, expected: list[str]) -> None:
    assert condition_read(words) == (sorted(expected), words)
