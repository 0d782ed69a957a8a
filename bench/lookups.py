"""Terminology look-ups: every term every sample case looks up, timed warm and in a fresh process.

    python bench/lookups.py

The terms are the look-ups convert really makes on ``samples/*.yaml`` (recorded while converting),
so the row follows the samples as they grow. Used by ``bench/run.py``; also runs alone.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sample_lookups() -> list[tuple[str, str]]:
    """(kind, term) of every look-up converting the samples makes, in order."""
    import fhirconv.mappers.snippets as snippets
    from fhirconv.api import convert_file

    calls: list[tuple[str, str]] = []
    real_match, real_lookup = snippets.match, snippets.lookup

    def spy_match(kind, term, **kw):  # type: ignore[no-untyped-def]
        calls.append((kind, term))
        return real_match(kind, term, **kw)

    def spy_lookup(kind, term):  # type: ignore[no-untyped-def]
        calls.append((kind, term))
        return real_lookup(kind, term)

    snippets.match, snippets.lookup = spy_match, spy_lookup
    try:
        for path in sorted((ROOT / "samples").glob("*.yaml")):
            convert_file(path)
    finally:
        snippets.match, snippets.lookup = real_match, real_lookup
    return calls


def warm_rate(calls: list[tuple[str, str]], rounds: int = 20) -> float:
    """Look-ups per second with the tables (and the ICD-10-CM index) open, caches emptied before each round."""
    from fhirconv.terminology import match
    from fhirconv.terminology.matching import _match
    from fhirconv.terminology.normalize import _word, normalize

    match("condition", "warm up")
    best = float("inf")
    for _ in range(rounds):  # every cache emptied: each look-up is done again from the words
        _match.cache_clear()
        normalize.cache_clear()
        _word.cache_clear()
        t0 = time.perf_counter()
        for kind, term in calls:
            match(kind, term)
        best = min(best, time.perf_counter() - t0)
    return len(calls) / best


COLD = """
import json, sys
from fhirconv.terminology import match
for kind, term in json.loads(sys.argv[1]):
    match(kind, term)
"""


def cold_ms(calls: list[tuple[str, str]], repeat: int = 5) -> tuple[float, float]:
    """Median wall time (ms) of a fresh process making every look-up, and of ``python -c pass``."""
    def run(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        return (time.perf_counter() - t0) * 1000

    arg = json.dumps(calls)
    run([sys.executable, "-c", COLD, arg])  # the ICD-10-CM cache is written once, not timed
    looks = statistics.median(run([sys.executable, "-c", COLD, arg]) for _ in range(repeat))
    bare = statistics.median(run([sys.executable, "-c", "pass"]) for _ in range(repeat))
    return looks, bare


def main() -> None:
    calls = sample_lookups()
    rate = warm_rate(calls)
    looks, bare = cold_ms(calls)
    print(f"{len(calls)} look-ups ({len(set(calls))} distinct) from {len(list((ROOT / 'samples').glob('*.yaml')))} "
          f"samples: {rate:.0f} look-ups/s warm; fresh process {looks:.0f} ms vs python -c pass {bare:.0f} ms")


if __name__ == "__main__":
    main()
