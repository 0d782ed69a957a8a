"""Named drug regimens (VAD, MP, VRd...) from ``data/regimens.yaml``.

A case names a regimen once; the converter expands it into one medication per component, each
coded from the terminology tables, and keeps the regimen's name and citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology import normalize


@dataclass(frozen=True, slots=True)
class Regimen:
    name: str
    display: str
    components: tuple[str, ...]
    source: str
    aliases: tuple[str, ...] = ()
    # what giving the regimen is, as a procedure term of the tables: a cancer regimen is chemotherapy
    # (SNOMED CT's *Chemotherapy* is antineoplastic), another the words its entry gives
    therapy: str = "chemotherapy"


def _key(name: str) -> str:
    """Lookup key: case, spaces, hyphens and underscores do not matter ("VRd" == "v-rd")."""
    return normalize(name).replace(" ", "")


@cache
def _regimens() -> tuple[dict[str, Regimen], tuple[Regimen, ...]]:
    from fhirconv.diskcache import kept

    here = Path(__file__).resolve().parent
    data = here / "data" / "regimens.yaml"
    # parsing the YAML and normalising every name took a run 7 ms: kept on disk, as rows and keys
    rows, keys = kept("regimens", [data, Path(__file__), here / "normalize.py"], lambda: _read(data),
                      lambda found: type(found) is tuple and len(found) == 2)
    ordered = tuple(Regimen(*row) for row in rows)
    return {key: ordered[i] for key, i in keys.items()}, ordered


def _read(path: Path) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    from ruamel.yaml import YAML

    entries = YAML(typ="safe").load(path.read_text("utf-8")) or []
    rows: list[tuple[Any, ...]] = []
    keys: dict[str, int] = {}
    for i, entry in enumerate(entries):
        name = str(entry["name"])
        aliases = tuple(str(a) for a in entry.get("aliases") or ())
        rows.append((name, str(entry["display"]), tuple(str(c) for c in entry["components"]),
                     " ".join(str(entry["source"]).split()), aliases, str(entry.get("therapy") or "chemotherapy")))
        for key in (name, *aliases):
            other = keys.setdefault(_key(key), i)
            if other != i:
                raise ValueError(f"regimens.yaml: {key!r} names both {rows[other][0]} and {name}")
    return rows, keys


def find_regimen(name: str) -> Regimen | None:
    """The regimen called ``name`` (or one of its aliases), or None when there is none."""
    if not isinstance(name, str) or not name.strip():
        return None
    found = _regimens()[0].get(_key(name))
    if found is None and (m := _MODIFIED.match(name.strip())):  # mFOLFOX4: FOLFOX4's drugs, other doses
        found = _regimens()[0].get(_key(name.strip()[m.end():]))
    return found


# "modified" before a regimen's name, as oncologists write it: "mFOLFOX4" (a small m before capitals,
# so "MVAC" stays itself) or "modified FOLFOX4"
_MODIFIED = re.compile(r"^(?:m(?=[A-Z]{2})|modified\s+)")


def regimen_names() -> list[str]:
    """Canonical regimen names, in table order."""
    return [r.name for r in _regimens()[1]]


def all_regimens() -> tuple[Regimen, ...]:
    """Every regimen, in table order."""
    return _regimens()[1]
