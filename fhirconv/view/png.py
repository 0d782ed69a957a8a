"""The timeline as PNG through matplotlib (the optional extra ``fhirconv[plot]``).

Draws the same :class:`~fhirconv.view.layout.Layout` as the SVG, one layout pixel to one unit,
so both pictures agree; faded spans become a few steps of transparency.
"""

from __future__ import annotations

import io
from typing import Any

from fhirconv.view.course import Course
from fhirconv.view.layout import MARK_H, Layout, Mark, TextItem, layout_course
from fhirconv.view.svg import COLOURS

PT_PER_PX = 0.72  # at 100 layout px per inch
DPI = 150


class PlotExtraMissing(ImportError):
    """matplotlib is not installed: PNG output needs ``pip install 'fhirconv[plot]'``."""


def _matplotlib() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)
        from matplotlib.figure import Figure
        from matplotlib.patches import Circle, Polygon, Rectangle
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise PlotExtraMissing(str(exc)) from None
    return Figure, Rectangle, Polygon, Circle


def render_png(course: Course, layout: Layout | None = None) -> bytes:
    """The course as PNG bytes (same bytes for the same input and matplotlib version)."""
    Figure, Rectangle, Polygon, Circle = _matplotlib()
    layout = layout or layout_course(course)
    w, h = layout.width, layout.height
    fig = Figure(figsize=(w / 100, h / 100), dpi=DPI, facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, w)
    ax.set_ylim(h, 0)
    ax.axis("off")

    def text(t: TextItem, colour: str = "#222222", style: str = "normal") -> None:
        ax.text(t.anchor_x, t.baseline, t.text, fontsize=t.size * PT_PER_PX, color=colour,
                fontweight="bold" if t.bold else "normal", fontstyle=style, va="baseline",
                ha="center" if t.anchor == "middle" else "left", family="DejaVu Sans")
        if "refuted" in t.css.split():  # struck through, as in the SVG
            mid = t.box.y + t.box.h * 0.55
            ax.plot([t.box.x, t.box.x1], [mid, mid], color=colour, linewidth=0.8)

    def rect(x: float, y: float, width: float, height: float, **kw: Any) -> None:
        ax.add_patch(Rectangle((x, y), width, height, **kw))

    def fade(a: float, b: float, y: float, colour: str, rising: bool, lo: float = 0.15, hi: float = 0.85) -> None:
        steps = 8
        for i in range(steps):
            frac = (i + 0.5) / steps
            alpha = lo + (hi - lo) * (frac if rising else 1 - frac)
            rect(a + (b - a) * i / steps, y, (b - a) / steps, MARK_H, facecolor=colour, alpha=alpha, linewidth=0)

    def glyph(kind: str, x: float, y: float, size: float = 10.0) -> None:
        stroke, _ = COLOURS.get(kind, COLOURS["other"])
        r = size / 2
        if kind == "status":
            ax.add_patch(Polygon([(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], color=stroke))
        elif kind == "procedure":
            ax.add_patch(Polygon([(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)], color=stroke))
        elif kind in ("observation", "medication", "regimen"):
            rect(x - r + 1, y - r + 1, size - 2, size - 2, color=stroke)
        else:
            ax.add_patch(Circle((x, y), r, color=stroke))

    def mark(m: Mark) -> None:
        stroke, fill = COLOURS.get(m.event.kind, COLOURS["other"])
        y = m.y
        if m.shape == "point":
            glyph(m.event.kind, (m.x0 + m.x1) / 2, y + MARK_H / 2)
        elif m.shape == "span":
            rect(m.x0, y, m.x1 - m.x0, MARK_H, facecolor=fill, alpha=0.55, linewidth=0)
            rect(m.x0, y, m.x1 - m.x0, MARK_H, fill=False, edgecolor=stroke, linestyle=(0, (3, 2)), linewidth=0.7)
        else:
            if m.open_head:
                fade(*m.open_head, y, fill, rising=True, lo=0.0, hi=1.0)
                ax.plot([m.open_head[1]] * 2, [y - 2, y + MARK_H + 2], color=stroke, linewidth=1.4)
            if m.fade_in:
                fade(*m.fade_in, y, fill, rising=True)
            if m.solid:
                a, b = m.solid
                end = b - 7 if m.ongoing else b
                rect(a, y, max(end - a, 1), MARK_H, facecolor=fill, edgecolor=stroke, linewidth=0.7)
                if m.ongoing:
                    ax.add_patch(Polygon([(end, y - 2), (b, y + MARK_H / 2), (end, y + MARK_H + 2)], color=stroke))
            if m.fade_out:
                fade(*m.fade_out, y, fill, rising=False)
            if m.open_tail:
                fade(*m.open_tail, y, fill, rising=False, lo=0.0, hi=1.0)
            if m.fade_in and not m.solid:
                rect(m.fade_in[0], y, m.x1 - m.fade_in[0], MARK_H, fill=False, edgecolor=stroke,
                     linestyle=(0, (3, 2)), linewidth=0.7)
        if m.event.verification == "ruled out":
            ax.plot([m.x0 - 2, m.x1 + 2], [y + MARK_H / 2] * 2, color=stroke, linewidth=1.2)
        elif m.event.verification == "suspected" and m.shape != "point":
            rect(m.x0, y, m.x1 - m.x0, MARK_H, fill=False, edgecolor=stroke, linestyle=(0, (4, 2)), linewidth=0.9)
        if m.label:
            text(m.label)

    for t in layout.header:
        text(t, "#222222" if t.css == "title" else "#555555")
    for kind, style, t in layout.legend:
        stroke, fill = COLOURS[kind]
        x, y = t.box.x - 16, t.box.y + 1
        if kind == "fade":
            fade(x, x + 13, y - 1.5, COLOURS["condition"][1], rising=True)
        elif kind == "ongoing":
            rect(x, y + 2, 7, 8, facecolor=fill, edgecolor=stroke, linewidth=0.7)
            ax.add_patch(Polygon([(x + 7, y), (x + 13, y + 6), (x + 7, y + 12)], color=stroke))
        elif style == "bar":
            rect(x, y + 1, 13, 10, facecolor=fill, edgecolor=stroke, linewidth=0.7)
        else:
            glyph(kind, x + 6, y + 6)
        text(t, "#555555")
    if layout.lanes:
        top = layout.lanes[0].y
        bottom = layout.lanes[-1].y + layout.lanes[-1].h
        for i, lane in enumerate(layout.lanes):
            rect(0, lane.y, w, lane.h, facecolor="#f6f7f9" if i % 2 == 0 else "#ffffff", linewidth=0, zorder=0.1)
        axis_bottom = layout.axis_y + layout.axis_h
        ax.plot([layout.plot_x0, layout.plot_x1], [axis_bottom, axis_bottom], color="#888888", linewidth=0.7)
        for t in layout.ticks:
            if t.major:
                ax.plot([t.x, t.x], [layout.axis_y, bottom], color="#b8bcc4", linewidth=0.7, zorder=0.5)
            else:
                ax.plot([t.x, t.x], [axis_bottom - 4, axis_bottom], color="#999999", linewidth=0.5)
                ax.plot([t.x, t.x], [top, bottom], color="#eceef2", linewidth=0.5, zorder=0.4)
            if t.label:
                text(t.label, "#222222" if t.label.css == "year" else "#555555")
        ax.plot([layout.plot_x0, layout.plot_x0], [top, bottom], color="#888888", linewidth=0.7)
        if layout.axis_caption:
            text(layout.axis_caption)
        for lane in layout.lanes:
            for t in lane.title:
                text(t, "#222222" if t.css == "lane-title" else "#555555")
            if lane.empty_text:
                text(lane.empty_text, "#777777", "italic")
            for m in lane.marks:
                mark(m)
    if layout.undated_title:
        text(layout.undated_title)
        for u in layout.undated:
            glyph(u.kind, u.glyph_x, u.glyph_y, 9)
            if u.kind == "anchor":
                text(u.text, "#666666", "italic")
            else:
                text(u.text)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buf.getvalue()
