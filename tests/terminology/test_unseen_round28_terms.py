"""Words of round 27's and round 28's case reports (endocrinology, obstetrics, nephrology,
cardiology), written by people who had not read the tables: British spellings of the pituitary
hormones, "both" as a side, words that name a test plainly, and earlier rounds' procedures."""

from __future__ import annotations

import pytest

from fhirconv.terminology import match
from fhirconv.terminology.normalize import normalize


def codes(kind: str, term: str) -> list[str]:
    found = match(kind, term)
    return [c.code for c in found.concept.codings] if found.concept else []


@pytest.mark.parametrize("written,key", [
    ("adrenocorticotrophic hormone", "adrenocorticotropic hormone"),
    ("gonadotrophins", "gonadotropin"),
    ("thyrotrophin", "thyrotropin"),
    ("hypertrophic cardiomyopathy", "hypertrophic cardiomyopathy"),  # not a hormone: unchanged
])
def test_trophin_and_tropin_are_one_key(written: str, key: str) -> None:
    assert normalize(written) == key


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "adrenocorticotrophic hormone", ["2141-0"]),
    ("observation", "insulin", ["20448-7"]),  # an observation: the test, not the drug
    ("medication", "insulin", ["39487003"]),
    ("observation", "blood gas pH", ["11558-4"]),  # no arterial or venous sample said
    ("observation", "urine metanephrines", ["2609-6"]),
    ("observation", "24-hour urine aldosterone", ["1765-7"]),
    ("observation", "thoracic CT findings", ["24627-2"]),
    ("observation", "urine routine examination", ["24356-8"]),
    ("observation", "autopsy findings", ["18743-5"]),
    ("procedure", "autopsy", ["29240004"]),  # the procedure keeps its SNOMED CT row
    ("procedure", "renal artery Doppler ultrasound", ["39435-3"]),
    ("condition", "adrenal adenoma", ["302826002"]),
    ("condition", "bichorial biamniotic twin pregnancy", ["459166009"]),
    ("condition", "complete placenta praevia", ["O44.00"]),
    # earlier rounds' words
    ("procedure", "body cooling", ["241741007"]),
    ("procedure", "fluid restriction", ["25389001"]),
    ("procedure", "intradermal skin test", ["2885009"]),
    ("medication", "Thymoglobulin", ["1011"]),
    ("medication", "rabbit anti-thymocyte globulin", ["1011"]),
    ("procedure", "thoracostomy", ["264957007"]),  # a tube thoracostomy: the chest drain's row
    ("procedure", "nasogastric suction", ["6853008"]),
    ("condition", "Takayasu arteritis", ["M31.4", "359789008"]),  # ICD-10-CM's *Aortic arch syndrome [Takayasu]*
    ("condition", "Boerhaave syndrome", ["K22.3"]),  # the Alphabetic Index's *Boerhaave's syndrome*
    ("observation", "random glucose", ["2345-7"]),  # no fasting said: the plain serum or plasma glucose
    ("observation", "2-hour postprandial glucose", ["1521-4"]),
])
def test_words_of_rounds_27_and_28(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("kind,term", [
    ("medication", "ATG"),  # rabbit or equine: RxNorm has an ingredient for each
    ("condition", "amniotic fluid embolism"),  # ICD-10-CM codes it by pregnancy, childbirth or puerperium
    ("condition", "insulinoma"),  # the Alphabetic Index codes it by behaviour, which the word does not say
    ("observation", "fasting insulin"),  # the fasting specimen's code is not in an open artefact read
    ("observation", "urine vanillylmandelic acid"),  # 24-hour or spot: two codes, the words do not say
    ("observation", "postprandial glucose"),  # one hour or two: LOINC codes each, the words do not say
])
def test_words_of_rounds_27_and_28_that_stay_text(kind: str, term: str) -> None:
    assert codes(kind, term) == []


def test_both_is_a_side_set_aside_for_the_broader_concept() -> None:
    """"Weakness of both lower limbs" is coded as the broader limb weakness, as "bilateral lower
    limb weakness" is, and the user is told the words set aside."""
    from fhirconv.api import convert_text

    case = ('fhirconv: "1"\nid: w\npatient: {sex: male, birth_date: "1990"}\nconditions:\n'
            '  - {id: w, condition: weakness of both lower limbs}\n')
    conv = convert_text(case, "w.yaml")
    condition = next(r for r in conv.resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == ["713514005"]
    assert condition["code"]["text"] == "weakness of both lower limbs"
    assert any("'both lower' is said in the text only" in i.message for i in conv.issues)


@pytest.mark.parametrize("kind,term,expected", [
    # SNOMED CT names seven leukaemias "<kind>, disease"; myelogenous is myeloid
    ("condition", "chronic myeloid leukemia", ["92818009"]),
    ("condition", "chronic myelogenous leukaemia", ["92818009"]),
    ("condition", "CML", ["92818009"]),
    ("condition", "PUD", ["13200003"]),
    # ICD-10-CM's "and" after words said of both: each condition with those words
    ("condition", "acute disseminated encephalomyelitis", ["G04.00"]),
    ("condition", "intracranial abscess", ["G06.0"]),
    ("condition", "paraneoplastic neuropathy", ["G13.0"]),
])
def test_names_found_whole(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def _condition_codes(name: str) -> tuple[list[str], list[str]]:
    from fhirconv.api import convert_text

    case = ('fhirconv: "1"\nid: r\npatient: {sex: female, birth_date: "1970"}\nconditions:\n'
            f'  - {{id: r, condition: {name}}}\n')
    conv = convert_text(case, "r.yaml")
    condition = next(r for r in conv.resources if r["resourceType"] == "Condition")
    return [c["code"] for c in condition["code"].get("coding", [])], [i.message for i in conv.issues]


@pytest.mark.parametrize("name,not_written,told", [
    # the residual's title says the axis is open, and the words close it
    ("acute interstitial nephritis", "N12", "its title says 'not specified as acute or chronic'"),
    # a code of the same category is this disorder with the words set aside
    ("upper colicky abdominal pain", "R10.9", "files the upper kind apart (R10.10"),
])
def test_a_residual_code_the_words_set_aside_contradict_is_not_written(name: str, not_written: str,
                                                                       told: str) -> None:
    found, messages = _condition_codes(name)
    assert not_written not in found
    assert any(told in m for m in messages), messages


def test_a_residual_code_of_another_axis_stays() -> None:
    """J18.9 *Pneumonia, unspecified organism* leaves the organism open, not the course: a recurrent
    pneumonia keeps its broader codes; and an acute heart failure is not refused for I50.21 *Acute
    systolic heart failure*, which says more than the words do."""
    found, messages = _condition_codes("recurrent pneumonia")
    assert found and not any("is not written" in m for m in messages)
    found, messages = _condition_codes("acute heart failure")
    assert "84114007" in found and not any("files the acute kind apart" in m for m in messages)


@pytest.mark.parametrize("term,expected", [
    ("right iliac fossa", ["8412003"]),
    ("all over the body", ["38266002"]),
    ("masseter muscle", ["79368004"]),
])
def test_earlier_rounds_body_sites(term: str, expected: list[str]) -> None:
    from fhirconv.terminology.matching import match

    found = match("body-site", term.removeprefix("right "))
    assert [c.code for c in found.concept.codings] == expected


def test_claudication_is_read_with_its_site() -> None:
    """Claudication keeps its meaning at any site: "bilateral lower extremity claudication" is
    *Intermittent claudication* with the lower limbs as its body site, both sides."""
    from fhirconv.api import convert_text

    case = ('fhirconv: "1"\nid: c\npatient: {sex: female, birth_date: "2008"}\nconditions:\n'
            '  - {id: c, condition: bilateral lower extremity claudication}\n')
    condition = next(r for r in convert_text(case, "c.yaml").resources if r["resourceType"] == "Condition")
    assert [c["code"] for c in condition["code"]["coding"]] == ["63491006"]
    assert condition["bodySite"][0]["coding"][0]["code"] == "61685007"
