"""Layer a: well-formed JSON (or NDJSON), with line and column on failure.

Besides plain syntax it checks the rules FHIR adds to JSON (FHIR R4 "JSON representation"):
no duplicate keys, no ``null`` outside arrays of primitives, no empty objects, arrays or strings
(invariant ele-1: an element has a value or children), and a JSON object at the top.
JSON and NDJSON are told apart by content: several lines that each hold one object are NDJSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from fhirconv.issues import Issue

LAYER = "json"


@dataclass(slots=True)
class Doc:
    """One parsed JSON document: a whole file, or one NDJSON line (``line`` set)."""

    data: Any
    source: str
    line: int | None = None
    ndjson: bool = False

    def root_expr(self) -> str:
        rtype = self.data.get("resourceType") if isinstance(self.data, dict) else None
        return rtype if isinstance(rtype, str) and rtype else "Resource"


class _Duplicates(list):
    def hook(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.append(key)
                seen.add(key)
        return out


MAX_DEPTH = 128  # FHIR resources nest a few levels (extensions a few more); deeper is refused


class TooDeep(ValueError):
    """JSON nested past :data:`MAX_DEPTH` (the layers after this one walk it recursively)."""


class TooLong(ValueError):
    """A number written with more digits than any measurement has (Python refuses past 4,300)."""


def _int(text: str) -> int:
    if len(text) > 64:
        raise TooLong(text)
    return int(text)


def _loads(text: str) -> tuple[Any, list[str]]:
    dups = _Duplicates()
    try:
        data = json.loads(text, object_pairs_hook=dups.hook, parse_int=_int)
    except RecursionError:  # json's own guard (about 1,000 levels): never a crash
        raise TooDeep from None
    if _depth_over(data, MAX_DEPTH):
        raise TooDeep
    return data, list(dups)


def _depth_over(data: Any, limit: int) -> bool:
    """True when ``data`` nests deeper than ``limit``; iterative, so any depth is safe to measure."""
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, dict | list))
    return False


def _too_long(source: str, text: str, line: int | None = None) -> Issue:
    return Issue("fatal", f"a number of {len(text):,} digits ({text[:20]}…)", code="value", layer=LAYER,
                 file=source, line=line, hint="FHIR integers are 32-bit and decimals are measured values")


def _too_deep(source: str, line: int | None = None) -> Issue:
    return Issue("fatal", f"nested deeper than {MAX_DEPTH} levels", code="too-costly", layer=LAYER, file=source,
                 line=line, hint="FHIR resources are a few levels deep; check for runaway brackets")


def _syntax_issue(err: json.JSONDecodeError, source: str, line_offset: int = 0) -> Issue:
    return Issue(
        "fatal",
        f"not well-formed JSON: {err.msg}",
        code="structure",
        layer=LAYER,
        file=source,
        line=err.lineno + line_offset,
        column=err.colno,
        hint="fix the JSON syntax at this position (a missing comma, quote or bracket?)",
    )


def _looks_ndjson(lines: list[str]) -> bool:
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 2:
        return False
    try:
        first = json.loads(filled[0])
    except (json.JSONDecodeError, RecursionError, ValueError):
        return False
    return isinstance(first, dict)


def parse_text(text: str, source: str, ndjson: bool | None = None) -> tuple[list[Doc], list[Issue]]:
    """Documents in ``text`` and the syntax issues found; unparseable parts give no document.

    ``ndjson`` None tells JSON from NDJSON by content; True reads one resource per line even when
    there is only one line (a ``.ndjson`` file).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return [], [Issue("fatal", "empty input: expected a FHIR resource in JSON", code="structure",
                          layer=LAYER, file=source, line=1, column=1)]
    if not ndjson:
        try:
            data, dups = _loads(text)
        except TooDeep:
            return [], [_too_deep(source)]
        except TooLong as exc:
            return [], [_too_long(source, str(exc))]
        except json.JSONDecodeError as err:
            lines = text.splitlines()
            if not (ndjson is None and err.msg == "Extra data" and _looks_ndjson(lines)):
                return [], [_syntax_issue(err, source)]
        else:
            doc = Doc(data, source)
            return [doc], _top_issues(doc, dups)
    docs: list[Doc] = []
    issues: list[Issue] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data, dups = _loads(line)
        except TooDeep:
            issues.append(_too_deep(source, number))
            continue
        except TooLong as exc:
            issues.append(_too_long(source, str(exc), number))
            continue
        except json.JSONDecodeError as err:
            issues.append(_syntax_issue(err, source, line_offset=number - 1))
            continue
        doc = Doc(data, source, line=number, ndjson=True)
        docs.append(doc)
        issues.extend(_top_issues(doc, dups))
    return docs, issues


_DEEP_INDENT = "\n" + "  " * (MAX_DEPTH - 1)


def parse_written(text: str, source: str) -> tuple[list[Doc], list[Issue]]:
    """:func:`parse_text` for indented JSON this program wrote from a dict (convert's output, before
    it is written): the same document, read by orjson. A dict has no duplicate keys, and the
    indentation (two spaces a level) gives the depth without a walk. Anything else, or any doubt,
    goes to :func:`parse_text`."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency
        return parse_text(text, source)
    if not text.startswith("{\n"):
        return parse_text(text, source)
    if _DEEP_INDENT in text:  # a line indented MAX_DEPTH - 1 levels: measure the depth the slow way
        return parse_text(text, source)
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return parse_text(text, source)
    if not isinstance(data, dict):
        return parse_text(text, source)
    return [Doc(data, source)], []


def _top_issues(doc: Doc, dups: list[str]) -> list[Issue]:
    issues = [
        Issue("error", f"duplicate key {key!r} in a JSON object", code="structure", layer=LAYER,
              file=doc.source, line=doc.line, hint="FHIR JSON objects must not repeat a key")
        for key in sorted(set(dups))
    ]
    if not isinstance(doc.data, dict):
        issues.append(Issue("fatal", f"expected a JSON object (a FHIR resource), got {type(doc.data).__name__}",
                            code="structure", layer=LAYER, file=doc.source, line=doc.line))
    return issues


# A surrogate code point left in a decoded string: JSON can spell one ("\ud800"), Unicode text has none.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(node: Any) -> Any:
    """``node`` with every lone surrogate (in keys and strings) replaced by U+FFFD: what the layers
    after this one check, when a library of theirs cannot take such text (this layer reports it)."""
    if isinstance(node, str):
        return node.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(node, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [without_lone_surrogates(v) for v in node]
    return node


def _clean(node: Any) -> bool:
    """True when no null, empty object, array or string, and no lone surrogate, is anywhere below
    ``node`` (no paths are built: the usual, clean document costs one quick pass; a dirty one gets
    the full walk)."""
    if isinstance(node, dict):
        return bool(node) and all(
            _LONE_SURROGATE.search(k) is None
            and (_LONE_SURROGATE.search(v) is None if k == "div" and isinstance(v, str) else _clean(v))
            for k, v in node.items())
    if isinstance(node, list):
        return bool(node) and all(_clean(v) for v in node)
    if isinstance(node, str):
        return node != "" and _LONE_SURROGATE.search(node) is None
    return node is not None


# What a null or an empty value looks like in compact JSON text: a document whose text has none of
# these is clean. Their presence (perhaps inside a string) only sends it to the exact walk below.
_SUSPECT = re.compile(r'[:,\[]null\b|\{\}|\[\]|[:,\[]""')


# Broader marks as plain byte strings (a few substring searches beat one regular expression; a
# mark inside a string only costs the exact walk).
_SUSPECT_MARKS = (b"null", b'""', b"{}", b"[]")


def _clean_text(node: Any) -> bool:
    """``_clean`` at the speed of a C JSON encoder (orjson, else json's), for the usual, clean document."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency
        orjson = None
    if orjson is not None:
        try:
            raw = orjson.dumps(node, default=str)
            return not any(mark in raw for mark in _SUSPECT_MARKS)
        except TypeError:  # orjson refuses it (a lone surrogate, a huge integer): the exact walk decides
            return False
    try:
        text = json.dumps(node, ensure_ascii=False, separators=(",", ":"), check_circular=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return False
    return _SUSPECT.search(text) is None


def check(doc: Doc) -> list[Issue]:
    """FHIR's JSON rules over a parsed document: nulls and empty values."""
    issues: list[Issue] = []
    if not isinstance(doc.data, dict) or _clean_text(doc.data) or _clean(doc.data):
        return issues
    stack: list[tuple[Any, str, bool]] = [(doc.data, doc.root_expr(), False)]
    while stack:
        node, expr, in_array = stack.pop()
        if isinstance(node, dict):
            if not node:
                issues.append(_empty(doc, expr, "object"))
            for key, value in node.items():
                if _LONE_SURROGATE.search(key):
                    issues.append(_surrogate(doc, f"{expr}.{key}", "a key"))
                    continue
                if key == "div" and isinstance(value, str):
                    if _LONE_SURROGATE.search(value):
                        issues.append(_surrogate(doc, f"{expr}.{key}", "a string"))
                    continue
                stack.append((value, f"{expr}.{key}", False))
        elif isinstance(node, list):
            if not node:
                issues.append(_empty(doc, expr, "array"))
            for i, value in enumerate(node):
                stack.append((value, f"{expr}[{i}]", True))
        elif node is None and not in_array:
            issues.append(Issue("error", "null is not allowed here in FHIR JSON", code="structure",
                                layer=LAYER, expression=expr, file=doc.source, line=doc.line,
                                hint="leave the element out instead"))
        elif node == "":
            issues.append(_empty(doc, expr, "string"))
        elif isinstance(node, str) and _LONE_SURROGATE.search(node):
            issues.append(_surrogate(doc, expr, "a string"))
    return issues


def _surrogate(doc: Doc, expr: str, what: str) -> Issue:
    return Issue("error", f"{what} holds a lone surrogate (\\uD800 to \\uDFFF): not Unicode text", code="structure",
                 layer=LAYER, expression=expr, file=doc.source, line=doc.line,
                 hint="a character outside the Basic Multilingual Plane is written as a pair of surrogates")


def _empty(doc: Doc, expr: str, what: str) -> Issue:
    return Issue("error", f"empty {what}: an element must have a value or children (ele-1)",
                 code="structure", layer=LAYER, expression=expr, file=doc.source, line=doc.line,
                 hint="leave the element out instead")
