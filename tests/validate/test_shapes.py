"""Structure verdicts remembered by layout (fhirconv.validate.shapes) are the models' verdicts.

Every resource of every sample teaches its layout; then each primitive value and each element of a
copy is changed in turn (bad dates, codes with spaces, empty strings, wrong JSON types, ids too
long, unknown and missing elements, two types for one choice element), and the structure layer,
which now answers from the remembered layouts where it can, must give exactly what fhir.resources'
``model_validate`` gives on its own: the same pass or fail, the same messages.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from fhirconv.api import convert_file
from fhirconv.validate import shapes, structure
from fhirconv.validate.tree import Target

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.yaml"))

# Replacements for one primitive value: good ones of other kinds and bad ones of every sort.
VALUES: list[Any] = ["", "a b", " lead", "2011-02-30", "2011-13", "2011-06-01T10:00:00", "12.50", "x" * 70,
                     "ok", 0, -1, 2.5, True, None, [], {}, ["a"]]


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _direct(version: str, resource: dict[str, Any]) -> list[str]:
    saved = shapes._BY_VERSION.pop(version, None)
    try:
        return [i.message + "@" + (i.expression or "") for i in _check(version, resource)]
    finally:
        shapes._BY_VERSION.pop(version, None)
        if saved is not None:
            shapes._BY_VERSION[version] = saved


def _check(version: str, resource: dict[str, Any]) -> list[Any]:
    return structure.check_resource(Target(resource, resource["resourceType"]), version)


def _resources(version: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for sample in SAMPLES:
        out += convert_file(str(sample), fhir_version=version).resources
    return out


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_remembered_layouts_give_the_models_verdicts(version):
    resources = _resources(version)
    shapes._BY_VERSION.pop(version, None)
    for r in resources:
        assert _check(version, r) == []  # the samples are valid: each teaches its layout
    assert shapes.for_version(version).layouts, "no layout was learnt"
    seen: set[tuple[str, tuple[Any, ...], str]] = set()
    compared = answered_from_memory = 0
    for r in resources:
        for path in _leaves(r):
            if path == ("resourceType",):
                continue
            generic = tuple("#" if isinstance(p, int) else p for p in path)
            where = (r["resourceType"] if len(generic) < 3 else "", generic[-3:])  # the element, wherever it is
            for value in VALUES:
                marker = (*where, repr(value))
                if marker in seen:
                    continue
                seen.add(marker)
                mutant = copy.deepcopy(r)
                _set(mutant, path, copy.deepcopy(value))
                known, _ = shapes.for_version(version).passes(
                    r["resourceType"], mutant, structure.model_class(version, r["resourceType"]))
                answered_from_memory += known
                got = [i.message + "@" + (i.expression or "") for i in _check(version, mutant)]
                assert got == _direct(version, mutant), (r["resourceType"], path, value)
                compared += 1
    assert compared > 1000 and answered_from_memory > 50


@pytest.mark.parametrize("version", ["R4", "R5"])
def test_layout_changes_go_to_the_models(version):
    resources = _resources(version)
    shapes._BY_VERSION.pop(version, None)
    for r in resources:
        _check(version, r)
    changed = 0
    seen: set[tuple[str, str]] = set()
    for r in resources:
        for key in [k for k in r if k not in ("resourceType",)]:
            if (r["resourceType"], key) in seen:
                continue
            seen.add((r["resourceType"], key))
            for mutant in (
                {k: v for k, v in r.items() if k != key},  # an element left out (required ones fail)
                {**r, key + "Typo": r[key]},  # an unknown element
                {**r, "valueString": "x", "valueBoolean": True} if r["resourceType"] == "Observation" else r,
            ):
                got = [i.message for i in _check(version, mutant)]
                assert got == [m.split("@")[0] for m in _direct(version, mutant)], (r["resourceType"], key)
                changed += 1
    assert changed > 60


def test_an_observation_with_two_values_fails_though_its_parts_passed():
    from fhir.resources.R4B.observation import Observation  # noqa: F401 - the models are the reference

    base = {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}
    assert _check("R4", {**base, "valueString": "a"}) == []
    assert _check("R4", {**base, "valueBoolean": True}) == []
    issues = _check("R4", {**base, "valueString": "a", "valueBoolean": True})
    assert issues and "value[x]" in issues[0].expression


PROBE = """
import json, sys
from fhirconv.validate import shapes, structure
from fhirconv.validate.tree import Target
shapes.remember_on_disk()
bundle = json.load(open(sys.argv[1]))
out = []
for entry in bundle["entry"]:
    r = entry["resource"]
    out.append([i.message for i in structure.check_resource(Target(r, r["resourceType"]), "R4")])
shapes.flush()
models = sorted(m for m in sys.modules if m.startswith("fhir.resources.R4B.") and m.split(".")[-1] in
                ("patient", "condition", "observation", "procedure", "medicationstatement"))
print(json.dumps({"issues": out, "models": models, "pydantic": "pydantic" in sys.modules}))
"""


def test_layouts_kept_on_disk_spare_the_models_and_miss_nothing(tmp_path):
    """A batch run keeps the layouts the models passed and how each model's elements are read: a
    later process checks the same layouts without building the model classes, still checks every
    value (a bad date in a known layout is found, by the models, with their message), and a cache
    entry holding anything but the types of FHIR primitives is refused."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path / "cache")}
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_bundle()), encoding="utf-8")

    def run(path):
        proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    first = run(good)
    assert first["models"] and not any(first["issues"])
    second = run(good)
    # no model class built, nor pydantic imported: every value is plainly valid (validate.primitives)
    assert second == {"issues": first["issues"], "models": [], "pydantic": False}
    bad_bundle = _bundle()
    condition = next(e["resource"] for e in bad_bundle["entry"] if e["resource"]["resourceType"] == "Condition")
    date_key = next(k for k in condition if k.endswith("DateTime"))
    condition[date_key] = "2011-02-30"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_bundle), encoding="utf-8")
    third = run(bad)
    assert any(third["issues"]) and "fhir.resources.R4B.condition" in third["models"]
    # A tampered element table (a type from outside the allowed modules) is never loaded: a value that
    # needs its validator goes to the models, which find the bad date as before.
    cache = next((tmp_path / "cache").glob("structure-elements-R4-*.json"))
    kept = cache.read_text(encoding="utf-8")
    data = json.loads(kept)
    import base64
    import pickle

    foreign = base64.b64encode(pickle.dumps((os.system, {}))).decode("ascii")
    for key in [k for k in data if k.startswith("table:")]:
        data[key] = {alias: row if row is None or row[1] is not None else [row[0], None, row[2], foreign]
                     for alias, row in data[key].items()}
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert run(bad)["issues"] == third["issues"]
    # An entry of another shape is ignored as a whole: back to the models.
    data = json.loads(kept)
    for key in [k for k in data if k.startswith("table:")]:
        data[key] = base64.b64encode(pickle.dumps({"id": (False, None, os.system, {})})).decode("ascii")
    cache.write_text(json.dumps(data), encoding="utf-8")
    fourth = run(good)
    assert fourth["issues"] == first["issues"] and fourth["models"]


def _bundle(sample: str = "multiple-myeloma"):
    import json

    conv = convert_file(str(next(s for s in SAMPLES if s.name.startswith(sample))))
    return json.loads(conv.bundle_json())


def test_a_nested_model_first_met_in_a_later_run_is_kept(tmp_path):
    """A run whose Conditions have no ``stage`` keeps Condition's element table; a later run meeting a
    staged Condition reads that table from disk, so Condition's live class registers none of its
    nested classes: the stage's model must still be found, read and kept, so that the run after it
    checks the same Bundle without building a model class (before, every staged Condition of every
    later run went to the models)."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path / "cache")}
    staged = _bundle("breast-cancer")
    assert any("stage" in e["resource"] for e in staged["entry"] if e["resource"]["resourceType"] == "Condition")
    plain = copy.deepcopy(staged)
    for entry in plain["entry"]:
        entry["resource"].pop("stage", None)
    paths = {}
    for name, bundle in (("plain", plain), ("staged", staged)):
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(json.dumps(bundle), encoding="utf-8")

    def run(path):
        proc = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    assert run(paths["plain"])["models"]
    assert run(paths["plain"])["models"] == []
    learning = run(paths["staged"])
    assert not any(learning["issues"]) and "fhir.resources.R4B.condition" in learning["models"]
    assert run(paths["staged"]) == {"issues": learning["issues"], "models": [], "pydantic": False}
