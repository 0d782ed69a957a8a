"""Benchmark: fhirconv against a floor and a baseline measured in the same run.

    python bench/run.py [--cases N] [--memory-cases 1000,10000] [--skip-memory] [--skip-commands] [--series 5000,50000]
    python bench/run.py --only-series          # one large case (50,000 series values) against a small one

First the whole commands users run (bench/commands.py: one case, a directory -j 1 and -j 2,
validate), as ratios against `fhirconv --help` and bare model_validate measured in the same run.
Then, in one process: resources per second for json.dumps (floor), fhir.resources R4B model_validate (baseline),
convert without and with validation, validate alone; terminology look-ups of every sample term
(warm, and in a fresh process); --jobs 2 against --jobs 1; peak memory of the
CLI for two batch sizes; and `fhirconv --help` start-up against `python -c pass`. Targets are ratios
from this same run, never absolute times. Not run by the tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write  # noqa: E402


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "fhirconv", *args]


def peak_rss_mib(cmd: list[str]) -> float:
    """Peak resident memory of ``cmd`` (a fresh child, so nothing else is counted)."""
    probe = ("import resource,subprocess,sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def series_case(n: int, path: Path) -> Path:
    """The diabetes sample with an HbA1c series of ``n`` values (one Observation each)."""
    text = (ROOT / "samples" / "type2-diabetes-sglt2-remission.yaml").read_text(encoding="utf-8")
    old = ("series:\n      - {date: dapagliflozin, value: 10.3}\n"
           "      - {date: 18 months after dapagliflozin, value: 5.3}\n")
    rows = "".join(f"      - {{date: {2000 + i // 336 % 25}-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}, "
                   f"value: {5 + i % 50 / 10}}}\n" for i in range(n))
    path.write_text(text.replace(old, "series:\n" + rows), encoding="utf-8")
    return path


def series_row(tmp: Path, small: int, large: int) -> None:
    """One large case against a small one in the same run: time and memory per series value."""
    figures = {}
    for n in (small, large):
        case = series_case(n, tmp / f"series-{n}.yaml")
        cmd = cli("convert", str(case), "-o", str(tmp / f"series-{n}.json"), "-q", "--case-timeout", "3600")
        t0 = time.perf_counter()
        mib = peak_rss_mib(cmd)
        figures[n] = (time.perf_counter() - t0, mib)
        print(f"one case, {n:>6} series values: {figures[n][0]:7.1f} s, peak RSS {mib:7.1f} MiB "
              f"({case.stat().st_size / 1e6:.2f} MB of YAML)")
    (ts, ms), (tl, ml) = figures[small], figures[large]
    per_small, per_large = ts / small * 1000, tl / large * 1000
    print(f"time per series value: {per_small:.2f} ms ({small}) / {per_large:.2f} ms ({large}) = "
          f"{per_large / per_small:.2f}x (linear: about 1x or less); memory per added value: "
          f"{(ml - ms) * 1024 / (large - small):.1f} KB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=1000, help="cases for the throughput rows")
    ap.add_argument("--memory-cases", default="1000,10000", help="batch sizes for the peak-memory rows")
    ap.add_argument("--jobs-cases", type=int, default=3000, help="cases for the --jobs 2 against --jobs 1 row")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-commands", action="store_true", help="leave out the whole-command rows")
    ap.add_argument("--command-cases", type=int, default=300, help="cases for the directory command rows")
    ap.add_argument("--profile-only", action="store_true", help="only the profile layer row")
    ap.add_argument("--series", default="5000,50000", help="series values of the small and the large one-case row")
    ap.add_argument("--only-series", action="store_true", help="run only the one-large-case row")
    args = ap.parse_args()
    if args.profile_only:
        profile_layer_ratio()
        return
    if args.only_series:
        small, large = (int(x) for x in args.series.split(","))
        series_row(Path(tempfile.mkdtemp(prefix="fhirconv-bench-")), small, large)
        return

    if not args.skip_commands:
        from bench.commands import run as command_rows

        print("Whole commands (medians of fresh processes)\n")
        command_rows(args.command_cases)
        print()

    from fhirconv.api import convert_case
    from fhirconv.case import parse_case
    from fhirconv.validate import validate_resource_tree

    tmp = Path(tempfile.mkdtemp(prefix="fhirconv-bench-"))
    jsonl = write(args.cases, tmp / "cases.jsonl")
    texts = jsonl.read_text(encoding="utf-8").splitlines()

    convs = [convert_case(parse_case(t, "bench")) for t in texts]
    resources = [r for c in convs for r in c.resources]
    n_res = len(resources)
    classes = {t: getattr(importlib.import_module(f"fhir.resources.R4B.{t.lower()}"), t)
               for t in {r["resourceType"] for r in resources}}

    rows: list[tuple[str, float]] = []

    def rate(label: str, fn, repeat: int = 1) -> float:
        secs = timed(fn, repeat)
        r = n_res / secs
        rows.append((label, r))
        return r

    floor = rate("floor: json.dumps", lambda: [json.dumps(r) for r in resources], 3)
    base = rate("baseline: fhir.resources R4B model_validate",
                lambda: [classes[r["resourceType"]].model_validate(r) for r in resources])
    no_val = rate("convert, no validation", lambda: [convert_case(parse_case(t, "b")) for t in texts])
    full = rate("convert + all validation layers", lambda: [
        validate_resource_tree(convert_case(parse_case(t, "b")).bundle) for t in texts])
    val = rate("validate alone (all layers)", lambda: [validate_resource_tree(c.bundle) for c in convs])
    # Terminology: every look-up converting the samples makes (look-ups/s, against the same baseline).
    from bench.lookups import cold_ms, sample_lookups, warm_rate

    calls = sample_lookups()
    looks = warm_rate(calls)
    rows.append((f"look-ups of every sample term ({len(calls)}), per s", looks))

    print(f"\n{args.cases} cases, {n_res} resources (python {sys.version.split()[0]})\n")
    print(f"{'measure':48} {'resources/s':>12} {'x baseline':>11}")
    for label, r in rows:
        print(f"{label:48} {r:12.0f} {r / base:11.2f}")
    print(f"\nfloor / baseline: {floor / base:.1f}x")

    # Worker processes: same input, same output bytes, wall time of the whole command.
    jobs_input = write(args.jobs_cases, tmp / "jobs.jsonl")
    out1, out2 = tmp / "j1", tmp / "j2"

    def run_jobs(jobs: str, out: Path) -> None:
        subprocess.run(cli("convert", str(jobs_input), "-o", str(out), "--format", "ndjson", "-j", jobs, "-q"),
                       check=True, stderr=subprocess.DEVNULL, env={**_env(), "SOURCE_DATE_EPOCH": "0"})

    t1 = timed(lambda: run_jobs("1", out1))
    t2 = timed(lambda: run_jobs("2", out2))
    same = all((out1 / f.name).read_bytes() == f.read_bytes() for f in out2.iterdir())
    print(f"\nconvert {args.jobs_cases} cases -j 1: {t1:.2f} s   -j 2: {t2:.2f} s   speed-up {t1 / t2:.2f}x "
          f"(target >= 1.7x)   identical output: {same}")

    if not args.skip_memory:
        for n in (int(x) for x in args.memory_cases.split(",")):
            src = write(n, tmp / f"mem-{n}.jsonl")
            mib = peak_rss_mib(cli("convert", str(src), "-o", str(tmp / f"mem-{n}"), "--format", "ndjson",
                                   "-j", "1", "-q"))
            rows.append((f"peak memory, {n} cases (MiB)", mib))
            print(f"peak RSS, {n:>6} cases, -j 1: {mib:7.1f} MiB")
        mem = [r for label, r in rows if label.startswith("peak memory")]
        if len(mem) >= 2:
            print(f"memory ratio largest/smallest: {mem[-1] / mem[0]:.2f}x (target <= 1.2x)")

    small, large = (int(x) for x in args.series.split(","))
    series_row(tmp, small, large)

    py = statistics.median(timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
                           for _ in range(7))
    hp = statistics.median(timed(lambda: subprocess.run(cli("--help"), check=True, stdout=subprocess.DEVNULL))
                           for _ in range(7))
    print(f"\nfhirconv --help: {hp * 1000:.0f} ms, python -c pass: {py * 1000:.0f} ms, "
          f"difference {(hp - py) * 1000:.0f} ms (target <= 150 ms)")
    cold, bare = cold_ms(calls)
    print(f"every sample look-up in a fresh process: {cold:.0f} ms, python -c pass: {bare:.0f} ms, "
          f"difference {cold - bare:.0f} ms (tables and the ICD-10-CM index loaded on first use)")
    print(f"\nconvert with full validation / baseline: {full / base:.2f}x (target >= 0.5x)")
    print(f"look-ups / baseline: {looks / base:.1f}x (target >= 5x: looking terms up never limits convert)")
    print(f"convert without validation / baseline: {no_val / base:.2f}x; validate alone / baseline: {val / base:.2f}x")
    profile_layer_ratio()


IPS = "http://hl7.org/fhir/uv/ips/StructureDefinition/"
IPS_PROFILES = [IPS + p for p in ("Patient-uv-ips", "Condition-uv-ips", "MedicationStatement-uv-ips",
                                  "Procedure-uv-ips", "Observation-results-laboratory-pathology-uv-ips")]


def profile_layer_ratio(runs: int = 7) -> float:
    """validate (all layers) of the samples' Bundles with the IPS profiles (--profile) against the same
    without the profile layer: in-process (profiles loaded once, best of ``runs``) and as whole CLI
    runs (loading included). Needs the packages: fhirconv packages install hl7.fhir.uv.ips@2.0.0."""
    from fhirconv.api import convert_file
    from fhirconv.validate import validate_resource_tree

    bundles = [convert_file(str(f)).bundle for f in sorted((ROOT / "samples").glob("*.yaml"))]
    validate_resource_tree(bundles[0], profiles=IPS_PROFILES)  # load and compile once
    plain = timed(lambda: [validate_resource_tree(b) for b in bundles], runs)
    with_profiles = timed(lambda: [validate_resource_tree(b, profiles=IPS_PROFILES) for b in bundles], runs)
    tmp = Path(tempfile.mkdtemp(prefix="fhirconv-bench-profile-"))
    for n, b in enumerate(bundles):
        (tmp / f"{n}.json").write_text(json.dumps(b), encoding="utf-8")
    flags = [x for url in IPS_PROFILES for x in ("--profile", url)]
    cli_plain = statistics.median(timed(lambda: subprocess.run(cli("validate", str(tmp)), stdout=subprocess.DEVNULL))
                                  for _ in range(3))
    cli_profiles = statistics.median(timed(lambda: subprocess.run(cli("validate", str(tmp), *flags),
                                                                  stdout=subprocess.DEVNULL)) for _ in range(3))
    ratio = with_profiles / plain
    print(f"\nvalidate {len(bundles)} sample Bundles, with the profile layer (5 IPS profiles) / without: "
          f"in-process {with_profiles * 1000:.0f} ms / {plain * 1000:.0f} ms = {ratio:.2f}x; "
          f"CLI {cli_profiles:.2f} s / {cli_plain:.2f} s = {cli_profiles / cli_plain:.2f}x (target <= 3x)")
    return ratio


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


if __name__ == "__main__":
    main()
