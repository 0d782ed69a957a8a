"""Debian's chromium for the browser tests: installed by the test set-up when missing, never skipped.

The README's ``python -m pytest`` must run every test on a fresh machine, so a missing browser is
installed here with ``.ci/install-chromium.sh`` (apt, as root or with sudo), and a failed install
fails the tests with the installer's own words.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
INSTALLER = ["bash", str(ROOT / ".ci" / "install-chromium.sh")]
INSTALL_TIMEOUT = 1800.0


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def ensure_chromium(path: Path = CHROMIUM, installer: list[str] | None = None) -> Path:
    """``path`` if chromium is there; otherwise run the installer (which reads ``CHROMIUM``) and
    check again. Any failure ends the test run with a message saying what to do, never a skip."""
    if _usable(path):
        return path
    command = installer or INSTALLER
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                                env={**os.environ, "CHROMIUM": str(path)})
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"chromium is missing at {path} and {' '.join(command)} could not run: {exc}", pytrace=False)
    if result.returncode != 0 or not _usable(path):
        pytest.fail(
            f"chromium is missing at {path} and {' '.join(command)} did not install it "
            f"(exit {result.returncode}); install Debian's chromium (apt-get install chromium) or set CHROMIUM "
            f"to its path.\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    return path
