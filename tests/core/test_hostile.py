"""Hostile and broken input: each reproducer is refused with exit 1 and one line at its place, never a
crash, a hang, an internal error or an output file (timings are in tests/README.md, not asserted)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import MYELOMA, SAMPLES

GOOD = MYELOMA.read_text(encoding="utf-8")


def deep(n: int, json_text: bool = False) -> str:
    return ('{"a": ' if json_text else "a: ") + "[" * n + "]" * n + ("}" if json_text else "") + "\n"


def laughs(levels: int) -> str:
    """The billion-laughs file: 10 ** levels values from a few hundred bytes."""
    lines = ['fhirconv: "1"', "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def date_chain(steps: int) -> str:
    """relapse-5 -> e0 -> e1 -> ... -> e{steps}, the last dated absolutely."""
    events = "\n".join(f"  e{i}: {{date: 1 day after e{i + 1}}}" for i in range(steps))
    text = GOOD.replace("timeline:\n", f"timeline:\n{events}\n  e{steps}: {{date: 2001-01-01}}\n", 1)
    return text.replace("relapse-5: {date: 2011-06,", "relapse-5: {date: 3 days after e0,")


def json_case(**changes) -> str:
    from fhirconv.case.loader import parse

    data = parse(GOOD, "x").data
    data.update(changes)
    return json.dumps(data, indent=1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


DIABETES = (SAMPLES / "type2-diabetes-sglt2-remission.yaml").read_text(encoding="utf-8")
SERIES_WITH_DATE = DIABETES.replace('    unit: "%"\n    series:', '    unit: "%"\n    date: 2011-02-30\n    series:')
NUL = GOOD.replace("  sex: female\n", "  sex: fem\x00ale\n")
TAGGED = GOOD.replace("  sex: female\n", "  sex: !custom female\n")
BIG_NUMBER = GOOD.replace("dose: {value: 5, unit: mg}", "dose: {value: " + "9" * 5000 + ", unit: mg}")
BIG_DATE_NUMBER = GOOD.replace("3 months after second-asct", "9" * 5000 + " months after second-asct")

# name: (file name, text, where (regex on the error line), what)
REPRODUCERS = {
    "yaml-100000-deep": ("case.yaml", deep(100_000), r"case\.yaml:1:\d+ \$\.a\[0\]", "nested deeper than 64 levels"),
    "json-100000-deep": ("case.json", deep(100_000, True), r"case\.json:1:\d+ \$\.a\[0\]",
                         "nested deeper than 64 levels"),
    "billion-laughs-10^7": ("case.yaml", laughs(7), r"case\.yaml:\d+:\d+", "YAML aliases expand to more than"),
    "billion-laughs-10^9": ("case.yaml", laughs(9), r"case\.yaml:\d+:\d+", "YAML aliases expand to more than"),
    "nul": ("case.yaml", NUL, rf"case\.yaml:{line_of(GOOD, '  sex: female')}:11", "control character U+0000"),
    "custom-tag": ("case.yaml", TAGGED, rf"case\.yaml:{line_of(GOOD, '  sex: female')}:8",
                   "unknown YAML tag '!custom'"),
    "date-chain-20000": ("case.yaml", date_chain(20_000), r"case\.yaml:\d+:\d+ \$\.timeline\.",
                         "chain of more than 200 relative dates"),
    "number-5000-digits-yaml": ("case.yaml", BIG_NUMBER, r"case\.yaml:\d+:\d+ \$\.medications\[\d+\]\.dose\.value",
                                "a number of 5,000 characters"),
    "number-5000-digits-in-a-date": ("case.yaml", BIG_DATE_NUMBER, r"case\.yaml:\d+:\d+ \$\.observations\[0\]\.date",
                                     "not a date"),
    "number-5000-digits-json": ("case.json", json_case().replace('"years": 58', '"years": 1' + "0" * 4999),
                                r"case\.json:\d+:\d+ \$\.patient\.age\.years", "a number of 5,000 characters"),
    "json-nan": ("case.json", json_case().replace('"years": 58', '"years": NaN'),
                 r"case\.json:\d+:\d+ \$\.patient\.age\.years", "NaN is not a finite number"),
    "json-infinity": ("case.json", json_case().replace('"years": 58', '"years": -Infinity'),
                      r"case\.json:\d+:\d+ \$\.patient\.age\.years", "-Infinity is not a finite number"),
    "forged-exact-marker": ("case.json", json_case(title="\u0000exact:NaN"), r"case\.json:\d+:\d+",
                            "control character U+0000"),
    "date-beside-series": ("case.yaml", SERIES_WITH_DATE,
                           rf"case\.yaml:{line_of(SERIES_WITH_DATE, '2011-02-30')}:5 \$\.observations\[\d\]\.date",
                           "'date' beside 'series' would not be used"),
    "string-where-a-mapping-is-wanted": ("case.yaml", GOOD.replace("  sex: female\n", "  sex: [female]\n"),
                                         r"\$\.patient\.sex", "expected"),
}


@pytest.mark.parametrize("name", sorted(REPRODUCERS))
def test_reproducer_exit_1_one_line_at_its_place(name, tmp_path, cli):
    filename, text, where, what = REPRODUCERS[name]
    case = tmp_path / filename
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    proc = cli("convert", str(case), "-o", str(out), timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, proc.stderr[-2000:]
    assert re.search(where, errors[0]), errors[0]
    assert what in errors[0], errors[0]
    assert len(errors[0]) < 400
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [filename]


def test_a_50_mb_case_file_is_refused_before_it_is_read(tmp_path, cli):
    case = tmp_path / "big.yaml"
    case.write_text('fhirconv: "1"\nnotes: ["' + "x" * 50_000_000 + '"]\n', encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 1
    assert re.search(r"big\.yaml: error: the case file is 50,000,\d+ bytes, over the limit of 16,000,000",
                     proc.stderr), proc.stderr
    assert "--max-bytes" in proc.stderr
    assert len(proc.stderr) < 1000


def test_limits_can_be_raised_and_lowered(tmp_path, cli):
    case = tmp_path / "case.yaml"
    case.write_text(GOOD, encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"), "--max-depth", "3")
    assert proc.returncode == 1 and "nested deeper than 3 levels" in proc.stderr
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"), env={"FHIRCONV_MAX_BYTES": "1000"})
    assert proc.returncode == 1 and "over the limit of 1,000" in proc.stderr
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"), "--max-string", "10")
    assert proc.returncode == 1 and "over the limit of 10" in proc.stderr
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"), "--max-date-chain", "1")
    assert proc.returncode == 1 and "chain of more than 1 relative dates" in proc.stderr
    chain = tmp_path / "chain.yaml"
    chain.write_text(date_chain(300), encoding="utf-8")
    proc = cli("convert", str(chain), "-o", str(tmp_path / "out.json"), "--max-date-chain", "400", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.json").exists()


def test_deep_nesting_past_a_raised_limit_is_still_a_data_error(tmp_path, cli):
    case = tmp_path / "case.yaml"
    case.write_text(GOOD.replace("  sex: female\n", "  sex: " + "[" * 5000 + "]" * 5000 + "\n"), encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"), "--max-depth", "100000")
    assert proc.returncode == 1, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if ": error: " in line]) == 1


def test_aliases_are_counted_as_they_are_read(tmp_path, cli):
    case = tmp_path / "case.yaml"
    lines = laughs(3)  # 1,000 values: within the default limits, but not within these
    case.write_text(lines, encoding="utf-8")
    proc = cli("convert", str(case), "--max-alias-nodes", "50")
    assert proc.returncode == 1 and "YAML aliases expand to more than 50 values" in proc.stderr
    proc = cli("convert", str(case), "--max-aliases", "5")
    assert proc.returncode == 1 and "more than 5 YAML aliases" in proc.stderr


def test_a_long_value_is_quoted_as_an_excerpt(tmp_path, cli):
    note = "n" * 900_000
    case = tmp_path / "case.yaml"
    case.write_text(GOOD.replace("  sex: female\n", f"  sex: {note}\n"), encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "n" * 80 + "…" in errors[0] and len(errors[0]) < 400, errors[0][:500]


def test_hints_name_a_few_ids_not_all(tmp_path, cli):
    conditions = [{"id": f"c{i}", "condition": "multiple myeloma"} for i in range(20_000)]
    data = json.loads(json_case())
    data["conditions"] = conditions
    data["medications"] = [{"id": "m", "drug": "lenalidomide", "reason": "zzz-unknown"}]
    for key in ("procedures", "observations", "sequence"):
        data.pop(key, None)
    data["patient"].pop("age", None)
    data.pop("timeline", None)
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 1, proc.stderr
    assert "condition ids: c0, c1, c2, c3, c4 and 19,995 more" in proc.stderr, proc.stderr[:1000]
    assert len(proc.stderr) < 1000


def test_655000_conditions_are_refused_by_size_in_one_line(tmp_path, cli):
    case = tmp_path / "case.json"
    rows = ",".join(f'{{"id":"c{i}","condition":"x"}}' for i in range(655_000))
    case.write_text('{"fhirconv":"1","id":"x","patient":{"sex":"female"},"conditions":[' + rows + "]}",
                    encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 1
    assert len(proc.stderr.splitlines()) == 2 and "over the limit of 16,000,000" in proc.stderr  # + summary


def test_a_batch_with_a_30000_deep_file_converts_the_good_ones(tmp_path, cli):
    src = tmp_path / "in"
    src.mkdir()
    for sample in SAMPLES.glob("*.yaml"):
        (src / sample.name).write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "zz-deep.yaml").write_text(deep(30_000), encoding="utf-8")
    (src / "laughs.yaml").write_text(laughs(9), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "mm-sekiguchi-2012.json").symlink_to(tmp_path / "elsewhere.json")  # planted link
    proc = cli("convert", str(src), "-o", str(out) + "/", "-j", "2")
    assert proc.returncode == 1
    assert "internal error" not in proc.stderr
    assert re.search(r"zz-deep\.yaml:1:\d+ .*nested deeper than 64 levels", proc.stderr)
    assert re.search(r"laughs\.yaml:\d+:\d+: error: YAML aliases expand", proc.stderr)
    assert re.search(r"multiple-myeloma\.yaml: error: cannot write .*mm-sekiguchi-2012\.json: refusing to write "
                     r"outside .* \(a link\)", proc.stderr), proc.stderr
    good = len(list(SAMPLES.glob("*.yaml"))) - 1  # every sample but the one whose output is a planted link
    assert f"{good} of {good + 3} case(s) converted, 3 failed" in proc.stderr
    written = sorted(p.name for p in out.iterdir() if not p.is_symlink())
    assert len(written) == good and all(name.endswith(".json") for name in written)
    assert not (tmp_path / "elsewhere.json").exists()
    check = cli("validate", *(str(out / n) for n in written))
    assert check.returncode == 0, check.stdout[-2000:]


def _fault(monkeypatch, kind: str) -> None:
    """A converter that crashes (a segmentation fault) or hangs on one named case: the fault a hostile
    input could cause in native code, injected so the isolation itself is tested."""
    import os
    import signal
    import time

    from fhirconv import batch

    real = batch.convert_one

    def convert_one(inp, opts):
        if inp.name.endswith("victim.yaml"):
            if kind == "crash":
                import faulthandler

                faulthandler.disable()  # pytest's dump of the crash would only be noise here
                os.kill(os.getpid(), signal.SIGSEGV)
            time.sleep(600)
        return real(inp, opts)

    monkeypatch.setattr(batch, "convert_one", convert_one)


@pytest.mark.parametrize("kind", ["crash", "hang"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crash_or_a_hang_fails_its_case_alone(kind, jobs, tmp_path, monkeypatch):
    from fhirconv import batch, writers

    _fault(monkeypatch, kind)
    names = ["a.yaml", "victim.yaml", "b.yaml"]
    for name in names:
        (tmp_path / name).write_text(GOOD.replace("id: mm-sekiguchi-2012", f"id: case-{name[0]}"), encoding="utf-8")
    out = tmp_path / "out"
    opts = batch.Options(case_timeout=8.0)
    batch.warm_up(opts)  # the workers fork warm, so a good case takes well under the time limit
    inputs = [batch.CaseInput(str(tmp_path / n), path=str(tmp_path / n)) for n in names]
    results: list[batch.CaseResult] = []
    summary = batch.convert_many(inputs, opts, writers.BundleDirWriter(out), jobs=jobs, on_result=results.append)
    assert [r.ok for r in results] == [True, False, True]
    assert summary.failed == 1
    message = results[1].issues[0].one_line()
    expected = "ended on this input (signal 11 (SIGSEGV))" if kind == "crash" else "took longer than 8 s: stopped"
    assert expected in message and message.startswith(str(tmp_path / "victim.yaml"))
    assert sorted(p.name for p in out.iterdir()) == ["case-a.json", "case-b.json"]


def test_written_decimals_cannot_be_forged_by_text():
    from fhirconv.numbers import ExactDecimal, dumps, number

    data = {"text": "\u0000exact:NaN", "other": "\u0000exact:{}", "value": number("12.50"), "n": 1.5}
    for text in (dumps(data), dumps(data, indent=2), dumps(data, exact=False)):
        back = json.loads(text)
        assert back["text"] == "\u0000exact:NaN" and back["other"] == "\u0000exact:{}"
    assert '"value": 12.50' in dumps(data)
    for bad in ("NaN", "1e999", "{}", "1; x"):
        with pytest.raises(ValueError):
            ExactDecimal(bad)
    with pytest.raises(ValueError):
        dumps({"x": float("nan")})
    with pytest.raises(ValueError):
        dumps({"x": float("inf")}, exact=False)


def test_every_sample_converts_to_bytes_that_validate(tmp_path, cli):
    out = tmp_path / "out"
    proc = cli("convert", str(SAMPLES), "-o", str(out) + "/", "-q")
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.iterdir())
    assert len(files) == len(list(SAMPLES.glob("*.yaml")))
    check = cli("validate", *map(str, files))
    assert check.returncode == 0, check.stdout[-2000:]


BUNDLE_DEFECTS = {
    "lone-surrogate-resource-type": lambda b: b["entry"][1]["resource"].update(resourceType="\ud800"),
    "meta-is-a-number": lambda b: b["entry"][1]["resource"].update(meta=1.5),
    "bundle-meta-is-a-number": lambda b: b.update(meta=1.5),
    "request-is-a-string": lambda b: b["entry"][1].update(request="POST"),
}


@pytest.mark.parametrize("name", sorted(BUNDLE_DEFECTS))
def test_validate_reports_broken_bundles_without_internal_errors(name, tmp_path, cli):
    from fhirconv.api import convert_file

    bundle = json.loads(convert_file(MYELOMA).bundle_json())
    BUNDLE_DEFECTS[name](bundle)
    path = Path(tmp_path / "bundle.json")
    path.write_text(json.dumps(bundle), encoding="utf-8")
    proc = cli("validate", str(path))
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "could not check" not in proc.stdout and "please report" not in proc.stdout, proc.stdout[-3000:]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    assert re.search(r"error\s+\S*bundle\.json Bundle\.entry\[1\]|error\s+\S*bundle\.json Bundle", proc.stdout)
