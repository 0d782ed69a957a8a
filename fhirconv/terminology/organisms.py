"""Organisms as case reports name them, read from the terminologies themselves: the Global Patient
Set's organism concepts (*Escherichia coli*, *Genus Salmonella*) and ICD-10-CM's agents "as the
cause of diseases classified elsewhere" (B95-B97: *Pseudomonas (aeruginosa) ...*, *Respiratory
syncytial virus*). Used to read a disorder named with its organism ("E. coli sepsis", "MRSA
bacteremia"); nothing here is a code."""

from __future__ import annotations

import re
from functools import lru_cache

_BINOMIAL = re.compile(r"([A-Z][a-z]+) ([a-z]{3,})")
# B95-B97: "Streptococcus, group A, as the cause of diseases classified elsewhere"
_AGENT = re.compile(r"^(?:(?:Unspecified|Other specified|Other) )?(?P<name>.+?)(?: infection)? as the cause of "
                    r"diseases classified elsewhere$")
_GROUPED = re.compile(r"^(?P<genus>\w+), (?P<group>group [A-Z])$")


@lru_cache(maxsize=1)
def _gps() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What the Global Patient Set gives: its organism names, the (genus, species) of its binomials,
    and the keys of its names (see :func:`phrases`). Scanning the index's concepts and keying some
    five thousand names took about 25 ms of every process's first organism reading; they are kept
    in the cache directory (:func:`fhirconv.diskcache.kept`), named by the index and the code that
    reads and keys it."""
    from pathlib import Path

    from fhirconv.diskcache import kept
    from fhirconv.terminology import gps_data

    here = Path(__file__).resolve().parent
    sources = [gps_data.DATA, *(here / f for f in ("gps_data.py", "gps_keys.py", "normalize.py", "sectioned.py")),
               Path(__file__).resolve()]
    return kept("gps-organisms", sources, _read_gps, _valid_gps)


def _read_gps() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    from fhirconv.terminology import gps_data

    index = gps_data.index()
    names = tuple(n.removeprefix("Genus ") for n in index.names("organism")) if index is not None else ()
    found = (_BINOMIAL.fullmatch(name) for name in names)
    pairs = tuple(dict.fromkeys((m.group(1).lower(), m.group(2)) for m in found if m))
    seen: dict[tuple[str, str], set[str]] = {}
    for genus, species in pairs:
        seen.setdefault((genus[0], species), set()).add(genus)
    keys = {key(n) for n in names}
    for genus, species in pairs:
        keys.add(key(genus))
        if len(seen[(genus[0], species)]) == 1:  # the binomial is the only one with this initial
            keys.add(key(f"{genus[0]} {species}"))
    return names, pairs, tuple(sorted(keys))


def _valid_gps(found: object) -> bool:
    return (type(found) is tuple and len(found) == 3 and all(type(part) is tuple for part in found)
            and all(type(p) is tuple and len(p) == 2 for p in found[1]))


def _gps_names() -> tuple[str, ...]:
    return _gps()[0]


def key(words: str) -> str:
    """An organism name's look-up key: lower case, letters and digits only, *haemophilus* as ICD-10-CM
    spells it (cheaper than :func:`fhirconv.terminology.normalize.normalize` over thousands of names)."""
    return " ".join(re.findall(r"[a-z0-9]+", words.lower().replace("haemophilus", "hemophilus")))


@lru_cache(maxsize=1)
def _icd_agents() -> tuple[str, ...]:
    """The organisms ICD-10-CM names in B95-B97, without nonessential words and abbreviations:
    "Pseudomonas", "Escherichia coli", "group A Streptococcus", "Respiratory syncytial virus"."""
    from fhirconv.terminology import icd10cm

    index = icd10cm.index()
    found: list[str] = []
    for block in ("B95", "B96", "B97"):
        for tail in [str(d) for d in range(10)] + [f"{d:02d}" for d in range(100)]:
            description = index.description(f"{block}.{tail}")
            m = _AGENT.match(description or "")
            if not m:
                continue
            name = " ".join(re.sub(r"\s*[(\[][^)\]]*[)\]]", "", m.group("name")).split()).rstrip(",")
            if name.endswith(" agents"):  # "Other specified bacterial agents": no organism
                continue
            grouped = _GROUPED.match(name)
            found.append(f"{grouped.group('group')} {grouped.group('genus')}" if grouped else name)
    return tuple(found)


@lru_cache(maxsize=1)
def organisms() -> frozenset[tuple[str, str]]:
    """The (genus, species) of the Global Patient Set's organisms named by genus and species alone
    (*Escherichia coli*), in lower case."""
    return frozenset(_gps()[1])


@lru_cache(maxsize=1)
def genera() -> frozenset[str]:
    """Genus names, in lower case: of the GPS's binomials, and ICD-10-CM's agents named by a genus
    alone (*Pseudomonas*, *Proteus*, *Enterococcus*)."""
    alone = (n for n in _icd_agents() if re.fullmatch(r"[A-Z][a-z]+", n))
    return frozenset({genus for genus, _ in organisms()} | {n.lower() for n in alone})


@lru_cache(maxsize=1)
def binomials() -> dict[tuple[str, str], str]:
    """Each (initial, species) of :func:`organisms` that only one genus has: ``("e", "coli") ->
    "Escherichia coli"``."""
    seen: dict[tuple[str, str], set[str]] = {}
    for genus, species in organisms():
        seen.setdefault((genus[0], species), set()).add(f"{genus.capitalize()} {species}")
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=1)
def phrases() -> frozenset[str]:
    """Every organism name as its :func:`key`: the GPS's and ICD-10-CM's, each genus of a binomial
    alone, each binomial with its genus cut to an initial ("e coli"), and the open list's names
    (:mod:`fhirconv.terminology.open_organisms`: *Trichosporon asahii*)."""
    from fhirconv.terminology import open_organisms

    found = {*_gps()[2], *(key(n) for n in _icd_agents()), *(key(n) for _, n in open_organisms.rows().values())}
    return frozenset(k for k in found if k)


@lru_cache(maxsize=1)
def initials() -> dict[str, str]:
    """ICD-10-CM's agents of several words known by their initials, when only one name has them:
    "MRSA" -> *Methicillin resistant Staphylococcus aureus*, "RSV" -> *Respiratory syncytial virus*."""
    seen: dict[str, set[str]] = {}
    for name in set(_icd_agents()):
        words = name.replace("-", " ").split()
        if 3 <= len(words) <= 5 and all(w.isalpha() for w in words):
            seen.setdefault("".join(w[0] for w in words).upper(), set()).add(name)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
