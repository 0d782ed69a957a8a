"""Slicing: assigning a repeated element's items to its slices by their discriminators, then each
slice's own rules and cardinality, and closed slicing. A mixin of :class:`~.checker.Checker`."""

from __future__ import annotations

from typing import Any

from fhirconv.validate.profiles.instance import Item, Run, claimed_urls, coded
from fhirconv.validate.profiles.matching import contains, equals, steps, values_at
from fhirconv.validate.profiles.model import Element


class Slicing:
    """Slicing methods; the walk, rules and lookups they use are the :class:`~.checker.Checker`'s."""

    def _slicing(self, run: Run, elem: Element, items: list[Item], parent_expr: str, parent: Element,
                 host_types: list[str]) -> set[int]:
        """Assign items to slices, check each slice's rules and cardinality, and closed slicing; the
        indexes of items whose slice names their profile (extensions checked there)."""
        slicing = elem.slicing or {}
        discriminators = slicing.get("discriminator") or []
        counts = {id(s): 0 for s in elem.slices}
        undecidable = {id(s): why for s in elem.slices if (why := self._undecidable(s, discriminators))}
        profiled: set[int] = set()
        for n, item in enumerate(items):
            hit = next((s for s in elem.slices if id(s) not in undecidable
                        and self._matches(s, item, discriminators)), None)
            if hit is None:
                if slicing.get("rules") == "closed" and not undecidable:
                    self._issue(run, "error", item.expr, elem, "matches none of the slices "
                                f"({', '.join(s.slice_name or '?' for s in elem.slices)}) and the slicing is closed",
                                code="structure")
                continue
            counts[id(hit)] += 1
            ext_profile = next((p for t in hit.types if t.code == "Extension" for p in t.profiles), None)
            if ext_profile and not hit.children:
                profiled.add(n)
                self._element_rules(run, hit, item)
                self._extension(run, item, parent, host_types, ext_profile)
            else:
                self._item(run, hit, item, parent, host_types)
        for s in elem.slices:
            label = f"{elem.id}:{s.slice_name}"
            if id(s) in undecidable:
                self._issue(run, "information", parent_expr, None, f"{label}: slice not checkable offline: "
                            f"{undecidable[id(s)]}", code="not-supported")
                continue
            self._cardinality(run, s, counts[id(s)], parent_expr, [], label=label)
        return profiled

    def _undecidable(self, slice_: Element, discriminators: list[dict[str, Any]]) -> str:
        """Why items cannot be told to belong to ``slice_`` ('' when they can): a value discriminator
        that only a value set binding defines, whose codes cannot be enumerated offline."""
        for disc in discriminators:
            if disc.get("type") not in ("value", "pattern"):
                continue
            path = disc.get("path", "$this")
            target = self._element_at(slice_, path)
            if expected_value(slice_, target, path) is not None:
                continue
            if target is not None and target.binding and target.binding[1]:
                codes = self.valuesets.codes(target.binding[1])
                if not codes.checkable:
                    return codes.reason
                continue
            return f"no fixed or pattern value at '{path}' to tell its items apart"
        return ""

    def _matches(self, slice_: Element, item: Item, discriminators: list[dict[str, Any]]) -> bool:
        if not discriminators:
            return False
        for disc in discriminators:
            kind, path = disc.get("type"), disc.get("path", "$this")
            values = [item.value] if path in ("$this", "") else values_at(item.value, path,
                                                                          lambda r: self._resolve(r, {}))
            target = self._element_at(slice_, path)
            if kind in ("value", "pattern"):
                expected = expected_value(slice_, target, path)
                if expected is None:
                    if target is None or not target.binding or not self._in_binding(target, values):
                        return False
                    continue
                is_fixed, want = expected
                if not any(equals(v, want) if is_fixed else contains(v, want) for v in values):
                    return False
            elif kind == "exists":
                if target is None:
                    return False
                if bool(values) != (target.min > 0):
                    return False
            elif kind == "type":
                if target is None:
                    return False
                have = {item.type} if path in ("$this", "") and item.type else {
                    v.get("resourceType") for v in values if isinstance(v, dict)}
                if not have & set(target.type_codes):
                    return False
            elif kind == "profile":
                if target is None:
                    return False
                urls = [p for t in target.types for p in t.profiles]
                if urls and not any(self._claims_or_conforms(v, urls) for v in values if isinstance(v, dict)):
                    return False
            else:
                return False
        return True

    def _in_binding(self, target: Element, values: list[Any]) -> bool:
        """A discriminator defined by a binding: some value has a code of the value set."""
        codes = self.valuesets.codes(target.binding[1] or "")  # type: ignore[index]
        if not codes.checkable:
            return False
        kind = target.types[0].code if len(target.types) == 1 else None
        for v in values:
            found = coded(Item(v, "", kind), kind or "") or []
            if any(codes.has(system, code) for system, code, _ in found):
                return True
        return False

    def _element_at(self, slice_: Element, path: str) -> Element | None:
        """The element a discriminator path leads to from ``slice_``, into the profile of its type when
        the snapshot does not expand it (functions other than ofType are not followed)."""
        if path in ("$this", ""):
            return slice_
        el: Element | None = slice_
        for step in steps(path):
            if el is None:
                return None
            if step.startswith("ofType("):
                continue
            if "(" in step:
                return None
            nxt = el.children.get(step) or el.children.get(step + "[x]")
            if nxt is None and not el.children:
                for url in (p for t in el.types for p in t.profiles):
                    prof = self.profile(url)
                    if prof is not None:
                        nxt = prof.root.children.get(step) or prof.root.children.get(step + "[x]")
                        break
            el = nxt
        return el

    def _claims_or_conforms(self, value: dict[str, Any], urls: list[str]) -> bool:
        profiles = claimed_urls(value)
        if any(u.split("|", 1)[0] in profiles for u in urls):
            return True
        return "resourceType" in value and any(self.conforms(value, u) for u in urls)


def expected_value(slice_: Element, target: Element | None, path: str) -> tuple[bool, Any] | None:
    """(is_fixed, value) a value/pattern discriminator compares with."""
    if target is not None:
        if target.fixed is not None:
            return True, target.fixed[1]
        if target.pattern is not None:
            return False, target.pattern[1]
    if path == "url" and "Extension" in slice_.type_codes:  # extension slices name their definition
        urls = [p for t in slice_.types for p in t.profiles]
        if urls:
            return True, urls[0].split("|", 1)[0]
    return None
