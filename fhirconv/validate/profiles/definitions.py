"""Conformance resources by canonical URL, from the packages in a FHIR package cache.

One :class:`Definitions` per cache folder and process: the packages' ``.index.json`` files are read
once, a resource file is parsed the first time it is asked for, and both stay cached.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from fhirconv.packages.cache import cache_dir, installed, package_path
from fhirconv.packages.index import read_index

KINDS = ("StructureDefinition", "ValueSet", "CodeSystem")


class Definitions:
    """StructureDefinitions, ValueSets and CodeSystems of every package in a cache folder.

    ``folder`` is a cache (``NAME#VERSION/package/`` below it) or one unpacked package (a folder with
    ``package.json``, or its parent holding ``package/package.json``).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.packages: list[str] = []
        self._where: dict[tuple[str, str], list[str]] = {}
        self._types: dict[str, str] = {}  # StructureDefinition url -> the type it constrains (from the index)
        self._loaded: dict[str, dict[str, Any]] = {}
        for pkg_dir, label in self._package_dirs(folder):
            self.packages.append(label)
            prefix = f"{pkg_dir}{os.sep}"
            for row in read_index(pkg_dir).get("files", []):
                kind, url, filename = row.get("resourceType"), row.get("url"), row.get("filename")
                if kind in KINDS and isinstance(url, str) and isinstance(filename, str):
                    self._where.setdefault((kind, url), []).append(prefix + filename)
                    if kind == "StructureDefinition" and isinstance(row.get("type"), str):
                        self._types.setdefault(url, row["type"])

    @staticmethod
    def _package_dirs(folder: Path) -> list[tuple[Path, str]]:
        for single in (folder, folder / "package"):
            if (single / "package.json").is_file():
                return [(single, _label(single))]
        return [(package_path(folder, n, v) / "package", f"{n}#{v}") for n, v in installed(folder)]

    def _load(self, path: str) -> dict[str, Any] | None:
        if path not in self._loaded:
            try:
                with open(path, encoding="utf-8") as fh:
                    self._loaded[path] = json.load(fh)
            except (OSError, ValueError, UnicodeDecodeError):
                self._loaded[path] = {}
        return self._loaded[path] or None

    def all(self, kind: str, url: str) -> list[dict[str, Any]]:
        """Every resource of ``kind`` with canonical ``url`` (a ``|version`` suffix is ignored)."""
        base = url.split("|", 1)[0]
        return [r for p in self._where.get((kind, base), []) if (r := self._load(p)) is not None]

    def get(self, kind: str, url: str) -> dict[str, Any] | None:
        """The resource of ``kind`` with canonical ``url``: the version asked for when there, else the first."""
        found = self.all(kind, url)
        if "|" in url:
            version = url.split("|", 1)[1]
            for r in found:
                if r.get("version") == version:
                    return r
        return found[0] if found else None

    def type_of(self, url: str) -> str | None:
        """The type a StructureDefinition constrains, from the package index (no file read)."""
        return self._types.get(url.split("|", 1)[0])

    def structure(self, url: str) -> dict[str, Any] | None:
        sd = self.get("StructureDefinition", url)
        return sd if sd and isinstance(sd.get("snapshot"), dict) else None


def _label(pkg_dir: Path) -> str:
    try:
        meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
        return f"{meta.get('name')}#{meta.get('version')}"
    except (OSError, ValueError):
        return str(pkg_dir)


@lru_cache(maxsize=8)
def _definitions(folder: str) -> Definitions:
    return Definitions(Path(folder))


def definitions(package_dir: str | Path | None = None) -> Definitions:
    """The (cached) definitions of ``package_dir``, else of the standard package cache."""
    return _definitions(str(cache_dir(package_dir).resolve()))


def package_hint(url: str) -> str:
    """Which package probably defines ``url`` (HL7 IGs: ``http://hl7.org/fhir/us/core/...`` ->
    ``hl7.fhir.us.core``), for the 'install it' hint."""
    m = re.match(r"https?://hl7\.org/fhir/([a-z]{2})/([a-z0-9-]+)/", url)
    if m:
        return f"fhirconv packages install hl7.fhir.{m.group(1)}.{m.group(2)}@VERSION"
    return "fhirconv packages install NAME@VERSION (the package that defines it)"
