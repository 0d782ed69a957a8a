"""An ICD-10-CM code is never found for words that lack a detail its description states (a side, an
acuity, an absent complication): ICD-10-CM files "Inguinal hernia NOS" under *Unilateral inguinal
hernia, without obstruction or gangrene*, right for a coder, wrong as the coding of "inguinal hernia".
The rule is in fhirconv/terminology/icd10cm_keys.py; the shipped index is built with it."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup
from fhirconv.terminology.icd10cm import index
from fhirconv.terminology.icd10cm_keys import details

ICD = "http://hl7.org/fhir/sid/icd-10-cm"


@pytest.mark.parametrize(("words", "code"), [
    ("inguinal hernia", "K40.90"),  # Unilateral inguinal hernia, without obstruction or gangrene, ...
    ("hepatitis B", "B16.9"),  # Acute hepatitis B without delta-agent and without hepatic coma
    ("miscarriage", "O03.9"),  # ... spontaneous abortion without complication
    ("bronchiectasis", "J47.9"),  # Bronchiectasis, uncomplicated
    ("severe sepsis", "R65.20"),  # Severe sepsis without septic shock
    ("infective endocarditis", "I33.0"),  # Acute and subacute infective endocarditis
    ("cleft lip", "Q36.9"),  # Cleft lip, unilateral
    ("empyema", "J86.9"),  # Pyothorax without fistula
    ("acute pulmonary embolism", "I26.99"),  # Other pulmonary embolism without acute cor pulmonale (was a row)
])
def test_no_code_that_states_a_detail_the_words_lack(words, code):
    assert index().find(words) == ("", [])
    assert code not in [c.code for c in lookup("condition", words) if c.system == ICD]


@pytest.mark.parametrize(("words", "code"), [
    ("essential hypertension", "I10"),
    ("Plasmodium falciparum malaria", "B50.9"),  # "unspecified" states no detail
    ("bronchitis", "J40"),  # Bronchitis, not specified as acute or chronic
    ("passive smoking", "Z77.22"),  # "(acute) (chronic)" are nonessential modifiers
    ("Laceration of descending colon, initial encounter", "S36.532A"),  # the words say "initial"; [left] is a modifier
    ("abdominal distension", "R14.0"),
    ("HELLP syndrome", "O14.20"),  # "unspecified trimester" states no trimester: ICD-10-CM's code for none said
])
def test_codes_whose_description_adds_no_detail_are_found(words, code):
    assert [h.code for h in index().find(words)[1]] == [code]


def test_detail_words():
    assert details("Acute hepatitis B without delta-agent and without hepatic coma") == {"acute", "without"}
    assert details("Bronchitis, not specified as acute or chronic") == set()
    assert details("Laceration of descending [left] colon, initial encounter") == {"initial"}
    assert details("Essential (primary) hypertension") == set()
    assert details("HELLP syndrome (HELLP), unspecified trimester") == set()
    assert details("HELLP syndrome (HELLP), third trimester") == {"trimester"}


@pytest.mark.parametrize(("words", "code"), [
    ("galactorrhea", "O92.6"),  # the pregnancy chapter's; N64.3 is galactorrhea not associated with childbirth
    ("necrotizing enterocolitis with perforation", "P77.3"),  # the newborn's; K55.3x is the other
])
def test_no_pregnancy_or_perinatal_code_for_words_other_chapters_use_too(words, code):
    assert code not in [hit.code for hit in index().find(words)[1]]
    assert code not in [c.code for c in lookup("condition", words) if c.system == ICD]


@pytest.mark.parametrize(("words", "code"), [
    ("neonatal jaundice", "P59.9"),  # words found only in the perinatal chapter keep their code
    ("postpartum hemorrhage", "O72.1"),
])
def test_pregnancy_and_perinatal_words_keep_their_codes(words, code):
    assert code in [hit.code for hit in index().find(words)[1]]


@pytest.mark.parametrize(("words", "code"), [
    ("anaphylactic shock", "T78.2XXA"),  # Anaphylactic shock, unspecified, initial encounter
    ("heat exhaustion", "T67.5XXA"),
    ("electrocution", "T75.4XXA"),
    ("angioneurotic edema", "T78.3XXA"),
    ("fracture of nasal bones", "S02.2XXA"),  # ..., initial encounter for closed fracture (I.C.19.c.1)
])
def test_an_injury_or_poisoning_is_the_initial_encounter(words, code):
    """ICD-10-CM gives the seventh character A to every encounter of active treatment (guideline
    I.C.19.a): the bare words of an injury find that code, never the subsequent or sequela one."""
    assert index().find(words) == ("initial encounter", [index().find(words)[1][0]])
    assert [h.code for h in index().find(words)[1]] == [code]
    assert code in [c.code for c in lookup("condition", words) if c.system == ICD]


@pytest.mark.parametrize("words", [
    "anaphylactic shock, subsequent encounter",  # the words say it: found as they stand
    "bitten by dog",  # an external cause (chapter 20) is no condition: no key without its encounter
])
def test_the_encounter_key_takes_nothing_from_other_keys(words):
    how, hits = index().find(words)
    assert how != "initial encounter", (words, hits)


def test_table_rows_answer_before_the_encounter_key():
    assert index().find("hypothermia")[0] == "initial encounter"  # T68.XXXA in the index ...
    assert [c.code for c in lookup("condition", "hypothermia")] == ["386689009"]  # ... the table row first


@pytest.mark.parametrize(("words", "code"), [
    ("agitation", "R45.1"),  # Restlessness and agitation
    ("hyperosmolality", "E87.0"),  # Hyperosmolality and hypernatremia
    ("apathy", "R45.3"),  # Demoralization and apathy
])
def test_either_word_of_a_title_joining_two_conditions(words, code):
    """ICD-10-CM reads "and" in a title as "and/or" (guideline I.A.14): each one-word condition of
    such a title is found alone, after every other kind of key."""
    assert index().find(words) == ("either word of its title", [index().find(words)[1][0]])
    assert [h.code for h in index().find(words)[1]] == [code]


def test_an_idiom_is_not_two_conditions():
    assert index().find("pins") == ("", []) and index().find("needles") == ("", [])


@pytest.mark.parametrize(("words", "code"), [
    ("parathyroid hyperplasia", "E21.0"),  # Hyperplasia of parathyroid (an inclusion term of E21.0)
    ("liver abscess", "K75.0"),  # Abscess of liver
    ("kidney calculus", "N20.0"),  # Calculus of kidney
    ("newborn hypernatremia", "P74.21"),  # Hypernatremia of newborn
])
def test_a_title_x_of_y_is_found_as_english_compounds_it(words, code):
    """``X of Y`` said ``Y X``: found by the turned key, after every other kind."""
    how, hits = index().find(words)
    assert (how, [h.code for h in hits]) == ("turned word order", [code])


@pytest.mark.parametrize("words", [
    "lung abscess",  # Abscess of lung without pneumonia: a detail the words lack
    "parathyroid hyperplasia nos",
])
def test_the_turned_key_keeps_the_other_rules(words):
    assert index().find(words) == ("", [])


def test_a_turned_title_with_a_joining_word_is_no_key():
    from fhirconv.terminology.icd10cm_keys import turned_keys

    assert turned_keys("Hyperplasia of parathyroid") == ["parathyroid hyperplasia"]
    assert turned_keys("Fracture of shaft of femur") == ["femur shaft fracture"]
    assert turned_keys("Abscess of lung with pneumonia") == []
    assert turned_keys("Delirium due to known physiological condition") == []
    assert turned_keys("Other disorders of pancreatic internal secretion") == []


@pytest.mark.parametrize(("words", "code"), [
    ("postpartum uterus inversion", "O71.2"),  # Postpartum inversion of uterus
    ("postpartum uterine inversion", "O71.2"),  # the organ's adjective, as clinicians write it
    ("congenital heart malformation", "Q24.9"),  # Congenital malformation of heart, unspecified
])
def test_a_word_before_the_head_stays_in_front_when_turned(words, code):
    """"M X of Y" is said "M Y X" as often as "Y M X": the modifier before the head stays in front."""
    assert code in [c.code for c in lookup("condition", words) if c.system == ICD]


def test_the_modifier_first_key_is_only_a_permutation_of_the_title():
    from fhirconv.terminology.icd10cm_keys import turned_keys

    assert turned_keys("Postpartum inversion of uterus") == ["uterus postpartum inversion",
                                                             "postpartum uterus inversion"]
    assert turned_keys("Closed fracture of shaft of femur")[1] == "closed femur shaft fracture"


@pytest.mark.parametrize(("words", "code"), [
    ("heart failure with reduced ejection fraction", "I50.20"),  # an inclusion term of the category I50.2
    ("heart failure with preserved ejection fraction", "I50.30"),
    ("Malta fever", "A23.9"),  # A23 Brucellosis -> A23.9 Brucellosis, unspecified
])
def test_a_categorys_inclusion_term_is_its_unspecified_child(words, code):
    """An inclusion term filed at a category that is not billable is found as the category's child
    whose plain title is the category's own: ICD-10-CM's code for the words when nothing more is said."""
    assert [h.code for h in index().find(words)[1]] == [code]
    assert code in [c.code for c in lookup("condition", words) if c.system == ICD]


def test_a_category_without_an_unspecified_child_gives_its_terms_to_none():
    # K22.1 Ulcer of esophagus has children with and without bleeding, none "unspecified"
    assert index().find("Barrett's ulcer") == ("", [])


@pytest.mark.parametrize(("words", "code"), [
    ("lead poisoning", "T56.0X1A"),  # Toxic effects of lead and its compounds NOS
    ("heroin poisoning", "T40.1X1A"),  # Poisoning by heroin NOS
    ("poisoning by methylphenidate", "T43.631A"),
    ("methanol poisoning", "T51.1X1A"),
])
def test_a_poisoning_of_unstated_intent_is_the_accidental_initial_encounter(words, code):
    """ICD-10-CM files "Poisoning by X NOS" under X's accidental code (guideline I.C.19.e.5.b), and
    the initial encounter is active treatment's (I.C.19.a): "X poisoning" is that code."""
    assert index().find(words) == ("initial encounter", [index().find(words)[1][0]])
    assert [h.code for h in index().find(words)[1]] == [code]


def test_a_poisoning_by_other_or_several_substances_gives_no_short_key():
    from fhirconv.terminology.icd10cm_keys import poisoning_key

    assert poisoning_key("Toxic effects of lead and its compounds NOS") == "lead poisoning"
    assert poisoning_key("Poisoning by other opioids NOS") is None
    assert poisoning_key("Poisoning by saline and osmotic laxatives NOS") is None
    assert index().find("other opioids poisoning") == ("", [])


@pytest.mark.parametrize(("words", "code"), [
    ("HFrEF", "I50.20"),  # Heart failure with reduced ejection fraction [HFrEF], at I50.2
    ("FUO", "R50.9"),  # Fever of unknown origin [FUO]
    ("POTS", "G90.A"),
    ("PTLD", "D47.Z1"),
    ("TRALI", "J95.84"),
])
def test_an_abbreviation_icd10cm_gives_of_a_whole_title(words, code):
    how, hits = index().find(words)
    assert (how, [h.code for h in hits]) == ("its abbreviation", [code])
    assert code in [c.code for c in lookup("condition", words) if c.system == ICD]


def test_an_abbreviation_of_a_part_or_of_a_commoner_disease_is_no_key():
    from fhirconv.terminology.icd10cm_keys import abbreviation_key

    assert abbreviation_key("Abnormal electrocardiogram [ECG]") is None  # abbreviates a part
    assert abbreviation_key("Elevation of levels of alanine transaminase (ALT)") is None
    assert abbreviation_key("Light chain (AL) amyloidosis") is None  # not at the end
    assert abbreviation_key("Acquired partial lipodystrophy (APL)") is None  # APL: promyelocytic leukaemia
    assert index().find("APL") == ("", [])
    assert index().find("ECG") == ("", [])


@pytest.mark.parametrize(("words", "code"), [
    ("decompression sickness", "T70.3XXA"),  # Caisson disease [decompression sickness], initial encounter
    ("fifth disease", "B08.3"),  # Erythema infectiosum [fifth disease]
    ("night terrors", "F51.4"),  # Sleep terrors [night terrors]
    ("Buerger's disease", "I73.1"),  # Thromboangiitis obliterans [Buerger's disease]
    ("Pontiac fever", "A48.2"),  # Nonpneumonic Legionnaires' disease [Pontiac fever]
])
def test_the_other_name_a_title_gives_in_square_brackets(words, code):
    how, hits = index().find(words)
    assert (how, [h.code for h in hits]) == ("its other name in brackets", [code])
    assert code in [c.code for c in lookup("condition", words) if c.system == ICD]


def test_a_bracket_that_explains_a_part_or_abbreviates_is_no_other_name():
    from fhirconv.terminology.icd10cm_keys import synonym_key

    assert synonym_key("Caisson disease [decompression sickness]") == "decompression sickness"
    assert synonym_key("Cellulitis of head [any part, except face]") is None  # where, not what
    assert synonym_key("Infection due to Mycobacterium intracellulare [Battey bacillus]") is None  # the organism
    assert synonym_key("Deficiency of factor XIII [fibrin stabilizing]") is None  # the factor
    assert synonym_key("Radial styloid tenosynovitis [de Quervain]") is None  # an eponym of several diseases
    assert synonym_key("Neuromyelitis optica [Devic]") is None  # one word
    assert synonym_key("Cervical intraepithelial neoplasia II [CIN II]") is None  # an abbreviation
    assert synonym_key("Sepsis due to Escherichia coli [E. coli]") is None
    assert index().find("de quervain") == ("", [])
    assert index().find("battey bacillus") == ("", [])


@pytest.mark.parametrize(("words", "code"), [
    ("systolic congestive heart failure", "I50.20"),  # Unspecified systolic (congestive) heart failure
    ("mediastinal thymic large B-cell lymphoma", "C85.20"),  # ..., unspecified site
])
def test_a_title_with_its_nonessential_modifier_said(words, code):
    how, hits = index().find(words)
    assert (how, [h.code for h in hits]) == ("plain, its modifiers said", [code])


def test_a_key_with_the_modifier_said_never_displaces_another():
    # "systolic heart failure" is the plain key; the modifier-said key is tried after every other kind
    assert index().find("systolic heart failure")[0] == "plain"


@pytest.mark.parametrize(("words", "code"), [
    ("radiculopathy", "M54.10"),  # Radiculopathy, site unspecified
    ("postural kyphosis", "M40.00"),  # Postural kyphosis, site unspecified
])
def test_a_title_whose_site_is_unspecified_is_the_plain_term(words, code):
    how, hits = index().find(words)
    assert (how, [h.code for h in hits]) == ("plain", [code])


@pytest.mark.parametrize(("words", "code", "how"), [
    ("thrombosis of iliac artery", "I74.5", "either word of its title"),  # Embolism and thrombosis of ...
    ("iliac artery thrombosis", "I74.5", "turned word order"),
    ("stenosis of left carotid artery", "I65.22", "either word of its title"),  # Occlusion and stenosis ...
    ("abscess of mouth", "K12.2", "either word of its title"),  # Cellulitis and abscess of mouth
])
def test_each_condition_a_title_joins_before_its_site(words, code, how):
    found, hits = index().find(words)
    assert (found, [h.code for h in hits]) == (how, [code])


def test_only_one_word_conditions_joined_before_a_site_are_read_apart():
    from fhirconv.terminology.icd10cm_keys import either_of_texts

    assert either_of_texts("Embolism and thrombosis of iliac artery") == [
        "Embolism of iliac artery", "Thrombosis of iliac artery"]
    assert either_of_texts("Acute and chronic respiratory failure with hypoxia") == []  # no site after
    assert either_of_texts("Nephrotic syndrome with minor glomerular abnormality") == []
    assert index().find("observation of newborn for suspected condition ruled out")[1] == []  # chapter 21
