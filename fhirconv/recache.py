"""Regular expressions compiled without parsing them again on every run.

Why: a conversion compiles about two hundred regular expressions as it imports its modules (the word
rules of fhirconv.terminology, the case checks, ruamel.yaml's scanner): about 25 ms of a one-case
run, every run, spent in :mod:`re`'s parser and compiler, which are Python code. What they make is
plain data (the engine's op-code list and the group names) that ``_sre.compile`` turns into the
pattern in microseconds.

:func:`install` makes :mod:`re` look each pattern up in a file in the cache directory
(:func:`fhirconv.diskcache.cache_dir`) first, keyed by the pattern's text and flags, in a file named by
the interpreter's version and the engine's magic number; a pattern not there is compiled as before and
kept at exit. It is installed only after a probe pattern made from kept data is found equal (the
engine compares op-codes) to the one :mod:`re` makes, so another Python's internals leave it out.
Only the command line installs it, as it does :mod:`fhirconv.classcache`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# (pattern, flags) -> (flags, op-codes, groups, group index, index group): _sre.compile's arguments
_kept: dict[tuple[Any, int], tuple[Any, ...]] | None = None
_used: dict[tuple[Any, int], tuple[Any, ...]] = {}
_new = False
_original: Any = None
_LIMIT = 5000  # patterns kept; past it, a run keeps only what it used (patterns made from user data)
_PROBE = r"(?P<a>\b[a-z]+(?:-\d{1,3})?)\s*(?i:x|y)$"


def _path() -> Path | None:
    import _sre

    from fhirconv.diskcache import cache_dir

    base = cache_dir()
    return base / f"{_stem()}.{sys.version_info[2]}-{_sre.MAGIC}.bin" if base is not None else None


def _stem() -> str:
    return f"regex-code-{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"


def _read() -> dict[tuple[Any, int], tuple[Any, ...]]:
    from fhirconv.diskcache import read_signed

    path = _path()
    data = read_signed(path) if path is not None else None
    return data if type(data) is dict else {}


def _parts(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What :func:`re._compiler.compile` hands the engine for ``pattern``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _make(pattern: str | bytes, parts: tuple[Any, ...]) -> Any:
    import _sre

    flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(pattern, flags, list(code), groups, groupindex, indexgroup)


def _compile(p: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, with the engine's data for a pattern text kept across runs."""
    global _kept, _new
    if type(p) not in (str, bytes) or flags & 128:  # a parsed pattern (re.Scanner), or DEBUG output
        return _original(p, flags)
    key = (p, flags)
    if _kept is None:
        _kept = _read()
    parts = _kept.get(key)
    if parts is not None:
        try:
            pattern = _make(p, parts)
        except Exception:  # noqa: BLE001 - a damaged entry: compile as usual
            pattern = None
        if pattern is not None:
            _used[key] = parts
            return pattern
    pattern = _original(p, flags)
    try:
        parts = _parts(p, flags)
    except Exception:  # noqa: BLE001 - cannot be kept: fine, it is compiled
        return pattern
    _used[key] = _kept[key] = parts
    _new = True
    return pattern


def save() -> None:
    """Keep the patterns compiled in this process (at its exit, and at the end of a worker's run),
    with what other processes kept meanwhile."""
    global _new
    path = _path() if _new else None
    if path is None:
        return
    from fhirconv.diskcache import write_signed

    kept = _read()
    kept.update(_used)
    if len(kept) > _LIMIT:
        kept = dict(_used)
    # sorted, so the file is the same for the same patterns; copies for another release of this Python go
    write_signed(path, dict(sorted(kept.items(), key=lambda kv: (type(kv[0][0]).__name__, kv[0]))),
                 stale=f"{_stem()}.*.bin")
    _new = False


def install() -> None:
    """Compile this process's regular expressions from kept data where there is some (once; nothing
    when caching is off, or when this Python's :mod:`re` works otherwise than this module expects)."""
    global _original
    from re import _compiler  # type: ignore[attr-defined]

    if _original is not None or _path() is None:
        return
    try:
        ok = _make(_PROBE, _parts(_PROBE, 0)) == _compiler.compile(_PROBE, 0)
    except Exception:  # noqa: BLE001 - another engine: leave re as it is
        ok = False
    if not ok:
        return
    import atexit

    _original = _compiler.compile
    _compiler.compile = _compile
    atexit.register(save)
