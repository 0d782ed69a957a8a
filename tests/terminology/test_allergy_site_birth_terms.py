"""Allergy substances, body sites written with their side, and neonatal and obstetric terms as
clinicians write them: the codes the tables give, what stays text, and how a converted case uses
them (an allergy's substance looked up as a substance, then as a medication; ``site: left leg``
read as the site on the left)."""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from fhirconv.api import convert_text
from fhirconv.terminology import match

SCT, ICD, LOINC, RXNORM = ("http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org",
                           "http://www.nlm.nih.gov/research/umls/rxnorm")
LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"


@pytest.mark.parametrize(("kind", "term", "codes"), [
    # allergy substances: drug classes and non-drug allergens (SNOMED CT substances)
    ("substance", "penicillin", {(SCT, "764146007")}),
    ("substance", "Penicillins", {(SCT, "764146007")}),
    ("substance", "sulfa drugs", {(SCT, "387406002")}),
    ("substance", "sulphonamides", {(SCT, "387406002")}),
    ("substance", "cephalosporins", {(SCT, "764147003")}),
    ("substance", "NSAIDs", {(SCT, "372665008")}),
    ("substance", "iodinated contrast", {(SCT, "426722004")}),
    ("substance", "latex", {(SCT, "111088007"), (RXNORM, "1314891")}),
    ("substance", "peanuts", {(SCT, "762952008")}),
    ("substance", "tree nuts", {(SCT, "442571000124108")}),
    ("substance", "shellfish", {(SCT, "735029006")}),
    ("substance", "eggs", {(SCT, "102263004")}),
    ("substance", "cow's milk", {(SCT, "3718001")}),
    ("substance", "bee stings", {(SCT, "288328004")}),
    ("substance", "wasp venom", {(SCT, "256440004")}),
    ("substance", "grass pollen", {(SCT, "256277009")}),
    ("substance", "house dust mite", {(SCT, "260147004")}),
    ("substance", "cat dander", {(SCT, "260152009")}),
    ("substance", "mould", {(SCT, "84489001")}),
    ("substance", "statins", {(SCT, "372912004")}),
    ("substance", "local anaesthetic", {(SCT, "373477003")}),
    ("substance", "gadolinium", {(SCT, "58281002"), (RXNORM, "1310171")}),
    ("substance", "nickel", {(SCT, "33396006"), (RXNORM, "1311629")}),
    ("substance", "cashews", {(SCT, "227493005")}),
    ("substance", "kiwi", {(SCT, "260176001")}),
    ("substance", "cow's milk protein", {(SCT, "264295007")}),
    ("medication", "sulfamethoxazole", {(RXNORM, "10180")}),
    # plain body sites the side words split off to
    ("body-site", "leg", {(SCT, "61685007")}),
    ("body-site", "upper limb", {(SCT, "53120007")}),
    ("body-site", "clavicle", {(SCT, "51299004")}),
    ("body-site", "ureter", {(SCT, "87953007")}),
    ("body-site", "LUQ", {(SCT, "86367003")}),
    ("body-site", "left lower quadrant", {(SCT, "68505006")}),
    ("body-site", "conjunctiva", {(SCT, "29445007")}),
    # neonatal, paediatric and obstetric measures
    ("observation", "birth weight", {(LOINC, "8339-4")}),
    ("observation", "birthweight", {(LOINC, "8339-4")}),
    ("observation", "blood group", {(LOINC, "882-1")}),
    ("observation", "Rh factor", {(LOINC, "10331-7")}),
    ("observation", "Apgar 5 min", {(LOINC, "9274-2")}),
    ("observation", "gravidity", {(SCT, "161732006")}),
    ("observation", "symphysis-fundal height", {(LOINC, "11881-0")}),
    ("observation", "head circumference percentile", {(LOINC, "8289-1")}),
    ("observation", "weight-for-age percentile", {(LOINC, "8336-0")}),
    ("observation", "EDD", {(LOINC, "11778-8")}),
    ("observation", "LMP", {(LOINC, "8665-2")}),
    ("procedure", "vaginal delivery", {(SCT, "700000006")}),
    ("procedure", "normal vaginal delivery", {(SCT, "177184002")}),
    ("procedure", "induction of labour", {(SCT, "236958009")}),
    ("finding", "breastfed", {(SCT, "169741004")}),
    ("observation", "cord pH", {(LOINC, "14873-4")}),
    ("observation", "body length", {(LOINC, "8306-3")}),
    ("procedure", "tubal ligation", {(SCT, "77543007")}),
    ("procedure", "phototherapy", {(SCT, "31394004")}),  # *Light therapy*, the same words in Greek
    ("procedure", "IUD insertion", {(SCT, "65200003")}),
    ("medication", "anti-D immunoglobulin", {(SCT, "49802003")}),
    ("medication", "ergonovine", {(SCT, "54541002")}),
    ("medication", "norethisterone", {(SCT, "63758001"), (RXNORM, "7514")}),  # RxNorm norethindrone
    # everyday items
    ("condition", "factor V Leiden", {(SCT, "307091009"), (ICD, "D68.51")}),
    ("medication", "oral contraceptive pill", {(SCT, "59261009")}),
    ("procedure", "CTPA", {(LOINC, "36147-7")}),
    ("procedure", "oxygen via nasal cannula", {(SCT, "371907003")}),
    ("procedure", "face mask oxygen", {(SCT, "371908008")}),
    ("procedure", "oxygen", {(SCT, "57485005")}),  # oxygen as a procedure: *Oxygen therapy*, as before
    ("medication", "oxygen", {(SCT, "320917000"), (RXNORM, "7806")}),  # the GPS product *Oxygen gas*; RxNorm
    ("observation", "CT pulmonary angiogram", {(LOINC, "36147-7")}),
])
def test_terms(kind: str, term: str, codes: set[tuple[str, str]]) -> None:
    found = match(kind, term)
    assert found.concept is not None, (kind, term, found.candidates)
    assert {(c.system, c.code) for c in found.concept.codings} == codes


@pytest.mark.parametrize(("kind", "term"), [
    # no code stated with these words in an open artefact, or only a broader or narrower one
    ("medication", "combined oral contraceptive pill"),  # only *Oral contraceptive preparation*
    ("procedure", "spontaneous vaginal delivery"),
    ("observation", "fetal heart rate"),  # only *Fetal Heart rate US*
    ("observation", "wells score"),
    ("observation", "apgar score"),  # the minute decides the code
    ("observation", "birth length"),
    ("substance", "amoxicillin"),  # one drug: a medication, not a substance row
    ("substance", "aspirin"),
])
def test_stays_text(kind: str, term: str) -> None:
    assert match(kind, term).concept is None


CASE = """\
fhirconv: "1"
id: allergy-site-probe
title: Allergies and sided sites as clinicians write them
patient: {sex: female}
conditions:
  - id: cellulitis
    condition: cellulitis
    body_site: {site: left leg}
  - id: oedema
    condition: oedema
    body_site: {site: both legs}
  - id: mass
    condition: breast lump
    body_site: {site: left breast}
observations:
  - id: iop
    observation: intraocular pressure
    body_site: {site: right eye}
    value: {value: 32, unit: "mm[Hg]"}
allergies:
  - id: pen
    clinical_status: active
    substance: penicillin
    reaction: rash
  - id: nut
    clinical_status: active
    substance: peanuts
  - id: amox
    clinical_status: active
    substance: amoxicillin
  - id: odd
    clinical_status: active
    substance: plaster of paris
"""


def _resources(kind: str, conv: Any) -> dict[str, dict[str, Any]]:
    return {e["resource"]["id"]: e["resource"] for e in conv.bundle["entry"]
            if e["resource"]["resourceType"] == kind}


def _codes(cc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in cc.get("coding", [])}


@pytest.fixture(scope="module")
def converted() -> Any:
    return convert_text(textwrap.dedent(CASE), "probe.yaml")


def test_allergy_substance_then_medication(converted: Any) -> None:
    allergies = _resources("AllergyIntolerance", converted)
    by_text = {r["code"]["text"]: r["code"] for r in allergies.values()}
    assert _codes(by_text["penicillin"]) == {(SCT, "764146007")}
    assert _codes(by_text["peanuts"]) == {(SCT, "762952008")}
    # the medication rows: its SNOMED CT product and its RxNorm ingredient (OHDSI/PhenotypeLibrary)
    assert _codes(by_text["amoxicillin"]) == {(SCT, "27658006"), ("http://www.nlm.nih.gov/research/umls/rxnorm", "723")}
    assert "coding" not in by_text["plaster of paris"]
    warned = [i.message for i in converted.issues if "plaster of paris" in i.message]
    assert warned and "medication" in warned[0]


def _site(resource: dict[str, Any]) -> dict[str, Any]:
    return resource["bodySite"][0]


def _side(site: dict[str, Any]) -> set[tuple[str, str]]:
    ext = [e for e in site.get("extension", []) if e["url"] == LATERALITY]
    return _codes(ext[0]["valueCodeableConcept"]) if ext else set()


def test_side_words_split_off_the_site(converted: Any) -> None:
    conditions = {r["code"]["text"]: r for r in _resources("Condition", converted).values()}
    leg = _site(conditions["cellulitis"])
    assert _codes(leg) == {(SCT, "61685007")} and _side(leg) == {(SCT, "7771000")}
    assert leg["text"] == "left leg"
    legs = _site(conditions["oedema"])
    assert _codes(legs) == {(SCT, "61685007")} and _side(legs) == {(SCT, "51440002")}
    assert legs["text"] == "both legs"
    breast = _site(conditions["breast lump"])  # a precoordinated concept of the whole words stays
    assert _codes(breast) == {(SCT, "80248007")} and not _side(breast)


def test_side_words_reach_a_sided_test(converted: Any) -> None:
    iop = _resources("Observation", converted)
    codes = [_codes(r["code"]) for r in iop.values()]
    assert {(LOINC, "79892-6")} in codes  # *Intraocular pressure Right eye*


@pytest.mark.parametrize(("code", "display", "ok"), [
    ("102263004", "Eggs (edible)", True),  # the table's display, ending in a bracket of its own
    ("102263004", "Eggs (edible) (substance)", True),  # the fully specified name
    ("102263004", "Eggs", False),
    ("75573002", "Tonsillar structure (palatine)", True),
])
def test_display_check_keeps_a_bracket_of_the_name(code: str, display: str, ok: bool) -> None:
    from fhirconv.validate.terminology import display_problem

    assert (display_problem(SCT, code, display, builtin_only=True) is None) is ok


def test_terms_search_knows_the_substance_kind() -> None:
    import json

    from tests.conftest import run_cli

    proc = run_cli("terms", "search", "sulfa drugs", "--kind", "substance", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0]["match"] == "term" and rows[0]["kind"] == "substance" and rows[0]["code"] == "387406002"
