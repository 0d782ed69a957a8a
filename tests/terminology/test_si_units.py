"""Laboratory values in SI units: case reports from outside the US give creatinine in umol/L, LDL
cholesterol in mmol/L, bilirubin in umol/L. The value's unit picks the LOINC test of the same analyte
and specimen in the property the unit measures ([Moles/volume] or [Mass/volume]); where the tables
hold no such test the value keeps its words, and no code of another specimen or property is taken."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match_with_unit
from fhirconv.terminology.dimensions import fits
from fhirconv.terminology.matching import _test_key

LOINC = "http://loinc.org"


def _loinc(term: str, unit: str | None) -> str | None:
    found = match_with_unit("observation", term, unit)
    if found.concept is None:
        return None
    codes = [c.code for c in found.concept.codings if c.system == LOINC]
    assert len(codes) == 1, (term, unit, codes)
    return codes[0]


@pytest.mark.parametrize(("term", "unit", "code"), [
    # twins added for SI units, beside the code of the other property
    ("direct bilirubin", "umol/L", "14629-0"), ("direct bilirubin", "mg/dL", "1968-7"),
    ("bilirubin direct", "umol/L", "14629-0"),
    ("LDL cholesterol", "mmol/L", "39469-2"), ("LDL cholesterol", "mg/dL", "13457-7"), ("LDL", "mmol/L", "39469-2"),
    ("serum ionised calcium", "mg/dL", "17863-2"), ("serum ionized calcium", "mmol/L", "1995-0"),
    ("urine albumin/creatinine ratio", "mg/mmol", "32294-1"), ("urine albumin/creatinine ratio", "mg/g", "9318-7"),
    ("ACR", "mg/mmol", "32294-1"), ("albumin creatinine ratio", "mg/mmol", "32294-1"),
    # rows added with the specimen their words name
    ("blood ionised calcium", "mmol/L", "1994-3"), ("whole blood ionized calcium", "mmol/L", "1994-3"),
    ("arterial lactate", "mmol/L", "2518-9"),
    ("beta-hydroxybutyrate", "mg/dL", "29512-1"), ("progesterone", "ng/mL", "2839-9"),
    ("beta-hydroxybutyrate", "mmol/L", "6873-4"),  # its molar twin, stated since (USCDI+ lab orders)
    ("serum zinc", "ug/dL", "5763-8"), ("methanol", "mg/dL", "5693-7"), ("ethanol", "mg/dL", "5643-2"),
    ("serum ammonia", "ug/dL", "20684-7"), ("homocysteine", "umol/L", "13965-9"),
    ("methotrexate level", "umol/L", "14836-1"), ("SHBG", "nmol/L", "13967-5"),
    ("free testosterone", "pg/mL", "2991-8"), ("non-HDL cholesterol", "mg/dL", "43396-1"),
    ("24-hour urine free cortisol", "ug/(24.h)", "2147-7"),
    ("urine protein concentration", "g/L", "2888-6"), ("urine urea nitrogen", "mg/dL", "3095-7"),
    ("urine calcium", "mg/dL", "17862-4"), ("urine phosphate", "mg/dL", "2778-9"),
    ("urine uric acid", "mg/dL", "3086-6"), ("urine magnesium", "mg/dL", "19124-7"),
    ("indirect bilirubin", "mg/dL", "1971-1"), ("urine microalbumin", "mg/L", "14957-5"),
    ("fasting glucose", "mg/dL", "1558-6"), ("fasting glucose", "mmol/L", "14771-0"),
    ("fasting plasma glucose", "mmol/L", "14771-0"), ("fasting blood glucose", "mmol/L", "76629-5"),
    # a drug's name as an observation is its level
    ("paracetamol", "mg/L", "3298-7"), ("digoxin", "ug/L", "10535-3"), ("lithium", "mmol/L", "14334-7"),
    ("valproic acid", "mg/L", "4086-5"),
    # twins of earlier rounds
    ("creatinine", "umol/L", "14682-9"), ("creatinine", "mg/dL", "2160-0"),
    ("glucose", "mmol/L", "14749-6"), ("glucose", "mg/dL", "2345-7"),
    ("blood glucose", "mmol/L", "15074-8"), ("blood glucose", "mg/dL", "2339-0"),
    ("calcium", "mmol/L", "2000-8"), ("calcium", "mg/dL", "17861-6"),
    ("magnesium", "mmol/L", "2601-3"), ("magnesium", "mg/dL", "19123-9"),
    ("phosphate", "mmol/L", "14879-1"), ("phosphate", "mg/dL", "2777-1"),
    ("uric acid", "umol/L", "14933-6"), ("uric acid", "mg/dL", "3084-1"),
    ("total bilirubin", "umol/L", "14631-6"), ("total bilirubin", "mg/dL", "1975-2"),
    ("cholesterol", "mmol/L", "14647-2"), ("cholesterol", "mg/dL", "2093-3"),
    ("HDL cholesterol", "mmol/L", "14646-4"), ("HDL cholesterol", "mg/dL", "2085-9"),
    ("triglycerides", "mmol/L", "14927-8"), ("triglycerides", "mg/dL", "2571-8"),
    ("iron", "umol/L", "14798-3"), ("iron", "ug/dL", "2498-4"),
    ("haemoglobin", "mmol/L", "59260-0"), ("haemoglobin", "g/L", "718-7"),
    ("BUN", "mmol/L", "14937-7"), ("BUN", "mg/dL", "3094-0"),
    ("urine creatinine", "umol/L", "14683-7"), ("urine creatinine", "mg/dL", "2161-8"),
    # the molar twins MIRACUM's LOINC pairs name (miracum/loinc-conversion), each beside its mass code
    ("vitamin B12", "pmol/L", "14685-2"), ("free T4", "pmol/L", "14920-3"), ("free T3", "pmol/L", "14928-6"),
    ("cortisol", "nmol/L", "14675-3"), ("ACTH", "pmol/L", "14674-6"), ("C-peptide", "nmol/L", "14633-2"),
    ("testosterone", "nmol/L", "14913-8"), ("estradiol", "pmol/L", "14715-7"), ("progesterone", "nmol/L", "14890-8"),
    ("digoxin level", "nmol/L", "14698-5"), ("paracetamol level", "umol/L", "14581-3"),
    ("CSF glucose", "mmol/L", "14744-7"),  # not serum glucose 14749-6
    ("serum insulin", "pmol/L", "14796-7"),  # not Insulin [Units/volume] 20448-7
    ("folate", "nmol/L", "14732-2"), ("urinary 5-HIAA", "umol/(24.h)", "14573-0"),
    # one code in either spelling of the same property
    ("albumin", "g/L", "1751-7"), ("total protein", "g/L", "2885-2"), ("ferritin", "ug/L", "2276-4"),
    ("vitamin B12", "ng/L", "2132-9"), ("folate", "ug/L", "2284-8"), ("CRP", "mg/L", "1988-5"),
    ("troponin T", "ng/L", "6598-7"), ("NT-proBNP", "ng/L", "33762-6"), ("fibrinogen", "g/L", "3255-7"),
    ("CSF protein", "g/L", "2880-3"), ("CSF lactate", "mmol/L", "2520-5"), ("CSF glucose", "mg/dL", "2342-4"),
    ("urine sodium", "mmol/L", "2955-3"), ("lithium level", "mmol/L", "14334-7"),
    ("vancomycin level", "mg/L", "20578-1"), ("paracetamol level", "mg/L", "3298-7"),
    ("potassium", "meq/L", "2823-3"),
    # international units keep the [Units/volume] codes, written either way
    ("serum insulin", "u[IU]/mL", "20448-7"), ("serum insulin", "m[IU]/L", "20448-7"), ("TSH", "mU/L", "3016-3"),
    ("TSH", "m[IU]/L", "3016-3"), ("LH", "[IU]/L", "10501-5"), ("LH", "U/L", "10501-5"),
    ("prolactin", "ug/L", "2842-3"),
])
def test_the_unit_picks_the_test_of_its_property(term, unit, code):
    assert _loinc(term, unit) == code


@pytest.mark.parametrize(("term", "unit"), [
    # urea is not urea nitrogen (BUN): no LOINC urea row was found in an open artefact
    ("urea", "mmol/L"), ("urea", "mg/dL"), ("blood urea", "mmol/L"), ("serum urea", "mmol/L"),
    # the specimen is unstated: whole blood (1994-3) and serum (1995-0) are both usual
    ("ionised calcium", "mmol/L"), ("ionized calcium", "mg/dL"),
    # no test of the words' specimen in that property: no code of another specimen
    ("blood ionised calcium", "mg/dL"),  # not the serum mass code 17863-2
    ("CSF lactate", "mg/dL"), ("lactate", "mg/dL"), ("arterial lactate", "mg/dL"),
    ("ammonia", "ug/dL"),  # plasma ammonia in moles: not the serum mass code 20684-7
    ("serum ammonia", "umol/L"),  # not the plasma code 16362-6
    ("urine calcium", "mmol/L"),  # not serum calcium 2000-8
    ("blood alcohol", "mg/dL"),  # whole blood: not the serum or plasma code 5643-2
    ("direct LDL cholesterol", "mmol/L"),  # not the calculated LDL 39469-2
    ("fasting blood glucose", "mg/dL"),  # not serum or plasma 1558-6
    ("indirect bilirubin", "umol/L"),  # no molar code read; not direct or total bilirubin
    # SI twins no open artefact states
    ("HbA1c", "mmol/mol"), ("prolactin", "mU/L"),
    ("25-hydroxyvitamin D", "nmol/L"), ("TIBC", "umol/L"), ("NT-proBNP", "pmol/L"), ("salicylate level", "mmol/L"),
    ("phenytoin level", "umol/L"), ("valproate level", "umol/L"), ("carbamazepine level", "umol/L"),
    ("ethanol", "mmol/L"), ("methanol", "mmol/L"),
    ("non-HDL cholesterol", "mmol/L"), ("zinc", "umol/L"),
    # an amount of substance or a mass is not a count of arbitrary units, nor the reverse
    ("LH", "nmol/L"), ("IgE", "ug/L"), ("prolactin", "m[IU]/L"),  # not Prolactin [Mass/volume] 2842-3
])
def test_no_code_when_no_test_of_that_specimen_and_property_is_known(term, unit):
    assert _loinc(term, unit) is None


@pytest.mark.parametrize(("unit", "usual", "verdict"), [
    ("pmol/L", "u[IU]/mL", False), ("m[IU]/L", "ng/mL", False), ("ug/L", "[IU]/mL", False),
    ("mmol/mol", "[IU]/L", False),
    ("U/L", "m[IU]/mL", None), ("mU/L", "m[IU]/L", None),  # how people write international units
    ("[IU]/L", "m[IU]/mL", None), ("10*9/L", "[IU]/L", None), ("%", "[IU]/L", None),
])
def test_arbitrary_units_are_neither_mass_nor_substance(unit, usual, verdict):
    assert fits(unit, usual) is verdict


@pytest.mark.parametrize(("one", "other"), [
    ("Bilirubin.direct [Mass/volume] in Serum or Plasma", "Bilirubin.direct [Moles/volume] in Serum or Plasma"),
    ("Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation",
     "Cholesterol in LDL [Moles/volume] in Serum or Plasma by calculation"),
    ("Calcium.ionized [Moles/volume] in Serum or Plasma", "Calcium.ionized [Mass/volume] in Serum or Plasma"),
    ("Albumin/Creatinine [Mass Ratio] in Urine", "Albumin/Creatinine [Ratio] in Urine"),
])
def test_twins_differ_only_in_the_property(one, other):
    assert _test_key(one) == _test_key(other)


def test_specimens_are_not_twins():
    assert _test_key("Calcium.ionized [Moles/volume] in Blood") != _test_key(
        "Calcium.ionized [Mass/volume] in Serum or Plasma")
    assert _test_key("Ammonia [Moles/volume] in Plasma") != _test_key("Ammonia [Mass/volume] in Serum")


CASE = """fhirconv: "1"
id: si
patient: {sex: male}
observations:
  - {id: bili, observation: direct bilirubin, category: laboratory, value: 20, unit: umol/L}
  - {id: ldl, observation: LDL cholesterol, category: laboratory, value: 3.4, unit: mmol/L}
  - {id: urea, observation: urea, category: laboratory, value: 12, unit: mmol/L}
  - {id: t4, observation: free T4, category: laboratory, value: 14, unit: pmol/L}
  - {id: vitd, observation: 25-hydroxyvitamin D, category: laboratory, value: 50, unit: nmol/L}
"""


def test_convert_codes_si_values_and_keeps_the_others_as_words():
    conv = convert_text(CASE, "si.yaml")
    obs = [r for r in conv.resources if r["resourceType"] == "Observation"]
    got = [(r["code"]["text"], [c["code"] for c in r["code"].get("coding", [])], r["valueQuantity"]["code"])
           for r in obs]
    assert got == [("direct bilirubin", ["14629-0"], "umol/L"), ("LDL cholesterol", ["39469-2"], "mmol/L"),
                   ("urea", [], "mmol/L"), ("free T4", ["14920-3"], "pmol/L"),
                   ("25-hydroxyvitamin D", [], "nmol/L")]
    ruled_out = [i for i in conv.issues if "another property" in i.message]
    assert len(ruled_out) == 1 and "62292-8" in ruled_out[0].message  # the mass code refused, no molar twin known
    assert any("urea" in i.message for i in conv.issues if i.severity == "warning")  # no code known
