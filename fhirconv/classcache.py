"""Dataclasses made without compiling their methods again on every run.

Why: :mod:`dataclasses` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and for frozen
classes ``__setattr__``, ``__delattr__`` and ``__hash__``) as source text and compiles it whenever the
class is made. A one-case conversion makes about sixty classes as it imports the case model, the
mappers and the validation layers: compiling their three hundred methods was about a fifth of the
run (importing :mod:`fhirconv.case` took 69 ms, 25 ms without the compiling).

:func:`install` gives :mod:`dataclasses` an ``exec`` that keeps the compiled code of each text in the
cache directory (:func:`fhirconv.diskcache.cache_dir`), keyed by the text itself and named by the
interpreter's byte-code tag: the code run is the code Python would have compiled from the same text,
so the classes are the same; a new text is compiled as before and kept at exit. The file is trusted
as Python trusts its own ``__pycache__`` (it lives in the user's cache directory, written atomically
behind a digest, so a damaged copy is never read). Only the command line installs it: a library
user's process is left as it was.
"""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from types import CodeType
from typing import Any

_MAX = 4096  # more texts than the classes of several versions of fhirconv: keep only this run's

_codes: dict[str, CodeType] | None = None
_used: dict[str, CodeType] = {}
_new = False


def _path() -> Path | None:
    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    tag = sys.implementation.cache_tag or "none"
    return base / f"dataclass-code-{tag}.bin" if base is not None else None


def _load() -> dict[str, CodeType]:
    from fhirconv.diskcache import read_signed

    path = _path()
    data = read_signed(path) if path is not None else None
    if type(data) is not dict:
        return {}
    return {k: v for k, v in data.items() if type(k) is str and type(v) is CodeType}


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """``exec`` for :mod:`dataclasses`: the same code, compiled once per text across runs."""
    global _codes, _new
    if type(source) is not str:
        builtins.exec(source, globals, locals)
        return
    if _codes is None:
        _codes = _load()
    code = _codes.get(source)
    if code is None:
        # dont_inherit: compiled with no __future__ flags, as dataclasses' own exec compiles it
        code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
        _new = True
    _used[source] = code
    builtins.exec(code, globals, locals)


def save() -> None:
    """Keep the code compiled in this process (at its exit, and at the end of a batch worker's run),
    with what other processes kept meanwhile."""
    global _new
    if not _new or _codes is None:
        return
    path = _path()
    if path is None:
        return
    from fhirconv.diskcache import write_signed

    keep = _load() | _codes
    if len(keep) > _MAX:
        keep = _used
    write_signed(path, dict(sorted(keep.items())))
    _new = False


def install() -> None:
    """Make this process's dataclasses with cached code (once; nothing when caching is off)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec or _path() is None:
        return
    import atexit

    dataclasses.exec = _exec  # type: ignore[attr-defined]  # found before the builtin by its functions
    atexit.register(save)
