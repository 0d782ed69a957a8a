"""``fhirconv servers``: the named servers of the user's config file, and what each supports.

Also the options that say how to reach a server (SMART Backend Services, client id + secret),
shared by ``push`` and ``servers check`` so both resolve names and secrets the same way.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click


def connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--client-id, --private-key, --key-id, --client-secret(-file), --secret-method, --token-url, --scope."""
    options = [
        click.option("--client-id", envvar="FHIRCONV_CLIENT_ID", metavar="ID",
                     help="OAuth client id (SMART Backend Services with --private-key, or with --client-secret)"),
        click.option("--private-key", type=click.Path(dir_okay=False), metavar="FILE",
                     help="private key (PEM or JWK; RSA -> RS384, EC P-384 -> ES384) signing the client assertion"),
        click.option("--key-id", metavar="KID", help="kid of the key (default: the JWK's kid or its thumbprint)"),
        click.option("--client-secret", envvar="FHIRCONV_CLIENT_SECRET", metavar="SECRET",
                     help="client secret (better: FHIRCONV_CLIENT_SECRET or --client-secret-file)"),
        click.option("--client-secret-file", type=click.Path(dir_okay=False), metavar="FILE",
                     help="file holding the client secret"),
        click.option("--secret-method", type=click.Choice(["basic", "post"]), default="basic",
                     help="how the secret is sent: client_secret_basic or client_secret_post"),
        click.option("--token-url", metavar="URL",
                     help="token endpoint (default: from [base]/.well-known/smart-configuration)"),
        click.option("--scope", metavar="SCOPES",
                     help="scopes to ask for (default: the narrowest system/ scopes the push needs)"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def resolve_connection(server: str, conn: dict[str, Any], token: str | None, user: str | None,
                       password: str | None, warn: Callable[[str], None]) -> dict[str, Any]:
    """The base URL and credentials for ``server`` (a URL, or a name from the config file):
    keyword arguments for ClientConfig (base, token, user, password, auth), plus ``max_entries``."""
    from fhirconv.push.auth import AuthSettings, key_file_warning
    from fhirconv.push.servers import key_warnings, read_secret_file, resolve

    out: dict[str, Any] = {"base": server, "token": token, "user": user, "password": password, "auth": None,
                           "max_entries": None}
    if "://" not in server and server:
        named = resolve(server)
        for warning in key_warnings(named):
            warn(warning)
        out.update(base=named.url, auth=named.auth_settings(), max_entries=named.settings.get("max_entries"))
        out["token"] = token or named.token()
        named_user, named_password = named.basic()
        out["user"], out["password"] = user or named_user, password or named_password
    secret = conn.get("client_secret")
    if conn.get("client_secret_file"):
        if secret:
            raise click.UsageError("--client-secret and --client-secret-file contradict each other")
        warning = key_file_warning(conn["client_secret_file"])
        if warning:
            warn(warning)
        from fhirconv.push.errors import PushError

        try:
            secret = read_secret_file(conn["client_secret_file"], "--client-secret-file")
        except PushError as err:
            raise click.UsageError(err.message) from None
    if conn.get("client_id"):
        if not conn.get("private_key") and secret is None:
            raise click.UsageError("--client-id needs --private-key FILE (SMART Backend Services) or a client "
                                   "secret (--client-secret, FHIRCONV_CLIENT_SECRET or --client-secret-file)")
        if conn.get("private_key") and secret is not None:
            raise click.UsageError("--private-key and a client secret contradict each other; give one")
        if conn.get("private_key"):
            if not os.path.isfile(conn["private_key"]):
                raise click.UsageError(f"--private-key {conn['private_key']}: no such file")
            warning = key_file_warning(conn["private_key"])
            if warning:
                warn(warning)
        out["auth"] = AuthSettings(conn["client_id"], private_key=conn.get("private_key"),
                                   key_id=conn.get("key_id"), client_secret=secret,
                                   secret_method=conn.get("secret_method") or "basic",
                                   token_url=conn.get("token_url"), scope=conn.get("scope"))
    elif conn.get("private_key") or secret is not None:
        raise click.UsageError("--private-key and --client-secret need --client-id")
    elif out["auth"] is not None:
        for key in ("token_url", "scope", "key_id"):
            if conn.get(key):
                setattr(out["auth"], key, conn[key])
    if out["auth"] is not None and (out["token"] or out["user"]):
        raise click.UsageError("a client id (OAuth) and --token/--user contradict each other; give one")
    if out["auth"] is not None:
        for name, value in (("--client-id", out["auth"].client_id), ("--client-secret", out["auth"].client_secret),
                            ("--scope", out["auth"].scope), ("--token-url", out["auth"].token_url)):
            if value and any(ch in value for ch in "\r\n"):
                raise click.UsageError(f"{name} contains a line break (a trailing newline from a file?); strip it")
    return out


@click.group(invoke_without_command=True)
@click.pass_context
def servers(ctx: click.Context) -> None:
    """The named FHIR servers of your config file (where it is, and what it holds).

    \b
    The file is TOML; FHIRCONV_CONFIG points elsewhere. Secrets are not written in it:
    it names the environment variable or the file that holds each one.
    \b
      [servers.my-sandbox]
      url = "https://sandbox.example.org/fhir"
      auth = "smart"                # smart | client-secret | bearer | basic | none
      client_id = "fhirconv-loader"
      private_key = "~/.config/fhirconv/sandbox-key.pem"
    \b
    Examples:
      fhirconv servers
      fhirconv servers check my-sandbox
      fhirconv push samples/multiple-myeloma.yaml --server my-sandbox
    """
    if ctx.invoked_subcommand is not None:
        return
    from fhirconv.push.errors import PushError
    from fhirconv.push.servers import config_path, load_servers

    path = config_path()
    click.echo(f"config file: {path}" + ("" if path.exists() else " (not there yet)"))
    try:
        found = load_servers(path)
    except PushError as err:
        click.echo(err.one_line(), err=True)
        sys.exit(err.exit_code)
    if not found:
        click.echo("no named servers")
    for server in found.values():
        click.echo(server.describe())


@servers.command()
@click.argument("name")
@connection_options
@click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, help="seconds per request")
@click.option("--retries", type=click.IntRange(min=0), default=2, help="extra attempts on 429, 5xx and resets")
@click.option("--verbose", "-v", is_flag=True, help="log each request and answer on stderr (secrets hidden)")
def check(name: str, timeout: float, retries: int, verbose: bool, **conn: Any) -> None:
    """Fetch the server's CapabilityStatement, get a token, and say what a push can use there.

    NAME is a named server (see `fhirconv servers`) or a FHIR base URL.
    """
    from fhirconv.push.capability import support
    from fhirconv.push.client import ClientConfig, FhirClient
    from fhirconv.push.errors import PushError

    redactor: list[Any] = []

    def say(text: str) -> None:
        click.echo(redactor[0](text) if redactor else text, err=True)

    try:
        resolved = resolve_connection(name, conn, None, None, None, lambda w: say(f"warning: {w}"))
        resolved.pop("max_entries")
        config = ClientConfig(timeout=timeout, retries=retries, **resolved)
        with FhirClient(config, log=say if verbose else None) as client:
            redactor.append(client.redact)
            click.echo(f"server: {client.redact(client.base)}")
            ok, lines = support(client)
    except PushError as err:
        say(err.one_line())
        for issue in err.issues:
            say(f"  {issue.line()}")
        sys.exit(1 if err.exit_code == 1 else 2)
    for line in lines:
        click.echo(client.redact(line))
    sys.exit(0 if ok else 1)
