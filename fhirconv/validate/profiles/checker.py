"""Checking one resource against one compiled profile: the instance and the element tree walked together."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.profiles import LAYER, invariants
from fhirconv.validate.profiles.definitions import Definitions
from fhirconv.validate.profiles.instance import Item, Run, claimed_urls, coded
from fhirconv.validate.profiles.matching import choice_key, contains, equals
from fhirconv.validate.profiles.model import Element, Profile, compile_profile
from fhirconv.validate.profiles.slicing import Slicing
from fhirconv.validate.profiles.valuesets import ValueSets

_ROOT = "\x00"  # stands for the resource's location in cached results
CODED = frozenset({"code", "Coding", "CodeableConcept", "Quantity", "string", "uri"})
GENERIC_CONTEXTS = frozenset({"Element", "Base", "Resource", "DomainResource", "BackboneElement"})

# Per process, by package folder: compiled profiles and enumerated value sets.
_PROFILES: dict[tuple[str, str], Profile | None] = {}
_VALUESETS: dict[str, ValueSets] = {}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 120 else text[:117] + "..."


class Checker(Slicing):
    """Validates resources against profiles of one :class:`Definitions` (profiles compiled once per process)."""

    def __init__(self, defs: Definitions, version: str, resolve: Callable[[Any, dict[str, Any]], Any]):
        self.defs = defs
        self.version = version
        self._resolve = resolve
        self.valuesets = _VALUESETS.setdefault(str(defs.folder), ValueSets(defs))
        self._conforms: dict[tuple[int, str], bool] = {}
        self._results: dict[tuple[int, str], list[Issue]] = {}
        self._depth = 0

    # -- profiles ---------------------------------------------------------------------------------
    def profile(self, url: str) -> Profile | None:
        key = (str(self.defs.folder), url)
        if key not in _PROFILES:
            sd = self.defs.structure(url)
            _PROFILES[key] = compile_profile(sd) if sd else None
        return _PROFILES[key]

    def sd_type(self, url: str) -> str | None:
        """The type a profile constrains: from the package index, else a base URL's last part."""
        found = self.defs.type_of(url)
        if found is not None:
            return found
        if url.startswith(invariants.BASE_PREFIX):
            return url[len(invariants.BASE_PREFIX):].split("|", 1)[0]
        return None

    def validate(self, resource: dict[str, Any], expr: str, profile: Profile) -> list[Issue]:
        """Every issue of ``resource`` (at ``expr``) against ``profile``; computed once per resource and
        profile (a Bundle's profile discriminators and reference targets ask again)."""
        key = (id(resource), profile.url)
        if key not in self._results:
            run = Run(profile, resource)
            self._element_rules(run, profile.root, Item(resource, _ROOT, profile.type))
            self._node(run, profile.root, resource, _ROOT, [profile.type])
            self._results[key] = _once(run.issues)
        return [dataclasses.replace(i, expression=expr + i.expression[len(_ROOT):])
                if i.expression and i.expression.startswith(_ROOT) else i for i in self._results[key]]

    def conforms(self, resource: dict[str, Any], url: str) -> bool:
        """Does ``resource`` meet ``url`` with no error (cached; used by profile discriminators and targets)?"""
        key = (id(resource), url)
        if key not in self._conforms:
            prof = self.profile(url)
            if prof is None or prof.type != resource.get("resourceType") or self._depth > 3:
                self._conforms[key] = prof is not None and prof.type == resource.get("resourceType")
            else:
                self._conforms[key] = True  # a cycle through references counts as conforming
                self._depth += 1
                try:
                    issues = self.validate(resource, resource.get("resourceType", ""), prof)
                finally:
                    self._depth -= 1
                self._conforms[key] = not any(i.is_error for i in issues)
        return self._conforms[key]

    # -- reporting --------------------------------------------------------------------------------
    def _issue(self, run: Run, severity: str, expr: str, element: Element | None, what: str, code: str = "invalid",
               hint: str | None = None) -> None:
        where = f"{element.id}: " if element is not None else ""
        run.issues.append(Issue(severity, f"{where}{what} (profile {run.profile.name})", code=code, layer=LAYER,
                                expression=expr, hint=hint))

    # -- the walk ---------------------------------------------------------------------------------
    def _items(self, node: dict[str, Any], child: Element, expr: str) -> list[Item]:
        if child.is_choice:
            items = [Item(node[key], f"{expr}.{key}", type_code) for key, type_code in choice_key(node, child.name)]
            for key, type_code in choice_key(node, "_" + child.name):  # a primitive with extensions only
                extras = node[key] if isinstance(node[key], dict) else None
                if key[1:] in node:
                    item = next(i for i in items if i.expr.endswith("." + key[1:]))
                    item.extras = extras
                else:
                    items.append(Item(None, f"{expr}.{key[1:]}", type_code, extras))
            return items
        name = child.name
        value, extras = node.get(name), node.get("_" + name)
        single_type = child.types[0].code if len(child.types) == 1 else None
        if isinstance(value, list) or isinstance(extras, list):
            values = value if isinstance(value, list) else []
            more = extras if isinstance(extras, list) else []
            return [Item(values[i] if i < len(values) else None, f"{expr}.{name}[{i}]", single_type,
                         more[i] if i < len(more) and isinstance(more[i], dict) else None)
                    for i in range(max(len(values), len(more)))]
        if value is None and extras is None:
            return []
        return [Item(value, f"{expr}.{name}", single_type, extras if isinstance(extras, dict) else None)]

    def _node(self, run: Run, elem: Element, node: Any, expr: str, host_types: list[str]) -> None:
        """The children of ``elem`` in ``node`` (a JSON object)."""
        if not isinstance(node, dict):
            return
        present = {id(c): c for c in elem.always}
        present.update((id(c), c) for key in node if (c := elem.by_key.get(key)) is not None)
        if len(present) < len(elem.children) and any(k not in elem.by_key for k in node
                                                     if k != "resourceType"):
            present.update((id(c), c) for c in elem.children.values() if c.is_choice)  # a type not allowed
        for child in sorted(present.values(), key=_order):
            items = self._items(node, child, expr)
            self._cardinality(run, child, len(items), expr, items)
            profiled: set[int] = set()
            sliced: list[Issue] = []
            if child.slices:  # slices are assigned first, their findings reported after the base element's
                start = len(run.issues)
                profiled = self._slicing(run, child, items, expr, elem, host_types)
                sliced = run.issues[start:]
                del run.issues[start:]
            for n, item in enumerate(items):
                self._item(run, child, item, elem, host_types, generic_extension=n not in profiled)
            run.issues.extend(sliced)

    def _cardinality(self, run: Run, elem: Element, count: int, parent_expr: str, items: list[Item],
                     label: str | None = None) -> None:
        name = label or elem.id
        if count < elem.min:
            self._issue(run, "error", parent_expr, None,
                        f"{name}: minimum cardinality {elem.min}, found {count}", code="required")
        elif elem.max is not None and count > elem.max:
            where = items[elem.max].expr if elem.max < len(items) else parent_expr
            self._issue(run, "error", where, None, f"{name}: maximum cardinality {elem.max}, found {count}"
                        if elem.max else f"{name}: not allowed (maximum cardinality 0)", code="structure")
        elif count == 0 and elem.must_support:
            self._issue(run, "information", parent_expr, None, f"{name}: must-support element absent",
                        code="informational")

    def _item(self, run: Run, elem: Element, item: Item, parent: Element, host_types: list[str],
              generic_extension: bool = True) -> None:
        if item.extras:
            self._extensions(run, item.extras.get("extension"), f"{item.expr.rsplit('.', 1)[0]}._"
                             f"{item.expr.rsplit('.', 1)[1]}", elem.path, [item.type or ""])
        if item.value is None:
            return
        self._element_rules(run, elem, item)
        value = item.value
        if isinstance(value, dict) and "resourceType" in value:
            return  # a contained or entry resource: checked as a resource of its own
        is_extension = "Extension" in elem.type_codes
        if is_extension and not elem.children:
            if generic_extension:
                self._extension(run, item, parent, host_types)
            return
        if elem.children and isinstance(value, dict):
            self._node(run, elem, value, item.expr, elem.type_codes)
        elif isinstance(value, dict):
            self._type_profile(run, elem, item)

    def _type_profile(self, run: Run, elem: Element, item: Item) -> None:
        """A data type constrained by a profile of its own (``Identifier(mcode-body-structure-identifier)``)
        that the snapshot does not expand: the value against that profile."""
        urls = [p for t in elem.types if t.code == (item.type or t.code) for p in t.profiles]
        prof = self.profile(urls[0]) if urls else None
        if prof is not None and prof.kind != "resource":
            sub = Run(prof, run.resource, run.issues)
            self._element_rules(sub, prof.root, item)
            self._node(sub, prof.root, item.value, item.expr, [prof.type])

    def _element_rules(self, run: Run, elem: Element, item: Item) -> None:
        value = item.value
        if elem.fixed is not None and not equals(value, elem.fixed[1]):
            self._issue(run, "error", item.expr, elem, f"must be exactly {_short(elem.fixed[1])} ({elem.fixed[0]}), "
                        f"is {_short(value)}", code="value")
        if elem.pattern is not None and not contains(value, elem.pattern[1]):
            self._issue(run, "error", item.expr, elem, f"must contain {_short(elem.pattern[1])} "
                        f"({elem.pattern[0]}), is {_short(value)}", code="value")
        if elem.is_choice and elem.types and item.type not in elem.type_codes:
            self._issue(run, "error", item.expr, elem, f"type {item.type} is not allowed here "
                        f"(allowed: {', '.join(elem.type_codes)})", code="structure")
        if elem.binding is not None:
            self._binding(run, elem, item)
        if "Reference" in elem.type_codes and isinstance(value, dict):
            self._reference(run, elem, item)
        for c in elem.checks:
            self._invariant(run, elem, item, c)

    # -- extensions -------------------------------------------------------------------------------
    def _extensions(self, run: Run, exts: Any, expr: str, host_path: str, host_types: list[str]) -> None:
        """Extensions of a primitive (``_birthDate.extension``), each against its own definition."""
        if not isinstance(exts, list):
            return
        host = Element(id=host_path, path=host_path, name=host_path.rsplit(".", 1)[-1])
        for i, ext in enumerate(exts):
            if isinstance(ext, dict):
                self._extension(run, Item(ext, f"{expr}.extension[{i}]", "Extension"), host, host_types)

    def _extension(self, run: Run, item: Item, host: Element, host_types: list[str],
                   profile_url: str | None = None) -> None:
        """An extension against its StructureDefinition (found by its url): value type, cardinality,
        nested extensions, bindings, invariants, and the context it may stand in."""
        ext = item.value
        url = ext.get("url") if isinstance(ext, dict) else None
        if not isinstance(url, str) or "://" not in url and not url.startswith("urn:"):
            return  # a sub-extension of a complex extension: its slice in the parent checks it
        prof = self.profile(profile_url or url)
        if prof is None:
            self._issue(run, "information", item.expr, None, f"extension {url} is not defined in the installed "
                        "packages: not checked", code="informational")
            return
        if not self._in_context(prof, host, host_types):
            allowed = ", ".join(c.get("expression", "?") for c in prof.context) or "nowhere"
            self._issue(run, "error", item.expr, None, f"extension {url} is not allowed on {host.path} "
                        f"(its context: {allowed})", code="structure")
        sub = Run(prof, run.resource, run.issues)
        self._element_rules(sub, prof.root, item)
        self._node(sub, prof.root, ext, item.expr, ["Extension"])

    @staticmethod
    def _in_context(prof: Profile, host: Element, host_types: list[str]) -> bool:
        if not prof.context:
            return True
        for ctx in prof.context:
            kind, expr = ctx.get("type"), ctx.get("expression", "")
            if kind == "fhirpath":
                return True  # not evaluated: treated as allowed
            if kind == "extension" and "Extension" in host_types:
                return True
            if expr in GENERIC_CONTEXTS or expr == host.path or expr in host_types:
                return True
            if "." not in expr and expr == host.path.split(".", 1)[0] and host.path == expr:
                return True
        return False

    # -- bindings ---------------------------------------------------------------------------------
    def _binding(self, run: Run, elem: Element, item: Item) -> None:
        strength, vs, max_vs = elem.binding  # type: ignore[misc]
        checks = []
        if strength in ("required", "extensible") and vs:
            checks.append((strength, vs))
        if max_vs:
            checks.append(("maximum", max_vs))
        if not checks:
            return
        kind = item.type or (elem.types[0].code if len(elem.types) == 1 else None)
        if kind not in CODED:
            return
        codes = coded(item, kind)
        if codes is None:
            return
        for strength_, url in checks:
            allowed = self.valuesets.codes(url)
            if not allowed.checkable:
                self._issue(run, "information", item.expr, elem, f"{strength_} binding to {url} not checkable "
                            f"offline: {allowed.reason}", code="not-supported")
                continue
            if not codes:
                if strength_ != "extensible":
                    self._issue(run, "error", item.expr, elem, f"no code from value set {url} ({strength_} binding)",
                                code="code-invalid")
                continue
            if any(allowed.has(system, code) for system, code, _ in codes):
                continue
            system, code, where = codes[0]
            shown = f"{system}|{code}" if system else code
            severity = "warning" if strength_ == "extensible" else "error"
            self._issue(run, severity, where, elem, f"{shown} is not in value set {url} ({strength_} binding)",
                        code="code-invalid")

    # -- references -------------------------------------------------------------------------------
    def _reference(self, run: Run, elem: Element, item: Item) -> None:
        targets = [tp for t in elem.types if t.code == "Reference" for tp in t.target_profiles]
        if not targets:
            return
        target = self._resolve(item.value, run.resource)
        if not isinstance(target, dict):
            return  # unresolved: the integrity layer reports it
        rtype = target.get("resourceType")
        profiles = claimed_urls(target)
        if any(tp.split("|", 1)[0] in profiles for tp in targets):
            return
        kinds = {tp: self.sd_type(tp) for tp in targets}
        if any(k in ("Resource", "DomainResource") for k in kinds.values()):
            return
        same_type = [tp for tp in targets if kinds[tp] == rtype]
        unknown = [tp for tp in targets if kinds[tp] is None]
        if not same_type and unknown:
            self._issue(run, "information", f"{item.expr}.reference", elem, f"target profile(s) {', '.join(unknown)} "
                        "not in the installed packages: the target could not be checked", code="not-supported")
            return
        if not same_type:
            types = sorted({t for tp in targets if (t := self.sd_type(tp))})
            self._issue(run, "error", f"{item.expr}.reference", elem, f"refers to a {rtype}; allowed targets: "
                        f"{', '.join(types) or ', '.join(targets)}", code="structure")
            return
        if any(tp.split("|", 1)[0].startswith(invariants.BASE_PREFIX) for tp in same_type):
            return
        if not any(self.conforms(target, tp) for tp in same_type):
            self._issue(run, "warning", f"{item.expr}.reference", elem, f"the {rtype} it refers to neither claims "
                        f"nor conforms to {' or '.join(tp.split('|', 1)[0] for tp in same_type)}",
                        code="structure")

    # -- invariants -------------------------------------------------------------------------------
    def _invariant(self, run: Run, elem: Element, item: Item, c: Any) -> None:
        try:
            ok = invariants.evaluate(elem.path, c.expression, self.version, item.value, run.resource)
        except Exception as exc:  # fhirpathpy cannot evaluate every expression: say so, never crash
            self._issue(run, "information", item.expr, elem, f"invariant {c.key} could not be evaluated "
                        f"({type(exc).__name__})", code="not-supported")
            return
        if ok is False:
            self._issue(run, "error", item.expr, elem, f"invariant {c.key} failed: {c.human}", code="invariant")


_SLICE_STEP = re.compile(r":[^.\s:]+(?=\.)")


def _order(element: Element) -> int:
    return element.order


def _once(issues: list[Issue]) -> list[Issue]:
    """Drop what a slice's child repeats of its base element (``Bundle.entry:patient.fullUrl`` after
    ``Bundle.entry.fullUrl`` at the same place); a slice's own cardinality is kept."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for issue in issues:
        key = (issue.severity, issue.expression, _SLICE_STEP.sub("", issue.message))
        if key not in seen:
            seen.add(key)
            out.append(issue)
    return out
