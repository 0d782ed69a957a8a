"""Remembered verdicts: resources the structure and schema layers found clean need not be checked again.

Why: people edit a case and convert it again, over and over, and most of its resources come out
byte-identical each time. Those two layers are pure functions of the resource's JSON and of the
versions of fhir.resources, pydantic, jsonschema-rs and fhirconv's own layer code, and they are most
of a one-case run's cost (building the pydantic model classes takes a few hundred milliseconds). So
a run that checks few documents keeps a digest (BLAKE2b) of every resource both layers passed, on disk
(:mod:`fhirconv.diskcache`, keyed by all those versions), and skips them next time. Only clean
verdicts are kept: a resource with any issue is always checked afresh, so messages never come from
the cache. The CLI turns this on for single-document runs (:func:`enable`); the library API does
not use it unless asked.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.diskcache import _blake2b

_LIMIT = 20_000
_enabled = False


def enable(on: bool = True) -> None:
    """Use remembered verdicts in this process (the CLI does this for one-document runs)."""
    global _enabled
    _enabled = on


def enabled() -> bool:
    return _enabled


@cache
def _store(version: str) -> Any:
    from fhirconv.diskcache import JsonCache, package_stamp

    here = Path(__file__).parent
    code = "-".join(f"{(here / f).stat().st_mtime_ns:x}" for f in ("structure.py", "schema.py"))
    versions = "-".join(package_stamp(p) for p in ("fhir.resources", "pydantic", "pydantic_core", "jsonschema_rs"))
    return JsonCache("verdicts", f"{version}-{versions}-{code}", limit=_LIMIT)


def _tagged(value: Any) -> Any:
    # Values json cannot write (exact decimals...) keep their type in the key: 12.50 as a decimal and
    # "12.50" as a string must not share a verdict.
    return {"$type": type(value).__name__, "$value": str(value)}


def key(resource: Any) -> str:
    text = json.dumps(resource, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_tagged)
    return _blake2b()(text.encode("utf-8", "surrogatepass"), digest_size=32).hexdigest()


def known_clean(version: str, keys: list[str]) -> list[bool]:
    store = _store(version)
    return [k in store for k in keys]


def remember_clean(version: str, keys: list[str]) -> None:
    if not keys:
        return
    store = _store(version)
    for k in keys:
        store.put(k, 1)
    store.save()
