"""Errors a push can end with, each one clear line for the user (never a traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OutcomeIssue:
    """One ``OperationOutcome.issue`` from the server, reduced to what a user needs."""

    severity: str
    location: str
    text: str

    def line(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"{self.severity}{where}: {self.text}"

    def to_json(self) -> dict[str, str]:
        return {"severity": self.severity, "location": self.location, "text": self.text}


def outcome_issues(body: Any) -> list[OutcomeIssue]:
    """The issues of an OperationOutcome (or of each failed entry of a response Bundle)."""
    if not isinstance(body, dict):
        return []
    if body.get("resourceType") == "Bundle":
        found: list[OutcomeIssue] = []
        for entry in body.get("entry", []) or []:
            found += outcome_issues((entry.get("response") or {}).get("outcome"))
        return found
    if body.get("resourceType") != "OperationOutcome":
        return []
    out = []
    for issue in body.get("issue", []) or []:
        location = ", ".join([*(issue.get("expression") or []), *(issue.get("location") or [])])
        text = (issue.get("details") or {}).get("text") or issue.get("diagnostics") or issue.get("code", "")
        out.append(OutcomeIssue(str(issue.get("severity", "error")), location, str(text)))
    return out


class PushError(Exception):
    """A push that cannot go on. ``exit_code`` 1 for data/server problems, 2 for bad usage."""

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int = 1,
                 issues: list[OutcomeIssue] | None = None, status: int | None = None,
                 located: bool = False):
        super().__init__(message)
        self.message = message
        self.located = located  # message is already "file:line:col ...: error: ..." lines
        self.hint = hint
        self.exit_code = exit_code
        self.issues = issues or []
        self.status = status

    def one_line(self) -> str:
        if self.located:
            return self.message
        return f"error: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")


class Rejected(PushError):
    """The server answered a request with a 4xx/5xx that retrying will not fix."""


class Unreachable(PushError):
    """The server could not be reached (or kept failing) after every retry."""
