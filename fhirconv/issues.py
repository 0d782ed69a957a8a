"""One issue type shared by every stage (case loading, mapping, validation, push).

Issues carry where (file, line, column, FHIRPath or JSON path), what, and a hint, so that
every stage reports in the same shape and all of them can become one FHIR OperationOutcome.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["fatal", "error", "warning", "information"]

_SEVERITY_RANK = {"fatal": 0, "error": 1, "warning": 2, "information": 3}

EXCERPT = 80  # characters of a value a message quotes
# A long quoted value: an opening quote (at the start or after a space or bracket, before a letter)
# to its closing quote (after a letter), so the words between two quoted values ("'medication' with
# --terms FILE; ... 'Product ...'") are never taken for one.
_LONG_QUOTED = re.compile(rf"(?<![^\s(\[=:])'(?=\S)[^'\n]{{{EXCERPT},}}\S'"
                          rf"|(?<![^\s(\[=:])\"(?=\S)[^\"\n]{{{EXCERPT},}}\S\"")
_MAX_TEXT = 600  # characters of a message or hint, whatever it quotes


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` cut to ``limit`` characters plus "…": a message never echoes a whole 50 MB note."""
    return text if len(text) <= limit else text[:limit] + "…"


def few(names: Iterable[str], limit: int = 5) -> str:
    """``a, b, c, d, e and 12 more``: a hint names a few ids, never 655,000 of them."""
    items = list(names)
    shown = ", ".join(excerpt(str(n), 40) for n in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit:,} more"


def _cut(text: str) -> str:
    """``text`` bounded to about _MAX_TEXT characters: its start and its end, cut where a list item
    ends ("; ") when one ends near the cut, so no item (a candidate code) is shown in halves."""
    head, tail = text[:_MAX_TEXT - 100], text[-100:]
    at = head.rfind("; ")
    if at > len(head) // 2:
        head = head[:at + 1]
    at = tail.find("; ")
    if 0 <= at < len(tail) // 2:
        tail = tail[at + 2:]
    return f"{head} … {tail}"


def tame(text: str | None) -> str | None:
    """Text fit for one line of a terminal: long quoted values cut to an excerpt, the whole bounded,
    and characters no terminal can print (lone surrogates from JSON escapes) shown as escapes."""
    if text is None:
        return None
    if len(text) > EXCERPT:
        text = _LONG_QUOTED.sub(lambda m: m.group()[:EXCERPT + 1] + "…" + m.group()[0], text)
        if len(text) > _MAX_TEXT:
            text = _cut(text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


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

    def __post_init__(self) -> None:
        for name in ("message", "hint", "expression", "file"):
            value = getattr(self, name)
            if value is not None and (len(value) > EXCERPT or not value.isascii()):
                object.__setattr__(self, name, tame(value))

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
