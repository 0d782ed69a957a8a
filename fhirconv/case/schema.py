"""The case JSON Schema: loading it, and turning jsonschema's errors into one actionable line each."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.case.loader import SourceDoc
from fhirconv.issues import Issue


def schema_text() -> str:
    """The schema exactly as shipped (``fhirconv schema`` prints this)."""
    return (Path(__file__).resolve().parent / "case.schema.json").read_text(encoding="utf-8")


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its definition (the case schema has no
    recursion), so validation does no reference look-ups: about 1.5x faster per case."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            base = _inline_refs(defs[ref.rsplit("/", 1)[1]], defs)
            rest = {k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}
            return {**base, **rest}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@cache
def _inlined() -> Any:
    """The schema with its references inlined: kept on disk for the schema file and this module, as
    reading and inlining it took a run 5 ms."""
    from fhirconv.diskcache import kept

    def make() -> Any:
        schema = json.loads(schema_text())
        return _inline_refs(schema, schema.get("$defs", {}))

    here = Path(__file__).resolve()
    return kept("case-schema", [here.parent / "case.schema.json", here], make, lambda found: type(found) is dict)


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_inlined())


@cache
def _fast() -> Any:
    """The compiled yes/no check (see :mod:`fhirconv.case.fastcheck`), or None to always use jsonschema."""
    from fhirconv.case.fastcheck import Unsupported, compile_schema

    try:
        return compile_schema(_inlined())
    except Unsupported:
        return None


def check(doc: SourceDoc) -> list[Issue]:
    """Every schema violation in ``doc``, most specific first, one issue per location."""
    fast = _fast()
    if fast is not None and fast(doc.data):
        return []
    if isinstance(doc.data, dict) and isinstance(doc.data.get("resourceType"), str) and "fhirconv" not in doc.data:
        # a FHIR file among the cases (a Bundle written next to its case): say what it is
        return [doc.issue((), f"a FHIR {doc.data['resourceType']}, not a case file", code="structure",
                          hint="`fhirconv validate FILE` checks FHIR files; convert reads case files (see "
                          "`fhirconv schema`); write converted Bundles outside the directory of the cases")]
    from jsonschema.exceptions import best_match

    errors = list(_validator().iter_errors(doc.data))
    issues: list[Issue] = []
    seen: set[tuple[Any, ...]] = set()
    for err in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        either, kinds = _either_key(err), _branch_kinds(err)
        if err.context and not either and not kinds:  # oneOf/anyOf: report the branch that got furthest
            err = best_match(_same_kind(err)) or err
        key = tuple(err.absolute_path)
        if key in seen:
            continue
        seen.add(key)
        message, hint = (f"missing required key: one of {' or '.join(map(repr, either))}", None) if either \
            else (f"expected {' or '.join(kinds)}, got {type(err.instance).__name__} {err.instance!r}", None) \
            if kinds else _explain(err)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # at the first unknown key itself: its line, not the line its mapping starts on
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            key = (*key, extra[0]) if extra else key
        issues.append(doc.issue(key, message, hint=hint, code=_code(err.validator)))
    return issues


_JSON_TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
               "boolean": bool}


def _either_key(err: Any) -> list[str]:
    """The keys of an anyOf whose every branch only requires one key (a series entry's ``date`` or
    ``when_text``): one of them is missing, which no single branch's error says."""
    branches = err.validator_value if err.validator == "anyOf" and isinstance(err.validator_value, list) else []
    keys = [b["required"][0] for b in branches if isinstance(b, dict) and set(b) == {"required"}
            and len(b["required"]) == 1]
    return keys if branches and len(keys) == len(branches) else []


def _branch_kinds(err: Any) -> list[str]:
    """The kinds of value the branches of an anyOf/oneOf take, when each names one and none takes the
    value given (``reference_range: 5``: an object or a string, not "expected object")."""
    branches = err.validator_value if err.validator in ("anyOf", "oneOf") else None
    if not isinstance(branches, list):
        return []
    kinds = [b.get("type") for b in branches if isinstance(b, dict)]
    if len(kinds) != len(branches) or not all(isinstance(k, str) and k in _JSON_TYPES for k in kinds):
        return []
    inst = err.instance
    if any(isinstance(inst, _JSON_TYPES[k]) and not (isinstance(inst, bool) and k != "boolean") for k in kinds):
        return []
    return list(dict.fromkeys(kinds))


def _same_kind(err: Any) -> list[Any]:
    """The errors of the anyOf/oneOf branches that take the instance's kind of value (a mapping's
    errors from the branch for mappings: ``body_site: {site: x, side: left}`` is an unknown key, not
    "expected string"); all of them when no branch does."""
    branches = err.validator_value if isinstance(err.validator_value, list) else []

    def takes(e: Any) -> bool:
        at = e.relative_schema_path[0] if e.relative_schema_path else None
        branch = branches[at] if isinstance(at, int) and at < len(branches) else {}
        kind = _JSON_TYPES.get(branch.get("type")) if isinstance(branch, dict) else None
        return kind is not None and isinstance(err.instance, kind) and not (
            isinstance(err.instance, bool) and branch.get("type") != "boolean")

    same = [e for e in err.context if takes(e)]
    return same or list(err.context)


def _code(validator: str) -> str:
    return {"required": "required", "additionalProperties": "structure", "type": "value",
            "enum": "code-invalid", "const": "value"}.get(validator, "invalid")


# Keys people write for one the format has, which spelling alone does not find ("date_text" is
# closer to "dosage_text" than to "when_text")
_SAID_AS = {"date_text": "when_text", "time_text": "when_text", "timing_text": "when_text", "when": "when_text",
            "timing": "when_text", "side": "laterality", "indication": "reason", "reasons": "reason",
            "diagnosis": "condition", "drug_name": "drug", "medication": "drug", "test": "observation",
            "result": "value", "units": "unit", "site": "body_site", "case_id": "id", "caseid": "id",
            # where these are no key: a drug's date is its start, an event's words are its text
            "date": "start", "onset": "start", "when_text": "text"}


def _explain(err: Any) -> tuple[str, str | None]:
    v, inst, sch = err.validator, err.instance, err.schema
    if v == "additionalProperties":
        allowed = sorted(sch.get("properties", {}))
        extra = sorted(set(inst) - set(allowed)) if isinstance(inst, dict) else []
        hint = f"allowed keys here: {', '.join(allowed)}"
        import difflib

        near = [k for k in (_SAID_AS.get(extra[0]),) if k in allowed] if extra else []
        near = near or (difflib.get_close_matches(extra[0], allowed, n=1, cutoff=0.75) if extra else [])
        if near:
            hint = f"did you mean {near[0]!r}? {hint}"
        if extra and all(inst[e] is None for e in extra):
            # `{text: fever, nausea}`: in a YAML {...} mapping a comma starts a new key
            keys = list(inst)
            before = keys[keys.index(extra[0]) - 1] if keys.index(extra[0]) > 0 else "text"
            hint = ("a comma inside {...} starts a new key: put the words in quotes "
                    f"({before}: \"..., {extra[0]}\") or write the mapping on its own lines; {hint}")
        return f"unknown key {', '.join(repr(e) for e in extra)}", hint
    if v == "required":
        missing = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        absent = [m for m in missing if not isinstance(inst, dict) or m not in inst]
        return f"missing required key {', '.join(repr(m) for m in absent)}", None
    if v == "enum":
        allowed = ", ".join(map(str, err.validator_value))
        import difflib

        near = difflib.get_close_matches(str(inst), [str(x) for x in err.validator_value], n=1, cutoff=0.75)
        said = f"did you mean {near[0]!r}? " if near else ""
        return f"{inst!r} is not allowed", f"{said}expected one of: {allowed}"
    if v == "type":
        expected = err.validator_value
        said = _frequency_said(inst) if err.absolute_path and err.absolute_path[-1] == "frequency" else None
        if expected == "string" and isinstance(inst, (list, dict)):
            # a list or mapping is no scalar gone wrong: quoting it would only hide the mistake
            hint = "give one value here, not a list" if isinstance(inst, list) else "give one value here, not a mapping"
        else:
            hint = "quote it to make it a string" if expected == "string" else said or _example(err)
        return f"expected {expected}, got {type(inst).__name__} {inst!r}", hint
    if v == "pattern":
        return f"{inst!r} does not have the expected form", sch.get("description") or f"pattern {sch['pattern']}"
    if v in ("minimum", "maximum", "minLength", "minItems"):
        return err.message, None
    if v == "oneOf" and isinstance(inst, dict) and "drug" in inst and "regimen" in inst:
        return "give either 'drug' or 'regimen', not both", None
    if v == "oneOf":
        options = [s.get("required") for s in err.validator_value if isinstance(s, dict)]
        names = [o[0] for o in options if o]
        if names and isinstance(inst, dict):
            present = [n for n in names if n in inst]
            if not present:
                return f"missing one of the keys {', '.join(map(repr, names))}", None
            return f"only one of {', '.join(map(repr, names))} may be given", None
    if v == "not":
        return "these keys may not be given together here", "use either a single date or start/end"
    return err.message, None


def _flow(value: Any) -> str:
    """A value in YAML flow style, as a person would type it: ``{times: 3, per: day}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _example(err: Any) -> str | None:
    """The expected shape, from the schema's ``examples``: ``e.g. frequency: {times: 3, per: day}``."""
    examples = err.schema.get("examples") if isinstance(err.schema, dict) else None
    if not examples:
        return None
    key = next((p for p in reversed(err.absolute_path) if isinstance(p, str)), None)
    shown = _flow(examples[0])
    return f"e.g. {key}: {shown}" if key else f"e.g. {shown}"


# How prescriptions write a frequency: "q8h", "bid", "every 2 weeks", "twice daily"
_TIMES = {"qd": (1, "day"), "od": (1, "day"), "daily": (1, "day"), "once daily": (1, "day"), "once a day": (1, "day"),
          "bid": (2, "day"), "bd": (2, "day"), "twice daily": (2, "day"), "twice a day": (2, "day"),
          "tid": (3, "day"), "tds": (3, "day"), "three times daily": (3, "day"), "three times a day": (3, "day"),
          "qid": (4, "day"), "qds": (4, "day"), "four times daily": (4, "day"), "four times a day": (4, "day"),
          "weekly": (1, "week"), "once weekly": (1, "week"), "once a week": (1, "week"),
          "twice weekly": (2, "week"), "monthly": (1, "month"), "once a month": (1, "month"), "hourly": (1, "hour")}
_EVERY = re.compile(r"^(?:q|every\s+)(\d+)\s*(h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|months?)$")
_UNITS = {"h": "hour", "d": "day", "w": "week", "m": "month"}


def _frequency_said(text: object) -> str | None:
    """The mapping for a frequency written as prescriptions write it, as a hint; None if not read."""
    if not isinstance(text, str):
        return None
    said = " ".join(text.lower().replace(".", "").split())
    if said in _TIMES:
        times, per = _TIMES[said]
        return f"write it as frequency: {{times: {times}, per: {per}}}"
    found = _EVERY.match(said)
    if found:
        per = _UNITS[found.group(2)[0]]
        every = int(found.group(1))
        return (f"write it as frequency: {{times: 1, per: {per}}}" if every == 1
                else f"write it as frequency: {{times: 1, per: {per}, every: {every}}}")
    return None
