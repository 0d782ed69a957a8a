"""Imaging studies named in other words than the tables' (fhirconv/terminology/studies.py): the one
LOINC radiology code whose display says the same modality, regions, side and contrast, or none."""

from __future__ import annotations

import pytest

from fhirconv.terminology.checks import loinc_ok
from fhirconv.terminology.studies import DATA, display_key, study, words_key
from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("observation", "abdominal pelvic CT", ["44115-4"]),  # *CT Abdomen and Pelvis*
    ("observation", "abdominopelvic CT", ["44115-4"]),
    ("procedure", "Chest, Abdomen and pelvis CT-scan", ["87869-4"]),
    ("procedure", "abdominal pelvic computed tomography without intravenous contrast", ["36952-0"]),
    ("procedure", "contrast-enhanced CT scan of the chest, abdomen, and pelvis", ["72254-6"]),
    ("observation", "prostatic MRI", ["30675-3"]),  # *MR Prostate*
    ("observation", "MRI of the prostate", ["30675-3"]),
    ("procedure", "X-ray of the left foot", ["26128-9"]),  # *XR Foot - left Views*
    ("procedure", "X-ray of foot", ["24709-8"]),  # no side said: the code without one
    ("procedure", "radiograph of left femur", ["26120-6"]),  # *XR Femur - left Views*, no generic code and site
    ("observation", "radiograph of right humerus", ["37738-2"]),
    ("procedure", "ultrasonography of the bladder", ["25019-1"]),  # *US Urinary bladder*
    ("observation", "thyroid ultrasound", ["25010-0"]),  # *US Thyroid gland*
    ("procedure", "MRI of the lumbar spine with and without contrast", ["24967-2"]),
    ("observation", "right knee MRI", ["26258-4"]),
    ("procedure", "CT of thorax and abdomen", []),  # only its contrast variants are stated: never one of them
    ("procedure", "CT angiography of the chest", []),  # an angiogram is another study
    ("observation", "standard radiograph of the right humerus", []),  # the words before the modality: no reading
])
def test_a_study_in_other_words(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


def test_the_tables_answer_first() -> None:
    """A study the tables know keeps their row (a SNOMED CT procedure here), the reading is only last."""
    assert codes("procedure", "chest x-ray") != ["30745-4"]
    assert study("chest x-ray") is not None and study("chest x-ray").code == "30745-4"


@pytest.mark.parametrize("display,key", [
    ("XR Foot - left Views", ("XR", frozenset({"foot"}), "left", "")),
    ("CT Abdomen and Pelvis WO contrast", ("CT", frozenset({"abdomen", "pelvis"}), "", "without")),
    ("MR Brain WO and W contrast IV", ("MR", frozenset({"brain"}), "", "both")),
    ("US Thyroid gland", ("US", frozenset({"thyroid gland"}), "", "")),
    ("XR Knee AP and Lateral", None),  # named views: another code than any views
    ("XR Knee", None),  # a radiograph's plain form says "Views"
    ("CT Guidance for needle localization of Unspecified body region", None),
    ("MR Knee - right Arthrogram", None),
])
def test_display_keys(display: str, key: tuple | None) -> None:
    assert display_key(display) == key


def test_words_that_say_no_modality_or_no_region_have_no_key() -> None:
    assert words_key("abdominal pain") is None
    assert words_key("CT") is None
    assert words_key("left right foot x-ray") is None  # two sides


def test_the_table_rows_are_loinc_codes_of_the_plain_form_with_their_source() -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code\tdisplay\tsource"
    for line in lines[1:]:
        code, display, source = line.split("\t")
        assert loinc_ok(code), code
        assert display_key(display) is not None, display
        assert source.strip(), line
    assert len(lines) > 1000


def test_a_study_coded_in_a_case() -> None:
    obs, messages = one_item("Observation", "observations", {"observation": "abdominal pelvic CT",
                                                              "category": "imaging", "value": "normal"})
    assert obs["code"]["coding"] == [{"system": "http://loinc.org", "code": "44115-4",
                                      "display": "CT Abdomen and Pelvis"}]
    assert obs["code"]["text"] == "abdominal pelvic CT"
