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

A resource passes here when its layout equals one the models have passed and each of its primitive
values passes its element's validator (looked up in a bounded memo). Anything else (a new layout,
an element this walk does not follow such as a contained resource, a value that fails) goes to the
models, whose findings are reported as they are; a resource they pass teaches its layout. So the
verdict is the models' verdict, and every message is theirs.

Batch runs of the CLI also keep, on disk (:mod:`fhirconv.diskcache`, keyed by the versions of
fhir.resources, fhir_core, pydantic and this module), the layouts passed and how each model's
elements are read (which are nested models, and the pydantic type of each primitive): a later run
then checks known layouts without building the model classes at all (a few hundred milliseconds of
every run's start). A plainly valid value (:mod:`fhirconv.validate.primitives`: an id of letters and
digits, a calendar date, a finite number) needs no validator either, so a run whose layouts are all
known and whose values are all plain never imports pydantic; the pickled type of an element is read
only when one of its values needs the validator.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

# Remembered (element, value) verdicts and layouts per version; then started afresh. Values repeat
# little beyond codes, displays and URLs (ids, dates and numbers are new in every case), so a small
# memo keeps nearly every hit while a batch's memory stays flat (200,000 made a 10,000-case batch's
# worker grow by a third).
_VALUES_LIMIT = 20_000
_LAYOUTS_LIMIT = 10_000
_DISK_LAYOUTS = 50_000  # layouts kept on disk per version
_SAVE_EVERY = 1.0  # seconds between writes of what a run learnt (a worker may be stopped at any time)


@dataclass(slots=True)
class _Element:
    """How the walk reads one element of a model: a nested model, or a primitive with its validator."""

    many: bool
    model: str | None = None  # the class id (:func:`class_id`) of a complex element's model
    annotation: Any = None  # a primitive element's type (the whole value, list or not) ...
    config: Any = None  # ... validated with its model's configuration
    adapter: Any = None  # the pydantic TypeAdapter for them, built when a value first needs it
    quick: str | None = None  # the check of :mod:`primitives` whose yes is the validator's yes
    packed: str | None = None  # annotation and configuration as kept on disk, read when first needed

    def validator(self) -> Any:
        if self.adapter is None:
            if self.packed is not None:
                try:
                    self.annotation, self.config = _safe_loads(self.packed)
                except Exception:  # noqa: BLE001 - an unreadable or foreign entry: the models judge instead
                    raise _Bail from None
                self.packed = None
            self.adapter = _adapter(self.annotation, self.config)
        return self.adapter

    def quick_yes(self, value: Any) -> bool:
        """Whether ``value`` is plainly valid here: a non-empty list of such values for a list element."""
        if self.quick is None:
            return False
        check = _quick(self.quick)
        if self.many:
            return type(value) is list and bool(value) and all(map(check, value))
        return check(value)

    def judge(self, value: Any) -> bool:
        """The validator's verdict on ``value``; a plainly valid value needs no validator (nor pydantic)."""
        return self.quick_yes(value) or _passes(self.validator(), value)


_ADAPTERS: dict[Any, Any] = {}


@cache
def _quick(name: str) -> Any:
    """A check of :mod:`primitives` by name (that module is read when a value is first judged)."""
    from fhirconv.validate.primitives import QUICK

    return QUICK[name]


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


def class_id(cls: Any) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


class Shapes:
    """Layouts passed and primitive values judged, for one FHIR version."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.layouts: set[Any] = set()
        self.values: dict[tuple[str, str, Any], bool] = {}
        self._tables: dict[str, dict[str, _Element | None]] = {}
        self._classes: dict[str, Any] = {}  # class id -> live model class, where one was seen
        self._roots: dict[str, str] = {}  # resource type -> class id
        self.disk: _Disk | None = None

    # -- the walk ---------------------------------------------------------------------------------

    def _table(self, cid: str) -> dict[str, _Element | None]:
        table = self._tables.get(cid)
        if table is not None:
            return table
        cls = self._classes.get(cid)
        if cls is None and self.disk is not None:
            table = self.disk.table(cid)
        if table is None:
            cls = cls or self._nested_class(cid)
            if cls is None:
                raise _Bail  # a model this process has not seen and the disk does not know
            table = {(field.alias or name): _element(cls, field, self._classes)
                     for name, field in cls.model_fields.items()}
            if self.disk is not None:
                self.disk.keep_table(cid, table)
        self._tables[cid] = table
        return table

    def _nested_class(self, cid: str) -> Any:
        """The live model class ``cid`` names, when a live class whose table was read from disk has
        it as an element's model: such a class registers none of its nested classes, so a nested
        model no earlier run kept (a Condition's ``stage`` in a run after runs without one) is found
        here, its table built and kept, instead of sending every such resource to the models in
        every run. None when no live class has it."""
        for parent, table in list(self._tables.items()):
            cls = self._classes.get(parent)
            if cls is None or not any(e is not None and e.model == cid for e in table.values()):
                continue
            for field in cls.model_fields.values():
                _element(cls, field, self._classes)
            if cid in self._classes:
                return self._classes[cid]
        return None

    def _layout(self, cid: str, data: dict[str, Any], root: str | None) -> tuple[Any, ...]:
        table = self._table(cid)
        out: list[Any] = []
        for key, value in data.items():
            if root is not None and key == "resourceType":
                if value != root:
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
                memo_key = (cid, key, hashable)
                ok = self.values.get(memo_key)
            except TypeError:  # a dict or list where a primitive stands: the models say what is wrong
                raise _Bail from None
            if ok is None:
                ok = element.judge(value)
                if len(self.values) >= _VALUES_LIMIT:
                    self.values.clear()
                self.values[memo_key] = ok
            if not ok:
                raise _Bail
            out.append((key, _kind(value)))
        return tuple(out)

    def _nested(self, cid: str, value: Any) -> tuple[Any, ...]:
        if type(value) is not dict:
            raise _Bail
        return self._layout(cid, value, root=None)

    # -- the calls --------------------------------------------------------------------------------

    def passes(self, rtype: str, data: dict[str, Any], cls: Any = None) -> tuple[bool, Any]:
        """(True, layout) when ``data`` (a resource of type ``rtype``) is known to pass; else (False,
        its layout, or None when it could not be read without ``cls``, the type's live model class)."""
        if cls is not None:
            cid = class_id(cls)
            self._classes[cid] = cls
            if self._roots.get(rtype) != cid:
                self._roots[rtype] = cid
                if self.disk is not None:
                    self.disk.keep_root(rtype, cid)
        else:
            cid = self._roots.get(rtype) or (self.disk.root(rtype) if self.disk is not None else None)
            if cid is None:
                return False, None
        try:
            layout = (cid, self._layout(cid, data, root=rtype))
        except (_Bail, RecursionError):
            return False, None
        if layout in self.layouts:
            return True, layout
        if self.disk is not None and self.disk.knows(layout):
            self._remember(layout)
            return True, layout
        return False, layout

    def learn(self, layout: Any) -> None:
        """``layout`` (from :meth:`passes`) belongs to a resource the models have just passed."""
        if layout is None:
            return
        self._remember(layout)
        if self.disk is not None:
            self.disk.keep_layout(layout)

    def _remember(self, layout: Any) -> None:
        if len(self.layouts) >= _LAYOUTS_LIMIT:
            self.layouts.clear()
        self.layouts.add(layout)


def _kind(value: Any) -> Any:
    if type(value) is list:
        return tuple(type(v).__name__ for v in value)
    return type(value).__name__


def _passes(adapter: Any, value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except Exception:  # noqa: BLE001 - any refusal: the models will say what it is
        return False
    return True


def _element(cls: Any, field: Any, classes: dict[str, Any]) -> _Element | None:
    """The walk's reading of ``field``, or None for elements it leaves to the models (resources,
    the models' own ``fhir_comments``, anything it does not recognise). Nested model classes are
    registered in ``classes``."""
    from fhir_core.types import FhirBase, FhirElementOrResourceBase
    from fhir_core.utils import is_list_type, is_primitive_type

    many = bool(is_list_type(field))
    if is_primitive_type(field):
        if (field.alias or "") == "fhir_comments":
            return None
        from fhirconv.validate.primitives import kind_of

        annotation = field.rebuild_annotation()
        return _Element(many, annotation=annotation, config=dict(cls.model_config), quick=kind_of(annotation))
    inner = _single(field.annotation)
    if inner is None or not (isinstance(inner, type) and issubclass(inner, FhirBase)):
        return None
    if issubclass(inner, FhirElementOrResourceBase):
        return None  # typed by the value's own resourceType: the models judge it
    model = inner.get_model_klass()
    if getattr(model, "__resource_type__", None) in ("Resource", "DomainResource") or _is_resource(model):
        return None  # contained resources and the like: the models judge them
    cid = class_id(model)
    classes.setdefault(cid, model)
    return _Element(many, model=cid)


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


# -- on disk --------------------------------------------------------------------------------------

# What an element table may hold when read back: the pydantic types of FHIR primitives are built
# from these modules only (anything else in the file is refused, and the file ignored).
_SAFE_MODULES = ("typing", "typing_extensions", "builtins", "datetime", "decimal", "uuid", "annotated_types",
                 "fhir_core.types", "pydantic", "pydantic.types", "pydantic.networks", "pydantic_core",
                 "pydantic.fields", "pydantic._internal._fields", "re", "collections", "_operator", "operator",
                 "copyreg", "functools", "_functools")


class _Disk:
    """The layouts and element tables of one version, kept in the cache directory."""

    def __init__(self, version: str) -> None:
        from pathlib import Path

        from fhirconv.diskcache import JsonCache, package_stamp

        here = Path(__file__).parent
        code = "-".join(f"{(here / name).stat().st_mtime_ns:x}" for name in ("shapes.py", "primitives.py"))
        stamp = "-".join(package_stamp(p) for p in ("fhir.resources", "fhir_core", "pydantic", "pydantic_core"))
        self.layouts = JsonCache("structure-layouts", f"{version}-{stamp}-{code}", limit=_DISK_LAYOUTS)
        self.tables = JsonCache("structure-elements", f"{version}-{stamp}-{code}")
        self._saved = 0.0

    @staticmethod
    def _digest(layout: Any) -> str:
        from fhirconv.diskcache import _blake2b  # hashlib's blake2b without its import of OpenSSL (3 ms)

        return _blake2b()(repr(layout).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def knows(self, layout: Any) -> bool:
        return self._digest(layout) in self.layouts

    def keep_layout(self, layout: Any) -> None:
        self.layouts.put(self._digest(layout), 1)
        self._save_now_and_then()

    def root(self, rtype: str) -> str | None:
        cid = self.tables.get("root:" + rtype)
        return cid if isinstance(cid, str) else None

    def keep_root(self, rtype: str, cid: str) -> None:
        self.tables.put("root:" + rtype, cid)

    def table(self, cid: str) -> dict[str, _Element | None] | None:
        """A model's element table as kept: each row ``[many, model, quick, packed]``, the pickled
        annotation of a primitive read only when one of its values needs the validator."""
        from fhirconv.validate.primitives import QUICK

        rows = self.tables.get("table:" + cid)
        if not isinstance(rows, dict):
            return None
        table: dict[str, _Element | None] = {}
        for alias, row in rows.items():
            if row is None:
                table[alias] = None
                continue
            if not (isinstance(row, list) and len(row) == 4 and isinstance(row[0], bool)
                    and all(v is None or isinstance(v, str) for v in row[1:]) and (row[1] is None) != (row[3] is None)
                    and (row[2] is None or row[2] in QUICK)):
                return None  # a foreign or damaged entry: the models are used instead
            table[alias] = _Element(row[0], model=row[1], quick=row[2], packed=row[3])
        return table

    def keep_table(self, cid: str, table: dict[str, _Element | None]) -> None:
        import base64
        import pickle

        rows: dict[str, Any] = {}
        for alias, e in table.items():
            if e is None or e.model is not None:
                rows[alias] = None if e is None else [e.many, e.model, None, None]
                continue
            try:
                packed = e.packed or base64.b64encode(pickle.dumps((e.annotation, e.config), protocol=4)).decode()
            except Exception:  # noqa: BLE001 - a type that cannot be kept: this model is simply not kept
                return
            rows[alias] = [e.many, None, e.quick, packed]
        self.tables.put("table:" + cid, rows)
        self._save_now_and_then()

    def _save_now_and_then(self) -> None:
        import time

        now = time.monotonic()
        if now - self._saved >= _SAVE_EVERY:
            self.save()
            self._saved = now

    def save(self) -> None:
        self.tables.save()
        self.layouts.save()


def _safe_loads(raw: str) -> Any:
    import base64
    import importlib
    import io
    import pickle

    class Restricted(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module not in _SAFE_MODULES:
                raise pickle.UnpicklingError(f"{module}.{name} is not a type this cache holds")
            return getattr(importlib.import_module(module), name)

    return Restricted(io.BytesIO(base64.b64decode(raw))).load()


_BY_VERSION: dict[str, Shapes] = {}
_persist = False


def remembered_on_disk() -> bool:
    return _persist


def remember_on_disk(on: bool = True) -> None:
    """Keep layouts and element tables on disk across runs (the CLI does this for batch runs)."""
    global _persist
    _persist = on
    for shapes in _BY_VERSION.values():
        shapes.disk = _disk(shapes.version) if on else None


def _disk(version: str) -> _Disk | None:
    from fhirconv.diskcache import cache_dir

    return _Disk(version) if cache_dir() is not None else None


def for_version(version: str) -> Shapes:
    shapes = _BY_VERSION.get(version)
    if shapes is None:
        shapes = _BY_VERSION[version] = Shapes(version)
        if _persist:
            shapes.disk = _disk(version)
    return shapes


def save() -> None:
    """Write what this process learnt, now and then (the structure layer calls it after each check)."""
    for shapes in _BY_VERSION.values():
        if shapes.disk is not None:
            shapes.disk._save_now_and_then()


def flush() -> None:
    """Write what this process learnt now (at the end of a worker's run)."""
    for shapes in _BY_VERSION.values():
        if shapes.disk is not None:
            shapes.disk.save()
