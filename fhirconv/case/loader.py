"""Read a case file (YAML or JSON) into plain Python data plus a map of source positions.

ruamel.yaml keeps the line and column of every key and item and refuses duplicate keys, so
every later error (schema, dates, references) can point at ``file:line:col``. JSON is read by the
same parser (JSON is YAML 1.2) after :mod:`json` has checked its syntax, so JSON files get exact
positions too.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fhirconv.issues import FhirconvError, Issue
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
            node = _yaml().compose(text)
        except Exception:  # noqa: BLE001 - valid JSON the YAML reader can't take: JSON paths only
            return
        if node is not None:
            _build(node, (), self.positions, _yaml().constructor, self.name)

    def issue(self, path: PathKey, message: str, *, hint: str | None = None, code: str = "invalid",
              severity: str = "error") -> Issue:
        line, col = self.locate(path)
        return Issue(severity=severity, message=message, code=code, layer="case", expression=json_path(path),
                     file=self.name, line=line, column=col, hint=hint)  # type: ignore[arg-type]


def json_path(path: PathKey) -> str:
    """``('medications', 2, 'dose')`` -> ``$.medications[2].dose``."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def read_text(path: str | Path) -> tuple[str, str]:
    """The text of ``path`` (``-`` is stdin) and the name to show in messages."""
    if str(path) == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise FhirconvError(Issue("error", "no standard input to read the case from", code="not-found",
                                      layer="case", file="<stdin>", hint="pipe a case in, or name a case file"))
        return sys.stdin.read(), "<stdin>"
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise FhirconvError(Issue("error", "file not found", code="not-found", layer="case", file=str(path))) from None
    except IsADirectoryError:
        raise FhirconvError(Issue("error", "is a directory, expected a case file", layer="case",
                                  file=str(path))) from None
    except UnicodeDecodeError as exc:
        raise FhirconvError(Issue("error", f"not UTF-8 text ({exc.reason} at byte {exc.start})", layer="case",
                                  file=str(path), hint="save the file as UTF-8")) from None


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def parse(text: str, name: str) -> SourceDoc:
    """Parse YAML or JSON text; syntax errors and duplicate keys raise :class:`FhirconvError`.

    The YAML composer (libyaml through ruamel.yaml.clib when installed) gives every node its
    line and column; values are built from the nodes here, so positions cost no second parse.
    """
    if looks_like_json(text):
        try:
            doc = SourceDoc(json.loads(text, object_pairs_hook=_no_duplicates, parse_float=number), name, text=text)
            doc.exact_numbers = _has_exact(doc.data)
            return doc
        except RecursionError:
            raise _too_deep(name) from None
        except json.JSONDecodeError as exc:
            raise FhirconvError(Issue("error", f"malformed JSON: {exc.msg}", code="structure", layer="case",
                                      file=name, line=exc.lineno, column=exc.colno,
                                      hint="check for a missing comma, quote or bracket near here")) from None
        except _Duplicate:
            pass  # the YAML reader below finds the duplicate key with its line and column
    from ruamel.yaml.error import MarkedYAMLError

    yaml = _yaml()
    try:
        node = yaml.compose(text)
    except RecursionError:
        raise _too_deep(name) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        hint = "check indentation and quoting near here"
        if "another document" in problem:
            hint = "a case file holds one case; put more cases in separate files or in a .jsonl file"
        elif "cannot start any token" in problem and text[mark.index:mark.index + 1] == "\t" if mark else False:
            hint = "YAML does not allow tabs for indentation: indent with spaces"
        if looks_like_json(text):  # valid JSON the YAML reader can't take (tabs...): no positions
            return SourceDoc(json.loads(text), name)
        raise FhirconvError(Issue("error", f"malformed YAML: {problem}", code="structure", layer="case", file=name,
                                  line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                                  hint=hint)) from None
    positions: dict[PathKey, tuple[int, int]] = {}
    try:
        data = _build(node, (), positions, yaml.constructor, name) if node is not None else None
    except RecursionError:
        raise _too_deep(name) from None
    doc = SourceDoc(data, name, positions)
    doc.exact_numbers = _has_exact(data)
    return doc


def _has_exact(node: Any) -> bool:
    if isinstance(node, ExactDecimal):
        return True
    if isinstance(node, dict):
        return any(_has_exact(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_exact(v) for v in node)
    return False


def _too_deep(name: str) -> FhirconvError:
    return FhirconvError(Issue("error", "the case is nested too deeply to read", code="too-costly", layer="case",
                               file=name, hint="a case file is a mapping of a few levels; check for runaway brackets"))


class _Duplicate(Exception):
    pass


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

        _YAML = YAML(typ="safe", pure=False)  # the C parser when ruamel.yaml.clib is there
    return _YAML


def _build(node: Any, path: PathKey, positions: dict[PathKey, tuple[int, int]], constructor: Any,
           name: str) -> Any:
    """Nodes -> plain dict/list/str/int/float/bool/None, recording each key's and item's position.
    Dates stay as written (our own rules check them); duplicate keys are errors."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for knode, vnode in node.value:
            if str(knode.tag).endswith(":merge"):  # YAML merge key `<<: *defaults`: explicit keys win
                for src in vnode.value if isinstance(vnode, SequenceNode) else [vnode]:
                    value = _build(src, path, positions, constructor, name)
                    if not isinstance(value, dict):
                        mark = knode.start_mark
                        raise FhirconvError(Issue("error", "'<<' merges a mapping, and this is not one",
                                                  code="structure", layer="case", file=name, line=mark.line + 1,
                                                  column=mark.column + 1, hint="merge an anchored mapping: <<: *name"))
                    for k, v in value.items():
                        merged.setdefault(k, v)
                continue
            key = str(knode.value)
            child = (*path, key)
            mark = knode.start_mark
            if key in out:
                raise FhirconvError(Issue("error", f"duplicate key {key!r}", code="duplicate", layer="case",
                                          file=name, line=mark.line + 1, column=mark.column + 1,
                                          hint="each key may appear once in a mapping; merge or rename one"))
            positions[child] = (mark.line + 1, mark.column + 1)
            out[key] = _build(vnode, child, positions, constructor, name)
        return {**merged, **out} if merged else out
    if isinstance(node, SequenceNode):
        items = []
        for i, vnode in enumerate(node.value):
            child = (*path, i)
            positions[child] = (vnode.start_mark.line + 1, vnode.start_mark.column + 1)
            items.append(_build(vnode, child, positions, constructor, name))
        return items
    tag = str(node.tag)
    if tag.endswith((":str", ":timestamp")):
        return node.value
    if tag.endswith(":float"):
        try:
            return number(node.value)
        except ValueError:  # YAML spellings JSON does not have (.inf, 1_000.5): YAML's own reading
            pass
    value = constructor.construct_object(node)
    if isinstance(value, _dt.date | _dt.datetime):
        return node.value
    return value


def load_document(path: str | Path) -> SourceDoc:
    text, name = read_text(path)
    if not text.strip():
        raise FhirconvError(Issue("error", "empty case file", code="required", layer="case", file=name,
                                  hint="see `fhirconv schema` or samples/ for the format"))
    return parse(text, name)
