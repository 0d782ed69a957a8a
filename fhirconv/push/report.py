"""What a push did: per case and per resource type, created / matched / updated, with server ids."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import OutcomeIssue

ACTIONS = ("created", "matched", "updated")


@dataclass
class Pushed:
    """One resource the server accepted."""

    case: str
    source: str
    type: str
    identifier: str
    action: str  # created | matched (conditional create found it) | updated
    server_id: str  # Type/id on the server

    def to_json(self) -> dict[str, str]:
        return {"case": self.case, "source": self.source, "type": self.type, "identifier": self.identifier,
                "action": self.action, "id": self.server_id}


@dataclass
class Failure:
    """A unit (case or chunk) the server rejected, or that could not be sent."""

    unit: str
    source: str
    message: str
    issues: list[OutcomeIssue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"case": self.unit, "source": self.source, "message": self.message,
                "issues": [i.to_json() for i in self.issues]}


@dataclass
class Split:
    """A case sent as several smaller transactions (or batches), and why."""

    unit: str
    entries: int
    parts: int
    limit: int
    reason: str

    def line(self) -> str:
        return (f"{self.unit}: split {self.entries} entries into {self.parts} requests of at most "
                f"{self.limit}, in dependency order ({self.reason})")

    def to_json(self) -> dict[str, Any]:
        return {"case": self.unit, "entries": self.entries, "parts": self.parts, "limit": self.limit,
                "reason": self.reason}


@dataclass
class Report:
    server: str
    mode: str
    update: bool = False
    pushed: list[Pushed] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verify_problems: list[str] = field(default_factory=list)
    verified: int = 0
    aborted: str | None = None
    units: list[tuple[str, str]] = field(default_factory=list)  # (label, source) in send order
    splits: list[Split] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what retries and checks found (shown in the report)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.aborted and not self.verify_problems

    def counts(self) -> dict[str, int]:
        out = {a: 0 for a in ACTIONS}
        for p in self.pushed:
            out[p.action] = out.get(p.action, 0) + 1
        return out

    def by_case(self) -> dict[str, dict[str, list[Pushed]]]:
        """case -> resource type -> pushed, in the order they were sent."""
        out: dict[str, dict[str, list[Pushed]]] = {}
        for p in self.pushed:
            out.setdefault(p.case, {}).setdefault(p.type, []).append(p)
        return out

    def summary(self) -> str:
        c = self.counts()
        cases = len({p.case for p in self.pushed} | {f.unit for f in self.failures})
        head = "pushed" if self.ok else "push FAILED:"
        text = (f"{head} {len(self.pushed)} resource(s) of {cases} case(s) "
                f"to {self.server} ({self.mode} mode): {c['created']} created, {c['matched']} matched, "
                f"{c['updated']} updated, {len(self.failures)} rejected")
        if self.verified or self.verify_problems:
            text += f"; verified {self.verified}, {len(self.verify_problems)} problem(s)"
        return text

    def text(self) -> str:
        lines: list[str] = []
        for case, types in self.by_case().items():
            sources = sorted({p.source for ps in types.values() for p in ps})
            lines.append(f"{case} ({', '.join(sources)})")
            for rtype, items in types.items():
                counts = {a: sum(1 for p in items if p.action == a) for a in ACTIONS}
                what = ", ".join(f"{n} {a}" for a, n in counts.items() if n)
                ids = ", ".join(p.server_id for p in items)
                lines.append(f"  {rtype:<20} {what:<22} {ids}")
        lines += [f"split: {s.line()}" for s in self.splits]
        lines += [f"note: {n}" for n in self.notes]
        for failure in self.failures:
            lines.append(f"{failure.unit} ({failure.source}): REJECTED: {failure.message}")
            lines += [f"  {issue.line()}" for issue in failure.issues]
        for problem in self.verify_problems:
            lines.append(f"verify: {problem}")
        if self.aborted:
            lines.append(f"stopped: {self.aborted}")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        cases = []
        for case, types in self.by_case().items():
            cases.append({
                "case": case,
                "counts": {t: {a: sum(1 for p in ps if p.action == a) for a in ACTIONS}
                           for t, ps in types.items()},
                "resources": [p.to_json() for ps in types.values() for p in ps],
            })
        return {
            "server": self.server,
            "mode": self.mode,
            "update": self.update,
            "ok": self.ok,
            "summary": {**self.counts(), "rejected": len(self.failures), "verified": self.verified},
            "cases": cases,
            "rejected": [f.to_json() for f in self.failures],
            "warnings": self.warnings,
            "splits": [s.to_json() for s in self.splits],
            "notes": self.notes,
            "verify_problems": self.verify_problems,
            "aborted": self.aborted,
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
