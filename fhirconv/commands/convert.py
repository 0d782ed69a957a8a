"""``fhirconv convert``: case files -> FHIR Bundles or NDJSON (thin layer over fhirconv.batch)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from fhirconv.case import limits as case_limits
from fhirconv.commands.common import issue_line, load_terms, progress, terms_option
from fhirconv.commands.limits import limit_options, limits_from


@click.command()
@click.argument("cases", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file, or directory for many cases / NDJSON; '-' is stdout.")
@click.option("--bundle-type", type=click.Choice(["collection", "transaction", "document"]), default=None,
              help="Bundle type [default: collection; document with --profile ips]; transaction creates "
                   "resources only if their identifier is new; document needs --profile ips.")
@click.option("--profile", type=click.Choice(["ips", "mcode"]), default=None,
              help="Shape the output to and claim HL7 profiles: ips (International Patient Summary 2.0.0, "
                   "a document Bundle) or mcode (mCODE STU4, US Core 6.1 elsewhere). FHIR R4 only.")
@click.option("--format", "fmt", type=click.Choice(["json", "ndjson"]), default="json", show_default=True,
              help="json: one Bundle per case; ndjson: one resource per line, one file per type, plus manifest.json.")
@click.option("--fhir-version", type=click.Choice(["R4", "R5"], case_sensitive=False), default="R4",
              show_default=True, help="FHIR release of the output.")
@click.option("--set-date", "set_dates", multiple=True, metavar="ID=DATE", callback=lambda c, p, v: _pairs(v),
              help="Pin an event or item the source leaves undated (repeatable), e.g. admission=2024-01-15; "
                   "dates relative to it resolve and are marked as assumed.")
@click.option("--base-url", metavar="URL", default=None,
              help="With --format ndjson: the URL the output directory will be served from, so manifest.json "
                   "lists absolute URLs as Bulk Data $import expects (default: file names).")
@click.option("--no-validate", is_flag=True, help="Skip validating the output (faster; not recommended).")
@click.option("--strict", is_flag=True, help="Treat warnings (terms without codes...) as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for many cases [default: number of cores].")
@click.option("--fail-fast", is_flag=True, help="Stop at the first case that fails.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no warnings; errors and summary only.")
@click.option("-v", "--verbose", is_flag=True, help="Also print information messages (defaults applied...).")
@click.option("--report", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to print issues and the summary on stderr (json: one object per line, for machines).")
@terms_option
@limit_options
@click.option("--case-timeout", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              metavar="SECONDS", help="Stop a case that takes longer and fail it alone (FHIRCONV_CASE_TIMEOUT).",
              envvar="FHIRCONV_CASE_TIMEOUT")
def convert(cases: tuple[str, ...], output: str, bundle_type: str | None, profile: str | None, fmt: str,
            fhir_version: str,
            set_dates: dict[str, str], base_url: str | None, no_validate: bool,
            strict: bool, jobs: int | None, fail_fast: bool, quiet: bool, verbose: bool, report: str,
            terms_files: tuple[str, ...], case_timeout: float, **limit_values: int | None) -> None:
    """Convert CASES (YAML/JSON case files, directories, globs, JSON Lines, '-' for stdin) to FHIR.

    \b
    Examples:
      fhirconv convert samples/multiple-myeloma.yaml                  # Bundle to stdout
      fhirconv convert samples/multiple-myeloma.yaml -o myeloma.json
      fhirconv convert case.yaml --bundle-type transaction --fhir-version R5 -o tx.json
      cat case.json | fhirconv convert - > bundle.json
      fhirconv convert samples/ -o out/                               # one Bundle per case
      fhirconv convert cases/ cases.jsonl -o bulk/ --format ndjson -j 2   # for $import
      fhirconv convert samples/type2-diabetes-sglt2-remission.yaml --set-date dapagliflozin=2019-04
      fhirconv convert samples/multiple-myeloma.yaml --profile ips -o ips.json    # IPS document
      fhirconv convert samples/multiple-myeloma.yaml --profile mcode -o mcode.json
      fhirconv convert case.yaml --terms my-terms.csv -o bundle.json     # your own codes on top

    Output is validated before it is written (all layers of `fhirconv validate`); a case with errors
    is reported (file:line:col, what, hint) and nothing is written for it. Each case runs in a worker
    process under the --max-* limits and --case-timeout: a case over a limit fails alone. Exit
    status: 0 all converted, 1 a case failed, 2 bad usage.
    """
    from fhirconv import batch, writers

    fhir_version = fhir_version.upper()
    if profile and fhir_version != "R4":
        raise click.UsageError(f"--profile {profile} describes FHIR R4 resources: use --fhir-version R4")
    if bundle_type == "document" and profile != "ips":
        raise click.UsageError("--bundle-type document needs a Composition: add --profile ips")
    opts = batch.Options(fhir_version, bundle_type, validate=not no_validate, strict=strict, output=fmt,
                         set_dates=set_dates, profile=profile, terms=load_terms(terms_files, quiet, report),
                         limits=limits_from(limit_values), case_timeout=case_timeout)
    case_limits.use(opts.limits)  # stdin is read under them too
    import glob

    for raw in cases:
        if raw != "-" and glob.has_magic(raw) and not Path(raw).exists() and not glob.glob(raw, recursive=True):
            raise click.UsageError(f"{raw!r} matches no file")
    # Count first, then stream: a list of every case would grow with the batch.
    if "-" in cases:
        inputs: Any = list(batch.discover(cases))
        total = len(inputs)
    else:
        total = sum(1 for _ in batch.discover(cases))
        inputs = batch.discover(cases)
    if not total:
        raise click.UsageError("no case files found in the given paths")
    to_stdout = output == "-"
    # A trailing slash or an existing directory means "a directory", even for one case.
    many = total > 1
    to_dir = many or (not to_stdout and output.endswith(("/", os.sep)))
    out_path = Path(output)
    if to_stdout and (many and fmt == "json"):
        raise click.UsageError("several cases need -o DIR (one Bundle per case) or --format ndjson")
    if not to_stdout and (to_dir or fmt == "ndjson") and out_path.exists() and not out_path.is_dir():
        raise click.UsageError(f"-o {output}: several cases or NDJSON need a directory, and this is a file")
    if not to_stdout and not to_dir and fmt == "json" and out_path.is_dir():
        raise click.UsageError(f"-o {output} is a directory; give a file name, or several cases")

    def emit(res: batch.CaseResult) -> None:
        # One case: its warnings are worth reading. A batch: errors only, warnings counted in the
        # summary (listed with -v), so thousands of cases don't bury the errors.
        for issue in res.issues:
            shown = issue.is_error or (not quiet and (
                verbose or (not many and issue.severity != "information")))
            if shown:
                bar.write(issue_line(issue, report))

    if to_stdout:
        writer: object = writers.StdoutWriter(fmt)
    elif fmt == "ndjson":
        writer = writers.NdjsonDirWriter(out_path, fhir_version, base_url)
    elif to_dir:
        writer = writers.BundleDirWriter(out_path)
    else:
        writer = writers.FileWriter(out_path)
    jobs = jobs or (os.cpu_count() or 1)
    jobs = min(jobs, total)
    if not many:  # one case, likely converted again after an edit: reuse what was found clean before
        from fhirconv.validate import verdicts

        verdicts.enable()
    else:  # a batch: layouts the models passed are kept for the next batch (fhirconv.validate.shapes)
        from fhirconv.validate import shapes

        shapes.remember_on_disk()
    with progress(total, enabled=many and not quiet) as bar:
        def on_result(res: batch.CaseResult) -> None:
            emit(res)
            bar.update(1)

        summary = batch.convert_many(inputs, opts, writer, jobs=jobs, fail_fast=fail_fast, on_result=on_result)
    if report == "json":
        click.echo(json.dumps({"summary": summary.to_json()}), err=True)
    elif many or summary.failed:
        hint = " (-v lists the warnings)" if many and summary.warnings and not verbose else ""
        click.echo(summary.line() + hint, err=True)
    if summary.failed:
        sys.exit(1)


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    """``("admission=2024-01-15", ...)`` -> ``{"admission": "2024-01-15"}``; a bad pair is a usage error."""
    out: dict[str, str] = {}
    for value in values:
        name, sep, date = value.partition("=")
        if not sep or not name.strip() or not date.strip():
            raise click.BadParameter(f"{value!r}: expected ID=DATE, e.g. admission=2024-01-15", param_hint="--set-date")
        out[name.strip()] = date.strip()
    return out
