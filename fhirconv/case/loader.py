"""Read a case file (YAML or JSON) into plain Python data plus a map of source positions.

libyaml's events give the line and column of every key and item (duplicate keys refused), so
every later error (schema, dates, references) can point at ``file:line:col``. JSON is read by
:mod:`json`, and by the same YAML reader (JSON is YAML 1.2) when an error needs its positions.
Everything is read under the limits of :mod:`fhirconv.case.limits`.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fhirconv.case import limits
from fhirconv.case.compose import BAD_CHAR, Refused, compose, issue_at, json_path, text_defect
from fhirconv.issues import FhirconvError, Issue, excerpt
from fhirconv.numbers import ExactDecimal, number

PathKey = tuple[str | int, ...]


@dataclass
class SourceDoc:
    """A parsed case document: its data, where it came from, and the positions of its nodes."""

    data: Any
    name: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    text: str | None = field(default=None, repr=False)  # JSON whose positions are found on demand
    exact_numbers: bool = False  # holds decimals whose digits a float would change (see fhirconv.numbers)

    def locate(self, path: PathKey, *, force: bool = True) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor that has one.

        JSON is read with :mod:`json` (fast) and its positions are computed only when an error
        needs them; ``force=False`` (warnings) then settles for the JSON path alone."""
        if self.text is not None and force:
            self._compute_positions()
        p = tuple(path)
        while True:
            if p in self.positions:
                return self.positions[p]
            if not p:
                return None, None
            p = p[:-1]

    def _compute_positions(self) -> None:
        text, self.text = self.text, None
        try:
            _, self.positions, _ = compose(_yaml(), text, limits.current())
        except Exception:  # noqa: BLE001 - valid JSON the YAML reader can't take: JSON paths only
            return

    def issue(self, path: PathKey, message: str, *, hint: str | None = None, code: str = "invalid",
              severity: str = "error") -> Issue:
        line, col = self.locate(path)
        return Issue(severity=severity, message=message, code=code, layer="case", expression=json_path(path),
                     file=self.name, line=line, column=col, hint=hint)  # type: ignore[arg-type]


def read_text(path: str | Path) -> tuple[str, str]:
    """The text of ``path`` (``-`` is stdin) and the name to show in messages; a file over the size
    limit is refused before it is read."""
    max_bytes = limits.current().max_bytes
    if str(path) == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise FhirconvError(Issue("error", "no standard input to read the case from", code="not-found",
                                      layer="case", file="<stdin>", hint="pipe a case in, or name a case file"))
        return sys.stdin.read(max_bytes + 1), "<stdin>"
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise FhirconvError(_too_big(str(path), size, max_bytes))
        return p.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise FhirconvError(Issue("error", "file not found", code="not-found", layer="case", file=str(path))) from None
    except IsADirectoryError:
        raise FhirconvError(Issue("error", "is a directory, expected a case file", layer="case",
                                  file=str(path))) from None
    except UnicodeDecodeError as exc:
        raise FhirconvError(Issue("error", f"not UTF-8 text ({exc.reason} at byte {exc.start})", layer="case",
                                  file=str(path), hint="save the file as UTF-8")) from None


def _too_big(name: str, size: int, max_bytes: int) -> Issue:
    return Issue("error", f"the case file is {size:,} bytes, over the limit of {max_bytes:,}", code="too-costly",
                 layer="case", file=name, hint="a case file is a few kilobytes to a few megabytes; "
                 "raise --max-bytes if this one is honest")


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def parse(text: str, name: str) -> SourceDoc:
    """Parse YAML or JSON text; syntax errors, duplicate keys and anything over the limits of
    :mod:`fhirconv.case.limits` raise :class:`FhirconvError` at their line and column.

    JSON is read with :mod:`json` (fast; positions only when an error needs them); YAML with
    libyaml's event parser, values built by :mod:`fhirconv.case.compose`, which checks the limits
    as it goes and gives every key and item its line and column.
    """
    lim = limits.current()
    if len(text) > lim.max_bytes // 4 and (size := len(text.encode("utf-8", "surrogatepass"))) > lim.max_bytes:
        raise FhirconvError(_too_big(name, size, lim.max_bytes))
    defect = text_defect(text)
    if defect:
        message, line, col = defect
        raise FhirconvError(Issue("error", message, code="value", layer="case", file=name, line=line, column=col,
                                  hint="remove it; write line breaks and tabs as such"))
    if looks_like_json(text):
        doc = _parse_json(text, name, lim)
        if doc is not None:
            return doc
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data, positions, exact = compose(_yaml(), text, lim)
    except Refused as exc:
        raise FhirconvError(issue_at(name, exc)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        hint = "check indentation and quoting near here"
        line = _line(text, mark.line) if mark else ""
        if "cannot start any token" in problem and text[mark.index:mark.index + 1] == "\t" if mark else False:
            hint = "YAML does not allow tabs for indentation: indent with spaces"
        elif mark and (bare := _BARE_BRACKETS.search(line)):
            key, value = bare.groups()
            hint = (f'quote it: {key}: "{value}" (inside {{...}} or [...], YAML reads the brackets of a unit '
                    "and the colon of a time as its own signs)")
        elif mark and (said := _COLON_IN_WORDS.search(line) or _COLON_IN_BLOCK_WORDS.match(line)):
            key, value = said.group("key"), said.group("value").rstrip()
            hint = f'quote it: {key}: "{value}" (in YAML a colon and a space inside words start a new key)'
        elif mark and (asked := _QUESTION_IN_FLOW.search(line)):
            key, value = asked.group("key"), asked.group("value").rstrip()
            hint = f'quote it: {key}: "{value}" (inside {{...}} or [...], YAML reads a question mark as its own sign)'
        if looks_like_json(text):  # valid JSON the YAML reader can't take (tabs...): no positions
            doc = _parse_json(text, name, lim, positions=False)
            if doc is not None:
                return doc
        raise FhirconvError(Issue("error", f"malformed YAML: {problem}", code="structure", layer="case", file=name,
                                  line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                                  hint=hint)) from None
    except YAMLError as exc:
        raise FhirconvError(Issue("error", f"malformed YAML: {excerpt(str(exc).splitlines()[0])}",
                                  code="structure", layer="case", file=name)) from None
    doc = SourceDoc(data, name, positions)
    doc.exact_numbers = exact
    return doc


# On the line of a YAML error, an unquoted value YAML reads as its own signs inside {...}: a UCUM
# unit's brackets (unit: mm[Hg]) or a time's colon (date: 2023-02-14T08:30)
_BARE_BRACKETS = re.compile(r"([A-Za-z_]+):\s*([^\s\"'{},\[\]]+(?:\[[^\]\s]*\]|\{[^}\s]*\})[^\s,}\]]*"
                            r"|[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?[^\s,}\]]*)")

# Words with ": " inside them, unquoted: ``note: the patient said: no fever``
_COLON_IN_WORDS = re.compile(r"(?P<key>[A-Za-z_]+):\s+(?P<value>[^\s\"'{},\[\]:#][^\"'{},\[\]:#]*:\s[^,}\]#]*)")
# The same on a line of its own, outside {...}, where commas are words too:
# ``citation: Clin Med 2020, No 5: 519-21``
_COLON_IN_BLOCK_WORDS = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_]+):\s+"
                                   r"(?P<value>[^\s\"'{\[#|>&*!%@`][^\"'{}\[\]#]*?:\s[^\"'{}\[\]#]*)$")
# A question mark in unquoted words inside {...}: ``{status: provisional, text: could it be X?}``
_QUESTION_IN_FLOW = re.compile(r"(?P<key>[A-Za-z_]+):\s+(?P<value>[^\s\"'{},\[\]#?][^\"'{},\[\]#?]*\?[^,}\]#]*)")


class _Sentinel:
    """A JSON value refused by the walk after parsing: NaN/Infinity, a number too long to convert."""

    def __init__(self, text: str):
        self.text = text


def _parse_json(text: str, name: str, lim: limits.Limits, positions: bool = True) -> SourceDoc | None:
    """The document, or None when the YAML reader should read it (a duplicate key: it gives its line)."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_json_float, parse_int=_json_int,
                          parse_constant=_Sentinel)
    except RecursionError:  # json's own guard: never a crash; the YAML reader says where it gets too deep
        if positions:
            _refuse_at_position(text, name, lim)
        raise _too_deep(name) from None
    except json.JSONDecodeError as exc:
        raise FhirconvError(Issue("error", f"malformed JSON: {exc.msg}", code="structure", layer="case",
                                  file=name, line=exc.lineno, column=exc.colno,
                                  hint="check for a missing comma, quote or bracket near here")) from None
    except _Duplicate:
        if positions:
            return None  # the YAML reader finds the duplicate key with its line and column
        raise FhirconvError(Issue("error", "duplicate key in a JSON object", code="duplicate", layer="case",
                                  file=name, hint="each key may appear once in an object")) from None
    doc = SourceDoc(data, name, text=text if positions else None)
    problem = _json_walk(doc, lim)
    if problem is not None:
        path, message, hint, code = problem
        if positions:  # the YAML reader refuses the first defect at its line and column
            _refuse_at_position(text, name, lim)
        raise FhirconvError(doc.issue(path, message, hint=hint, code=code))
    return doc


def _refuse_at_position(text: str, name: str, lim: limits.Limits) -> None:
    """Read JSON with the YAML composer, which refuses the first thing over a limit at its line and column."""
    try:
        compose(_yaml(), text, lim)
    except Refused as exc:
        raise FhirconvError(issue_at(name, exc)) from None
    except Exception:  # noqa: BLE001 - JSON the YAML reader can't take: the caller reports without a position
        return


def _json_float(text: str) -> Any:
    if len(text) > limits.MAX_NUMBER_CHARS:
        return _Sentinel(text)
    return number(text)


def _json_int(text: str) -> Any:
    return _Sentinel(text) if len(text) > limits.MAX_NUMBER_CHARS else int(text)


def _json_walk(doc: SourceDoc, lim: limits.Limits) -> tuple[PathKey, str, str | None, str] | None:
    """The first value over a limit (depth, text length, number), as (path, message, hint, code); also
    notes whether decimals must keep their digits. One iterative pass: no recursion to exhaust."""
    stack: list[tuple[Any, PathKey]] = [(doc.data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > lim.max_depth:
            return path, f"nested deeper than {lim.max_depth} levels", "check for runaway brackets " \
                "(or raise --max-depth)", "too-costly"
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in node.items())
            for k in node:
                if len(k) > lim.max_string or BAD_CHAR.search(k):
                    return path, f"key {excerpt(k)!r} is too long or holds a control character", None, "value"
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
        elif isinstance(node, str):
            if len(node) > lim.max_string:
                return path, f"a text of {len(node):,} characters, over the limit of {lim.max_string:,}", \
                    "shorten it, or raise --max-string", "too-costly"
            bad = BAD_CHAR.search(node)
            if bad:
                return path, f"control character U+{ord(bad.group()):04X} is not allowed in a case file", \
                    "remove it; write line breaks and tabs as such", "value"
        elif isinstance(node, _Sentinel):
            if node.text in ("NaN", "Infinity", "-Infinity"):
                return path, f"{node.text} is not a finite number", \
                    "FHIR decimals are finite; write the value as measured", "value"
            return path, f"a number of {len(node.text):,} characters ({excerpt(node.text, 20)})", \
                "write the value as measured, in at most 64 characters", "value"
        elif isinstance(node, float):
            if not math.isfinite(node):
                return path, f"{node!r} is not a finite number", \
                    "FHIR decimals are finite; write the value as measured", "value"
            if isinstance(node, ExactDecimal):
                doc.exact_numbers = True
    return None


def _too_deep(name: str) -> FhirconvError:
    return FhirconvError(Issue("error", "the case is nested too deeply to read", code="too-costly", layer="case",
                               file=name, hint="a case file is a mapping of a few levels; check for runaway brackets"))


class _Duplicate(Exception):
    pass


def _line(text: str, number: int) -> str:
    """Line ``number`` (from 0) of ``text``, or "" past its end (a mark at the end of the file)."""
    lines = text.splitlines()
    return lines[number] if 0 <= number < len(lines) else ""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


_YAML: Any = None


def _yaml() -> Any:
    global _YAML
    if _YAML is None:
        from ruamel.yaml import YAML

        _YAML = YAML(typ="safe", pure=False)  # libyaml's event parser when ruamel.yaml.clib is there
    return _YAML


def load_document(path: str | Path) -> SourceDoc:
    text, name = read_text(path)
    if not text.strip():
        raise FhirconvError(Issue("error", "empty case file", code="required", layer="case", file=name,
                                  hint="see `fhirconv schema` or samples/ for the format"))
    return parse(text, name)
