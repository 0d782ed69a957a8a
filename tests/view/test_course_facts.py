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


VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def _condition(cid: str, text: str, verification: str, onset: str | None = None) -> dict:
    res = {"resourceType": "Condition", "id": cid, "code": {"text": text}, "subject": SUBJECT,
           "verificationStatus": {"coding": [{"system": VERIFICATION, "code": verification}]}}
    if onset:
        res["onsetDateTime"] = onset
    return res


def _verified(oid: str, cid: str, code: str, when: str) -> dict:
    return {"resourceType": "Observation", "id": oid, "status": "final", "code": {"text": "verification status"},
            "subject": SUBJECT, "focus": [{"reference": f"urn:uuid:{cid}"}], "effectiveDateTime": when,
            "valueCodeableConcept": {"coding": [{"system": VERIFICATION, "code": code}]}}


def test_refuted_and_suspected_conditions_are_told_apart():
    b = bundle(PATIENT, _condition("sepsis", "sepsis", "refuted", "2020-03-01"),
               _verified("v1", "sepsis", "provisional", "2020-03-01"),
               _verified("v2", "sepsis", "refuted", "2020-03-03"),
               _condition("mi", "myocardial infarction", "provisional", "2020-03-01"),
               _condition("flu", "influenza", "entered-in-error"),
               _condition("otitis", "otitis media", "confirmed", "2020-03-02"))
    lines = summary_lines(read_course(b))
    assert any("sepsis: onset 2020-03-01 (ruled out)" in line for line in lines)
    assert any("myocardial infarction: onset 2020-03-01 (suspected)" in line for line in lines)
    assert any("influenza (ruled out)" in line for line in lines)  # undated, still labelled
    assert any("otitis media: onset 2020-03-02  [confirmed]" in line for line in lines)
    # the history of the verification, in order, on the condition's line
    history = [line for line in lines if "(sepsis)" in line]
    assert [h.split()[0] for h in history] == ["2020-03-01", "2020-03-03"]
    assert "suspected (sepsis)" in history[0] and "ruled out (sepsis)" in history[1]

    root = svg_of(b)
    lanes = {g.get("data-title"): g for g in root.iter("{http://www.w3.org/2000/svg}g")
             if g.get("data-lane", "").startswith("condition:")}
    assert "refuted" in (lanes["sepsis"].get("class") or "").split()
    assert lanes["sepsis"].get("data-verification") == "ruled out"
    title = next(t for t in lanes["sepsis"].iter("{http://www.w3.org/2000/svg}text") if "lane-title" in t.get("class"))
    assert "refuted" in title.get("class").split()  # struck through by the stylesheet
    sepsis = event(root, "Condition/sepsis")
    assert "refuted" in sepsis.get("class").split()
    assert sepsis.find("{http://www.w3.org/2000/svg}polygon[@class='ongoing']") is None  # not a disease going on
    assert any(line.get("class") == "strike" for line in sepsis.iter("{http://www.w3.org/2000/svg}line"))
    assert "suspected" in event(root, "Condition/mi").get("class").split()
    assert lanes["myocardial infarction"].get("data-verification") == "suspected"
    assert "refuted" not in event(root, "Condition/otitis").get("class").split()
    assert "ruled out" in event_label(event(root, "Observation/v2"))
    assert "line-through" in render_html(read_course(b))


def test_pinned_dates_are_exact_and_marked_assumed():
    from fhirconv.api import convert_file
    from tests.conftest import MYELOMA

    b = convert_file(str(MYELOMA), set_dates={"second-asct": "2011-10-05"}).bundle
    course = read_course(b)
    vgpr = next(e for e in course.events if e.kind == "response" and e.dated)
    assert str(vgpr.start) == "2012-01" and vgpr.assumed  # 3 months after the pinned day: month precision
    root = svg_of(b)
    g = event(root, vgpr.ref)
    assert "assumed" in g.get("class").split()
    assert g.find("{http://www.w3.org/2000/svg}rect[@class='partial']") is None  # not faded
    assert g.find("{http://www.w3.org/2000/svg}circle") is not None  # a point, like a day
    assert "(date assumed)" in event_label(g)
    relapse = next(e for e in course.events if e.kind == "status" and str(e.start) == "2011-06")
    assert not relapse.assumed  # the source's own "June 2011" stays a faded month
    assert event(root, relapse.ref).find("{http://www.w3.org/2000/svg}rect[@class='partial']") is not None
    assert any("Very good partial response (VGPR) (date assumed)" in line for line in summary_lines(course))


def test_assumed_date_extension_is_read():
    obs = {**blood_pressure("2020-03"),
           "_effectiveDateTime": {"extension": [
               {"url": "https://fhirconv.org/fhir/StructureDefinition/assumed-date", "valueBoolean": True}]}}
    (e,) = read_course(bundle(PATIENT, obs)).events
    assert e.assumed


def _age(value: float, unit: str, when: str = "2020-03-01") -> dict:
    return {"resourceType": "Observation", "id": "age", "status": "final", "subject": SUBJECT,
            "code": {"coding": [{"system": "http://loinc.org", "code": "30525-0", "display": "Age"}], "text": "Age"},
            "effectiveDateTime": when, "valueQuantity": {**_qty(value, unit), "unit": unit}}


def test_header_shows_title_age_and_vital_status_not_the_case_id():
    composition = {"resourceType": "Composition", "id": "doc", "status": "final", "type": {"text": "case report"},
                   "title": "Fever and otitis in an 18-month-old", "date": "2020-03-05", "author": [{"display": "x"}]}
    patient = {**PATIENT, "deceasedBoolean": False}
    b = bundle(patient, composition, _age(18, "mo"), blood_pressure(), bundle_id="paed-otitis-2020")
    course = read_course(b)
    head = summary_lines(course)[0]
    assert head == "Fever and otitis in an 18-month-old · female · 18 months (2020-03-01) · alive"
    root = svg_of(b)
    title, subtitle = (t for t in root.iter("{http://www.w3.org/2000/svg}text")
                       if t.get("class") in ("title", "subtitle"))
    assert "".join(title.itertext()) == "Course: Fever and otitis in an 18-month-old"
    assert "18 months (2020-03-01)" in "".join(subtitle.itertext()) and "alive" in "".join(subtitle.itertext())
    page = render_html(course)
    assert "<h1>Course: Fever and otitis in an 18-month-old</h1>" in page
    assert "<dt>Age</dt><dd>18 months (2020-03-01)</dd>" in page and "<dt>Vital status</dt><dd>alive</dd>" in page


def test_age_units_and_vital_status_observation():
    from fhirconv.view.header import age_text

    assert [age_text(_qty(v, u)) for v, u in ((1, "a"), (3, "wk"), (10, "d"), (58, "a"), (1, "mo"))] == \
        ["1 year", "3 weeks", "10 days", "58 years", "1 month"]
    vital = {"resourceType": "Observation", "id": "vs", "status": "final", "subject": SUBJECT,
             "code": {"text": "Vital status"}, "effectiveDateTime": "2025", "valueCodeableConcept": {"text": "alive"}}
    patient = {**PATIENT, "deceasedBoolean": False, "meta": {"source": "https://doi.org/10.1000/example"}}
    course = read_course(bundle(patient, vital, _age(5, "d")))
    assert course.header.vital_status == "alive (2025)" and course.header.age == "5 days (2020-03-01)"
    assert course.header.title == "https://doi.org/10.1000/example"  # no title anywhere: the source
    dead = read_course(bundle({**PATIENT, "deceasedDateTime": "2021-04-02T10:00:00Z"}))
    assert dead.header.vital_status == "deceased 2021-04-02" and dead.header.title == "hand-made"


def test_myeloma_header_from_the_converter(myeloma_bundle):
    head = summary_lines(read_course(myeloma_bundle))[0]
    assert head == ("Heavily treated IgG-lambda multiple myeloma; second ASCT and low-dose lenalidomide "
                    "maintenance · female · 58 years (2011-06)")


def test_notes_name_items_by_their_labels():
    from fhirconv.view.wording import humanize

    labels = {"ed-visit": "Emergency visit", "second-asct": "autologous stem cell transplant (second)",
              "radiotherapy": "radiotherapy (left orbit)"}
    assert humanize("Date: not known (the date of 'ed-visit', which the source does not give)", labels) == \
        "Date: not known (the date of the emergency visit, which the source does not give)"
    assert humanize("not known (3 months after second-asct, and ‘second-asct’ has no date)", labels) == \
        ("not known (3 months after the autologous stem cell transplant (second), and the autologous stem cell "
         "transplant (second) has no date)")
    assert humanize("derived from ‘2 days before ed-visit (ed-visit: 2020-03-01)’", labels) == \
        "derived from ‘2 days before the emergency visit (Emergency visit: 2020-03-01)’"
    assert humanize("after radiotherapy", labels) == "after radiotherapy"  # the source's own words stay


def test_myeloma_notes_use_words(myeloma_bundle):
    lines = summary_lines(read_course(myeloma_bundle))
    vgpr = next(line for line in lines if "Very good partial response" in line)
    assert "3 months after the autologous peripheral blood stem cell transplant (second)" in vgpr
    assert "second-asct" not in "\n".join(lines) and "'scr'" not in "\n".join(lines)


def test_radiotherapy_dose_from_extensions():
    rt = {"resourceType": "Procedure", "id": "rt", "status": "completed", "code": {"text": "radiotherapy"},
          "subject": SUBJECT, "performedDateTime": "2020-05",
          "extension": [{"url": "http://example.org/fhir/StructureDefinition/radiotherapy-dose-delivered",
                         "extension": [{"url": "totalDoseDelivered", "valueQuantity": _qty(50, "Gy")},
                                       {"url": "fractionsDelivered", "valueUnsignedInt": 25}]}]}
    lines = summary_lines(read_course(bundle(PATIENT, rt)))
    assert lines[-1] == "2020-05  radiotherapy  [completed; 50 Gy in 25 fractions]"
