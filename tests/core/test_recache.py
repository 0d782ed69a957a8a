"""Regular expressions made from data kept on disk are the patterns :mod:`re` makes, a second run
compiles none, and a damaged copy is never read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_probe

PROBE = r"""
import re, sys
from fhirconv import recache
recache.install()
patterns = [
    (r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:mg|g|mcg)\b", 0),
    (r"^\s*(?:grade|stage)\s+(?P<g>[ivx]+|\d)[a-c]?$", re.IGNORECASE),
    (r"[\x00-\x08\u00e9]+|(?<=a)b(?!c)", 0),
    (rb"\x00(?P<x>..)\1", 0),
    (r"(?x) a  b # comment", 0),
]
made = [re.compile(p, f) for p, f in patterns]
assert all(m.match is not None for m in made)
print(int(recache._new), recache._original is not None,
      [(m.pattern, m.flags, m.groups, sorted(m.groupindex.items())) for m in made],
      bool(made[0].search("took 12.5 mg daily")), made[0].search("took 12.5 mg").group("n"),
      bool(made[1].match(" Stage IIIA")), bool(made[2].search("ab")), bool(made[2].search("abc")),
      bool(made[3].match(b"\x00abab")), sep="\t")
"""


def _run(cache: Path, off: bool = False) -> list[str]:
    return run_probe(PROBE, cache, off, sep="\t")


def test_second_run_compiles_nothing_and_makes_the_same_patterns(tmp_path):
    first = _run(tmp_path)
    assert first[:2] == ["1", "True"]  # installed, and compiled the patterns
    assert len(list(tmp_path.glob("regex-code-*.bin"))) == 1
    second = _run(tmp_path)
    assert second[:2] == ["0", "True"]  # made from the kept data alone
    assert first[2:] == second[2:] == _run(tmp_path, off=True)[2:]
    assert second[3:] == ["True", "12.5", "True", "True", "False", "True"]  # and they match as re's own


def test_every_kept_pattern_is_the_one_re_makes(tmp_path):
    """After a real conversion, each kept entry gives a pattern equal (same op-codes) to re's own."""
    import re

    from fhirconv import recache

    proc = subprocess.run([sys.executable, "-m", "fhirconv", "convert", "samples/multiple-myeloma.yaml", "-q",
                           "-o", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path)},
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    (path,) = tmp_path.glob("regex-code-*.bin")
    from fhirconv.diskcache import read_signed

    kept = read_signed(path)
    assert isinstance(kept, dict) and len(kept) > 100  # the word rules, the case checks, the YAML scanner
    original = recache._original or re._compiler.compile
    for (pattern, flags), parts in kept.items():
        assert recache._make(pattern, parts) == original(pattern, flags), pattern


def test_a_damaged_copy_is_ignored_and_replaced(tmp_path):
    _run(tmp_path)
    (path,) = tmp_path.glob("regex-code-*.bin")
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert _run(tmp_path)[0] == "1"  # compiled again, the damaged copy unread
    assert _run(tmp_path)[0] == "0"


def test_nothing_is_kept_when_caching_is_off_or_for_a_library_user(tmp_path):
    out = _run(tmp_path, off=True)
    assert out[:2] == ["0", "False"]
    assert not list(tmp_path.glob("regex-code-*"))
    probe = ("import re, fhirconv.api, fhirconv.recache as r; "
             "print(r._original is None, re._compiler.compile.__module__)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path)})
    assert proc.stdout.split() == ["True", "re._compiler"]
