"""Start-up stays quick: --help and schema import no heavy module (measured in bench/, not here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("fhir.resources", "jsonschema", "httpx", "tenacity", "matplotlib", "simple_icd_10_cm", "ucumvert",
         "pydantic", "ruamel", "tqdm")

PROBE = """
import sys
from fhirconv.cli import main
sys.argv = ["fhirconv", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["schema"], ["convert", "--help"], ["validate", "--help"],
                                  ["push", "--help"], ["timeline", "--help"], ["summary", "--help"],
                                  ["terms", "--help"], ["terms", "search", "--help"]])
def test_help_and_schema_import_no_heavy_module(args):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    modules = proc.stderr.rsplit("MODULES", 1)[1].split()
    loaded = sorted({m for m in modules for h in HEAVY if m == h or m.startswith(h + ".")})
    assert not loaded, f"`fhirconv {' '.join(args)}` imported {loaded}"
    assert proc.stdout.strip()


def test_convert_checks_units_without_pint(tmp_path):
    """A unit check needs ucumvert's grammar, not its pint bridge (pint and numpy: half a second)."""
    from tests.conftest import MYELOMA

    out = tmp_path / "x.json"
    proc = subprocess.run([sys.executable, "-c", PROBE, "convert", str(MYELOMA), "-o", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "FHIRCONV_CACHE_DIR": "off"})
    assert out.exists(), proc.stderr
    modules = proc.stderr.rsplit("MODULES", 1)[1].split()
    assert "lark" in modules  # the units were checked
    loaded = sorted({m for m in modules for h in ("pint", "numpy", "ucumvert") if m == h or m.startswith(h + ".")})
    assert not loaded, f"convert imported {loaded}"
