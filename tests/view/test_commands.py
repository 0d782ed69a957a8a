"""``fhirconv timeline`` and ``fhirconv summary`` run as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from fhirconv.view import read_course
from fhirconv.view.png import render_png
from tests.conftest import MYELOMA
from tests.view.conftest import HANDMADE, OFFICIAL_BUNDLE


def test_timeline_svg_from_case_file(cli, tmp_path):
    out = tmp_path / "course.svg"
    result = cli("timeline", str(MYELOMA), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "course.svg: svg" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["course.svg"]  # no temporary file left behind


def test_timeline_html_is_self_contained(cli, tmp_path):
    out = tmp_path / "course.html"
    result = cli("timeline", str(HANDMADE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    for needle in ("<script src", "<link", "@import", "url(http", 'src="http', "cdn"):
        assert needle not in page.lower(), needle
    assert page.count('class="resource"') == 24


def test_timeline_png(cli, tmp_path, busy):
    out = tmp_path / "course.png"
    result = cli("timeline", str(OFFICIAL_BUNDLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    course = read_course(busy)
    assert render_png(course) == render_png(course)


def test_png_without_matplotlib_is_a_usage_error(cli, tmp_path):
    fake = tmp_path / "fake"
    (fake / "matplotlib").mkdir(parents=True)
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    out = tmp_path / "course.png"
    result = cli("timeline", str(HANDMADE), "-o", str(out), env={"PYTHONPATH": str(fake)})
    assert result.returncode == 2, result.stderr
    assert "fhirconv[plot]" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_unknown_output_format(cli, tmp_path):
    result = cli("timeline", str(HANDMADE), "-o", str(tmp_path / "course.pdf"))
    assert result.returncode == 2
    assert ".svg, .png or .html" in result.stderr
    result = cli("timeline", str(HANDMADE), "-o", str(tmp_path / "course.out"), "--format", "svg")
    assert result.returncode == 0, result.stderr


def test_bad_json_points_at_line_and_column(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Bundle",\n  "entry": [,]}\n')
    out = tmp_path / "course.svg"
    result = cli("timeline", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert f"{bad}:2:" in result.stderr and "invalid JSON" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_summary_follows_the_course_order(cli, myeloma_bundle):
    # The sample gives its course as a `sequence`, so the Bundle is in date order and the summary
    # keeps undated steps in their place in the course instead of listing them last.
    result = cli("summary", str(MYELOMA))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Heavily treated IgG-lambda multiple myeloma")  # the case title, not its id
    body = lines[1:]
    assert body[0].startswith("2004") and "multiple myeloma" in body[0]
    dated = [line[:7] for line in body if not line.startswith("undated")]
    assert dated == sorted(dated)  # dated events stay in date order
    order = ["VAD", "autologous peripheral blood stem cell transplant (first)", "Relapse (fifth)",
             "peripheral blood stem cell collection", "radiotherapy", "(second)", "Very good partial response",
             "lenalidomide", "Stringent complete response"]
    positions = [next(i for i, line in enumerate(body) if step in line) for step in order]
    assert positions == sorted(positions), positions
    assert any("Very good partial response" in line
               and "3 months after the autologous peripheral blood stem cell transplant (second)" in line
               for line in body)
    assert len(body) == len(read_course(myeloma_bundle).events)  # one line per event


def test_summary_lists_undated_last_when_the_bundle_is_not_in_date_order(cli, tmp_path):
    bundle = json.loads(HANDMADE.read_text())
    bundle["entry"].reverse()  # dated events out of order: the bundle's order says nothing of the course
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle))
    lines = cli("summary", str(path)).stdout.splitlines()[1:]
    undated = [i for i, line in enumerate(lines) if line.startswith("undated")]
    assert undated and undated == list(range(len(lines) - len(undated), len(lines)))


def test_summary_of_other_inputs(cli, tmp_path):
    resource = json.loads(OFFICIAL_BUNDLE.read_text())["entry"][0]["resource"]
    single = tmp_path / "one.json"
    single.write_text(json.dumps(resource))
    result = cli("summary", str(single))
    assert result.returncode == 0, result.stderr
    assert "undated" in result.stdout and "Medication/example" in result.stdout
    nd = tmp_path / "resources.ndjson"
    nd.write_text("\n".join(json.dumps(e["resource"]) for e in json.loads(HANDMADE.read_text())["entry"]))
    result = cli("summary", str(nd))
    assert result.returncode == 0, result.stderr
    assert "5th relapse" in result.stdout
