"""Converting many cases: discovery, worker processes, ordered streaming output, a summary.

Memory stays flat: inputs are discovered lazily, at most a few cases per worker are in flight, and
each result is written (or appended to NDJSON) as soon as it is next in input order, so the bytes
are the same whatever ``jobs`` is. A bad case is reported and skipped unless ``fail_fast``.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    # --terms: checked user terms (fhirconv.terminology.userterms.UserTerms), sent to the workers with the
    # options, so every worker looks terms up with the same rows and the output stays the same
    terms: Any = None
    limits: Any = None  # fhirconv.case.limits.Limits; None: the defaults and FHIRCONV_MAX_* variables
    case_timeout: float | None = 300.0  # seconds one case may take (in a worker process); None: no limit
    # (directory, prefix): write each good Bundle there (fhirconv.output.stage) and send its path, not
    # its text; set by convert_many from a writer that can take staged files (BundleDirWriter)
    stage: tuple[str, str] | None = None


@dataclass
class CaseResult:
    name: str
    case_id: str | None = None
    bundle_text: str | None = None
    ndjson: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    ok: bool = False
    staged: str | None = None  # the file holding bundle_text, written by the worker (Options.stage)


def discover(paths: Iterable[str]) -> Iterator[CaseInput]:
    """Files, directories (recursive, sorted), globs, JSON Lines files (one case a line), ``-``."""
    for raw in paths:
        if raw == "-":
            import sys

            if sys.stdin is None or sys.stdin.closed:
                raise FhirconvError(Issue("error", "no standard input to read the case from", code="not-found",
                                          layer="case", file="<stdin>", hint="pipe a case in, or name a case file"))
            from fhirconv.case import limits

            # Past the size limit the case is refused anyway: read no more than that.
            yield CaseInput("<stdin>", text=sys.stdin.read(limits.current().max_bytes + 1))
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
    """Convert (and validate) one case; never raises for bad data.

    What is validated is the text that will be written, read back as `fhirconv validate` reads it,
    so a case that passes here gives a file that `fhirconv validate` passes. User terms (``--terms``,
    and the case's own ``terms:`` files) are in force for the mapping and for validation alike."""
    from fhirconv.api import convert_case
    from fhirconv.case import limits, load_case, parse_case
    from fhirconv.terminology import using
    from fhirconv.terminology.userterms import combined

    limits.use(opts.limits)
    result = CaseResult(inp.name)
    case_terms: Any = None
    try:
        with using(opts.terms):
            text = inp.read()
            case = (parse_case(text, inp.name, opts.set_dates) if text is not None
                    else load_case(inp.path or inp.name, opts.set_dates))
            case_terms = case.terms
            conv = convert_case(case, fhir_version=opts.fhir_version, bundle_type=opts.bundle_type,
                                profile=opts.profile, terms=opts.terms)
        del case
        result.case_id = conv.case_id
        result.issues = list(conv.issues)
        ndjson = conv.ndjson() if opts.output in ("ndjson", "both") else {}
        counts = conv.counts()
        problems = _ndjson_problems(ndjson, conv.resources, inp.name) if opts.validate else []
        conv.resources = []  # the Bundle holds its own copy: a large case needs one copy, not two
        bundle_text = conv.bundle_json() if opts.validate or opts.output in ("json", "both") else None
        del conv  # only the text goes on
    except FhirconvError as exc:
        result.issues = exc.issues
        return result
    except RecursionError:  # a shape no limit caught: still the input's fault, and only this case's
        result.issues = [Issue("error", "the case is nested or chained too deeply to convert", code="too-costly",
                               layer="case", file=inp.name, hint="lower the nesting of the case, or report it")]
        return result
    except Exception as exc:  # a converter defect must not stop the batch: report it with the case
        result.issues = [Issue("error", f"internal error: {type(exc).__name__}: {exc}", code="exception",
                               layer="case", file=inp.name, hint="please report this case file")]
        return result
    if opts.validate:
        from fhirconv.validate import validate_text
        from fhirconv.validate.terminology import at_case_line

        # Validation sees the same terms as the mapping (displays of user codes are theirs). Terms
        # without a code, and units that do not fit a LOINC code, were reported at their line in the
        # case already.
        with using(combined(case_terms, opts.terms)):
            found = validate_text(bundle_text or "", source=inp.name, fhir_version=opts.fhir_version,
                                  written=True)
        result.issues += [i for i in found if not at_case_line(i)]
        result.issues += problems
    failing = [i for i in result.issues if i.is_error or (opts.strict and i.severity == "warning")]
    if failing:
        return result
    if opts.output in ("json", "both"):
        result.bundle_text = bundle_text
        if opts.stage is not None and bundle_text is not None:
            _stage(result, opts.stage)
    result.ndjson = ndjson
    result.counts = counts
    result.ok = True
    return result


def _stage(result: CaseResult, where: tuple[str, str]) -> None:
    """Put the Bundle in a staged file for the parent to rename; if that cannot be written here, the
    text goes to the parent as usual (and its writer reports what is wrong with the directory)."""
    from fhirconv.output import stage

    try:
        result.staged = stage(where[0], where[1], result.bundle_text or "")
    except OSError:
        return
    result.bundle_text = None


def _ndjson_problems(ndjson: dict[str, list[str]], resources: list[dict[str, Any]], name: str) -> list[Issue]:
    """NDJSON lines are the resources validated in the Bundle, written by the same writer: each
    line must read back as JSON equal to its resource."""
    import json

    lines = [line for rtype in ndjson for line in ndjson[rtype]]
    if not lines:
        return []
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        by_type.setdefault(r["resourceType"], []).append(r)
    expected = [r for rtype in ndjson for r in by_type.get(rtype, [])]
    if len(expected) == len(lines) and all(json.loads(line) == r for line, r in zip(lines, expected, strict=True)):
        return []
    return [Issue("error", "an NDJSON line does not read back as the resource validated", code="exception",
                  layer="output", file=name, hint="please report this case file")]


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
    from fhirconv.case.schema import _fast
    from fhirconv.terminology import _table
    from fhirconv.terminology.regimens import regimen_names

    _fast()  # the yes/no check every case takes (jsonschema itself only explains a failing case)
    _table()
    regimen_names()
    if opts.validate:
        from fhirconv.validate import validate_resource_tree

        validate_resource_tree(WARM_UP_BUNDLE, fhir_version="R4")
        if opts.fhir_version != "R4":
            validate_resource_tree(WARM_UP_BUNDLE | {"entry": WARM_UP_BUNDLE["entry"][:1]},
                                   fhir_version=opts.fhir_version)


def _worker_start(parent: int, settings: tuple[bool, bool]) -> None:
    """A conversion worker's start: the parent's settings (remembered verdicts, layouts kept on
    disk), then as every worker (:func:`_ignore_interrupts`)."""
    from fhirconv.validate import shapes, verdicts

    verdicts.enable(settings[0])
    if settings[1] != shapes.remembered_on_disk():
        shapes.remember_on_disk(settings[1])
    _ignore_interrupts(parent)


def _ignore_interrupts(parent: int | None = None) -> None:
    """Workers leave Ctrl-C to the parent, which stops the run and cleans up (no worker tracebacks),
    and end when the parent ends, however it ends (on Linux), so no worker is ever left behind."""
    import os
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gc

    # A large case makes hundreds of thousands of small dicts and few reference cycles: collect
    # less often (the warm-up's objects were frozen before the fork and are never scanned).
    gc.set_threshold(50_000, 20, 100)
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:  # the parent died before we got here
        os._exit(1)


def run(inputs: Iterable[CaseInput], opts: Options, jobs: int = 1, fail_fast: bool = False,
        window: int = 4, isolate: bool = True) -> Iterator[CaseResult]:
    """Results in input order. Cases run in ``jobs`` worker processes (one too for ``jobs`` 1), so a
    crash or a time-out (``opts.case_timeout``) fails that case alone; ``isolate=False`` converts in
    this process (the library's choice, with no time limit)."""
    if not isolate:
        for inp in inputs:
            res = convert_one(inp, opts)
            yield res
            if fail_fast and not res.ok:
                return
        return
    import functools
    import gc
    import os

    from fhirconv import spare
    from fhirconv.isolation import Pool
    from fhirconv.validate import shapes, verdicts

    started = spare.take()  # a worker forked as the command started, warm already (fhirconv.spare)
    forked = max(jobs, 1) - (started is not None)
    if forked > 1:  # several workers start warm from one warm-up; one worker warms itself, as it goes
        # The warm-up makes objects by the hundred thousand and hardly any cycles: collecting while it
        # runs only costs time (about a tenth of it); the workers collect rarely for the same reason.
        gc.disable()
        try:
            warm_up(opts)
            shapes.flush()
        finally:
            gc.enable()
    gc.freeze()  # what the warm-up built is shared with the workers, never scanned or copied again
    # The first worker may have been forked before this process chose its settings: each worker
    # takes them as it starts.
    settings = (verdicts.enabled(), shapes.remembered_on_disk())
    pool = Pool(max(jobs, 1), functools.partial(convert_one, opts=opts), _failed,
                functools.partial(_worker_start, os.getpid(), settings), timeout=opts.case_timeout,
                window=window, teardown=_keep_learnt, spare=started)
    results = pool.map(inputs)
    try:
        for res in results:
            yield res
            if fail_fast and not res.ok:
                return
    finally:
        results.close()  # stops the workers now, whatever ended the run


def _keep_learnt() -> None:
    """A worker's end: keep on disk what it learnt that the next runs can use."""
    from fhirconv import classcache, recache
    from fhirconv.validate import shapes

    shapes.flush()
    classcache.save()
    recache.save()


def _failed(inp: CaseInput, issue: Issue) -> CaseResult:
    from dataclasses import replace

    return CaseResult(inp.name, issues=[replace(issue, file=inp.name)])


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
    from fhirconv.case import limits

    limits.use(opts.limits)
    if opts.output == "json" and hasattr(writer, "stage"):
        from dataclasses import replace

        opts = replace(opts, stage=writer.stage())
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
