"""The whole of ICD-10-CM, searchable by its descriptions and inclusion terms.

The package ships the index (:mod:`fhirconv.terminology.icd10cm_data`, built at development time
from ``simple_icd_10_cm``; ICD-10-CM is in the public domain): the first look-up reads it in a
fraction of a second, without importing that package (its import alone takes about two seconds).
When the shipped index does not fit what is installed (another ``simple_icd_10_cm`` version, or
changed key rules), it is not read: the first look-up builds an index of every billable code into
an SQLite file in the user cache directory (``FHIRCONV_CACHE_DIR``, else
``~/.cache/fhirconv``, see :mod:`fhirconv.diskcache`), named for the installed package and for the code that
builds the keys, and later processes open that file (a temporary one when the cache directory cannot
be written). Which texts become keys, and how, is :mod:`fhirconv.terminology.icd10cm_keys`.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology import icd10cm_data
from fhirconv.terminology.icd10cm_keys import EXACT, LEVELS, PLAIN, Rows, plain, rows
from fhirconv.terminology.normalize import normalize

__all__ = ["EXACT", "PLAIN", "SYSTEM", "Hit", "Index", "ShippedIndex", "index", "plain"]

SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
_FORMAT = 4
_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE codes (pos INTEGER PRIMARY KEY, code TEXT UNIQUE, description TEXT);
CREATE TABLE texts (id INTEGER PRIMARY KEY, pos INTEGER, text TEXT, nwords INTEGER);
CREATE TABLE keys (key TEXT, level INTEGER, pos INTEGER, PRIMARY KEY (key, level, pos)) WITHOUT ROWID;
CREATE TABLE words (word TEXT, id INTEGER, PRIMARY KEY (word, id)) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    description: str
    text: str = ""  # the description or inclusion term that matched
    shared: int = 0  # words shared with the query (search)
    words: int = 0  # words of the text


class Index:
    """Read access to the SQLite index."""

    def __init__(self, path: Path):
        self.path = path
        self._pid = -1
        self._db: Any = None
        self.version = self.db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()[0]

    @property
    def db(self) -> Any:
        """A read-only connection of this process (a forked worker opens its own, as SQLite requires)."""
        if self._pid != os.getpid():
            import sqlite3

            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def find(self, term: str) -> tuple[str, list[Hit]]:
        """("exact", "plain" or "initial encounter", and the codes) for ``term``: the first kind that has any."""
        key = normalize(term)
        if not key:
            return "", []
        rows = self.db.execute("SELECT k.level, c.code, c.description FROM keys k JOIN codes c ON c.pos = k.pos "
                               "WHERE k.key = ? ORDER BY k.level, c.code", (key,)).fetchall()
        if not rows:
            return "", []
        level = rows[0][0]
        return LEVELS[level], [Hit(code, desc) for lv, code, desc in rows if lv == level]

    def description(self, code: str) -> str | None:
        row = self.db.execute("SELECT description FROM codes WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    def overlap(self, query: set[str], limit: int) -> list[Hit]:
        """Codes whose texts share the most of ``query``'s words (only the best count), fewest other
        words first; one text per code."""
        if not query:
            return []
        marks = ",".join("?" * len(query))
        rows = self.db.execute(
            f"SELECT w.id, COUNT(*) AS n FROM words w WHERE w.word IN ({marks}) GROUP BY w.id",  # noqa: S608
            sorted(query)).fetchall()
        if not rows:
            return []
        best = max(n for _, n in rows)
        ids = [i for i, n in rows if n == best]
        hits: list[Hit] = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            found = self.db.execute(
                f"SELECT t.text, t.nwords, c.code, c.description FROM texts t JOIN codes c ON c.pos = t.pos "  # noqa: S608
                f"WHERE t.id IN ({','.join('?' * len(part))})", part).fetchall()
            hits.extend(Hit(code, desc, text, best, nwords) for text, nwords, code, desc in found)
        return _best_per_code(hits, limit)


    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM codes").fetchone()[0])

    def word_count(self, word: str) -> int:
        """How many texts have ``word``: how little the word says (hints weigh words by it)."""
        return int(self.db.execute("SELECT COUNT(*) FROM words WHERE word = ?", (word,)).fetchone()[0])


def _best_per_code(hits: list[Hit], limit: int) -> list[Hit]:
    """One hit per code (the one of fewest words, then text), fewest words first, at most ``limit``."""
    out: dict[str, Hit] = {}
    for hit in hits:
        old = out.get(hit.code)
        if old is None or (hit.words, hit.text) < (old.words, old.text):
            out[hit.code] = hit
    return sorted(out.values(), key=lambda h: (h.words, h.code))[:limit]


class ShippedIndex:
    """The same questions as :class:`Index`, answered from the shipped index."""

    def __init__(self) -> None:
        self.data = icd10cm_data.Shipped()
        self.path = self.data.path
        self.version = self.data.version

    def find(self, term: str) -> tuple[str, list[Hit]]:
        key = normalize(term)
        found = self.data.exact_or_plain(key) if key else None
        if found is None:
            return "", []
        level, codes = found
        return LEVELS[level], [Hit(code, desc) for code, desc in codes]

    def description(self, code: str) -> str | None:
        return self.data.description(code)

    def overlap(self, query: set[str], limit: int) -> list[Hit]:
        """As :meth:`Index.overlap`."""
        counts: dict[int, int] = {}
        for word in sorted(query):
            for tid in self.data.text_ids(word):
                counts[tid] = counts.get(tid, 0) + 1
        if not counts:
            return []
        best = max(counts.values())
        # As _best_per_code, reading a code's description only where it decides or is shown: the
        # common words of a query share texts by the thousand, and each read is a bisection.
        texts: dict[str, list[tuple[int, str]]] = {}
        for tid, n in counts.items():
            if n == best:
                code, text, nwords = self.data.text_row(tid)
                texts.setdefault(code, []).append((nwords, text))
        descriptions: dict[str, str] = {}

        def description(code: str) -> str:
            if code not in descriptions:
                descriptions[code] = self.data.description(code) or ""
            return descriptions[code]

        fewest = {code: min(n for n, _ in rows) for code, rows in texts.items()}
        top = sorted(fewest, key=lambda code: (fewest[code], code))[:limit]
        hits = []
        for code in top:
            text = min(t or description(code) for n, t in texts[code] if n == fewest[code])
            hits.append(Hit(code, description(code), text, best, fewest[code]))
        return hits

    def count(self) -> int:
        return self.data.count()

    def word_count(self, word: str) -> int:
        """As :meth:`Index.word_count`."""
        return len(self.data.text_ids(word))


def package_version() -> str:
    from importlib.metadata import version

    return version("simple_icd_10_cm")


def build(path: Path, r: Rows | None = None) -> None:
    """Write the index to ``path`` (atomically), from ``simple_icd_10_cm`` (a few seconds), or
    from rows already made."""
    import sqlite3
    import tempfile

    r = r or rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        # a new file made whole before it is renamed into place: no journal to keep (nor to lose)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        db.execute("INSERT INTO meta VALUES ('version', ?)", (package_version(),))
        db.executemany("INSERT INTO codes VALUES (?, ?, ?)", ((pos, c, d) for pos, (c, d) in enumerate(r.codes)))
        db.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", ((tid, *t) for tid, t in enumerate(r.texts)))
        db.executemany("INSERT INTO keys VALUES (?, ?, ?)", r.keys)  # SQLite orders them: no Python sort
        db.executemany("INSERT INTO words VALUES (?, ?)", r.words)
        db.commit()
        db.close()
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def cache_dir() -> Path:
    """Where the built index goes: the project's cache directory (:func:`fhirconv.diskcache.cache_dir`),
    or, with caching off, a temporary directory for this process only."""
    from fhirconv.diskcache import cache_dir as shared

    base = shared()
    if base is None:
        import tempfile

        return Path(tempfile.mkdtemp(prefix="fhirconv-icd10cm-"))
    return base


@cache
def cache_file() -> Path:
    """Named for the installed ICD-10-CM package (its files' sizes and times, read without importing
    it) and for the code that builds the keys: a new version or new rules make a new file."""
    from importlib.util import find_spec

    from fhirconv.diskcache import sha256

    here = Path(__file__).resolve().parent
    digest = sha256()
    for name in ("normalize.py", "icd10cm_keys.py", "icd10cm.py"):
        digest.update((here / name).read_bytes())
    spec = find_spec("simple_icd_10_cm")
    for location in (spec.submodule_search_locations or []) if spec else []:
        for entry in sorted(Path(location).rglob("*")):
            if entry.is_file() and "__pycache__" not in entry.parts:
                st = entry.stat()
                digest.update(f"{entry.relative_to(location)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_dir() / f"icd10cm-{digest.hexdigest()[:16]}-{_FORMAT}.sqlite"


def _usable(path: Path) -> Index | None:
    import sqlite3

    try:
        return Index(path) if path.is_file() else None
    except (sqlite3.Error, TypeError):
        return None


@cache
def index() -> Index | ShippedIndex:
    """The index: the shipped one when it fits the installed package and rules, else the cache
    file when there is a good one, else built first. When the cache directory cannot be written,
    the index is built in a temporary directory for this process."""
    if icd10cm_data.current():
        try:
            return ShippedIndex()
        except (OSError, ValueError, IndexError):  # a damaged copy in the cache: build as below
            pass
    path = cache_file()
    found = _usable(path)
    if found is not None:
        return found
    with _building(path):  # runs started together: one builds, the others wait for its file
        found = _usable(path)
        if found is not None:
            return found
        import sys

        if sys.stderr.isatty():  # a person is waiting: say why this once takes a while
            print("fhirconv: building the ICD-10-CM index (once per installation, about 10 s)...", file=sys.stderr)
        try:
            build(path)
            _remove_stale(path)
        except OSError:
            import tempfile

            path = Path(tempfile.mkdtemp(prefix="fhirconv-icd10cm-")) / path.name
            build(path)
    found = _usable(path)
    if found is None:  # pragma: no cover - a file just written that SQLite cannot open
        raise RuntimeError(f"cannot open the ICD-10-CM index {path}")
    return found


def is_malignant(code: str) -> bool:
    """Whether an ICD-10-CM code is of a malignant (C00-C96) or in situ (D00-D09) neoplasm: a cancer,
    as mCODE reads one."""
    block = code[:3]
    return "C00" <= block <= "C96" or "D00" <= block <= "D09"


# ICD-10-CM's residual categories: what is left when the record says no more ("Hepatitis,
# unspecified", "Pneumonia, unspecified organism") or what no other category takes ("not elsewhere
# classified"). "unspecified site" or "not specified as acute or chronic" leave another axis open.
_RESIDUAL = re.compile(r",\s*unspecified(?:\s+(?:organism|cause|etiology|type))?$"
                       r"|\b(?:not elsewhere classified|NEC|NOS)\b")


def is_residual(description: str) -> bool:
    """Whether an ICD-10-CM description is a residual category's: no code for a disorder whose cause the
    words name (K75.9 *Inflammatory liver disease, unspecified* is no drug-induced hepatitis; M46.1
    *Sacroiliitis, not elsewhere classified* no brucella sacroiliitis), since the classification files
    a named cause elsewhere."""
    return bool(_RESIDUAL.search(description))


def billable_description(code: str) -> str | None:
    """The description of a billable code when the index is shipped or already built (None otherwise, or
    when the code is not billable): lets validation spare the two-second package import."""
    if (index.cache_info().currsize == 0 and not icd10cm_data.current()  # type: ignore[attr-defined]
            and not cache_file().is_file()):
        return None
    try:
        return index().description(code)
    except Exception:  # noqa: BLE001 - a broken cache file: the caller asks the package instead
        return None


def _remove_stale(current: Path) -> None:
    """Indexes of other package versions or rules are never read again. Another run's file being
    written (``.tmp``) and the lock files are left alone."""
    for other in current.parent.glob("icd10cm-*"):
        if other != current and ".tmp" not in other.name and not other.name.endswith(".lock"):
            other.unlink(missing_ok=True)


@contextlib.contextmanager
def _building(path: Path) -> Iterator[None]:
    """Hold the build lock of ``path`` (an advisory lock on ``<path>.lock``): runs started together
    build the index once, not each its own copy at the same time. Where no lock can be taken (no
    ``fcntl``, a read-only directory) each run builds its own, as before: never an error."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(f"{path}.lock", "a")  # noqa: SIM115 - closed below, after the lock is released
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield
    finally:
        if path.is_file():  # built: a run that still waits finds the index when it gets the lock
            with contextlib.suppress(OSError):
                os.unlink(f"{path}.lock")
        fh.close()  # releases the lock


def info() -> dict[str, Any]:
    """Where the index is and what it holds (for diagnostics)."""
    ix = index()
    return {"path": str(ix.path), "version": ix.version, "codes": ix.count()}
