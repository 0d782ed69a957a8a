"""``install``: packages and their dependencies from the npm registry into the cache."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from fhirconv.packages.cache import Installed, PackageError, is_installed, manifest, unpack
from fhirconv.packages.local import VENDOR, install_local, is_local

REGISTRY = "https://registry.npmjs.org"

# Packages some IGs depend on that the npm registry does not carry, and the published package that
# holds the same conformance resources. hl7.fhir.r4.examples 4.0.1 is built from the same FHIR R4
# release as hl7.fhir.r4.core 4.0.1 and ships all its StructureDefinitions, ValueSets and CodeSystems.
SUBSTITUTES: dict[tuple[str, str], tuple[str, str]] = {
    ("hl7.fhir.r4.core", "4.0.1"): ("hl7.fhir.r4.examples", "4.0.1"),
}


# Packages the registry does not carry that fhirconv ships (see fhirconv/packages/vendor/README.md).
VENDOR_FILES: dict[tuple[str, str], Path] = {
    ("hl7.fhir.us.core", "6.1.0"): VENDOR / "hl7.fhir.us.core-6.1.0-trimmed.tgz",
}


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``NAME@VERSION`` or ``NAME#VERSION`` (HL7's spelling) or ``NAME`` (the latest version)."""
    name, sep, version = spec.rpartition("@") if "@" in spec.lstrip("@") else spec.rpartition("#")
    if not sep:
        name, version = spec, ""
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name or ""):
        raise ValueError(f"{spec!r} is not a package name (expected NAME@VERSION, e.g. hl7.fhir.uv.ips@2.0.0)")
    return name, version or None


def _pick(meta: dict, name: str, wanted: str | None) -> str:
    """The version to install: exact, a ``x`` wildcard (``4.0.x``: the highest match), a dist-tag, or latest."""
    versions = meta.get("versions") or {}
    tags = meta.get("dist-tags") or {}
    if wanted is None:
        wanted = "latest"
    if wanted in versions:
        return wanted
    if wanted in tags and tags[wanted] in versions:
        return tags[wanted]
    if wanted.endswith(".x"):
        prefix = wanted[:-1]
        matches = [v for v in versions if v.startswith(prefix)]
        if matches:
            return max(matches, key=_version_key)
    if not versions:
        raise PackageError(f"{name}: the registry lists no version of it")
    known = ", ".join(sorted(versions, key=_version_key)[-8:])
    raise PackageError(f"{name}: no version {wanted!r} on the registry (recent: {known})")


def _version_key(v: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.-]", v))


def _verify(data: bytes, dist: dict, label: str) -> None:
    """Check the tarball against the registry's ``integrity`` (SRI) or ``shasum`` (SHA-1)."""
    integrity = dist.get("integrity")
    if isinstance(integrity, str) and "-" in integrity:
        algo, _, digest = integrity.split()[0].partition("-")
        if algo in ("sha512", "sha384", "sha256"):
            got = base64.b64encode(hashlib.new(algo, data).digest()).decode()
            if got != digest:
                raise PackageError(f"{label}: the download does not match the registry's {algo} integrity")
            return
    shasum = dist.get("shasum")
    if isinstance(shasum, str):
        if hashlib.sha1(data).hexdigest() != shasum:
            raise PackageError(f"{label}: the download does not match the registry's shasum")
        return
    raise PackageError(f"{label}: the registry gives no checksum to verify the download with")


def install(specs: Iterable[str], cache: Path, *, registry: str = REGISTRY, with_dependencies: bool = True,
            client=None, progress: Callable[[str], None] | None = None) -> list[Installed]:
    """Install ``specs`` (``NAME@VERSION``) and, recursively, their package.json ``dependencies``.

    Idempotent: a package already in the cache is not downloaded again (its dependencies are still
    checked). Each package is verified against the registry's checksum and unpacked atomically.
    """
    import httpx

    own = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=15.0), follow_redirects=True)
    done: dict[tuple[str, str], Installed] = {}
    queue: list[tuple[str, str | None, str | None]] = []
    metas: dict[str, dict] = {}
    try:
        for spec in specs:
            if not is_local(spec):
                queue.append((*parse_spec(spec), None))
                continue
            # a tarball or folder on disk: installed first, its dependencies from the registry
            result = install_local(Path(spec), cache, progress=progress)
            done.setdefault((result.name, result.version), result)
            if with_dependencies:
                deps = manifest(cache, result.name, result.version).get("dependencies") or {}
                queue += [(d, v, f"{result.name}@{result.version}") for d, v in deps.items() if isinstance(v, str)]
        while queue:
            name, wanted, needed_by = queue.pop(0)
            sub = SUBSTITUTES.get((name, wanted or ""))
            if needed_by and sub and not is_installed(cache, name, wanted or "") and is_installed(cache, *sub):
                name, wanted = sub  # already stood in for it: no need to ask the registry again
            try:
                result = _one(client, registry, cache, metas, name, wanted, progress)
            except PackageError as exc:
                if needed_by is None and (name, wanted or "") not in VENDOR_FILES:
                    raise
                result = _fallback(client, registry, cache, metas, name, wanted, needed_by, exc, progress)
            if (result.name, result.version) in done:
                continue
            done[(result.name, result.version)] = result
            if with_dependencies and not result.missing:
                deps = manifest(cache, result.name, result.version).get("dependencies") or {}
                for dep, dep_version in deps.items():
                    if isinstance(dep_version, str):
                        queue.append((dep, dep_version, f"{result.name}@{result.version}"))
    finally:
        if own:
            client.close()
    return list(done.values())


def _one(client, registry: str, cache: Path, metas: dict[str, dict], name: str, wanted: str | None,
         progress: Callable[[str], None] | None, note: str = "") -> Installed:
    """Install one package (no dependencies); nothing is downloaded when it is already cached."""
    if wanted is not None and is_installed(cache, name, wanted):
        return Installed(name, wanted, False, note)
    meta = metas.get(name) or _metadata(client, registry, name)
    metas[name] = meta
    version = _pick(meta, name, wanted)
    if is_installed(cache, name, version):
        return Installed(name, version, False, note)
    if progress:
        progress(f"downloading {name}@{version}")
    dist = meta["versions"][version].get("dist") or {}
    data = _download(client, dist.get("tarball"), f"{name}@{version}")
    _verify(data, dist, f"{name}@{version}")
    unpack(data, cache, name, version)
    return Installed(name, version, True, note)


def _fallback(client, registry: str, cache: Path, metas: dict[str, dict], name: str, wanted: str | None,
              needed_by: str | None, error: PackageError, progress: Callable[[str], None] | None) -> Installed:
    """A dependency the registry does not carry in that version: its known substitute, else the
    registry's latest version of it, else nothing (the run goes on; the note says what happened)."""
    vendored = VENDOR_FILES.get((name, wanted or ""))
    if vendored is not None and vendored.is_file():  # shipped with fhirconv (fhirconv/packages/vendor/)
        result = install_local(vendored, cache, progress=progress)
        why = f"needed by {needed_by}; " if needed_by else ""
        return Installed(result.name, result.version, result.downloaded,
                         f"from {vendored.name} shipped with fhirconv ({why}not on the registry)")
    sub = SUBSTITUTES.get((name, wanted or ""))
    if sub is not None:
        try:
            return _one(client, registry, cache, metas, *sub, progress,
                        note=f"stands for {name}@{wanted} (needed by {needed_by}), which the registry does not carry")
        except PackageError:
            pass
    meta = metas.get(name)
    if meta and meta.get("versions"):
        try:
            latest = _pick(meta, name, None)
            return _one(client, registry, cache, metas, name, latest, progress,
                        note=f"instead of {name}@{wanted} (needed by {needed_by}), which the registry does not carry")
        except PackageError:
            pass
    return Installed(name, wanted or "", False, f"not installed (needed by {needed_by}): {error}", missing=True)


def _metadata(client, registry: str, name: str) -> dict:
    import httpx

    try:
        resp = client.get(f"{registry.rstrip('/')}/{name}", headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise PackageError(f"{name}: cannot reach the package registry {registry} ({exc})") from None
    if resp.status_code == 404:
        raise PackageError(f"{name}: no such package on {registry}")
    if resp.status_code != 200:
        raise PackageError(f"{name}: the registry answered HTTP {resp.status_code}")
    try:
        return resp.json()
    except ValueError:
        raise PackageError(f"{name}: the registry's answer is not JSON") from None


def _download(client, url: str | None, label: str) -> bytes:
    import httpx

    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise PackageError(f"{label}: the registry gives no tarball URL")
    try:
        resp = client.get(url)
    except httpx.HTTPError as exc:
        raise PackageError(f"{label}: download failed ({exc})") from None
    if resp.status_code != 200:
        raise PackageError(f"{label}: download failed (HTTP {resp.status_code})")
    return resp.content
