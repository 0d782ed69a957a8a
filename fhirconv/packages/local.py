"""Installing a package from a tarball or folder on disk (one the npm registry does not carry).

The same checks as a registry download: a checksum when one is known (the ``manifest.json`` beside
the tarball, as the project's vendored packages have, or one given by the caller), a
``package/package.json`` naming the package, the safe and atomic unpack of :func:`cache.unpack`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from collections.abc import Callable
from pathlib import Path

from fhirconv.packages.cache import Installed, PackageError, is_installed, unpack

MANIFEST = "manifest.json"
VENDOR = Path(__file__).resolve().parent / "vendor"


def is_local(spec: str) -> bool:
    """A path rather than ``NAME@VERSION``: it names a folder or ends as a tarball does."""
    return "/" in spec or "\\" in spec or spec.endswith((".tgz", ".tar.gz")) or spec in (".", "..")


def expected_sha256(path: Path) -> str | None:
    """The sha256 the ``manifest.json`` beside ``path`` records for it, if any."""
    try:
        data = json.loads((path.parent / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for row in data.get("packages", []) if isinstance(data, dict) else []:
        if isinstance(row, dict) and row.get("file") == path.name and isinstance(row.get("sha256"), str):
            return row["sha256"].lower()
    return None


def _folder_tarball(folder: Path) -> bytes:
    """A folder holding ``package/package.json`` (or ``package.json`` itself) as tarball bytes."""
    root = folder / "package" if (folder / "package" / "package.json").is_file() else folder
    if not (root / "package.json").is_file():
        raise PackageError(f"{folder}: no package.json (nor package/package.json) in the folder")
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for path in sorted(root.rglob("*")):
            if path.is_symlink():
                raise PackageError(f"{folder}: the package holds a link: {path}")
            if path.is_file():
                tar.add(path, arcname=f"package/{path.relative_to(root).as_posix()}", recursive=False)
    return out.getvalue()


def _package_json(data: bytes, label: str) -> dict:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for member in tar:
                parts = member.name.split("/")
                if len(parts) == 2 and parts[1] == "package.json" and member.isfile():
                    fh = tar.extractfile(member)
                    return json.loads(fh.read()) if fh else {}
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise PackageError(f"{label}: not a readable package tarball ({exc})") from None
    raise PackageError(f"{label}: the tarball has no package/package.json")


def install_local(path: Path, cache: Path, *, sha256: str | None = None,
                  progress: Callable[[str], None] | None = None) -> Installed:
    """Install the package at ``path`` (a .tgz or a folder) into ``cache/NAME#VERSION``.

    A tarball is checked against ``sha256`` or else the manifest beside it; a mismatch is an error
    and nothing is installed. With neither, it is installed and the note says it was not verified.
    """
    label = str(path)
    if path.is_dir():
        data, want = _folder_tarball(path), sha256
    elif path.is_file():
        data = path.read_bytes()
        want = (sha256 or expected_sha256(path) or "").lower() or None
    else:
        raise PackageError(f"{label}: no such file or folder")
    note = ""
    if want is not None:
        got = hashlib.sha256(data).hexdigest()
        if got != want:
            raise PackageError(f"{label}: sha256 {got} does not match the expected {want} "
                               f"(manifest or --sha256): the file is not the one recorded")
    else:
        note = "from a local file with no recorded checksum: not verified"
    meta = _package_json(data, label)
    name, version = meta.get("name"), meta.get("version")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name) \
            or not isinstance(version, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]*", version):
        raise PackageError(f"{label}: package.json has no valid name and version ({name!r}, {version!r})")
    if is_installed(cache, name, version):
        return Installed(name, version, False, note)
    if progress:
        progress(f"installing {name}@{version} from {label}")
    unpack(data, cache, name, version)
    return Installed(name, version, True, note)
