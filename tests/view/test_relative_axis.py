"""A case with no calendar dates but offsets between its steps is drawn on a relative axis."""

from __future__ import annotations

from fhirconv.view import read_course
from fhirconv.view.relative import RELATIVE_URL, offset_text
from fhirconv.view.text import summary_lines
from tests.view.svgparse import SVG, bundle, event, groups, svg_of, words

SUBJECT = {"reference": "urn:uuid:p"}
UCUM = "http://unitsofmeasure.org"


def relative(target: str | None, relationship: str, value: float, unit: str, display: str | None = None) -> dict:
    reference = {"reference": f"urn:uuid:{target}"} if target else {}
    if display:
        reference["display"] = display
    return {"url": RELATIVE_URL, "extension": [
        {"url": "target", "valueReference": reference},
        {"url": "targetPath", "valueString": "period.start"},
        {"url": "relationship", "valueCode": relationship},
        {"url": "offset", "valueDuration": {"value": value, "unit": unit, "system": UCUM, "code": unit}}]}


def _obs(oid: str, text: str, **extra) -> dict:
    return {"resourceType": "Observation", "id": oid, "status": "final", "code": {"text": text},
            "subject": SUBJECT, **extra}


def takotsubo_like() -> dict:
    """Admission is day 0; chest pain 2 days before; troponin on admission; angiography the day after
    the troponin (a chain); the ejection fraction one month later; smoking has no offset."""
    return bundle(
        {"resourceType": "Patient", "id": "p", "gender": "female"},
        {"resourceType": "Encounter", "id": "admission", "status": "finished", "subject": SUBJECT,
         "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP",
                   "display": "inpatient encounter"}, "type": [{"text": "admission"}]},
        {"resourceType": "Condition", "id": "pain", "code": {"text": "chest pain"}, "subject": SUBJECT,
         "_onsetDateTime": {"extension": [relative("admission", "before-start", 2, "d")]}},
        _obs("trop", "troponin I", valueQuantity={"value": 549, "unit": "pg/mL"},
             extension=[relative("admission", "concurrent-with-start", 0, "d")]),
        {"resourceType": "Procedure", "id": "angio", "status": "completed", "code": {"text": "coronary angiography"},
         "subject": SUBJECT, "extension": [relative("trop", "after", 1, "d")]},
        _obs("lvef", "left ventricular ejection fraction", valueQuantity={"value": 60, "unit": "%"},
             _effectiveDateTime={"extension": [relative("admission", "after-start", 1, "mo")]}),
        _obs("smoking", "tobacco smoking status", valueCodeableConcept={"text": "former smoker"}),
        _obs("follow", "follow-up visit note", extension=[relative(None, "after", 3, "mo", display="discharge")]),
        bundle_id="tts-relative")


def test_summary_counts_days_from_day_0():
    lines = summary_lines(read_course(takotsubo_like()))
    assert lines[1] == "day 0 = admission (no calendar dates: steps placed by their offsets)"
    whens = [(line.split("  ")[0].strip(), line) for line in lines[2:]]
    placed = [(w, line) for w, line in whens if w != "undated"]
    assert [w for w, _ in placed] == ["-2 d", "day 0", "day 0", "+1 d", "+1 mo"]
    assert "chest pain" in placed[0][1] and "coronary angiography" in placed[3][1]
    assert "left ventricular ejection fraction: 60 %" in placed[4][1]
    undated = [line for w, line in whens if w == "undated"]
    assert len(undated) == 2 and any("tobacco smoking" in u for u in undated)  # no offset, or another anchor
    assert any("follow-up visit note" in u for u in undated)


def test_svg_relative_axis():
    root = svg_of(takotsubo_like())
    subtitle = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "subtitle")
    assert "0 dated events, 5 placed relative to admission, 2 undated" in "".join(subtitle.itertext())
    axis = next(g for g in groups(root, "axis"))
    assert "relative" in axis.get("class").split() and axis.get("data-zero") == "admission"
    ticks = [("".join(t.itertext()), float(t.get("x"))) for t in axis.iter(f"{SVG}text")
             if t.get("class") == "rel-tick"]
    labels = [t for t, _ in ticks]
    assert "day 0" in labels and "-2 d" in labels and "+2 d" in labels
    assert [x for _, x in ticks] == sorted(x for _, x in ticks)
    assert "day 0 = admission" in words(root)
    zero_x = dict(ticks)["day 0"]
    xs = {ref: float(event(root, ref).get("data-x"))
          for ref in ("Condition/pain", "Encounter/admission", "Observation/trop", "Procedure/angio",
                      "Observation/lvef")}
    assert xs["Condition/pain"] < xs["Encounter/admission"] == xs["Observation/trop"] < xs["Procedure/angio"] \
        < xs["Observation/lvef"]
    assert abs(xs["Observation/trop"] - zero_x) < 1  # on the day 0 tick (labels are centred on ticks)
    assert event(root, "Condition/pain").get("data-offset") == "-2 d"
    assert event(root, "Procedure/angio").get("data-days") == "1"
    listed = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text") if "undated" in (t.get("class") or "")]
    assert any("tobacco smoking status" in t for t in listed)
    assert not any("chest pain" in t for t in listed)  # placed: not listed as undated


def test_calendar_dates_keep_the_calendar_axis():
    b = takotsubo_like()
    b["entry"][3]["resource"]["effectiveDateTime"] = "2024-02-01"
    course = read_course(b)
    assert not course.relative_zero and all(e.rel_days is None for e in course.events)


def test_offset_words():
    assert [offset_text(d, u) for d, u in ((0, "d"), (-15, "d"), (3, "d"), (30.4375, "mo"), (-730.5, "a"),
                                           (14, "wk"))] == ["day 0", "-15 d", "+3 d", "+1 mo", "-2 y", "+2 wk"]


def test_a_step_counted_from_a_start_known_only_by_its_end_is_undated():
    """An admission whose start the source does not give, ended 7 days after surgery, is placed by its
    end; the symptoms dated at the admission's start are not placed there (at +7 d, after the surgery
    they led to) but left undated."""
    course = bundle(
        {"resourceType": "Patient", "id": "p", "gender": "female"},
        {"resourceType": "Procedure", "id": "surgery", "status": "completed", "code": {"text": "parathyroidectomy"},
         "subject": SUBJECT},
        {"resourceType": "Encounter", "id": "admission", "status": "finished", "subject": SUBJECT,
         "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP",
                   "display": "inpatient encounter"}, "type": [{"text": "admission"}],
         "period": {"_end": {"extension": [relative("surgery", "after-start", 7, "d")]}}},
        {"resourceType": "Condition", "id": "pain", "code": {"text": "epigastric pain"}, "subject": SUBJECT,
         "_onsetDateTime": {"extension": [relative("admission", "concurrent-with-start", 0, "d")]}},
        _obs("after", "serum calcium", valueQuantity={"value": 9, "unit": "mg/dL"},
             extension=[relative("surgery", "after", 1, "d")]),
        bundle_id="end-only")
    lines = summary_lines(read_course(course))
    when = {what: line.split("  ")[0].strip() for line in lines[2:]
            for what in ("parathyroidectomy", "serum calcium", "admission", "epigastric pain") if what in line}
    assert when == {"parathyroidectomy": "day 0", "serum calcium": "+1 d", "admission": "+7 d",
                    "epigastric pain": "undated"}
