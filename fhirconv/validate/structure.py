"""Layer b: FHIR structure with the fhir.resources models.

R4 is checked with the R4B models (``fhir.resources.R4B``: R4B changed none of the five resource
types fhirconv writes in a way that matters here), R5 with ``fhir.resources``. Each Bundle entry's
resource is validated with its own model, so that locations point into the entry, and the Bundle
itself without its entry resources. pydantic reports in passes (element types first, then choice
types and required elements), so a resource with a type error may show its other errors only once
that is fixed.
"""

from __future__ import annotations

import re
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.tree import Target, each_target, loc_to_expr

LAYER = "structure"

_CHOICE = re.compile(r"from this list \[([^\]]*)\]")


def model_class(version: str, type_name: str):
    """The fhir.resources model of ``type_name`` for ``version``, or None when there is none."""
    if version == "R4":
        from fhir.resources.R4B import get_fhir_model_class
    else:
        from fhir.resources import get_fhir_model_class
    try:
        return get_fhir_model_class(type_name)
    except (KeyError, ValueError, ImportError, AttributeError):
        return None


def _code(err_type: str) -> str:
    if err_type in ("missing", "model_field_validation.missing"):
        return "required"
    if err_type == "extra_forbidden":
        return "structure"
    return "value"


def _issue(err: dict[str, Any], base: str) -> Issue:
    loc = [p for p in err.get("loc", ()) if p != "__root__"]
    where = base + loc_to_expr(loc)
    kind = err.get("type", "")
    message = str(err.get("msg", "invalid"))
    hint = None
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind == "extra_forbidden":
        message = f"unknown element {loc[-1]!r}" if loc else "unknown element"
        hint = "check the spelling against the FHIR definition of this type"
    elif kind in ("missing", "model_field_validation.missing"):
        message = f"missing required element {loc[-1]!r}" if loc else "missing required element"
    elif (m := _CHOICE.search(message)) is not None:
        names = [n.strip().strip("'\"") for n in m.group(1).split(",")]
        stem = re.match(r"[a-z]+[A-Za-z]*?(?=[A-Z])", names[0]) if names else None
        choice = (stem.group(0) if stem else "value") + "[x]"
        where = f"{where}.{choice}"
        message = f"more than one {choice} given; a choice element takes exactly one type"
        hint = "keep one of " + ", ".join(n for n in names if n)
        return Issue("error", message, code="structure", layer=LAYER, expression=where, hint=hint)
    elif "input" in err and not isinstance(err["input"], dict | list):
        message = f"{message} (got {err['input']!r})"
    return Issue("error", message, code=_code(kind), layer=LAYER, expression=where, hint=hint)


def check_resource(target: Target, version: str) -> list[Issue]:
    """Validate one resource with its model; a Bundle without its entry resources."""
    rtype = target.resource.get("resourceType")
    if not isinstance(rtype, str) or not rtype:
        return [Issue("error", "missing resourceType", code="required", layer=LAYER,
                      expression=f"{target.expr}.resourceType",
                      hint='every FHIR resource starts with "resourceType": "<Type>"')]
    instance = target.resource
    if rtype == "Bundle" and isinstance(instance.get("entry"), list):
        instance = dict(instance)
        instance["entry"] = [
            {k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
            for e in instance["entry"]
        ]
    from fhirconv.validate import shapes

    memo = shapes.for_version(version)
    known, layout = memo.passes(rtype, instance)  # a layout known from an earlier run needs no model class
    if known:
        return []
    cls = model_class(version, rtype)
    if cls is None:
        return [Issue("error", f"unknown resource type {rtype!r} in FHIR {version}", code="not-supported",
                      layer=LAYER, expression=f"{target.expr}.resourceType")]
    if layout is None:
        known, layout = memo.passes(rtype, instance, cls)
        if known:
            return []
    from pydantic import ValidationError  # only now: a layout known with plain values needs no pydantic

    try:
        cls.model_validate(instance)
        memo.learn(layout)
    except ValidationError as exc:
        return [_issue(err, target.expr) for err in _errors(exc, cls, instance)]
    except Exception as exc:  # fhir.resources raises KeyError etc. on unknown contained types
        return [Issue("error", f"cannot be read as a FHIR {rtype}: {exc!r}", code="structure", layer=LAYER,
                      expression=target.expr)]
    return []


def _errors(exc: Any, cls: Any, instance: Any) -> list[dict[str, Any]]:
    """The models' errors; when pydantic cannot render them (a lone surrogate in the input, which
    the json layer reports at its place), those of the same input with U+FFFD in its place."""
    from pydantic import ValidationError

    try:
        return exc.errors()
    except UnicodeError:
        from fhirconv.validate.json_syntax import without_lone_surrogates

        try:
            cls.model_validate(without_lone_surrogates(instance))
        except ValidationError as again:
            return again.errors()
        return []


def check(targets: list[Target], version: str) -> list[Issue]:
    """Layer entry point."""
    from fhirconv.validate import shapes

    issues = each_target(targets, check_resource, version)
    shapes.save()  # what was learnt, kept for later runs when the CLI asked for it (spaced writes)
    return issues
