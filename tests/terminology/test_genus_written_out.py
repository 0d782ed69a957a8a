"""An organism written with its genus cut to an initial ("E. coli sepsis") is the organism named in
full, when SNOMED CT's Global Patient Set names one organism only with that initial and species
(``fhirconv.terminology.matching._genus_written_out``)."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import binomials, match
from tests.terminology.known import ICD, SCT, codes


def test_the_initials_come_from_the_global_patient_set_and_one_genus_each():
    known = binomials()
    assert known[("e", "coli")] == "Escherichia coli"
    assert known[("s", "aureus")] == "Staphylococcus aureus"
    assert known[("s", "pneumoniae")] == "Streptococcus pneumoniae"
    assert ("p", "dog") not in known  # Pomeranian, Pug, Papillon ... dog: more than one genus, never read


@pytest.mark.parametrize(("term", "system", "code"), [
    ("E. coli sepsis", ICD, "A41.51"),
    ("E. coli sepsis", SCT, "447899008"),
    ("K. pneumoniae pneumonia", ICD, "J15.0"),
    ("S. pneumoniae meningitis", ICD, "G00.1"),
    ("H. influenzae pneumonia", SCT, "70036007"),
])
def test_an_initial_of_a_genus_reads_as_the_genus(term, system, code):
    found = match("condition", term)
    assert found.how.startswith("genus written out") and code in codes("condition", term, system), found


def test_an_initial_with_no_single_organism_is_not_read():
    assert match("condition", "X. unknownia sepsis").status == "none"
    assert match("procedure", "E. coli sepsis").status == "none"  # organisms name disorders and tests only
