"""Hand-made profile violations: each case in tests/validate/profiles/ is a real example from an HL7
package (or a resource of its own) with changes applied, the profiles to check, and the issues expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "profiles"


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, int(last) if isinstance(node, list) else last


def build(case: dict[str, Any], cache: Path) -> dict[str, Any]:
    """The resource of a case: its base example (``NAME#VERSION/example/FILE`` in the cache) with the
    changes applied (``["set", "a.0.b", value]``, ``["del", "a.0.b"]``)."""
    if "resource" in case:
        data = copy.deepcopy(case["resource"])
    else:
        pkg, rest = case["base"].split("/", 1)
        data = json.loads((cache / pkg / "package" / rest).read_text(encoding="utf-8"))
    for op, path, *value in case.get("changes", []):
        node, key = _walk(data, path)
        if op == "set":
            if isinstance(node, list) and key == len(node):
                node.append(value[0])
            else:
                node[key] = value[0]
        else:
            del node[key]
    return data


def load(name: str) -> dict[str, Any]:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.json"))
