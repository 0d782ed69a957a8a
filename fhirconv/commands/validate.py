"""``fhirconv validate``: layered validation of FHIR JSON/NDJSON (and of case files, converted first)."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from fhirconv.commands.common import load_terms, terms_option
from fhirconv.issues import Issue
from fhirconv.validate import FHIR_VERSIONS, LAYERS

FHIR_SUFFIXES = (".json", ".ndjson", ".jsonl")
CASE_SUFFIXES = (".yaml", ".yml")


@dataclass
class Inputs:
    """What was read: parsed FHIR documents, and the issues found while reading or converting."""

    docs: list[Any] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    count: int = 0


def discover(paths: tuple[str, ...]) -> list[str]:
    """Files to read, in order: directories give their FHIR and case files (sorted, recursive)."""
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            from fhirconv.files import files_under

            found = [str(f) for f in files_under(p, FHIR_SUFFIXES + CASE_SUFFIXES)]
            if not found:
                raise click.UsageError(f"{raw}: no .json, .ndjson, .yaml or .yml files in this directory")
            out.extend(found)
        elif p.is_file():
            out.append(raw)
        else:
            raise click.UsageError(f"{raw}: no such file or directory")
    return out


def _is_case(docs: list[Any]) -> bool:
    return len(docs) == 1 and isinstance(docs[0].data, dict) and "resourceType" not in docs[0].data \
        and not docs[0].ndjson


def _is_bulk_manifest(docs: list[Any]) -> bool:
    from fhirconv.output import is_bulk_manifest

    return len(docs) == 1 and is_bulk_manifest(docs[0].data)


def read_inputs(paths: list[str], fhir_version: str, bundle_type: str, terms: Any = None) -> Inputs:
    """Parse every input; case files (YAML, or JSON without resourceType) are converted first."""
    from fhirconv.validate.json_syntax import Doc, parse_text

    result = Inputs()
    for path in paths:
        result.count += 1
        name = "<stdin>" if path == "-" else path
        try:
            if path == "-" and (sys.stdin is None or sys.stdin.closed):
                raise OSError("no standard input")
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.issues.append(Issue("fatal", f"cannot read: {exc}", code="exception", layer="json", file=name))
            continue
        is_yaml = path.lower().endswith(CASE_SUFFIXES)
        if not is_yaml:
            forced = True if path.lower().endswith((".ndjson", ".jsonl")) else None
            try:
                docs, issues = parse_text(text, name, ndjson=forced)
            except RecursionError:
                result.issues.append(Issue("fatal", "nested too deeply to read", code="too-costly", layer="json",
                                           file=name, hint="FHIR resources are a few levels deep; check the input"))
                continue
            maybe_yaml = path == "-" and not docs and not text.lstrip().startswith(("{", "["))
            if _is_bulk_manifest(docs):
                continue
            if not maybe_yaml and not _is_case(docs):
                result.docs.extend(docs)
                result.issues.extend(issues)
                continue
        conversion = _convert(text, name, fhir_version, bundle_type, result.issues, terms)
        if conversion is not None:
            result.docs.append(Doc(conversion.bundle, f"{name} (converted)"))
    return result


def _convert(text: str, name: str, fhir_version: str, bundle_type: str, issues: list[Issue],
             terms: Any = None) -> Any:
    from fhirconv.api import convert_text
    from fhirconv.issues import FhirconvError

    try:
        conversion = convert_text(text, name, fhir_version=fhir_version, bundle_type=bundle_type, terms=terms)
    except FhirconvError as exc:
        issues.extend(exc.issues)
        return None
    except RecursionError:  # a shape no limit caught: the input's fault
        issues.append(Issue("error", "the case is nested or chained too deeply to convert", code="too-costly",
                            layer="case", file=name, hint="lower the nesting of the case"))
        return None
    except Exception as exc:  # a converter defect: report it as one issue, not a traceback
        issues.append(Issue("error", f"could not convert this case file ({exc!r})", code="exception",
                            layer="case", file=name, hint="please report this with the input"))
        return None
    issues.extend(conversion.issues)
    return conversion


def _ran(layers: tuple[str, ...], profiles: tuple[str, ...], claimed_any: bool) -> list[str]:
    """The layers that ran: the profile layer counts when something claims or asks for a profile."""
    chosen = [layer for layer in LAYERS if layer in (layers or LAYERS) or (layer == "profile" and profiles)]
    if "profile" in chosen and "profile" not in layers and not profiles and not claimed_any:
        chosen.remove("profile")
    return chosen


# issues, NDJSON documents (checked together), files read, whether a resource claims a profile
FileResult = tuple[list[Issue], list[Any], int, bool]


def validate_file(path: str, *, fhir_version: str, bundle_type: str, layers: tuple[str, ...],
                  allow_external: bool, profiles: tuple[str, ...] = (), package_dir: str | None = None,
                  terms: Any = None) -> FileResult:
    """Read and validate one file; its NDJSON documents are returned to be checked with the others."""
    from fhirconv.terminology import using
    from fhirconv.validate import validate_documents
    from fhirconv.validate.profiles import claimed
    from fhirconv.validate.terminology import at_case_line
    from fhirconv.validate.tree import targets_of

    inputs = read_inputs([path], fhir_version, bundle_type, terms)
    issues = list(inputs.issues)
    if layers and "json" not in layers:
        issues = [i for i in issues if i.severity == "fatal" or i.layer != "json"]
    ndjson = [d for d in inputs.docs if d.ndjson]
    with using(terms):
        found = validate_documents([d for d in inputs.docs if not d.ndjson], fhir_version=fhir_version,
                                   layers=layers or None, allow_external=allow_external, profiles=profiles,
                                   package_dir=package_dir)
    # A converted case file reports its terms without a code at their line in the case already.
    issues.extend(i for i in found if not (at_case_line(i) and (i.file or "").endswith(" (converted)")))
    claims = any(claimed(t.resource) for d in inputs.docs if isinstance(d.data, dict) for t in targets_of(d.data))
    return issues, ndjson, inputs.count, claims


def _each_file(files: list[str], check: Any, fhir_version: str) -> Any:
    """Each file's result in order. Several files are read in worker processes, so one that crashes
    its process or runs past FHIRCONV_CASE_TIMEOUT seconds (default 300) fails alone."""
    import os

    if len(files) < 2 or "-" in files:
        yield from (check(f) for f in files)
        return
    from fhirconv.batch import Options, _ignore_interrupts, warm_up
    from fhirconv.isolation import Pool
    from fhirconv.validate import shapes

    warm_up(Options(fhir_version))
    shapes.flush()
    timeout = os.environ.get("FHIRCONV_CASE_TIMEOUT", "")
    pool = Pool(min(len(files), os.cpu_count() or 1), check, _failed_file,
                functools.partial(_ignore_interrupts, os.getpid()),
                timeout=float(timeout) if timeout.replace(".", "", 1).isdigit() else 300.0, teardown=shapes.flush)
    yield from pool.map(files)


def _failed_file(path: str, issue: Issue) -> FileResult:
    import dataclasses

    return [dataclasses.replace(issue, file=path, layer="json")], [], 1, False


def _location(issue: Issue) -> str:
    return issue.where() or "-"


def render_table(issues: list[Issue]) -> str:
    """Severity, location, message (with hint), layer: one row per issue, aligned."""
    rows = [("SEVERITY", "LOCATION", "MESSAGE", "LAYER")]
    for i in issues:
        message = i.message + (f" (hint: {i.hint})" if i.hint else "")
        rows.append((i.severity, _location(i), message, i.layer or "-"))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = min(max(len(r[2]) for r in rows), 100)
    return "\n".join(f"{sev:<{w0}}  {loc:<{w1}}  {msg:<{w2}}  {layer}" for sev, loc, msg, layer in rows)


def outcome(issues: list[Issue]) -> dict[str, Any]:
    """The issues as an OperationOutcome (file:line:col and layer in each issue's diagnostics)."""
    from fhirconv.issues import operation_outcome

    return operation_outcome(issues)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--layer", "layers", multiple=True, type=click.Choice(LAYERS),
              help="Run only this layer (repeatable) [default: all].")
@click.option("--fhir-version", type=click.Choice(FHIR_VERSIONS, case_sensitive=False), default="R4",
              show_default=True, help="FHIR release to validate against.")
@click.option("--allow-external", is_flag=True,
              help="Accept references that do not resolve inside the Bundle (they live on the server).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: readable rows; json: a FHIR OperationOutcome.")
@click.option("--bundle-type", type=click.Choice(["collection", "transaction"]), default="collection",
              show_default=True, help="Bundle type to convert case files to before validating.")
@click.option("--profile", "profiles", multiple=True, metavar="URL",
              help="Also check every resource of its type against this profile (canonical URL; repeatable).")
@click.option("--package-dir", type=click.Path(file_okay=False), default=None,
              help="FHIR package folder for the profile layer [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages].")
@terms_option
def validate(paths: tuple[str, ...], layers: tuple[str, ...], fhir_version: str, allow_external: bool,
             strict: bool, fmt: str, bundle_type: str, profiles: tuple[str, ...], package_dir: str | None,
             terms_files: tuple[str, ...]) -> None:
    """Validate FHIR Bundles, resources or NDJSON in PATHS (files, directories, '-' for stdin).

    Case files (.yaml/.yml, or JSON without resourceType) are converted first, then validated.

    \b
    Layers (all by default; --layer to choose):
      json         well-formed JSON/NDJSON (line:col), no nulls or empty values
      structure    fhir.resources models: types, cardinality, required, choice types, unknown elements
      schema       the official HL7 FHIR JSON Schema, each resource against its own definition
      integrity    references resolve, unique fullUrls, transaction requests, shared identifiers, bdl-*
      terminology  system URIs, SNOMED/LOINC check digits, ICD-10-CM codes, RxNorm ids, UCUM units,
                   displays, concepts with text only (warnings)
      clinical     dates, onset/abatement, periods, age, subject, narrative, con-*/obs-* invariants
      profile      implementation-guide profiles (meta.profile and --profile) from the package cache:
                   cardinality, fixed/pattern, slicing, extensions, bindings, targets, invariants

    \b
    Examples:
      fhirconv validate myeloma.json
      fhirconv validate out/ --fhir-version R5 --format json > outcome.json
      fhirconv validate samples/multiple-myeloma.yaml --bundle-type transaction
      cat bundle.json | fhirconv validate - --layer structure --layer schema
      fhirconv validate myeloma.json --profile http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips
      fhirconv validate case.yaml --terms my-terms.csv --strict

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage.
    """
    short = [p for p in profiles if "/" not in p and p.lower() in ("ips", "mcode")]
    if short:
        raise click.BadParameter(
            f"{short[0]!r} is not a profile URL: --profile here takes a StructureDefinition's canonical URL "
            f"(e.g. http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips). A file converted with "
            f"`--profile {short[0]}` claims its profiles in meta.profile, and validate checks those without this "
            "option", param_hint="--profile")
    from fhirconv.terminology import using
    from fhirconv.validate import validate_documents

    fhir_version = fhir_version.upper()
    if paths.count("-") > 1:
        raise click.UsageError("'-' (stdin) can be given only once")
    files = discover(paths)
    terms = load_terms(terms_files)
    if len(files) == 1:  # one document, likely checked again after an edit (fhirconv.validate.verdicts)
        from fhirconv.validate import verdicts

        verdicts.enable()
    else:  # many: layouts the models passed are kept for the next run (fhirconv.validate.shapes)
        from fhirconv.validate import shapes

        shapes.remember_on_disk()
    check = functools.partial(validate_file, fhir_version=fhir_version, bundle_type=bundle_type, layers=layers,
                              allow_external=allow_external, profiles=profiles, package_dir=package_dir,
                              terms=terms)
    issues: list[Issue] = []
    ndjson: list[Any] = []
    count = 0
    claimed_any = False
    for file_issues, file_ndjson, file_count, file_claims in _each_file(files, check, fhir_version):
        issues.extend(file_issues)
        ndjson.extend(file_ndjson)
        count += file_count
        claimed_any = claimed_any or file_claims
    # NDJSON files given together form one set: their references resolve among them.
    with using(terms):
        issues.extend(i for i in validate_documents(ndjson, fhir_version=fhir_version, layers=layers or None,
                                                    allow_external=allow_external, profiles=profiles,
                                                    package_dir=package_dir))
    order = {("<stdin>" if f == "-" else f): n for n, f in enumerate(files)}
    issues.sort(key=lambda i: order.get((i.file or "").removesuffix(" (converted)"), len(order)))  # input order
    errors = sum(1 for i in issues if i.is_error)
    warnings = sum(1 for i in issues if i.severity == "warning")
    if fmt == "json":
        click.echo(json.dumps(outcome(issues), indent=2, ensure_ascii=False))
    else:
        if issues:
            click.echo(render_table(issues))
        noun = "file" if count == 1 else "files"
        click.echo(f"{errors} error(s), {warnings} warning(s) in {count} {noun} "
                   f"(FHIR {fhir_version}; layers: {', '.join(_ran(layers, profiles, claimed_any))})")
    if errors or (strict and warnings):
        sys.exit(1)
