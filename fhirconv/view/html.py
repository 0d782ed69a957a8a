"""One self-contained HTML page: patient header, the SVG timeline, and a table of every resource.

No network and no external files: CSS, script and the resources' JSON are inline, so the page works
opened from disk. Clicking a table row (or an event in the timeline) shows that resource's JSON.
"""

from __future__ import annotations

from html import escape

from fhirconv.view.course import Course, resources_json
from fhirconv.view.layout import event_counts, layout_course
from fhirconv.view.svg import render_svg

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif; margin: 0; color: #222;
       background: #fff; }
header { padding: 14px 20px 8px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 20px; margin: 0 0 6px; }
header dl { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 0; font-size: 13px; }
header dt { color: #666; }
header dd { margin: 0 0 0 6px; font-weight: bold; }
header .pair { display: flex; }
main { padding: 10px 20px 30px; }
h2 { font-size: 16px; margin: 18px 0 8px; }
.timeline { overflow-x: auto; border: 1px solid #e3e3e3; }
.timeline svg { display: block; }
.timeline .event.selected .label { fill: #0b4f9c; text-decoration: underline; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { background: #f1f3f6; position: sticky; top: 0; }
tr.resource { cursor: pointer; }
tr.resource:hover { background: #f4f8fd; }
tr.resource.open { background: #e6effa; }
tr.resource:focus { outline: 2px solid #1f5fa8; outline-offset: -2px; }
td.num { color: #888; text-align: right; }
td.type { white-space: nowrap; font-weight: bold; }
td.date { white-space: nowrap; }
tr.json-row td { background: #fbfbfb; }
pre.json { margin: 0; max-height: 480px; overflow: auto; font-size: 12px; line-height: 1.35;
           font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap; }
a.json-link { color: #1f5fa8; }
footer { color: #777; font-size: 12px; padding: 0 20px 20px; }
"""

_SCRIPT = """
(function () {
  "use strict";
  var resources = JSON.parse(document.getElementById("fhir-resources").textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.resource"));
  function close(row) {
    var next = row.nextElementSibling;
    if (next && next.classList.contains("json-row")) { next.parentNode.removeChild(next); }
    row.classList.remove("open");
    row.setAttribute("aria-expanded", "false");
  }
  function open(row) {
    var index = Number(row.getAttribute("data-index"));
    var detail = document.createElement("tr");
    detail.className = "json-row";
    var cell = document.createElement("td");
    cell.colSpan = row.children.length;
    var pre = document.createElement("pre");
    pre.className = "json";
    pre.id = "json-" + index;
    pre.textContent = JSON.stringify(resources[index], null, 2);
    cell.appendChild(pre);
    detail.appendChild(cell);
    row.parentNode.insertBefore(detail, row.nextSibling);
    row.classList.add("open");
    row.setAttribute("aria-expanded", "true");
  }
  function toggle(row) {
    if (row.classList.contains("open")) { close(row); } else { open(row); }
  }
  rows.forEach(function (row) {
    row.addEventListener("click", function (event) {
      event.preventDefault();
      toggle(row);
      history.replaceState(null, "", "#" + row.id);
    });
    row.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(row); }
    });
  });
  function show(ref) {
    var row = document.querySelector('tr.resource[data-ref="' + CSS.escape(ref) + '"]');
    if (!row) { return; }
    if (!row.classList.contains("open")) { open(row); }
    row.scrollIntoView({block: "center"});
    row.focus();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".timeline .event"), function (g) {
    g.addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".timeline .event.selected"), function (s) {
        s.classList.remove("selected");
      });
      g.classList.add("selected");
      show(g.getAttribute("data-ref"));
    });
  });
  if (location.hash.indexOf("#r-") === 0) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("resource")) { open(target); }
  }
})();
"""


def _header(course: Course) -> str:
    p = course.patient
    pairs = [
        ("Patient", p.name or "no name given"),
        ("Sex", p.gender or "not given"),
        ("Age", course.header.age or "not given"),
        ("Born", p.birth_date or "not given"),
        ("Vital status", course.header.vital_status or "not given"),
    ]
    if p.identifier:
        pairs.append(("Identifier", p.identifier))
    pairs.append(("Bundle", course.title))
    pairs.append(("Type", " ".join(x for x in (f"FHIR {course.fhir_version}" if course.fhir_version else "FHIR",
                                              course.bundle_type) if x)))
    pairs.append(("Resources", str(len(course.resources))))
    pairs.append(("Events", event_counts(course).replace(" events", "")))
    items = "".join(f'<div class="pair"><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>' for k, v in pairs)
    return (f"<header><h1>Course: {escape(course.heading)}</h1>"
            f'<dl class="patient">{items}</dl></header>')


def _table(course: Course) -> str:
    rows = []
    for pos, r in enumerate(course.resources):
        rows.append(
            f'<tr class="resource" id="r-{pos}" data-index="{pos}" data-ref="{escape(r.ref)}" tabindex="0"'
            f' aria-expanded="false">'
            f'<td class="num">{pos + 1}</td><td class="type">{escape(r.type)}</td>'
            f'<td class="date">{escape(r.date) or "—"}</td><td class="code">{escape(r.code)}</td>'
            f'<td class="value">{escape(r.value)}</td>'
            f'<td class="status">{escape(r.status)}</td>'
            f'<td><a class="json-link" href="#r-{pos}">JSON</a></td></tr>'
        )
    return (
        '<table class="resources"><thead><tr><th>#</th><th>Type</th><th>Date</th><th>Code</th><th>Value</th>'
        "<th>Status</th><th></th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def render_html(course: Course) -> str:
    """The whole page as one string."""
    svg = render_svg(course, layout_course(course))
    title = f"Course: {course.heading}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
        " script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        f"{_header(course)}\n<main>\n<h2>Timeline</h2>\n<div class=\"timeline\">\n{svg}</div>\n"
        f"<h2>Resources</h2>\n<p>Click a row to show the resource's JSON.</p>\n{_table(course)}\n</main>\n"
        "<footer>Made by fhirconv from a FHIR Bundle; dates shown as given "
        "(faded spans are dates known only to the month or year).</footer>\n"
        f'<script type="application/json" id="fhir-resources">{resources_json(course)}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body></html>\n"
    )
