"""From a parsed case document to the typed :class:`~fhirconv.case.model.Case`.

Order matters and is the order a person fixes things in: schema first, then ids (duplicates),
then cross-references (reasons, foci, regimens), then dates.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from fhirconv.case import schema
from fhirconv.case.dates import BIRTH, DateError, parse_absolute
from fhirconv.case.loader import SourceDoc
from fhirconv.case.model import (
    AGE_UNITS,
    ITEM_SECTIONS,
    Age,
    Allergy,
    BodySite,
    Case,
    Code,
    Component,
    Concept,
    Condition,
    Encounter,
    FamilyMember,
    Frequency,
    Immunization,
    Medication,
    Observation,
    Outcome,
    PathKey,
    Patient,
    Procedure,
    Quantity,
    Source,
    Stage,
    StatusChange,
    VerificationChange,
    When,
)
from fhirconv.case.timeline import Anchor, Resolver
from fhirconv.issues import FhirconvError, Issue, few

SECTIONS = ITEM_SECTIONS
_MAIN_DATE = {"conditions": ("onset",), "medications": ("start",), "procedures": ("date", "start"),
              "observations": ("date",), "encounters": ("date", "start"), "allergies": ("onset",),
              "family_history": (), "immunizations": ("date",)}


def build_case(doc: SourceDoc, set_dates: dict[str, str] | None = None) -> Case:
    """Check ``doc`` and build the case; the first problem raises :class:`FhirconvError`.

    ``set_dates`` pins events the source leaves undated (``{"admission": "2024-01-15"}``), e.g. to
    load a realistic patient into a sandbox: every date relative to them then resolves, and each
    such date is marked as assumed in the output."""
    if not isinstance(doc.data, dict):
        if doc.data is None:
            raise FhirconvError(Issue("error", "empty case", code="required", layer="case", file=doc.name,
                                      hint="see `fhirconv schema` or samples/ for the format"))
        many = isinstance(doc.data, list)
        raise FhirconvError(doc.issue((), f"a case file holds one case (a mapping), not a {type(doc.data).__name__}",
                                      code="structure", hint="put many cases in a .jsonl file, one case a line"
                                      if many else "see `fhirconv schema` or samples/ for the format"))
    problems = schema.check(doc)
    if problems:
        raise FhirconvError(problems[0], problems[1:])
    data: dict[str, Any] = doc.data
    anchors = _anchors(doc)
    set_warnings = _set_dates(doc, anchors, set_dates or {})
    _check_references(doc, anchors)
    _check_units(doc)
    _check_values(doc)
    terms = _terms(doc)
    _check_codes(doc)
    r = Resolver(doc, anchors)
    b = _Builder(doc, r, frozenset(set_dates or ()))
    case = Case(
        id=data["id"],
        name=doc.name,
        patient=b.patient(data["patient"]),
        title=data.get("title"),
        source=_source(data.get("source")),
        timeline={k: r.anchor(k) for k in data.get("timeline", {})},
        conditions=tuple(b.condition(i, c) for i, c in enumerate(data.get("conditions", []))),
        medications=tuple(b.medication(i, m) for i, m in enumerate(data.get("medications", []))),
        procedures=tuple(b.procedure(i, p) for i, p in enumerate(data.get("procedures", []))),
        observations=tuple(o for i, item in enumerate(data.get("observations", []))
                           for o in b.observations(i, item)),
        encounters=tuple(b.encounter(i, e) for i, e in enumerate(data.get("encounters", []))),
        allergies=tuple(b.allergy(i, a) for i, a in enumerate(data.get("allergies", []))),
        immunizations=tuple(b.immunization(i, m) for i, m in enumerate(data.get("immunizations", []))),
        family_history=tuple(FamilyMember(f["id"], ("family_history", i), f["relationship"],
                                          tuple(concept(c) for c in f.get("conditions", [])), f.get("deceased"),
                                          f.get("note"))
                             for i, f in enumerate(data.get("family_history", []))),
        notes=tuple(data.get("notes", [])),
        sequence=tuple(data.get("sequence", [])),
        terms=terms,
        source_doc=doc,
    )
    _check_sequence(doc, anchors, r)
    used = r.referenced | set(data.get("sequence", []))
    # An event with the source's words lands in the Patient narrative even when no item uses it.
    unused = [name for name, event in data.get("timeline", {}).items()
              if name not in used and not (isinstance(event, dict) and event.get("text"))]
    warnings = set_warnings + (terms.warnings if terms else ()) + tuple(
        doc.issue(("timeline", name), f"timeline event {name!r} is not used by any item: it is not written to "
                  "FHIR", hint="give an item this date, or refer to the event from one", code="informational",
                  severity="warning") for name in unused) + tuple(_split_names(doc, data, ()))
    return replace(case, warnings=warnings) if warnings else case


def _anchors(doc: SourceDoc) -> dict[str, Anchor]:
    """Every id that a date may be relative to; a duplicate id is an error."""
    data = doc.data
    anchors: dict[str, Anchor] = {}

    def _where(path: PathKey) -> str:
        """What holds an id, in the case's words: ``timeline event``, ``encounters[0]``..."""
        return "a timeline event" if path[0] == "timeline" else f"{path[0]}[{path[1]}]"

    def named_at(path: PathKey) -> PathKey:
        """Where the id itself is written: an event's key, an item's or a history entry's ``id``."""
        if path[0] == "timeline":
            return tuple(path[:2])
        return (*path[:4], "id") if len(path) > 3 and path[2] in ("history", "verification_history") \
            else (*path[:2], "id")

    def add(name: str, path: PathKey, expr: Any, text: str | None = None, label: str | None = None) -> None:
        if name in anchors:
            first_line, _ = doc.locate(named_at(anchors[name].path))
            hint = (f"ids must be unique in a case (timeline events, encounters and items share one set of "
                    f"ids); first used at line {first_line} ({_where(anchors[name].path)})")
            raise FhirconvError(doc.issue(named_at(path), f"duplicate id {name!r}", code="duplicate", hint=hint))
        anchors[name] = Anchor(path, expr, text, label=label)

    for name, event in data.get("timeline", {}).items():
        if isinstance(event, dict):
            key = "date" if "date" in event else "text"
            words = event.get("text")
            add(name, ("timeline", name, key), event.get("date"), words,
                f"\u201c{words}\u201d" if isinstance(words, str) and words else None)
        else:
            add(name, ("timeline", name), event)
    for section in SECTIONS:
        for i, item in enumerate(data.get(section, [])):
            if section == "observations" and "series" in item and "date" in item:  # never dropped silently
                raise FhirconvError(doc.issue((section, i, "date"), "'date' beside 'series' would not be used: "
                                              "each series entry carries its own date", code="structure",
                                              hint="give the date to the series entries, or leave it out"))
            key = next((k for k in _MAIN_DATE[section] if k in item), None)
            term = item_term(section, item)
            label = f"the {term}" if term else None
            if key is None and section == "observations" and item.get("series"):
                entry = item["series"][0]
                add(item["id"], (section, i, "series", 0, "date"), entry.get("date"),
                    entry.get("when_text") or item.get("when_text"), label)
                continue
            path = (section, i, key) if key else (section, i, "id")
            add(item["id"], path, item.get(key) if key else None, item.get("when_text"), label)
            for j, change in enumerate(item.get("history", [])):
                words = change.get("text") or change.get("status")
                at = "date" if "date" in change else "when_text" if "when_text" in change else "id"
                add(change["id"], (section, i, "history", j, at), change.get("date"),
                    change.get("when_text") or change.get("text"), f"the {words} ({term})" if words and term else label)
            for j, change in enumerate(item.get("verification_history", [])):
                if "id" in change:
                    words = change.get("text") or change.get("status")
                    key = "date" if "date" in change else "when_text"
                    add(change["id"], (section, i, "verification_history", j, key), change.get("date"),
                        change.get("when_text") or change.get("text"),
                        f"the {words} ({term})" if words and term else label)
    # "age 18": dated from the patient's birth (its date when the case gives one)
    patient = data.get("patient") or {}
    born = patient.get("birth_date")
    anchors[BIRTH] = Anchor(("patient", "birth_date") if born is not None else ("patient",),
                            str(born) if born is not None else None, label="birth")
    return anchors


_ENCOUNTER_WORDS = {"emergency": "emergency visit", "inpatient": "hospital admission",
                    "icu": "intensive care unit stay", "outpatient": "outpatient visit",
                    "observation": "observation stay", "short-stay": "short stay", "home": "home visit",
                    "virtual": "virtual visit"}


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def item_term(section: str, item: dict[str, Any]) -> str | None:
    """An item's words as the case file gives them (its term, regimen or encounter kind), for notes."""
    def term(value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, dict):
            if value.get("term"):
                return str(value["term"])
            codes = [c for c in value.get("codes") or [] if isinstance(c, dict) and c.get("display")]
            return str(codes[0]["display"]) if codes else None
        return None

    if section == "medications":
        return f"{item['regimen']} regimen" if item.get("regimen") else term(item.get("drug"))
    if section == "encounters":
        said = str(item.get("class"))
        return term(item.get("type")) or _ENCOUNTER_WORDS.get("outpatient" if said == "ambulatory" else said)
    if section == "family_history":
        return f"{item.get('relationship')}'s history"
    if section == "observations" and item.get("response") and not item.get("observation"):
        return f"{item['response']} response assessment"
    key = {"conditions": "condition", "procedures": "procedure", "observations": "observation",
           "allergies": "substance", "immunizations": "vaccine"}[section]
    words = term(item.get(key))
    n = item.get("ordinal")
    if words and section == "procedures" and isinstance(n, int) and not isinstance(n, bool):
        words += f" ({_ORDINALS.get(n, f'{n}th')})"  # the second ASCT, as the Procedure's own label says
    return words


def _set_dates(doc: SourceDoc, anchors: dict[str, Anchor], set_dates: dict[str, str]) -> tuple[Issue, ...]:
    """Pin undated events to the dates the user gives; dates the source gives are never overridden."""
    notes: list[Issue] = []
    for name, value in set_dates.items():
        if name not in anchors:
            close = difflib.get_close_matches(name, list(anchors), n=1)
            raise FhirconvError(Issue("error", f"--set-date names unknown event or item {name!r}", code="not-found",
                                      layer="case", file=doc.name,
                                      hint=f"did you mean {close[0]!r}?" if close else "use an id from the case"))
        anchor = anchors[name]
        if anchor.expr is not None:
            raise FhirconvError(doc.issue(anchor.path, f"--set-date {name}: the case already dates it "
                                          f"({anchor.expr!r})", hint="--set-date is for events the source leaves "
                                          "undated; edit the case to change a date it gives"))
        try:
            parse_absolute(value)
        except DateError as exc:
            raise FhirconvError(Issue("error", f"--set-date {name}={value}: {exc}", layer="case", file=doc.name,
                                      hint=exc.hint)) from None
        anchors[name] = replace(anchor, expr=value, assumed=True)
        notes.append(doc.issue(anchor.path, f"date of {name!r} set to {value} (--set-date): the source gives none; "
                               "dates derived from it are marked as assumed", code="informational",
                               severity="warning"))
    return tuple(notes)


_JOINED = re.compile(r"^(and|or|&)\s+\S", re.IGNORECASE)


def _split_names(doc: SourceDoc, node: Any, path: PathKey) -> Iterator[Issue]:
    """A list item that starts with "and" or "or": a name with commas written in a YAML ``[...]`` list
    ("[hand, foot, and mouth disease]") is split at each comma, into names no one said."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _split_names(doc, value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if i and isinstance(item, str) and _JOINED.match(item) \
                    and all(isinstance(x, str) for x in node[: i + 1]):
                whole = ", ".join(node[: i + 1])
                yield doc.issue((*path, i), f"list item {item!r} starts with {item.split()[0]!r}: a name with commas "
                                f"inside [ ] is split at each comma ({i + 1} items here)", code="informational",
                                severity="warning", hint=f"quote the name if it is one: [{whole!r}]")
            yield from _split_names(doc, item, (*path, i))


def _check_references(doc: SourceDoc, anchors: dict[str, Anchor]) -> None:
    from fhirconv.terminology.regimens import find_regimen, regimen_names

    data = doc.data
    condition_ids = [c["id"] for c in data.get("conditions", [])]
    _check_links(doc)
    for section, field in (("medications", "reason"), ("procedures", "reason"), ("observations", "focus")):
        for i, item in enumerate(data.get(section, [])):
            listed = isinstance(item.get(field), list)
            for j, target in enumerate(_ids_of(item.get(field))):
                if target in condition_ids:
                    continue
                close = difflib.get_close_matches(target, condition_ids[:5000], n=1)
                hint = f"did you mean {close[0]!r}?" if close else (
                    f"condition ids: {few(condition_ids)}" if condition_ids else "add it under conditions")
                at = (section, i, field, j) if listed else (section, i, field)
                raise FhirconvError(doc.issue(at, f"{field} {target!r} is not a condition id",
                                              code="not-found", hint=hint))
    for i, item in enumerate(data.get("medications", [])):
        name = item.get("regimen")
        if name is not None and find_regimen(name) is None:
            names = regimen_names()
            close = difflib.get_close_matches(name.lower(), [n.lower() for n in names], n=3)
            hint = (f"did you mean {', '.join(close)}?" if close else "known regimens: " + ", ".join(names))
            hint += "; or list the drugs as separate items with 'drug'"
            raise FhirconvError(doc.issue(("medications", i, "regimen"), f"unknown regimen {name!r}",
                                          code="not-found", hint=hint))


def _regimen_named(drug: Any) -> Any:
    """A regimen written as the item's drug ("drug: HRZE", "drug: R-CHOP"): the regimen, when the
    words are its name or alias and no drug of the tables has them (the user is told when mapped)."""
    from fhirconv.terminology import match
    from fhirconv.terminology.regimens import find_regimen

    if not isinstance(drug, str):
        return None
    regimen = find_regimen(drug)
    return regimen if regimen is not None and match("medication", drug).status == "none" else None


def _ids_of(value: str | list[str] | None) -> tuple[str, ...]:
    """One id or a list of them (``reason: aki`` or ``reason: [aki, sepsis]``), as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value or ())


def _ids(data: dict[str, Any], *sections: str) -> list[str]:
    ids = [item["id"] for section in sections for item in data.get(section, []) if "id" in item]
    if "medications" in sections:  # each entry of a drug's status history is a statement of its own
        ids += [h["id"] for m in data.get("medications", []) for h in m.get("history", []) if "id" in h]
    return ids


# (section, field, sections its ids must come from, what they are called in messages)
_LINKS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("conditions", "due_to", ("conditions", "medications", "procedures", "immunizations"),
     "a condition, medication, procedure or immunization id"),
    ("encounters", "reason", ("conditions",), "a condition id"),
    ("encounters", "part_of", ("encounters",), "an encounter id"),
    ("procedures", "part_of", ("procedures",), "a procedure id"),
    ("observations", "from", ("procedures", "medications", "observations"),
     "a procedure, medication or observation id"),
    *((s, "encounter", ("encounters",), "an encounter id")
      for s in ("conditions", "medications", "procedures", "observations", "allergies", "immunizations")),
)


def _check_links(doc: SourceDoc) -> None:
    """Links between items (due_to, encounter, part_of, from, by) name items of the right kind."""
    data = doc.data

    def check(path: PathKey, target: str, ids: list[str], what: str, field: str) -> None:
        if target in ids:
            return
        close = difflib.get_close_matches(target, ids, n=1)
        hint = f"did you mean {close[0]!r}?" if close else (f"ids here: {', '.join(ids)}" if ids
                                                            else "add the item it names")
        raise FhirconvError(doc.issue(path, f"{field} {target!r} is not {what}", code="not-found", hint=hint))

    for section, field, sources, what in _LINKS:
        ids = _ids(data, *sources)
        for i, item in enumerate(data.get(section, [])):
            value = item.get(field)
            if value is None:
                continue
            for j, target in enumerate([value] if isinstance(value, str) else value):
                path: PathKey = (section, i, field) if isinstance(value, str) else (section, i, field, j)
                check(path, target, ids, what, field)
    for section in ("encounters", "procedures"):
        parents = {item["id"]: item.get("part_of") for item in data.get(section, [])}
        for i, item in enumerate(data.get(section, [])):
            chain, node = [item["id"]], item.get("part_of")
            while node is not None:
                if node == item["id"]:
                    raise FhirconvError(doc.issue((section, i, "part_of"), "part_of goes round in a circle: "
                                                  + " -> ".join([*chain, node]), code="invalid",
                                                  hint="an item cannot be part of itself; remove one part_of"))
                if node in chain:
                    break
                chain.append(node)
                node = parents.get(node)
    evidence = _ids(data, "procedures", "observations")
    for i, item in enumerate(data.get("conditions", [])):
        for j, change in enumerate(item.get("verification_history", [])):
            if "by" in change:
                check(("conditions", i, "verification_history", j, "by"), change["by"], evidence,
                      "a procedure or observation id", "by")


def _unit_paths(data: dict[str, Any]) -> list[tuple[PathKey, str]]:
    """Every UCUM unit a case gives, with where it is."""
    found: list[tuple[PathKey, str]] = []

    def value_unit(value: Any, path: PathKey) -> None:
        if isinstance(value, dict) and "unit" in value:
            found.append(((*path, "unit"), value["unit"]))

    for i, m in enumerate(data.get("medications", [])):
        value_unit(m.get("dose"), ("medications", i, "dose"))
        for j, h in enumerate(m.get("history", [])):
            value_unit(h.get("dose"), ("medications", i, "history", j, "dose"))
    for i, p in enumerate(data.get("procedures", [])):
        value_unit(p.get("dose"), ("procedures", i, "dose"))
    for i, o in enumerate(data.get("observations", [])):
        path: PathKey = ("observations", i)
        if "unit" in o:
            found.append(((*path, "unit"), o["unit"]))
        value_unit(o.get("value"), (*path, "value"))
        for j, c in enumerate(o.get("components", [])):
            if "unit" in c:
                found.append(((*path, "components", j, "unit"), c["unit"]))
            value_unit(c.get("value"), (*path, "components", j, "value"))
        for j, entry in enumerate(o.get("series", [])):
            value_unit(entry.get("value"), (*path, "series", j, "value"))
    return found


def _check_units(doc: SourceDoc) -> None:
    """Units must be UCUM codes: caught here, at their line, rather than in the FHIR output."""
    from fhirconv.case.units import MISREAD, ucum_suggestion
    from fhirconv.terminology.checks import ucum_problem

    found = []  # every bad unit at once: a case written with one lab's habits has the same slip many times
    for path, unit in _unit_paths(doc.data):
        said = unit.strip()
        said = said if said in MISREAD else said.replace(" %", "%")  # "mg %" as reports space it
        if said in MISREAD:
            found.append(doc.issue(path, f"unit {unit!r} means per 100 mL in a report, but not in UCUM, which "
                                   "reads '%' as a hundredth of the unit before it", code="code-invalid",
                                   hint=f"write {MISREAD[said]!r}: the same amount per decilitre (100 mL)"))
            continue
        problem = ucum_problem(unit)
        if problem:
            better = ucum_suggestion(unit)
            hint = (f"did you mean {better!r}? (UCUM writes it so)" if better
                    else f"{problem}; e.g. mg, mg/d, mg/dL, mmol/L, mm[Hg], /min, %, a, kg/m2")
            found.append(doc.issue(path, f"unit {unit!r} is not a UCUM code", hint=hint, code="code-invalid"))
    if found:
        raise FhirconvError(found[0], found[1:])


def _terms(doc: SourceDoc) -> Any:
    """The case's own terms files (``terms:``), read and checked; paths are relative to the case file."""
    from pathlib import Path

    paths = doc.data.get("terms") or []
    if not paths:
        return None
    from fhirconv.terminology import userterms

    base = Path(doc.name).parent if not doc.name.startswith("<") else Path.cwd()
    resolved = []
    for i, raw in enumerate(paths):
        path = Path(raw) if Path(raw).is_absolute() else base / raw
        if not path.is_file():
            raise FhirconvError(doc.issue(("terms", i), f"terms file {raw!r} not found (looked for {path})",
                                          code="not-found", hint="paths in 'terms' are relative to the case file"))
        resolved.append(str(path))
    return userterms.load(resolved)


def _code_paths(node: Any, path: PathKey) -> list[tuple[PathKey, dict[str, Any]]]:
    """Every code a case gives (``codes: [{system, code, display}]``), with where it is."""
    found: list[tuple[PathKey, dict[str, Any]]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "codes" and isinstance(v, list):
                found.extend(((*path, k, j), c) for j, c in enumerate(v) if isinstance(c, dict))
            else:
                found.extend(_code_paths(v, (*path, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found.extend(_code_paths(v, (*path, i)))
    return found


def _check_codes(doc: SourceDoc) -> None:
    """Codes the case gives are checked at their line (system URIs, check digits, existence), not
    later at a Bundle path; all of them at once. (Displays are checked on the output, as warnings.)"""
    found = _code_paths(doc.data, ())
    if not found:
        return
    from fhirconv.validate.terminology import code_problem, system_problem

    errors: list[Issue] = []
    for path, c in found:
        system, code = c.get("system"), c.get("code")
        if not isinstance(system, str) or not isinstance(code, str):
            continue
        wrong = system_problem(system)
        if wrong is not None:
            errors.append(doc.issue((*path, "system"), wrong[0], hint=f"use {wrong[1]}", code="code-invalid"))
            continue
        problem = code_problem(system, code)
        if problem is not None:
            errors.append(doc.issue((*path, "code"), problem[0], hint=problem[1], code="code-invalid"))
    if errors:
        raise FhirconvError(errors[0], errors[1:])


def _check_values(doc: SourceDoc) -> None:
    """Numbers FHIR can carry, and units only where there is a number for them: never dropped silently."""
    import math

    def walk(node: Any, path: PathKey) -> None:
        if isinstance(node, float) and not math.isfinite(node):
            raise FhirconvError(doc.issue(path, f"{node!r} is not a finite number", code="value",
                                          hint="FHIR decimals are finite; write the value as measured"))
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i))

    walk(doc.data, ())

    def is_number(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    def unit_needs_number(item: dict[str, Any], path: PathKey) -> None:
        from fhirconv.case.units import PRESSURE_PAIR, compared_quantity, ranged_quantity

        if "unit" not in item:
            return
        values = [(("series", j, "value"), e["value"]) for j, e in enumerate(item.get("series", []))]
        if "value" in item:
            values.append((("value",), item["value"]))
        if not values and not item.get("components"):
            raise FhirconvError(doc.issue((*path, "unit"), f"unit {item['unit']!r} is given without a value",
                                          hint="give the value, or leave the unit out", code="value"))
        for sub, value in values:
            if item["unit"] in ("mm[Hg]", "cm[Hg]") and isinstance(value, str) and PRESSURE_PAIR.fullmatch(value):
                continue  # a blood pressure, "120/80": its components are written in mm[Hg]
            if compared_quantity(value, item["unit"]) is not None:
                continue  # "<0.01": a number with its comparator
            if ranged_quantity(value, item["unit"]) is not None:
                continue  # "10-15": a range, both ends in the unit
            if not is_number(value):
                raise FhirconvError(doc.issue((*path, *sub), f"unit {item['unit']!r} needs a number here, "
                                              f"not {type(value).__name__} {value!r}", code="value",
                                              hint="write the value as a number (12.5, not \"12.5\"), or one "
                                              "with its comparator (\"<0.01\"), or a range (\"10-15\", the lower "
                                              "first), or drop 'unit' (a quantity value carries its own unit)"))

    for i, o in enumerate(doc.data.get("observations", [])):
        unit_needs_number(o, ("observations", i))
        for j, c in enumerate(o.get("components", [])):
            unit_needs_number(c, ("observations", i, "components", j))


def _check_sequence(doc: SourceDoc, anchors: dict[str, Anchor], r: Resolver) -> None:
    """``sequence`` names known ids, each once, and never puts a later date before an earlier one."""
    seen: dict[str, int] = {}
    last: tuple[str, Any] | None = None
    for i, name in enumerate(doc.data.get("sequence", [])):
        path = ("sequence", i)
        if name not in anchors:
            close = difflib.get_close_matches(name, list(anchors), n=1)
            raise FhirconvError(doc.issue(path, f"sequence names unknown id {name!r}", code="not-found",
                                          hint=f"did you mean {close[0]!r}?" if close else "use item or event ids"))
        if name in seen:
            raise FhirconvError(doc.issue(path, f"{name!r} is already in the sequence at position {seen[name] + 1}",
                                          code="duplicate"))
        seen[name] = i
        date = r.anchor(name).date
        if date is None:
            continue
        if last is not None and date.before(last[1]):
            raise FhirconvError(doc.issue(path, f"sequence puts {name!r} ({date.fhir()}) after {last[0]!r} "
                                          f"({last[1].fhir()})", hint="order the sequence by date, or fix a date"))
        last = (name, date)


def _source(d: dict[str, Any] | None) -> Source | None:
    if not d:
        return None
    return Source(d["title"], tuple(d.get("authors", [])), d.get("journal"), d.get("year"), d.get("citation"),
                  d.get("doi"), str(d["pmid"]) if d.get("pmid") is not None else None, d.get("url"), d.get("license"))


# a frequency's period may be written as its UCUM unit
_PERIODS = {"h": "hour", "d": "day", "wk": "week", "mo": "month"}


def _quantity(d: dict[str, Any] | None) -> Quantity | None:
    return Quantity(d["value"], d["unit"], d.get("comparator")) if d else None


def _frequency(d: dict[str, Any] | None) -> Frequency | None:
    return Frequency(d["times"], _PERIODS.get(d["per"], d["per"]), d.get("every", 1)) if d else None


def _compared(value: Any, unit: str | None) -> Any:
    """The value; ``"<0.01"`` with a unit is the Quantity ``{value, unit, comparator}``, ``"10-15"`` the
    range ``{low, high, unit}`` (the unit stays on the item too, for its reference range)."""
    from fhirconv.case.units import compared_quantity, ranged_quantity

    quantity = compared_quantity(value, unit) or ranged_quantity(value, unit)
    return value if quantity is None else quantity


def concept(value: Any) -> Concept:
    if isinstance(value, str):
        return Concept(value)
    codes = tuple(Code(c["system"], c["code"], c.get("display")) for c in value.get("codes", []))
    return Concept(value.get("term"), codes)


def _reference_range(given: Any) -> dict[str, Any] | None:
    """A reference range as the report writes it ("<85", "3.5-5.0", "10 to 20"): low and high when the
    words are only numbers, the lower first (in the item's unit), and the words as its text; an object
    as given."""
    if not isinstance(given, str):
        return given
    from fhirconv.case.units import compared_quantity, ranged_quantity

    words = " ".join(given.split())
    # the readers want a unit only to tell a measurement from words; the range takes the item's own
    if (ranged := ranged_quantity(words, "-")) is not None:
        return {"low": ranged["low"], "high": ranged["high"], "text": words}
    if (compared := compared_quantity(words, "-")) is not None:
        return {"high" if compared["comparator"] in ("<", "<=") else "low": compared["value"], "text": words}
    return {"text": words}


class _Builder:
    """Builds model items, resolving their dates through one shared resolver."""

    def __init__(self, doc: SourceDoc, resolver: Resolver, pinned: frozenset[str] = frozenset()):
        self.doc = doc
        self.r = resolver
        self.pinned = pinned  # items whose main date the user set

    def when(self, item: dict[str, Any], key: str, path: PathKey, text: str | None = None) -> When | None:
        if key not in item:
            return None
        return self.r.resolve(item[key], (*path, key), text)

    def body_site(self, d: str | dict[str, Any] | None) -> BodySite | None:
        """``body_site: thorax`` (the site's words) or ``{site: breast, laterality: left}``."""
        if isinstance(d, str):
            return BodySite(concept(d), None)
        return BodySite(concept(d["site"]), d.get("laterality")) if d else None

    def patient(self, d: dict[str, Any]) -> Patient:
        path: PathKey = ("patient",)
        birth = None
        if "birth_date" in d:
            try:
                birth = parse_absolute(str(d["birth_date"]))
            except DateError as exc:
                raise FhirconvError(self.doc.issue((*path, "birth_date"), str(exc), hint=exc.hint)) from None
        age = None
        if "age" in d:
            key = next(k for k in AGE_UNITS if k in d["age"])
            age = Age(d["age"][key], self.r.resolve(d["age"]["at"], (*path, "age", "at")), AGE_UNITS[key])
        deceased = d.get("deceased")
        if deceased is not None and not isinstance(deceased, bool):
            deceased = self.r.resolve(deceased, (*path, "deceased"))
        idents = tuple((i["system"], i["value"]) for i in d.get("identifiers", []))
        outcome = None
        if "outcome" in d:
            o = d["outcome"]
            when = self.when(o, "date", (*path, "outcome"), o.get("when_text")) or (
                When(None, text=o["when_text"]) if "when_text" in o else None)
            outcome = Outcome(o["status"], when, (*path, "outcome"), o.get("text"))
            if deceased is False and outcome.status == "deceased":
                raise FhirconvError(self.doc.issue(
                    (*path, "deceased"), "deceased: false, but the outcome says the patient is deceased",
                    hint="remove `deceased` (the outcome says it), or give the outcome the patient really had"))
        return Patient(d["sex"], path, birth, age, deceased, idents, d.get("note"), outcome)

    def condition(self, i: int, d: dict[str, Any]) -> Condition:
        path: PathKey = ("conditions", i)
        stage = None
        if "stage" in d:
            s = d["stage"]
            stage = Stage(concept(s["value"]), s.get("system"), self.when(s, "date", (*path, "stage")))
        history = tuple(
            StatusChange(h["id"], h["status"], self.r.anchor(h["id"]), (*path, "history", j), h.get("ordinal"),
                         h.get("text"))
            for j, h in enumerate(d.get("history", []))
        )
        causes = (d["due_to"],) if isinstance(d.get("due_to"), str) else tuple(dict.fromkeys(d.get("due_to", ())))
        return Condition(
            id=d["id"], path=path, concept=concept(d["condition"]),
            subtype=concept(d["subtype"]) if "subtype" in d else None, stage=stage, category=d.get("category"),
            body_site=self.body_site(d.get("body_site")), causes=causes,
            onset=self.r.anchor(d["id"]) if "onset" in d or d["id"] in self.pinned else None,
            abatement=self.when(d, "abatement", path), clinical_status=d.get("clinical_status"),
            verification_status=d.get("verification_status") or (
                d["verification_history"][-1]["status"] if d.get("verification_history") else None),
            history=history, note=d.get("note"),
            stages=tuple(self.stage(s, (*path, "stages", j)) for j, s in enumerate(d.get("stages", []))),
            histology=concept(d["histology"]) if "histology" in d else None,
            verification_history=tuple(
                VerificationChange(v["status"], self.r.anchor(v["id"]) if "id" in v else
                                   self.r.resolve(v["date"], (*path, "verification_history", j, "date"),
                                                  v.get("when_text"))
                                   if "date" in v else When(None, text=v["when_text"]),
                                   (*path, "verification_history", j), v.get("id"), v.get("by"), v.get("text"))
                for j, v in enumerate(d.get("verification_history", []))),
            encounter=d.get("encounter"), severity=d.get("severity"), when_text=d.get("when_text"),
        )

    def stage(self, s: dict[str, Any], path: PathKey) -> Stage:
        return Stage(concept(s["value"]), s.get("system"), self.when(s, "date", path), s.get("type"),
                     tuple((k, s[k]) for k in ("t", "n", "m") if k in s), path)

    def dose(self, d: dict[str, Any] | None, path: PathKey) -> Quantity | None:
        """A dose: a quantity, or a range as reports give it ("5-10", the lower first; the schema
        allows no other string) -> low in ``value``, high in ``high``."""
        if d is None or not isinstance(d["value"], str):
            return _quantity(d)
        from fhirconv.case.units import ranged_quantity

        ranged = ranged_quantity(d["value"], d["unit"])
        if ranged is None:
            raise FhirconvError(self.doc.issue((*path, "value"), f"dose range {d['value']!r} gives its higher end "
                                               "first", hint="write the lower end first, as in '5-10'"))
        return Quantity(ranged["low"], d["unit"], None, ranged["high"])  # type: ignore[arg-type]

    def medication(self, i: int, d: dict[str, Any]) -> Medication:
        from fhirconv.terminology.regimens import find_regimen

        path: PathKey = ("medications", i)
        regimen = find_regimen(d["regimen"]) if "regimen" in d else _regimen_named(d.get("drug"))
        drugs = tuple(Concept(c) for c in regimen.components) if regimen else (concept(d["drug"]),)
        dose = self.dose(d.get("dose"), (*path, "dose"))
        freq = d.get("frequency")
        return Medication(
            id=d["id"], path=path, drugs=drugs, regimen=regimen.name if regimen else None,
            regimen_display=regimen.display if regimen else None, regimen_source=regimen.source if regimen else None,
            regimen_read=regimen is not None and "regimen" not in d,
            dose=dose, route=concept(d["route"]) if "route" in d else None,
            frequency=_frequency(freq),
            dosage_text=d.get("dosage_text"),
            start=self.r.anchor(d["id"]) if "start" in d or d["id"] in self.pinned else None,
            end=self.when(d, "end", path), status=d.get("status"), line=d.get("line"), intent=d.get("intent"),
            reason=_ids_of(d.get("reason")),
            when_text=d.get("when_text"), note=d.get("note"),
            duration=_quantity(d.get("duration")),
            count=d.get("count"),
            as_needed=(d.get("as_needed") if isinstance(d.get("as_needed"), bool | None) else concept(d["as_needed"])),
            history=tuple(StatusChange(h["id"], h["status"], self.r.anchor(h["id"]), (*path, "history", j),
                                       text=h.get("text"), dose=self.dose(h.get("dose"), (*path, "history", j, "dose")),
                                       frequency=_frequency(h.get("frequency")))
                          for j, h in enumerate(d.get("history", []))),
            group=d.get("group"), encounter=d.get("encounter"),
        )

    def procedure(self, i: int, d: dict[str, Any]) -> Procedure:
        path: PathKey = ("procedures", i)
        return Procedure(
            id=d["id"], path=path, concept=concept(d["procedure"]), ordinal=d.get("ordinal"),
            date=self.r.anchor(d["id"]) if "date" in d or (d["id"] in self.pinned and "start" not in d) else None,
            start=self.r.anchor(d["id"]) if "start" in d else None, end=self.when(d, "end", path),
            status=d.get("status"), body_site=self.body_site(d.get("body_site")), reason=_ids_of(d.get("reason")),
            when_text=d.get("when_text"), note=d.get("note"),
            dose=_quantity(d.get("dose")),
            fractions=d.get("fractions"), modality=concept(d["modality"]) if "modality" in d else None,
            technique=concept(d["technique"]) if "technique" in d else None, part_of=d.get("part_of"),
            encounter=d.get("encounter"),
        )

    def encounter(self, i: int, d: dict[str, Any]) -> Encounter:
        path: PathKey = ("encounters", i)
        main = self.r.anchor(d["id"]) if "date" in d or "start" in d or d["id"] in self.pinned else None
        return Encounter(
            id=d["id"], path=path, cls="outpatient" if d["class"] == "ambulatory" else d["class"],
            type=concept(d["type"]) if "type" in d else None,
            status=d.get("status"), date=main if "start" not in d else None,
            start=main if "start" in d else None, end=self.when(d, "end", path),
            duration=_quantity(d.get("duration")),
            reason=_ids_of(d.get("reason")), part_of=d.get("part_of"),
            discharge=d.get("discharge"), text=d.get("text"), when_text=d.get("when_text"), note=d.get("note"),
        )

    def allergy(self, i: int, d: dict[str, Any]) -> Allergy:
        path: PathKey = ("allergies", i)
        return Allergy(
            id=d["id"], path=path, concept=concept(d["substance"]), category=d.get("category"), type=d.get("type"),
            criticality=d.get("criticality"), reaction=concept(d["reaction"]) if "reaction" in d else None,
            severity=d.get("severity"),
            onset=self.r.anchor(d["id"]) if "onset" in d or d["id"] in self.pinned else None,
            clinical_status=d["clinical_status"], verification_status=d.get("verification_status"),
            encounter=d.get("encounter"), when_text=d.get("when_text"), note=d.get("note"),
        )

    def immunization(self, i: int, d: dict[str, Any]) -> Immunization:
        path: PathKey = ("immunizations", i)
        return Immunization(
            id=d["id"], path=path, concept=concept(d["vaccine"]),
            date=self.r.anchor(d["id"]) if "date" in d or d["id"] in self.pinned else None,
            when_text=d.get("when_text"), status=d.get("status", "completed"), dose_number=d.get("dose_number"),
            route=concept(d["route"]) if "route" in d else None, encounter=d.get("encounter"), note=d.get("note"),
        )

    def observations(self, i: int, d: dict[str, Any]) -> list[Observation]:
        path: PathKey = ("observations", i)
        components = tuple(Component(concept(c["observation"]), _compared(c["value"], c.get("unit")), c.get("unit"))
                           for c in d.get("components", []))
        common = dict(
            concept=concept(d["observation"]) if "observation" in d else None, category=d.get("category"),
            response=d.get("response"), criteria=d.get("criteria"), unit=d.get("unit"),
            interpretation=d.get("interpretation"), reference_range=_reference_range(d.get("reference_range")),
            components=components, body_site=self.body_site(d.get("body_site")), focus=d.get("focus"),
            status=d.get("status"), note=d.get("note"),
            derived_from=tuple([d["from"]] if isinstance(d.get("from"), str) else d.get("from", [])),
            encounter=d.get("encounter"), when_text=d.get("when_text"),
        )
        if "series" not in d:
            date = self.r.anchor(d["id"]) if "date" in d or d["id"] in self.pinned else None
            return [Observation(id=d["id"], path=path, value=_compared(d.get("value"), d.get("unit")), date=date,
                                value_path=(*path, "value"), **common)]
        return [
            Observation(id=f"{d['id']}-{j + 1}", path=path, value=_compared(entry["value"], d.get("unit")),
                        value_path=(*path, "series", j, "value"),
                        date=self.r.resolve(entry["date"], (*path, "series", j, "date")) if "date" in entry else None,
                        **(common | {"when_text": entry.get("when_text") or common["when_text"],
                                     "note": "; ".join(n for n in (common["note"], entry.get("note")) if n) or None}))
            for j, entry in enumerate(d["series"])
        ]
