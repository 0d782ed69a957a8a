"""``fhirconv packages``: the FHIR package cache the profile layer reads (install, list)."""

from __future__ import annotations

import re
import sys

import click

_DIR_HELP = "Package cache [default: $FHIR_PACKAGE_CACHE, else ~/.fhir/packages, as HL7's tools use]."


@click.group()
def packages() -> None:
    """Implementation-guide packages in the FHIR package cache (~/.fhir/packages).

    \b
    Examples:
      fhirconv packages install hl7.fhir.uv.ips@2.0.0 hl7.fhir.us.mcode@4.0.0
      fhirconv packages install ./fhirconv/packages/vendor/hl7.fhir.us.core-6.1.0-trimmed.tgz
      fhirconv packages list
      fhirconv validate bundle.json --profile http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips
    """


@packages.command()
@click.argument("specs", nargs=-1, required=True, metavar="NAME@VERSION|PATH...")
@click.option("--package-dir", type=click.Path(file_okay=False), default=None, help=_DIR_HELP)
@click.option("--no-deps", is_flag=True, help="Do not install the packages' dependencies.")
@click.option("--registry", default=None, metavar="URL", help="npm registry [default: https://registry.npmjs.org].")
@click.option("--sha256", default=None, metavar="HEX",
              help="Expected sha256 of the one local tarball given (else the manifest.json beside it is read).")
def install(specs: tuple[str, ...], package_dir: str | None, no_deps: bool, registry: str | None,
            sha256: str | None) -> None:
    """Install packages into the cache, with their dependencies: from the npm registry, or from a
    package tarball (.tgz) or unpacked folder on disk (a PATH: it contains '/' or ends in .tgz).

    Each tarball is checked against the registry's checksum (a local one against --sha256 or the
    sha256 its manifest.json records; with neither it is installed and said to be unverified) and
    unpacked atomically into NAME#VERSION/package/, NAME and VERSION read from its package.json.
    Packages already in the cache are not installed again. A dependency the registry does not
    carry in the version asked for is replaced by a package holding the same definitions
    (hl7.fhir.r4.examples for hl7.fhir.r4.core) or by the registry's latest version, and said so;
    one it does not carry at all is listed as not installed.

    \b
    Examples:
      fhirconv packages install hl7.fhir.uv.ips@2.0.0
      fhirconv packages install ./fhirconv/packages/vendor/hl7.fhir.us.core-6.1.0-trimmed.tgz
      FHIR_PACKAGE_CACHE=/tmp/cache fhirconv packages install hl7.fhir.us.mcode@4.0.0

    Exit status: 0 installed, 1 a package could not be installed, 2 bad usage.
    """
    from pathlib import Path

    from fhirconv.packages import PackageError, cache_dir
    from fhirconv.packages.install import REGISTRY, parse_spec
    from fhirconv.packages.install import install as do_install
    from fhirconv.packages.local import install_local, is_local

    local = [s for s in specs if is_local(s)]
    for spec in specs:
        if is_local(spec):
            continue
        try:
            parse_spec(spec)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    if sha256 is not None and (len(local) != 1 or not re.fullmatch(r"[0-9a-fA-F]{64}", sha256)):
        raise click.UsageError("--sha256 takes 64 hex digits and goes with exactly one local tarball")
    cache = cache_dir(package_dir)
    progress = lambda line: click.echo(line, err=True)  # noqa: E731
    try:
        results = []
        if sha256 is not None:  # checked here, before the generic install reads the manifest
            results.append(install_local(Path(local[0]), cache, sha256=sha256, progress=progress))
        results += do_install(specs, cache, registry=registry or REGISTRY, with_dependencies=not no_deps,
                              progress=progress)
    except PackageError as exc:
        click.echo(f"fhirconv: error: {exc}", err=True)
        sys.exit(1)
    seen = set()
    for r in results:
        if (r.name, r.version) in seen:
            continue
        seen.add((r.name, r.version))
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
