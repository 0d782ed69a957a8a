"""Shared test helpers: paths, and running the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MYELOMA = SAMPLES / "multiple-myeloma.yaml"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_cache_dir(tmp_path_factory):
    """Tests never read or write the user's cache (fhirconv.diskcache): each run starts empty."""
    os.environ["FHIRCONV_CACHE_DIR"] = str(tmp_path_factory.mktemp("fhirconv-cache"))


def run_probe(probe: str, cache: Path, off: bool = False, sep: str = "|") -> list[str]:
    """Run Python code ``probe`` in a fresh process with its own cache directory (or caching off) and
    split what it prints: for what a run keeps on disk for the next one."""
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "FHIRCONV_CACHE_DIR": "off" if off else str(cache)})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().split(sep)


def run_cli(*args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``fhirconv ARGS`` as a user would (a fresh process), capturing text output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "fhirconv", *args], input=input, capture_output=True,
                          text=True, cwd=cwd or ROOT, env=full_env, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session", autouse=True)
def fhir_packages():
    """The implementation-guide packages the profile layer reads (IPS, mCODE and their dependencies,
    US Core 6.1.0 from the project's vendored tarball), installed into the FHIR package cache when
    missing (as .ci/run does)."""
    from fhirconv.packages import cache_dir, ensure

    ensure()
    return cache_dir()
