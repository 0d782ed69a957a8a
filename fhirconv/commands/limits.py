"""The ``--max-*`` options: the limits of :mod:`fhirconv.case.limits` on the command line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

import click

from fhirconv.case.limits import ENV, Limits, from_env

_HELP = {
    "max_bytes": "Largest case file, in bytes",
    "max_depth": "Deepest nesting of mappings and lists",
    "max_aliases": "Most YAML aliases (*name) in a case",
    "max_alias_nodes": "Most values YAML aliases may expand to",
    "max_date_chain": "Longest chain of relative dates",
    "max_string": "Longest text value, in characters",
}


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add one ``--max-...`` option per limit (default: the environment variable, else the built-in value)."""
    for f in reversed(fields(Limits)):
        flag = "--" + f.name.replace("_", "-")
        command = click.option(flag, f.name, type=click.IntRange(min=1), default=None, metavar="N",
                               help=f"{_HELP[f.name]} [default: {f.default:,}; {ENV[f.name]}].")(command)
    return command


def limits_from(values: dict[str, int | None]) -> Limits:
    """The limits from the environment, with the options given on the command line applied."""
    given = {k: v for k, v in values.items() if v is not None}
    return replace(from_env(), **given)
