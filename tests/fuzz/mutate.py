"""Mutations of the samples, for the fuzz test and the long fuzz run: what a broken export, a hand
edit gone wrong or a hostile sender produces (deleted keys, swapped types, odd Unicode, NUL bytes,
BOM, CRLF, huge strings, deep nesting, YAML aliases, bad dates, date cycles and chains, huge numbers).

Everything is drawn from a ``random.Random``, so a seed names a mutated file exactly.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MAX_TEXT = 24_000_000  # characters of one mutated file (the 16 MB size limit is tried, and a little past it)
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

ODD = ["\x00", "\x01", "\x1b", "\x7f", "\u0085", "\u00a0", "\u200b", "\u202e", "\ufeff", "\ufffe", "\U0001f600",
       "\t", "\r", "\r\n", "'", '"', "\\", "&", "*", "!", "%", "@", "`", "{", "}", "[", "]", ":", "#", "|", ">",
       "- ", "? ", "<<: ", "~", "null", "NaN", ".nan", "-.inf", "1e999", "0x1F", "0o17", "1_000.5",
       "\u0000exact:NaN", "exact:0", "2011-02-30", "9999-12-31T25:00:00Z"]
DATES = ["2011-02-30", "0000", "10000-01-01", "2011-13", "1 day after {id}", "99999 years after {id}",
         "999999 days before {id}", "about 7 years before {other}", "{id}", "{other}", "3 moons after {other}",
         "9" * 5000 + " days after {other}", "2011-06-15T10:00:00", "2011-06-15T10:00:00+25:00", ""]


def load_sample(rng: random.Random) -> tuple[str, Any]:
    from fhirconv.case.loader import parse

    path = rng.choice(SAMPLES)
    text = path.read_text(encoding="utf-8")
    return text, parse(text, path.name).data


def _walk(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """(path, value) pairs in ``node``: the first 20,000, at most 40 levels down (a mutated file can
    hold millions of nodes, and visiting them all would make the fuzzing, not fhirconv, the slow part)."""
    found: list[tuple[tuple, Any]] = []
    stack = [(path, node)]
    while stack and len(found) < 20_000:
        path, node = stack.pop()
        found.append((path, node))
        if len(path) >= 40:
            continue
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(node[:2000]))))
    return found


def _set(root: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = root
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return root


def _ids(data: Any) -> list[str]:
    return [v for p, v in _walk(data) if p and p[-1] == "id" and isinstance(v, str)] or ["x"]


def _swap(rng: random.Random, value: Any, ids: list[str]) -> Any:
    choices: list[Any] = [None, True, 0, -1, 1.5, 10 ** 30, "", "x" * rng.choice([10, 10_000, 2_000_000]), [], {},
                          [value], {"value": value}, str(value)[:50], rng.choice(ODD) * rng.randint(1, 3),
                          float("nan"), float("inf"), 12.50, "1" * 5000]
    if isinstance(value, str):
        choices += [rng.choice(DATES).format(id=rng.choice(ids), other=rng.choice(ids)),
                    value + rng.choice(ODD), rng.choice(ODD) + value, value.upper(), value[: len(value) // 2]]
    return rng.choice(choices)


def mutate_data(rng: random.Random, data: Any) -> Any:
    """One structural mutation of parsed data: delete, swap a type, rename, date games, nesting."""
    data = json.loads(json.dumps(data, allow_nan=True))
    nodes = _walk(data)
    path, value = rng.choice(nodes[1:] or nodes)
    ids = _ids(data)
    kind = rng.randrange(7)
    if kind == 0 and path:  # delete
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
    elif kind == 1:
        data = _set(data, path, _swap(rng, value, ids))
    elif kind == 2 and isinstance(value, dict):  # an unknown or duplicated key
        value[rng.choice(["extra", "date", "series", "id", "unit", "<<", "codes"])] = _swap(rng, None, ids)
    elif kind == 3:  # a date expression game: cycles, chains, impossible dates
        dated = [p for p, v in nodes if p and p[-1] in ("date", "onset", "start", "end", "at")]
        target = rng.choice(dated) if dated else path
        data = _set(data, target, rng.choice(DATES).format(id=rng.choice(ids), other=rng.choice(ids)))
    elif kind == 4:  # deep nesting
        depth = rng.choice([10, 100, 900, 5000])
        deep: Any = "x"
        for _ in range(depth):
            deep = [deep]
        data = _set(data, path, deep)
    elif kind == 5 and isinstance(value, list) and value:  # many copies of an item
        value.extend([value[0]] * rng.choice([2, 100, 5000]))
    else:  # a long chain of relative dates
        n = rng.choice([5, 300, 5000])
        timeline = data.setdefault("timeline", {}) if isinstance(data, dict) else {}
        if isinstance(timeline, dict):
            for i in range(n):
                timeline[f"fz{i}"] = {"date": f"1 day after fz{i + 1}"}
            timeline[f"fz{n}"] = {"date": rng.choice(["2001-01-01", "1 day after fz0"])}
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    """One textual mutation: odd characters, lost lines, CRLF, BOM, truncation, brackets, aliases."""
    kind = rng.randrange(9)
    pos = rng.randrange(len(text) + 1)
    if kind == 0:
        return text[:pos] + rng.choice(ODD) + text[pos:]
    if kind == 1:
        lines = text.splitlines(keepends=True)
        if lines:  # an earlier mutation may have left nothing to lose
            del lines[rng.randrange(len(lines))]
        return "".join(lines)
    if kind == 2:
        return text.replace("\n", "\r\n")
    if kind == 3:
        return "\ufeff" + text
    if kind == 4:
        return text[:pos]
    if kind == 5:
        n = rng.choice([50, 1000, 30_000, 100_000])
        return text[:pos] + rng.choice(["[", "{"]) * n + text[pos:]
    if kind == 6:
        levels = rng.choice([2, 5, 9])
        bomb = "zz0: &zz0 [l, l, l, l, l, l, l, l, l, l]\n" + "".join(
            f"zz{i}: &zz{i} [{', '.join([f'*zz{i - 1}'] * 10)}]\n" for i in range(1, levels + 1))
        return bomb + text if not text.lstrip().startswith("{") else text
    if kind == 7:
        return text[:pos] + "9" * rng.choice([20, 400, 5000]) + text[pos:]
    lines = text.splitlines(keepends=True)
    if not lines:  # an earlier mutation cut the text to nothing: nothing to repeat
        return text
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i] * rng.choice([2, 50]))
    return "".join(lines)


def mutated_case(rng: random.Random) -> tuple[str, str]:
    """(file suffix, text) of one mutated case: one to three mutations, as YAML or JSON."""
    text, data = load_sample(rng)
    as_json = rng.random() < 0.4
    if as_json:
        text = _json(data)
    for _ in range(rng.randint(1, 3)):
        try:
            if rng.random() < 0.5:
                mutated = mutate_data(rng, data)
                new = _json(mutated, ensure_ascii=rng.random() < 0.5) if as_json else _yaml(mutated, text)
            else:
                mutated, new = data, mutate_text(rng, text)
        except RecursionError:  # a mutation nested the data past what json.dumps writes: keep the text
            continue
        if len(new) <= MAX_TEXT:  # copies of copies could grow without end: keep files to a size
            data, text = mutated, new
    return (".json" if as_json else ".yaml"), text


def _json(data: Any, **kwargs: Any) -> str:
    """Indented JSON when small; compact when large (indenting 5,000 copies of a 900-deep list
    would write billions of spaces)."""
    text = json.dumps(data, **kwargs)
    return json.dumps(data, indent=1, **kwargs) if len(text) < 200_000 else text


def _yaml(data: Any, fallback: str) -> str:
    """Data as YAML (JSON is YAML too; NaN and infinities in YAML's spelling)."""
    try:
        return _json(data, allow_nan=False)
    except ValueError:
        text = _json(data)
        return text.replace("-Infinity", "-.inf").replace("Infinity", ".inf").replace("NaN", ".nan")
    except RecursionError:
        return fallback


def mutated_bundle(rng: random.Random, bundles: list[dict[str, Any]]) -> str:
    """JSON text of one mutated Bundle (structure, types, references, odd Unicode, nesting, numbers)."""
    data: Any = rng.choice(bundles)
    for _ in range(rng.randint(1, 3)):
        try:
            if rng.random() >= 0.7:
                return mutate_text(rng, _json(data))
            data = _mutate_fhir(rng, data)
        except RecursionError:  # nested past what json.dumps writes: keep what we have
            break
    try:
        return _json(data, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    except RecursionError:
        deep = "[" * 5000 + "]" * 5000
        return json.dumps(rng.choice(bundles))[:-1] + f', "deep": {deep}}}'  # as deep, written by hand


def _mutate_fhir(rng: random.Random, data: Any) -> Any:
    data = json.loads(json.dumps(data))
    nodes = _walk(data)
    path, value = rng.choice(nodes[1:] or nodes)
    kind = rng.randrange(6)
    if kind == 0 and path:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
        return data
    if kind == 1:
        return _set(data, path, _swap(rng, value, ["x"]))
    if kind == 2:  # a resource type or a reference made odd
        keys = [p for p, _ in nodes if p and p[-1] in ("resourceType", "reference", "fullUrl", "meta", "id")]
        target = rng.choice(keys) if keys else path
        odd = rng.choice(["\ud800", "Patient/", "urn:uuid:", "#", "Bundle", "Observation/../x", 1.5, {}, [],
                          "Patient?identifier=a|b", "http://x/Patient/1/_history/2", "\u0000"])
        return _set(data, target, odd)
    if kind == 3:
        deep: Any = {"a": 1}
        for _ in range(rng.choice([10, 200, 900, 3000])):
            deep = {"extension": [deep]}
        return _set(data, path, deep)
    if kind == 4 and isinstance(value, list) and value:
        value.extend([value[0]] * rng.choice([2, 50]))
        return data
    if isinstance(value, dict):
        value[rng.choice(["extra", "meta", "request", "resourceType", "_id", "valueQuantity"])] = _swap(
            rng, None, ["x"])
    return data
