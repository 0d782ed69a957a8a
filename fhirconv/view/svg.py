"""The timeline as SVG, built as plain text so that the default install needs no plotting library.

Every element that matters carries a class and ``data-`` attributes (lane key, resource reference,
date, label box) so tests and the HTML page can find it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from fhirconv.view.course import Course
from fhirconv.view.layout import MARK_H, LaneBox, Layout, Mark, TextItem, layout_course

FONT = "DejaVu Sans, Verdana, 'Liberation Sans', Arial, sans-serif"

# kind -> (stroke / glyph colour, bar fill)
COLOURS: dict[str, tuple[str, str]] = {
    "encounter": ("#0e7c7b", "#bfe6e4"),
    "condition": ("#b03a2e", "#f2c4bd"),
    "status": ("#7b241c", "#e6a39a"),
    "medication": ("#1f5fa8", "#bcd4ef"),
    "regimen": ("#174a84", "#a9c6ea"),
    "procedure": ("#1e7d45", "#bfe3cc"),
    "response": ("#6c3483", "#dcc6e8"),
    "observation": ("#8a6d00", "#f0e0a8"),
    "other": ("#555555", "#dddddd"),
    "fade": ("#666666", "#cccccc"),
    "ongoing": ("#1f5fa8", "#bcd4ef"),
}

_CSS = (
    "text{fill:#222}"
    ".title{font-weight:bold}"
    ".subtitle,.legend,.lane-subtitle,.month{fill:#555}"
    ".lane-stage{fill:#333}"
    ".lane-title{font-weight:bold}"
    ".empty{fill:#777;font-style:italic}"
    ".year{font-weight:bold}"
    ".undated-title{font-weight:bold}"
    ".anchor{fill:#666;font-style:italic}"
    ".event{cursor:pointer}"
    ".refuted .label,.lane-title.refuted{text-decoration:line-through}"
    ".refuted rect,.refuted polygon,.refuted circle{opacity:.45}"
    ".suspected .label{font-style:italic}"
    ".suspected rect{stroke-dasharray:4 2}"
    ".event:hover .label{text-decoration:underline}"
)


def n(v: float) -> str:
    """A coordinate with one decimal: short and the same on every run."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attr(value: object) -> str:
    return quoteattr(str(value))


def _text(t: TextItem, extra: str = "") -> str:
    box = t.box
    weight = ' font-weight="bold"' if t.bold else ""
    anchor = ' text-anchor="middle"' if t.anchor == "middle" else ""
    tooltip = f"<title>{escape(t.full)}</title>" if t.full and t.full != t.text else ""
    return (
        f'<text class="{t.css}" x="{n(t.anchor_x)}" y="{n(t.baseline)}" font-size="{n(t.size)}"{weight}{anchor}'
        f' data-box="{n(box.x)} {n(box.y)} {n(box.w)} {n(box.h)}"{extra}>{tooltip}{escape(t.text)}</text>'
    )


def glyph(kind: str, x: float, y: float, size: float = 10.0) -> str:
    """The point symbol of an event kind, centred at (x, y)."""
    stroke, _ = COLOURS.get(kind, COLOURS["other"])
    r = size / 2
    if kind == "status":
        pts = f"{n(x)},{n(y - r - 1)} {n(x + r + 1)},{n(y)} {n(x)},{n(y + r + 1)} {n(x - r - 1)},{n(y)}"
        return f'<polygon points="{pts}" fill="{stroke}"/>'
    if kind == "procedure":
        pts = f"{n(x)},{n(y - r - 1)} {n(x + r + 1)},{n(y + r)} {n(x - r - 1)},{n(y + r)}"
        return f'<polygon points="{pts}" fill="{stroke}"/>'
    if kind in ("observation", "medication", "regimen"):
        side = n(size - 2)
        return f'<rect x="{n(x - r + 1)}" y="{n(y - r + 1)}" width="{side}" height="{side}" fill="{stroke}"/>'
    return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" fill="{stroke}"/>'


def _gradients() -> str:
    out = []
    for kind, (stroke, fill) in sorted(COLOURS.items()):
        out.append(
            f'<linearGradient id="fade-in-{kind}" x1="0" x2="1" y1="0" y2="0">'
            f'<stop offset="0" stop-color="{fill}" stop-opacity="0.15"/>'
            f'<stop offset="1" stop-color="{fill}" stop-opacity="0.85"/></linearGradient>'
            f'<linearGradient id="fade-out-{kind}" x1="0" x2="1" y1="0" y2="0">'
            f'<stop offset="0" stop-color="{fill}" stop-opacity="0.85"/>'
            f'<stop offset="1" stop-color="{fill}" stop-opacity="0.15"/></linearGradient>'
            f'<linearGradient id="tail-{kind}" x1="0" x2="1" y1="0" y2="0">'
            f'<stop offset="0" stop-color="{fill}" stop-opacity="1"/>'
            f'<stop offset="1" stop-color="{fill}" stop-opacity="0"/></linearGradient>'
            f'<linearGradient id="head-{kind}" x1="0" x2="1" y1="0" y2="0">'
            f'<stop offset="0" stop-color="{fill}" stop-opacity="0"/>'
            f'<stop offset="1" stop-color="{fill}" stop-opacity="1"/></linearGradient>'
        )
        del stroke
    return "".join(out)


def _mark(m: Mark) -> str:
    e = m.event
    kind = e.kind
    stroke, fill = COLOURS.get(kind, COLOURS["other"])
    y, h = m.y, MARK_H
    parts: list[str] = []
    tip = f"{e.label} — {e.when()}" + (f" — {e.status}" if e.status else "") + (f" — {e.note}" if e.note else "")
    parts.append(f"<title>{escape(tip)}</title>")
    if m.shape == "point":
        parts.append(glyph(kind, (m.x0 + m.x1) / 2, y + h / 2))
    elif m.shape == "span":
        parts.append(
            f'<rect class="partial" x="{n(m.x0)}" y="{n(y)}" width="{n(m.x1 - m.x0)}" height="{n(h)}"'
            f' fill="{fill}" fill-opacity="0.55" stroke="{stroke}" stroke-dasharray="3 2" stroke-width="1"/>'
        )
    else:
        def band(css: str, span: tuple[float, float], gradient: str) -> None:
            a, b = span
            parts.append(f'<rect class="{css}" x="{n(a)}" y="{n(y)}" width="{n(b - a)}" height="{n(h)}"'
                         f' fill="url(#{gradient}-{kind})"/>')

        if m.open_head:
            band("open-start", m.open_head, "head")
            a = m.open_head[1]
            parts.append(f'<line class="end-mark" x1="{n(a)}" y1="{n(y - 2)}" x2="{n(a)}" y2="{n(y + h + 2)}"'
                         f' stroke="{stroke}" stroke-width="2"/>')
        if m.fade_in:
            band("partial", m.fade_in, "fade-in")
        if m.solid:
            a, b = m.solid
            end = b - 7 if m.ongoing else b
            parts.append(f'<rect class="solid" x="{n(a)}" y="{n(y)}" width="{n(max(end - a, 1))}" height="{n(h)}"'
                         f' fill="{fill}" stroke="{stroke}" stroke-width="1"/>')
            if m.ongoing:
                pts = f"{n(end)},{n(y - 2)} {n(b)},{n(y + h / 2)} {n(end)},{n(y + h + 2)}"
                parts.append(f'<polygon class="ongoing" points="{pts}" fill="{stroke}"/>')
        if m.fade_out:
            band("partial", m.fade_out, "fade-out")
        if m.open_tail:
            band("open-end", m.open_tail, "tail")
        if m.fade_in and not m.solid:
            a = m.fade_in[0]
            b = m.x1
            parts.append(f'<rect x="{n(a)}" y="{n(y)}" width="{n(b - a)}" height="{n(h)}" fill="none"'
                         f' stroke="{stroke}" stroke-dasharray="3 2" stroke-width="1"/>')
    if e.verification == "ruled out":  # struck through: drawn, but not as a real finding
        parts.append(f'<line class="strike" x1="{n(m.x0 - 2)}" y1="{n(y + h / 2)}" x2="{n(m.x1 + 2)}"'
                     f' y2="{n(y + h / 2)}" stroke="{stroke}" stroke-width="1.5"/>')
    if m.label:
        parts.append(_text(m.label))
    state = {"ruled out": " refuted", "suspected": " suspected"}.get(e.verification, "")
    state += " assumed" if e.assumed else ""
    start = str(e.start) if e.start else ""
    end = str(e.end) if e.end else ""
    anchor = e.anchor
    return (
        f'<g class="event event-{kind}{state}" data-ref={attr(e.ref)} data-start="{start}" data-end="{end}"'
        f' data-precision="{anchor.precision if anchor else ""}" data-x="{n(m.x_date)}"'
        f' data-row="{m.row}"'
        + (f' data-offset={attr(e.rel_text)} data-days="{e.rel_days:g}"' if e.rel_days is not None else "")
        + ">" + "".join(parts) + "</g>"
    )


def _lane(lane: LaneBox, layout: Layout) -> str:
    kind = lane.lane.kind
    out = [
        f'<g class="lane lane-{kind}{" refuted" if lane.lane.verification == "ruled out" else ""}"'
        f' data-lane={attr(lane.lane.key)} data-title={attr(lane.lane.title)}'
        f'{f" data-verification={attr(lane.lane.verification)}" if lane.lane.verification else ""}>',
        f'<rect class="lane-bg" x="0" y="{n(lane.y)}" width="{n(layout.width)}" height="{n(lane.h)}"'
        ' fill="none"/>',
    ]
    out += [_text(t) for t in lane.title]
    if lane.empty_text:
        out.append(_text(lane.empty_text))
    out += [_mark(m) for m in lane.marks]
    out.append("</g>")
    return "".join(out)


def _legend(layout: Layout) -> str:
    out = ['<g class="legend">']
    for kind, style, text in layout.legend:
        stroke, fill = COLOURS[kind]
        x, y = text.box.x - 16, text.box.y + 1
        if kind == "fade":
            out.append(f'<rect x="{n(x)}" y="{n(y)}" width="13" height="11" fill="url(#fade-in-condition)"'
                       f' stroke="{stroke}" stroke-dasharray="3 2"/>')
        elif kind == "ongoing":
            out.append(f'<rect x="{n(x)}" y="{n(y + 2)}" width="7" height="8" fill="{fill}" stroke="{stroke}"/>'
                       f'<polygon points="{n(x + 7)},{n(y)} {n(x + 13)},{n(y + 6)} {n(x + 7)},{n(y + 12)}"'
                       f' fill="{stroke}"/>')
        elif style == "bar":
            out.append(f'<rect x="{n(x)}" y="{n(y + 1)}" width="13" height="10" fill="{fill}" stroke="{stroke}"/>')
        else:
            out.append(glyph(kind, x + 6, y + 6))
        out.append(_text(text))
    out.append("</g>")
    return "".join(out)


def render_svg(course: Course, layout: Layout | None = None) -> str:
    """The course as a standalone SVG document."""
    layout = layout or layout_course(course)
    w, h = layout.width, layout.height
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fhirconv-timeline" width="{n(w)}" height="{n(h)}"'
        f' viewBox="0 0 {n(w)} {n(h)}" font-family="{FONT}" role="img">',
        f"<title>{escape(layout.header[0].full or layout.header[0].text)}</title>",
        f"<defs>{_gradients()}</defs>",
        f"<style>{_CSS}</style>",
        f'<rect class="background" x="0" y="0" width="{n(w)}" height="{n(h)}" fill="#ffffff"/>',
        '<g class="header">' + "".join(_text(t) for t in layout.header) + "</g>",
        _legend(layout),
    ]
    if layout.lanes:
        lanes_top = layout.lanes[0].y
        lanes_bottom = layout.lanes[-1].y + layout.lanes[-1].h
        out += [_lane(lane, layout) for lane in layout.lanes]
        axis = ['<g class="axis">']
        if layout.domain:
            d0, d1 = layout.domain
            axis[0] = f'<g class="axis" data-from="{d0.isoformat()}" data-to="{d1.isoformat()}">'
        elif layout.axis_caption:
            axis[0] = f'<g class="axis relative" data-zero={attr(course.relative_zero)}>'
            axis.append(_text(layout.axis_caption))
        bottom = layout.axis_y + layout.axis_h
        axis.append(f'<line x1="{n(layout.plot_x0)}" y1="{n(bottom)}" x2="{n(layout.plot_x1)}" y2="{n(bottom)}"'
                    f' stroke="#888"/>')
        for t in layout.ticks:
            if t.major:
                axis.append(f'<line class="year-line" x1="{n(t.x)}" y1="{n(layout.axis_y)}" x2="{n(t.x)}"'
                            f' y2="{n(lanes_bottom)}" stroke="#b8bcc4" stroke-width="1"/>')
            else:
                axis.append(f'<line class="month-tick" x1="{n(t.x)}" y1="{n(bottom - 4)}" x2="{n(t.x)}"'
                            f' y2="{n(bottom)}" stroke="#999"/>'
                            f'<line x1="{n(t.x)}" y1="{n(lanes_top)}" x2="{n(t.x)}" y2="{n(lanes_bottom)}"'
                            f' stroke="#eceef2" stroke-width="1"/>')
            if t.label:
                axis.append(_text(t.label))
        axis.append("</g>")
        # the grid goes under the lanes' marks but over their backgrounds: draw backgrounds first
        out.insert(7, "".join(axis))
        out.insert(7, "".join(
            f'<rect x="0" y="{n(lane.y)}" width="{n(w)}" height="{n(lane.h)}"'
            f' fill="{"#f6f7f9" if i % 2 == 0 else "#ffffff"}"/>' for i, lane in enumerate(layout.lanes)
        ))
        out.append(f'<line x1="{n(layout.plot_x0)}" y1="{n(lanes_top)}" x2="{n(layout.plot_x0)}"'
                   f' y2="{n(lanes_bottom)}" stroke="#888"/>')
    if layout.undated_title:
        out.append('<g class="undated">')
        out.append(_text(layout.undated_title))
        for u in layout.undated:
            out.append(f'<g class="undated-item event event-{u.kind}" data-ref={attr(u.refs[0])}'
                       f' data-refs={attr(" ".join(u.refs))}>' + glyph(u.kind, u.glyph_x, u.glyph_y, 9)
                       + _text(u.text) + "</g>")
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
