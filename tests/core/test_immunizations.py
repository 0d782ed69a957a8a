"""Vaccines a case report names are Immunization resources (R4 and R5), valid in every layer; a
vaccine with no date keeps the source's words as occurrenceString; IPS lists them in its
Immunizations section; a condition may be due to one (condition-dueTo allows Immunization)."""

from __future__ import annotations

import pytest

from fhirconv.api import convert_text
from fhirconv.validate import validate_resource_tree

CASE = """\
fhirconv: "1"
id: vaccinated
patient: {sex: male, age: {weeks: 14, at: admission}}
timeline:
  admission: {date: 2014-05-10, text: hospitalised with persistent vomiting}
immunizations:
  - {id: rota-1, vaccine: rotavirus vaccine, dose_number: 1, when_text: at 6 weeks of age}
  - {id: rota-2, vaccine: rotavirus vaccine, dose_number: 2, date: 12 hours before admission, route: oral}
  - {id: bcg, vaccine: BCG vaccine}
  - {id: mmr, vaccine: MMR vaccine, status: not-done, note: deferred}
conditions:
  - {id: intussusception, condition: intussusception, onset: admission, due_to: rota-2}
"""


def find(conv, key):
    value = f"{conv.case_id}/{key}"
    return next(r for r in conv.resources if any(i["value"] == value for i in r.get("identifier", [])))


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_immunizations_in_both_versions(version):
    conv = convert_text(CASE, fhir_version=version)
    first, second = find(conv, "rota-1"), find(conv, "rota-2")
    assert first["resourceType"] == "Immunization" and first["status"] == "completed"
    assert first["vaccineCode"]["text"] == "rotavirus vaccine"
    assert first["occurrenceString"] == "at 6 weeks of age"  # the source's words, no invented date
    assert second["occurrenceDateTime"] == "2014-05"        # 12 hours before 10 May: 9 or 10 May
    dose = "doseNumber" if version == "R5" else "doseNumberPositiveInt"
    assert second["protocolApplied"] == [{dose: "2" if version == "R5" else 2}]
    assert second["route"]["text"] == "oral"
    assert find(conv, "bcg")["occurrenceString"] == "the source gives no date"
    mmr = find(conv, "mmr")
    assert mmr["status"] == "not-done" and mmr["note"] == [{"text": "deferred"}]
    due = next(e for e in find(conv, "intussusception")["extension"] if e["url"].endswith("condition-dueTo"))
    assert due["valueReference"]["reference"] == f"Immunization/{second['id']}"
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []


def test_ips_immunizations_section():
    conv = convert_text(CASE, profile="ips")
    composition = conv.bundle["entry"][0]["resource"]
    section = next(s for s in composition["section"] if s["code"]["coding"][0]["code"] == "11369-6")
    assert section["title"] == "Immunizations" and len(section["entry"]) == 4
    shots = [r for r in conv.resources if r["resourceType"] == "Immunization"]
    assert all(r["meta"]["profile"] == ["http://hl7.org/fhir/uv/ips/StructureDefinition/Immunization-uv-ips"]
               for r in shots)
    issues = validate_resource_tree(conv.bundle)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []


def test_no_immunizations_no_section():
    conv = convert_text(CASE.split("immunizations:")[0], profile="ips")
    composition = conv.bundle["entry"][0]["resource"]
    assert "11369-6" not in {s["code"]["coding"][0]["code"] for s in composition["section"]}
