"""A relative's illness ("sister with multiple sclerosis") is a FamilyMemberHistory, not a
Condition of the patient: relationship coded in v3-RoleCode, conditions looked up, R4 and R5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fhirconv.api import convert_text
from fhirconv.issues import FhirconvError
from fhirconv.mappers.family_history import RELATIONSHIPS, ROLE_CODE
from fhirconv.validate import validate_resource_tree
from fhirconv.view import read_course
from fhirconv.view.text import summary_lines

CASE = """\
fhirconv: "1"
id: family
patient: {sex: female}
family_history:
  - {id: fh-sister, relationship: sister, conditions: [multiple sclerosis, optic neuritis],
     note: diagnosed 10 years ago}
  - {id: fh-father, relationship: father, deceased: true}
  - {id: fh-gf, relationship: maternal grandfather, conditions: [glaucoma]}
"""


def find(conv, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if any(i["value"] == value for i in r.get("identifier", [])))


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_one_family_member_history_per_relative(version):
    conv = convert_text(CASE, fhir_version=version)
    sister = find(conv, "fh-sister")
    assert sister["resourceType"] == "FamilyMemberHistory" and sister["status"] == "completed"
    assert sister["relationship"] == {"coding": [{"system": ROLE_CODE, "code": "SIS", "display": "sister"}],
                                      "text": "sister"}
    assert [c["code"]["text"] for c in sister["condition"]] == ["multiple sclerosis", "optic neuritis"]
    assert sister["condition"][0]["code"]["coding"]  # the tables know multiple sclerosis
    assert sister["note"] == [{"text": "diagnosed 10 years ago"}]
    father = find(conv, "fh-father")
    assert father["deceasedBoolean"] is True and "condition" not in father
    assert find(conv, "fh-gf")["relationship"]["coding"][0]["code"] == "MGRFTH"
    assert not [r for r in conv.resources if r["resourceType"] == "Condition"]
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []
    ips = convert_text(CASE, profile="ips")
    assert [i.one_line() for i in validate_resource_tree(ips.bundle) if i.severity in ("error", "fatal")] == []


def test_relationship_codes_are_those_of_the_shipped_role_code_system():
    # The codes and displays were copied from hl7.terminology.r4's CodeSystem-v3-RoleCode.json: when
    # the package is in the FHIR package cache (the test set-up installs it), they must be found there.
    from fhirconv.packages import cache_dir

    path = Path(cache_dir()) / "hl7.terminology.r4#7.0.1" / "package" / "CodeSystem-v3-RoleCode.json"
    system = json.loads(path.read_text(encoding="utf-8"))
    assert system["url"] == ROLE_CODE
    known: dict[str, str] = {}

    def walk(concepts):
        for c in concepts:
            known[c["code"]] = c.get("display", "")
            walk(c.get("concept", []))

    walk(system["concept"])
    assert {code: known.get(code) for code, _ in RELATIONSHIPS.values()} == dict(RELATIONSHIPS.values())


def test_an_unknown_relationship_is_refused_with_the_words_allowed():
    with pytest.raises(FhirconvError) as exc:
        convert_text(CASE.replace("relationship: sister", "relationship: sis"))
    line = exc.value.issues[0].one_line()
    assert "'sis' is not allowed" in line and "sister" in line


def test_the_summary_names_the_relative_and_the_conditions():
    conv = convert_text(CASE)
    lines = "\n".join(summary_lines(read_course(conv.bundle)))
    assert "family history: sister, multiple sclerosis, optic neuritis" in lines


def test_half_siblings_nieces_and_great_grandparents_have_their_role_codes():
    from fhirconv.api import convert_text

    conv = convert_text('fhirconv: "1"\nid: fh\npatient: {sex: female}\nfamily_history:\n'
                        "  - {id: a, relationship: half sister, conditions: [lung cancer]}\n"
                        "  - {id: b, relationship: nephew, conditions: [asthma]}\n"
                        "  - {id: c, relationship: great grandmother, conditions: [diabetes mellitus]}\n",
                        "case.yaml")
    codes = [r["relationship"]["coding"][0]["code"] for r in conv.resources
             if r["resourceType"] == "FamilyMemberHistory"]
    assert codes == ["HSIS", "NEPHEW", "GGRMTH"]
