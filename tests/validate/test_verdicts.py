"""Remembered verdicts (fhirconv.validate.verdicts): a one-case run after an earlier one skips the
structure and schema layers for resources found clean before, and never hides an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import MYELOMA
from tests.core.test_startup import PROBE


def _run(args, cache_dir):
    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=300)
    modules = set(proc.stderr.rsplit("MODULES", 1)[1].split())
    return proc, modules


def test_second_run_skips_the_model_classes_and_writes_the_same_bytes(tmp_path):
    from tests.core.test_startup import converted_modules

    env = {"FHIRCONV_CACHE_DIR": str(tmp_path / "cache")}
    cold = converted_modules(str(MYELOMA), env)
    warm = converted_modules(str(MYELOMA), env)
    assert "fhir.resources.R4B" in cold and "jsonschema_rs" in cold
    assert "fhir.resources.R4B" not in warm and "jsonschema_rs" not in warm
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    _run(["convert", str(MYELOMA), "-o", str(first), "-q"], tmp_path / "cache2")
    _run(["convert", str(MYELOMA), "-o", str(second), "-q"], tmp_path / "cache2")
    assert first.read_bytes() == second.read_bytes()


def test_errors_are_found_every_time(tmp_path):
    bundle = json.loads(subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(MYELOMA), "-q"],
                                       capture_output=True, text=True, check=True).stdout)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(bundle), encoding="utf-8")
    _run(["validate", str(good)], tmp_path / "cache")  # every resource remembered clean
    bundle["entry"][1]["resource"]["onsetDateTime"] = 2004  # now the schema and models must object
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bundle), encoding="utf-8")
    for _ in range(2):
        proc, _ = _run(["validate", str(bad)], tmp_path / "cache")
        assert "onsetDateTime" in proc.stdout and "1 file" in proc.stdout
        assert " 0 error(s)" not in proc.stdout


def test_key_tells_exact_decimals_from_strings():
    from fhirconv.numbers import number
    from fhirconv.validate.verdicts import key

    exact = number("12.50")
    assert key({"value": exact}) != key({"value": "12.50"})
    assert key({"a": 1, "b": 2}) == key({"b": 2, "a": 1})


def test_quick_clean_check_never_passes_what_the_walk_refuses():
    """json_syntax's text check may send a clean document to the exact walk, never let a dirty one by."""
    import random

    from fhirconv.validate.json_syntax import _clean, _clean_text

    rng = random.Random(7)
    leaves = [None, "", "x", ":null", "[]", "{}", 0, 1.5, True, False, '""', "a,null"]

    def make(depth: int):
        kind = rng.randrange(4) if depth < 4 else 3
        if kind == 0:
            return {rng.choice(["a", "b", "div", ""]): make(depth + 1) for _ in range(rng.randrange(3))}
        if kind == 1:
            return [make(depth + 1) for _ in range(rng.randrange(3))]
        return rng.choice(leaves)

    seen_dirty = 0
    for _ in range(5000):
        doc = {"resourceType": "Patient", "x": make(0)}
        if _clean_text(doc):
            assert _clean(doc), doc
        seen_dirty += not _clean(doc)
    assert seen_dirty > 1000
