"""Label rows and positions: labels never overlap, x follows the date, partial dates are spans."""

from __future__ import annotations

import itertools

from fhirconv.view import read_course
from fhirconv.view.layout import Box, assign_rows, layout_course
from fhirconv.view.textsize import fit_text, text_width, wrap_text


def test_assign_rows_greedy_first_fit():
    extents = [(0, 50), (40, 90), (60, 100), (95, 120), (200, 210)]
    rows = assign_rows(extents, gap=8)
    assert rows == [0, 1, 0, 2, 0]
    for (a, ra), (b, rb) in itertools.combinations(zip(extents, rows, strict=True), 2):
        if ra == rb:
            assert a[1] + 8 <= b[0] or b[1] + 8 <= a[0]


def test_text_helpers():
    assert text_width("WWW", 10) > text_width("iii", 10)
    cut = fit_text("a very long regimen name indeed", 11, 60)
    assert cut.endswith("…") and text_width(cut, 11) <= 60
    lines = wrap_text("bortezomib-dexamethasone regimen with a long name", 12, 120, 2, bold=True)
    assert len(lines) == 2 and all(text_width(x, 12, True) <= 120 for x in lines)


def _boxes(layout):
    return [(t.text, t.box) for t in layout.texts()]


def test_forty_events_no_label_overlaps(busy):
    course = read_course(busy)
    assert sum(1 for e in course.events if e.dated) >= 35
    layout = layout_course(course)
    boxes = _boxes(layout)
    for (ta, a), (tb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (ta, a, tb, b)
    # labels stay inside the picture
    for text, box in boxes:
        assert box.x >= 0 and box.x1 <= layout.width, text


def test_x_follows_dates_and_partial_dates_are_spans(busy):
    layout = layout_course(read_course(busy))
    marks = [m for lane in layout.lanes for m in lane.marks]
    ordered = sorted(marks, key=lambda m: m.event.start.first)
    xs = [m.x_date for m in ordered]
    assert xs == sorted(xs)
    month = next(m for m in marks if m.event.label == "1st relapse")  # "2016-11"
    day = next(m for m in marks if m.event.label == "2nd relapse")  # "2017-09-15"
    assert month.shape == "span" and month.x1 - month.x0 >= 5
    assert day.shape == "point"
    zoster = next(m for m in marks if m.event.label == "onset 2017")  # year-only onset and end
    assert zoster.solid is None and zoster.fade_in is not None
    maintenance = next(m for m in marks if m.event.label == "lenalidomide maintenance")
    assert maintenance.ongoing and maintenance.x1 == layout.plot_x1


def test_box_overlap():
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 10, 10))
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 10, 10))
