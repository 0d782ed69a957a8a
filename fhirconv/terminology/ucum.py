"""UCUM syntax checks with ucumvert's grammar, without importing pint.

ucumvert's package ``__init__`` imports its pint bridge (pint and numpy: about half a second) even
though checking a unit needs only its lark grammar. So the grammar file is located with
``importlib.util.find_spec`` (which does not run the package) and compiled with lark directly, the
way ``ucumvert.parser.get_ucum_parser`` does, giving the same verdicts and messages as
``ucumvert.parse_ucum``. Verdicts are also kept on disk (:mod:`fhirconv.diskcache`), keyed by the
ucumvert version, so a unit checked once is never parsed again.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.diskcache import JsonCache, package_stamp


def _grammar_file() -> Path:
    spec = importlib.util.find_spec("ucumvert")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("ucumvert is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "ucum_grammar.lark"


@cache
def _parser() -> Any:
    from lark import Lark

    return Lark(_grammar_file().read_text(encoding="utf-8"), start="main_term", strict=True)


@cache
def _verdicts() -> JsonCache:
    return JsonCache("ucum", package_stamp("ucumvert"))


def _parse_problem(unit: str) -> str | None:
    """ucumvert.parse_ucum's verdict: None, or the first line of its InvalidUcumError message."""
    from lark.exceptions import UnexpectedInput

    try:
        _parser().parse(unit)
    except UnexpectedInput as exc:
        if exc.pos_in_stream is not None and 0 <= exc.pos_in_stream < len(unit):
            detail = f"unexpected character {unit[exc.pos_in_stream]!r} at column {exc.column}"
        else:
            detail = "unexpected end of input"
        return f"{unit!r} is not a valid UCUM unit: {detail}."
    except Exception as exc:  # lark raises other errors for some inputs
        return f"{unit!r} is not a valid UCUM unit: {type(exc).__name__}"
    return None


def problem(unit: str) -> str | None:
    """None when ``unit`` is valid UCUM (case-sensitive), else one line saying what is wrong."""
    store = _verdicts()
    if unit in store:
        return store.get(unit)
    verdict = _parse_problem(unit)
    if len(unit) <= 64:  # only plausible units are worth remembering
        store.put(unit, verdict)
        store.save()
    return verdict
