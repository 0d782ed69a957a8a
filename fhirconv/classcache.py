"""Dataclasses made without compiling their methods again on every run.

Why: :mod:`dataclasses` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and for frozen
classes ``__setattr__``, ``__delattr__`` and ``__hash__``) as source text and compiles it whenever the
class is made. A one-case conversion makes about sixty classes as it imports the case model, the
mappers and the validation layers: compiling their three hundred methods was about a fifth of the
run (importing :mod:`fhirconv.case` took 69 ms, 25 ms without the compiling).

:func:`install` gives :mod:`dataclasses` an ``exec`` that keeps the compiled code of each text in the
cache directory (:func:`fhirconv.diskcache.cache_dir`), keyed by the text itself, in a file named by
the interpreter's byte-code tag and magic number: the code run is the code Python would have
compiled from the same text, so the classes are the same; a new text is compiled as before and kept
at exit. The file is trusted as Python trusts its own ``__pycache__`` (it lives in the user's cache
directory, written atomically behind a checksum, so a damaged copy is never read). Only the command
line installs it: a library user's process is left as it was.
"""

from __future__ import annotations

import builtins
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

# module name -> its section of the file, as marshal's bytes (a run reads the sections of the modules
# it imports, not the whole file); the sections decoded, and what this process compiled
_sections: dict[str, bytes] | None = None
_codes: dict[str, dict[str, CodeType]] = {}
_used: dict[str, set[str]] = {}
_changed: set[str] = set()


def _path() -> Path | None:
    from importlib.util import MAGIC_NUMBER  # the byte-code format, as Python names its .pyc files

    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    tag = sys.implementation.cache_tag or "none"
    return base / f"dataclass-code-{tag}-{MAGIC_NUMBER.hex()}.bin" if base is not None else None


def _read() -> dict[str, bytes]:
    from fhirconv.diskcache import read_signed

    path = _path()
    data = read_signed(path) if path is not None else None
    if type(data) is not dict:
        return {}
    return {k: v for k, v in data.items() if type(k) is str and type(v) is bytes}


def _section(module: str) -> dict[str, CodeType]:
    global _sections
    codes = _codes.get(module)
    if codes is None:
        if _sections is None:
            _sections = _read()
        try:
            raw = marshal.loads(_sections[module]) if module in _sections else None
        except (EOFError, ValueError, TypeError):
            raw = None
        codes = _codes[module] = {k: v for k, v in raw.items() if type(k) is str and type(v) is CodeType} \
            if type(raw) is dict else {}
    return codes


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """``exec`` for :mod:`dataclasses`: the same code, compiled once per text across runs."""
    if type(source) is not str:
        builtins.exec(source, globals, locals)
        return
    module = globals.get("__name__") if type(globals) is dict else None
    module = module if type(module) is str else ""
    codes = _section(module)
    code = codes.get(source)
    if code is None:
        # dont_inherit: compiled with no __future__ flags, as dataclasses' own exec compiles it
        code = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
        _changed.add(module)
    _used.setdefault(module, set()).add(source)
    builtins.exec(code, globals, locals)


def save() -> None:
    """Keep the code compiled in this process (at its exit, and at the end of a batch worker's run),
    with what other processes kept meanwhile. A module's section is what it last needed: its classes
    are made when it is imported, so texts of classes it no longer has are dropped with it."""
    if not _changed:
        return
    path = _path()
    if path is None:
        return
    from fhirconv.diskcache import write_signed

    sections = _read()
    for module in _changed:
        codes = _codes[module]
        sections[module] = marshal.dumps({t: codes[t] for t in sorted(_used.get(module, ()))})
    tag = sys.implementation.cache_tag or "none"  # copies for another byte-code of this Python go
    write_signed(path, dict(sorted(sections.items())), stale=f"dataclass-code-{tag}*.bin")
    _changed.clear()


def install() -> None:
    """Make this process's dataclasses with cached code (once; nothing when caching is off)."""
    import dataclasses

    if getattr(dataclasses, "exec", None) is _exec or _path() is None:
        return
    import atexit

    dataclasses.exec = _exec  # type: ignore[attr-defined]  # found before the builtin by its functions
    atexit.register(save)
