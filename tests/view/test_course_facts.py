"""What the summary and the timeline say about an item, read from hand-made FHIR: values, dates,
notes, verification, assumed dates, the header, and words instead of ids."""

from __future__ import annotations

from fhirconv.view import read_course
from fhirconv.view.html import render_html
from fhirconv.view.text import summary_lines
from tests.view.svgparse import bundle, event, event_label, svg_of

UCUM = "http://unitsofmeasure.org"
SUBJECT = {"reference": "urn:uuid:p"}
PATIENT = {"resourceType": "Patient", "id": "p", "gender": "female"}


def _qty(value: float, unit: str) -> dict:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def blood_pressure(when: str = "2020-03-02") -> dict:
    return {"resourceType": "Observation", "id": "bp", "status": "final", "code": {"text": "blood pressure"},
            "subject": SUBJECT, "effectiveDateTime": when,
            "component": [{"code": {"text": "systolic blood pressure"}, "valueQuantity": _qty(135, "mm[Hg]")},
                          {"code": {"text": "diastolic blood pressure"}, "valueQuantity": _qty(72, "mm[Hg]")}]}


def test_blood_pressure_components_are_shown_everywhere():
    b = bundle(PATIENT, blood_pressure())
    course = read_course(b)
    assert any(line.endswith("blood pressure: 135/72 mm[Hg]  [final]") for line in summary_lines(course))
    assert event_label(event(svg_of(b), "Observation/bp")) == "blood pressure: 135/72 mm[Hg]"
    assert '<td class="value">135/72 mm[Hg]</td>' in render_html(course)


def test_components_in_different_units_are_named():
    obs = blood_pressure()
    obs["component"].append({"code": {"text": "heart rate"}, "valueQuantity": _qty(80, "/min")})
    (e,) = read_course(bundle(PATIENT, obs)).events
    assert e.label == ("blood pressure: systolic blood pressure 135 mm[Hg]; diastolic blood pressure 72 mm[Hg]; "
                       "heart rate 80 /min")
