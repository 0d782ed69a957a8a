"""Fuzzing: mutated samples (cases and Bundles) never crash, hang, give an internal error or exit 0
with output `fhirconv validate` rejects, and a failed case leaves nothing behind. Seeded and
derandomized, so CI sees the same inputs every run; `python -m tests.fuzz.long_run` is the long run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.check import Figures, run_cli_batch, run_pool
from tests.fuzz.long_run import write_bundles, write_cases

FUZZ = settings(max_examples=12, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SEEDS = st.integers(min_value=0, max_value=2**31)
HANG = 20.0  # seconds for one input before it counts as a hang (every one takes well under one)


@FUZZ
@given(seed=SEEDS)
def test_mutated_cases(seed):
    with tempfile.TemporaryDirectory() as tmp:
        figures = run_pool("cases", write_cases(Path(tmp), 10, seed), jobs=2, timeout=HANG)
    assert figures.inputs == 10
    assert not figures.bad(slow=False), figures.bad(slow=False)


@FUZZ
@given(seed=SEEDS)
def test_mutated_bundles(seed):
    with tempfile.TemporaryDirectory() as tmp:
        figures = run_pool("bundles", write_bundles(Path(tmp), 10, seed), jobs=2, timeout=HANG)
    assert figures.inputs == 10
    assert not figures.bad(slow=False), figures.bad(slow=False)


def test_mutated_cases_through_the_commands(tmp_path):
    """The commands themselves: exit 0 or 1, no internal error, every written Bundle validates,
    and the output directory holds exactly the converted cases (nothing from the failed ones)."""
    write_cases(tmp_path / "cases", 16, seed=2026)
    figures = Figures(inputs=16)
    run_cli_batch(tmp_path / "cases", tmp_path / "out", figures)
    assert not figures.bad(slow=False), figures.bad(slow=False)
    assert (tmp_path / "out").exists() and list((tmp_path / "out").iterdir()), "some mutated case converts"
