"""Bad input: one clear line naming file:line:col (or the JSON path) and a hint, exit 1, no
traceback, and no output file."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MYELOMA

GOOD = MYELOMA.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (so the tests follow sample edits)."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


DUP = GOOD.replace("  sex: female\n", "  sex: female\n  sex: male\n")

CASES = {
    "malformed-yaml": ("case.yaml", GOOD.replace("sex: female", "sex: [female"), r"case\.yaml:\d+:\d+",
                       "malformed YAML"),
    "malformed-json": ("case.json", '{"id": "x", "patient": {"sex": "female",}}', r"case\.json:1:\d+",
                       "malformed JSON"),
    "duplicate-key": ("case.yaml", DUP, rf"case\.yaml:{line_of(DUP, 'sex: male')}:3", "duplicate key 'sex'"),
    "schema-enum": ("case.yaml", GOOD.replace("sex: female", "sex: woman"),
                    rf"case\.yaml:{line_of(GOOD, 'sex: female')}:3 \$\.patient\.sex",
                    "'woman' is not allowed"),
    "schema-unknown-key": ("case.yaml", GOOD.replace("    dose: {value: 5, unit: mg}",
                                                     "    dose: {value: 5, unit: mg}\n    dosis: 5"),
                           r"case\.yaml:\d+:5 \$\.medications\[5\]\.dosis", "unknown key 'dosis'"),
    "schema-misspelt-key": ("case.yaml", GOOD.replace("    dose: {value: 5, unit: mg}",
                                                      "    dose: {value: 5, unit: mg}\n    frequncy: 1"),
                            r"case\.yaml:\d+:5 \$\.medications\[5\]\.frequncy", "did you mean 'frequency'"),
    "schema-missing": ("case.yaml", GOOD.replace("  - id: vgpr\n    response: VGPR", "  - response: VGPR"),
                       r"\$\.observations\[0\]", "missing required key 'id'"),
    "unknown-anchor": ("case.yaml", GOOD.replace("3 months after second-asct", "3 months after third-asct"),
                       r"case\.yaml:\d+:\d+ \$\.observations\[0\]\.date", "unknown date anchor 'third-asct'"),
    "circular-anchor": ("case.yaml", GOOD.replace("date: 2011-06, text", "date: 1 month after diagnosis, text"),
                        r"case\.yaml:\d+:\d+ \$\.timeline", "circular date reference"),
    "impossible-date": ("case.yaml", GOOD.replace("date: 2011-06, text", "date: 2011-02-30, text"),
                        rf"case\.yaml:{line_of(GOOD, 'relapse-5: {')}:\d+ \$\.timeline\.relapse-5\.date",
                        "impossible date '2011-02-30'"),
    "duplicate-id": ("case.yaml", GOOD.replace("  - id: mp\n", "  - id: vad\n"),
                     r"case\.yaml:\d+:\d+ \$\.medications\[1\]\.id", "duplicate id 'vad'"),
    "unknown-regimen": ("case.yaml", GOOD.replace("regimen: MP", "regimen: XYZ-99"),
                        r"case\.yaml:\d+:\d+ \$\.medications\[1\]\.regimen", "unknown regimen 'XYZ-99'"),
    "sequence-unknown-id": ("case.yaml", GOOD.replace("sequence: [myeloma, vad,", "sequence: [myeloma, vadd,"),
                            r"\$\.sequence\[1\]", "sequence names unknown id 'vadd'"),
    "sequence-against-dates": ("case.yaml",
                               GOOD.replace("sequence: [myeloma, vad,", "sequence: [bd-induction, myeloma, vad,")
                               .replace("orbital-plasmacytoma, bd-induction,", "orbital-plasmacytoma,"),
                               r"\$\.sequence\[1\]", "sequence puts 'myeloma' (2004) after 'bd-induction' (2011-06)"),
    "bad-unit": ("case.yaml", GOOD.replace("dose: {value: 5, unit: mg}", "dose: {value: 5, unit: milligrams}"),
                 r"case\.yaml:\d+:\d+ \$\.medications\[\d+\]\.dose\.unit", "unit 'milligrams' is not a UCUM code"),
    # valid UCUM, but not what a report means by it: a hundredth of a milligram, not mg per 100 mL
    "misread-unit": ("case.yaml", GOOD.replace("dose: {value: 5, unit: mg}", "dose: {value: 5, unit: \"mg%\"}"),
                     r"case\.yaml:\d+:\d+ \$\.medications\[\d+\]\.dose\.unit", "write 'mg/dL'"),
    # as reports space it: "mg %"
    "misread-spaced-unit": ("case.yaml", GOOD.replace("dose: {value: 5, unit: mg}", "dose: {value: 5, unit: \"mg %\"}"),
                            r"case\.yaml:\d+:\d+ \$\.medications\[\d+\]\.dose\.unit", "write 'mg/dL'"),
    "unit-without-number": ("case.yaml",
                            GOOD.replace("    response: VGPR\n", "    response: VGPR\n    unit: g/dL\n", 1),
                            r"\$\.observations\[0\]\.unit", "unit 'g/dL' is given without a value"),
    "non-finite-number": ("case.yaml", GOOD.replace("dose: {value: 5, unit: mg}", "dose: {value: .inf, unit: mg}"),
                          r"\$\.medications\[\d\]\.dose\.value", "inf is not a finite number"),
    "unknown-reason": ("case.yaml", GOOD.replace("reason: orbital-plasmacytoma", "reason: orbital-lesion"),
                       r"\$\.procedures\[2\]\.reason", "'orbital-lesion' is not a condition id"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_case_gives_one_clear_line_exit_1_and_no_output(name, tmp_path, cli):
    filename, text, where, what = CASES[name]
    assert text != GOOD or filename.endswith(".json"), "the fixture must actually change the case"
    case = tmp_path / filename
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    proc = cli("convert", str(case), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, proc.stderr
    assert re.search(where, errors[0]), errors[0]
    assert what in errors[0]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == [filename], "no temporary or partial files left"


def test_hints_point_the_way(tmp_path, cli):
    case = tmp_path / "c.yaml"
    case.write_text(GOOD.replace("3 months after second-asct", "3 months after second-ascct"), encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert "did you mean second-asct" in proc.stderr


def test_words_with_a_colon_get_the_quoted_spelling(tmp_path, cli):
    """"note: the patient said: no fever" is two keys to YAML, in braces or on its own line: the hint
    gives the value quoted, and the quoted value converts."""
    case = tmp_path / "c.yaml"
    for item in ("  - {id: f, observation: fever, value: absent, note: the patient said: no fever}\n",
                 "  - id: f\n    observation: fever\n    note: the patient said: no fever\n"):
        case.write_text('fhirconv: "1"\nid: x\npatient: {sex: male}\nobservations:\n' + item, encoding="utf-8")
        proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
        assert proc.returncode == 1 and "c.yaml:" in proc.stderr
        assert 'quote it: note: "the patient said: no fever"' in proc.stderr
        case.write_text(case.read_text(encoding="utf-8").replace("the patient said: no fever",
                                                                 '"the patient said: no fever"'), encoding="utf-8")
        assert cli("convert", str(case), "-o", str(tmp_path / "o.json")).returncode == 0


def test_an_encounter_named_like_a_timeline_event_is_told_ids_are_shared(tmp_path, cli):
    """An encounter whose id is a timeline event's: one line at the encounter's id, saying that
    events, encounters and items share one set of ids and what holds the id first."""
    case = tmp_path / "c.yaml"
    case.write_text('fhirconv: "1"\nid: x\npatient: {sex: male}\ntimeline:\n  admission: 2020-01-01\n'
                    'encounters:\n  - {id: admission, class: inpatient, start: admission}\n', encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and "c.yaml:7:6 $.encounters[0].id" in proc.stderr
    assert "timeline events, encounters and items share one set of ids" in proc.stderr
    assert "first used at line 5 (a timeline event)" in proc.stderr
    assert not (tmp_path / "o.json").exists()


def test_a_time_without_a_number_is_pointed_to_when_text(tmp_path, cli):
    """"several hours before ed" is no date: the error says so at its line and the hint, besides the
    forms a date takes, says to keep the words in `when_text`; written so, the case converts."""
    case = tmp_path / "c.yaml"
    text = ('fhirconv: "1"\nid: x\npatient: {sex: male}\nencounters:\n'
            '  - {id: ed, class: emergency, date: 2020-05-01}\nconditions:\n'
            '  - {id: v, condition: vomiting, onset: several hours before ed}\n')
    case.write_text(text, encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and "c.yaml:7:34 $.conditions[0].onset" in proc.stderr
    assert "keep its words in `when_text`" in proc.stderr
    case.write_text(text.replace("onset: several", "when_text: several"), encoding="utf-8")
    assert cli("convert", str(case), "-o", str(tmp_path / "o.json")).returncode == 0


def test_a_colon_after_commas_or_a_question_mark_in_braces_gets_the_quoted_spelling(tmp_path, cli):
    """A citation with commas before its colon, on a line of its own, and a question in {...}: each
    is a YAML error whose hint gives the value quoted, and the quoted value converts."""
    case = tmp_path / "c.yaml"
    head = 'fhirconv: "1"\nid: x\npatient: {sex: male}\n'
    for text, value in (
            (head + "source:\n  title: A case\n  citation: Clin Med 2020 Vol 20, No 5: 519-21\n",
             "Clin Med 2020 Vol 20, No 5: 519-21"),
            (head + "conditions:\n  - id: m\n    condition: migraine\n    verification_history:\n"
                    "      - {status: provisional, date: 2020, text: Could this be basilar migraine?}\n",
             "Could this be basilar migraine?")):
        case.write_text(text, encoding="utf-8")
        (tmp_path / "o.json").unlink(missing_ok=True)
        proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
        assert proc.returncode == 1 and "c.yaml:" in proc.stderr
        assert f'quote it: {"citation" if "citation" in text else "text"}: "{value}"' in proc.stderr
        assert not (tmp_path / "o.json").exists()
        case.write_text(text.replace(value, f'"{value}"'), encoding="utf-8")
        assert cli("convert", str(case), "-o", str(tmp_path / "o.json")).returncode == 0


def test_an_unquoted_unit_or_time_in_braces_gets_the_quoted_spelling(tmp_path, cli):
    case = tmp_path / "c.yaml"
    case.write_text('fhirconv: "1"\nid: x\npatient: {sex: male}\nobservations:\n'
                    "  - {id: a, observation: PaO2, value: 58, unit: mm[Hg], date: 2020-01-01}\n", encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and "c.yaml:5:" in proc.stderr
    assert 'quote it: unit: "mm[Hg]"' in proc.stderr
    case.write_text('fhirconv: "1"\nid: x\npatient: {sex: male}\nobservations:\n'
                    "  - {id: a, observation: eGFR, value: 50, unit: mL/min/{1.73_m2}}\n", encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and 'quote it: unit: "mL/min/{1.73_m2}"' in proc.stderr  # a UCUM annotation's braces
    case.write_text('fhirconv: "1"\nid: x\npatient: {sex: male}\ntimeline:\n'
                    "  ed: {date: 2023-02-14T08:30, text: chest pain}\n", encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and "c.yaml:5:" in proc.stderr
    assert 'quote it: date: "2023-02-14T08:30"' in proc.stderr
    case.write_text(case.read_text(encoding="utf-8").replace("2023-02-14T08:30", '"2023-02-14T08:30"'),
                    encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 1 and "has a time but no time zone" in proc.stderr
    assert "write 2023-02-14T08:30+01:00" in proc.stderr and "or the day (2023-02-14)" in proc.stderr


def test_missing_file_and_bad_usage(tmp_path, cli):
    proc = cli("convert", str(tmp_path / "nope.yaml"))
    assert proc.returncode == 1 and "file not found" in proc.stderr and "Traceback" not in proc.stderr
    proc = cli("convert", str(MYELOMA), "--fhir-version", "R9")
    assert proc.returncode == 2
    proc = cli("convert")
    assert proc.returncode == 2


def test_an_existing_output_file_survives_a_failed_conversion(tmp_path, cli):
    out = tmp_path / "keep.json"
    out.write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\npatient: {sex: nope}\n", encoding="utf-8")
    assert cli("convert", str(bad), "-o", str(out)).returncode == 1
    assert out.read_text(encoding="utf-8") == "previous"


def test_a_mapping_left_open_at_the_end_of_the_file_is_a_syntax_error_not_a_defect(tmp_path):
    """The reader's mark then stands past the last line: still one line naming the file, exit 1."""
    import subprocess
    import sys

    case = tmp_path / "open.yaml"
    case.write_text('fhirconv: "1"\nid: bad\npatient: {sex: female\n', encoding="utf-8")
    out = tmp_path / "out.json"
    proc = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(case), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and not out.exists()
    assert str(case) in proc.stderr and "internal error" not in proc.stderr and "Traceback" not in proc.stderr
