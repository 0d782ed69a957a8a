"""Small pieces the commands share: printing issues, a progress bar that stays off the pipe."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from fhirconv.issues import Issue


def issue_line(issue: Issue, report: str = "text") -> str:
    """One line for stderr: human text, or a JSON object for machines."""
    if report == "json":
        return json.dumps({"severity": issue.severity, "file": issue.file, "line": issue.line,
                               "column": issue.column, "expression": issue.expression, "message": issue.message,
                           "hint": issue.hint, "code": issue.code, "layer": issue.layer})
    return issue.one_line()


def terms_option(fn: Any) -> Any:
    """``--terms FILE`` (repeatable): user terms on top of the built-in tables."""
    return click.option("--terms", "terms_files", multiple=True, metavar="FILE",
                        type=click.Path(exists=True, dir_okay=False),
                        help="A terms file (CSV: kind,term,aliases,system,code,display,unit,source) that adds or "
                             "overrides codes (repeatable; later files win). See `fhirconv terms --help`.")(fn)


def load_terms(files: tuple[str, ...], quiet: bool = False, report: str = "text") -> Any:
    """The checked user terms of ``files`` (None for none); a bad row exits 1 with
    ``file:line:col: error: ...`` (raised as FhirconvError); warnings are printed."""
    if not files:
        return None
    from fhirconv.issues import FhirconvError
    from fhirconv.terminology.userterms import load

    try:
        terms = load(files)
    except FhirconvError as exc:
        if report != "json":
            raise
        for issue in exc.issues:
            echo_issue(issue, report)
        sys.exit(1)
    if not quiet:
        for issue in terms.warnings:
            echo_issue(issue, report)
    return terms


def echo_issue(issue: Issue, report: str = "text") -> None:
    click.echo(issue_line(issue, report), err=True)


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None

    def write(self, line: str) -> None:
        click.echo(line, err=True)


class _Bar:
    """A tqdm bar that prints lines above itself on stderr, never on stdout (which may be data)."""

    def __init__(self, bar: Any):
        self.bar = bar

    def update(self, n: int = 1) -> None:
        self.bar.update(n)

    def write(self, line: str) -> None:
        self.bar.write(line, file=sys.stderr)


@contextlib.contextmanager
def progress(total: int, enabled: bool = True, desc: str = "cases") -> Iterator[Any]:
    """A tqdm bar on stderr when stderr is a terminal (cases done, rate, time left); else nothing."""
    if not (enabled and sys.stderr.isatty()):
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=" case", desc=desc, file=sys.stderr, dynamic_ncols=True) as bar:
        yield _Bar(bar)
