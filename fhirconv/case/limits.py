"""How much one case file may cost to read, so a hostile or broken file is refused before the work grows.

A few hundred bytes of YAML aliases can expand to a billion nodes, a 100,000-deep bracket run can
overflow a parser's stack, a long chain of relative dates can exhaust recursion: each has a limit
here, checked while reading (never after), and each can be raised by the user (``convert --max-...``
options, or the environment variables below) for the rare honest case that needs more.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

# Characters a number may be written with: far beyond any measured value, far below the 4,300
# digits at which Python refuses to convert a string to an int.
MAX_NUMBER_CHARS = 64


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-case limits; ``FHIRCONV_MAX_BYTES`` etc. (see :data:`ENV`) override the defaults."""

    max_bytes: int = 16_000_000  # size of one case file (or JSON Lines row)
    max_depth: int = 64  # nesting of mappings and lists
    max_aliases: int = 1_000  # YAML alias uses (*name)
    max_alias_nodes: int = 20_000  # values produced by expanding aliases, counted as they are built
    max_date_chain: int = 200  # relative dates resting on each other (a after b after c ...)
    max_string: int = 1_000_000  # characters in one text value


ENV = {
    "max_bytes": "FHIRCONV_MAX_BYTES",
    "max_depth": "FHIRCONV_MAX_DEPTH",
    "max_aliases": "FHIRCONV_MAX_ALIASES",
    "max_alias_nodes": "FHIRCONV_MAX_ALIAS_NODES",
    "max_date_chain": "FHIRCONV_MAX_DATE_CHAIN",
    "max_string": "FHIRCONV_MAX_STRING",
}

_current: Limits | None = None


def from_env(environ: dict[str, str] | None = None) -> Limits:
    """The defaults, with any ``FHIRCONV_MAX_*`` variable that holds a positive whole number applied."""
    env = os.environ if environ is None else environ
    changes: dict[str, int] = {}
    for f in fields(Limits):
        raw = env.get(ENV[f.name], "").strip().replace("_", "")
        if raw.isdigit() and int(raw) > 0:
            changes[f.name] = int(raw)
    return replace(Limits(), **changes)


def current() -> Limits:
    """The limits in force: those set with :func:`use`, else the environment's."""
    return _current if _current is not None else from_env()


def use(limits: Limits | None) -> None:
    """Set the limits for what follows in this process (``None``: the environment's, read now)."""
    global _current
    _current = limits if limits is not None else from_env()
