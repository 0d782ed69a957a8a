"""``fhirconv schema``: print the case file JSON Schema (for editors and other tools)."""

from __future__ import annotations

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema of case files.

    \b
    Point your editor at it for completion and checking, e.g. with the YAML language server:
      fhirconv schema > case.schema.json
      # yaml-language-server: $schema=./case.schema.json   (first line of a case file)
    """
    from fhirconv.case.schema import schema_text

    click.echo(schema_text(), nl=False)
