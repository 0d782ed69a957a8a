"""Brand names: read from RxNorm's branded products (tools/terminology/brands.py), shipped as
data/brands.tsv, and written as the ingredient's coding with the brand kept as text."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import brands, match
from fhirconv.terminology.matching import match_tables
from fhirconv.terminology.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _generator():
    spec = importlib.util.spec_from_file_location("brands_tool", ROOT / "tools" / "terminology" / "brands.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.mark.parametrize(("body", "ingredients"), [
    ("Amoxicillin 875 MG / Clavulanate 125 MG Oral Tablet", ["amoxicillin", "clavulanate"]),
    ("thalidomide 50 MG Oral Capsule", ["thalidomide"]),
    ("0.2 ML dalteparin sodium 25000 UNT/ML Prefilled Syringe", ["dalteparin sodium"]),
    ("NDA020983 200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", ["albuterol"]),
    ("Abuse-Deterrent 12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet", ["oxycodone hydrochloride"]),
    ("Hydrocodone / Ibuprofen Oral Tablet", ["hydrocodone", "ibuprofen"]),
    ("thalidomide Oral Capsule", ["thalidomide"]),
])
def test_a_branded_product_names_its_ingredients(body, ingredients):
    """RxNorm's grammar: each ingredient before its strength; without strengths, before a dose form
    read in the products that have one."""
    assert gen.parse(body, {"Oral Tablet", "Oral Capsule"}) == ingredients


def test_a_product_without_strength_or_known_dose_form_is_not_read():
    assert gen.parse("thalidomide Mystery Form", {"Oral Tablet"}) is None


@pytest.mark.parametrize(("name", "ingredient"), [
    ("dabigatran etexilate", "dabigatran"), ("metoprolol tartrate", "metoprolol"),
    ("olmesartan medoxomil", "olmesartan"), ("calcium carbonate", "calcium carbonate"),
    ("sodium bicarbonate", "sodium bicarbonate"), ("potassium chloride", "potassium chloride")])
def test_salt_words_are_dropped_but_never_down_to_an_element(name, ingredient):
    assert gen.base(name) == ingredient


def _candidates(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "candidates.tsv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["system", "code", "display", "unit", "source"])
        for code, display in rows:
            w.writerow([RXNORM, code, display, "", "artefact.json"])
    return path


def test_the_generator_keeps_only_brands_whose_products_agree(tmp_path):
    path = _candidates(tmp_path, [
        ("1", "Furosemide 40 MG Oral Tablet [Lasix]"),
        ("2", "Furosemide Oral Tablet [Lasix]"),
        ("3", "Amoxicillin 875 MG / Clavulanate 125 MG Oral Tablet [Augmentin]"),
        ("4", "Metoprolol Tartrate 50 MG Oral Tablet [Lopressor]"),
        ("5", "Aspirin 325 MG Oral Tablet [Mixed]"),
        ("6", "Acetaminophen 500 MG Oral Tablet [Mixed]"),
        ("7", "Aspirin 200 MG / Dipyridamole 25 MG Extended Release Oral Capsule [Aggrenox]"),
        ("8", "Ibuprofen 200 MG Oral Tablet [Ibuprofen]"),
        ("9", "{48 (prednisolone 5 MG Oral Tablet [MILLIPRED]) } Pack [Millipred DP 12 Day]"),
    ])
    rows, dropped = gen.brands(path)
    got = {r[0]: (r[1], r[2], r[3]) for r in rows}
    assert got["Lasix"] == ("furosemide", "furosemide", "1 2")
    # a combination maps to the table row that codes exactly those ingredients (RxNorm 19711)
    assert got["Augmentin"] == ("amoxicillin / clavulanate", "amoxicillin-clavulanate", "3")
    assert got["Lopressor"][1] == match_tables("medication", "metoprolol").concept.term
    assert got["Aggrenox"] == ("aspirin / dipyridamole", "", "7")  # no row codes them together
    assert "Mixed" not in got and dropped["ingredients disagree"] == 1
    assert "Ibuprofen" not in got and dropped["generic name"] == 1  # a generic name is no brand
    assert not any("Millipred" in b for b in got)  # packs are not read


def test_every_shipped_brand_still_resolves_as_written():
    """The term column is what the tables give today for the ingredients (rebuild brands.tsv after
    build.py otherwise), and every row cites its products and artefacts."""
    combos = gen._combinations()
    rows = brands.brands()
    assert len(rows) > 400
    for b in rows:
        assert b.source and b.products and all(c.isdigit() for c in b.products.split()), b
        assert gen.resolve(b.ingredients.split(" / "), combos) == b.term, b
    assert sum(1 for b in rows if b.term) > 300


@pytest.mark.parametrize(("brand", "term"), [("Lasix", "furosemide"), ("Solu-Medrol", "methylprednisolone"),
                                             ("Thalomid", "thalidomide"), ("Velcade", "bortezomib"),
                                             ("Toprol", "metoprolol"), ("Ansaid", "flurbiprofen"),
                                             ("Idhifa", "enasidenib")])
def test_shipped_brands_name_the_ingredient_rows(brand, term):
    assert brands.find(brand).term == term
    assert brands.find(brand.upper()).term == term  # case aside


@pytest.mark.parametrize(("written", "term"), [("Solumedrol", "methylprednisolone"),
                                               ("solu medrol", "methylprednisolone"),
                                               ("DepoMedrol", "methylprednisolone")])
def test_a_brand_written_without_its_hyphen_or_space_is_found(written, term):
    assert brands.find(written).term == term


def test_a_squashed_key_two_brands_share_names_neither():
    rows = brands.brands()
    squashed: dict[str, set[str]] = {}
    for b in rows:
        squashed.setdefault(normalize(normalize(b.brand).replace(" ", "")), set()).add(b.ingredients)
    exact = {normalize(b.brand) for b in rows}  # a brand's own words name it (Senokot beside SENOKOT-S)
    for key, ingredients in squashed.items():
        if key in exact:
            continue
        found = brands.find(key)
        assert (found is None) == (len(ingredients) > 1), key


CASE = """\
fhirconv: "1"
id: brands
patient: {sex: female}
medications:
  - {id: coreg, drug: Coreg, status: active}
  - {id: toprol, drug: Toprol XL, status: active}
  - {id: aggrenox, drug: Aggrenox, status: active}
  - {id: advil, drug: Advil, status: active}
  - {id: phentolamine, drug: phentolamine, status: completed}
  - {id: calcium, drug: calcium, status: active}
allergies:
  - {id: tylenol, substance: Tylenol, category: medication, reaction: hives, clinical_status: active}
"""


def test_a_brand_is_coded_as_its_ingredient_and_keeps_its_words(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    meds = [e["resource"]["medicationCodeableConcept"] for e in result.bundle["entry"]
            if e["resource"]["resourceType"] == "MedicationStatement"]
    got = [(m["text"], [(c["system"], c["code"]) for c in m.get("coding", [])]) for m in meds]
    carvedilol = [(c.system, c.code) for c in match("medication", "carvedilol").concept.codings]
    assert got[0] == ("Coreg", carvedilol) and carvedilol
    assert got[1] == ("Toprol XL", [(c.system, c.code) for c in match("medication", "metoprolol").concept.codings])
    assert got[2] == ("Aggrenox", [])  # a combination no row codes
    assert got[3][1] == [(c.system, c.code) for c in match("medication", "ibuprofen").concept.codings]
    assert got[4] == ("phentolamine", [(RXNORM, "8153")])  # RxNorm's ingredient (Current Prescribable Content)
    assert got[5] == ("calcium", [])  # the element is no drug: the words mean a salt
    allergy = next(e["resource"]["code"] for e in result.bundle["entry"]
                   if e["resource"]["resourceType"] == "AllergyIntolerance")
    assert allergy["text"] == "Tylenol" and allergy["coding"][0]["code"] == "161"
    said: dict[str, str] = {}
    for i in result.issues:
        said[i.expression] = said.get(i.expression, "") + i.message + "\n"
    assert "'Coreg' is the brand of carvedilol (RxNorm" in said["$.medications[0].drug"]
    assert "'Aggrenox' is the brand of aspirin / dipyridamole" in said["$.medications[2].drug"]
    assert "$.medications[3].drug" not in said  # the table row already lists Advil under ibuprofen
    assert "$.medications[4].drug" not in said
    assert "brand of acetaminophen" in said["$.allergies[0].substance"]


PAIRS = """\
fhirconv: "1"
id: brand-pairs
patient: {sex: male}
medications:
  - {id: a, drug: imatinib (Gleevec), status: active}
  - {id: b, drug: Lasix (furosemide), status: active}
  - {id: c, drug: imatinib (Lasix), status: active}
  - {id: d, drug: imatinib (400 mg daily), status: active}
"""


def test_a_drug_and_its_brand_in_brackets_are_the_drug(tmp_path):
    """"imatinib (Gleevec)" and "Lasix (furosemide)" name one drug twice: its coding, the words kept;
    a brand of another drug, or words that are no brand, leave the pair text."""
    path = tmp_path / "case.yaml"
    path.write_text(PAIRS, encoding="utf-8")
    result = convert_file(str(path))
    meds = [e["resource"]["medicationCodeableConcept"] for e in result.bundle["entry"]
            if e["resource"]["resourceType"] == "MedicationStatement"]

    def codes(term):
        return [(c.system, c.code) for c in match("medication", term).concept.codings]

    got = [(m["text"], [(c["system"], c["code"]) for c in m.get("coding", [])]) for m in meds]
    assert got[0] == ("imatinib (Gleevec)", codes("imatinib")) and got[0][1]
    assert got[1] == ("Lasix (furosemide)", codes("furosemide")) and got[1][1]
    assert got[2] == ("imatinib (Lasix)", []) and got[3] == ("imatinib (400 mg daily)", [])
    said = {i.expression: i.message for i in result.issues if i.severity == "information"}
    assert ("'imatinib (Gleevec)' is coded as 'imatinib': 'Gleevec' is the brand of imatinib"
            in said["$.medications[0].drug"])


def test_cli_start_up_reads_no_brand_data():
    probe = ("import json, sys; import fhirconv.cli; "
             "print(json.dumps(['fhirconv.terminology.brands' in sys.modules, "
             "'fhirconv.mappers.brand_names' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [False, False]


def test_terms_search_shows_a_brand_as_its_ingredient():
    from tests.conftest import run_cli

    proc = run_cli("terms", "search", "Coreg", "--kind", "medication", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    row = json.loads(proc.stdout)[0]
    assert row["match"] == "brand" and row["matched"] == "Coreg = carvedilol"
    assert row["code"] == match("medication", "carvedilol").concept.codings[0].code
    assert run_cli("terms", "search", "Aggrenox", "--kind", "medication").returncode == 1  # no row codes both
