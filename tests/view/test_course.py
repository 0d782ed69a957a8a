"""Reading Bundles into course events: ours, hand-made, anyone's, R4 and R5."""

from __future__ import annotations

import copy

from fhirconv.view import read_course
from fhirconv.view.course import extension_value
from fhirconv.view.dates import parse_date
from tests.view.conftest import busy_bundle


def test_partial_dates_keep_their_precision():
    assert parse_date("2011").precision == "year"
    assert str(parse_date("2011-06")) == "2011-06"
    d = parse_date("2011-06")
    assert (d.first.isoformat(), d.last.isoformat()) == ("2011-06-01", "2011-06-30")
    assert parse_date("2012-02-29T10:00:00+01:00").precision == "day"
    assert parse_date("2011-02-30") is None
    assert parse_date("soon") is None


def test_myeloma_sample_course(myeloma_bundle):
    course = read_course(myeloma_bundle)
    conditions = [lane for lane in course.lanes if lane.kind == "condition"]
    assert [lane.title for lane in conditions] == ["multiple myeloma, IgG lambda",
                                                   "extramedullary plasmacytoma (left orbit)"]
    assert "due to multiple myeloma" in conditions[1].subtitle
    myeloma = next(e for e in course.events if e.kind == "condition" and e.lane == conditions[0].key)
    # In remission at the end of the report (sCR): no abatement, and not drawn as ongoing active disease.
    assert str(myeloma.start) == "2004" and myeloma.start.precision == "year" and not myeloma.ongoing
    relapse = next(e for e in course.events if e.kind == "status")
    assert relapse.lane == conditions[0].key and str(relapse.start) == "2011-06"
    assert "fifth" in relapse.label.lower() or "5th" in relapse.label
    regimens = {lane.title for lane in course.lanes if lane.key.startswith("regimen:")}
    assert len(regimens) == 3 and any(t.startswith("VAD") for t in regimens)
    assert any(t.startswith("MP") for t in regimens)
    responses = [e for e in course.events if e.kind == "response"]
    assert len(responses) == 2 and all(not e.dated for e in responses)
    # no date is ever invented: what the source does not date stays undated, with its wording
    for e in course.undated_events():
        assert e.start is None and e.note, e


def test_handmade_bundle_regimens_and_unknown_extensions(handmade_bundle):
    course = read_course(handmade_bundle)
    bd = next(lane for lane in course.lanes if lane.title.startswith("bortezomib-dexamethasone"))
    drugs = sorted(e.label for e in course.events if e.lane == bd.key and e.kind == "medication")
    assert drugs == ["bortezomib", "dexamethasone"]
    assert bd.subtitle == "induction"
    lenalidomide = next(lane for lane in course.lanes if lane.title == "lenalidomide")
    assert lenalidomide.subtitle == "maintenance"  # the unknown extension beside it is ignored


def test_extension_names_match_whole_words():
    res = {"extension": [{"url": "https://x.org/StructureDefinition/timeline-anchor", "valueString": "no"},
                         {"url": "https://fhirconv.org/fhir/StructureDefinition/therapy-line",
                          "valuePositiveInt": 2},
                         {"url": "https://x.org/lineOfTherapy", "valueInteger": 9}]}
    assert extension_value(res, "line") == "2"
    assert extension_value({"extension": res["extension"][2:]}, "line") == "9"
    assert extension_value({"extension": [{"url": "broken"}, "junk"]}, "line") == ""


def test_reads_anyones_bundle(official_bundle):
    course = read_course(official_bundle)
    assert [r.type for r in course.resources] == ["MedicationRequest", "Medication"]
    (event,) = course.events
    assert event.kind == "medication" and not event.dated
    assert event.label == "Medication/example"  # medicationReference resolved through the bundle


def test_r5_spellings_read_like_r4():
    r4, r5 = read_course(busy_bundle("R4")), read_course(busy_bundle("R5"))
    assert r5.fhir_version == "R5" and r4.fhir_version == "R4"
    key = [(e.ref, e.label, str(e.start), str(e.end)) for e in r4.events]
    assert key == [(e.ref, e.label, str(e.start), str(e.end)) for e in r5.events]


def test_status_observation_without_its_condition_still_shows(busy):
    bundle = copy.deepcopy(busy)
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["id"] != "c1"]
    course = read_course(bundle)
    statuses = [e for e in course.events if e.kind == "status"]
    assert len(statuses) == 4 and {e.lane for e in statuses} == {"condition-status"}
