"""Comparing instance values with fixed and pattern values, and following discriminator paths."""

from __future__ import annotations

from typing import Any


def equals(instance: Any, fixed: Any) -> bool:
    """fixed[x]: the value is exactly the fixed one."""
    return instance == fixed


def contains(instance: Any, pattern: Any) -> bool:
    """pattern[x]: every element of the pattern is in the instance (lists: each pattern item matched by
    some instance item); primitives are equal."""
    if isinstance(pattern, dict):
        if not isinstance(instance, dict):
            return False
        return all(k in instance and contains(instance[k], v) for k, v in pattern.items())
    if isinstance(pattern, list):
        if not isinstance(instance, list):
            return False
        return all(any(contains(i, p) for i in instance) for p in pattern)
    return instance == pattern


def choice_key(node: dict[str, Any], name: str) -> list[tuple[str, str]]:
    """The keys of a choice element in ``node``: ``value[x]`` -> ``[("valueQuantity", "Quantity")]``."""
    from fhirconv.validate.profiles.model import PRIMITIVES

    stem = name[:-3]
    out = []
    for key in node:
        if key.startswith(stem) and len(key) > len(stem) and key[len(stem)].isupper():
            suffix = key[len(stem):]
            lower = suffix[0].lower() + suffix[1:]
            out.append((key, lower if lower in PRIMITIVES else suffix))
    return out


def values_at(item: Any, path: str, resolve: Any = None) -> list[Any]:
    """Follow a discriminator path (``url``, ``coding.system``, ``$this``, ``resource``, ``value.ofType(X)``,
    ``extension('u').value``, ``resolve()``) from ``item``: the values reached."""
    current = [item]
    if path in ("$this", ""):
        return current
    for step in steps(path):
        nxt: list[Any] = []
        for node in current:
            if step == "resolve()":
                target = resolve(node) if resolve is not None else None
                if target is not None:
                    nxt.append(target)
            elif step.startswith("ofType(") and step.endswith(")"):
                nxt.extend(n for n in [node] if _type_of(n) == step[7:-1])
            elif step.startswith("extension(") and step.endswith(")"):
                url = step[len("extension("):-1].strip("'\"")
                nxt.extend(e for e in (node.get("extension") or []) if isinstance(e, dict) and e.get("url") == url) \
                    if isinstance(node, dict) else None
            elif isinstance(node, dict):
                if step in node:
                    v = node[step]
                    nxt.extend(v if isinstance(v, list) else [v])
                else:  # a choice element named without its type (value -> valueQuantity)
                    for key, _ in choice_key(node, step + "[x]"):
                        v = node[key]
                        nxt.extend(v if isinstance(v, list) else [v])
        current = nxt
    return current


def _type_of(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("resourceType"), str):
        return node["resourceType"]
    return None


def steps(path: str) -> list[str]:
    """Split on dots outside parentheses."""
    steps, depth, cur = [], 0, ""
    for ch in path:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "." and depth == 0:
            steps.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        steps.append(cur)
    return steps
