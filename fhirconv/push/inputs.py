"""What can be pushed: case files (converted on the fly), Bundles, single resources and NDJSON.

Every case file and every Bundle becomes one unit (one transaction). All NDJSON files of a push
are pooled, put in dependency order and cut into chunks, so a chunk only references resources
in itself or in earlier chunks (whose server ids are known by the time it is sent).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fhirconv.files import files_under
from fhirconv.output import is_bulk_manifest

from .errors import PushError
from .graph import FHIRCONV_IDENTIFIER_SYSTEM, CycleError, Item, Unit, keys_for, order

CASE_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json"}
NDJSON_SUFFIXES = {".ndjson", ".jsonl"}


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and files found in directories named (recursively, sorted, no hidden ones)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += files_under(path, CASE_SUFFIXES | JSON_SUFFIXES | NDJSON_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise PushError(f"{path}: no such file or directory", exit_code=2)
    return list(dict.fromkeys(found))


def case_of(resource: dict[str, Any], default: str) -> str:
    """The case id, from the fhirconv identifier (``<case-id>/<item-id>``) when there is one."""
    for ident in resource.get("identifier", []) or []:
        if isinstance(ident, dict) and ident.get("system") == FHIRCONV_IDENTIFIER_SYSTEM:
            value = str(ident.get("value", ""))
            if "/" in value:  # case ids have no "/"; item ids may (drugs of a regimen)
                return value.split("/", 1)[0]
    return default


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise PushError(f"{path}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}",
                        hint="pass a case file, a FHIR Bundle or an NDJSON file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise PushError(f"{path}: cannot read: {err}") from None


def convert_case(path: Path, fhir_version: str, profile: str | None = None) -> Unit:
    """A case file, converted to a transaction Bundle by the converter, as one unit. With
    ``profile`` ips, the document's resources (Composition and author Device included) are sent
    as one transaction, each created only if its identifier is new, like every other case."""
    from fhirconv.api import convert_file
    from fhirconv.issues import FhirconvError

    try:
        conv = convert_file(path, fhir_version=fhir_version, profile=profile,
                            bundle_type=None if profile == "ips" else "transaction")
    except FhirconvError as err:
        lines = [i.one_line() for i in err.issues if i.is_error] or [err.issue.one_line()]
        raise PushError("\n".join(lines), located=True) from None
    unit = bundle_unit(conv.bundle, str(path), default_case=conv.case_id)
    unit.label = conv.case_id
    unit.notes = [i.one_line() for i in conv.issues]
    return unit


def bundle_unit(bundle: dict[str, Any], source: str, default_case: str | None = None) -> Unit:
    """A Bundle's resources as one unit (its requests are re-derived from the identifiers)."""
    ident = bundle.get("identifier") or {}
    label = default_case or (ident.get("value") if isinstance(ident, dict) else None) or Path(source).stem
    unit = Unit(label=str(label), source=source)
    skip = _document_parts(bundle)
    if skip:
        unit.documents.append(Item(bundle, [], source, default_case or unit.label))
    for n, entry in enumerate(bundle.get("entry", []) or []):
        resource = entry.get("resource")
        if not isinstance(resource, dict) or "resourceType" not in resource:
            raise PushError(f"{source}: Bundle.entry[{n}] has no resource",
                            hint="push sends resources; entries without one cannot be sent")
        if resource["resourceType"] == "OperationOutcome" or n in skip:
            continue
        case = default_case or case_of(resource, unit.label)
        unit.items.append(Item(resource, keys_for(resource, entry.get("fullUrl")), source, case))
    return unit


def _document_parts(bundle: dict[str, Any]) -> set[int]:
    """For a document Bundle: the entries that only make sense inside it (its Composition and the
    Composition's author, attester and custodian), by index; empty for any other Bundle. The
    document itself is sent whole; its other resources are created like any case's."""
    entries = bundle.get("entry", []) or []
    if bundle.get("type") != "document" or not entries:
        return set()
    first = entries[0].get("resource") if isinstance(entries[0], dict) else None
    if not isinstance(first, dict) or first.get("resourceType") != "Composition":
        return set()
    parties = [first.get("custodian")] + list(first.get("author") or []) + \
        [a.get("party") for a in first.get("attester") or [] if isinstance(a, dict)]
    refs = {p["reference"] for p in parties if isinstance(p, dict) and isinstance(p.get("reference"), str)}
    return {0} | {n for n, e in enumerate(entries) if isinstance(e, dict) and e.get("fullUrl") in refs}


def ndjson_items(path: Path) -> list[Item]:
    items: list[Item] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PushError(f"{path}: cannot read: {err}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            resource = json.loads(line)
        except json.JSONDecodeError as err:
            raise PushError(f"{path}:{number}:{err.colno}: not valid JSON: {err.msg}",
                            hint="NDJSON has one JSON resource per line") from None
        if not isinstance(resource, dict) or "resourceType" not in resource:
            raise PushError(f"{path}:{number}:1: expected a FHIR resource (an object with resourceType)")
        items.append(Item(resource, keys_for(resource, None), str(path), case_of(resource, path.stem)))
    return items


def load(paths: Iterable[str | Path], fhir_version: str, chunk_size: int, profile: str | None = None) -> list[Unit]:
    """Everything to push, as units in the order they will be sent (cases, Bundles, then NDJSON)."""
    units: list[Unit] = []
    pool: list[Item] = []
    for path in expand(paths):
        suffix = path.suffix.lower()
        if suffix in NDJSON_SUFFIXES:
            pool += ndjson_items(path)
        elif suffix in CASE_SUFFIXES:
            units.append(convert_case(path, fhir_version, profile))
        else:
            data = _read_json(path)
            if is_bulk_manifest(data):
                continue  # the NDJSON files it lists are read themselves
            if isinstance(data, dict) and data.get("resourceType") == "Bundle":
                units.append(bundle_unit(data, str(path)))
            elif isinstance(data, dict) and "resourceType" in data:
                unit = Unit(label=case_of(data, path.stem), source=str(path))
                unit.items.append(Item(data, keys_for(data, None), str(path), unit.label))
                units.append(unit)
            else:
                units.append(convert_case(path, fhir_version, profile))
    if pool:
        units += chunks(pool, chunk_size)
    return units


def chunks(pool: list[Item], size: int) -> list[Unit]:
    """NDJSON resources in dependency order, cut every ``size`` resources. References from a chunk
    only point into it or into earlier chunks. A reference cycle keeps everything in one chunk."""
    try:
        ordered = order(pool)
    except CycleError:
        ordered, size = pool, len(pool)
    size = max(1, size)
    parts = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    sources = sorted({item.source for item in pool})
    source = sources[0] if len(sources) == 1 else f"{len(sources)} NDJSON files"
    out = []
    for n, part in enumerate(parts, start=1):
        label = f"ndjson chunk {n}/{len(parts)}" if len(parts) > 1 else "ndjson"
        out.append(Unit(label=label, source=source, items=part, chained=True))
    return out


# Elements that exist in only one release, for the resource types fhirconv writes: enough to tell
# an R5 file from an R4 one before it reaches a server of the other release.
_ONLY_R5 = {"MedicationStatement": ("medication", "adherence", "reason", "relatedClinicalInformation"),
            "Procedure": ("occurrenceDateTime", "occurrencePeriod", "occurrenceString", "reason"),
            "Condition": ("participant",)}
_ONLY_R4 = {"MedicationStatement": ("medicationCodeableConcept", "medicationReference", "reasonReference"),
            "Procedure": ("performedDateTime", "performedPeriod", "performedString", "reasonReference"),
            "Condition": ("asserter", "recorder")}


def release_evidence(units: list[Unit]) -> dict[str, str]:
    """``{"R4": "Procedure.performedString", "R5": ...}``: an element that shows each release present."""
    found: dict[str, str] = {}
    for unit in units:
        for item in unit.items:
            rtype = item.resource.get("resourceType")
            for release, table in (("R5", _ONLY_R5), ("R4", _ONLY_R4)):
                if release not in found:
                    hit = next((k for k in table.get(rtype, ()) if k in item.resource), None)
                    if hit:
                        found[release] = f"{rtype}.{hit} in {item.source}"
    return found
