"""``fhirconv timeline`` and ``fhirconv summary``: see a patient's course before sharing or loading it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ("svg", "png", "html")


def _course(path: str):
    """Read PATH (FHIR Bundle, resource, NDJSON or case file) into a course; bad data exits 1."""
    from fhirconv.issues import FhirconvError
    from fhirconv.view import load_bundle, read_course

    try:
        bundle = load_bundle(path)
    except FhirconvError as exc:
        for issue in exc.issues:
            click.echo(issue.one_line(), err=True)
        sys.exit(1)
    patients = sum(1 for e in bundle.get("entry", []) if (e.get("resource") or {}).get("resourceType") == "Patient")
    if patients > 1:
        click.echo(f"warning: {path} holds {patients} patients; a course is one patient's: the events of all of "
                   "them are shown together (hint: convert or select one case)", err=True)
    try:
        return read_course(bundle)
    except FhirconvError as exc:
        for issue in exc.issues:
            click.echo(issue.one_line(), err=True)
        sys.exit(1)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Picture to write: .svg, .png (needs fhirconv[plot]) or .html (one self-contained page).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format when the file name does not say it.")
def timeline(path: str, output: str, fmt: str | None) -> None:
    """Draw the course of the patient in PATH as a timeline.

    PATH is a FHIR Bundle (R4 or R5, from fhirconv or anyone), a single resource, NDJSON, or a case
    file (converted first). The header names the case, the patient's age and vital status; encounters
    are spans on their own lane, then one lane per condition (ruled-out ones struck through, suspected
    ones dashed, stages beside the title), medication bars grouped by regimen, markers for procedures,
    labelled responses and observations with their values. Dates known only to the month or year are
    faded spans, dates set with --set-date are drawn exact and marked assumed, an item known only by
    its end ends there. A case with no calendar dates whose steps carry offsets is drawn on a relative
    axis ("day 0 = admission"). Undated items are listed under the timeline with their wording and notes.

    \b
    Examples:
      fhirconv timeline samples/multiple-myeloma.yaml -o course.svg
      fhirconv timeline bundle.json -o course.html
      fhirconv timeline bundle.json -o course.png
      fhirconv timeline bundle.json -o - --format svg > course.svg
    """
    target = Path(output)
    if output == "-" and fmt is None:
        raise click.UsageError("-o - (stdout) needs --format svg, png or html")
    if fmt is None:
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise click.UsageError(
                f"cannot tell the format from {output!r}: use a .svg, .png or .html file name, or --format"
            )
    course = _course(path)
    from fhirconv.view import render

    try:
        data = render(course, fmt)
    except ImportError as exc:
        click.echo(f"error: PNG output needs matplotlib ({exc}) (hint: pip install 'fhirconv[plot]', "
                   "or write .svg or .html, which need nothing more)", err=True)
        sys.exit(2)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from fhirconv.output import atomic_write

        atomic_write(target, data)
    from fhirconv.view.layout import event_counts

    click.echo(f"{output}: {fmt}, {len(course.lanes)} lanes, {event_counts(course)}, "
               f"{len(course.resources)} resources", err=True)


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def summary(path: str) -> None:
    """Print the course in PATH as text: one line per event in date order, undated ones last
    (or, for a Bundle in course order such as a case with a `sequence`, in that order).

    PATH is a FHIR Bundle (R4 or R5), a single resource, NDJSON, or a case file (converted first).

    \b
    Example:
      fhirconv summary samples/multiple-myeloma.yaml
    """
    from fhirconv.view.text import summary_lines

    for line in summary_lines(_course(path)):
        click.echo(line)
