"""The course as text: one line per event in date order, for the terminal."""

from __future__ import annotations

from fhirconv.view.course import Course, Event


def _line(course: Course, e: Event, width: int) -> str:
    lane = course.lane_by_key.get(e.lane)
    what = e.label
    if lane is not None:
        if e.kind == "condition":
            title = ", ".join([lane.title, *lane.stages])
            what = f"{title}: {e.label}" if e.dated else title
            if lane.verification and not e.dated:
                what += f" ({lane.verification})"
        elif e.kind == "status" or (e.kind == "medication" and lane.key.startswith("regimen:")):
            what = f"{e.label} ({lane.title})"
        if e.kind in ("medication", "regimen") and lane.subtitle:
            what += f", {lane.subtitle}"
    if e.assumed:
        what += " (date assumed)"
    tail = [x for x in (e.status, e.detail) if x]
    text = f"{_when(e):<{width}}  {what}"
    if tail:
        text += f"  [{'; '.join(tail)}]"
    if e.note:
        text += f"  — {e.note}"
    return text


def _when(e: Event) -> str:
    return e.rel_text if e.rel_days is not None else e.when()


def summary_lines(course: Course) -> list[str]:
    """Dated events by date (then bundle order), then undated ones in bundle order; or, when the
    Bundle itself is in date order, every event in bundle order (undated steps in their place)."""
    dated = course.dated_events() or course.relative_events()
    undated = course.undated_events()
    if undated and course.dated_events() and course.in_bundle_order_is_chronological():
        dated, undated = sorted(course.events, key=lambda e: e.index), []
    width = max((len(_when(e)) for e in [*dated, *undated]), default=8)
    p, h = course.patient, course.header
    head = " · ".join(x for x in (course.heading, p.gender, h.age, p.birth_date and f"born {p.birth_date}",
                                  h.vital_status) if x)
    lines = [head]
    if course.relative_zero:
        lines.append(f"day 0 = {course.relative_zero} (no calendar dates: steps placed by their offsets)")
    lines += [_line(course, e, width) for e in dated]
    lines += [_line(course, e, width) for e in undated]
    if not dated and not undated:
        lines.append("(no events: the bundle has no Condition, medication, Procedure or Observation)")
    return lines
