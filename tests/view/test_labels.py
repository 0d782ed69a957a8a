"""Labels are whole: a short stage label ("I") is never cut, in the lane titles or on the axis."""

from __future__ import annotations

from fhirconv.view import read_course
from fhirconv.view.text import summary_lines
from tests.view.svgparse import bundle, event, event_label, svg_of, words

SUBJECT = {"reference": "urn:uuid:p"}
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def _cancer() -> dict:
    return {"resourceType": "Condition", "id": "bc", "subject": SUBJECT, "onsetDateTime": "2020-03",
            "code": {"text": "invasive ductal carcinoma of the left breast, hormone receptor positive"},
            "clinicalStatus": {"coding": [{"system": CLINICAL, "code": "active", "display": "Active"}],
                               "text": "active, under neoadjuvant treatment with a long status text"},
            "stage": [{"summary": {"text": "I"}, "type": {"text": "clinical TNM stage, AJCC 8th edition"}},
                      {"summary": {"text": "IA"}, "type": {"text": "pathological TNM stage"}}]}


def _stage_obs() -> dict:
    return {"resourceType": "Observation", "id": "st", "status": "final", "subject": SUBJECT,
            "code": {"text": "stage"}, "effectiveDateTime": "2020-03", "valueCodeableConcept": {"text": "I"}}


def test_short_stage_labels_are_whole():
    b = bundle({"resourceType": "Patient", "id": "p"}, _cancer(), _stage_obs())
    root = svg_of(b)
    shown = words(root)
    assert "clinical stage I" in shown and "pathological stage IA" in shown
    # every event of this one-month course is a span over the whole axis: no room beside the marks,
    # and still the labels are whole
    assert event_label(event(root, "Observation/st")) == "stage: I"
    assert not [w for w in shown if w.endswith("…") and len(w) < 25]
    lines = summary_lines(read_course(b))
    assert any("hormone receptor positive, clinical stage I, pathological stage IA: onset 2020-03" in line
               for line in lines)
