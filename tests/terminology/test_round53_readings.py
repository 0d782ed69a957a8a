"""Words of round 53's case reports (toxicology, psychiatry; non-malignant haematology,
hepatology; cardiology, geriatric medicine), written by people who had not read the tables: the rows
their review added."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return sorted(c.code for c in found.concept.codings) if found.concept else []


@pytest.mark.parametrize("kind,term,expected", [
    # the letter of a hepatitis is no article: "hepatitis A" is *Viral hepatitis, type A* (the IPS
    # target diseases) and B15.9, as "hepatitis B" and "hepatitis C" already were
    ("condition", "hepatitis A", ["40468003", "B15.9"]),
    ("condition", "Alzheimer's dementia", ["26929004", "G30.9"]),
    ("condition", "dementia of the Alzheimer type", ["26929004", "G30.9"]),
    ("condition", "pulmonary thromboembolism", ["59282003"]),
    ("condition", "elevated temperature", ["386661006", "R50.9"]),
    ("condition", "myalgia", ["68962001", "M79.10"]),  # *Muscle pain* (GPS) beside ICD-10-CM's myalgia
    ("finding", "myalgia", ["68962001", "M79.10"]),  # an examination takes the SNOMED CT coding alone
])
def test_round53_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == sorted(expected)


def test_the_letter_of_hepatitis_a_is_kept_by_the_words() -> None:
    assert normalize("hepatitis A") == "hepatitis a"
    # *Influenza caused by Influenza A virus* (IPS); no ICD-10-CM code: J09-J11 by the virus's kind and
    # the manifestation, which the words do not say
    found = match("condition", "influenza A").concept
    assert found is not None
    assert [(c.system.rsplit("/", 1)[-1], c.code) for c in found.codings] == [("sct", "442438000")]
