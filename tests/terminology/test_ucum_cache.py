"""UCUM verdicts: the same as ucumvert's own parser, remembered on disk between runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

UNITS = ["mg", "mg/dL", "mm[Hg]", "10*9/L", "/min", "g/dL", "%", "Cel", "kg/m2", "mmol/L", "[IU]/L",
         "mL/min/{1.73_m2}", "ug/mL", "mo", "a", "wk", "d", "mmHg", "bpm", "x10^3/uL", "mcg", "cc", "°C", "",
         "mg//dL", "kg m", "(mg)", "10*3/uL", "{cells}/uL", "1/min"]


@pytest.mark.parametrize("unit", [u for u in UNITS if u])
def test_same_verdict_as_ucumvert(unit, monkeypatch):
    import ucumvert

    from fhirconv.terminology import ucum

    try:
        ucumvert.parse_ucum(unit, parser=ucumvert.get_ucum_parser())
        theirs = None
    except ucumvert.InvalidUcumError as exc:
        theirs = str(exc).splitlines()[0]
    assert ucum._parse_problem(unit) == theirs


def test_verdicts_are_kept_on_disk(tmp_path):
    probe = ("import sys; from fhirconv.terminology.checks import ucum_problem; "
             "print(ucum_problem('mg/dL'), ucum_problem('mmHg') is not None, 'lark' in sys.modules)")
    env = {"FHIRCONV_CACHE_DIR": str(tmp_path), "PATH": ""}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split() == ["None", "True", "True"]
    files = list(tmp_path.glob("ucum-*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text(encoding="utf-8"))
    assert stored["mg/dL"] is None and "mmHg" in stored
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    assert second.stdout.split() == ["None", "True", "False"]  # answered from disk, no grammar built


def test_unreadable_cache_is_ignored(tmp_path):
    bad = tmp_path / "cache"
    bad.write_text("not a directory", encoding="utf-8")
    probe = "from fhirconv.terminology.checks import ucum_problem; print(ucum_problem('mg'))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"FHIRCONV_CACHE_DIR": str(bad)}, check=True)
    assert proc.stdout.strip() == "None"
