"""What the audits of rounds 190 to 193 and their writers asked of the mappers: a rupture of a structure
in a case of injury is not coded by a chapter that sends injuries to chapter 19; a disorder due to a
drug not by a code that excludes the drug's kind; a melanoma in the liver not as the skin's; a
metastatic condition not outside the neoplasms; a carcinoid's metastases not as other cancers'; a
newborn's malformation not by an acquired code; a blood pressure in cmHg never as mmHg."""

from __future__ import annotations

import json

import pytest

from tests.terminology.known import convert_sections

BOY = {"sex": "male", "age": {"years": 13, "at": "2020-01-01"}}


_convert = convert_sections


@pytest.mark.parametrize("words", ["ruptured papillary muscle", "rupture of papillary muscle"])
def test_a_rupture_in_a_case_of_injury_is_no_rupture_of_no_injury(words: str) -> None:
    """I51.2 *Rupture of papillary muscle, not elsewhere classified* is filed in chapter 9, which
    excludes injuries (S00-T88): in a case of chest trauma, with no other cause linked, it is not
    written; linked to the trauma, neither. Alone, or linked to an infarction, it stays."""
    trauma = {"condition": "thoracic trauma"}
    codes, messages = _convert(BOY, conditions=[trauma, {"condition": words}])
    assert codes[words] == []
    assert any("I51.2" in m and "thoracic trauma" in m for m in messages)
    linked, _ = _convert(BOY, conditions=[trauma, {"condition": words, "due_to": "c0"}])
    assert linked[words] == []
    alone, _ = _convert(BOY, conditions=[{"condition": words}])
    assert alone[words] == ["I51.2"]
    infarct = {"condition": "myocardial infarction"}
    other, _ = _convert(BOY, conditions=[trauma, infarct, {"condition": words, "due_to": "c1"}])
    assert other[words] == ["I51.2"]


def test_a_ruptured_disorder_is_not_read_as_a_torn_structure() -> None:
    """"ruptured aneurysm" names a disorder without its rupture word: the rule for torn structures
    does not read it, whatever injury the case has."""
    codes, messages = _convert(BOY, conditions=[{"condition": "fracture of femur"},
                                                {"condition": "ruptured aneurysm"}])
    assert codes["ruptured aneurysm"] == ["I72.9"]
    assert not any("ruptures of injury" in m for m in messages)


@pytest.mark.parametrize(("words", "same_as", "section", "key"), [
    ("MRI of her brain", "MRI of the brain", "procedures", "procedure"),
    ("pain in his chest", "chest pain", "conditions", "condition"),
])
def test_a_pronoun_after_a_preposition_says_nothing_of_the_concept(words: str, same_as: str, section: str,
                                                                    key: str) -> None:
    """Reports write "MRI of her brain": whose brain is the patient's, which no key says."""
    items = [{key: words, "date": "2020-01-01"} if key == "procedure" else {key: words},
             {key: same_as, "date": "2020-01-01"} if key == "procedure" else {key: same_as}]
    codes, _ = _convert(BOY, **{section: items})
    assert codes[words] and codes[words] == codes[same_as]


def test_a_disorder_due_to_a_drug_is_not_coded_by_a_code_that_excludes_the_toxic_kind() -> None:
    """K74.60 *Unspecified cirrhosis of liver*: K74 excludes "cirrhosis (of liver) with toxic liver
    disease (K71.7)", so a cirrhosis the case says is due to azathioprine is not K74.60; the same
    words with no drug for a cause keep it."""
    codes, messages = _convert(BOY, conditions=[{"condition": "liver cirrhosis", "due_to": "m0"},
                                                {"condition": "cirrhosis"}],
                               medications=[{"drug": "azathioprine"}])
    assert "K74.60" not in codes["liver cirrhosis"] and codes["liver cirrhosis"]
    assert "K74.60" in codes["cirrhosis"]
    assert any("K74.60" in m and "azathioprine" in m and "K71.7" in m for m in messages)


def test_a_skin_cancer_code_is_not_written_for_a_melanoma_in_the_liver() -> None:
    """C43.9 *Malignant melanoma of skin, unspecified* is the index's default for "melanoma"; placed in
    the liver (coded by kind in C22) it is no skin cancer; a melanoma on the back keeps it."""
    codes, messages = _convert(BOY, conditions=[{"condition": "melanoma", "body_site": "liver"},
                                                {"condition": "metastatic melanoma", "body_site": "peritoneum"}])
    assert "C43.9" not in codes["melanoma"] and "C43.9" not in codes["metastatic melanoma"]
    assert any("C43.9" in m and "(C22)" in m for m in messages)
    back, _ = _convert(BOY, conditions=[{"condition": "melanoma", "body_site": "back"}])
    assert "C43.9" in back["melanoma"]


@pytest.mark.parametrize(("words", "kept"), [("metastatic lung disease", None),
                                             ("metastatic calcification", "E83.59")])
def test_a_metastatic_condition_is_not_coded_outside_the_neoplasms(words: str, kept: str | None) -> None:
    """J98.4 *Other disorders of lung* for "metastatic lung disease" would say a disorder of no
    neoplasm; a metastatic calcification is calcium's spread, and keeps its code."""
    codes, _ = _convert(BOY, conditions=[{"condition": words}])
    assert codes[words] == ([kept] if kept else [])


def test_renal_function_alone_is_no_panel_of_tests() -> None:
    """"renal function: did not recover" says the organ's function; the panel is for the tests."""
    codes, _ = _convert(BOY, observations=[{"observation": "renal function", "value": "normal"},
                                           {"observation": "renal function tests", "value": "normal"}])
    assert codes["renal function"] == [] and codes["renal function tests"] == ["24362-6"]


@pytest.mark.parametrize(("name", "regimen"), [("mFOLFOX4", "FOLFOX"), ("modified FOLFOX4", "FOLFOX"),
                                                ("MVAC", None), ("mp", "MP")])
def test_a_modified_regimen_is_its_regimens_drugs(name: str, regimen: str | None) -> None:
    """"mFOLFOX4" is FOLFOX4 at other doses: its drugs; a capital M is a drug's letter ("MVAC" is no VAC)."""
    from fhirconv.terminology.regimens import find_regimen

    found = find_regimen(name)
    assert (found.name if found else None) == regimen


def test_a_blood_pressure_in_centimetres_of_mercury_is_never_read_as_millimetres() -> None:
    """"18/10 cmHg" (francophone reports) is 180/100 mmHg: with `unit: cm[Hg]` it is written so; with no
    unit, "18/10" is too low for mm[Hg] and stays words with a warning, never 18/10 mm[Hg]."""
    from fhirconv.api import convert_text

    def bp(unit: str | None) -> tuple[dict, list[str]]:
        item = {"id": "bp", "observation": "blood pressure", "value": "18/10", "date": "2020-01-01",
                **({"unit": unit} if unit else {})}
        case = {"fhirconv": "1", "id": "bp", "patient": BOY, "observations": [item]}
        conv = convert_text(json.dumps(case), "case.json")
        obs = next(r for r in conv.resources if r["resourceType"] == "Observation" and r["id"] != "age"
                   and r["code"].get("text") == "blood pressure")
        return obs, [i.message for i in conv.issues]

    given, _ = bp("cm[Hg]")
    assert [c["valueQuantity"]["value"] for c in given["component"]] == [180, 100]
    assert {c["valueQuantity"]["code"] for c in given["component"]} == {"mm[Hg]"}
    bare, messages = bp(None)
    assert "component" not in bare and bare["valueString"] == "18/10"
    assert any("too low" in m for m in messages)


@pytest.mark.parametrize(("focus", "coded"), [("anti-NMDAR encephalitis", False), ("glioblastoma", True),
                                              ("generalized infantile myofibromatosis", True)])
def test_a_response_of_a_disease_no_words_call_a_neoplasm_is_no_cancer_response(focus: str, coded: bool) -> None:
    """LOINC 88040-1 *Response to cancer treatment* for an encephalitis the tables do not code: its
    words say it is no cancer, so the code is not written; a neoplasm's words keep it."""
    codes, _ = _convert(BOY, conditions=[{"condition": focus}],
                        observations=[{"observation": "response to treatment", "value": "without improvement",
                                       "focus": "c0", "date": "2020-01-01"}])
    assert codes["response to treatment"] == (["88040-1"] if coded else [])


def test_a_metastasis_of_a_carcinoid_is_no_secondary_malignant_neoplasm_of_the_site() -> None:
    """C79.51 *Secondary malignant neoplasm of bone* excludes "secondary carcinoid tumors of bone
    (C7B.03)": a bone metastasis due to a "metastatic carcinoid tumor" is not C79.51 (the case's
    "metastatic" is the note's "secondary"); a breast cancer's keeps it."""
    carcinoid = {"condition": "metastatic carcinoid tumor"}
    codes, messages = _convert(BOY, conditions=[carcinoid, {"condition": "osseous metastasis", "due_to": "c0"}])
    assert "C79.51" not in codes["osseous metastasis"]
    assert any("C7B.03" in m for m in messages)
    other, _ = _convert(BOY, conditions=[{"condition": "lung cancer"},
                                         {"condition": "osseous metastasis", "due_to": "c0"}])
    assert "C79.51" in other["osseous metastasis"]


def test_a_membranous_nephropathy_with_a_nephrotic_syndrome_is_no_isolated_proteinuria() -> None:
    """N06.20 excludes "membranous nephropathy NOS with nephrotic syndrome (N04.20)": beside the
    nephrotic syndrome it causes, the nephropathy is not N06.20; alone it keeps the index's code."""
    codes, messages = _convert(BOY, conditions=[{"condition": "membranous nephropathy"},
                                                {"condition": "nephrotic syndrome", "due_to": "c0"}])
    assert "N06.20" not in codes["membranous nephropathy"]
    alone, _ = _convert(BOY, conditions=[{"condition": "membranous nephropathy"}])
    assert alone["membranous nephropathy"] == ["N06.20"]


def test_a_malformations_words_in_a_newborns_first_week_are_no_acquired_code() -> None:
    """N32.1 *Vesicointestinal fistula* is the acquired fistula (chapter 14 excludes congenital
    malformations): a day-old boy's recto-vesical fistula is not coded so; a man's keeps it."""
    newborn = {"sex": "male", "age": {"days": 1, "at": "2020-01-01"}}
    codes, messages = _convert(newborn, conditions=[{"condition": "vesicointestinal fistula"}])
    assert codes["vesicointestinal fistula"] == []
    assert any("N32.1" in m and "newborn" in m for m in messages)
    man, _ = _convert(BOY, conditions=[{"condition": "vesicointestinal fistula"}])
    assert man["vesicointestinal fistula"] == ["N32.1"]
