"""Small pieces the commands share: printing issues, a progress bar that stays off the pipe."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from fhirconv.issues import Issue


def echo_issue(issue: Issue, report: str = "text") -> None:
    """One line on stderr: human text, or a JSON object for machines."""
    if report == "json":
        click.echo(json.dumps({"severity": issue.severity, "file": issue.file, "line": issue.line,
                               "column": issue.column, "expression": issue.expression, "message": issue.message,
                               "hint": issue.hint, "code": issue.code, "layer": issue.layer}), err=True)
    else:
        click.echo(issue.one_line(), err=True)


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None


@contextlib.contextmanager
def progress(total: int, enabled: bool = True, desc: str = "cases") -> Iterator[Any]:
    """A tqdm bar on stderr when stderr is a terminal (cases done, rate, time left); else nothing."""
    if not (enabled and sys.stderr.isatty()):
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=" case", desc=desc, file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar
