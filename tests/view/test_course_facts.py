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


def test_an_item_known_only_by_its_end_ends_there():
    stopped = {"resourceType": "MedicationStatement", "id": "ibu", "status": "completed", "subject": SUBJECT,
               "medicationCodeableConcept": {"text": "ibuprofen"}, "effectivePeriod": {"end": "2020-03-10"}}
    resolved = {"resourceType": "Condition", "id": "otitis", "code": {"text": "otitis media"}, "subject": SUBJECT,
                "abatementDateTime": "2020-03"}
    b = bundle(PATIENT, blood_pressure("2020-03-02"), stopped, resolved)
    lines = summary_lines(read_course(b))
    assert "? – 2020-03-10  ibuprofen  [completed]" in lines
    assert any(line.startswith("? – 2020-03") and "otitis media: ended 2020-03 (onset unknown)" in line
               for line in lines)
    root = svg_of(b)
    bp, ibu = event(root, "Observation/bp"), event(root, "MedicationStatement/ibu")
    assert (ibu.get("data-start"), ibu.get("data-end")) == ("", "2020-03-10")
    assert float(ibu.get("data-x")) > float(bp.get("data-x"))  # placed at its end (after the 2 March reading)
    head = next(r for r in ibu.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "open-start")
    # the bar fades in from the left and stops at the end date: it never starts there
    assert abs(float(head.get("x")) + float(head.get("width")) - float(ibu.get("data-x"))) < 0.2
    assert float(head.get("x")) < float(ibu.get("data-x"))
    otitis = event(root, "Condition/otitis")
    assert otitis.get("data-end") == "2020-03" and otitis.get("data-start") == ""


def test_notes_are_shown_beside_the_undated_wording():
    radiotherapy = {"resourceType": "Procedure", "id": "rt", "status": "completed", "code": {"text": "radiotherapy"},
                    "subject": SUBJECT, "performedString": "after stem cell collection",
                    "note": [{"text": "50 Gy in 25 fractions"}]}
    b = bundle(PATIENT, blood_pressure(), radiotherapy)
    lines = summary_lines(read_course(b))
    assert any("radiotherapy" in line and "after stem cell collection; 50 Gy in 25 fractions" in line
               for line in lines)
    listed = [t for t in svg_of(b).iter("{http://www.w3.org/2000/svg}text") if "undated" in (t.get("class") or "")]
    assert any("radiotherapy — after stem cell collection; 50 Gy in 25 fractions" in "".join(t.itertext())
               for t in listed)


def test_notes_of_dated_items_are_in_the_summary():
    obs = {**blood_pressure(), "note": [{"text": "taken seated, left arm"}]}
    lines = summary_lines(read_course(bundle(PATIENT, obs)))
    assert lines[-1].endswith("blood pressure: 135/72 mm[Hg]  [final]  — taken seated, left arm")
