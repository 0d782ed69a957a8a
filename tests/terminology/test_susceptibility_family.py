"""Antimicrobial susceptibility results as case reports give them ("ceftriaxone susceptibility:
sensitive", "ciprofloxacin MIC 0.25 ug/mL"): LOINC's method-free [Susceptibility] codes and the
MIC codes stated in the FHIR R4/R5 expansions, only where the words name the method."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match

LOINC = "http://loinc.org"


@pytest.mark.parametrize(("term", "code"), [
    ("ceftriaxone susceptibility", "18895-3"),
    ("susceptibility to vancomycin", "19000-9"),
    ("piperacillin-tazobactam sensitivity", "18970-4"),
    ("co-amoxiclav susceptibility", "18862-3"),
    ("Ciprofloxacin MIC", "185-9"),
    ("MIC of meropenem", "6652-2"),
    ("co-trimoxazole MIC", "516-5"),
    ("rifampicin MIC", "428-3"),
])
def test_susceptibility_tests_by_drug(term, code):
    found = match("observation", term)
    assert found.concept is not None, term
    assert [(c.system, c.code) for c in found.concept.codings] == [(LOINC, code)]


def test_the_method_is_never_guessed():
    # only an MIC code is stated for ampicillin: "susceptibility" does not say MIC, so no code
    assert match("observation", "ampicillin susceptibility").status == "none"
    assert match("observation", "ampicillin MIC").concept.codings[0].code == "28-1"


def test_sensitive_is_the_susceptible_result():
    found = match("finding", "sensitive")
    assert [c.code for c in found.concept.codings] == ["131196009"]
    assert match("finding", "resistant").concept.codings[0].code == "30714006"
