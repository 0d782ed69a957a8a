"""Checking one resource against one compiled profile: the instance and the element tree walked together."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fhirconv.issues import Issue
from fhirconv.validate.profiles import invariants
from fhirconv.validate.profiles.definitions import Definitions
from fhirconv.validate.profiles.matching import choice_key, contains, equals, values_at
from fhirconv.validate.profiles.model import Element, Profile, compile_profile
from fhirconv.validate.profiles.valuesets import ValueSets

LAYER = "profile"
_ROOT = "\x00"  # stands for the resource's location in cached results
CODED = frozenset({"code", "Coding", "CodeableConcept", "Quantity", "string", "uri"})
GENERIC_CONTEXTS = frozenset({"Element", "Base", "Resource", "DomainResource", "BackboneElement"})

# Per process, by package folder: compiled profiles and enumerated value sets.
_PROFILES: dict[tuple[str, str], Profile | None] = {}
_VALUESETS: dict[str, ValueSets] = {}


@dataclass(slots=True)
class Item:
    """One value of an element in the instance: the value (None when only ``_name`` extensions are
    there), its location, its type, and the primitive's extension holder."""

    value: Any
    expr: str
    type: str | None
    extras: dict[str, Any] | None = None


@dataclass(slots=True)
class Run:
    """One resource against one profile: where issues go."""

    profile: Profile
    resource: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 120 else text[:117] + "..."


class Checker:
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
        for child in (c for c in elem.children.values() if id(c) in present):
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
        for c in elem.constraints:
            if c.severity == "error" and not invariants.skip(c.key, c.source):
                self._invariant(run, elem, item, c)

    # -- slicing ----------------------------------------------------------------------------------
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
            if _expected(slice_, target, path) is not None:
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
                expected = _expected(slice_, target, path)
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
            found = _codes(Item(v, "", kind), kind or "") or []
            if any(codes.has(system, code) for system, code, _ in found):
                return True
        return False

    def _element_at(self, slice_: Element, path: str) -> Element | None:
        """The element a discriminator path leads to from ``slice_``, into the profile of its type when
        the snapshot does not expand it (functions other than ofType are not followed)."""
        from fhirconv.validate.profiles.matching import _steps

        if path in ("$this", ""):
            return slice_
        el: Element | None = slice_
        for step in _steps(path):
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
        claimed = _claimed(value)
        if any(u.split("|", 1)[0] in claimed for u in urls):
            return True
        return "resourceType" in value and any(self.conforms(value, u) for u in urls)

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
        codes = _codes(item, kind)
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
        claimed = _claimed(target)
        if any(tp.split("|", 1)[0] in claimed for tp in targets):
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


def _expected(slice_: Element, target: Element | None, path: str) -> tuple[bool, Any] | None:
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


def _codes(item: Item, kind: str) -> list[tuple[str | None, str, str]] | None:
    """(system, code, location) of a coded value; [] for a CodeableConcept with text only; None if not coded."""
    v = item.value
    if kind in ("code", "string", "uri"):
        return [(None, v, item.expr)] if isinstance(v, str) else None
    if kind in ("Coding", "Quantity"):
        if isinstance(v, dict) and isinstance(v.get("code"), str):
            return [(_system(v), v["code"], item.expr)]
        return None
    if kind == "CodeableConcept" and isinstance(v, dict):
        codings = v.get("coding") if isinstance(v.get("coding"), list) else []
        return [(_system(c), c["code"], f"{item.expr}.coding[{i}]")
                for i, c in enumerate(codings) if isinstance(c, dict) and isinstance(c.get("code"), str)]
    return None


def _system(coding: dict[str, Any]) -> str | None:
    system = coding.get("system")
    return system if isinstance(system, str) else None


def _claimed(value: Any) -> set[str]:
    """The profiles a resource claims (``meta.profile``), without versions; nothing for odd shapes."""
    meta = value.get("meta") if isinstance(value, dict) else None
    profiles = meta.get("profile") if isinstance(meta, dict) else None
    return {u.split("|", 1)[0] for u in profiles if isinstance(u, str)} if isinstance(profiles, list) else set()

