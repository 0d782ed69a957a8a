"""Named servers: sandboxes kept in a user config file, so ``push --server my-sandbox`` works.

The file is TOML (``servers.toml`` in the platform's config directory, or ``FHIRCONV_CONFIG``).
It says where a server is and how to authenticate, and *where* secrets live (an environment
variable or a file), never the secrets themselves, so it can be shared or committed safely::

    [servers.my-sandbox]
    url = "https://sandbox.example.org/fhir"
    auth = "smart"                       # smart | client-secret | bearer | basic | none
    client_id = "fhirconv-loader"
    private_key = "~/.config/fhirconv/sandbox-key.pem"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .auth import SECRET_METHODS, AuthSettings, key_file_warning
from .errors import PushError

AUTH_KINDS = ("none", "smart", "client-secret", "bearer", "basic")
KEYS = {"url", "auth", "client_id", "private_key", "key_id", "token_url", "scope", "secret_method",
        "client_secret_env", "client_secret_file", "token_env", "token_file", "user", "password_env",
        "password_file", "max_entries", "mode", "description"}
SECRET_KEYS = {"client_secret", "token", "password"}


def config_path() -> Path:
    """``FHIRCONV_CONFIG``, else ``servers.toml`` in the user config directory of the platform."""
    env = os.environ.get("FHIRCONV_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("fhirconv")) / "servers.toml"


@dataclass
class NamedServer:
    name: str
    url: str
    auth: str = "none"
    settings: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        s = self.settings
        how = self.auth
        if self.auth == "smart":
            how += f" (client {s.get('client_id')}, key {s.get('private_key')})"
        elif self.auth == "client-secret":
            where = (f"${s['client_secret_env']}" if s.get("client_secret_env")
                     else s.get("client_secret_file", "?"))
            how += f" (client {s.get('client_id')}, secret from {where})"
        elif self.auth in ("bearer", "basic"):
            where = s.get("token_env") or s.get("token_file") or s.get("password_env") or s.get("password_file")
            how += f" (from {'$' if str(where).isupper() else ''}{where})"
        return f"{self.name:<20} {self.url}  auth: {how}"

    def _secret(self, what: str) -> str | None:
        env, path = self.settings.get(f"{what}_env"), self.settings.get(f"{what}_file")
        if env:
            value = os.environ.get(str(env))
            if value is None:
                raise PushError(f"server {self.name!r}: the environment variable {env} ({what}) is not set",
                                hint=f"export {env}=... or change {config_path()}", exit_code=2)
            return value
        if path:
            return read_secret_file(str(path), f"server {self.name!r} {what}_file")
        return None

    def auth_settings(self) -> AuthSettings | None:
        s = self.settings
        if self.auth not in ("smart", "client-secret"):
            return None
        if not s.get("client_id"):
            raise PushError(f"server {self.name!r}: auth = {self.auth!r} needs client_id", exit_code=2)
        if self.auth == "smart":
            if not s.get("private_key"):
                raise PushError(f"server {self.name!r}: auth = 'smart' needs private_key (a PEM or JWK file)",
                                exit_code=2)
            return AuthSettings(str(s["client_id"]), private_key=str(Path(str(s["private_key"])).expanduser()),
                                key_id=s.get("key_id"), token_url=s.get("token_url"), scope=s.get("scope"))
        secret = self._secret("client_secret")
        if secret is None:
            raise PushError(f"server {self.name!r}: auth = 'client-secret' needs client_secret_env or "
                            f"client_secret_file", exit_code=2)
        return AuthSettings(str(s["client_id"]), client_secret=secret,
                            secret_method=str(s.get("secret_method", "basic")), token_url=s.get("token_url"),
                            scope=s.get("scope"))

    def token(self) -> str | None:
        return self._secret("token") if self.auth == "bearer" else None

    def basic(self) -> tuple[str | None, str | None]:
        if self.auth != "basic":
            return None, None
        return self.settings.get("user"), self._secret("password")


def read_secret_file(path: str, what: str) -> str:
    """A secret from a file: one line, the trailing newline dropped; warns through the caller."""
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PushError(f"{what} {path}: cannot read: {getattr(err, 'strerror', None) or err}",
                        exit_code=2) from None
    value = text.rstrip("\r\n")
    if "\n" in value or "\r" in value:
        raise PushError(f"{what} {path} holds more than one line; a secret file holds the secret only",
                        exit_code=2)
    return value


def load_servers(path: Path | None = None) -> dict[str, NamedServer]:
    """The named servers of the config file ({} when there is no file)."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise PushError(f"{path}: not valid TOML: {err}", exit_code=2) from None
    except (OSError, UnicodeDecodeError) as err:
        raise PushError(f"{path}: cannot read: {err}", exit_code=2) from None
    table = data.get("servers", {})
    if not isinstance(table, dict):
        raise PushError(f"{path}: [servers] must be a table of named servers", exit_code=2)
    out: dict[str, NamedServer] = {}
    for name, entry in table.items():
        where = f"{path}: [servers.{name}]"
        if not isinstance(entry, dict):
            raise PushError(f"{where} must be a table", exit_code=2)
        inline = sorted(SECRET_KEYS & set(entry))
        if inline:
            raise PushError(f"{where} holds {inline[0]} itself; secrets do not belong in this file",
                            hint=f"use {inline[0]}_env (an environment variable) or {inline[0]}_file",
                            exit_code=2)
        unknown = sorted(set(entry) - KEYS)
        if unknown:
            raise PushError(f"{where}: unknown key {unknown[0]!r}", hint=f"known keys: {', '.join(sorted(KEYS))}",
                            exit_code=2)
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise PushError(f"{where} needs url = \"http(s)://.../fhir\"", exit_code=2)
        auth = str(entry.get("auth", "none"))
        if auth not in AUTH_KINDS:
            raise PushError(f"{where}: auth = {auth!r}; use one of {', '.join(AUTH_KINDS)}", exit_code=2)
        if str(entry.get("secret_method", "basic")) not in SECRET_METHODS:
            raise PushError(f"{where}: secret_method must be basic or post", exit_code=2)
        out[name] = NamedServer(name, url.rstrip("/"), auth, {k: v for k, v in entry.items() if k != "url"})
    return out


def resolve(name: str) -> NamedServer:
    path = config_path()
    servers = load_servers(path)
    if name not in servers:
        known = ", ".join(sorted(servers)) or "none"
        raise PushError(f"no server named {name!r} in {path} (known: {known})",
                        hint="give a URL (http://...) or add the server to that file; see `fhirconv servers`",
                        exit_code=2)
    return servers[name]


def key_warnings(server: NamedServer) -> list[str]:
    out = []
    for key in ("private_key", "client_secret_file", "token_file", "password_file"):
        if server.settings.get(key):
            warning = key_file_warning(str(Path(str(server.settings[key])).expanduser()))
            if warning:
                out.append(warning)
    return out
