"""Benchmark of ``fhirconv validate``: ``python -m fhirconv.validate.bench [--resources 300]``.

Builds a collection Bundle of about N resources from the sample cases (copies with fresh ids),
validates it once to warm up (imports, schema loading, validator compilation: start-up cost), then
times each layer alone and all layers together, best of a few runs, and prints resources/second.
It also times plain jsonschema (``Draft6Validator`` resolving ``$ref`` through ``referencing``) and
validation through the schema's root ``oneOf`` on a few resources, to show what the schema layer's
changes buy.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def build_bundle(n: int, version: str = "R4") -> dict[str, Any]:
    """A collection of about ``n`` resources: the sample cases converted, copied with new ids."""
    from fhirconv.api import convert_file

    bundles = [convert_file(p, fhir_version=version).bundle for p in sorted(SAMPLES.glob("*.yaml"))]
    entries: list[dict[str, Any]] = []
    copy = 0
    while len(entries) < n:
        for bundle in bundles:
            text = json.dumps(bundle["entry"])
            for entry in bundle["entry"]:
                rid = entry["resource"]["id"]
                text = text.replace(rid, str(uuid.uuid5(uuid.UUID(rid), str(copy))))
            text = text.replace('"value": "', f'"value": "copy{copy}/')  # identifiers stay unique
            entries.extend(json.loads(text))
            copy += 1
    return {"resourceType": "Bundle", "type": "collection", "entry": entries[:n]}


def best_of(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fhir-version", default="R4", choices=["R4", "R5"])
    args = parser.parse_args(argv)
    from fhirconv.validate import LAYERS, validate_documents
    from fhirconv.validate.json_syntax import parse_text
    from fhirconv.validate.structure import model_class
    from fhirconv.validate.tree import targets_of

    version = args.fhir_version
    t0 = time.perf_counter()
    bundle = build_bundle(args.resources, version)
    text = json.dumps(bundle)
    n = len(bundle["entry"])

    def run(layers: tuple[str, ...]) -> None:
        docs, _ = parse_text(text, "bench.json")
        issues = validate_documents(docs, fhir_version=version, layers=layers)
        if any(i.is_error for i in issues):
            raise SystemExit("benchmark bundle has errors: " + issues[0].one_line())

    t1 = time.perf_counter()
    run(LAYERS)
    startup = time.perf_counter() - t1
    print(f"bundle: {n} resources ({len(text) // 1024} KiB), FHIR {version}; built in {t1 - t0:.2f} s; "
          f"first validation (start-up: imports, schema, validators) {startup:.2f} s")

    def models_alone() -> None:
        data = json.loads(text)
        for target in targets_of(data):
            res = target.resource
            if res.get("resourceType") == "Bundle":
                res = {**res, "entry": [{k: v for k, v in e.items() if k != "resource"} for e in res["entry"]]}
            model_class(version, res["resourceType"]).model_validate(res)

    figures: list[tuple[str, float]] = [("parse only (json.loads)", best_of(lambda: json.loads(text), args.runs)),
                                        ("fhir.resources model_validate alone", best_of(models_alone, args.runs))]
    for layer in LAYERS:
        figures.append((f"layer {layer} (parse + this layer)", best_of(lambda layer=layer: run((layer,)), args.runs)))
    figures.append(("all layers", best_of(lambda: run(LAYERS), args.runs)))
    base = dict(figures)["fhir.resources model_validate alone"]
    for name, seconds in figures:
        print(f"  {name:<42} {seconds * 1000:8.1f} ms  {n / seconds:9.0f} resources/s  {seconds / base:5.2f}x models")
    _plain_jsonschema(bundle, version, min(n, 60), args.runs)


def _plain_jsonschema(bundle: dict[str, Any], version: str, k: int, runs: int) -> None:
    """Plain jsonschema for comparison: per-type $ref through referencing, and the root oneOf."""
    from jsonschema import Draft6Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT6

    from fhirconv.validate.fhirschema import schema_path

    raw = json.loads(schema_path(version).read_text(encoding="utf-8"))
    registry = Registry().with_resource(raw["id"], Resource(contents=raw, specification=DRAFT6))
    resources = [e["resource"] for e in bundle["entry"][:k]]
    cache: dict[str, Any] = {}

    def per_type() -> None:
        for r in resources:
            v = cache.get(r["resourceType"])
            if v is None:
                ref = {"$ref": f"{raw['id']}#/definitions/{r['resourceType']}"}
                v = cache[r["resourceType"]] = Draft6Validator(ref, registry=registry)
            for _ in v.iter_errors(r):
                pass

    root = Draft6Validator(raw)

    def through_root() -> None:
        for r in resources[:10]:
            for _ in root.iter_errors(r):
                pass

    per_type()
    t = best_of(per_type, runs)
    print(f"  {'plain Draft6Validator, $ref per type':<42} {t * 1000 / k * 300:8.1f} ms per 300 "
          f"{k / t:9.0f} resources/s")
    t = best_of(through_root, 1)
    print(f"  {'plain Draft6Validator, root oneOf':<42} {t * 1000 / 10 * 300:8.1f} ms per 300 "
          f"{10 / t:9.0f} resources/s")


if __name__ == "__main__":
    main()
