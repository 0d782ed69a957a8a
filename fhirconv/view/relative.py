"""A relative time axis for a case dated only relative to its own events ("day 0 = admission").

Case reports often give no calendar dates but say "2 days before admission" or "one month
later". When a Bundle has no calendar date at all but its items carry offsets, the view places
them on an axis of days from one anchor instead of listing every step as undated.

The offsets are read from FHIR's standard extension
``http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime`` (sub-extensions ``target``: a
Reference to the anchor resource, or one with only a ``display`` for an anchor that has no resource;
``relationship``: ``before``/``after``/``concurrent``, with their ``-start``/``-end`` forms;
``offset``: a Duration in UCUM ``min``/``h``/``d``/``wk``/``mo``/``a``, or a Range of them). It is
found on the resource, on its date element (``_effectiveDateTime``, ``_onsetDateTime``...) or on a
Period (``effectivePeriod``, ``period``, ``actualPeriod``, their ``_start``). Chains are followed (a
step 1 month after an item that is 2 days before admission is "+1 mo" from it, less 2 days), and day
0 is the anchor most steps lead back to.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RELATIVE_URL = "http://hl7.org/fhir/StructureDefinition/cqf-relativeDateTime"
UNIT_DAYS = {"min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.4375, "a": 365.25}
UNIT_WORDS = {"min": "min", "h": "h", "d": "d", "wk": "wk", "mo": "mo", "a": "y"}
_RANK = ["min", "h", "d", "wk", "mo", "a"]
_PERIODS = ("effectivePeriod", "performedPeriod", "occurrencePeriod", "onsetPeriod", "period", "actualPeriod")


@dataclass(frozen=True)
class Offset:
    """One step of a chain: ``days`` (signed) from ``target``, written in ``unit``."""

    target: Any  # the Reference of the anchor
    days: float
    unit: str
    approximate: bool = False
    of_end: bool = False  # the offset places the end of the resource's period (its start is not known)
    to_start: bool = False  # the offset is counted from the target's start


def _holders(res: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """Where a relative date may sit, each with whether it is a period's end."""
    out = [(res, False)]
    out += [(v, False) for k, v in sorted(res.items()) if k.startswith("_") and isinstance(v, dict)]
    for key in _PERIODS:
        period = res.get(key)
        if isinstance(period, dict):
            out.append((period, False))
            # a span is placed by its start: "_start" before "_end" (sorted order would put the end first)
            out += [(period[k], k == "_end") for k in ("_start", "_end") if isinstance(period.get(k), dict)]
    return out


def _duration(value: Any) -> tuple[float, str] | None:
    if not isinstance(value, dict) or not isinstance(value.get("value"), int | float):
        return None
    unit = str(value.get("code") or value.get("unit") or "")
    unit = {"day": "d", "days": "d", "week": "wk", "weeks": "wk", "month": "mo", "months": "mo",
            "year": "a", "years": "a", "hour": "h", "hours": "h", "minute": "min", "minutes": "min"}.get(unit, unit)
    if unit not in UNIT_DAYS:
        return None
    return float(value["value"]), unit


def read_offset(res: dict[str, Any]) -> Offset | None:
    """The cqf-relativeDateTime of ``res`` as an :class:`Offset`; None when absent or unreadable."""
    for holder, of_end in _holders(res):
        for ext in holder.get("extension") or []:
            if not isinstance(ext, dict) or ext.get("url") != RELATIVE_URL:
                continue
            parts = {p.get("url"): p for p in ext.get("extension") or [] if isinstance(p, dict)}
            target = (parts.get("target") or {}).get("valueReference")
            relationship = str((parts.get("relationship") or {}).get("valueCode") or "")
            offset = parts.get("offset") or {}
            if not isinstance(target, dict):
                continue
            approximate = False
            found = _duration(offset.get("valueDuration") or offset.get("valueQuantity"))
            if found is None and isinstance(offset.get("valueRange"), dict):
                low, high = (_duration(offset["valueRange"].get(k)) for k in ("low", "high"))
                if low and high and low[1] == high[1]:
                    found, approximate = ((low[0] + high[0]) / 2, low[1]), True
            if found is None:
                if not relationship.startswith("concurrent"):
                    continue
                found = (0.0, "d")
            value, unit = found
            sign = -1.0 if relationship.startswith("before") else 1.0
            if relationship.startswith("concurrent"):
                sign = 0.0
            return Offset(target, sign * value * UNIT_DAYS[unit], unit, approximate, of_end,
                          relationship.endswith("-start"))
    return None


def offset_text(days: float, unit: str) -> str:
    """``day 0``, ``-15 d``, ``+3 d``, ``+1 mo``: the offset in the unit the source used."""
    if abs(days) < 1e-9:
        return "day 0"
    value = days / UNIT_DAYS[unit]
    shown = f"{round(value):d}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
    return f"{'+' if days > 0 else '-'}{shown.lstrip('-')} {UNIT_WORDS[unit]}"


@dataclass
class Placement:
    days: float
    text: str
    approximate: bool


def place(nodes: dict[int, Offset], resolve: Callable[[Any], int | None], ) -> tuple[str | int | None,
                                                                                  dict[int, Placement]]:
    """Follow each node's chain of offsets to its root; keep the root most nodes reach.

    ``nodes`` maps a resource's position to its offset; ``resolve`` turns a target Reference into a
    position (None when it is not in the Bundle: then the target's display names the root).
    Returns the root (a position, a display text, or None) and the placement of every node that
    reaches it (the root itself, when it is a resource, at day 0).
    """
    reached: dict[int, tuple[str | int, float, str, bool]] = {}
    for start in nodes:
        days, unit, approx, node, seen = 0.0, "d", False, start, {start}
        root: str | int | None = None
        while True:
            step = nodes[node]
            days += step.days
            if _RANK.index(step.unit) > _RANK.index(unit):
                unit = step.unit
            approx = approx or step.approximate
            target = resolve(step.target)
            if target is None:
                display = step.target.get("display") if isinstance(step.target, dict) else None
                root = f"display:{display}" if display else None
                break
            if target not in nodes:
                root = target
                break
            if target in seen:  # a cycle: no root
                break
            if step.to_start and nodes[target].of_end:  # counted from a start no one knows: no place
                break
            seen.add(target)
            node = target
        if root is not None:
            reached[start] = (root, days, unit, approx)
    if not reached:
        return None, {}
    counts = Counter(r[0] for r in reached.values())
    best = max(counts.values())
    root = next(r[0] for r in sorted(reached.values(), key=lambda r: str(r[0])) if counts[r[0]] == best)
    out = {i: Placement(d, offset_text(d, u), a) for i, (r, d, u, a) in reached.items() if r == root}
    if isinstance(root, int):
        out[root] = Placement(0.0, "day 0", False)
    return root, out
