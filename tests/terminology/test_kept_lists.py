"""Lists derived from shipped data and kept in the cache directory (the GPS's organisms, the brands'
keys) are the lists made from the data, and a later process reads them without the data."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
import sys
from fhirconv.terminology import brands, gps_data, organisms
if sys.argv[1] == "without-data":  # a process that reads the kept lists may not open the data
    gps_data.index = brands._read = None
ranked = lambda xs: sorted(map(repr, xs))
print(ranked(organisms.organisms()), ranked(organisms.genera()), ranked(organisms.phrases()),
      sorted(organisms.binomials().items()), sorted(organisms.initials().items()), organisms._gps_names()[:50],
      list(brands._index().items()), sep="\n")
"""


def _run(cache: str, how: str = "as-usual") -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FHIRCONV_CACHE_DIR": cache})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_kept_lists_are_the_lists_made_from_the_data(tmp_path):
    made = _run("off")
    assert "('escherichia', 'coli')" in made and "Lasix" in made
    first = _run(str(tmp_path))
    assert {p.name.split("-")[0] for p in tmp_path.glob("*.bin")} >= {"gps", "brands"}
    assert first == made
    assert _run(str(tmp_path), "without-data") == made  # read back, not made again


def test_a_damaged_copy_is_made_again(tmp_path):
    made = _run(str(tmp_path))
    for path in [*tmp_path.glob("gps-organisms-*.bin"), *tmp_path.glob("brands-*.bin")]:
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        path.write_bytes(bytes(raw))
    assert _run(str(tmp_path)) == made
    assert _run(str(tmp_path), "without-data") == made
