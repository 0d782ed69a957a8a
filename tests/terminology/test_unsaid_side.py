"""ICD-10-CM codes many disorders of the eye and the ear by side, with a code for the side not said
("Internuclear ophthalmoplegia, unspecified eye"): the words alone take that code, and a side the case
gives takes its sibling's ("..., left eye"), the unsaid side's code replaced, never both."""

from __future__ import annotations

from fhirconv.api import convert_text
from fhirconv.terminology import lookup

ICD = "http://hl7.org/fhir/sid/icd-10-cm"
CASE = """\
fhirconv: "1"
id: unsaid-side
patient: {sex: male, birth_date: "1980"}
conditions:
  - {id: ino, condition: internuclear ophthalmoplegia}
  - {id: ino-left, condition: internuclear ophthalmoplegia, body_site: {site: eye, laterality: left}}
  - {id: kf, condition: Kayser-Fleischer ring, body_site: {site: cornea, laterality: bilateral}}
  - {id: om-right, condition: otitis media, body_site: {site: ear, laterality: right}}
  - {id: ino-tract, condition: internuclear ophthalmoplegia, body_site: {site: brainstem, laterality: right}}
  - {id: foe, condition: fungal otitis externa, body_site: {site: ear, laterality: right}}
  - {id: moe, condition: malignant external otitis, body_site: {site: ear, laterality: left}}
"""


def _icd() -> dict[str, list[str]]:
    """Each condition's ICD-10-CM codes, by the case's id (the order of the case)."""
    conv = convert_text(CASE, "case.yaml")
    found = [[c["code"] for c in r["code"].get("coding", []) if c["system"] == ICD]
             for r in conv.resources if r["resourceType"] == "Condition"]
    return dict(zip(["ino", "ino-left", "kf", "om-right", "ino-tract", "foe", "moe"], found, strict=True))


def test_the_words_alone_take_the_code_of_the_unsaid_side():
    assert [c.code for c in lookup("condition", "internuclear ophthalmoplegia") if c.system == ICD] == ["H51.20"]
    assert [c.code for c in lookup("condition", "retrobulbar neuritis") if c.system == ICD] == ["H46.10"]
    assert [c.code for c in lookup("condition", "tinnitus") if c.system == ICD] == ["H93.19"]


def test_a_side_replaces_the_unsaid_sides_code_with_its_sibling():
    icd = _icd()
    assert icd["ino"] == ["H51.20"]
    assert icd["ino-left"] == ["H51.22"]
    assert icd["kf"] == ["H18.043"]
    # the sibling found from the unsaid code's own title: "Otitis media, unspecified, right ear"
    assert icd["om-right"] == ["H66.91"]
    # the organ said by the unsaid code when the site's words do not say it
    assert icd["ino-tract"] == ["H51.21"]


def test_a_kind_set_aside_takes_no_unspecified_side_code():
    """"fungal" is read as a narrowing word (SNOMED CT's *Otitis externa* is true); ICD-10-CM's
    *Unspecified otitis externa, right ear* would say the kind is not known, so it is not written."""
    assert _icd()["foe"] == []


def test_a_table_rows_code_of_the_unsaid_side_takes_its_sibling():
    """The row "malignant otitis externa" (alias "malignant external otitis", words the index has no
    key for) is H60.20 *Malignant otitis externa, unspecified ear*; at the left ear, H60.22."""
    assert _icd()["moe"] == ["H60.22"]


def test_pain_in_eye_keeps_snomed_beside_the_icd_code():
    codes = [(c.system, c.code) for c in lookup("condition", "ocular pain")]
    assert ("http://snomed.info/sct", "41652007") in codes and (ICD, "H57.10") in codes
