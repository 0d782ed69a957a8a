"""Dataclasses made with code kept on disk are the classes Python would make, and a damaged copy is
never read (the cache dir's file is replaced, not trusted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_probe

PROBE = """
from __future__ import annotations
import dataclasses, inspect, sys
from fhirconv import classcache
classcache.install()

@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 2
    tags: tuple[str, ...] = ()

@dataclasses.dataclass(order=True)
class Row:
    name: str
    size: float = dataclasses.field(default=1.5, compare=False)

p = Point(1)
assert p == Point(1, 2) and p != Point(1, 3) and hash(p) == hash(Point(1, 2))
try:
    p.x = 5
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("frozen")
assert Row("a", 9.0) == Row("a") and Row("a") < Row("b")
print(repr(p), repr(Row("z")), inspect.signature(Point).replace(), Point.__init__.__annotations__,
      Point.__init__.__code__.co_flags, sum(map(len, classcache._codes.values())), int(bool(classcache._changed)),
      sep="|")
"""


def _run(cache: Path, off: bool = False) -> list[str]:
    return run_probe(PROBE, cache, off)


def test_second_run_compiles_nothing_and_makes_the_same_classes(tmp_path):
    first = _run(tmp_path)
    files = list(tmp_path.glob("dataclass-code-*.bin"))
    assert len(files) == 1
    second = _run(tmp_path)
    assert first[-1] == "1" and second[-1] == "0"  # compiled in the first run only
    assert first[:-2] == second[:-2] == _run(tmp_path, off=True)[:-2]  # as dataclasses makes them itself
    assert first[0].startswith("Point(x=1,")
    assert int(second[-2]) >= 8  # Point: __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__...


def test_a_damaged_copy_is_ignored_and_replaced(tmp_path):
    _run(tmp_path)
    (path,) = tmp_path.glob("dataclass-code-*.bin")
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    out = _run(tmp_path)
    assert out[-1] == "1"  # compiled again, the damaged copy unread
    assert _run(tmp_path)[-1] == "0"


def test_nothing_is_kept_when_caching_is_off(tmp_path):
    assert _run(tmp_path, off=True)[-2:] == ["0", "0"]  # not installed: dataclasses' own exec compiled them
    assert not list(tmp_path.rglob("dataclass-code-*"))


def test_a_modules_section_keeps_only_the_texts_it_last_needed(tmp_path):
    """A class changed in a module leaves no stale code behind: the file does not grow run after run."""
    import marshal

    from fhirconv import diskcache

    _run(tmp_path)
    (path,) = tmp_path.glob("dataclass-code-*.bin")
    before = marshal.loads(diskcache.read_signed(path)["__main__"])
    changed = PROBE.replace("    tags: tuple[str, ...] = ()\n", "    tags: tuple[str, ...] = ()\n    z: int = 0\n")
    proc = subprocess.run([sys.executable, "-c", changed.replace("print(", "(lambda *a, **k: None)(")],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "FHIRCONV_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    after = marshal.loads(diskcache.read_signed(path)["__main__"])
    assert len(after) == len(before) and after != before  # the changed texts replaced, not added
    assert set(after) - set(before) and all("'z'" in t or "z," in t or ".z" in t for t in set(after) - set(before))
