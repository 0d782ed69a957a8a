"""How many doses, infusions or cycles in all ("49 infusions", "12 cycles of FOLFOX") is FHIR's
Timing.repeat.count, and the dosage text says it."""

from __future__ import annotations

from fhirconv.api import convert_text

CASE = """fhirconv: "1"
id: med-count
patient: {sex: female}
medications:
  - {id: f, regimen: FOLFOX, count: 12, frequency: {times: 1, per: week, every: 2}}
  - {id: i, drug: infliximab, dose: {value: 5, unit: mg/kg}, count: 1, route: intravenous}
"""


def test_a_count_is_the_timings_count_and_its_words() -> None:
    conv = convert_text(CASE, "case.yaml")
    statements = [r for r in conv.resources if r["resourceType"] == "MedicationStatement"]
    folfox, infliximab = statements[:3], statements[3]
    for s in folfox:
        dosage = s["dosage"][0]
        assert dosage["timing"]["repeat"] == {"count": 12, "frequency": 1, "period": 2, "periodUnit": "wk"}
        assert dosage["text"] == "once every 2 weeks, 12 cycles in all"
    assert infliximab["dosage"][0]["timing"]["repeat"] == {"count": 1}
    assert infliximab["dosage"][0]["text"].endswith("1 dose in all")
