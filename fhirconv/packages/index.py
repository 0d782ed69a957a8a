"""Reading a package cache: which conformance resource (by canonical URL) is in which file.

Each package has ``package/.index.json`` (files with resourceType, id, url, version), which HL7's
tools write; a package without one gets it built once from its JSON files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

INDEX_FIELDS = ("resourceType", "id", "url", "version", "kind", "type")


def build_index(package: Path) -> dict[str, Any]:
    """The ``.index.json`` content for the resources directly in ``package`` (the ``package/`` folder)."""
    files = []
    for path in sorted(package.glob("*.json")):
        if path.name in ("package.json", ".index.json") or path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
            continue
        row = {"filename": path.name}
        row.update({k: data[k] for k in INDEX_FIELDS if isinstance(data.get(k), str)})
        files.append(row)
    return {"index-version": 1, "files": files}


def read_index(package: Path) -> dict[str, Any]:
    """The package's index; built (and written, when the cache is writable) when missing or unreadable."""
    path = package / ".index.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("files"), list):
            return data
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    data = build_index(package)
    write_index(package, data)
    return data


def write_index(package: Path, data: dict[str, Any]) -> None:
    """Write ``.index.json`` atomically; a read-only cache is simply not written to."""
    tmp = package / f".index.json.{os.getpid()}.part"
    try:
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, package / ".index.json")
    except OSError:
        tmp.unlink(missing_ok=True)
