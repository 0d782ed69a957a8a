"""The HTML view in a real headless browser: Debian's chromium, driven by Playwright."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fhirconv.view import read_course
from fhirconv.view.html import render_html
from tests.conftest import ROOT
from tests.view.chromium import CHROMIUM, ensure_chromium

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's chromium, installed by .ci/install-chromium.sh when missing (a failure fails, never skips)."""
    return ensure_chromium()


@pytest.fixture(scope="module")
def browser(tmp_path_factory, chromium):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(chromium), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 900}, offline=True,
        )
        try:
            yield context
        finally:
            context.close()


def _open(context, html: str, path: Path):
    path.write_text(html, encoding="utf-8")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems, requests


def test_myeloma_page(browser, myeloma_bundle, tmp_path):
    course = read_course(myeloma_bundle)
    page, problems, requests = _open(browser, render_html(course), tmp_path / "myeloma.html")
    assert requests == [(tmp_path / "myeloma.html").as_uri()]  # nothing fetched but the page itself
    assert page.locator("header h1").inner_text() == ("Course: Heavily treated IgG-lambda multiple myeloma; "
                                                      "second ASCT and low-dose lenalidomide maintenance")
    assert "58 years (2011-06)" in page.locator("header dl").inner_text()
    rows = page.locator("tr.resource")
    assert rows.count() == len(course.resources) == len(myeloma_bundle["entry"])
    refs = [rows.nth(i).get_attribute("data-ref") for i in range(rows.count())]
    assert refs == [r.ref for r in course.resources]
    assert page.locator(".timeline svg .lane-condition").count() == 2

    # a click on a row shows that resource's JSON
    condition_row = page.locator("tr.resource", has_text="Multiple myeloma").first
    condition_row.click()
    pre = page.locator("tr.json-row pre.json")
    assert pre.count() == 1 and pre.first.is_visible()
    shown = json.loads(pre.first.inner_text())
    index = int(condition_row.get_attribute("data-index"))
    assert shown == course.resources[index].resource
    assert shown["resourceType"] == "Condition"
    condition_row.click()  # a second click closes it
    assert page.locator("tr.json-row").count() == 0

    # a click on an event in the timeline opens its row
    page.locator(".timeline .event-status").first.click()
    assert page.locator("tr.resource.open").count() == 1
    opened = json.loads(page.locator("tr.json-row pre.json").first.inner_text())
    assert opened["resourceType"] == "Observation"

    # the label boxes used for the no-overlap layout hold the text as the browser draws it
    too_wide = page.evaluate("""() => Array.from(document.querySelectorAll('svg text[data-box]'))
        .filter(t => t.getComputedTextLength() > parseFloat(t.getAttribute('data-box').split(' ')[2]) + 0.5)
        .map(t => t.textContent)""")
    assert too_wide == []

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("tr.resource").nth(1).click()
    page.screenshot(path=str(ARTIFACTS / "view-myeloma.png"), full_page=True)
    assert problems == []
    page.close()


def test_busy_page_and_anyones_bundle(browser, busy, official_bundle, tmp_path):
    for name, bundle in (("busy", busy), ("official", official_bundle)):
        course = read_course(bundle)
        page, problems, _ = _open(browser, render_html(course), tmp_path / f"{name}.html")
        assert page.locator("tr.resource").count() == len(bundle["entry"])
        last = page.locator("tr.resource").last
        last.click()
        shown = json.loads(page.locator("tr.json-row pre.json").first.inner_text())
        assert shown == bundle["entry"][-1]["resource"]
        boxes = page.evaluate("""() => Array.from(document.querySelectorAll('svg text[data-box]'))
            .map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.y, b.width, b.height]; })""")
        for i, a in enumerate(boxes):  # the rendered labels, as measured by the browser, do not overlap
            for b in boxes[i + 1:]:
                overlap = (a[1] < b[1] + b[3] - 0.5 and b[1] < a[1] + a[3] - 0.5
                           and a[2] < b[2] + b[4] - 0.5 and b[2] < a[2] + a[4] - 0.5)
                assert not overlap, (a, b)
        if name == "busy":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "view-busy.png"), full_page=True)
        assert problems == []
        page.close()


def test_chromium_is_debians(chromium):
    assert chromium == CHROMIUM and shutil.which(str(chromium))


def _new_views() -> dict:
    from tests.view.svgparse import bundle
    from tests.view.test_course_facts import PATIENT, _condition, blood_pressure
    from tests.view.test_encounters import paediatric
    from tests.view.test_labels import _cancer, _stage_obs
    from tests.view.test_relative_axis import takotsubo_like

    return {
        "relative": takotsubo_like(),
        "encounters": paediatric("R4"),
        "verification": bundle(PATIENT, _condition("sepsis", "sepsis", "refuted", "2020-03-01"),
                               _condition("mi", "myocardial infarction", "provisional", "2020-03-02"),
                               blood_pressure("2020-03-03")),
        "stages": bundle({"resourceType": "Patient", "id": "p"}, _cancer(), _stage_obs()),
    }


@pytest.mark.parametrize("name", ["relative", "encounters", "verification", "stages"])
def test_new_views_render_whole_in_the_browser(browser, name, tmp_path):
    bundle = _new_views()[name]
    page, problems, _ = _open(browser, render_html(read_course(bundle)), tmp_path / f"{name}.html")
    measured = page.evaluate("""() => Array.from(document.querySelectorAll('svg text[data-box]')).map(t => {
        const b = t.getBBox();
        return [t.textContent, b.x, b.y, b.width, b.height, t.getComputedTextLength(),
                parseFloat(t.getAttribute('data-box').split(' ')[2]),
                getComputedStyle(t).textDecorationLine];
    })""")
    for text, *_, length, box_w, _deco in measured:  # every label fits the box the layout gave it
        assert length <= box_w + 0.5, text
    for i, a in enumerate(measured):  # and no two labels overlap as drawn
        for b in measured[i + 1:]:
            overlap = (a[1] < b[1] + b[3] - 0.5 and b[1] < a[1] + a[3] - 0.5
                       and a[2] < b[2] + b[4] - 0.5 and b[2] < a[2] + a[4] - 0.5)
            assert not overlap, (a, b)
    if name == "verification":  # the refuted condition is struck through as the browser draws it
        struck = {m[0] for m in measured if "line-through" in m[7]}
        assert "sepsis" in struck and not any("myocardial" in s for s in struck)
    if name == "relative":
        assert "day 0 = admission" in [m[0] for m in measured]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"view-{name}.png"), full_page=True)
    assert problems == []
    page.close()


@pytest.mark.parametrize("name", ["relative", "encounters", "verification", "stages"])
def test_new_views_as_png(name):
    from fhirconv.view.png import render_png

    png = render_png(read_course(_new_views()[name]))
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
