"""One issue type shared by every stage (case loading, mapping, validation, push).

Issues carry where (file, line, column, FHIRPath or JSON path), what, and a hint, so that
every stage reports in the same shape and all of them can become one FHIR OperationOutcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["fatal", "error", "warning", "information"]

_SEVERITY_RANK = {"fatal": 0, "error": 1, "warning": 2, "information": 3}


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found in input or output.

    ``expression`` is a FHIRPath-like location in FHIR output (``Bundle.entry[3].resource.code``)
    or a JSON path in a case file (``$.medications[2].dose``). ``code`` is a FHIR
    issue-type code (``invalid``, ``structure``, ``required``, ``code-invalid``, ``not-found``...).
    """

    severity: Severity
    message: str
    code: str = "invalid"
    layer: str = ""
    expression: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity in ("fatal", "error")

    def where(self) -> str:
        """``file:line:col`` when known, else ``file``, then the expression."""
        parts: list[str] = []
        if self.file:
            loc = self.file
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            parts.append(loc)
        if self.expression:
            parts.append(self.expression)
        return " ".join(parts)

    def one_line(self) -> str:
        """The single human line printed on stderr: ``where: severity: message (hint: ...)``."""
        where = self.where()
        text = f"{where}: {self.severity}: {self.message}" if where else f"{self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_fhir(self) -> dict[str, Any]:
        """This issue as an ``OperationOutcome.issue`` element."""
        out: dict[str, Any] = {"severity": self.severity, "code": self.code}
        text = self.message if not self.hint else f"{self.message} (hint: {self.hint})"
        out["details"] = {"text": text}
        where = self.where() if self.file else ""
        where = where.removesuffix(f" {self.expression}") if self.expression else where
        diagnostics = "; ".join(p for p in (f"layer={self.layer}" if self.layer else "", where) if p)
        if diagnostics:
            out["diagnostics"] = diagnostics
        if self.expression:
            out["expression"] = [self.expression]
        return out


@dataclass
class IssueList:
    """An ordered collection of issues with the counts the CLI needs."""

    items: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.items.append(issue)

    def extend(self, issues: list[Issue] | IssueList) -> None:
        self.items.extend(issues.items if isinstance(issues, IssueList) else issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.items if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.items if i.severity == "warning"]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def sort_issues(issues: list[Issue]) -> list[Issue]:
    """Stable order: severity first, then where."""
    return sorted(issues, key=lambda i: (_SEVERITY_RANK[i.severity], i.file or "", i.expression or ""))


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    """All issues as a FHIR OperationOutcome (an 'all ok' information issue when empty)."""
    if not issues:
        return {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "information", "code": "informational", "details": {"text": "No issues"}}],
        }
    return {"resourceType": "OperationOutcome", "issue": [i.to_fhir() for i in issues]}


class FhirconvError(Exception):
    """Bad input data: the CLI prints ``issue.one_line()`` and exits 1, never a traceback."""

    def __init__(self, issue: Issue, more: list[Issue] | None = None):
        super().__init__(issue.one_line())
        self.issue = issue
        self.issues = [issue, *(more or [])]
