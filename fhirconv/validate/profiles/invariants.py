"""The profiles' FHIRPath invariants, compiled once with fhirpathpy and evaluated defensively."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Base-resource invariants another layer already checks (clinical: dom-*, con-*, obs-*, ...;
# integrity: bdl-*; json: ele-1): evaluated again here they would only repeat its findings.
CHECKED_ELSEWHERE = frozenset(
    {"ele-1", "ext-1", "dom-2", "dom-3", "dom-4", "dom-5", "dom-6", "con-3", "con-4", "con-5", "obs-3", "obs-6",
     "obs-7", "pat-1", "rng-2", "qty-3", "age-1", "per-1"} | {f"bdl-{n}" for n in range(1, 13)}
)
BASE_PREFIX = "http://hl7.org/fhir/StructureDefinition/"


def skip(key: str, source: str) -> bool:
    """A base invariant already checked by another layer (an IG's own invariants are always run)."""
    return key in CHECKED_ELSEWHERE and (not source or source.startswith(BASE_PREFIX))


@lru_cache(maxsize=4096)
def compiled(base: str, expression: str, version: str) -> Any:
    """A callable for ``expression`` (``base``: the element path it is evaluated at, part of the key)."""
    from fhirpathpy import compile as fp_compile
    from fhirpathpy.models import models

    return fp_compile(expression, models["r5" if version == "R5" else "r4"])


def evaluate(base: str, expression: str, version: str, node: Any, resource: Any) -> bool | None:
    """True/False for the invariant on ``node``; None when it gives no boolean. Raises on fhirpathpy errors."""
    from fhirpathpy.engine.nodes import ResourceNode

    fn = compiled(base, expression, version)
    start = node if node is resource else ResourceNode.create_node(node, base)
    result = fn(start, {"resource": resource, "rootResource": resource})
    if result == [False]:
        return False
    if result == [True]:
        return True
    return None
