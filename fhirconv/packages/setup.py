"""The packages the profile options need, installed once by the project's set-up (tests, CI)."""

from __future__ import annotations

import json
from pathlib import Path

from fhirconv.packages.cache import cache_dir, is_installed
from fhirconv.packages.install import VENDOR_FILES, Installed, install, parse_spec

# IPS 2.0.0 and mCODE STU4 with what their package.json lists (installed with them), and the R4
# value set expansions, which make the core value sets checkable offline.
PROFILE_PACKAGES = ("hl7.fhir.uv.ips@2.0.0", "hl7.fhir.us.mcode@4.0.0", "hl7.fhir.r4.expansions@4.0.1")
# Packages the registry does not carry, shipped in fhirconv/packages/vendor/ (see its README): US Core
# 6.1.0, which mCODE STU4 builds on, trimmed to what the profiles --profile mcode claims need.
VENDORED = {f"{n}@{v}": path for (n, v), path in VENDOR_FILES.items()}
MARKER = ".fhirconv-setup.json"


def ensure(specs: tuple[str, ...] = (*VENDORED, *PROFILE_PACKAGES), cache: Path | None = None) -> list[Installed]:
    """Install ``specs`` and their dependencies unless a previous run did (no network then); a spec
    in :data:`VENDORED` is installed from its file in the project (checked against its manifest)."""
    cache = cache or cache_dir()
    marker = cache / MARKER
    try:
        done = set(json.loads(marker.read_text(encoding="utf-8")).get("installed", []))
    except (OSError, ValueError, AttributeError):
        done = set()
    if set(specs) <= done and all(is_installed(cache, *_exact(s)) for s in specs):
        return []
    results = install([str(VENDORED[s]) if s in VENDORED else s for s in specs], cache)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_suffix(".part")
    tmp.write_text(json.dumps({"installed": sorted(done | set(specs)),
                               "notes": [f"{r.name}@{r.version}: {r.note}" for r in results if r.note]}, indent=1),
                   encoding="utf-8")
    tmp.replace(marker)
    return results


def _exact(spec: str) -> tuple[str, str]:
    name, version = parse_spec(spec)
    return name, version or ""
