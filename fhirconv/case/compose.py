"""YAML events -> plain case data with positions, under the limits of :mod:`fhirconv.case.limits`.

The C composer of ruamel.yaml recurses once per nesting level (100,000 nested brackets overflow the
C stack) and expands aliases with no bound (a few hundred bytes become 10^9 nodes). So only
libyaml's event parser (iterative) is used, and the values are built here with an explicit stack:
depth, alias uses, alias expansion, string length, number size and tags are checked as each event
arrives, and the first one over its limit is refused at its line and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from fhirconv.case.limits import MAX_NUMBER_CHARS, Limits
from fhirconv.issues import Issue, excerpt
from fhirconv.numbers import ExactDecimal, number

PathKey = tuple[str | int, ...]

_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "timestamp", "int", "float", "bool", "null", "merge"}
# Characters YAML does not allow in a stream (outside YAML 1.2 "printable": tab, LF, CR, x20-x7E, x85,
# xA0-xD7FF, xE000-xFFFD, x10000-x10FFFF), each refused at its place. Written as the few ranges left out
# rather than "not printable": the negated class takes about 10 ms to compile, paid by every run.
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class Refused(Exception):
    """A limit or rule broken at ``mark`` (a ruamel mark, or None)."""

    def __init__(self, message: str, mark: Any, hint: str | None = None, code: str = "too-costly"):
        super().__init__(message)
        self.message, self.mark, self.hint, self.code = message, mark, hint, code
        self.path: PathKey | None = None


def json_path(path: PathKey) -> str:
    """``('medications', 2, 'dose')`` -> ``$.medications[2].dose``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(slots=True)
class _Frame:
    """A mapping or list being built."""

    path: PathKey
    items: Any  # dict or list
    mark: Any
    key: str | None = None  # mapping: the key whose value comes next
    key_mark: Any = None
    merge: bool = False  # the pending key is '<<'
    merged: dict[str, Any] = field(default_factory=dict)


def issue_at(name: str, exc: Refused) -> Issue:
    mark = exc.mark
    return Issue("error", exc.message, code=exc.code, layer="case", file=name,
                 expression=excerpt(json_path(exc.path), 100) if exc.path else None,
                 line=mark.line + 1 if mark is not None else None,
                 column=mark.column + 1 if mark is not None else None, hint=exc.hint)


def text_defect(text: str) -> tuple[str, int, int] | None:
    """A character no case file may hold (NUL, other control characters), as (message, line, column)."""
    m = BAD_CHAR.search(text)
    if m is None:
        return None
    i = m.start()
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    ch = m.group()
    return f"control character U+{ord(ch):04X} is not allowed in a case file", line, col


def compose(yaml: Any, text: str, limits: Limits) -> tuple[Any, dict[PathKey, tuple[int, int]], bool]:
    """(data, positions, has exact decimals) of the one document in ``text``; raises :class:`Refused`
    for a broken limit or rule, and ruamel's MarkedYAMLError for a syntax error."""
    resolver, constructor = yaml.resolver, yaml.constructor
    table: Any = None  # YAML 1.2's implicit types by first character, once the document has begun
    sources: list[Any] = [iter(yaml.parse(text))]
    alias_marks: list[Any] = []  # the alias each replayed source came from
    anchors: dict[str, list[Any]] = {}
    recording: list[list[Any]] = []  # [name, events, open depth] of anchored collections being read
    positions: dict[PathKey, tuple[int, int]] = {}
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0
    aliases = 0
    expanded = 0
    exact = False

    def attach(value: Any) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if isinstance(top.items, list):
            top.items.append(value)
            return
        if top.merge:
            top.merge = False
            for src in value if isinstance(value, list) else [value]:
                if not isinstance(src, dict):
                    raise Refused("'<<' merges a mapping, and this is not one", top.key_mark,
                                  "merge an anchored mapping: <<: *name", "structure")
                for k, v in src.items():
                    top.merged.setdefault(k, v)
            return
        top.items[top.key] = value
        top.key = None

    def child_path() -> PathKey:
        top = stack[-1]
        if isinstance(top.items, list):
            path = (*top.path, len(top.items))
            positions[path] = current_mark_pos
            return path
        return top.path if top.merge else (*top.path, top.key)  # type: ignore[arg-type]

    current_mark_pos = (0, 0)
    while sources:
        try:
            event = next(sources[-1])
        except StopIteration:
            sources.pop()
            if alias_marks:
                alias_marks.pop()
            continue
        kind = type(event).__name__
        replay = len(sources) > 1
        if replay:
            expanded += 1
            if expanded > limits.max_alias_nodes:
                raise Refused(f"YAML aliases expand to more than {limits.max_alias_nodes:,} values",
                              alias_marks[0], "a case file needs no alias bombs; raise --max-alias-nodes "
                              "if this one is honest")
        else:
            for rec in recording:
                rec[1].append(event)
        if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
            continue
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise Refused("malformed YAML: but found another document", event.start_mark,
                              "a case file holds one case; put more cases in separate files or in a .jsonl file",
                              "structure")
            continue
        mark = event.start_mark
        in_key = bool(stack) and isinstance(stack[-1].items, dict) and stack[-1].key is None \
            and not stack[-1].merge
        if kind == "AliasEvent":
            name = event.anchor
            if name not in anchors:
                raise Refused(f"malformed YAML: alias *{excerpt(name, 40)} names no anchor defined before it",
                              mark, "define &name before using *name (an alias cannot refer to itself)",
                              "structure")
            aliases += not replay
            if aliases > limits.max_aliases:
                raise Refused(f"more than {limits.max_aliases:,} YAML aliases", mark,
                              "raise --max-aliases if this case is honest")
            if in_key:
                raise Refused("a mapping key must be a plain value, not an alias", mark, code="structure")
            alias_marks.append(alias_marks[0] if alias_marks else mark)
            sources.append(iter(anchors[name]))
            continue
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            if in_key:
                raise Refused("a mapping key must be a plain value, not a mapping or list", mark,
                              code="structure")
            _check_tag(event.tag, "map" if kind == "MappingStartEvent" else "seq", mark)
            current_mark_pos = (mark.line + 1, mark.column + 1)
            path = child_path() if stack else ()
            if len(stack) >= limits.max_depth:
                exc = Refused(f"nested deeper than {limits.max_depth} levels", mark,
                              "a case file is a mapping of a few levels; check for runaway brackets "
                              "(or raise --max-depth)")
                exc.path = path
                raise exc
            stack.append(_Frame(path, {} if kind == "MappingStartEvent" else [], mark))
            if not replay:
                if event.anchor is not None:
                    recording.append([event.anchor, [event], 0])
                for rec in recording:
                    rec[2] += 1
            continue
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            value = frame.items
            if isinstance(value, dict) and frame.merged:
                value = {**frame.merged, **value}
            if not replay:
                for rec in recording:
                    rec[2] -= 1
                while recording and recording[-1][2] == 0:
                    name, events, _ = recording.pop()
                    anchors[name] = events
            attach(value)
            continue
        # A scalar.
        value_text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            short = "str"
            if event.implicit[0]:
                if table is None:
                    table = resolver.versioned_resolver
                for rtag, regexp in table.get(value_text[:1], ()):
                    if regexp.match(value_text):
                        found = str(rtag)[len(_YAML_TAG):]
                        short = found if found in _SCALAR_TAGS else "str"  # '=' (value), '!' (yaml): text
                        break
        else:
            short = _check_tag(tag, None, mark)
        if len(value_text) > limits.max_string:
            raise Refused(f"a text of {len(value_text):,} characters, over the limit of {limits.max_string:,}",
                          mark, "shorten it, or raise --max-string")
        bad = BAD_CHAR.search(value_text)
        if bad:
            raise Refused(f"control character U+{ord(bad.group()):04X} is not allowed in a case file", mark,
                          "remove it; write line breaks and tabs as such", "value")
        if event.anchor is not None and not replay:
            anchors[event.anchor] = [event]
        if in_key:
            top = stack[-1]
            if short == "merge":
                top.merge = True
                top.key_mark = mark
                continue
            if value_text in top.items:
                raise Refused(f"duplicate key {excerpt(value_text, 80)!r}", mark,
                              "each key may appear once in a mapping; merge or rename one", "duplicate")
            top.key = value_text
            positions[(*top.path, value_text)] = (mark.line + 1, mark.column + 1)
            continue
        current_mark_pos = (mark.line + 1, mark.column + 1)
        try:
            value = _scalar(short, value_text, constructor, mark)
        except Refused as exc:
            exc.path = child_path() if stack else None
            raise
        if stack:
            child_path()
        if isinstance(value, ExactDecimal):
            exact = True
        attach(value)
    return (root[0] if root else None), positions, exact


def _check_tag(tag: Any, expected: str | None, mark: Any) -> str:
    """The short name of a standard tag (``str``, ``map``...); any other tag is refused."""
    if tag is None or tag == "!":
        return expected or "str"
    tag = str(tag)
    short = tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else None
    if short is None or (expected is not None and short != expected) or (expected is None and short not in
                                                                         _SCALAR_TAGS):
        raise Refused(f"unknown YAML tag {excerpt(tag, 40)!r}", mark,
                      "case files hold plain values: remove the tag", "structure")
    return short


def _scalar(short: str, text: str, constructor: Any, mark: Any) -> Any:
    """The value of a scalar with a standard tag; numbers FHIR can't carry are refused here."""
    from ruamel.yaml.nodes import ScalarNode

    if short in ("str", "timestamp"):
        return text  # dates stay as written: our own rules check them
    if short in ("int", "float") and len(text) > MAX_NUMBER_CHARS:
        raise Refused(f"a number of {len(text):,} characters ({excerpt(text, 20)})", mark,
                      "write the value as measured, in at most 64 characters", "value")
    node = ScalarNode(f"{_YAML_TAG}{short}", text, mark, mark)
    try:
        if short == "float":
            try:
                value = number(text)
            except ValueError:  # YAML spellings JSON does not have (.inf, 1_000.5): YAML's own reading
                value = constructor.construct_yaml_float(node)
            if not math.isfinite(value):
                raise Refused(f"{float(value)!r} is not a finite number", mark,
                              "FHIR decimals are finite; write the value as measured", "value")
            return value
        if short == "int":
            return constructor.construct_yaml_int(node)
        if short == "bool":
            return constructor.construct_yaml_bool(node)
        return None  # null
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - e.g. `!!int abc`: the text is not what the tag says
        raise Refused(f"{excerpt(text, 40)!r} is not a valid {short}", mark, code="value") from None
