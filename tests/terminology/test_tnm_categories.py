"""TNM category values (``t: cT2`` on a stage) are coded where an open artefact states the code:
AJCC categories with their c/p prefix (SNOMED CT qualifier values from the ICHOM breast cancer IG
and mCODE's examples), bare categories and subcategories as the Global Patient Set's findings. A
prefix no artefact codes (yp, r, a) or a prefixed subcategory stays the string the case gives:
writing pT0 for ypT0 would drop "after neoadjuvant treatment". So do the categories of a stage whose
system is named and is not AJCC, UICC or TNM staging (the codes are AJCC categories)."""

from __future__ import annotations

import json

import pytest

from fhirconv.api import convert_file
from fhirconv.terminology import match

SNOMED = "http://snomed.info/sct"


@pytest.mark.parametrize(("term", "code"), [
    ("cT2", "1228929004"), ("CT2", "1228929004"), ("pN0", "1229947003"), ("cM0", "1229901006"),
    ("pM1", "1229916009"), ("pTX", "1228950008"), ("T2", "67673008"), ("N1", "53623008"), ("Tis", "44401000"),
    ("T4a", "261659006"), ("N2b", "261968006"), ("pM0", "19408000"), ("pM1c", "443839005"),
])
def test_known_categories(term, code):
    found = match("tnm-category", term)
    assert found.status == "found"
    assert [(c.system, c.code) for c in found.concept.codings] == [(SNOMED, code)]


@pytest.mark.parametrize("term", ["ypT0", "ypN0", "cT4a", "pT1c", "rpT2", "pTis", "pN0(i+)", "T2N1M0", "M0",
                                  "pT1mi", "cN1a", "aT2"])
def test_categories_no_artefact_codes_stay_text(term):
    assert match("tnm-category", term).concept is None


def _case(tmp_path, stage):
    case = {
        "id": "tnm-case", "patient": {"sex": "female"},
        "conditions": [{"id": "cancer", "condition": "breast cancer", "stages": [stage]}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    return convert_file(path)


def _categories(conv):
    cancer = next(r for r in conv.resources if r["resourceType"] == "Condition")
    by_ref = {f"Observation/{r['id']}": r for r in conv.resources if r["resourceType"] == "Observation"}
    return [by_ref[a["reference"]] for a in cancer["stage"][0]["assessment"]]


def test_stage_categories_coded_or_kept_as_written(tmp_path):
    conv = _case(tmp_path, {"type": "pathological", "system": "AJCC 8", "value": "IIA",
                            "t": "pT2", "n": "pN1a", "m": "cM0"})
    t, n, m = _categories(conv)
    assert t["valueCodeableConcept"] == {
        "coding": [{"system": SNOMED, "code": "1229852009", "display": "American Joint Committee on Cancer pT2"}],
        "text": "pT2"}
    assert n["valueString"] == "pN1a" and "valueCodeableConcept" not in n
    assert m["valueCodeableConcept"]["coding"][0]["code"] == "1229901006"


def test_bare_categories_are_the_findings(tmp_path):
    conv = _case(tmp_path, {"system": "TNM (edition not stated)", "value": "T2N1M0", "t": "T2", "n": "N1", "m": "M0"})
    t, n, m = _categories(conv)
    assert t["valueCodeableConcept"]["coding"][0]["code"] == "67673008"
    assert n["valueCodeableConcept"]["coding"][0]["code"] == "53623008"
    assert m["valueString"] == "M0"  # bare M0 is in no artefact the tables read


def test_categories_of_another_named_system_stay_as_written(tmp_path):
    conv = _case(tmp_path, {"type": "clinical", "system": "JSCCR 9th edition", "value": "IIb",
                            "t": "cT2", "n": "cN0", "m": "cM0"})
    assert [o.get("valueString") for o in _categories(conv)] == ["cT2", "cN0", "cM0"]
    conv = _case(tmp_path, {"type": "clinical", "system": "UICC TNM 8", "value": "IIA", "t": "cT2"})
    assert _categories(conv)[0]["valueCodeableConcept"]["coding"][0]["code"] == "1228929004"
