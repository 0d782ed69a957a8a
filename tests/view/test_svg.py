"""The SVG of the myeloma sample and of a busy course, checked by parsing it."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from fhirconv.view import read_course
from fhirconv.view.html import render_html
from fhirconv.view.svg import render_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def _texts(root: ET.Element) -> list[ET.Element]:
    return [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("data-box")]


def _label(t: ET.Element) -> str:
    return "".join(t.itertext()).replace("".join(x.text or "" for x in t.findall("s:title", NS)), "", 1)


def _box(t: ET.Element) -> tuple[float, ...]:
    return tuple(float(v) for v in t.get("data-box").split())


def _no_overlaps(root: ET.Element) -> None:
    boxes = [(_label(t), _box(t)) for t in _texts(root)]
    assert len(boxes) > 10
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        ax, ay, aw, ah = a
        bx, by, bw, bh = b
        overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
        assert not overlap, (ta, a, tb, b)


def test_myeloma_svg(myeloma_bundle):
    course = read_course(myeloma_bundle)
    svg = render_svg(course)
    root = _parse(svg)
    lanes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if "lane" in _classes(g)]
    condition_lanes = [g for g in lanes if "lane-condition" in _classes(g)]
    conditions = [r for r in course.resources if r.type == "Condition"]
    assert len(condition_lanes) == len(conditions) == 2
    assert {g.get("data-title") for g in condition_lanes} == {
        "multiple myeloma, IgG lambda", "extramedullary plasmacytoma (left orbit)"}

    words = " ".join(_label(t) for t in _texts(root))
    for regimen in ("VAD", "MP", "Bd (bortezomib, dexamethasone) regimen"):
        assert regimen in words, regimen
    for response in ("Very good partial response (VGPR)", "Stringent complete response (sCR)"):
        assert response in words, response  # undated in the source: listed, not placed on the axis
    assert "Relapse (fifth)" in words and "2004" in words and "2011" in words

    events = [g for g in root.iter("{http://www.w3.org/2000/svg}g")
              if "event" in _classes(g) and g.get("data-start")]
    dated = sorted(events, key=lambda g: (g.get("data-start"), float(g.get("data-x"))))
    xs = [float(g.get("data-x")) for g in dated]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    diagnosis = next(g for g in events if g.get("data-start") == "2004")
    assert diagnosis.get("data-precision") == "year"
    assert diagnosis.find("s:rect[@class='partial']", NS) is not None  # a faded year, not a day
    _no_overlaps(root)


def test_busy_svg_labels_do_not_overlap(busy):
    root = _parse(render_svg(read_course(busy)))
    _no_overlaps(root)
    labels = [_label(t) for t in _texts(root)]
    assert "PR <partial> & more" in labels  # escaped in the file, intact when parsed
    assert sum(1 for g in root.iter("{http://www.w3.org/2000/svg}g") if "lane-condition" in _classes(g)) == 4


def test_svg_is_deterministic(busy, myeloma_bundle):
    assert render_svg(read_course(busy)) == render_svg(read_course(busy))
    assert render_svg(read_course(myeloma_bundle)) == render_svg(read_course(myeloma_bundle))
    assert render_html(read_course(myeloma_bundle)) == render_html(read_course(myeloma_bundle))


def test_undated_condition_keeps_its_lane():
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Condition", "id": "c", "code": {"text": "anaemia"},
                      "onsetString": "in childhood"}},
        {"resource": {"resourceType": "Procedure", "id": "p", "code": {"text": "biopsy"},
                      "performedDateTime": "2020-05-04"}},
    ]}
    root = _parse(render_svg(read_course(bundle)))
    lane = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if "lane-condition" in _classes(g))
    assert lane.get("data-title") == "anaemia"
    words = [_label(t) for t in _texts(root)]
    assert "no date given: in childhood" in words  # in its lane, with the source's words
    assert "anaemia — in childhood" in words  # and in the undated list; never placed on the axis
    assert [g.get("data-start") for g in root.iter("{http://www.w3.org/2000/svg}g")
            if "event" in _classes(g) and g.get("data-start")] == ["2020-05-04"]


def test_anyones_bundle_renders(official_bundle):
    root = _parse(render_svg(read_course(official_bundle)))
    words = " ".join(_label(t) for t in _texts(root))
    assert "No resource in this bundle has a date" in words and "Medication/example" in words


def test_myeloma_course_reads_in_order_with_dated_steps_as_markers(myeloma_bundle):
    root = _parse(render_svg(read_course(myeloma_bundle)))
    listed = [_label(t) for t in _texts(root) if _classes(t) & {"undated", "anchor"}]
    anchors = [i for i, t in enumerate(_texts(root)) if "anchor" in _classes(t)]
    assert len(anchors) == 2  # 2004 diagnosis, then the June 2011 relapse and its treatment
    steps = ["2004: multiple myeloma", "VAD", "MP", "transplant (first)", "bortezomib —", "thalidomide",
             "2011-06: Relapse (fifth)", "stem cell collection", "radiotherapy", "transplant (second)",
             "Very good partial response", "lenalidomide", "Stringent complete response"]
    at = [next(i for i, text in enumerate(listed) if step in text) for step in steps]
    assert at == sorted(at), list(zip(steps, at, strict=True))


def test_bundle_out_of_date_order_lists_only_undated_items(myeloma_bundle):
    shuffled = {**myeloma_bundle, "entry": list(reversed(myeloma_bundle["entry"]))}
    root = _parse(render_svg(read_course(shuffled)))
    assert not [t for t in _texts(root) if "anchor" in _classes(t)]
