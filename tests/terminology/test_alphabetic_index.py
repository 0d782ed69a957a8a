"""ICD-10-CM's alphabetic index as the last look-up: the words coders look up, under the tabular
list's rules, never hiding a reading or a SNOMED CT concept found another way."""

from __future__ import annotations

import gzip

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.icd10cm_keys import INDEX_TERMS, index_terms
from tests.terminology.known import ICD, SCT, one_item


def _codes(cond: dict, system: str) -> list[str]:
    return [c["code"] for c in cond["code"].get("coding", []) if c["system"] == system]


@pytest.mark.parametrize("name,code", [
    ("trismus", "R25.2"),  # Trismus R25.2; the tabular list names only *Cramp and spasm*
    ("hypercapnia", "R06.89"),
    ("median arcuate ligament syndrome", "I77.4"),  # Syndrome, median arcuate ligament
    ("Lemierre syndrome", "I80.8"),
    ("intraventricular hemorrhage", "I61.5"),  # Hemorrhage, intraventricular
    ("akathisia", "G25.71"),
    ("Mondor's disease", "I80.8"),
    ("areflexia", "R29.2"), ("asterixis", "R27.8"),  # text before: no open artefact named them
    ("pneumatosis intestinalis", "K63.89"),  # a Latin name, its subterm after the main term
    ("erythema chronicum migrans", "A69.20"),
])
def test_words_only_the_index_names_take_its_code(name: str, code: str) -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert _codes(cond, ICD) == [code]
    assert not any("no code known" in m for m in messages)


@pytest.mark.parametrize("name,wrong", [
    ("remittent fever", "B54"),  # a fever's pattern, not the index's malaria
    ("glucose intolerance", "E74.39"),  # not glucose-galactose malabsorption
    ("Wernicke's aphasia", "F80.2"),  # not a developmental language disorder
    ("adynamia", "G72.3"),
    ("uterine contractions", "N85.8"),
    ("abscess", "L02.91"),  # "Abscess (connective tissue)": the skin's, not any abscess's
    ("fistula", "L98.8"),
    ("facial asymmetry", "Q67.0"),  # a congenital anomaly's code needs words that say one
    ("asplenia", "Q89.01"),
    ("alcohol intoxication", "F10.129"),  # *Alcohol abuse with intoxication*: the words say no abuse
    ("tension pneumothorax", "J93.0"),  # *Spontaneous tension pneumothorax*: nor that
])
def test_an_index_entry_of_another_sense_is_no_key(name: str, wrong: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert wrong not in _codes(cond, ICD)


def test_a_congenital_anomaly_named_as_one_keeps_the_index_code() -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": "duodenal atresia"})
    assert _codes(cond, ICD) == ["Q41.0"]


def test_an_examination_finding_keeps_its_reading() -> None:
    """The index's "Tenderness, rebound" R10.829 is a condition's code; as an examination finding the
    words are read as before (SNOMED CT *Tenderness*), not left as text behind an ICD-10-CM answer."""
    assert match("finding", "rebound tenderness").how != "ICD-10-CM alphabetic index"
    obs, messages = one_item("Observation", "observations", {"observation": "rebound tenderness",
                                                             "category": "exam", "value": "present"})
    assert "247348008" in [c["code"] for c in obs["code"].get("coding", [])]


def test_a_snomed_concept_found_by_a_later_step_keeps_the_icd_code() -> None:
    found = match("condition", "scrotal pain")
    assert found.concept is not None
    assert sorted((c.system, c.code) for c in found.concept.codings) == [(ICD, "N50.82"), (SCT, "20502007")]


@pytest.mark.parametrize("name,code", [
    ("lymphoedema", "I89.0"), ("myxoedema coma", "E03.5"), ("papilloedema", "H47.10"),
    ("right middle cerebral artery occlusion", "I66.01"),  # a four-word site, its word order turned
    ("left vertebral artery stenosis", "I65.02"),
])
def test_british_spellings_and_four_word_sites(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert code in _codes(cond, ICD)


def test_the_shipped_terms_name_their_source_and_codes_icd10cm_knows() -> None:
    import simple_icd_10_cm as cm

    with gzip.open(INDEX_TERMS, "rt", encoding="utf-8") as f:
        first = f.readline()
    assert "Index to Diseases and Injuries" in first and "public domain" in first
    terms = index_terms()
    assert len(terms) > 20000
    assert ("Trismus", "R25.2") in terms
    unknown = {code for _, code in terms if not cm.is_valid_item(code)}
    assert len(unknown) < len(terms) // 100  # codes the index names that the installed release lacks are never keys


@pytest.mark.parametrize("name,code", [
    ("adult Still's disease", "M06.1"), ("AOSD", "M06.1"),  # *Adult-onset Still's disease*
    ("cancer pain", "G89.3"),  # G89.3's inclusion term *Cancer associated pain*
    ("Paget's disease of bone", "M88.9"),  # M88 *Osteitis deformans [Paget's disease of bone]*
])
def test_round141_to_146_rows(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert _codes(cond, ICD) == [code]


def test_a_nystagmus_named_by_its_direction_is_a_nystagmus() -> None:
    for name in ("upbeat nystagmus", "downbeat nystagmus", "gaze-evoked nystagmus"):
        cond, messages = one_item("Condition", "conditions", {"condition": name})
        assert _codes(cond, SCT) == ["563001"]
        assert cond["code"]["text"] == name
        assert any("is coded as 'nystagmus'" in m for m in messages)


@pytest.mark.parametrize("name,code", [
    ("digoxin poisoning", "T46.0X1A"),  # intent unsaid: accidental (guideline I.C.19.e.5.b), as "lead poisoning"
    ("acetaminophen poisoning", "T39.1X1A"),
    ("intentional overdose of amitriptyline", "T43.012A"),  # the Table of Drugs' intentional self-harm column
    ("intentional overdose of antidepressants", "T43.202A"),
    ("methanol toxicity", "T51.1X1A"),  # no drug: its toxicity is its toxic effect
    ("accidental paracetamol overdose", "T39.1X1A"),
    ("kerion celsi", "B35.0"),  # Kerion (celsi): the one nonessential word said
])
def test_the_table_of_drugs_names_a_poisoning(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert _codes(cond, ICD) == [code]


@pytest.mark.parametrize("name,wrong", [
    ("digoxin overdose", "T46.0X1A"),  # a bare overdose's intent is often said elsewhere: no accidental code
    ("digoxin toxicity", "T46.0X1A"),  # a drug's toxicity may be an adverse effect of a correct dose
    ("digoxin toxicity", "T46.0X5A"),
    ("lithium poisoning", "T56.891A"),  # the table's Lithium is the metal; the drug is Lithium, salts
])
def test_the_table_of_drugs_says_no_more_than_the_words(name: str, wrong: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert wrong not in _codes(cond, ICD)


def test_a_poisoning_due_to_its_drug_keeps_its_code(tmp_path) -> None:
    """T39's Excludes1 note "drug reaction and poisoning affecting newborn (P00-P96)" is a newborn's:
    it takes no code from an adult's overdose of the drug the condition is due to."""
    from tests.terminology.known import converted

    result, found = converted(tmp_path, """\
fhirconv: "1"
id: aspirin-overdose
patient: {sex: female, age: {years: 22, at: overdose}}
medications:
  - {id: aspirin, drug: aspirin}
conditions:
  - {id: overdose, condition: intentional aspirin overdose, due_to: aspirin}
""", ("Condition",), ICD)
    assert found["intentional aspirin overdose"] == ["T39.012A"]
    assert not any("T39.012A" in i.message for i in result.issues)


def test_the_shipped_drug_table_names_its_source() -> None:
    from fhirconv.terminology.icd10cm_keys import DRUG_TABLE, drug_table_keys

    with gzip.open(DRUG_TABLE, "rt", encoding="utf-8") as f:
        assert "Table of Drugs and Chemicals" in f.readline()
    keys = dict(drug_table_keys())
    assert keys["digoxin poisoning"] == "T46.0X1A"
    assert "digoxin overdose" not in keys


@pytest.mark.parametrize("name,code", [
    ("asystole", "I46.9"),  # Asystole - see Arrest, cardiac
    ("polyarthralgia", "M25.50"),  # Polyarthralgia - see Pain, joint
    ("pyomyositis", "M60.009"),  # Pyomyositis - see Myositis, infective
    ("Strongyloides infection", "B78.9"),  # Infection, Strongyloides - see Strongyloidiasis
    ("septic embolus", "I76"),  # Septic, embolus - see Embolism: *Embolism, septic*, not its default
    ("CSF leak", "G96.00"),
    ("renal dysfunction", "N28.9"),
])
def test_a_see_reference_leads_to_the_code_of_the_entry_it_names(name: str, code: str) -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": name})
    assert _codes(cond, ICD) == [code]
    assert not any("no code known" in m for m in messages)


@pytest.mark.parametrize("name,wrong", [
    ("delusions", "F22"),  # a symptom, not *Delusional disorders*
    ("laboured breathing", "R06.4"),  # not hyperventilation
    ("thromboembolism", "I74.9"),  # *Embolism*'s default is arterial
    ("hydrophobia", "A82.9"), ("lockjaw", "A35"), ("arachnodactyly", "Q87.40"),  # signs, not the disease
    ("phlegmon", "L02.91"),  # see Abscess, whose default is the skin's
    ("peripheral ulcerative keratitis", "B00.52"),  # see Ulcer, cornea: a code to be completed, not its neighbour's
    ("subcutaneous nodules", "R22.2"),  # see Swelling, localized: R22.9, not a subterm's other form
    ("Charcot arthropathy", "M14.60"),  # M14.6- excludes the diabetic one, which a Charcot foot often is
    ("Charcot's fever", "K80.50"),  # a cholangitis, not a calculus *without cholangitis*
])
def test_a_see_reference_of_another_sense_or_to_no_whole_code_is_no_key(name: str, wrong: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert wrong not in _codes(cond, ICD)
