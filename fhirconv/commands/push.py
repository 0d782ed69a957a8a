"""``fhirconv push``: load cases into a FHIR server, safe to repeat."""

from __future__ import annotations

import sys
from typing import Any

import click

from .servers import connection_options, resolve_connection

MODES = ("transaction", "batch", "resource")


def _headers(values: tuple[str, ...]) -> dict[str, str]:
    """-H values as a dict; a malformed one is reported by position and name only (values are secrets)."""
    import re

    out: dict[str, str] = {}
    for n, value in enumerate(values, start=1):
        name, sep, content = value.partition(":")
        name = name.strip()
        if not sep or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            shown = f" (name {name!r})" if re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,40}", name) else ""
            raise click.BadParameter(f"header #{n}{shown} is not 'Name: value'; the value is not shown",
                                     param_hint="-H/--header")
        if any(ch in content for ch in "\r\n\0"):
            raise click.BadParameter(f"header {name!r} holds a line break; the value is not shown",
                                     param_hint="-H/--header")
        out[name] = content.strip()
    return out


@click.command(context_settings={"show_default": True})
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=str))
@click.option("--server", "-s", envvar="FHIRCONV_SERVER", metavar="URL|NAME",
              help="FHIR base URL (or FHIRCONV_SERVER), e.g. http://127.0.0.1:8080/fhir, or the name of a "
                   "server in the config file (see `fhirconv servers`)")
@click.option("--mode", type=click.Choice(MODES), default="transaction",
              help="transaction: one transaction Bundle per case; batch: batch Bundles per dependency "
                   "level; resource: one request per resource, in dependency order")
@click.option("--update", is_flag=True,
              help="overwrite what is there (conditional update PUT Type?identifier=...) instead of "
                   "leaving matched resources alone")
@click.option("--fhir-version", type=click.Choice(["R4", "R5"]), default="R4",
              help="FHIR version to convert case files to; the server must match")
@click.option("--profile", type=click.Choice(["ips", "mcode"]), default=None,
              help="case files: shape to and claim HL7 profiles, as convert --profile (the IPS document "
                   "is sent as a transaction of its resources, Composition included)")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500,
              help="resources per request Bundle for NDJSON input")
@click.option("--max-entries", type=click.IntRange(min=1), default=None,
              help="at most N entries per transaction or batch: bigger cases are split, references kept "
                   "(also done on its own when a server refuses a transaction for its size)")
@click.option("--dry-run", is_flag=True, help="print the requests instead of sending them")
@click.option("--verify", is_flag=True, help="read every pushed resource back and compare")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="report format")
@click.option("--token", envvar="FHIRCONV_TOKEN", help="bearer token (or FHIRCONV_TOKEN)")
@click.option("--user", envvar="FHIRCONV_USER", help="basic-auth user (or FHIRCONV_USER)")
@click.option("--password", envvar="FHIRCONV_PASSWORD", help="basic-auth password (or FHIRCONV_PASSWORD)")
@click.option("--header", "-H", "headers", multiple=True, metavar="'NAME: VALUE'",
              help="extra request header (repeatable)")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), help="CA certificates (PEM)")
@click.option("--insecure", is_flag=True, help="do NOT verify TLS certificates (never in production)")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, help="seconds per request")
@click.option("--retries", type=click.IntRange(min=0), default=4,
              help="extra attempts on connection errors, timeouts, 429 and 5xx")
@click.option("--backoff", type=click.FloatRange(min=0), default=0.5,
              help="first wait between attempts in seconds (doubles each time, with jitter)")
@click.option("--max-wait", type=click.FloatRange(min=0), default=30.0,
              help="longest single wait in seconds, Retry-After included")
@click.option("--verbose", "-v", is_flag=True, help="log each request and answer on stderr (secrets hidden)")
@connection_options
def push(paths: tuple[str, ...], server: str | None, mode: str, update: bool, fhir_version: str, profile: str | None,
         chunk_size: int, max_entries: int | None, dry_run: bool, verify: bool, fmt: str, token: str | None,
         user: str | None, password: str | None, headers: tuple[str, ...], ca_bundle: str | None, insecure: bool,
         timeout: float, retries: int, backoff: float, max_wait: float, verbose: bool, **conn: Any) -> None:
    """Load case files, FHIR Bundles or NDJSON files into a FHIR server.

    Each case goes in as one transaction; every create is conditional on the resource's
    fhirconv identifier, so pushing the same case again creates nothing new (--update
    overwrites instead). PATHS may be files or directories.

    \b
    Examples:
      fhirconv push samples/multiple-myeloma.yaml --server http://127.0.0.1:8080/fhir
      fhirconv push out/ --mode resource --token "$TOKEN" --format json
      fhirconv push big.ndjson --chunk-size 200 --verify
      fhirconv push case.yaml --dry-run --format json
      fhirconv push case.yaml --server URL --client-id ID --private-key key.pem
      fhirconv push case.yaml --server my-sandbox --max-entries 8
      fhirconv push samples/multiple-myeloma.yaml --profile ips    # IPS resources and Composition
    """
    if profile and fhir_version != "R4":
        raise click.UsageError(f"--profile {profile} describes FHIR R4 resources: use --fhir-version R4")
    from fhirconv.push.client import ClientConfig
    from fhirconv.push.errors import PushError
    from fhirconv.push.run import PushOptions, plan
    from fhirconv.push.run import push as run_push

    if not server and not dry_run:
        raise click.UsageError("no server: give --server URL or set FHIRCONV_SERVER")
    if password and not user:
        raise click.UsageError("--password needs --user")
    if insecure and ca_bundle:
        raise click.UsageError("--insecure and --ca-bundle contradict each other")
    if server and "://" in server:
        _check_server_url(server)
    for name, secret in (("--token", token), ("--user", user), ("--password", password)):
        if secret and any(ch in secret for ch in "\r\n"):
            # Never echo the value: it is a secret.
            raise click.UsageError(f"{name} contains a line break (a trailing newline from a file?); strip it")
    from fhirconv.push.client import Redactor

    early = Redactor([v for v in (token, password, conn.get("client_secret"), *headers) if v])
    try:
        reach = resolve_connection(server or "", conn, token, user, password,
                                   lambda w: click.echo(early(f"warning: {w}"), err=True))
    except PushError as err:
        raise click.UsageError(early(err.message)) from None
    max_entries = max_entries or reach.pop("max_entries")
    reach.pop("max_entries", None)
    reach["base"] = (reach["base"] or "[base]").rstrip("/")
    config = ClientConfig(headers=_headers(headers), ca_bundle=ca_bundle, insecure=insecure,
                          timeout=timeout, retries=retries, backoff=backoff, max_wait=max_wait, **reach)

    redact = Redactor(config.secrets())
    config.redactor = redact  # the client adds tokens and assertions to it as it makes them

    def log(text: str) -> None:
        click.echo(redact(text), err=True)

    if insecure:
        click.secho("WARNING: --insecure: TLS certificates are NOT verified; anyone on the network path "
                    "can read and change what is sent, credentials included.", fg="red", bold=True,
                    err=True)
    options = PushOptions(paths=list(paths), client=config, mode=mode, update=update,
                          fhir_version=fhir_version, chunk_size=chunk_size, verify=verify, profile=profile,
                          max_entries=max_entries, log=log if verbose else None)
    try:
        if dry_run:
            text, warnings = plan(options, as_json=fmt == "json")
            for warning in warnings:
                log(f"warning: {warning}")
            click.echo(redact(text), nl=False)
            return
        report = run_push(options)
    except PushError as err:
        log(err.one_line())
        for issue in err.issues:
            log(f"  {issue.line()}")
        sys.exit(err.exit_code)
    for warning in report.warnings:
        log(f"warning: {warning}")
    if report.aborted:
        log(f"error: {report.aborted}")
    click.echo(redact(report.json_text() if fmt == "json" else report.text()), nl=False)
    if not report.ok:
        sys.exit(1)


def _check_server_url(server: str) -> None:
    """A usable http(s) base URL, or a usage error that says what is wrong (no retries on a typo)."""
    from urllib.parse import urlsplit

    from fhirconv.push.client import hide_userinfo

    shown = hide_userinfo(server)  # never echo credentials given in the URL
    try:
        parts = urlsplit(server)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:  # its text may quote the user-info: not shown
        raise click.UsageError(f"--server {shown!r} is not a valid URL (bad host or port)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.UsageError(f"--server {shown!r}: expected an http:// or https:// base URL, "
                               "e.g. http://127.0.0.1:8080/fhir")
