"""Check-digit and syntax checks on known-good and known-bad codes."""

import pytest

from fhirconv.terminology.checks import (
    icd10cm_billable,
    icd10cm_ok,
    loinc_check_digit,
    loinc_ok,
    rxnorm_ok,
    snomed_id_ok,
    ucum_ok,
    ucum_problem,
    verhoeff_ok,
)


@pytest.mark.parametrize("s", ["2363", "236", "138875005", "404684003", "109989006", "7771000"])
def test_verhoeff_good(s):
    assert verhoeff_ok(s)


@pytest.mark.parametrize("s", ["2364", "138875006", "109989007", "", "12a4", "７７", "2363\n"])
def test_verhoeff_bad(s):
    assert not verhoeff_ok(s)


@pytest.mark.parametrize(
    ("s", "kind"),
    [
        ("138875005", "concept"),  # SNOMED CT root concept
        ("109989006", "concept"),  # Multiple myeloma
        ("7771000", "concept"),  # Left
        ("1287742003", "concept"),  # Radiotherapy
        ("18679011000001101", "concept"),  # extension concept (partition 10)
        ("900000000000207008", "concept"),  # core module
    ],
)
def test_snomed_good(s, kind):
    assert snomed_id_ok(s) == kind


def test_snomed_partitions():
    # Build ids with a correct check digit in each partition.
    def with_check(body: str) -> str:
        return next(body + d for d in "0123456789" if verhoeff_ok(body + d))

    assert snomed_id_ok(with_check("12345" + "01")) == "description"
    assert snomed_id_ok(with_check("12345" + "02")) == "relationship"
    assert snomed_id_ok(with_check("12345" + "11")) == "description"
    assert snomed_id_ok(with_check("12345" + "03")) is None  # no such partition


@pytest.mark.parametrize(
    "s", ["109989007", "12345", "0109989006", "1234567890123456789", "10998900a", "", "-109989006"]
)
def test_snomed_bad(s):
    assert snomed_id_ok(s) is None


@pytest.mark.parametrize("s", ["718-7", "8867-4", "85354-9", "2160-0", "30525-0", "98979-8", "12345-5", "1-8"])
def test_loinc_good(s):
    assert loinc_ok(s)


@pytest.mark.parametrize("s", ["718-8", "8867-3", "718", "718-", "-7", "71A-7", "", "718-77"])
def test_loinc_bad(s):
    assert not loinc_ok(s)


def test_loinc_check_digit_recipe():
    # LOINC's worked example: 12345 -> 5.
    assert loinc_check_digit("12345") == 5


def test_icd10cm():
    assert icd10cm_ok("C90.00") == (True, "Multiple myeloma not having achieved remission")
    assert icd10cm_ok("C9000")[0]
    assert icd10cm_ok("C90.99") == (False, None)
    assert icd10cm_ok("") == (False, None)
    assert icd10cm_billable("C90.02")
    assert not icd10cm_billable("C90.0")  # a category, not a code to record


@pytest.mark.parametrize("s", ["358258", "3264", "1721947"])
def test_rxnorm_good(s):
    assert rxnorm_ok(s)


@pytest.mark.parametrize("s", ["", "0358258", "35825a", "3264 ", "12345678901"])
def test_rxnorm_bad(s):
    assert not rxnorm_ok(s)


@pytest.mark.parametrize("u", ["mg", "mg/dL", "mm[Hg]", "/min", "%", "10*9/L", "kg/m2", "Cel", "mL/min/{1.73_m2}", "a"])
def test_ucum_good(u):
    assert ucum_ok(u)
    assert ucum_problem(u) is None


@pytest.mark.parametrize("u", ["foo", "mg//dL", "", "mg/", "(mg"])
def test_ucum_bad(u):
    assert not ucum_ok(u)
    problem = ucum_problem(u)
    assert problem and "\n" not in problem
