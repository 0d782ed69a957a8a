"""Read every pushed resource back and check the server kept what was sent.

Checked: every code (system|code) sent is there, every date sent is there unchanged at the same
place, and every reference points at a server id (never a ``urn:uuid`` left unresolved) - the id
of the resource it pointed at in the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .client import FhirClient
from .errors import PushError
from .graph import Item, local_reference, references, rewrite

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


def codes(node: Any) -> set[tuple[str, str]]:
    """Every (system, code) of every Coding in a resource tree."""
    found: set[tuple[str, str]] = set()
    if isinstance(node, dict):
        if isinstance(node.get("code"), str) and "system" in node:
            found.add((str(node.get("system")), node["code"]))
        for value in node.values():
            found |= codes(value)
    elif isinstance(node, list):
        for value in node:
            found |= codes(value)
    return found


def dates(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, value) of every date-shaped string, narrative and identifiers left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "identifier", "meta", "id"):
                continue
            yield from dates(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from dates(value, f"{path}[{n}]")
    elif isinstance(node, str) and DATE_RE.match(node):
        yield path, node


def _at(node: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            idx = int(part[1:-1])
            node = node[idx] if isinstance(node, list) and idx < len(node) else None
        else:
            node = node.get(part) if isinstance(node, dict) else None
    return node


def _relative(reference: str, base: str) -> str:
    reference = local_reference(reference)
    return reference[len(base) + 1:] if reference.startswith(base + "/") else reference


def compare(sent: dict[str, Any], got: dict[str, Any], base: str, server_ids: set[str]) -> list[str]:
    """Differences between what was sent (references already rewritten to server ids) and what
    the server returns."""
    problems = []
    missing = codes(sent) - codes(got)
    for system, code in sorted(missing):
        problems.append(f"code {system}|{code} missing")
    for path, value in dates(sent):
        kept = _at(got, path)
        if kept != value:
            problems.append(f"{path}: sent {value}, server has {kept!r}")
    got_refs = [_relative(r["reference"], base) for r in references(got)]
    for ref in got_refs:
        if ref.startswith("urn:"):
            problems.append(f"reference {ref} was not resolved to a server id")
    for r in references(sent):
        want = _relative(r["reference"], base)
        if want in server_ids and want not in got_refs:
            problems.append(f"reference to {want} missing")
    return problems


def verify(client: FhirClient, sent: list[tuple[Item, str]], id_map: dict[str, str]) -> tuple[int, list[str]]:
    """Read back each pushed resource; returns (how many were read, problems found)."""
    server_ids = set(id_map.values())
    problems: list[str] = []
    seen: set[str] = set()
    count = 0
    for item, ref in sent:
        if ref in seen:
            continue
        seen.add(ref)
        try:
            _, got = client.json("GET", ref, what=f"verify {ref}")
        except PushError as err:
            problems.append(f"{ref} ({item.label}): cannot be read back: {err.message}")
            continue
        count += 1
        expected = rewrite(item.resource, id_map)
        found = compare(expected, got or {}, client.base, server_ids)
        problems += [f"{ref} ({item.label}): {p}" for p in found]
    return count, problems


def verify_documents(client: FhirClient, sent: list[tuple[Item, str]]) -> tuple[int, list[str]]:
    """Read back each document Bundle: still a document with the same identifier and entries, and
    its references still the ones inside it (a server must not rewrite a document)."""
    problems: list[str] = []
    for item, ref in sent:
        try:
            _, got = client.json("GET", ref, what=f"verify {ref}")
        except PushError as err:
            problems.append(f"{ref}: cannot read it back: {err.message}")
            continue
        want = item.resource
        if not isinstance(got, dict) or got.get("type") != "document":
            problems.append(f"{ref}: not stored as a document Bundle")
            continue
        if got.get("identifier") != want.get("identifier"):
            problems.append(f"{ref}: identifier {got.get('identifier')!r}, sent {want.get('identifier')!r}")
        sent_urls = [e.get("fullUrl") for e in want.get("entry", [])]
        if [e.get("fullUrl") for e in got.get("entry", [])] != sent_urls:
            problems.append(f"{ref}: entries differ from those sent")
        if sorted(r["reference"] for r in references(got)) != sorted(r["reference"] for r in references(want)):
            problems.append(f"{ref}: references inside the document were changed")
    return len(sent), problems
