"""The samples as the converter writes them, drawn and summarised through the CLI, read back as a
clinician reads them: steps placed by their offsets, words instead of ids, pinned dates marked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.conftest import SAMPLES
from tests.view.svgparse import SVG

TAKOTSUBO = SAMPLES / "takotsubo-with-coronary-disease.yaml"


def summary(cli, *args: str) -> list[str]:
    result = cli("summary", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def drawn(cli, tmp_path, *args: str) -> ET.Element:
    out = tmp_path / "course.svg"
    result = cli("timeline", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return ET.fromstring(out.read_text(encoding="utf-8"))


def by_label(root: ET.Element) -> dict[str, ET.Element]:
    return {(g.get("data-label") or ""): g for g in root.iter(f"{SVG}g") if g.get("data-ref")}


def test_takotsubo_steps_on_a_relative_axis(cli):
    lines = summary(cli, str(TAKOTSUBO))
    assert lines[1] == "day 0 = hospital admission (no calendar dates: steps placed by their offsets)"
    when = {line.split("  ", 1)[1].split("  [")[0].strip(): line.split("  ", 1)[0].strip() for line in lines[2:]}
    assert when["chest pain"] == "~-2 d"  # "about 2 days before admission"
    assert when["troponin I high sensitivity: 549 pg/mL"] == "day 0"
    assert when["left ventricular ejection fraction: 60 %"] == "+1 mo"
    assert when["hip prosthesis surgery"] == "undated"  # "previous": no offset to place it by
    assert not any("admission-bp" in line or "'admission'" in line for line in lines)


def test_takotsubo_svg_relative_axis(cli, tmp_path):
    root = drawn(cli, tmp_path, str(TAKOTSUBO))
    axis = next(g for g in root.iter(f"{SVG}g") if "axis" in (g.get("class") or "").split())
    assert "relative" in axis.get("class").split() and axis.get("data-zero") == "hospital admission"
    placed = {g.get("data-offset") for g in root.iter(f"{SVG}g") if g.get("data-offset")}
    assert {"~-2 d", "day 0", "+1 mo"} <= placed


def test_pinned_dates_drawn_exact_and_marked_assumed(cli, tmp_path):
    out = tmp_path / "pinned.json"
    result = cli("convert", str(TAKOTSUBO), "--set-date", "admission=2024-03-01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    # the marks are the extensions alone: drop the notes that also say so
    import json

    bundle = json.loads(out.read_text(encoding="utf-8"))
    for entry in bundle["entry"]:
        entry["resource"].pop("note", None)
    out.write_text(json.dumps(bundle), encoding="utf-8")
    lines = summary(cli, str(out))
    pain = next(line for line in lines if "chest pain" in line)
    assert pain.startswith("2024-02-28") and "(date assumed)" in pain
    smoking = next(line for line in lines if "tobacco smoking" in line)
    assert smoking.startswith("undated") and "assumed" not in smoking


def test_follow_ups_placed_from_the_end_of_radiotherapy(cli):
    lines = summary(cli, str(SAMPLES / "breast-hypofractionated-radiotherapy.yaml"))
    assert lines[1] == "day 0 = completion of radiotherapy (no calendar dates: steps placed by their offsets)"
    assert any(line.startswith("+6 mo") and "Active (hyperpigmentation of skin)" in line for line in lines)
    assert any(line.startswith("+24 mo") and "Vital status: Alive" in line for line in lines)


def test_toddler_visits_named_as_people_name_them(cli):
    lines = summary(cli, str(SAMPLES / "toddler-tablet-ingestion.yaml"))
    assert lines[1].startswith("day 0 = Emergency visit")
    assert any("during the emergency visit" in line for line in lines)
    assert not any("ed-visit" in line for line in lines)


def test_sepsis_suspected_then_ruled_out(cli, tmp_path):
    eudka = SAMPLES / "euglycemic-dka-after-surgery.yaml"
    lines = summary(cli, str(eudka))
    assert any(line.startswith("day 0") and "suspected (sepsis)" in line for line in lines)
    assert any("ruled out (sepsis)" in line for line in lines)
    assert any("sepsis (ruled out)" in line and "[Refuted]" in line for line in lines)
    root = drawn(cli, tmp_path, str(eudka))
    lanes = [g for g in root.iter(f"{SVG}g") if g.get("data-verification") == "ruled out"]
    assert len(lanes) == 1 and "refuted" in lanes[0].get("class").split()  # the sepsis lane, struck through


def test_stage_types_and_vital_status_in_the_header(cli):
    lines = summary(cli, str(SAMPLES / "breast-cancer-her2-pt1a.yaml"))
    assert any("pathological stage IA" in line for line in lines)
    header = summary(cli, str(SAMPLES / "toddler-tablet-ingestion.yaml"))[0]
    assert "18 months" in header and "Alive" in header


def test_rectal_cancer_drawn(cli, tmp_path):
    rectal = SAMPLES / "rectal-cancer-preoperative-chemoradiotherapy.yaml"
    lines = summary(cli, str(rectal))
    assert "73 years" in lines[0] and "Alive" in lines[0]
    assert lines[1].startswith("day 0 = laparoscopic intersphincteric resection")
    cancer = next(line for line in lines if line.startswith("undated  rectal cancer"))
    assert "clinical stage IIb, pathological stage ypT0N0" in cancer
    assert any(line.startswith("+2 y") and "Vital status: Alive" in line for line in lines)
    radiotherapy = next(line for line in lines if "radiotherapy (rectum)" in line)
    assert "50.4 Gy" in radiotherapy
    root = drawn(cli, tmp_path, str(rectal))
    lane_text = " ".join(" ".join(g.itertext()) for g in root.iter(f"{SVG}g")
                         if "lane-condition" in (g.get("class") or ""))
    assert "clinical stage IIb" in lane_text and "pathological stage ypT0N0" in lane_text
    offsets = {g.get("data-offset") for g in root.iter(f"{SVG}g") if g.get("data-offset")}
    assert {"day 0", "+2 y"} <= offsets


def test_a_stay_with_relative_start_and_end_is_placed_by_its_start(cli):
    # the overnight observation starts with the emergency visit (day 0) and ends at discharge (+1 d)
    lines = summary(cli, str(SAMPLES / "toddler-tablet-ingestion.yaml"))
    stay = next(line for line in lines if "Observation stay" in line)
    assert stay.startswith("day 0"), stay
    recovered = next(line for line in lines if "Recovered" in line)
    assert recovered.startswith("+1 d")


def test_undated_radiotherapy_keeps_its_dose_in_the_picture(cli, tmp_path):
    root = drawn(cli, tmp_path, str(SAMPLES / "breast-hypofractionated-radiotherapy.yaml"))
    listed = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text") if "undated" in (t.get("class") or "")]
    assert any(t.startswith("radiotherapy (right breast) (42.56 Gy in 16 fractions)") for t in listed), listed
