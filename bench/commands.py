"""Whole-command rows: what users run, timed as they run it, against baselines from the same run.

    python bench/commands.py [--cases 300] [--repeat 7]

Rows (medians of --repeat runs; each a fresh process, bytecode compiled first as an install does):
- start-up: `python -c pass` and `fhirconv --help` (the baselines of the one-case rows), taken in
  turns with the one case's later runs, 2 x --repeat + 1 times each;
- one case: `fhirconv convert samples/multiple-myeloma.yaml -o x.json` with validation, with an empty
  cache (the first run after an install or upgrade) and with a warm one (every later run: see
  fhirconv.validate.verdicts), as a ratio to `fhirconv --help` (target: warm <= 3x);
- `fhirconv validate` on that one Bundle, cold and warm, the same way;
- a directory of N distinct cases, `convert DIR -o OUT -j 1` and `-j 2`, in resources/s against bare
  fhir.resources R4B `model_validate` of the same resources in this process (target: -j 1 >= 0.5x;
  -j 2 >= 1.7x -j 1), and beside -j 2 what two processes of a plain CPU loop gain here over one after
  the other, taken in the same turns (on a shared VM the second core is not always there: -j 2 can
  reach no more than the machine gives), and two `-j 1` runs at once, each on half the cases: what
  this work itself gains from the second core, with nothing shared (-j 2's ceiling here);
- `fhirconv validate OUT/` on the N Bundles, in resources/s against the same baseline;
- `fhirconv validate` of one large Bundle (--large-mb, default 50): the converted cases' entries in one
  Bundle, and the myeloma Bundle carrying one narrative of that size, in wall time and peak memory
  against reading the same file with `json.load` in a fresh process (``--large-only`` runs these alone).
Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write  # noqa: E402

MYELOMA = ROOT / "samples" / "multiple-myeloma.yaml"


def fhirconv(*args: str) -> list[str]:
    return [sys.executable, "-m", "fhirconv", *args]


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - t0


LOOP = "s = 0\nfor i in range(4_000_000): s += i * i"


def loop_speedup() -> tuple[float, float]:
    """Two runs of a plain CPU loop, one after the other and then both at once, in seconds."""
    cmd = [sys.executable, "-c", LOOP]
    t0 = time.perf_counter()
    for _ in range(2):
        subprocess.run(cmd, check=True)
    serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd) for _ in range(2)]
    for p in procs:
        p.wait()
    return serial, time.perf_counter() - t0


def halves_at_once(halves: list[Path], outs: list[Path], env: dict[str, str]) -> float:
    """Two `convert -j 1` processes at once, one per half of the cases: wall time until both end."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen(fhirconv("convert", str(h), "-o", str(o), "-j", "1", "-q"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env={**os.environ, **env})
             for h, o in zip(halves, outs, strict=True)]
    if any(p.wait() != 0 for p in procs):
        raise RuntimeError("a half run failed")
    return time.perf_counter() - t0


def median_wall(cmd: list[str], repeat: int, env: dict[str, str] | None = None, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        times.append(wall(cmd, env))
    return statistics.median(times)


def interleaved_medians(cmds: list[tuple[list[str], dict[str, str] | None]], repeat: int) -> list[float]:
    """The median wall time of each command, run in turns (a, b, c, a, b, c, ...): on a shared host
    the time a run gets varies within minutes, and ratios of runs taken in turns say more than ratios
    of series taken one after the other."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, (cmd, env) in enumerate(cmds):
            times[i].append(wall(cmd, env))
    return [statistics.median(t) for t in times]


def baseline_rate(bundles: list[dict]) -> tuple[float, int]:
    """Resources per second of bare fhir.resources R4B model_validate, in this process."""
    import importlib

    resources = [e["resource"] for b in bundles for e in b["entry"]]
    classes = {t: getattr(importlib.import_module(f"fhir.resources.R4B.{t.lower()}"), t)
               for t in {r["resourceType"] for r in resources}}
    for r in resources[:200]:  # build the classes first: the commands pay that once too
        classes[r["resourceType"]].model_validate(r)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for r in resources:
            classes[r["resourceType"]].model_validate(r)
        best = min(best, time.perf_counter() - t0)
    return len(resources) / best, len(resources)


def run(cases: int = 300, repeat: int = 7) -> list[tuple[str, str, str]]:
    """The rows as (measure, figure, target) and printed as they come."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "fhirconv")], check=True)
    tmp = Path(tempfile.mkdtemp(prefix="fhirconv-bench-cmd-"))
    rows: list[tuple[str, str, str]] = []

    def row(measure: str, figure: str, target: str = "") -> None:
        rows.append((measure, figure, target))
        print(f"{measure:58} {figure:>34}  {target}", flush=True)

    cold_dir, warm_dir = tmp / "cold-cache", tmp / "warm-cache"

    def empty_cache() -> None:
        shutil.rmtree(cold_dir, ignore_errors=True)

    cold = {"FHIRCONV_CACHE_DIR": str(cold_dir)}
    warm = {"FHIRCONV_CACHE_DIR": str(warm_dir)}
    out = tmp / "one.json"
    wall(fhirconv("convert", str(MYELOMA), "-o", str(out), "-q"), warm)  # fill the cache
    # the baselines and the one case in turns (see interleaved_medians)
    py, hp, one_warm = interleaved_medians([([sys.executable, "-c", "pass"], None), (fhirconv("--help"), None),
                                            (fhirconv("convert", str(MYELOMA), "-o", str(out), "-q"), warm)],
                                           repeat * 2 + 1)
    row("python -c pass", f"{py * 1000:.0f} ms")
    row("fhirconv --help", f"{hp * 1000:.0f} ms (+{(hp - py) * 1000:.0f} ms)", "<= +150 ms")

    one_cold = median_wall(fhirconv("convert", str(MYELOMA), "-o", str(out), "-q"), repeat, cold, empty_cache)
    row("convert one case, first run (empty cache)", f"{one_cold * 1000:.0f} ms = {one_cold / hp:.1f}x --help")
    row("convert one case, later runs", f"{one_warm * 1000:.0f} ms = {one_warm / hp:.1f}x --help", "<= 3x --help")
    # a terms file of one row: its table is the built-in one with the row laid on top (tables.overlaid)
    terms = tmp / "terms.csv"
    terms.write_text("kind,term,aliases,system,code,display,unit,source\n"
                     "condition,type 2 diabetes,diabetes type 2,http://snomed.info/sct,44054006,"
                     "Diabetes mellitus type 2,,bench\n", encoding="utf-8")
    with_terms = median_wall(fhirconv("convert", str(MYELOMA), "--terms", str(terms), "-o", str(out), "-q"),
                             repeat, warm)
    row("convert one case with a one-row --terms file", f"{with_terms * 1000:.0f} ms = {with_terms / hp:.1f}x --help")
    val_cold = median_wall(fhirconv("validate", str(out)), repeat, cold, empty_cache)
    wall(fhirconv("validate", str(out)), warm)
    val_warm = median_wall(fhirconv("validate", str(out)), repeat, warm)
    row("validate one Bundle, first run (empty cache)", f"{val_cold * 1000:.0f} ms = {val_cold / hp:.1f}x --help")
    row("validate one Bundle, later runs", f"{val_warm * 1000:.0f} ms = {val_warm / hp:.1f}x --help")

    src = write(cases, tmp / "cases")
    out1, out2 = tmp / "out-j1", tmp / "out-j2"
    # -j 1 and -j 2 taken in turns, best of three each: on a shared VM the time one run gets from the
    # processors varies by a third within minutes, and a ratio of runs minutes apart says little
    files = sorted(p for p in src.iterdir() if p.is_file())
    halves = [tmp / "half-a", tmp / "half-b"]
    for half, part in zip(halves, (files[: len(files) // 2], files[len(files) // 2:]), strict=True):
        half.mkdir()
        for f in part:
            shutil.copy(f, half / f.name)
    j1, j2, serial, parallel, split = [], [], [], [], []
    for _ in range(3):
        j1.append(wall(fhirconv("convert", str(src), "-o", str(out1), "-j", "1", "-q"), cold))
        j2.append(wall(fhirconv("convert", str(src), "-o", str(out2), "-j", "2", "-q"), cold))
        one, two = loop_speedup()
        serial.append(one)
        parallel.append(two)
        split.append(halves_at_once(halves, [tmp / "out-a", tmp / "out-b"], cold))
    t1, t2 = min(j1), min(j2)
    machine = min(serial) / min(parallel)
    same = sorted(p.name for p in out1.iterdir()) == sorted(p.name for p in out2.iterdir()) and all(
        (out1 / p.name).read_bytes() == p.read_bytes() for p in out2.iterdir())
    bundles = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out1.iterdir())]
    base, n_res = baseline_rate(bundles)
    row(f"baseline: model_validate, {n_res} resources", f"{base:.0f} resources/s")
    r1, r2 = n_res / t1, n_res / t2
    row(f"convert DIR of {cases} cases -j 1", f"{r1:.0f} res/s = {r1 / base:.2f}x baseline", ">= 0.5x")
    row(f"convert DIR of {cases} cases -j 2", f"{r2:.0f} res/s = {t1 / t2:.2f}x -j 1, same bytes: {same}",
        ">= 1.7x -j 1")
    row("CPU loop, two processes at once", f"{machine:.2f}x one after the other", "(what -j 2 can reach)")
    row("two -j 1 runs at once, half the cases each", f"{t1 / min(split):.2f}x -j 1",
        "(this work's own gain from a second core)")
    tv = min(wall(fhirconv("validate", str(out1)), cold) for _ in range(2))
    rv = n_res / tv
    row(f"validate DIR of {cases} Bundles", f"{rv:.0f} res/s = {rv / base:.2f}x baseline")
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


def timed_peak(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of ``cmd`` run by a fresh Python that only waits for it."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True).stdout
    seconds, kb = out.split()
    return float(seconds), int(kb) / 1024


def large_rows(megabytes: int = 50) -> list[tuple[str, str, str]]:
    """`fhirconv validate` of one Bundle of about ``megabytes`` MB: many resources, and one long text."""
    tmp = Path(tempfile.mkdtemp(prefix="fhirconv-bench-large-"))
    rows: list[tuple[str, str, str]] = []

    def row(measure: str, figure: str, target: str = "") -> None:
        rows.append((measure, figure, target))
        print(f"{measure:58} {figure:>34}  {target}", flush=True)

    env = {**os.environ, "FHIRCONV_CACHE_DIR": str(tmp / "cache")}
    cases = max(1, megabytes * 1_000_000 // 33_000)  # a generated case's Bundle is about 33 kB
    src = write(cases, tmp / "cases")
    subprocess.run(fhirconv("convert", str(src), "-o", str(tmp / "out"), "-j", "2", "-q"), check=True, env=env,
                   capture_output=True)
    entries = [e for p in sorted((tmp / "out").iterdir()) for e in json.loads(p.read_text(encoding="utf-8"))["entry"]]
    many = tmp / "many.json"
    many.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8")
    one = json.loads(subprocess.run(fhirconv("convert", str(MYELOMA), "-q"), capture_output=True, text=True,
                                    check=True, env=env).stdout)
    div = '<div xmlns="http://www.w3.org/1999/xhtml">' + "x" * megabytes * 1_000_000 + "</div>"
    one["entry"][0]["resource"]["text"] = {"status": "generated", "div": div}
    text = tmp / "text.json"
    text.write_text(json.dumps(one), encoding="utf-8")
    for name, path in ((f"{len(entries):,} resources", many), ("one long narrative", text)):
        size = path.stat().st_size / 1e6
        base_t, base_m = timed_peak([sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))", str(path)])
        t, m = timed_peak(fhirconv("validate", str(path)))
        row(f"validate one {size:.0f} MB Bundle, {name}",
            f"{t:.1f} s = {t / base_t:.1f}x json.load, {m:.0f} MB = {m / base_m:.1f}x")
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--large-mb", type=int, default=50, help="size of the large-Bundle rows (0: leave them out)")
    ap.add_argument("--large-only", action="store_true", help="only the large-Bundle rows")
    args = ap.parse_args()
    if not args.large_only:
        run(args.cases, args.repeat)
    if args.large_mb:
        large_rows(args.large_mb)


if __name__ == "__main__":
    main()
