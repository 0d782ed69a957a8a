"""See a patient's course: a timeline (SVG, PNG, HTML page) and a text summary of a FHIR Bundle.

The view reads FHIR, not fhirconv's internals, so any R4 or R5 Bundle can be shown:
:func:`~fhirconv.view.course.read_course` turns it into lanes and events, the layout places them,
and the renderers draw the same layout.
"""

from __future__ import annotations

from fhirconv.view.course import Course, Event, Lane, read_course
from fhirconv.view.load import load_bundle

__all__ = ["Course", "Event", "Lane", "load_bundle", "read_course", "render"]

FORMATS = ("svg", "png", "html")


def render(course: Course, fmt: str) -> bytes:
    """The course in ``fmt`` (svg, png or html) as bytes."""
    if fmt == "svg":
        from fhirconv.view.svg import render_svg

        return render_svg(course).encode("utf-8")
    if fmt == "html":
        from fhirconv.view.html import render_html

        return render_html(course).encode("utf-8")
    if fmt == "png":
        from fhirconv.view.png import render_png

        return render_png(course)
    raise ValueError(f"unknown format {fmt!r}")
