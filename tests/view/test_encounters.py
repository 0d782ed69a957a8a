"""Encounters on their own lane and in the summary, from hand-made R4 and R5 Bundles."""

from __future__ import annotations

import pytest

from fhirconv.view import read_course
from fhirconv.view.text import summary_lines
from tests.view.svgparse import bundle, event, event_label, groups, svg_of

SUBJECT = {"reference": "urn:uuid:p"}
ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
IDENT = "https://fhirconv.org/fhir/identifier"


def _encounter(version: str, eid: str, cls: str, cls_display: str, type_text: str, start: str, end: str,
               discharge: str | None = None, part_of: str | None = None) -> dict:
    res: dict = {"resourceType": "Encounter", "id": eid, "status": "finished" if version == "R4" else "completed",
                 "identifier": [{"system": IDENT, "value": f"paed-2020/{eid}"}],
                 "type": [{"text": type_text}], "subject": SUBJECT}
    coding = {"system": ACT, "code": cls, "display": cls_display}
    if version == "R4":
        res["class"] = coding
        res["period"] = {"start": start, "end": end}
        if discharge:
            res["hospitalization"] = {"dischargeDisposition": {"text": discharge}}
    else:
        res["class"] = [{"coding": [coding]}]
        res["actualPeriod"] = {"start": start, "end": end}
        if discharge:
            res["admission"] = {"dischargeDisposition": {"text": discharge}}
    if part_of:
        res["partOf"] = {"reference": f"urn:uuid:{part_of}"}
    return res


def paediatric(version: str = "R4") -> dict:
    """An emergency visit followed by an admission with an ICU stay, and items that refer to them."""
    crp = {"resourceType": "Observation", "id": "crp", "status": "final", "subject": SUBJECT,
           "identifier": [{"system": IDENT, "value": "paed-2020/crp"}],
           "code": {"text": "C reactive protein"}, "encounter": {"reference": "urn:uuid:ed-visit"},
           "note": [{"text": "Date: not known (the date of 'ed-visit', which the source does not give)"}]}
    return bundle(
        {"resourceType": "Patient", "id": "p", "gender": "male"},
        _encounter(version, "ed-visit", "EMER", "emergency", "emergency visit", "2020-03-01T10:00:00Z",
                   "2020-03-01T16:00:00Z"),
        _encounter(version, "admission", "IMP", "inpatient encounter", "hospital admission", "2020-03-01",
                   "2020-03-05", discharge="home"),
        _encounter(version, "icu", "ACUTE", "inpatient acute", "intensive care unit stay", "2020-03-02",
                   "2020-03-03", part_of="admission"),
        crp, bundle_id=f"paed-{version}")


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_encounters_are_spans_on_their_own_lane(version):
    root = svg_of(paediatric(version))
    lanes = groups(root, "lane")
    assert lanes[0].get("data-title") == "Encounters" and "lane-encounter" in lanes[0].get("class")
    spans = {g.get("data-ref"): g for g in groups(lanes[0], "event")}
    assert set(spans) == {"Encounter/ed-visit", "Encounter/admission", "Encounter/icu"}
    assert (spans["Encounter/admission"].get("data-start"), spans["Encounter/admission"].get("data-end")) == \
        ("2020-03-01", "2020-03-05")
    assert event_label(spans["Encounter/icu"]) == "intensive care unit stay"
    # the ICU stay lies inside the admission: another row, later on the axis
    assert spans["Encounter/icu"].get("data-row") != spans["Encounter/admission"].get("data-row")
    assert float(spans["Encounter/icu"].get("data-x")) > float(spans["Encounter/admission"].get("data-x"))
    assert any(r.get("class") == "solid" for r in spans["Encounter/admission"].iter("{http://www.w3.org/2000/svg}rect"))


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_encounters_in_the_summary(version):
    lines = summary_lines(read_course(paediatric(version)))
    status = "finished" if version == "R4" else "completed"
    assert f"2020-03-01 – 2020-03-05  hospital admission  [{status}; inpatient encounter; discharged: home]" in lines
    assert any(line.startswith("2020-03-01") and "emergency visit" in line for line in lines)
    assert any(line.startswith("2020-03-02 – 2020-03-03  intensive care unit stay") for line in lines)
    # an undated item says in which encounter it happened, and its note names the visit, not its id
    crp = next(line for line in lines if "C reactive protein" in line)
    assert "during the emergency visit" in crp
    assert "the date of the emergency visit, which the source does not give" in crp and "ed-visit" not in crp
    listed = [" ".join(t.itertext()) for t in svg_of(paediatric(version)).iter("{http://www.w3.org/2000/svg}text")
              if "undated" in (t.get("class") or "")]
    assert any("C reactive protein — Date: not known (the date of the emergency visit" in t for t in listed)
    assert not any("ed-visit" in t for t in listed)


def test_r4_and_r5_encounters_read_alike():
    r4, r5 = read_course(paediatric("R4")), read_course(paediatric("R5"))
    key = [(e.ref, e.label, str(e.start), str(e.end), e.detail) for e in r4.events]
    assert key == [(e.ref, e.label, str(e.start), str(e.end), e.detail) for e in r5.events]
    assert event(svg_of(paediatric("R5")), "Encounter/ed-visit").get("data-precision") == "day"


def test_a_course_of_days_has_a_day_axis():
    root = svg_of(paediatric("R4"))
    axis = next(iter(groups(root, "axis")))
    days = ["".join(t.itertext()) for t in axis.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "day"]
    assert days[0] == "29 Feb 2020" and "1 Mar" in days and "2" in days and "5" in days
    assert (axis.get("data-from"), axis.get("data-to")) == ("2020-02-29", "2020-03-07")
