"""Layer e: terminology, offline.

- code-system URIs spelled as FHIR defines them: a trailing slash, ``https``, ``www.``, other case,
  or the ``urn:oid`` form of SNOMED CT, LOINC, RxNorm, ICD-10-CM or UCUM is an error, since servers
  and terminology services match system URIs exactly;
- SNOMED CT concept ids pass the Verhoeff check digit and the partition check (ids inside
  post-coordinated expressions too); LOINC codes pass the mod-10 check digit; ICD-10-CM codes
  exist (simple-icd-10-cm); RxNorm codes are numeric; UCUM units parse (ucumvert), both in
  codings and in Quantity.code;
- verdicts are pure functions of (system, code, display), so they are cached per process: a
  Bundle repeats the same codes many times;
- displays agree with fhirconv's own code tables where the code is known there, and with the
  ICD-10-CM description (a warning: a display is for people, but a wrong one misleads them);
- a CodeableConcept with text and no coding is a warning (``code-text-only`` in its message): the
  words are kept, but no system can act on them (a resource's ``category`` and ``method`` excepted:
  they sort or qualify, and a case's drug group or response criteria are words by nature);
- an Observation (or a component) whose ``valueQuantity`` unit has another UCUM dimension than the
  usual unit fhirconv's tables give its LOINC code is a warning: the code names another property
  (8 ``%`` of eosinophils under *Eosinophils [#/volume]*, glucose in ``mmol/L`` under *[Mass/volume]*),
  so one of them is wrong.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.tree import Target, each_target, nodes

LAYER = "terminology"

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"

# The canonical URI of each system this layer knows, and the OIDs HL7 assigned to them.
CANONICAL = {
    SNOMED: "2.16.840.1.113883.6.96",
    LOINC: "2.16.840.1.113883.6.1",
    RXNORM: "2.16.840.1.113883.6.88",
    ICD10CM: "2.16.840.1.113883.6.90",
    UCUM: "2.16.840.1.113883.6.8",
    "http://hl7.org/fhir/sid/icd-10": "2.16.840.1.113883.6.3",
    "http://www.ama-assn.org/go/cpt": "2.16.840.1.113883.6.12",
    "http://hl7.org/fhir/sid/ndc": "2.16.840.1.113883.6.69",
    "http://hl7.org/fhir/sid/cvx": "2.16.840.1.113883.12.292",
}
_BY_OID = {f"urn:oid:{oid}": uri for uri, oid in CANONICAL.items()}
_QUANTITY_TYPES = ("Quantity", "Age", "Duration", "Count", "Distance", "SimpleQuantity")
_SCTID = re.compile(r"\d{6,18}")
_LOINC_OTHER = re.compile(r"^L[APGL]\d{1,8}-\d$")


def _spelling_key(uri: str) -> str:
    key = uri.strip().lower()
    key = re.sub(r"^https?://", "", key)
    key = key.removeprefix("www.")
    return key.rstrip("/")


_BY_KEY = {_spelling_key(uri): uri for uri in CANONICAL}
# Common misspellings that do not reduce to the key above.
_BY_KEY.update({"snomed.info": SNOMED, "snomed.info/sct/900000000000207008": SNOMED,
                "hl7.org/fhir/sid/icd10cm": ICD10CM, "hl7.org/fhir/sid/icd-10cm": ICD10CM,
                "nlm.nih.gov/research/umls/rxnorm/": RXNORM, "unitsofmeasure.org/ucum": UCUM})


@cache
def system_problem(system: str) -> tuple[str, str] | None:
    """(message, canonical URI) when ``system`` is a misspelling of a known system URI."""
    if system in CANONICAL or not isinstance(system, str):
        return None
    if system in _BY_OID:
        canonical = _BY_OID[system]
        return f"system {system!r} is the OID form; FHIR uses {canonical!r}", canonical
    canonical = _BY_KEY.get(_spelling_key(system))
    if canonical is None:
        return None
    return f"system {system!r} is not the FHIR URI {canonical!r}", canonical


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _code_problem(system: str, code: str) -> tuple[str, str | None] | None:
    """(message, hint) when ``code`` cannot be a code of ``system``."""
    from fhirconv.terminology import checks

    if system == SNOMED:
        ids = _SCTID.findall(code) if not code.isdigit() else [code]
        if not ids:
            return f"{code!r} is not a SNOMED CT identifier", "SNOMED CT ids are 6-18 digits"
        for sctid in ids:
            kind = checks.snomed_id_ok(sctid)
            if kind is None:
                return (f"{sctid!r} is not a valid SNOMED CT identifier (check digit or partition)",
                        "copy the concept id again from a SNOMED CT browser")
            if kind != "concept":
                return f"{sctid!r} is a SNOMED CT {kind} id, not a concept id", None
        return None
    if system == LOINC:
        if _LOINC_OTHER.match(code):  # answer (LA), part (LP), group (LG), list (LL): no check digit rule
            return None
        if not checks.loinc_ok(code):
            return f"{code!r} is not a valid LOINC code (form NNNNN-C and mod-10 check digit)", \
                "copy the code again from loinc.org"
        return None
    if system == ICD10CM:
        from fhirconv.terminology import known

        if known(system, code) is not None:  # a vetted table row: spares the 2 s ICD-10-CM load
            return None
        from fhirconv.terminology.icd10cm import billable_description

        if billable_description(code) is not None:  # the built index: spares the package import
            return None
        ok, _ = checks.icd10cm_ok(code)
        if not ok:
            return f"{code!r} is not an ICD-10-CM code", "look it up at icd10data.com or the CDC tabular list"
        return None
    if system == RXNORM:
        if not checks.rxnorm_ok(code):
            return f"{code!r} is not an RxNorm RXCUI (digits only)", None
        return None
    if system == UCUM:
        problem = checks.ucum_problem(code)
        if problem is not None:
            return problem, "see https://ucum.org for the syntax"
    return None


def code_problem(system: str, code: str) -> tuple[str, str | None] | None:
    """(message, hint) when ``code`` cannot be a code of ``system`` (check digit, partition, existence)."""
    return _code_problem(system, code)


def display_problem(system: str, code: str, display: str, *, builtin_only: bool = False) -> str | None:
    """A message when ``display`` differs from the known display of the code (the tables in force,
    or the built-in ones alone), or from the ICD-10-CM description."""
    from fhirconv.terminology import active_terms

    return _display_problem(system, code, display, None if builtin_only else active_terms())


_SEMANTIC_TAG = re.compile(r"\s+\([a-z][a-z /-]*\)$")


@cache
def _display_problem(system: str, code: str, display: str, terms: Any = None) -> str | None:
    from fhirconv.terminology import known, using

    with using(terms):
        row = known(system, code)
    if system == SNOMED and not (row is not None and _norm(row.display or "") == _norm(display)):
        # A fully specified name ("Multiple myeloma (disorder)") is as valid a designation as the
        # preferred term our tables hold: compare without the semantic tag (a name that ends in a
        # bracket of its own, "Eggs (edible)", is compared whole first).
        display = _SEMANTIC_TAG.sub("", display)
    if row is not None and row.display and _norm(row.display) != _norm(display):
        return f"display {display!r} differs from {row.display!r} for {code}"
    if system == ICD10CM and row is None:
        from fhirconv.terminology import checks
        from fhirconv.terminology.icd10cm import billable_description

        description = billable_description(code)
        ok = description is not None
        if not ok:
            ok, description = checks.icd10cm_ok(code)
        if ok and description and _norm(description) != _norm(display):
            return f"display {display!r} differs from the ICD-10-CM description {description!r}"
    return None


def check_resource(target: Target, version: str) -> list[Issue]:
    issues: list[Issue] = []
    for node, expr in nodes(target, version, "Coding"):
        if not isinstance(node, dict):
            continue
        issues.extend(_check_coded(node, expr, display_key="display"))
    for node, expr in nodes(target, version, *_QUANTITY_TYPES):
        if not isinstance(node, dict):
            continue
        issues.extend(_check_coded(node, expr, display_key=None))
    for node, expr in nodes(target, version, "CodeableConcept"):
        if isinstance(node, dict) and not node.get("coding") and isinstance(node.get("text"), str) and node["text"] \
                and not _SORTING.search(expr):
            issues.append(text_only(node["text"], expr))
    if target.type == "Observation":
        issues.extend(_unit_issues(target))
    return issues


def _unit_issues(target: Target) -> list[Issue]:
    """valueQuantity units that cannot measure what the Observation's LOINC code names."""
    resource = target.resource
    parts: list[tuple[Any, str]] = [(resource, target.expr)]
    components = resource.get("component")
    if isinstance(components, list):
        parts += [(c, f"{target.expr}.component[{i}]") for i, c in enumerate(components)]
    out: list[Issue] = []
    for part, expr in parts:
        quantity = part.get("valueQuantity") if isinstance(part, dict) else None
        code = part.get("code") if isinstance(part, dict) else None
        if not isinstance(quantity, dict) or quantity.get("system") != UCUM or not isinstance(code, dict):
            continue
        unit = quantity.get("code")
        codings = code.get("coding")
        if not isinstance(unit, str) or not unit or not isinstance(codings, list):
            continue
        for coding in codings:
            if isinstance(coding, dict) and coding.get("system") == LOINC and isinstance(coding.get("code"), str):
                problem = _unit_problem(coding["code"], unit)
                if problem:
                    out.append(Issue("warning", problem, code="code-invalid", layer=LAYER,
                                     expression=f"{expr}.valueQuantity.code",
                                     hint="use the LOINC code of the property the value was measured in, or the unit "
                                          "the code's property takes"))
    return out


@cache
def _unit_problem(loinc: str, unit: str) -> str | None:
    from fhirconv.terminology.dimensions import loinc_unit_problem

    problem = loinc_unit_problem(loinc, unit)
    return f"{problem} ({UNIT_PROPERTY})" if problem else None


UNIT_PROPERTY = "unit-property"


def at_case_line(issue: Issue) -> bool:
    """Whether a converter reported ``issue`` at its line in the case file already: a concept with text
    only, a value whose unit does not fit its LOINC code, a vital sign's value that is no quantity."""
    from fhirconv.validate.clinical import reported_vital_value

    return is_text_only(issue) or (issue.layer == LAYER and issue.message.endswith(f"({UNIT_PROPERTY})")) \
        or reported_vital_value(issue)


TEXT_ONLY = "text only, no code"
# A category or a method sorts or qualifies what a resource says, it does not say what it is (a
# group of drugs "RIPE therapy", response criteria "IMWG"): words there are no clinical concept
# left uncoded (bench/coverage.py counts the same concepts)
_SORTING = re.compile(r"\.(?:category|method)(?:\[\d+\])?$")


def text_only(text: str, expr: str) -> Issue:
    """A concept that carries words and no coding: a reader understands it, a system cannot."""
    return Issue("warning", f"concept {text!r} has {TEXT_ONLY} (code-text-only)", code="code-invalid",
                 layer=LAYER, expression=expr,
                 hint=f"add a coding; `fhirconv terms search \"{text}\"` shows the codes fhirconv knows")


def is_text_only(issue: Issue) -> bool:
    """Whether ``issue`` is a text-only concept warning (a converter reports those at the case line)."""
    return issue.layer == LAYER and issue.message.endswith(f"{TEXT_ONLY} (code-text-only)")


def _check_coded(node: dict[str, Any], expr: str, display_key: str | None) -> list[Issue]:
    system, code = node.get("system"), node.get("code")
    if not isinstance(system, str):
        return []
    problem = system_problem(system)
    if problem is not None:
        message, canonical = problem
        return [Issue("error", message, code="code-invalid", layer=LAYER, expression=f"{expr}.system",
                      hint=f"use {canonical}")]
    if not isinstance(code, str) or not code:
        return []
    found = _code_problem(system, code)
    if found is not None:
        message, hint = found
        return [Issue("error", message, code="code-invalid", layer=LAYER, expression=f"{expr}.code", hint=hint)]
    display = node.get(display_key) if display_key else None
    if isinstance(display, str) and display:
        mismatch = display_problem(system, code, display)
        if mismatch:
            return [Issue("warning", mismatch, code="code-invalid", layer=LAYER, expression=f"{expr}.display",
                          hint="use the display of the code system")]
    return []


def check(targets: list[Target], version: str) -> list[Issue]:
    """Layer entry point."""
    return each_target(targets, check_resource, version)
