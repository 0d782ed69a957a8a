"""Where everything goes: one geometry shared by the SVG and PNG renderers.

Time runs left to right in years (and months when there is room). Each lane holds its events in
rows; an event and its label share a row, and rows are filled greedily so that no two label boxes
overlap. Dates known only to the month or year span that month or year, drawn faded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from fhirconv.view.course import Course, Event, Lane
from fhirconv.view.dates import PartialDate
from fhirconv.view.textsize import fit_text, text_width, wrap_text

WIDTH = 1200
MARGIN = 16
GUTTER = 230  # lane titles
ROW_H = 22
MARK_H = 14
LABEL_SIZE = 11.0
TITLE_SIZE = 12.0
SUB_SIZE = 10.5
LANE_PAD = 6
LABEL_GAP = 4
ROW_GAP = 8  # horizontal room kept between neighbours in a row
MIN_SPAN = 5.0  # narrowest drawn span (px), so a month is visible on a 30-year axis
TAIL = 28.0  # fading tail of a period whose end is not known
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1


@dataclass
class TextItem:
    """A line of text with its box (``x``/``y`` of the box's top-left; baseline is derived)."""

    text: str
    box: Box
    size: float
    bold: bool = False
    css: str = "label"
    anchor: str = "start"
    full: str = ""  # the uncut text, for a tooltip

    @property
    def baseline(self) -> float:
        return self.box.y + self.size * 0.95

    @property
    def anchor_x(self) -> float:
        return self.box.x + self.box.w / 2 if self.anchor == "middle" else self.box.x


@dataclass
class Mark:
    """One dated event as drawn: a bar (period), a point (day) or a faded span (month/year)."""

    event: Event
    shape: str  # "bar" | "point" | "span"
    x0: float
    x1: float
    y: float = 0.0
    row: int = 0
    solid: tuple[float, float] | None = None  # exact part of a bar
    fade_in: tuple[float, float] | None = None  # start known to month/year
    fade_out: tuple[float, float] | None = None  # end known to month/year
    ongoing: bool = False  # drawn to the axis end with an arrow
    open_tail: tuple[float, float] | None = None  # end not known: short fading tail
    open_head: tuple[float, float] | None = None  # start not known (only the end is): fading head
    label: TextItem | None = None
    label_inside: bool = False
    x_date: float = 0.0  # x of the first possible day: the event's position in time

    @property
    def extent(self) -> tuple[float, float]:
        lo, hi = self.x0, self.x1
        if self.label is not None:
            lo, hi = min(lo, self.label.box.x), max(hi, self.label.box.x1)
        return lo, hi


@dataclass
class LaneBox:
    lane: Lane
    y: float
    h: float
    title: list[TextItem]
    rows: int
    marks: list[Mark]
    empty_text: TextItem | None = None


@dataclass
class Tick:
    x: float
    label: TextItem | None
    major: bool


@dataclass
class UndatedLine:
    kind: str
    refs: list[str]
    text: TextItem
    glyph_x: float
    glyph_y: float


@dataclass
class Layout:
    width: float
    height: float
    plot_x0: float
    plot_x1: float
    header: list[TextItem]
    legend: list[tuple[str, str, TextItem]]  # (kind, style, text)
    axis_y: float
    axis_h: float
    ticks: list[Tick]
    lanes: list[LaneBox]
    undated_title: TextItem | None
    undated: list[UndatedLine] = field(default_factory=list)
    domain: tuple[date, date] | None = None
    axis_caption: TextItem | None = None  # "day 0 = admission" on a relative axis

    def texts(self) -> list[TextItem]:
        """Every text placed, for overlap checks."""
        out = [*self.header, *(t for _, _, t in self.legend)]
        out += [t.label for t in self.ticks if t.label]
        if self.axis_caption:
            out.append(self.axis_caption)
        for lane in self.lanes:
            out += lane.title
            out += [m.label for m in lane.marks if m.label]
            if lane.empty_text:
                out.append(lane.empty_text)
        if self.undated_title:
            out.append(self.undated_title)
        out += [u.text for u in self.undated]
        return out


class TimeScale:
    """Days to x: whole years, whole months when the course is shorter than a year, or days (with a
    day on each side) when it lasts a few weeks, such as an emergency visit and an admission."""

    DAY_MODE_MAX = 45  # days

    def __init__(self, first: date, last_excl: date, x0: float, x1: float):
        self.by_day = (last_excl - first).days <= self.DAY_MODE_MAX
        if self.by_day:
            self.d0, self.d1 = first - timedelta(days=1), last_excl + timedelta(days=1)
        elif (last_excl - first).days > 330:
            self.d0 = date(first.year, 1, 1)
            self.d1 = date(last_excl.year + (0 if last_excl == date(last_excl.year, 1, 1) else 1), 1, 1)
        else:
            self.d0 = date(first.year, first.month, 1)
            y, m = last_excl.year, last_excl.month
            self.d1 = last_excl if last_excl.day == 1 else date(y + m // 12, m % 12 + 1, 1)
            if self.d1 <= self.d0:
                self.d1 = date(self.d0.year + self.d0.month // 12, self.d0.month % 12 + 1, 1)
        self.x0, self.x1 = x0, x1
        self.days = max((self.d1 - self.d0).days, 1)

    def x(self, d: date) -> float:
        return self.x0 + (d.toordinal() - self.d0.toordinal()) / self.days * (self.x1 - self.x0)

    def _day_ticks(self, y: float) -> list[Tick]:
        """A tick per day (or every 2 or 7 days), labelled "1 Mar 2020" first and at a new month."""
        day_w = (self.x1 - self.x0) / self.days
        step = next((s for s in (1, 2, 7, 14) if day_w * s >= 34), 28)
        ticks: list[Tick] = []
        shown_month = None
        last_end = -1e9
        for k in range(0, self.days + 1, step):
            d = self.d0 + timedelta(days=k)
            if d >= self.d1 and k:
                break
            month = (d.year, d.month)
            text = f"{d.day} {MONTHS[d.month - 1]}" if month != shown_month else str(d.day)
            if shown_month is None:
                text += f" {d.year}"
            w = text_width(text, 9, bold=month != shown_month)
            label = None
            if self.x(d) + 2 + w <= self.x1 + 1 and self.x(d) + 2 >= last_end + 6:  # labels never touch
                label = TextItem(text, Box(self.x(d) + 2, y + 4, w, 9 * 1.25), 9, month != shown_month, "day")
                shown_month, last_end = month, self.x(d) + 2 + w
            ticks.append(Tick(self.x(d), label, d.day == 1 or k == 0))
        return ticks

    def ticks(self, y: float) -> list[Tick]:
        if self.by_day:
            return self._day_ticks(y)
        ticks: list[Tick] = []
        years = list(range(self.d0.year, self.d1.year + 1))
        year_w = (self.x1 - self.x0) * 365.25 / self.days
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if year_w * s >= 44)
        month_w = year_w / 12
        for year in years:
            d = date(year, 1, 1)
            if self.d0 <= d <= self.d1:
                label = None
                if year % step == 0 and d < self.d1:
                    text = str(year)
                    w = text_width(text, LABEL_SIZE, bold=True)
                    span = min(year_w * step, self.x1 - self.x(d))
                    lx = self.x(d) + (span - w) / 2 if span >= w + 4 else self.x(d) + 2
                    label = TextItem(text, Box(lx, y + 2, w, LABEL_SIZE * 1.25), LABEL_SIZE, True, "year")
                ticks.append(Tick(self.x(d), label, True))
            if month_w < 5:
                continue
            for month in range(1, 13):
                md = date(year, month, 1)
                if not self.d0 <= md < self.d1:
                    continue
                text = MONTHS[month - 1]
                w = text_width(text, 9)
                label = None
                if month_w >= w + 6:
                    mx = self.x(md) + (month_w - w) / 2
                    label = TextItem(text, Box(mx, y + 18, w, 9 * 1.25), 9, False, "month")
                ticks.append(Tick(self.x(md), label, False))
        ticks.sort(key=lambda t: (t.x, not t.major))
        return ticks


_REL_STEPS = (1.0, 2.0, 5.0, 7.0, 14.0, 30.4375, 91.3125, 182.625, 365.25, 730.5, 1826.25, 3652.5)


class RelScale:
    """Days from day 0 to x, for a course dated only relative to its own events."""

    def __init__(self, lo: float, hi: float, x0: float, x1: float):
        pad = max((hi - lo) * 0.04, 0.5)
        self.lo, self.hi = min(lo, 0.0) - pad, max(hi, 0.0) + pad
        self.x0, self.x1 = x0, x1

    def x(self, days: float) -> float:
        return self.x0 + (days - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)

    def ticks(self, y: float) -> list[Tick]:
        from math import ceil, floor

        from fhirconv.view.relative import offset_text

        px_per_day = (self.x1 - self.x0) / (self.hi - self.lo)
        step = next((s for s in _REL_STEPS if s * px_per_day >= 48), _REL_STEPS[-1])
        unit = "d" if step < 28 else "mo" if step < 365 else "a"
        ticks: list[Tick] = []
        for k in range(ceil(self.lo / step), floor(self.hi / step) + 1):
            days = k * step
            x = self.x(days)
            text = offset_text(days, unit)
            w = text_width(text, LABEL_SIZE, bold=k == 0)
            lx = min(max(x - w / 2, self.x0), self.x1 - w)
            label = TextItem(text, Box(lx, y + 2, w, LABEL_SIZE * 1.25), LABEL_SIZE, k == 0, "rel-tick",
                             anchor="middle")
            ticks.append(Tick(x, label, True))
        return ticks


def _rel_mark(event: Event, scale: RelScale) -> Mark:
    """A step placed by its offset: a point, or a bar from it when it is a period."""
    assert event.rel_days is not None
    x = scale.x(event.rel_days)
    if not event.is_period:
        return Mark(event, "point", x - 6, x + 6, x_date=x)
    mark = Mark(event, "bar", x, x + MIN_SPAN, x_date=x)
    if event.ongoing:
        mark.ongoing, mark.solid, mark.x1 = True, (x, scale.x1), scale.x1
    else:
        mark.open_tail, mark.x1 = (x, x + TAIL), x + TAIL
    return mark


def _span(scale: TimeScale, d: PartialDate) -> tuple[float, float]:
    return scale.x(d.first), scale.x(d.end_exclusive)


def _end_only_mark(event: Event, scale: TimeScale) -> Mark:
    """An item known only by its end: a bar fading in from the left that ends at that date, so it is
    never read as starting then."""
    assert event.end is not None
    e0, e1 = _span(scale, event.end)
    end_at = e1 if event.end.precision == "day" else e0
    head0 = max(scale.x0, end_at - TAIL)
    mark = Mark(event, "bar", head0, max(e1, head0 + MIN_SPAN), x_date=end_at)
    mark.open_head = (head0, end_at)
    if event.end.precision != "day":
        mark.fade_out = (e0, e1)
    return mark


def _exact(event: Event, d: PartialDate) -> bool:
    """Drawn as an exact date: known to the day, or pinned by the user (an assumed date is a choice,
    not a vague source: it is drawn exact and marked as assumed)."""
    return d.precision == "day" or event.assumed


def _mark(event: Event, scale: TimeScale) -> Mark:
    if event.start is None:
        return _end_only_mark(event, scale)
    s0, s1 = _span(scale, event.start)
    if event.assumed and event.start.precision != "day":
        s1 = s0 + 0.01  # the pinned date is its first day, drawn as one
    if not event.is_period:
        if _exact(event, event.start):
            x = (s0 + s1) / 2
            return Mark(event, "point", x - 6, x + 6, x_date=s0)
        if s1 - s0 < MIN_SPAN:
            mid = (s0 + s1) / 2
            s0, s1 = mid - MIN_SPAN / 2, mid + MIN_SPAN / 2
        return Mark(event, "span", s0, s1, fade_in=(s0, s1), x_date=s0)
    mark = Mark(event, "bar", s0, s1, x_date=s0)
    if not _exact(event, event.start):
        mark.fade_in = (s0, s1)
        solid_from = s1
    else:
        solid_from = s0
    if event.end is not None and event.end >= event.start:
        e0, e1 = _span(scale, event.end)
        if not _exact(event, event.end):
            if e0 > solid_from:
                mark.fade_out = (e0, e1)
            elif e1 > solid_from:
                mark.fade_out = (solid_from, e1)
            solid_to = e0
        else:
            solid_to = e1
        if solid_to > solid_from:
            mark.solid = (solid_from, solid_to)
        mark.x1 = max(s1, e1)
    elif event.ongoing:
        mark.ongoing = True
        mark.solid = (solid_from, scale.x1)
        mark.x1 = scale.x1
    else:
        mark.open_tail = (solid_from, solid_from + TAIL)
        mark.x1 = solid_from + TAIL
    if mark.x1 - mark.x0 < MIN_SPAN:
        mark.x1 = mark.x0 + MIN_SPAN
    return mark


def _place_label(mark: Mark, plot_x0: float, plot_x1: float) -> None:
    text = mark.event.label + (" (date assumed)" if mark.event.assumed else "")
    w = text_width(text, LABEL_SIZE)
    h = LABEL_SIZE * 1.25
    bar_w = mark.x1 - mark.x0
    if mark.shape == "bar" and bar_w >= w + 2 * LABEL_GAP + 6:
        x = mark.x0 + LABEL_GAP + (6 if mark.fade_in and mark.fade_in[1] - mark.fade_in[0] > w else 0)
        x = min(x, mark.x1 - LABEL_GAP - w)
        mark.label = TextItem(text, Box(x, 0, w, h), LABEL_SIZE, full=text)
        mark.label_inside = True
        return
    avail_right = plot_x1 - (mark.x1 + LABEL_GAP)
    avail_left = (mark.x0 - LABEL_GAP) - plot_x0
    if w <= avail_right:
        shown, sw, x = text, w, mark.x1 + LABEL_GAP
    elif w <= avail_left:
        shown, sw, x = text, w, mark.x0 - LABEL_GAP - w
    elif w <= plot_x1 - plot_x0:
        # no room beside the mark (a span over the whole axis): the label goes whole over its own
        # row, inside the plot; a short label such as a stage "I" is never cut
        shown, sw = text, w
        x = min(max(mark.x1 + LABEL_GAP, plot_x0 + 2), plot_x1 - w)
    elif avail_right >= avail_left:
        shown = fit_text(text, LABEL_SIZE, max(avail_right, 20))
        sw = text_width(shown, LABEL_SIZE)
        x = mark.x1 + LABEL_GAP
    else:
        shown = fit_text(text, LABEL_SIZE, max(avail_left, 20))
        sw = text_width(shown, LABEL_SIZE)
        x = mark.x0 - LABEL_GAP - sw
    mark.label = TextItem(shown, Box(x, 0, sw, h), LABEL_SIZE, full=text)


def assign_rows(extents: list[tuple[float, float]], gap: float = ROW_GAP) -> list[int]:
    """Greedy rows: each interval, in order of its start, goes to the first row it fits in.

    Returns the row of each interval (same order as given). Intervals in one row are at least
    ``gap`` apart, so labels never touch; taking them by start gives the fewest rows.
    """
    order = sorted(range(len(extents)), key=lambda i: (extents[i][0], extents[i][1], i))
    row_ends: list[float] = []
    rows = [0] * len(extents)
    for i in order:
        lo, hi = extents[i]
        for r, end in enumerate(row_ends):
            if lo >= end + gap:
                rows[i] = r
                row_ends[r] = hi
                break
        else:
            rows[i] = len(row_ends)
            row_ends.append(hi)
    return rows


def _timeline_events(course: Course, lane: Lane) -> list[Event]:
    """The placed events of a lane; a regimen's own bar is left out when its drugs have dates."""
    events = [e for e in course.events if e.lane == lane.key and e.placed]
    if any(e.kind == "medication" for e in events):
        events = [e for e in events if e.kind != "regimen"]
    return sorted(events, key=lambda e: (e.rel_days or 0.0, *Event.sort_key(e)))


def in_course_order(course: Course) -> bool:
    """The Bundle lists the course in date order, undated steps in their place (a case with a
    ``sequence``): then the undated list keeps the dated steps as markers between them."""
    return bool(course.dated_events()) and bool(course.undated_events()) and \
        course.in_bundle_order_is_chronological()


def _anchor_line(events: list[Event], course: Course) -> tuple[str, list[str], str]:
    """One line for a run of dated events: where the timeline above takes over."""
    names: list[str] = []
    for e in events:
        lane = course.lane_by_key.get(e.lane)
        name = lane.title if lane is not None and e.kind in ("condition", "medication", "regimen") else e.label
        if name not in names:
            names.append(name)
    whens = list(dict.fromkeys(str(e.start) if e.start else e.when() for e in events))
    return ("anchor", [e.ref for e in events], f"{', '.join(whens)}: {'; '.join(names)} (on the timeline above)")


def _undated_lines(course: Course) -> list[tuple[str, list[str], str]]:
    """(kind, refs, text) per undated item in bundle order; a regimen's undated drugs are one line.
    When the Bundle is in course order, runs of dated events appear as ``anchor`` lines in between."""
    lines: list[tuple[str, list[str], str]] = []
    regimen_at: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    in_order = in_course_order(course)
    events = sorted(course.events, key=lambda e: e.index) if in_order else course.undated_events()
    run: list[Event] = []
    for e in [*events, None]:
        if e is not None and e.dated:
            run.append(e)
            continue
        if run:
            lines.append(_anchor_line(run, course))
            run = []
        if e is None:
            break
        lane = course.lane_by_key.get(e.lane)
        if lane is not None and lane.key.startswith("regimen:") and e.kind in ("regimen", "medication"):
            if lane.key not in regimen_at:
                regimen_at[lane.key] = len(lines)
                members[lane.key] = []
                lines.append(("medication", [], e.note))
            kind, refs, note = lines[regimen_at[lane.key]]
            refs.append(e.ref)
            if e.kind == "medication":
                members[lane.key].append(e.label)
            lines[regimen_at[lane.key]] = (kind, refs, note or e.note)
            continue
        what = e.label
        if e.kind == "condition" and lane is not None:
            what = lane.title + (f" ({lane.verification})" if lane.verification else "")
        if e.kind == "status" and lane is not None and lane.kind == "condition":
            what = f"{e.label} ({lane.title})"
        if e.kind == "medication" and lane is not None and lane.subtitle:
            what = f"{e.label} ({lane.subtitle})"
        if e.kind == "procedure" and e.detail:  # a radiotherapy dose: "radiotherapy (50.4 Gy)"
            what = f"{e.label} ({e.detail})"
        lines.append((e.kind, [e.ref], f"{what} — {e.note}" if e.note else what))
    for key, at in regimen_at.items():
        kind, refs, note = lines[at]
        lane = course.lane_by_key[key]
        names = list(dict.fromkeys(members[key]))
        listed = all(name.lower() in lane.title.lower() for name in names)
        head = lane.title + (f" ({', '.join(names)})" if names and not listed else "")
        if lane.subtitle:
            head += f", {lane.subtitle}"
        lines[at] = (kind, refs, f"{head} — {note}" if note else head)
    return lines


def layout_course(course: Course, width: float = WIDTH) -> Layout:
    """Compute the whole picture for ``course``."""
    plot_x0 = MARGIN + GUTTER
    plot_x1 = width - MARGIN - 8
    y = MARGIN

    header: list[TextItem] = []
    title = f"Course: {course.heading}"
    shown = fit_text(title, 16, width - 2 * MARGIN, True)
    box = Box(MARGIN, y, text_width(shown, 16, True), 20)
    header.append(TextItem(shown, box, 16, True, "title", full=title))
    y += 24
    sub = _subtitle(course)
    shown = fit_text(sub, SUB_SIZE, width - 2 * MARGIN)
    header.append(TextItem(shown, Box(MARGIN, y, text_width(shown, SUB_SIZE), SUB_SIZE * 1.25), SUB_SIZE,
                           css="subtitle", full=sub))
    y += 20

    legend: list[tuple[str, str, TextItem]] = []
    lx = MARGIN
    kinds = {e.kind for e in course.events}
    for kind, style, text in _LEGEND:
        if kind in _LEGEND_IF_PRESENT and kind not in kinds:
            continue
        w = text_width(text, SUB_SIZE)
        if lx + 18 + w > width - MARGIN:
            lx = MARGIN
            y += 18
        item = TextItem(text, Box(lx + 18, y, w, SUB_SIZE * 1.25), SUB_SIZE, css="legend")
        legend.append((kind, style, item))
        lx += 18 + w + 16
    y += 26

    dated = course.dated_events()
    relative = [] if dated else course.relative_events()
    lanes_out: list[LaneBox] = []
    ticks: list[Tick] = []
    axis_y = y
    axis_h = 0.0
    domain = None
    caption = None
    if dated or relative:
        if dated:
            first = min(e.anchor.first for e in dated if e.anchor)
            last = max(
                max(e.anchor.end_exclusive, e.end.end_exclusive if e.end else e.anchor.end_exclusive)
                for e in dated if e.anchor
            )
            scale: TimeScale | RelScale = TimeScale(first, last, plot_x0, plot_x1)
            domain = (scale.d0, scale.d1)
            ticks = scale.ticks(axis_y)
            axis_h = 34.0 if any(t.label and t.label.css == "month" for t in ticks) else 22.0
        else:
            days = [e.rel_days for e in relative if e.rel_days is not None]
            scale = RelScale(min(days), max(days), plot_x0, plot_x1)
            ticks = scale.ticks(axis_y)
            axis_h = 22.0
            text = f"day 0 = {course.relative_zero}"
            shown = fit_text(text, SUB_SIZE, GUTTER - 14, True)
            caption = TextItem(shown, Box(MARGIN + 4, axis_y + 4, text_width(shown, SUB_SIZE, True),
                                          SUB_SIZE * 1.25), SUB_SIZE, True, "axis-caption", full=text)
        y = axis_y + axis_h + 4
        for lane in course.lanes:
            events = _timeline_events(course, lane)
            if not events and lane.kind != "condition":
                continue
            marks = [_mark(e, scale) if isinstance(scale, TimeScale) else _rel_mark(e, scale) for e in events]
            for m in marks:
                _place_label(m, plot_x0, plot_x1)
            rows = assign_rows([m.extent for m in marks])
            for m, r in zip(marks, rows, strict=True):
                m.row = r
            nrows = max(rows, default=-1) + 1
            title_lines = wrap_text(lane.title, TITLE_SIZE, GUTTER - 14, 2, bold=True)
            text_h = len(title_lines) * TITLE_SIZE * 1.25 + (SUB_SIZE * 1.3 if lane.subtitle else 0) \
                + len(lane.stages) * SUB_SIZE * 1.3
            h = max(nrows * ROW_H, text_h, ROW_H) + 2 * LANE_PAD
            titles: list[TextItem] = []
            ty = y + LANE_PAD
            for line in title_lines:
                css = "lane-title refuted" if lane.verification == "ruled out" else "lane-title"
                titles.append(TextItem(line, Box(MARGIN + 4, ty, text_width(line, TITLE_SIZE, True),
                                                 TITLE_SIZE * 1.25), TITLE_SIZE, True, css,
                                       full=lane.title))
                ty += TITLE_SIZE * 1.25
            for stage in lane.stages:  # each on its own line: short labels are never cut
                s = fit_text(stage, SUB_SIZE, GUTTER - 14)
                titles.append(TextItem(s, Box(MARGIN + 4, ty + 1, text_width(s, SUB_SIZE), SUB_SIZE * 1.25),
                                       SUB_SIZE, css="lane-stage", full=stage))
                ty += SUB_SIZE * 1.3
            if lane.subtitle:
                s = fit_text(lane.subtitle, SUB_SIZE, GUTTER - 14)
                titles.append(TextItem(s, Box(MARGIN + 4, ty + 1, text_width(s, SUB_SIZE), SUB_SIZE * 1.25),
                                       SUB_SIZE, css="lane-subtitle", full=lane.subtitle))
            for m in marks:
                row_top = y + LANE_PAD + m.row * ROW_H
                m.y = row_top + (ROW_H - MARK_H) / 2
                if m.label:
                    lb = m.label.box
                    m.label.box = Box(lb.x, row_top + (ROW_H - lb.h) / 2, lb.w, lb.h)
            empty = None
            if not marks:
                text = "no date given" + (f": {lane_note}" if (lane_note := _lane_note(course, lane)) else "")
                shown = fit_text(text, LABEL_SIZE, plot_x1 - plot_x0 - 8)
                empty = TextItem(shown, Box(plot_x0 + 6, y + LANE_PAD + (ROW_H - 14) / 2,
                                            text_width(shown, LABEL_SIZE), LABEL_SIZE * 1.25),
                                 LABEL_SIZE, css="empty", full=text)
            lanes_out.append(LaneBox(lane, y, h, titles, nrows, marks, empty))
            y += h
        y += 14
    undated_title = None
    undated: list[UndatedLine] = []
    lines = _undated_lines(course)
    if lines:
        y += 6
        head = "Not dated in the source (bundle order):" if dated or relative else \
            "No resource in this bundle has a date; in bundle order:"
        if in_course_order(course):
            head = "The course in order; steps the source does not date are listed here:"
        undated_title = TextItem(head, Box(MARGIN, y, text_width(head, TITLE_SIZE, True), TITLE_SIZE * 1.25),
                                 TITLE_SIZE, True, "undated-title")
        y += 22
        for kind, refs, text in lines:
            shown = fit_text(text, LABEL_SIZE, width - 2 * MARGIN - 22)
            item = TextItem(shown, Box(MARGIN + 18, y, text_width(shown, LABEL_SIZE), LABEL_SIZE * 1.25),
                            LABEL_SIZE, css="anchor" if kind == "anchor" else "undated", full=text)
            undated.append(UndatedLine(kind, refs, item, MARGIN + 7, y + LABEL_SIZE * 0.6))
            y += 18
    height = y + MARGIN
    return Layout(width, height, plot_x0, plot_x1, header, legend, axis_y, axis_h, ticks, lanes_out,
                  undated_title, undated, domain, caption)


_LEGEND = [
    ("encounter", "bar", "encounter"),
    ("condition", "bar", "condition"),
    ("status", "point", "status change (relapse…)"),
    ("medication", "bar", "medication"),
    ("procedure", "point", "procedure"),
    ("response", "point", "response"),
    ("observation", "point", "observation"),
    ("fade", "span", "faded: date known to the month or year only"),
    ("ongoing", "bar", "ongoing"),
]
_LEGEND_IF_PRESENT = {"encounter"}  # legend entries shown only when the course has such events


def _subtitle(course: Course) -> str:
    p = course.patient
    parts = []
    if p.gender:
        parts.append(p.gender)
    if course.header.age:
        parts.append(course.header.age)
    if p.birth_date:
        parts.append(f"born {p.birth_date}")
    if course.header.vital_status:
        parts.append(course.header.vital_status)
    if p.identifier and p.identifier != course.title:
        parts.append(p.identifier)
    parts.append(f"bundle {course.title}")
    kind = " ".join(x for x in (f"FHIR {course.fhir_version}" if course.fhir_version else "FHIR",
                                course.bundle_type) if x)
    parts.append(kind)
    parts.append(f"{len(course.resources)} resources, {event_counts(course)}")
    return " · ".join(parts)


def event_counts(course: Course) -> str:
    """``12 dated events, 3 undated``, or with a relative axis ``0 dated events, 5 placed relative
    to admission, 2 undated``."""
    dated = sum(1 for e in course.events if e.dated)
    relative = len(course.relative_events())
    text = f"{dated} dated events"
    if relative:
        text += f", {relative} placed relative to {course.relative_zero}"
    return f"{text}, {len(course.events) - dated - relative} undated"


def _lane_note(course: Course, lane: Lane) -> str:
    for e in course.events:
        if e.lane == lane.key and e.note:
            return e.note
    return ""
