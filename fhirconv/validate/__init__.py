"""Layered validation of FHIR JSON: what a FHIR server or a careful reviewer would reject.

Layers, in order (each selectable; all on by default):

- ``json``: well-formed JSON/NDJSON with line and column, FHIR's JSON rules (no nulls, no empty values);
- ``structure``: the fhir.resources models (R4 through R4B, or R5);
- ``schema``: the official HL7 FHIR JSON Schema, each resource against its own definition;
- ``integrity``: references, fullUrls, requests, shared identifiers, Bundle invariants;
- ``terminology``: system URIs, check digits, code existence, UCUM units, displays (offline);
- ``clinical``: dates, ages, subjects, narrative and the resource invariants;
- ``profile``: the StructureDefinitions of implementation guides from the FHIR package cache, for the
  profiles a resource claims in ``meta.profile`` and those given as ``profiles`` (does nothing when
  there are none).

A defect is reported once: an issue at the same location as (or inside) an error already reported by
an earlier layer is dropped, so a wrong type is not reported by both the models and the schema.

>>> from fhirconv.validate import validate_resource_tree
>>> [i.message for i in validate_resource_tree({"resourceType": "Patient", "gender": "f"})][:1]
["'f' is not one of ['male', 'female', 'other', 'unknown']"]
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from typing import Any

from fhirconv.issues import Issue

LAYERS = ("json", "structure", "schema", "integrity", "terminology", "clinical", "profile")
FHIR_VERSIONS = ("R4", "R5")

__all__ = ["FHIR_VERSIONS", "LAYERS", "Issue", "validate_documents", "validate_resource_tree", "validate_text"]


def _layers(layers: Iterable[str] | None) -> tuple[str, ...]:
    if layers is None:
        return LAYERS
    chosen = set(layers)
    unknown = chosen - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layer(s) {sorted(unknown)}; choose from {', '.join(LAYERS)}")
    return tuple(layer for layer in LAYERS if layer in chosen)


def _version(fhir_version: str) -> str:
    if fhir_version not in FHIR_VERSIONS:
        raise ValueError(f"unknown FHIR version {fhir_version!r}; choose from {', '.join(FHIR_VERSIONS)}")
    return fhir_version


def _inside(expr: str | None, parent: str) -> bool:
    return expr is not None and (expr == parent or expr.startswith(parent + ".") or expr.startswith(parent + "["))


def _dedupe(issues: list[Issue]) -> list[Issue]:
    """Drop issues at or inside a location where an earlier layer already found an error."""
    order = {layer: i for i, layer in enumerate(LAYERS)}
    kept: list[Issue] = []
    errors: dict[str, int] = {}  # location of an error found so far -> the earliest layer that found one there
    for issue in issues:
        rank = order.get(issue.layer, len(LAYERS))
        expr = issue.expression
        if expr and errors and any(errors.get(parent, rank) < rank for parent in _self_and_parents(expr)):
            continue
        if issue.is_error and expr:
            errors[expr] = min(rank, errors.get(expr, rank))
        kept.append(issue)
    return kept


def _self_and_parents(expr: str) -> list[str]:
    """``expr`` and every location it is inside (:func:`_inside`): cut before each "." and "[".
    A look-up per cut keeps a file with tens of thousands of issues linear."""
    return [expr, *(expr[:i] for i, ch in enumerate(expr) if ch in ".[")]


def validate_documents(docs: Sequence[Any], *, fhir_version: str = "R4", layers: Iterable[str] | None = None,
                       allow_external: bool = False, now: Any = None, profiles: Sequence[str] = (),
                       package_dir: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Validate parsed documents (:class:`fhirconv.validate.json_syntax.Doc`) together.

    NDJSON documents form one set: their references resolve among all of them. ``profiles``
    (canonical URLs) are checked on every resource of their type, besides the profiles resources
    claim, with the packages of ``package_dir`` (default: the FHIR package cache).
    """
    from fhirconv.validate import clinical, integrity, json_syntax, schema, structure, terminology, verdicts
    from fhirconv.validate import profiles as profile_layer
    from fhirconv.validate.tree import targets_of

    version = _version(fhir_version)
    chosen = _layers(layers)
    if profiles and "profile" not in chosen:
        chosen = (*chosen, "profile")
    profile_options = profile_layer.ProfileOptions(tuple(profiles), package_dir, types_present=frozenset(
        t.type for doc in docs if profiles and isinstance(doc.data, dict) for t in targets_of(doc.data)))
    reported = False
    ndjson_pool = integrity.Pool()
    ndjson_targets = []
    for doc in docs:
        if doc.ndjson and isinstance(doc.data, dict):
            ndjson_pool.add(doc.data)
    ndjson_has_patient = any(r.get("resourceType") == "Patient" for r in ndjson_pool.by_key.values())
    out: list[Issue] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        issues: list[Issue] = []
        targets = targets_of(doc.data, doc.root_expr())
        is_bundle = doc.data.get("resourceType") == "Bundle"
        root = targets[0].expr if targets else doc.root_expr()

        def run(layer: str, fn, *args, _issues=issues, _root=root, **kwargs) -> None:
            if layer in chosen:
                _issues.extend(_guarded(layer, _root, fn, *args, **kwargs))

        run("json", json_syntax.check, doc)
        if verdicts.enabled() and {"structure", "schema"} <= set(chosen):
            issues.extend(_checked_once(targets, version))
        else:
            run("structure", structure.check, targets, version)
            run("schema", schema.check, targets, version)
        pool = None
        if is_bundle:
            pool = integrity.bundle_pool(doc.data)
        elif doc.ndjson:
            pool = ndjson_pool
            targets[0].line = doc.line
            ndjson_targets.append((doc, targets[0]))
        if is_bundle:
            run("integrity", integrity.check_bundle, doc.data, targets, version, allow_external=allow_external)
        else:
            for target in targets:
                run("integrity", integrity.check_references, target, version, pool, transaction=False,
                    allow_external=allow_external)
        run("terminology", terminology.check, targets, version)
        has_patient = ndjson_has_patient if doc.ndjson else any(
            t.type == "Patient" and t.entry is not None for t in targets)
        run("clinical", clinical.check, targets, clinical.Context(version, pool=pool, has_patient=has_patient,
                                                                   now=now))
        run("profile", profile_layer.check, targets, version,
            dataclasses.replace(profile_options, report_options=not reported), pool=pool)
        reported = True
        out.extend(_locate(issues, doc))
    if "integrity" in chosen and ndjson_targets:
        by_resource = {id(t.resource): d for d, t in ndjson_targets}
        for issue, target in integrity.shared_identifiers([t for _, t in ndjson_targets]):
            out.extend(_locate([issue], by_resource[id(target.resource)]))
    return _dedupe(out)


def _checked_once(targets: list[Any], version: str) -> list[Issue]:
    """The structure and schema layers, skipping resources remembered clean (see
    :mod:`fhirconv.validate.verdicts`) and remembering the ones found clean now."""
    from fhirconv.validate import schema, structure, verdicts

    keys = [verdicts.key(schema.as_checked(t.resource)) for t in targets]
    todo = [(t, k) for t, k, done in zip(targets, keys, verdicts.known_clean(version, keys), strict=True)
            if not done]
    if not todo:
        return []
    root = targets[0].expr
    issues: list[Issue] = []
    clean: list[str] = []
    for target, key in todo:
        found = (_guarded("structure", root, structure.check, [target], version)
                 + _guarded("schema", root, schema.check, [target], version))
        issues.extend(found)
        if not found:
            clean.append(key)
    verdicts.remember_clean(version, clean)
    # Same order as the layers run whole: structure's issues first, then schema's.
    return sorted(issues, key=lambda i: i.layer != "structure")


def _guarded(layer: str, root: str, fn, *args, **kwargs) -> list[Issue]:
    """Run one layer; a defect of ours becomes one issue instead of hiding the other layers' findings."""
    try:
        return fn(*args, **kwargs)
    except RecursionError:  # the input's shape, not our defect
        return [Issue("error", f"nested too deeply for the {layer} layer", code="too-costly", layer=layer,
                      expression=root, hint="FHIR resources are a few levels deep; check the input")]
    except Exception as exc:
        return [Issue("error", f"the {layer} layer could not check this input ({exc!r})", code="exception",
                      layer=layer, expression=root, hint="please report this with the input")]


def _locate(issues: list[Issue], doc: Any) -> list[Issue]:
    return [
        dataclasses.replace(i, file=i.file or doc.source, line=i.line if i.line is not None else doc.line)
        for i in issues
    ]


def validate_resource_tree(data: dict[str, Any], *, fhir_version: str = "R4", layers: Iterable[str] | None = None,
                           allow_external: bool = False, source: str | None = None, profiles: Sequence[str] = (),
                           package_dir: str | os.PathLike[str] | None = None) -> list[Issue]:
    """Validate a parsed Bundle or single resource (the json layer checks FHIR's JSON rules only).

    ``profiles``: canonical URLs of profiles to check every resource of their type against (besides
    those claimed in ``meta.profile``); ``package_dir``: the package folder (default: the FHIR
    package cache, ``$FHIR_PACKAGE_CACHE`` or ``~/.fhir/packages``).
    """
    from fhirconv.validate.json_syntax import Doc

    return validate_documents([Doc(data, source or "")], fhir_version=fhir_version, layers=layers,
                              allow_external=allow_external, profiles=profiles, package_dir=package_dir)


def validate_text(text: str, *, source: str, fhir_version: str = "R4", layers: Iterable[str] | None = None,
                  allow_external: bool = False, profiles: Sequence[str] = (),
                  package_dir: str | os.PathLike[str] | None = None, written: bool = False) -> list[Issue]:
    """Validate JSON or NDJSON text: syntax first (with line and column), then the other layers.

    ``written``: the text is indented JSON this program wrote from a dict (convert checks what it
    is about to write): read faster, see :func:`fhirconv.validate.json_syntax.parse_written`."""
    from fhirconv.validate.json_syntax import parse_text, parse_written

    chosen = _layers(layers)
    docs, issues = (parse_written if written else parse_text)(text, source)
    if any(i.severity == "fatal" for i in issues) and not docs:
        return issues if "json" in chosen else [i for i in issues if i.severity == "fatal"]
    if "json" not in chosen:
        issues = [i for i in issues if i.severity == "fatal"]
    return issues + validate_documents(docs, fhir_version=fhir_version, layers=chosen,
                                       allow_external=allow_external, profiles=profiles, package_dir=package_dir)
