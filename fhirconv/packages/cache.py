"""Where packages are cached and what is there; unpacking a tarball safely and atomically."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class PackageError(Exception):
    """A package cannot be found, downloaded, verified or unpacked (bad data or network, exit 1)."""


@dataclass(frozen=True)
class Installed:
    """One package of an install run: whether it was downloaded now or already there, and what it
    stands for when it replaces a dependency the registry does not carry (``note``)."""

    name: str
    version: str
    downloaded: bool
    note: str = ""
    missing: bool = False


def cache_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The package cache: ``explicit``, else ``$FHIR_PACKAGE_CACHE``, else ``~/.fhir/packages``."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("FHIR_PACKAGE_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".fhir" / "packages"


def package_path(cache: Path, name: str, version: str) -> Path:
    """``cache/NAME#VERSION`` (its content is in the ``package/`` folder below)."""
    return cache / f"{name}#{version}"


def is_installed(cache: Path, name: str, version: str) -> bool:
    return (package_path(cache, name, version) / "package" / "package.json").is_file()


def installed(cache: Path) -> list[tuple[str, str]]:
    """(name, version) of every complete package in the cache, sorted."""
    if not cache.is_dir():
        return []
    out = []
    for entry in cache.iterdir():
        if "#" in entry.name and not entry.name.startswith(".") and (entry / "package" / "package.json").is_file():
            name, _, version = entry.name.partition("#")
            out.append((name, version))
    return sorted(out)


def manifest(cache: Path, name: str, version: str) -> dict:
    """The package's package.json."""
    path = package_path(cache, name, version) / "package" / "package.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _member_target(name: str) -> PurePosixPath | None:
    """The member's path below ``package/`` (the tarball's top folder is renamed ``package``, as HL7's
    tools do); ``None`` for a path that would leave the folder (absolute, ``..``)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    rest = path.parts[1:]
    return PurePosixPath("package", *rest) if rest else PurePosixPath("package")


def _usual_modes(root: Path) -> None:
    """Folders 0777 and files 0666 less the umask, like any unpacked tree (mkdtemp makes 0700)."""
    mask = os.umask(0)
    os.umask(mask)
    for dirpath, _, filenames in os.walk(root):
        os.chmod(dirpath, 0o777 & ~mask)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o666 & ~mask)


def unpack(data: bytes, cache: Path, name: str, version: str) -> Path:
    """Unpack a package tarball into ``cache/NAME#VERSION`` atomically.

    Everything goes to a temporary folder beside the target first and is renamed into place only
    when complete, so a failure never leaves a half-unpacked package. Members that would land
    outside the folder, links and devices are refused (the whole package is).
    """
    cache.mkdir(parents=True, exist_ok=True)
    target = package_path(cache, name, version)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}#{version}.", suffix=".part", dir=cache))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for member in tar:
                dest = _member_target(member.name)
                if dest is None:
                    raise PackageError(f"{name}@{version}: unsafe path in the tarball: {member.name!r}")
                if member.isdir():
                    (tmp / dest).mkdir(parents=True, exist_ok=True)
                    continue
                if not member.isfile():
                    raise PackageError(f"{name}@{version}: the tarball holds a link or device: {member.name!r}")
                out = tmp / dest
                out.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(member)
                assert src is not None
                with open(out, "wb") as fh:
                    shutil.copyfileobj(src, fh)
        if not (tmp / "package" / "package.json").is_file():
            raise PackageError(f"{name}@{version}: the tarball has no package/package.json")
        if not (tmp / "package" / ".index.json").is_file():
            from fhirconv.packages.index import build_index, write_index

            write_index(tmp / "package", build_index(tmp / "package"))
        _usual_modes(tmp)
        try:
            os.rename(tmp, target)
        except OSError:
            if not is_installed(cache, name, version):  # not just another process being first
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except (tarfile.TarError, EOFError, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PackageError(f"{name}@{version}: cannot unpack the tarball ({exc})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
