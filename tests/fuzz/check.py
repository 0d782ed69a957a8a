"""Running mutated cases and Bundles through fhirconv and counting what must never happen: crashes,
hangs, internal errors, output that does not validate, a Bundle passed that fhir.resources rejects,
files left behind. Used by the fuzz test (a few hundred inputs) and by long_run.py (thousands)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INTERNAL = ("internal error", "please report", "could not check", "Traceback")


@dataclass
class Figures:
    inputs: int = 0
    converted: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # exit 0 but the written text does not validate
    false_pass: list[str] = field(default_factory=list)  # validate passed a Bundle fhir.resources rejects
    slow: list[str] = field(default_factory=list)  # over SLOW seconds
    left_behind: list[str] = field(default_factory=list)
    seconds: float = 0.0
    slowest: float = 0.0

    def bad(self, slow: bool = True) -> dict[str, list[str]]:
        """What must never happen; ``slow=False`` leaves timings to the figures (a test does not time:
        a run past the per-input time limit is a hang, and counted as such)."""
        return {k: v for k, v in (("crashes", self.crashes), ("hangs", self.hangs), ("internal", self.internal),
                                  ("invalid", self.invalid), ("false_pass", self.false_pass),
                                  ("slow", self.slow if slow else []), ("left_behind", self.left_behind)) if v}

    def line(self) -> str:
        return (f"{self.inputs} inputs: {self.converted} passed, {self.refused} refused; crashes {len(self.crashes)}, "
                f"hangs {len(self.hangs)}, internal errors {len(self.internal)}, invalid outputs "
                f"{len(self.invalid)}, false passes {len(self.false_pass)}, over {SLOW:g} s {len(self.slow)}, "
                f"left behind {len(self.left_behind)}; {self.seconds:.1f} s in all, slowest {self.slowest:.2f} s")


SLOW = 5.0  # seconds: "no run over a few seconds"


def _convert_and_check(inp: Any) -> dict[str, Any]:
    """In a worker: convert one case, and validate the text it would write as `fhirconv validate` does."""
    from fhirconv import batch
    from fhirconv.validate import validate_text

    start = time.perf_counter()
    res = batch.convert_one(inp, batch.Options(output="json"))
    out: dict[str, Any] = {"ok": res.ok, "messages": [i.one_line() for i in res.issues if i.is_error]}
    if res.ok:
        out["output_errors"] = [i.one_line() for i in validate_text(res.bundle_text or "", source=inp.name)
                                if i.is_error]
    out["seconds"] = time.perf_counter() - start
    return out


def _validate_and_check(inp: Any) -> dict[str, Any]:
    """In a worker: validate one file as `fhirconv validate` does; when it passes, fhir.resources
    must accept it too."""
    from fhirconv.commands.validate import read_inputs
    from fhirconv.validate import validate_documents

    start = time.perf_counter()
    inputs = read_inputs([inp.path], "R4", "collection")
    issues = list(inputs.issues) + validate_documents(inputs.docs, fhir_version="R4")
    errors = [i.one_line() for i in issues if i.is_error]
    out: dict[str, Any] = {"ok": not errors, "messages": [i.one_line() for i in issues]}
    if not errors:
        from fhir.resources.R4B.bundle import Bundle

        try:
            Bundle.model_validate(json.loads(Path(inp.path).read_text(encoding="utf-8-sig")))  # a BOM is allowed
        except Exception as exc:  # noqa: BLE001 - any rejection counts
            out["false_pass"] = f"{type(exc).__name__}: {str(exc)[:200]}"
    out["seconds"] = time.perf_counter() - start
    return out


def _failed(inp: Any, issue: Any) -> dict[str, Any]:
    return {"ok": False, "messages": [issue.one_line()], "seconds": 0.0, "failed": True}


def run_pool(kind: str, paths: list[Path], jobs: int = 2, timeout: float = 30.0) -> Figures:
    """Each input in a worker process (a crash or a hang fails that input alone, and is counted)."""
    from fhirconv.batch import CaseInput, Options, _ignore_interrupts, warm_up
    from fhirconv.isolation import Pool

    warm_up(Options())
    work = _convert_and_check if kind == "cases" else _validate_and_check
    figures = Figures()
    start = time.perf_counter()
    pool = Pool(jobs, work, _failed, functools.partial(_ignore_interrupts, os.getpid()), timeout=timeout)
    inputs = [CaseInput(str(p), path=str(p)) for p in paths]
    for inp, res in zip(inputs, pool.map(inputs), strict=True):
        figures.inputs += 1
        name = inp.name
        text = "\n".join(res["messages"])
        if "ended on this input" in text:
            figures.crashes.append(name)
        elif "took longer than" in text:
            figures.hangs.append(name)
        elif any(marker in text for marker in INTERNAL):
            figures.internal.append(f"{name}: {text[:300]}")
        if res.get("output_errors"):
            figures.invalid.append(f"{name}: {res['output_errors'][0][:300]}")
        if res.get("false_pass"):
            figures.false_pass.append(f"{name}: {res['false_pass']}")
        if res["seconds"] > SLOW:
            figures.slow.append(f"{name}: {res['seconds']:.1f} s")
        figures.slowest = max(figures.slowest, res["seconds"])
        if res["ok"]:
            figures.converted += 1
        else:
            figures.refused += 1
    figures.seconds = time.perf_counter() - start
    return figures


def cli(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fhirconv", *args], capture_output=True, text=True,
                          timeout=timeout)


def run_cli_batch(directory: Path, out: Path, figures: Figures, jobs: int = 2) -> None:
    """The whole directory through `fhirconv convert` then `fhirconv validate` on what it wrote:
    exit 0 or 1 only, no internal error, every written file valid, nothing else left in ``out``."""
    proc = cli("convert", str(directory), "-o", f"{out}/", "-j", str(jobs), "-q", "--case-timeout", "30")
    if proc.returncode not in (0, 1) or any(m in proc.stderr for m in INTERNAL):
        figures.internal.append(f"convert exit {proc.returncode}: {proc.stderr[-500:]}")
    written = sorted(out.iterdir()) if out.exists() else []
    summary = [line for line in proc.stderr.splitlines() if "case(s) converted" in line]
    if summary:
        converted = int(summary[-1].split(" of ")[0])
        if converted != len(written):
            figures.left_behind.append(f"{len(written)} files for {converted} converted case(s)")
    figures.left_behind += [p.name for p in written if not p.name.endswith(".json") or p.name.startswith(".")]
    if written:
        check = cli("validate", *map(str, written))
        if check.returncode != 0:
            figures.invalid.append(f"validate exit {check.returncode}: {check.stdout[-500:]}")
