"""The long fuzz run, by hand: ``python -m tests.fuzz.long_run --count 2000`` mutates the samples
into COUNT case files and COUNT Bundles (seeded: the same files every time), runs every case through
the converter and every Bundle through `fhirconv validate` in worker processes, then the whole case
directory through the `fhirconv convert` and `fhirconv validate` commands, and prints the figures
(crashes, hangs, internal errors, invalid outputs, false passes, time) kept in tests/README.md."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.check import Figures, run_cli_batch, run_pool
from tests.fuzz.mutate import mutated_bundle, mutated_case


def write_cases(directory: Path, count: int, seed: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        suffix, text = mutated_case(random.Random(seed * 1_000_003 + n))
        path = directory / f"case-{n:05d}{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        paths.append(path)
    return paths


def sample_bundles() -> list[dict]:
    from fhirconv.api import convert_file
    from tests.fuzz.mutate import SAMPLES

    return [json.loads(convert_file(p, bundle_type=t).bundle_json()) for p in SAMPLES
            for t in ("collection", "transaction")]


def write_bundles(directory: Path, count: int, seed: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    bundles = sample_bundles()
    paths = []
    for n in range(count):
        text = mutated_bundle(random.Random(seed * 1_000_033 + n), bundles)
        path = directory / f"bundle-{n:05d}.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=2000, help="mutated cases, and as many mutated Bundles")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="write the inputs here (default: a temporary directory)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="fhirconv-fuzz-"))
    start = time.perf_counter()
    cases = write_cases(work / "cases", args.count, args.seed)
    bundles = write_bundles(work / "bundles", args.count, args.seed)
    print(f"inputs written to {work} in {time.perf_counter() - start:.1f} s", flush=True)
    case_figures = run_pool("cases", cases, jobs=args.jobs)
    print("convert (library, one worker per case):", case_figures.line(), flush=True)
    bundle_figures = run_pool("bundles", bundles, jobs=args.jobs)
    print("validate (one worker per file):", bundle_figures.line(), flush=True)
    cli_figures = Figures(inputs=len(cases))
    t = time.perf_counter()
    run_cli_batch(work / "cases", work / "out", cli_figures, jobs=args.jobs)
    cli_figures.seconds = time.perf_counter() - t
    print(f"fhirconv convert DIR -o OUT/ -j {args.jobs} then validate OUT: internal errors "
          f"{len(cli_figures.internal)}, invalid outputs {len(cli_figures.invalid)}, left behind "
          f"{len(cli_figures.left_behind)}; {cli_figures.seconds:.1f} s", flush=True)
    bad = {**case_figures.bad(), **{f"bundle {k}": v for k, v in bundle_figures.bad().items()},
           **{f"cli {k}": v for k, v in cli_figures.bad().items()}}
    for kind, items in bad.items():
        print(f"{kind}:", *items[:20], sep="\n  ")
    print(f"total {time.perf_counter() - start:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
