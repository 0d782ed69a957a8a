"""Structure verdicts remembered by shape: a resource laid out like one fhir.resources has passed,
with every value valid where it stands, passes too.

Why: the structure layer is fhir.resources' ``model_validate``, about as costly as the rest of a
conversion together, and a batch repeats the same layouts with other ids, dates and numbers. What
the models check falls in two parts:

- the layout: which elements are present (required elements, one type per choice element, no
  unknown element, no null in a list of complex types: the models' checks over a whole object) and
  which JSON type each value has;
- each value on its own, against the type of its element (a code's pattern, a date, a decimal, an
  id's length ...), by the element's own pydantic validator.

A resource passes here when its layout equals one the models have passed in this process and each
of its primitive values passes its element's validator (looked up in a bounded memo). Anything
else (a new layout, an element this walk does not follow such as a contained resource, a value
that fails) goes to the models, whose findings are reported as they are; a resource they pass
teaches its layout. So the verdict is the models' verdict, and every message is theirs.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any

_MEMO_LIMIT = 200_000  # remembered (element, value) verdicts and layouts per version; then started afresh


@dataclass(slots=True)
class _Element:
    """How the walk reads one element of a model: a nested model, or a primitive with its validator."""

    many: bool
    model: Any = None  # the fhir.resources class of a complex element
    annotation: Any = None  # a primitive element's type (the whole value, list or not) ...
    config: Any = None  # ... validated with its model's configuration
    adapter: Any = None  # the pydantic TypeAdapter for them, built when a value first needs it

    def validator(self) -> Any:
        if self.adapter is None:
            self.adapter = _adapter(self.annotation, self.config)
        return self.adapter


_ADAPTERS: dict[Any, Any] = {}


def _adapter(annotation: Any, config: Any) -> Any:
    """One TypeAdapter per distinct primitive type and configuration (most elements share a few)."""
    from pydantic import TypeAdapter

    try:
        key = (annotation, tuple(sorted(config.items())))
        hash(key)
    except TypeError:
        return TypeAdapter(annotation, config=config)
    adapter = _ADAPTERS.get(key)
    if adapter is None:
        adapter = _ADAPTERS[key] = TypeAdapter(annotation, config=config)
    return adapter


class _Bail(Exception):
    """This resource is for the models to judge."""


class Shapes:
    """Layouts passed and primitive values judged, for one FHIR version."""

    def __init__(self) -> None:
        self.layouts: set[Any] = set()
        self.values: dict[tuple[int, str, Any], bool] = {}
        self._elements: dict[Any, dict[str, _Element | None]] = {}

    # -- the walk ---------------------------------------------------------------------------------

    def _table(self, cls: Any) -> dict[str, _Element | None]:
        table = self._elements.get(cls)
        if table is None:
            table = self._elements[cls] = {}
            for name, field in cls.model_fields.items():
                table[field.alias or name] = _element(cls, field)
        return table

    def _layout(self, cls: Any, data: dict[str, Any], root: bool) -> tuple[Any, ...]:
        table = self._table(cls)
        out: list[Any] = []
        for key, value in data.items():
            if root and key == "resourceType":
                if value != cls.__resource_type__:
                    raise _Bail
                continue
            element = table.get(key)
            if element is None:
                raise _Bail  # unknown, or one this walk does not follow
            if element.model is not None:
                if element.many:
                    if type(value) is not list or not value:
                        raise _Bail
                    out.append((key, tuple(self._nested(element.model, v) for v in value)))
                else:
                    out.append((key, self._nested(element.model, value)))
                continue
            hashable = tuple(value) if element.many and type(value) is list else value
            try:
                memo_key = (id(cls), key, hashable)
                ok = self.values.get(memo_key)
            except TypeError:  # a dict or list where a primitive stands: the models say what is wrong
                raise _Bail from None
            if ok is None:
                ok = _passes(element.validator(), value)
                if len(self.values) >= _MEMO_LIMIT:
                    self.values.clear()
                self.values[memo_key] = ok
            if not ok:
                raise _Bail
            out.append((key, _kind(value)))
        return tuple(out)

    def _nested(self, cls: Any, value: Any) -> tuple[Any, ...]:
        if type(value) is not dict:
            raise _Bail
        return self._layout(cls, value, root=False)

    # -- the two calls ----------------------------------------------------------------------------

    def passes(self, cls: Any, data: dict[str, Any]) -> tuple[bool, Any]:
        """(True, layout) when ``data`` is known to pass ``cls``; else (False, its layout or None)."""
        try:
            layout = (id(cls), self._layout(cls, data, root=True))
        except (_Bail, RecursionError):
            return False, None
        return layout in self.layouts, layout

    def learn(self, layout: Any) -> None:
        """``layout`` (from :meth:`passes`) belongs to a resource the models have just passed."""
        if layout is None:
            return
        if len(self.layouts) >= _MEMO_LIMIT:
            self.layouts.clear()
        self.layouts.add(layout)


def _kind(value: Any) -> Any:
    if type(value) is list:
        return tuple(type(v) for v in value)
    return type(value)


def _passes(adapter: Any, value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except Exception:  # noqa: BLE001 - any refusal: the models will say what it is
        return False
    return True


def _element(cls: Any, field: Any) -> _Element | None:
    """The walk's reading of ``field``, or None for elements it leaves to the models (resources,
    the models' own ``fhir_comments``, anything it does not recognise)."""
    from fhir_core.types import FhirBase, FhirElementOrResourceBase
    from fhir_core.utils import is_list_type, is_primitive_type

    many = bool(is_list_type(field))
    if is_primitive_type(field):
        if (field.alias or "") == "fhir_comments":
            return None
        return _Element(many, annotation=field.rebuild_annotation(), config=cls.model_config)
    inner = _single(field.annotation)
    if inner is None or not (isinstance(inner, type) and issubclass(inner, FhirBase)):
        return None
    if issubclass(inner, FhirElementOrResourceBase):
        return None  # typed by the value's own resourceType: the models judge it
    model = inner.get_model_klass()
    if getattr(model, "__resource_type__", None) in ("Resource", "DomainResource") or _is_resource(model):
        return None  # contained resources and the like: the models judge them
    return _Element(many, model=model)


def _single(annotation: Any) -> Any:
    """The one type inside Optional[...] / List[...] / Union[..., None], or None when there are several."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    if len(args) != 1:
        return None
    return _single(args[0])


def _is_resource(model: Any) -> bool:
    return any(base.__name__ in ("Resource", "DomainResource") for base in getattr(model, "__mro__", ()))


_BY_VERSION: dict[str, Shapes] = {}


def for_version(version: str) -> Shapes:
    shapes = _BY_VERSION.get(version)
    if shapes is None:
        shapes = _BY_VERSION[version] = Shapes()
    return shapes
