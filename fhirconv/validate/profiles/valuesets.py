"""Which codes a value set allows, when that can be known offline from the installed packages.

A value set is enumerable when its expansion is shipped complete, or its compose lists concepts or
includes whole code systems that are in the packages (with ``content`` complete). Filters (SNOMED
CT hierarchies, LOINC properties) and code systems the packages do not carry make it *not
checkable*: the caller reports that, never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fhirconv.validate.profiles.definitions import Definitions


@dataclass(frozen=True, slots=True)
class Codes:
    """The (system, code) pairs of an enumerable value set; ``reason`` says why it is not, else."""

    pairs: frozenset[tuple[str, str]] | None
    reason: str = ""

    @property
    def checkable(self) -> bool:
        return self.pairs is not None

    def has(self, system: str | None, code: str) -> bool:
        assert self.pairs is not None
        if system is None:
            return any(c == code for _, c in self.pairs)
        return (system, code) in self.pairs


def _concepts(concepts: list[dict[str, Any]] | None, system: str, out: set[tuple[str, str]]) -> None:
    for c in concepts or ():
        if isinstance(c.get("code"), str):
            out.add((system, c["code"]))
        _concepts(c.get("concept"), system, out)


def _contains(items: list[dict[str, Any]] | None, out: set[tuple[str, str]]) -> None:
    for c in items or ():
        if isinstance(c.get("code"), str) and isinstance(c.get("system"), str) and not c.get("abstract"):
            out.add((c["system"], c["code"]))
        _contains(c.get("contains"), out)


class ValueSets:
    """Enumerates value sets of one :class:`Definitions`, each once per process."""

    def __init__(self, defs: Definitions):
        self.defs = defs
        self._cache: dict[str, Codes] = {}

    def codes(self, url: str) -> Codes:
        base = url.split("|", 1)[0]
        if base not in self._cache:
            self._cache[base] = Codes(None, "a value set that includes itself")  # guards cycles
            self._cache[base] = self._enumerate(url)
        return self._cache[base]

    def _enumerate(self, url: str) -> Codes:
        found = self.defs.all("ValueSet", url)
        if not found:
            return Codes(None, f"value set {url} is not in the installed packages")
        for vs in found:  # a complete expansion shipped with a package answers at once
            exp = vs.get("expansion")
            if isinstance(exp, dict) and exp.get("contains") and not _limited(exp):
                out: set[tuple[str, str]] = set()
                _contains(exp.get("contains"), out)
                if not isinstance(exp.get("total"), int) or exp["total"] <= len(out):
                    return Codes(frozenset(out))
        compose = next((vs.get("compose") for vs in found if isinstance(vs.get("compose"), dict)), None)
        if compose is None:
            return Codes(None, f"value set {url} has neither a complete expansion nor a compose")
        included = self._part(compose.get("include") or [], url)
        if not included.checkable:
            return included
        excluded = self._part(compose.get("exclude") or [], url)
        if not excluded.checkable:
            return Codes(None, excluded.reason)
        return Codes(included.pairs - excluded.pairs)  # type: ignore[operator]

    def _part(self, rules: list[dict[str, Any]], url: str) -> Codes:
        out: set[tuple[str, str]] = set()
        for rule in rules:
            pairs: set[tuple[str, str]] | None = None
            system = rule.get("system")
            if isinstance(system, str):
                pairs = set()
                if rule.get("filter"):
                    selected = self._filtered(system, rule["filter"])
                    if selected is None:
                        return Codes(None, f"value set {url} selects {system} codes by a filter (a hierarchy or "
                                           "property that cannot be expanded offline)")
                    pairs.update((system, c) for c in selected)
                elif rule.get("concept"):
                    pairs.update((system, c["code"]) for c in rule["concept"] if isinstance(c.get("code"), str))
                else:
                    whole = self._system(system)
                    if not whole.checkable:
                        return Codes(None, f"value set {url} includes all of {system}: {whole.reason}")
                    pairs.update(whole.pairs or ())
            for inner in rule.get("valueSet") or ():
                sub = self.codes(inner)
                if not sub.checkable:
                    return sub
                pairs = sub.pairs if pairs is None else pairs & sub.pairs  # type: ignore[operator]
            out.update(pairs or ())
        return Codes(frozenset(out))

    def _filtered(self, system: str, filters: list[dict[str, Any]]) -> set[str] | None:
        """Codes of a code system in the packages selected by hierarchy filters (is-a, descendent-of,
        is-not-a, =, in on the concept); None for filters or systems that cannot be evaluated here."""
        cs = self.defs.get("CodeSystem", system)
        if cs is None or cs.get("content") not in ("complete", None):
            return None
        parents: dict[str, str | None] = {}

        def walk(concepts: list[dict[str, Any]] | None, parent: str | None) -> None:
            for c in concepts or ():
                if isinstance(c.get("code"), str):
                    parents[c["code"]] = parent
                    walk(c.get("concept"), c["code"])

        walk(cs.get("concept"), None)

        def ancestors(code: str) -> set[str]:
            out, cur = set(), parents.get(code)
            while cur is not None and cur not in out:
                out.add(cur)
                cur = parents.get(cur)
            return out

        selected = set(parents)
        for f in filters:
            prop, op, value = f.get("property"), f.get("op"), f.get("value", "")
            if prop not in ("concept", "code") or not isinstance(value, str):
                return None
            if op == "is-a":
                keep = {c for c in parents if c == value or value in ancestors(c)}
            elif op == "descendent-of":
                keep = {c for c in parents if value in ancestors(c)}
            elif op == "is-not-a":
                keep = {c for c in parents if c != value and value not in ancestors(c)}
            elif op == "=":
                keep = {value} & set(parents)
            elif op == "in":
                keep = {v.strip() for v in value.split(",")} & set(parents)
            else:
                return None
            selected &= keep
        return selected

    def _system(self, url: str) -> Codes:
        cs = self.defs.get("CodeSystem", url)
        if cs is None:
            return Codes(None, "the code system is not in the installed packages")
        if cs.get("content") not in ("complete", None):
            return Codes(None, f"the packages hold only a {cs.get('content')} copy of the code system")
        out: set[tuple[str, str]] = set()
        _concepts(cs.get("concept"), url, out)
        return Codes(frozenset(out))


def _limited(exp: dict[str, Any]) -> bool:
    """A truncated expansion: ``limitedExpansion`` true (the R4 expansions package writes it as the
    string "-1", as the 2019 terminology server did), so its codes are not the whole value set."""
    return any(p.get("name") == "limitedExpansion" and (p.get("valueBoolean") is True
                                                        or str(p.get("valueString", "")).lower() in ("-1", "true"))
               for p in exp.get("parameter") or ())
