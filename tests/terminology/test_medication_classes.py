"""Drugs named by their class, and drugs whose only open code is a SNOMED CT substance or product of
the Global Patient Set: FHIR R4's medication-codes value set holds both (is-a 410942007 Drug or
medicament, is-a 373873005 Pharmaceutical / biologic product), so either may code a medication when
no table row does. An element or ion written as a drug means a salt and gets no code."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.matching import GPS_NOT_DRUGS, GPS_TAGS
from tests.terminology.known import SCT, codes


@pytest.mark.parametrize(("term", "code"), [
    ("opioids", "404642006"), ("opioid analgesics", "404642006"),
    ("macrolide", "372480009"), ("macrolide antibiotics", "372480009"),
    ("antihypertensive drug", "1182007"), ("antihypertensives", "1182007"),
    ("antituberculous treatment", "2537003"), ("anti-tuberculosis drugs", "2537003"),
    ("multivitamin", "10632007"), ("antifungals", "373219008"),
])
def test_drug_classes_case_reports_write_have_their_artefact_codes(term, code):
    assert codes("medication", term, SCT) == [code], match("medication", term)


@pytest.mark.parametrize(("term", "code"), [("alprostadil", "48988008"), ("bronchodilators", "372580007")])
def test_a_drug_no_row_codes_takes_its_gps_concept(term, code):
    found = match("medication", term)
    assert found.how == "SNOMED CT GPS exact" and codes("medication", term, SCT) == [code]


@pytest.mark.parametrize(("term", "code"), [("iodixanol", "353962003"),
                                           ("human chorionic gonadotropin", "412126005")])
def test_a_drug_no_row_codes_takes_its_gps_product_first(term, code):
    """*Product containing X* (medicinal product) is read by X's words, before a substance X."""
    found = match("medication", term)
    assert found.how == "SNOMED CT GPS product" and codes("medication", term, SCT) == [code]


def test_medications_take_gps_products_and_substances_only():
    assert set(GPS_TAGS["medication"]) == {"medicinal product", "clinical drug", "product", "substance"}
    assert match("medication", "chest pain").status == "none"  # a finding is no drug


@pytest.mark.parametrize("term", sorted(GPS_NOT_DRUGS))
def test_an_element_or_ion_is_never_a_drug_from_the_gps(term):
    found = match("medication", term)
    assert not (found.concept and found.concept.origin == "SNOMED CT GPS"), found
    assert not any(c.origin == "SNOMED CT GPS" for c in found.candidates)


@pytest.mark.parametrize("term", [
    "proton pump inhibitors", "antipyretics", "intravenous fluids", "anti-inflammatory agent",
    "antiretroviral therapy",
    # codes read only in the 2019 expansions (hl7.fhir.r4.examples), in no current value set
    "antivirals", "loop diuretics"])
def test_classes_no_artefact_codes_stay_text(term):
    assert match("medication", term).status == "none"


@pytest.mark.parametrize("term", ["steroids", "steroid", "steroid therapy", "systemic steroids"])
def test_steroids_are_the_corticosteroids_clinicians_mean(term):
    """A case report's "steroids" are corticosteroids (an anabolic steroid is written so): the
    corticosteroid product class, never the broader *Steroid*."""
    found = match("medication", term)
    assert found.concept is not None and [c.code for c in found.concept.codings] == ["79440004"]


def test_anticholinesterases_are_the_product_class_a_current_value_set_states():
    # 90802006 is in FHIR R5's medication-codes expansion (hl7.fhir.r5.expansions@5.0.0), not only 2019's
    found = match("medication", "cholinesterase inhibitors")
    assert found.concept is not None and [c.code for c in found.concept.codings] == ["90802006"]
