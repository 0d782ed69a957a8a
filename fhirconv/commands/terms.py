"""``fhirconv terms``: what the code tables know (built-in, user terms, the whole of ICD-10-CM)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from fhirconv.commands.common import load_terms, terms_option

# fhirconv.terminology.tables.KINDS, written out: `fhirconv --help` reads this module, and importing
# the tables package there would cost every start (tests/terminology/test_tables.py keeps them equal)
KIND_CHOICES = ("condition", "subtype", "body-site", "laterality", "medication", "route", "procedure",
                "observation", "response", "intent", "finding", "stage", "tnm-category", "severity", "substance",
                "immunostain")
SHORT = {"snomed": "http://snomed.info/sct", "sct": "http://snomed.info/sct",
         "loinc": "http://loinc.org", "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
         "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm", "icd-10-cm": "http://hl7.org/fhir/sid/icd-10-cm",
         "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "ncim": "http://ncimeta.nci.nih.gov",
         "ucum": "http://unitsofmeasure.org"}


def system_uri(value: str) -> str:
    """A short name (snomed, loinc, rxnorm, icd10cm, ncit, ncim) or a URI, as the URI; else a usage error."""
    if value.lower() in SHORT:
        return SHORT[value.lower()]
    if value in SHORT.values():
        return value
    from fhirconv.validate.terminology import system_problem

    wrong = system_problem(value)
    hint = f"use {wrong[1]}" if wrong else "use a short name (" + ", ".join(sorted(SHORT)) + ") or its URI"
    raise click.BadParameter(f"unknown code system {value!r}; {hint}", param_hint="SYSTEM")


@click.group()
def terms() -> None:
    """What the code tables know: search them by words, or show one code.

    \b
    The tables are the built-in CSV files (fhirconv/terminology/data), your terms files (--terms),
    the SNOMED CT Global Patient Set (fully specified names) and, for conditions and findings, the
    whole of ICD-10-CM (descriptions and inclusion terms).

    \b
    Examples:
      fhirconv terms search "haemoglobin"
      fhirconv terms search "chest pain" --kind condition --format json
      fhirconv terms search metformin --system rxnorm
      fhirconv terms show snomed 109989006
      fhirconv terms show icd10cm C90.00
      fhirconv terms search "beta cell dysfunction" --terms my-terms.csv

    \b
    A terms file has the columns of the built-in tables (source is required):
      kind,term,aliases,system,code,display,unit,source
      condition,pancreatic beta-cell dysfunction,,http://snomed.info/sct,44054006,Diabetes mellitus type 2,,my review
    Use it with --terms FILE on convert, validate and push, or name it under 'terms:' in a case file.
    """


def _row(concept: Any, coding: Any, how: str, text: str) -> dict[str, Any]:
    from fhirconv.terminology import SYSTEM_NAMES

    return {"match": how, "kind": concept.kind, "term": concept.term, "matched": text,
            "system": coding.system, "system_name": SYSTEM_NAMES.get(coding.system, coding.system),
            "code": coding.code, "display": coding.display, "unit": concept.unit or None,
            "origin": concept.origin, "source": coding.source}


@terms.command()
@click.argument("text")
@click.option("--kind", type=click.Choice(KIND_CHOICES), help="Only concepts of this kind.")
@click.option("--system", "system", metavar="SYSTEM", help="Only codes of this system (snomed, loinc, rxnorm, "
              "icd10cm, ncit, or a URI).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="At most this many concepts.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@terms_option
def search(text: str, kind: str | None, system: str | None, limit: int, fmt: str,
           terms_files: tuple[str, ...]) -> None:
    """Concepts whose term matches TEXT: first what convert would write for these words (MATCH says
    how: term, word order, ICD-10-CM exact or plain, ambiguous, brand (a drug's brand name coded as
    its ingredients), or "read: ..." when the words have no code as they stand and convert codes
    them as it reads them: "massive pulmonary embolism" as the broader Pulmonary embolism, "severe
    headache" as Headache with severity Severe, regimen (a named regimen, FOLFOX or R-CHOP, that
    convert expands into its drugs)), then terms sharing words with TEXT, best first (MATCH "words":
    hints, never applied by convert).

    \b
    Examples:
      fhirconv terms search "blood glucose"
      fhirconv terms search "pain in chest" --kind condition
      fhirconv terms search "massive pulmonary embolism" --kind condition
      fhirconv terms search "tumour" --limit 5 --format json

    Exit status: 0 something found, 1 nothing found, 2 bad usage.
    """
    from dataclasses import replace

    from fhirconv.mappers.condition import narrowing_excluded
    from fhirconv.mappers.qualifiers import reading
    from fhirconv.terminology import SYSTEMS, match, using
    from fhirconv.terminology.matching import overlap

    uri = system_uri(system) if system else None
    if not text.strip():
        raise click.BadParameter("give some words to search for", param_hint="TEXT")
    user_terms = load_terms(terms_files)
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str, str]] = set()

    def add(concept: Any, how: str, matched: str) -> None:
        for coding in concept.codings:
            key = (concept.kind, concept.term, coding.system, coding.code)
            if key in seen or (uri and coding.system != uri):
                continue
            if concept.origin == "SNOMED CT GPS" and any(  # a GPS concept already listed under a table term
                    (k[0], k[2], k[3]) == (concept.kind, coding.system, coding.code) for k in seen):
                continue
            seen.add(key)
            rows.append(_row(concept, coding, how, matched))

    with using(user_terms):
        for k in ([kind] if kind else KIND_CHOICES):
            found = match(k, text)
            if found.status == "none" and (read := reading(k, text)) is not None:
                found = match(k, read.rest)  # what convert writes: the words read as it reads them
                for concept in ([found.concept] if found.concept else []):
                    # nor an ICD-10-CM code that files the kind the words name elsewhere
                    codings = tuple(c for c in concept.codings if c.system != SYSTEMS["icd10cm"]
                                    or not narrowing_excluded(text, read.rest, c.code, c.display or ""))
                    add(replace(concept, codings=codings), f"read: {read.says()}", concept.term)
                continue
            for concept in ([found.concept] if found.concept else list(found.candidates)):
                add(concept, found.how if found.concept else "ambiguous", concept.term)
        _brand(text, kind, add)
        _regimen(text, kind, uri, rows)
        exact = len(rows)
        for concept, matched in overlap(text, kinds=(kind,) if kind else None, system=uri, limit=limit + exact,
                                        gps=True):
            add(concept, "words", matched)
            if len(rows) >= exact + limit:
                break
    if not rows:
        click.echo(f"nothing known for {text!r}" + (f" (kind {kind})" if kind else ""), err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    _table(rows, ("match", "kind", "system_name", "code", "display", "matched", "unit", "origin"))


def _brand(text: str, kind: str | None, add: Any) -> None:
    """A drug's brand (``Coreg``) that convert codes as its ingredients: MATCH ``brand``."""
    from fhirconv.terminology import brands, match

    if kind not in (None, "medication") or match("medication", text).status != "none":
        return
    found = brands.find(text)
    ingredient = match("medication", found.term).concept if found and found.term else None
    if found and ingredient:
        add(ingredient, "brand", f"{found.brand} = {found.ingredients}")


def _regimen(text: str, kind: str | None, uri: str | None, rows: list[dict[str, Any]]) -> None:
    """A named regimen (``FOLFOX``, ``R-CHOP``) that convert expands into its drugs: MATCH ``regimen``."""
    from fhirconv.terminology.regimens import find_regimen

    found = find_regimen(text) if kind in (None, "medication") and uri is None else None
    if found:
        rows.append({"match": "regimen", "kind": "regimen", "term": found.name, "matched": found.name,
                     "system": None, "system_name": None, "code": None, "display": found.display, "unit": None,
                     "origin": "built-in regimens.yaml", "source": found.source,
                     "components": list(found.components)})


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    heads = {"system_name": "SYSTEM", "matched": "TERM"}
    cells = [[heads.get(c, c.upper()) for c in columns]] + [[str(r.get(c) or "") for c in columns] for r in rows]
    widths = [min(max(len(row[i]) for row in cells), 60) for i in range(len(columns))]
    for row in cells:
        click.echo("  ".join(cell[:60].ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


@terms.command()
@click.argument("system")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@terms_option
def show(system: str, code: str, fmt: str, terms_files: tuple[str, ...]) -> None:
    """One code: its display, the terms and kinds that map to it and their sources; for ICD-10-CM
    also its description, whether it is billable, its inclusion terms and its parents; for SNOMED CT
    its name and semantic tag in the Global Patient Set.

    SYSTEM is a short name (snomed, loinc, rxnorm, icd10cm, ncit, ncim) or the system URI.

    \b
    Examples:
      fhirconv terms show snomed 109989006
      fhirconv terms show http://loinc.org 718-7
      fhirconv terms show icd10cm I10 --format json

    Exit status: 0 the code is known, 1 it is not, 2 bad usage.
    """
    from fhirconv.terminology import SYSTEM_NAMES, SYSTEMS, using
    from fhirconv.terminology.matching import table

    uri = system_uri(system)
    code = code.strip()
    user_terms = load_terms(terms_files)
    with using(user_terms):
        concepts = table().with_code(uri, code)
    out: dict[str, Any] = {"system": uri, "system_name": SYSTEM_NAMES.get(uri, uri), "code": code}
    display = next((c.display for k in concepts for c in k.codings if c.system == uri and c.code == code), None)
    out["terms"] = [{"kind": k.kind, "term": k.term, "aliases": list(k.aliases), "unit": k.unit or None,
                     "origin": k.origin,
                     "source": next(c.source for c in k.codings if c.system == uri and c.code == code)}
                    for k in concepts]
    if uri == SYSTEMS["icd10cm"]:
        out.update(_icd(code))
        display = display or out.get("description")
    if uri == SYSTEMS["snomed"]:
        out.update(_gps(code))
        display = display or out.get("gps", {}).get("name")
    out["display"] = display
    if display is None:
        from fhirconv.validate.terminology import code_problem

        problem = code_problem(uri, code)
        why = f": {problem[0]}" if problem else " (the code is well formed, but no table has it)"
        click.echo(f"{SYSTEM_NAMES.get(uri, uri)} {code} is not known{why}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    click.echo(f"{out['system_name']} {code}: {display}")
    click.echo(f"  system: {uri}")
    if "description" in out:
        kind = "billable" if out["billable"] else "not billable: a category"
        click.echo(f"  ICD-10-CM description: {out['description']} ({kind})")
        for term in out["inclusion_terms"]:
            click.echo(f"  inclusion term: {term}")
        for parent in out["parents"]:
            click.echo(f"  parent: {parent['code']} {parent['description']}")
    if "gps" in out:
        gps = out["gps"]
        click.echo(f"  SNOMED CT Global Patient Set: {gps['name']} ({gps['semantic_tag']}); source: {gps['source']}")
    if not out["terms"]:
        click.echo("  no table row maps a term to this code")
    for t in out["terms"]:
        aliases = f" (also: {', '.join(t['aliases'])})" if t["aliases"] else ""
        unit = f", unit {t['unit']}" if t["unit"] else ""
        click.echo(f"  {t['kind']}: {t['term']}{aliases}{unit}; {t['origin']}; source: {t['source']}")


def _gps(code: str) -> dict[str, Any]:
    """The code's concept in the SNOMED CT Global Patient Set (name, semantic tag), when it is one."""
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    concept = index.concept(code) if index is not None and code.isdigit() else None
    if concept is None:
        return {}
    return {"gps": {"name": concept.name, "semantic_tag": concept.tag, "source": gps_data.SOURCE}}


def _icd(code: str) -> dict[str, Any]:
    from fhirconv.terminology import checks

    ok, description = checks.icd10cm_ok(code)
    if not ok:
        return {}
    import simple_icd_10_cm as cm

    inclusion = list(dict.fromkeys([*cm.get_inclusion_term(code), *cm.get_includes(code)]))
    parents = [{"code": p, "description": cm.get_description(p)} for p in cm.get_ancestors(code)]
    return {"description": description, "billable": cm.is_leaf(code), "inclusion_terms": inclusion,
            "parents": parents}
