"""A table row of a condition or finding carries, beside its SNOMED CT coding, the ICD-10-CM code
whose own title its words (or the row's words) say, as a Global Patient Set concept found with one
does; never a code found only by an inclusion term, whose title may state what the words do not."""

from __future__ import annotations

import pytest

from fhirconv.terminology import lookup

SCT, ICD = "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm"


def _codes(kind: str, term: str) -> list[tuple[str, str]]:
    return [(c.system, c.code) for c in lookup(kind, term)]


@pytest.mark.parametrize(("term", "snomed", "icd"), [
    ("hypomagnesaemia", "190855004", "E83.42"),  # Hypomagnesemia
    ("obesity", "414916001", "E66.9"),  # Obesity, unspecified
    ("fever", "386661006", "R50.9"),  # Fever, unspecified
    ("AF", "49436004", "I48.91"),  # an alias: the row's words say Unspecified atrial fibrillation
    ("ESRF", "46177005", "N18.6"),
])
def test_a_row_takes_the_icd_code_whose_title_its_words_say(term, snomed, icd):
    assert _codes("condition", term) == [(SCT, snomed), (ICD, icd)]


@pytest.mark.parametrize(("term", "code"), [
    ("hypertension", "I10"),  # an inclusion term of *Essential (primary) hypertension*: the words do not say essential
    ("chills", "R68.83"),  # *Chills (without fever)*: its Excludes1 is the chills of a fever
    ("gastroenteritis", "K52.9"),  # *Noninfective gastroenteritis and colitis, unspecified*
    ("lymphadenopathy", "R59.1"),  # *Generalized enlarged lymph nodes*
    ("hypothermia", "T68.XXXA"),  # the initial-encounter key: of cold exposure
    ("confusion", "R41.0"),  # an inclusion term of *Disorientation, unspecified*
])
def test_no_icd_code_the_words_only_reach_by_an_inclusion_term(term, code):
    codes = _codes("condition", term)
    assert codes and codes[0][0] == SCT and (ICD, code) not in codes


def test_an_organism_found_in_culture_takes_no_icd_cause_code():
    codes = _codes("finding", "Escherichia coli")
    assert (SCT, "112283007") in codes and not [c for c in codes if c[0] == ICD]


def _condition_codes(name: str) -> list[str]:
    import json

    from fhirconv.api import convert_text

    case = {"fhirconv": "1", "id": "t", "patient": {"sex": "female", "birth_date": "1970"},
            "conditions": [{"id": "c", "condition": name}]}
    resource = next(r for r in convert_text(json.dumps(case), "t.json").resources if r["resourceType"] == "Condition")
    return [c["code"] for c in resource["code"].get("coding", [])]


@pytest.mark.parametrize(("name", "codes"), [
    ("perforated appendicitis", ["74400008"]),  # not K37 *Unspecified appendicitis*: perforation is K35.32
    ("tension pneumothorax", ["36118008"]),  # not J93.9 *Pneumothorax, unspecified*
    ("heart failure with mildly reduced ejection fraction", ["84114007"]),  # not I50.9, nor I50.20 (reduced)
    ("severe headache", ["25064002", "R51.9"]),  # severity is its own element: nothing set aside of the kind
    ("suspected sepsis", ["91302008", "A41.9"]),  # nor is a verification word
])
def test_a_broader_reading_writes_no_icd_code_titled_unspecified(name, codes):
    assert _condition_codes(name) == codes
