"""Organisms in a disorder's name: a genus cut to an initial ("E. coli sepsis") is the organism named in
full, when SNOMED CT's Global Patient Set names one organism only with that initial and species
(``fhirconv.terminology.matching._genus_written_out``)."""

from __future__ import annotations

import pytest

from fhirconv.terminology.matching import match
from fhirconv.terminology.organisms import binomials
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


@pytest.mark.parametrize(("name", "rest", "aside"), [
    ("Legionella pneumophila pneumonia", "Legionella pneumonia", "pneumophila"),  # a species the GPS names
    ("Streptococcus intermedius infection", "streptococcal infection", "intermedius"),  # a Latin epithet
    ("group A Streptococcus pharyngitis", "streptococcal pharyngitis", "group A"),
    ("group A beta-hemolytic Streptococcus infection", "streptococcal infection", "group A beta-hemolytic"),
])
def test_a_species_or_group_reads_as_its_genus_the_broader_concept(name, rest, aside):
    from fhirconv.mappers.qualifiers import organism_reading

    found = organism_reading(name)
    assert found is not None and (found.rest, found.narrowing) == (rest, (aside,)), found


@pytest.mark.parametrize(("name", "rest"), [
    ("Streptococcus meningitis", "meningitis"),  # "meningitis" is no species epithet: the organism set aside
    ("Staphylococcus epidermidis bacteremia", "bacteremia"),  # no code for the genus with "bacteremia"
])
def test_without_a_code_for_the_genus_the_disorder_alone(name, rest):
    from fhirconv.mappers.qualifiers import _genus_reading, organism_reading

    assert _genus_reading(name) is None
    assert organism_reading(name).rest == rest


def test_a_name_coded_as_it_stands_is_not_read():
    from fhirconv.mappers.qualifiers import organism_reading

    assert organism_reading("Streptococcus pneumoniae pneumonia") is None  # the cause turned round codes it


def test_convert_says_the_species_in_the_text_and_an_information_line(tmp_path):
    from tests.terminology.known import converted

    case = ('fhirconv: "1"\nid: t\ntitle: t\npatient: {sex: male, birth_date: 1970-01-01}\n'
            "conditions:\n  - {id: c, condition: Legionella pneumophila pneumonia}\n")
    result, found = converted(tmp_path, case, ("Condition",))
    assert found == {"Legionella pneumophila pneumonia": ["195889001"]}
    assert any("'pneumophila' is said in the text only" in i.message for i in result.issues)


@pytest.mark.parametrize(("name", "rest", "aside"), [
    ("MRSA bacteremia", "bacteremia", "MRSA"),  # initials of an ICD-10-CM agent (B95.62)
    ("methicillin-resistant Staphylococcus aureus bacteremia", "bacteremia",
     "methicillin-resistant Staphylococcus aureus"),
    ("multi-drug resistant Salmonella Typhi bacteremia", "bacteremia", "multi-drug resistant Salmonella Typhi"),
    ("Staphylococcus aureus endocarditis", "endocarditis", "Staphylococcus aureus"),
    ("E. coli pyelonephritis", "pyelonephritis", "E. coli"),
    ("RSV bronchiolitis", "bronchiolitis", "RSV"),
    ("Pseudomonas aeruginosa pneumonia", "Pseudomonas pneumonia", "aeruginosa"),  # the genus has a code
    ("pneumonia due to Pseudomonas aeruginosa", "pneumonia due to Pseudomonas", "aeruginosa"),
    # "mitis" is no disorder's -itis: the open organism list names *Streptococcus mitis*
    ("Streptococcus mitis endocarditis", "endocarditis", "Streptococcus mitis"),
])
def test_an_organism_before_a_disorder_or_after_its_due_to_is_set_aside(name, rest, aside):
    from fhirconv.mappers.qualifiers import organism_reading

    found = organism_reading(name)
    assert found is not None and (found.rest, found.narrowing) == (rest, (aside,)), found


@pytest.mark.parametrize("name", [
    "Staphylococcus crisis",  # no disorder after the organism
    "gas gangrene of the leg",  # "GAS" (group A Streptococcus) only in capitals
])
def test_no_organism_reading_without_an_organism_and_a_known_disorder(name):
    from fhirconv.mappers.qualifiers import organism_reading

    assert organism_reading(name) is None


def test_organisms_come_from_the_terminologies():
    from fhirconv.terminology.organisms import genera, initials, phrases

    assert {"pseudomonas", "proteus", "enterococcus", "streptococcus"} <= genera()
    assert initials()["MRSA"] == "Methicillin resistant Staphylococcus aureus"  # ICD-10-CM B95.62
    assert initials()["RSV"] == "Respiratory syncytial virus"  # ICD-10-CM B97.4
    assert "group a streptococcus" in phrases()  # B95.0 "Streptococcus, group A, as the cause ..."
