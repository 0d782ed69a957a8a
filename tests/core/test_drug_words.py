"""Words before a drug's name that say how it is given ("intravenous antibiotics", "high-dose
steroids"): the drug is coded, the words stay in its text, and the user is told."""

from __future__ import annotations

from fhirconv.api import convert_file

SCT = "http://snomed.info/sct"
CASE = """\
fhirconv: "1"
id: drug-words
patient: {sex: male}
medications:
  - {id: abx, drug: broad-spectrum antibiotics}
  - {id: steroids, drug: high-dose corticosteroids}
  - {id: iv, drug: intravenous ceftriaxone}
  - {id: whole, drug: oral chemotherapy}
  - {id: unknown, drug: oral zzzdrug}
"""


def test_the_drug_is_coded_and_the_words_stay_in_the_text(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = convert_file(str(path))
    meds = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]["medicationCodeableConcept"]
            for e in result.bundle["entry"] if e["resource"]["resourceType"] == "MedicationStatement"}
    assert [c["code"] for c in meds["broad-spectrum antibiotics"]["coding"]] == ["255631004"]  # Antibiotic
    assert [c["code"] for c in meds["high-dose corticosteroids"]["coding"]] == ["79440004"]  # corticosteroids
    assert meds["intravenous ceftriaxone"]["coding"][0]["display"].lower() == "ceftriaxone"
    assert "coding" not in meds["oral zzzdrug"]  # nothing known: text only, with the usual warning
    told = {i.expression: i for i in result.issues if "says how it is given" in i.message}
    assert set(told) == {"$.medications[0].drug", "$.medications[1].drug", "$.medications[2].drug"}
    assert all(i.severity == "information" and i.line for i in told.values())
    assert any("no code known" in i.message and i.expression == "$.medications[4].drug" for i in result.issues)
