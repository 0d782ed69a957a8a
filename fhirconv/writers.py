"""Where converted cases go: stdout, one file, a directory of Bundles, or NDJSON for bulk $import.

Every writer has ``write(result)`` for a converted case and ``close(summary)`` at the end; the NDJSON
writer also takes failed cases (``fail``) and cleans up on interruption (``abort``).
"""

from __future__ import annotations

import glob
import json
import os
import sys
import time
from pathlib import Path
from typing import IO

from fhirconv.batch import CaseResult, Summary
from fhirconv.issues import Issue
from fhirconv.output import atomic_write, inside, place, safe_name


class CaseIds:
    """Case ids seen in one output: a second case with an id (or a file name) already used would
    overwrite the first, or duplicate its identifiers in NDJSON, so it is refused."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}  # case id -> input it came from
        self.files: dict[str, tuple[str, str]] = {}  # lower-case file name -> (case id, input)

    def claim(self, res: CaseResult, file_name: str | None = None) -> Issue | None:
        case_id = res.case_id or ""
        if case_id in self.ids:
            first = self.ids[case_id]
            what = "the same input was given twice" if first == res.name else f"already converted from {first}"
            return Issue("error", f"case id {case_id!r}: {what}", code="duplicate", layer="output",
                         file=res.name, hint="give each case a unique id" if first != res.name else None)
        if file_name is not None:
            key = file_name.lower()  # X.json and x.json are one file on macOS and Windows
            if key in self.files:
                other, source = self.files[key]
                return Issue("error", f"case ids {other!r} ({source}) and {case_id!r} make the same file name "
                             f"{file_name!r}", code="duplicate", layer="output", file=res.name,
                             hint="case ids that differ only in case or punctuation collide as file names")
            self.files[key] = (case_id, res.name)
        self.ids[case_id] = res.name
        return None


class BundleDirWriter:
    """One ``<case id>.json`` Bundle per case in a directory.

    Worker processes write each finished Bundle to a hidden file in the directory themselves
    (:meth:`stage`, :func:`fhirconv.output.stage`); this writer, in the parent, only decides its name
    (refusing a duplicate) and renames it into place, so a batch's Bundles do not travel through the
    parent. Hidden files a stopped run leaves are removed when it ends."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.seen = CaseIds()
        self.prefix = f".fhirconv-{os.getpid()}-{time.monotonic_ns():x}-"

    def stage(self) -> tuple[str, str]:
        """Where workers put finished Bundles: (directory, file name prefix of this run)."""
        return str(self.directory), self.prefix

    def write(self, res: CaseResult) -> Issue | None:
        name = safe_name(res.case_id or "case") + ".json"
        problem = self.seen.claim(res, name)
        if problem:
            self._discard(res)
            return problem
        try:
            if res.staged:
                place(res.staged, self.directory, name)
            else:
                atomic_write(inside(self.directory, name), res.bundle_text or "")
        except OSError as exc:  # a planted link, a read-only file...: this case fails, the batch goes on
            return Issue("error", f"cannot write {exc.filename or name}: {exc.strerror or exc}", code="exception",
                         layer="output", file=res.name, hint="check the output directory")
        return None

    @staticmethod
    def _discard(res: CaseResult) -> None:
        if res.staged:
            Path(res.staged).unlink(missing_ok=True)

    def _sweep(self) -> None:
        """Remove this run's staged files that never reached :meth:`write` (a stopped or failed run)."""
        import contextlib

        with contextlib.suppress(OSError):
            for leftover in self.directory.glob(glob.escape(self.prefix) + "*.part"):
                leftover.unlink(missing_ok=True)

    def abort(self) -> None:
        self._sweep()

    def close(self, summary: Summary) -> None:
        self._sweep()


class NdjsonDirWriter:
    """``<Type>.ndjson`` per resource type plus a Bulk Data style ``manifest.json``, renamed into
    place only when the run ends (an interrupted run leaves only ``.part`` files, then none)."""

    def __init__(self, directory: Path, fhir_version: str, base_url: str | None = None):
        self.directory = directory
        self.fhir_version = fhir_version
        # Bulk Data manifests list absolute URLs: where the directory will be served from.
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.files: dict[str, tuple[Path, IO[str]]] = {}
        self.counts: dict[str, int] = {}
        self.seen = CaseIds()
        directory.mkdir(parents=True, exist_ok=True)

    def write(self, res: CaseResult) -> Issue | None:
        problem = self.seen.claim(res)
        if problem:
            return problem
        for rtype, lines in res.ndjson.items():
            self._append(rtype, lines)
        return None

    def fail(self, res: CaseResult) -> None:
        """A failed case's issues as one OperationOutcome line, listed under the manifest's ``error``."""
        from fhirconv.issues import operation_outcome

        outcome = operation_outcome([i for i in res.issues if i.is_error] or res.issues)
        self._append("OperationOutcome", [json.dumps(outcome, ensure_ascii=False, separators=(",", ":"))])

    def _append(self, rtype: str, lines: list[str]) -> None:
        if rtype not in self.files:
            part = inside(self.directory, f".{rtype}.ndjson.part")
            self.files[rtype] = (part, part.open("w", encoding="utf-8", newline="\n"))
        fh = self.files[rtype][1]
        for line in lines:
            fh.write(line + "\n")
        self.counts[rtype] = self.counts.get(rtype, 0) + len(lines)

    def abort(self) -> None:
        for part, fh in self.files.values():
            fh.close()
            part.unlink(missing_ok=True)

    def close(self, summary: Summary) -> None:
        for rtype, (part, fh) in sorted(self.files.items()):
            fh.close()
            os.replace(part, inside(self.directory, f"{rtype}.ndjson"))
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        stamp = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
        manifest = {
            "transactionTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp),
            "request": f"fhirconv convert --format ndjson --fhir-version {self.fhir_version}",
            "requiresAccessToken": False,
            "output": [{"type": t, "url": f"{self.base_url}{t}.ndjson", "count": c}
                       for t, c in sorted(self.counts.items())
                       if t != "OperationOutcome"],
            "error": [{"type": "OperationOutcome", "url": f"{self.base_url}OperationOutcome.ndjson", "count": c}
                      for t, c in self.counts.items() if t == "OperationOutcome"],
        }
        atomic_write(inside(self.directory, "manifest.json"), json.dumps(manifest, indent=2) + "\n")



class StdoutWriter:
    """The single case's Bundle, or all NDJSON lines, on stdout."""

    def __init__(self, fmt: str):
        self.fmt = fmt

    def write(self, res: CaseResult) -> None:
        if self.fmt == "json":
            sys.stdout.write(res.bundle_text or "")
        else:
            for lines in res.ndjson.values():
                for line in lines:
                    sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def close(self, summary: Summary) -> None:
        return None


class FileWriter:
    """The single case's Bundle in one file, written atomically."""

    def __init__(self, path: Path):
        self.path = path

    def write(self, res: CaseResult) -> None:
        atomic_write(self.path, res.bundle_text or "")

    def close(self, summary: Summary) -> None:
        return None
