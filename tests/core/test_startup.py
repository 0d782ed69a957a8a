"""Start-up stays quick: --help and schema import no heavy module (measured in bench/, not here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("fhir.resources", "jsonschema", "httpx", "tenacity", "matplotlib", "simple_icd_10_cm", "ucumvert",
         "pydantic", "ruamel", "tqdm", "fhirconv.terminology.gps_data")

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


def test_group_help_imports_no_command():
    """``fhirconv --help`` lists the commands without importing them (each command's imports are the
    case model, the mappers or the server client: about 100 ms that a help page does not need)."""
    proc = subprocess.run([sys.executable, "-c", PROBE, "--help"], capture_output=True, text=True, timeout=60)
    modules = proc.stderr.rsplit("MODULES", 1)[1].split()
    assert not [m for m in modules if m.startswith(("fhirconv.commands.", "fhirconv.case"))], modules


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_group_help_lists_each_command_as_its_own_help_says(width):
    """The summaries ``--help`` shows without importing the commands are what click would show from the
    commands themselves, at any terminal width."""
    import click

    from fhirconv.cli import COMMANDS, SUMMARIES, cli

    def listing(group_format) -> str:
        ctx = click.Context(cli, terminal_width=width, max_content_width=100)
        formatter = ctx.make_formatter()
        group_format(cli, ctx, formatter)
        return formatter.getvalue()

    assert set(SUMMARIES) == set(COMMANDS)
    assert listing(type(cli).format_commands) == listing(click.Group.format_commands)


CONVERT_PROBE = """
import sys
from fhirconv.batch import CaseInput, Options, convert_one
from fhirconv.validate import verdicts
verdicts.enable()
res = convert_one(CaseInput(sys.argv[1], path=sys.argv[1]), Options(output="json"))
assert res.ok, res.issues
print("MODULES", " ".join(sorted(sys.modules)), file=sys.stderr)
"""


def converted_modules(case: str, env: dict[str, str]) -> set[str]:
    """The modules a case's conversion (with validation) imports, as the worker process that runs it
    would: the same function in a fresh process of its own."""
    import os

    proc = subprocess.run([sys.executable, "-c", CONVERT_PROBE, case], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    return set(proc.stderr.rsplit("MODULES", 1)[1].split())


def test_convert_checks_units_without_pint():
    """A unit check needs ucumvert's grammar, not its pint bridge (pint and numpy: half a second)."""
    from tests.conftest import MYELOMA

    modules = converted_modules(str(MYELOMA), {"FHIRCONV_CACHE_DIR": "off"})
    assert "lark" in modules  # the units were checked
    loaded = sorted({m for m in modules for h in ("pint", "numpy", "ucumvert") if m == h or m.startswith(h + ".")})
    assert not loaded, f"convert imported {loaded}"


def test_python_m_fhirconv_is_the_command(tmp_path):
    """``python -m fhirconv`` runs the same CLI: same help, same exit codes, same output."""
    run = [sys.executable, "-m", "fhirconv"]
    helped = subprocess.run([*run, "--help"], capture_output=True, text=True)
    assert helped.returncode == 0 and "convert" in helped.stdout
    bad = subprocess.run([*run, "convert", str(tmp_path / "missing.yaml")], capture_output=True, text=True)
    assert bad.returncode in (1, 2) and "Traceback" not in bad.stderr and "missing.yaml" in bad.stderr


def test_a_plain_conversion_does_not_load_the_profile_checker():
    """Resources that claim no profile need neither the profile checker nor the package cache."""
    from tests.conftest import MYELOMA

    modules = converted_modules(str(MYELOMA), {"FHIRCONV_CACHE_DIR": "off"})
    assert "fhirconv.validate.profiles" in modules  # the layer ran
    assert not [m for m in modules if m.startswith(("fhirconv.validate.profiles.", "fhirconv.packages"))]


def test_a_conversion_imports_no_module_it_has_a_lighter_way_around(tmp_path):
    """Writing a file, naming resources and writing narratives need neither tempfile (random, shutil,
    bz2, lzma), hashlib (OpenSSL) nor html (its entity table): about 16 ms of every one-case run.
    The warm cache is the usual case: the disk copies are read, not written."""
    import os
    import tempfile

    from tests.conftest import MYELOMA

    with tempfile.TemporaryDirectory() as cache:
        env = {"FHIRCONV_CACHE_DIR": cache}
        converted_modules(str(MYELOMA), env)  # fills the cache
        modules = converted_modules(str(MYELOMA), env)
        assert os.listdir(cache)
    assert "fhirconv.mappers.snippets" in modules and "fhirconv.validate.verdicts" in modules
    avoided = {"tempfile", "hashlib", "html"}
    assert not modules & avoided, sorted(modules & avoided)
    written = subprocess.run([sys.executable, "-c", "import sys; from fhirconv.output import atomic_write; "
                              "atomic_write(sys.argv[1], 'x'); print(' '.join(sys.modules))", str(tmp_path / "x.json")],
                             capture_output=True, text=True, timeout=60)
    assert written.returncode == 0 and (tmp_path / "x.json").read_text() == "x", written.stderr
    assert "tempfile" not in written.stdout.split()


def test_stable_ids_are_uuid5_in_the_id_namespace():
    """Ids made without hashlib are the very UUIDv5 of ``<case id>/<item id>`` (output bytes unchanged)."""
    import uuid

    from fhirconv.naming import ID_NAMESPACE, stable_id

    names = ["myeloma/patient", "vad/vincristine", "", "ünïcode/ключ", "x" * 1000, "a/b/c 1"]
    for name in names:
        assert stable_id(name) == str(uuid.uuid5(ID_NAMESPACE, name))


def test_narrative_escape_is_html_escape():
    import html

    from fhirconv.mappers.snippets import _escape

    for text in ["", "a & b", "<div>", "\"quoted\" 'single'", "&amp;", "x > 5 < 7", "naïve ≥ 3"]:
        assert _escape(text) == html.escape(text)
