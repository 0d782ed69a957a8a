"""Named drug regimens (VAD, MP, VRd...) from ``data/regimens.yaml``.

A case names a regimen once; the converter expands it into one medication per component, each
coded from the terminology tables, and keeps the regimen's name and citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fhirconv.terminology import normalize


@dataclass(frozen=True, slots=True)
class Regimen:
    name: str
    display: str
    components: tuple[str, ...]
    source: str
    aliases: tuple[str, ...] = ()


def _key(name: str) -> str:
    """Lookup key: case, spaces, hyphens and underscores do not matter ("VRd" == "v-rd")."""
    return normalize(name).replace(" ", "")


@cache
def _regimens() -> tuple[dict[str, Regimen], tuple[Regimen, ...]]:
    from ruamel.yaml import YAML

    text = (Path(__file__).resolve().parent / "data" / "regimens.yaml").read_text("utf-8")
    entries = YAML(typ="safe").load(text) or []
    by_key: dict[str, Regimen] = {}
    ordered: list[Regimen] = []
    for entry in entries:
        regimen = Regimen(
            name=str(entry["name"]),
            display=str(entry["display"]),
            components=tuple(str(c) for c in entry["components"]),
            source=" ".join(str(entry["source"]).split()),
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        )
        ordered.append(regimen)
        for key in (regimen.name, *regimen.aliases):
            other = by_key.setdefault(_key(key), regimen)
            if other is not regimen:
                raise ValueError(f"regimens.yaml: {key!r} names both {other.name} and {regimen.name}")
    return by_key, tuple(ordered)


def find_regimen(name: str) -> Regimen | None:
    """The regimen called ``name`` (or one of its aliases), or None when there is none."""
    if not isinstance(name, str) or not name.strip():
        return None
    return _regimens()[0].get(_key(name))


def regimen_names() -> list[str]:
    """Canonical regimen names, in table order."""
    return [r.name for r in _regimens()[1]]


def all_regimens() -> tuple[Regimen, ...]:
    """Every regimen, in table order."""
    return _regimens()[1]
