"""User terms: CSV files with the built-in tables' columns, to add or override codes without
touching the package (``--terms FILE`` on convert, validate and push; ``terms:`` in a case file).

Every row is checked as the built-in rows are, and each problem is reported at its
``file:line:col``: a known code-system URI (near-misses get the right spelling), the SNOMED CT
Verhoeff check digit and partition, the LOINC check digit, an ICD-10-CM code that exists with its
own description as display, a numeric RxNorm id, a UCUM unit, and a source. A display that differs
from the built-in tables' display of the same code is a warning. A user row overrides the built-in
concept with the same kind and term; a later file overrides an earlier one.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from fhirconv.issues import FhirconvError, Issue
from fhirconv.terminology.tables import COLUMNS, KINDS, REQUIRED, KnownConcept, Row, concepts_of, merge

LAYER = "terms"


@dataclass(frozen=True, eq=False)
class UserTerms:
    """Checked user concepts, in force with :func:`fhirconv.terminology.using`. Equal when the
    concepts are (a worker process's copy finds the tables built for the same terms)."""

    files: tuple[str, ...] = ()
    concepts: tuple[KnownConcept, ...] = ()
    warnings: tuple[Issue, ...] = field(default=())
    _hash: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.concepts))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserTerms) and self._hash == other._hash and self.concepts == other.concepts

    def __bool__(self) -> bool:
        return bool(self.concepts)

    def __add__(self, other: UserTerms | None) -> UserTerms:
        """``self`` with ``other`` on top (``other`` wins for the same kind and term)."""
        if not other:
            return self
        if not self:
            return other
        return UserTerms(self.files + other.files, tuple(merge(list(self.concepts), list(other.concepts))),
                         self.warnings + other.warnings)


def combined(*parts: UserTerms | None) -> UserTerms | None:
    """The parts in order, later ones on top; None when there are none."""
    out: UserTerms | None = None
    for part in parts:
        if part:
            out = part if out is None else out + part
    return out


def _columns(line: str) -> list[int]:
    """1-based start column of each field on a CSV line."""
    starts, quoted = [1], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
    return starts


def read_file(path: str) -> tuple[list[Row], list[Issue]]:
    """The rows of one terms file and every problem found in it (errors and warnings)."""
    issues: list[Issue] = []

    def problem(line: int, col: int | None, message: str, hint: str | None = None,
                severity: str = "error") -> None:
        issues.append(Issue(severity, message, code="code-invalid" if severity == "warning" else "invalid",  # type: ignore[arg-type]
                            layer=LAYER, file=path, line=line, column=col, hint=hint))

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FhirconvError(Issue("error", f"cannot read the terms file: {getattr(exc, 'strerror', None) or exc}",
                                  code="not-found", layer=LAYER, file=path,
                                  hint="give the path of a CSV file with columns " + ",".join(COLUMNS))) from None
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    header = next(reader, None)
    if not header:
        raise FhirconvError(Issue("error", "empty terms file", layer=LAYER, file=path, line=1, column=1,
                                  hint="the first line names the columns: " + ",".join(COLUMNS)))
    names = [h.strip() for h in header]
    cols = _columns(lines[0])
    for i, name in enumerate(names):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            problem(1, cols[i] if i < len(cols) else None, f"unknown column {name!r}",
                    f"did you mean {close[0]!r}?" if close else "columns: " + ",".join(COLUMNS))
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        problem(1, 1, f"missing column(s) {', '.join(missing)}", "the header is " + ",".join(COLUMNS))
    if issues:
        raise FhirconvError(issues[0], issues[1:])
    rows: list[Row] = []
    start = reader.line_num + 1
    for record in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in record):
            continue
        fields = dict(zip(names, record, strict=False))
        if fields.get("kind", "").strip().startswith("#"):
            continue
        starts = _columns(lines[line - 1]) if line - 1 < len(lines) else []

        def col(name: str, _starts: list[int] = starts) -> int | None:
            i = names.index(name)
            return _starts[i] if i < len(_starts) else None

        if len(record) != len(names):
            problem(line, 1, f"{len(record)} fields where the header has {len(names)}",
                    "quote a field that holds a comma; separate aliases with '|'")
            continue
        row = Row(*(fields.get(c, "").strip() for c in ("kind", "term")),
                  tuple(a.strip() for a in fields.get("aliases", "").split("|") if a.strip()),
                  *(fields.get(c, "").strip() for c in ("system", "code", "display", "unit", "source")),
                  file=path, line=line)
        before = len([i for i in issues if i.is_error])
        for message, name, hint, severity in check_row(row):
            problem(line, col(name), message, hint, severity)
        if len([i for i in issues if i.is_error]) == before:
            rows.append(row)
    return rows, issues


def check_row(row: Row) -> list[tuple[str, str, str | None, str]]:
    """(message, column, hint, severity) for each problem of ``row``."""
    from fhirconv.terminology import SYSTEMS

    out: list[tuple[str, str, str | None, str]] = []

    def err(message: str, name: str, hint: str | None = None, severity: str = "error") -> None:
        out.append((message, name, hint, severity))

    if not row.kind:
        err("kind is empty", "kind", "one of " + ", ".join(KINDS))
    elif row.kind not in KINDS:
        close = difflib.get_close_matches(row.kind, KINDS, n=1)
        err(f"unknown kind {row.kind!r}", "kind", f"did you mean {close[0]!r}?" if close else
            "one of " + ", ".join(KINDS))
    if not row.term:
        err("term is empty", "term", "the words a case uses for this concept")
    if not row.source:
        err("source is empty", "source", "say where the code and display were checked (an IG, a code list...)")
    if not row.display:
        err("display is empty", "display", "the code system's display for the code")
    system_ok = _check_system(row.system, SYSTEMS, err)
    if not row.code:
        err("code is empty", "code")
    elif system_ok:
        _check_code(row, err)
    if row.unit:
        from fhirconv.terminology.checks import ucum_problem

        problem = ucum_problem(row.unit)
        if problem:
            err(f"unit {row.unit!r} is not a UCUM code", "unit", f"{problem}; e.g. g/dL, mmol/L, 10*9/L, mm[Hg]")
    return out


def _check_system(system: str, systems: dict[str, str], err) -> bool:  # type: ignore[no-untyped-def]
    from fhirconv.validate.terminology import CANONICAL, system_problem

    known = sorted(set(systems.values()) | set(CANONICAL))
    if not system:
        err("system is empty", "system", "e.g. " + ", ".join(known[:4]))
        return False
    if system in known:
        return True
    if system.lower() in systems:
        err(f"system {system!r} is a short name, not a code-system URI", "system", f"use {systems[system.lower()]}")
        return False
    problem = system_problem(system)
    if problem is not None:
        err(problem[0], "system", f"use {problem[1]}")
        return False
    close = difflib.get_close_matches(system, known, n=1, cutoff=0.6)
    err(f"unknown code system {system!r}", "system", f"did you mean {close[0]}?" if close else
        "known systems: " + ", ".join(known))
    return False


def _check_code(row: Row, err) -> None:  # type: ignore[no-untyped-def]
    import re

    from fhirconv.terminology import SYSTEMS, checks
    from fhirconv.validate.terminology import code_problem, display_problem

    if row.system == SYSTEMS["ncit"] and not re.fullmatch(r"C\d+", row.code):
        err(f"{row.code!r} is not an NCI Thesaurus code (C followed by digits)", "code")
        return
    found = code_problem(row.system, row.code)
    if found is not None:
        err(found[0], "code", found[1])
        return
    if row.system == SYSTEMS["icd10cm"]:
        _, description = checks.icd10cm_ok(row.code)
        if not checks.icd10cm_billable(row.code):
            err(f"ICD-10-CM {row.code} is a category, not a billable code", "code",
                "use one of its subcodes (fhirconv terms show icd10cm " + row.code + ")")
        elif description and " ".join(description.lower().split()) != " ".join(row.display.lower().split()):
            err(f"display {row.display!r} is not the ICD-10-CM description of {row.code}", "display",
                f"use {description!r}")
        return
    if row.display:
        mismatch = display_problem(row.system, row.code, row.display, builtin_only=True)
        if mismatch:
            err(mismatch, "display", "use the code system's display, or check the code", "warning")


def load(paths: list[str] | tuple[str, ...]) -> UserTerms:
    """Read and check terms files; every error of every file raises one :class:`FhirconvError`.
    Warnings (a display that differs from the built-in one) come back in ``warnings``."""
    issues: list[Issue] = []
    result = UserTerms()
    for path in paths:
        try:
            rows, found = read_file(str(path))
        except FhirconvError as exc:
            issues.extend(exc.issues)
            continue
        issues.extend(found)
        result = result + UserTerms((str(path),), tuple(concepts_of(rows, origin="", user=True)))
    errors = [i for i in issues if i.is_error]
    if errors:
        raise FhirconvError(errors[0], errors[1:] + [i for i in issues if not i.is_error])
    return UserTerms(result.files, result.concepts, tuple(issues))
