"""``fhirconv packages``: the FHIR package cache the profile layer reads (install, list)."""

from __future__ import annotations

import sys

import click

_DIR_HELP = "Package cache [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages, as HL7's tools use]."


@click.group()
def packages() -> None:
    """Implementation-guide packages in the FHIR package cache (~/.fhir/packages).

    \b
    Examples:
      fhirconv packages install hl7.fhir.uv.ips@2.0.0 hl7.fhir.us.mcode@4.0.0
      fhirconv packages list
      fhirconv validate bundle.json --profile http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips
    """


@packages.command()
@click.argument("specs", nargs=-1, required=True, metavar="NAME@VERSION...")
@click.option("--package-dir", type=click.Path(file_okay=False), default=None, help=_DIR_HELP)
@click.option("--no-deps", is_flag=True, help="Do not install the packages' dependencies.")
@click.option("--registry", default=None, metavar="URL", help="npm registry [default: https://registry.npmjs.org].")
def install(specs: tuple[str, ...], package_dir: str | None, no_deps: bool, registry: str | None) -> None:
    """Download packages from the npm registry into the cache, with their dependencies.

    Each tarball is checked against the registry's checksum and unpacked atomically into
    NAME#VERSION/package/. Packages already in the cache are not downloaded again. A dependency
    the registry does not carry in the version asked for is replaced by a package holding the
    same definitions (hl7.fhir.r4.examples for hl7.fhir.r4.core) or by the registry's latest
    version, and said so; one it does not carry at all is listed as not installed.

    \b
    Examples:
      fhirconv packages install hl7.fhir.uv.ips@2.0.0
      FHIR_PACKAGE_CACHE=/tmp/cache fhirconv packages install hl7.fhir.us.mcode@4.0.0

    Exit status: 0 installed, 1 a package could not be installed, 2 bad usage.
    """
    from fhirconv.packages import PackageError, cache_dir
    from fhirconv.packages.install import REGISTRY, parse_spec
    from fhirconv.packages.install import install as do_install

    for spec in specs:
        try:
            parse_spec(spec)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    cache = cache_dir(package_dir)
    try:
        results = do_install(specs, cache, registry=registry or REGISTRY, with_dependencies=not no_deps,
                             progress=lambda line: click.echo(line, err=True))
    except PackageError as exc:
        click.echo(f"fhirconv: error: {exc}", err=True)
        sys.exit(1)
    for r in results:
        if r.missing:
            click.echo(f"warning: {r.name}@{r.version} {r.note}", err=True)
            continue
        state = "installed" if r.downloaded else "already installed"
        click.echo(f"{r.name}@{r.version}: {state}" + (f" ({r.note})" if r.note else ""))
    click.echo(f"cache: {cache}")


@packages.command(name="list")
@click.option("--package-dir", type=click.Path(file_okay=False), default=None, help=_DIR_HELP)
def list_(package_dir: str | None) -> None:
    """List the packages in the cache (NAME#VERSION, one a line)."""
    from fhirconv.packages import cache_dir, installed

    for name, version in installed(cache_dir(package_dir)):
        click.echo(f"{name}#{version}")
