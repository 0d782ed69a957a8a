"""Converting many cases: discovery, worker processes, ordered streaming output, a summary.

Memory stays flat: inputs are discovered lazily, at most a few cases per worker are in flight, and
each result is written (or appended to NDJSON) as soon as it is next in input order, so the bytes
are the same whatever ``jobs`` is. A bad case is reported and skipped unless ``fail_fast``.
"""

from __future__ import annotations

import glob
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # worker processes are imported only by a run that uses them
    from concurrent.futures import Future, ProcessPoolExecutor

from fhirconv.issues import FhirconvError, Issue

CASE_SUFFIXES = (".yaml", ".yml", ".json")
LINES_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class CaseInput:
    """One case to convert: a file path, or text (stdin, a JSON Lines row) with a display name."""

    name: str
    path: str | None = None
    text: str | None = None
    offset: int | None = None  # a JSON Lines row: read from ``path`` at this byte offset when converted
    line: int | None = None

    def read(self) -> str | None:
        """The case text (JSON Lines rows are read only now, so inputs stay small until used)."""
        if self.offset is None:
            return self.text
        with open(self.path, "rb") as fh:  # type: ignore[arg-type]
            fh.seek(self.offset)
            row = fh.readline().decode("utf-8")
        # Leading newlines keep the parser's line numbers equal to the file's.
        return "\n" * ((self.line or 1) - 1) + row


@dataclass
class Options:
    fhir_version: str = "R4"
    bundle_type: str | None = None  # None: collection, or what the profile asks for (document for ips)
    validate: bool = True
    strict: bool = False
    set_dates: dict[str, str] = field(default_factory=dict)  # --set-date: pins undated events
    output: str = "both"  # "json" (Bundle text), "ndjson" (lines per type) or "both": only what is written
    profile: str | None = None  # --profile: "ips" or "mcode"


@dataclass
class CaseResult:
    name: str
    case_id: str | None = None
    bundle_text: str | None = None
    ndjson: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    ok: bool = False


def discover(paths: Iterable[str]) -> Iterator[CaseInput]:
    """Files, directories (recursive, sorted), globs, JSON Lines files (one case a line), ``-``."""
    for raw in paths:
        if raw == "-":
            import sys

            if sys.stdin is None or sys.stdin.closed:
                raise FhirconvError(Issue("error", "no standard input to read the case from", code="not-found",
                                          layer="case", file="<stdin>", hint="pipe a case in, or name a case file"))
            yield CaseInput("<stdin>", text=sys.stdin.read())
            continue
        p = Path(raw)
        if p.is_dir():
            from fhirconv.files import files_under

            for f in files_under(p, CASE_SUFFIXES + LINES_SUFFIXES):
                if f.suffix.lower() in LINES_SUFFIXES and f.is_file():
                    yield from _json_lines(f)
                else:
                    yield CaseInput(str(f), path=str(f))  # a dangling link is reported as not found
        elif p.suffix.lower() in LINES_SUFFIXES and p.is_file():
            yield from _json_lines(p)
        elif not p.exists() and glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            yield from discover(m for m in matches if not glob.has_magic(m))
            if not matches:
                yield CaseInput(raw, path=raw)  # reported as not found
        else:
            yield CaseInput(raw, path=raw)


def _json_lines(path: Path) -> Iterator[CaseInput]:
    offset = 0
    with path.open("rb") as fh:
        for n, row in enumerate(fh, start=1):
            if row.strip():
                yield CaseInput(f"{path}:{n}", path=str(path), offset=offset, line=n)
            offset += len(row)


def convert_one(inp: CaseInput, opts: Options) -> CaseResult:
    """Convert (and validate) one case; never raises for bad data."""
    from fhirconv.api import convert_case
    from fhirconv.case import load_case, parse_case

    result = CaseResult(inp.name)
    try:
        text = inp.read()
        case = (parse_case(text, inp.name, opts.set_dates) if text is not None
                else load_case(inp.path or inp.name, opts.set_dates))
        conv = convert_case(case, fhir_version=opts.fhir_version, bundle_type=opts.bundle_type,
                            profile=opts.profile)
    except FhirconvError as exc:
        result.issues = exc.issues
        return result
    except Exception as exc:  # a converter defect must not stop the batch: report it with the case
        result.issues = [Issue("error", f"internal error: {type(exc).__name__}: {exc}", code="exception",
                               layer="case", file=inp.name, hint="please report this case file")]
        return result
    result.case_id = conv.case_id
    result.issues = list(conv.issues)
    if opts.validate:
        from fhirconv.validate import validate_resource_tree

        # Validation speaks of the Bundle; name the case file it came from.
        result.issues += [i if i.file else replace(i, file=inp.name)
                          for i in validate_resource_tree(conv.bundle, fhir_version=opts.fhir_version)]
    failing = [i for i in result.issues if i.is_error or (opts.strict and i.severity == "warning")]
    if failing:
        return result
    if opts.output in ("json", "both"):
        result.bundle_text = conv.bundle_json()
    if opts.output in ("ndjson", "both"):
        result.ndjson = conv.ndjson()
    result.counts = conv.counts()
    result.ok = True
    return result


def convert_chunk(chunk: list[CaseInput], opts: Options) -> list[CaseResult]:
    return [convert_one(inp, opts) for inp in chunk]


WARM_UP_BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001",
         "resource": {"resourceType": "Patient", "id": "00000000-0000-4000-8000-000000000001"}},
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002",
         "resource": {"resourceType": "Condition", "id": "00000000-0000-4000-8000-000000000002",
                      "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C90.00"}]},
                      "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}}},
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000003",
         "resource": {"resourceType": "Observation", "id": "00000000-0000-4000-8000-000000000003", "status": "final",
                      "code": {"coding": [{"system": "http://loinc.org", "code": "30525-0"}]},
                      "valueQuantity": {"value": 1, "system": "http://unitsofmeasure.org", "code": "mg/dL"},
                      "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}}},
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000004",
         "resource": {"resourceType": "Procedure", "id": "00000000-0000-4000-8000-000000000004",
                      "status": "completed", "code": {"text": "x"},
                      "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}}},
        {"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000005",
         "resource": {"resourceType": "MedicationStatement", "id": "00000000-0000-4000-8000-000000000005",
                      "status": "active", "medicationCodeableConcept": {"text": "x"},
                      "subject": {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}}},
    ]}


def warm_up(opts: Options) -> None:
    """Import and compile what every case needs once, before worker processes are forked, so
    each worker starts warm instead of paying seconds of imports and schema compilation."""
    from fhirconv.api import convert_case  # noqa: F401
    from fhirconv.case.schema import _validator
    from fhirconv.terminology import _table
    from fhirconv.terminology.regimens import regimen_names

    _validator()
    _table()
    regimen_names()
    if opts.validate:
        from fhirconv.validate import validate_resource_tree

        validate_resource_tree(WARM_UP_BUNDLE, fhir_version="R4")
        if opts.fhir_version != "R4":
            validate_resource_tree(WARM_UP_BUNDLE | {"entry": WARM_UP_BUNDLE["entry"][:1]},
                                   fhir_version=opts.fhir_version)


def _ignore_interrupts(parent: int | None = None) -> None:
    """Workers leave Ctrl-C to the parent, which stops the run and cleans up (no worker tracebacks),
    and end when the parent ends, however it ends (on Linux), so no worker is ever left behind."""
    import os
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:  # the parent died before we got here
        os._exit(1)


def _chunks(inputs: Iterable[CaseInput], size: int) -> Iterator[list[CaseInput]]:
    chunk: list[CaseInput] = []
    for inp in inputs:
        chunk.append(inp)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(inputs: Iterable[CaseInput], opts: Options, jobs: int = 1, fail_fast: bool = False,
        window: int = 4, chunk_size: int = 8) -> Iterator[CaseResult]:
    """Results in input order; with ``jobs`` > 1 in forked worker processes, a bounded number of
    chunks in flight (memory stays flat), results yielded as soon as they are next in order."""
    if jobs <= 1:
        for inp in inputs:
            res = convert_one(inp, opts)
            yield res
            if fail_fast and not res.ok:
                return
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    warm_up(opts)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    import os

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_interrupts,
                               initargs=(os.getpid(),))
    try:
        pending: deque[Future[list[CaseResult]]] = deque()
        chunks = _chunks(inputs, chunk_size)
        exhausted = False
        while True:
            while not exhausted and len(pending) < jobs * window:
                try:
                    pending.append(pool.submit(convert_chunk, next(chunks), opts))
                except StopIteration:
                    exhausted = True
            if not pending:
                break
            for res in _result(pending.popleft()):
                yield res
                if fail_fast and not res.ok:
                    return
    except BaseException:
        _stop(pool)  # Ctrl-C, a closed pipe, a failed writer: stop the workers now, don't drain the queue
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[list[CaseResult]]) -> list[CaseResult]:
    """Wait in short steps, so a Ctrl-C in the parent is seen at once."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return future.result(timeout=0.2)
        except FutureTimeout:
            continue


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the worker processes (they ignore Ctrl-C themselves)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # CPython keeps them here
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


@dataclass
class Summary:
    cases: int = 0
    failed: int = 0
    warnings: int = 0
    resources: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def add(self, res: CaseResult) -> None:
        self.cases += 1
        self.warnings += sum(1 for i in res.issues if i.severity == "warning")
        if not res.ok:
            self.failed += 1
            self.failures.append(res.name)
            return
        for k, v in res.counts.items():
            self.resources[k] = self.resources.get(k, 0) + v

    def line(self) -> str:
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.resources.items()))
        ok = self.cases - self.failed
        return (f"{ok} of {self.cases} case(s) converted, {self.failed} failed, {self.warnings} warning(s)"
                + (f"; resources: {types}" if types else ""))

    def to_json(self) -> dict[str, Any]:
        return {"cases": self.cases, "converted": self.cases - self.failed, "failed": self.failed,
                "warnings": self.warnings, "resources": dict(sorted(self.resources.items())),
                "failures": self.failures}


def convert_many(inputs: Iterable[CaseInput], opts: Options, writer: Any, *, jobs: int = 1,
                 fail_fast: bool = False, on_result: Callable[[CaseResult], None] | None = None) -> Summary:
    """Run the batch, hand each good result to ``writer``, and summarise."""
    summary = Summary()
    try:
        for res in run(inputs, opts, jobs=jobs, fail_fast=fail_fast):
            if res.ok:
                problem = writer.write(res)
                if problem:
                    res.ok = False
                    res.issues.append(problem)
            elif hasattr(writer, "fail"):
                writer.fail(res)
            summary.add(res)
            if on_result:
                on_result(res)
    except BaseException:
        if hasattr(writer, "abort"):
            writer.abort()
        raise
    writer.close(summary)
    return summary
