"""Reading the timeline SVG back in tests: events, labels, lanes, classes and boxes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from fhirconv.view import read_course
from fhirconv.view.svg import render_svg

SVG = "{http://www.w3.org/2000/svg}"
NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def svg_of(bundle: dict[str, Any]) -> ET.Element:
    return parse(render_svg(read_course(bundle)))


def classes(el: ET.Element) -> set[str]:
    return set((el.get("class") or "").split())


def texts(root: ET.Element) -> list[ET.Element]:
    return [t for t in root.iter(f"{SVG}text") if t.get("data-box")]


def label(t: ET.Element) -> str:
    """The shown text of a <text>, without its tooltip."""
    return "".join(t.itertext()).replace("".join(x.text or "" for x in t.findall("s:title", NS)), "", 1)


def words(root: ET.Element) -> list[str]:
    return [label(t) for t in texts(root)]


def box(t: ET.Element) -> tuple[float, ...]:
    return tuple(float(v) for v in t.get("data-box").split())


def groups(root: ET.Element, css: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css in classes(g)]


def event(root: ET.Element, ref: str) -> ET.Element:
    """The timeline <g> of resource ``ref`` (``Type/id``)."""
    return next(g for g in groups(root, "event") if g.get("data-ref") == ref and "undated-item" not in classes(g))


def event_label(g: ET.Element) -> str:
    return " ".join(label(t) for t in g.iter(f"{SVG}text"))


def bundle(*resources: dict[str, Any], bundle_id: str = "hand-made") -> dict[str, Any]:
    """A collection Bundle of ``resources`` with urn:uuid fullUrls made from their ids."""
    return {"resourceType": "Bundle", "id": bundle_id, "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}
