"""What rounds 183 and 184's unseen cases asked of the tables: the parts of a genetic variant (LOINC,
from HL7's Genomics Reporting IG), words that name a kind of a disorder read for the broader concept,
"disk" as "disc", "computer tomography" as computed tomography, a mycobacterial culture by its
specimen, "steroids" as the corticosteroids clinicians mean, and rows for names clinicians write."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_text
from tests.terminology.known import matched, one_item


@pytest.mark.parametrize(("words", "code"), [
    ("zygosity", "53034-5"),  # *Allelic state*
    ("DNA change", "48004-6"),  # *DNA change (c.HGVS)*
    ("DNA change (c.HGVS)", "48004-6"),
    ("amino acid change", "48005-3"),  # *Amino acid change (pHGVS)*
    ("variant classification", "53037-8"),  # *Genetic variation clinical significance [Imp]*
    ("variant allele frequency", "81258-6"),  # *Sample VAF*
])
def test_the_parts_of_a_variant_have_their_loinc_codes(words: str, code: str) -> None:
    assert matched("observation", words) == [code]


def test_a_variant_written_with_its_parts_codes_each_component() -> None:
    item = {"observation": "LDLR gene mutation analysis", "value": "positive",
            "components": [{"observation": "gene studied", "value": "LDLR"},
                           {"observation": "DNA change", "value": "c.530C>T"},
                           {"observation": "zygosity", "value": "heterozygous"}]}
    obs, _ = one_item("Observation", "observations", item)
    parts = {c["code"]["text"]: [x["code"] for x in c["code"].get("coding", [])] for c in obs["component"]}
    assert parts["DNA change"] == ["48004-6"] and parts["zygosity"] == ["53034-5"]
    assert parts["gene studied"] == ["48018-6"]


@pytest.mark.parametrize(("words", "broader", "code"), [
    ("endogenous endophthalmitis", "endophthalmitis", "1847009"),
    ("segmental pulmonary embolism", "pulmonary embolism", "59282003"),
    ("comminuted fracture of patella", "fracture of patella", "51037009"),
    ("postictal confusion", "confusion", "286933003"),
    ("flash pulmonary edema", "pulmonary edema", "19242006"),
])
def test_a_word_that_names_a_kind_leaves_the_broader_concept(words: str, broader: str, code: str) -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": words})
    assert code in [c["code"] for c in cond["code"]["coding"]]
    assert cond["code"]["text"] == words  # the whole name stays
    assert any(f"coded as '{broader}', the broader concept" in m for m in messages)


def test_oblique_is_no_kind_of_palsy() -> None:
    """"oblique" names a muscle in "superior oblique palsy" (a fourth nerve palsy), so it is not read as
    a fracture's pattern: the palsy is not coded as a paralytic syndrome (G83.9)."""
    cond, _ = one_item("Condition", "conditions", {"condition": "superior oblique palsy"})
    assert "G83.9" not in [c["code"] for c in cond["code"].get("coding", [])]


@pytest.mark.parametrize(("words", "same_as"), [
    ("optic disk edema", "optic disc edema"),
    ("herniated disk", "herniated disc"),
    ("computer tomography", "computed tomography"),
    ("positron-emission tomography", "positron emission tomography"),
])
def test_one_word_two_spellings(words: str, same_as: str) -> None:
    kind = "procedure" if "tomography" in words else "condition"
    assert matched(kind, words) == matched(kind, same_as) != []


@pytest.mark.parametrize(("kind", "words", "codes"), [
    ("condition", "Leber hereditary optic neuropathy", ["H47.22"]),  # *Hereditary optic atrophy* (Leber's)
    ("condition", "influenza A", ["442438000"]),  # *Influenza caused by Influenza A virus* (IPS)
    ("condition", "H1N1 influenza", ["442696006"]),
    ("condition", "rheumatic mitral valve stenosis", ["86466006", "I05.0"]),
    ("condition", "jejunal intussusception", ["49723003", "K56.1"]),
    ("condition", "thalamic infarct", ["I63.9"]),
    ("procedure", "ileocolonoscopy", ["73761001"]),  # a colonoscopy that also enters the ileum
    ("procedure", "Hartmann's procedure", ["16564004"]),
    ("procedure", "optical coherence tomography", ["87674-8"]),
    ("observation", "forced expiratory volume in 1 s", ["20150-9"]),
    ("observation", "IgA anti-beta 2 glycoprotein antibodies", ["21108-6"]),
    ("condition", "Pott disease", ["A18.01"]),  # *Tuberculosis of spine*
    ("condition", "biatrial myxoma", ["D15.1"]),  # *Benign neoplasm of heart*
    ("condition", "primary cardiac malignant tumor", []),  # no row: read as a cancer by its site (below)
    ("observation", "sputum culture for mycobacteria", ["539-7"]),
    ("observation", "Mycobacterium tuberculosis culture in CSF", ["534-8"]),
    ("observation", "mycobacterial culture", ["543-9"]),  # of an unsaid specimen
    ("procedure", "positron-emission tomography", ["82918005"]),
    ("medication", "steroids", ["79440004"]),
])
def test_rows_for_rounds_183_and_184(kind: str, words: str, codes: list[str]) -> None:
    assert matched(kind, words) == sorted(codes)


def test_cscr_is_central_serous_chorioretinopathy_at_its_eye() -> None:
    case = {"fhirconv": "1", "id": "cscr", "patient": {"sex": "male"},
            "conditions": [{"id": "c", "condition": "CSCR", "body_site": "right eye"}]}
    conv = convert_text(json.dumps(case), "case.json")
    cond = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert sorted(c["code"] for c in cond["code"]["coding"]) == ["312956001", "H35.711"]


def test_primary_before_a_cancer_by_its_site_is_the_neoplasm_tables_primary_column() -> None:
    cond, messages = one_item("Condition", "conditions", {"condition": "primary cardiac malignant tumor"})
    assert [c["code"] for c in cond["code"]["coding"]] == ["C38.0"]  # *Malignant neoplasm of heart*


@pytest.mark.parametrize("words", ["transverse myelitis", "severe sepsis"])
def test_no_code_whose_title_says_more(words: str) -> None:
    """G37.3 says acute (and in a demyelinating disease), R65.20 without septic shock: the words say
    neither, so neither is written."""
    assert matched("condition", words) == []


def _codes_and_messages(*conditions: dict, sex: str = "male") -> tuple[dict[str, list[str]], list[str]]:
    case = {"fhirconv": "1", "id": "audit55", "patient": {"sex": sex},
            "conditions": [{"id": f"c{i}", **item} for i, item in enumerate(conditions)]}
    conv = convert_text(json.dumps(case), "case.json")
    codes = {r["code"]["text"]: [c["code"] for c in r["code"].get("coding", [])]
             for r in conv.resources if r["resourceType"] == "Condition"}
    return codes, [i.message for i in conv.issues]


def test_a_symptom_caused_by_taking_a_drug_takes_no_code_its_category_excludes_for_a_drug() -> None:
    """R44 excludes "hallucinations in drug psychosis (F11-F19 ...)": hallucinations due to cannabis
    smoking, a condition of the case, are no R44.3, as they are none when due to a listed drug."""
    codes, messages = _codes_and_messages({"condition": "cannabis smoking"},
                                          {"condition": "hallucinations", "due_to": "c0"})
    assert "R44.3" not in codes["hallucinations"] and "7011001" in codes["hallucinations"]
    assert any("R44.3" in m and "drug psychosis" in m for m in messages)
    alone, _ = _codes_and_messages({"condition": "hallucinations"})
    assert "R44.3" in alone["hallucinations"]


def test_an_excludes1_code_of_another_condition_at_the_same_site_withdraws_the_code() -> None:
    """J90 excludes "chylous (pleural) effusion (J94.0)": the effusion of the pleura a chylothorax
    fills is no J90. An Excludes2 note does not: a testicular pain beside a torsion of the same testis
    keeps its code (N50 excludes2 "torsion of testis (N44.0-)")."""
    codes, messages = _codes_and_messages(
        {"condition": "chylothorax", "body_site": "left pleural cavity"},
        {"condition": "pleural effusion", "body_site": "left pleural cavity"}, sex="female")
    assert "J94.0" in codes["chylothorax"] and "J90" not in codes["pleural effusion"]
    assert any("J90" in m and "J94.0" in m for m in messages)
    pain, _ = _codes_and_messages({"condition": "testicular torsion", "body_site": "left testis"},
                                  {"condition": "testicular pain", "body_site": "left testis"})
    assert any(c.startswith("N50.81") for c in pain["testicular pain"])


@pytest.mark.parametrize(("words", "site", "unspecified"), [
    ("haemangioma", "stomach", "D18.00"),  # *Hemangioma unspecified site*
    ("abdominal tenderness", "right lower quadrant of abdomen", "R10.819"),
])
def test_no_unspecified_site_code_for_a_condition_the_case_places(words: str, site: str, unspecified: str) -> None:
    codes, messages = _codes_and_messages({"condition": words, "body_site": site})
    assert unspecified not in codes[words]
    assert any(unspecified in m and "the site is unspecified" in m for m in messages)
    alone, _ = _codes_and_messages({"condition": words})
    assert unspecified in alone[words]


def test_an_inability_without_an_aid_is_no_inability() -> None:
    """"unable to walk without a walking stick" walks with one: the clause is not cut off to leave
    *Unable to walk*."""
    codes, _ = _codes_and_messages({"condition": "unable to walk without a walking stick"})
    assert "282145008" not in codes["unable to walk without a walking stick"]


@pytest.mark.parametrize(("kind", "words", "codes"), [
    ("condition", "disseminated herpes simplex virus type 2 infection", ["B00.7"]),  # not B00.9, "NOS"
    ("condition", "lumbar plexopathy", ["G54.1"]),
    ("condition", "essential high blood pressure", ["59621000", "I10"]),
    ("medication", "mitomycin C", ["59240002", "632"]),  # RxNorm mitomycin
    ("observation", "oligoclonal bands", []),  # serum or CSF: the words do not say
])
def test_rows_for_rounds_185_and_186(kind: str, words: str, codes: list[str]) -> None:
    assert matched(kind, words) == sorted(codes)


def test_a_bracketed_abbreviation_that_names_another_test_is_not_dropped() -> None:
    """"creatinine kinase (CKMB)" is the MB isoenzyme: not the total creatine kinase its other words
    name; an abbreviation that says the words again still is ("free thyroxine (fT4)")."""
    assert matched("observation", "creatinine kinase (CKMB)") == []
    assert matched("observation", "free thyroxine (fT4)") == matched("observation", "free thyroxine") != []


def test_zygosity_is_read_before_a_gene_change_only() -> None:
    """A heterozygous sickle cell anaemia is the trait (HbAS), no HbSS disease; a heterozygous
    prothrombin gene mutation is a prothrombin gene mutation."""
    codes, _ = _codes_and_messages({"condition": "heterozygous sickle cell anemia"},
                                   {"condition": "heterozygous prothrombin gene mutation"})
    assert "127040003" not in codes["heterozygous sickle cell anemia"]
    assert "D68.52" in codes["heterozygous prothrombin gene mutation"]
