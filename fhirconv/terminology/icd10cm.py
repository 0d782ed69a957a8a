"""The whole of ICD-10-CM, searchable by its descriptions and inclusion terms.

Built from ``simple_icd_10_cm`` (a dependency; ICD-10-CM is in the public domain) but never at import
time: importing that package takes about two seconds. The first look-up builds a compact index of
every billable code (normalised description and inclusion terms -> codes) and saves it in the
user cache directory (``FHIRCONV_CACHE_DIR``, else ``platformdirs.user_cache_dir("fhirconv")``),
keyed by the package version and by this code, so a later process loads it in a fraction of that.

Two kinds of key, tried in order, each giving a code only when exactly one billable code has it:

- *exact*: the normalised description or inclusion term (``Shortness of breath`` -> R06.02);
- *plain*: the same without ICD-10-CM's nonessential modifiers in parentheses or brackets and
  without a closing "unspecified" / "NOS" / "not elsewhere classified" / "site not specified"
  (``Essential (primary) hypertension`` -> ``essential hypertension``; ``Pneumonia, unspecified
  organism`` -> ``pneumonia``): ICD-10-CM's own convention for the code of the plain term.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology.normalize import normalize, words

SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
_FORMAT = 2

_MODIFIERS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_UNSPECIFIED = (
    re.compile(r",?\s+(?:unspecified|not otherwise specified)(?:\s+(?:organism|site|type|cause))?$", re.I),
    re.compile(r",?\s+(?:site not specified|not elsewhere classified|NOS)$"),
    re.compile(r"^unspecified\s+", re.I),
)


def plain(text: str) -> str:
    """``text`` without nonessential modifiers and a closing 'unspecified': the plain term."""
    out = _MODIFIERS.sub("", text).strip()
    for pattern in _UNSPECIFIED:
        out = pattern.sub("", out).strip()
    return out


@dataclass
class Index:
    """Billable codes with their texts, and the two key indexes (key -> code positions)."""

    version: str
    codes: list[str]
    descriptions: list[str]
    texts: list[tuple[int, str, str]]  # (code position, description or inclusion term, its key)
    exact: dict[str, list[int]]
    plain: dict[str, list[int]]
    _words: dict[str, list[int]] | None = field(default=None, repr=False)
    _position: dict[str, int] | None = field(default=None, repr=False)

    def find(self, term: str) -> tuple[str, list[int]]:
        """("exact" | "plain" | "", code positions) for ``term``, the first kind of key that has any."""
        key = normalize(term)
        if not key:
            return "", []
        for how, table in (("exact", self.exact), ("plain", self.plain)):
            found = table.get(key)
            if found:
                return how, found
        return "", []

    def description(self, code: str) -> str | None:
        if self._position is None:
            self._position = {c: i for i, c in enumerate(self.codes)}
        i = self._position.get(code)
        return None if i is None else self.descriptions[i]

    def word_index(self) -> dict[str, list[int]]:
        """word -> text positions, for search and suggestions (built when first asked)."""
        if self._words is None:
            index: dict[str, list[int]] = {}
            for t, (_, _, key) in enumerate(self.texts):
                for w in sorted(set(words(key))):
                    index.setdefault(w, []).append(t)
            self._words = index
        return self._words


def package_version() -> str:
    from importlib.metadata import version

    return version("simple_icd_10_cm")


def build() -> Index:
    """The index, from ``simple_icd_10_cm`` (about two seconds)."""
    import simple_icd_10_cm as cm

    codes = sorted({c for c in cm.get_all_codes(True) if not cm.is_chapter_or_block(c) and cm.is_leaf(c)})
    descriptions = [cm.get_description(c) for c in codes]
    texts: list[tuple[int, str, str]] = []
    exact: dict[str, list[int]] = {}
    plain_keys: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        terms = [descriptions[i], *cm.get_inclusion_term(code), *cm.get_includes(code)]
        for text in dict.fromkeys(terms):
            key = normalize(text)
            texts.append((i, text, key))
            if key and i not in exact.setdefault(key, []):
                exact[key].append(i)
            # A plain key equal to the text's exact key is never needed: the exact key finds it first.
            pkey = normalize(plain(text))
            if pkey and pkey != key and i not in plain_keys.setdefault(pkey, []):
                plain_keys[pkey].append(i)
    return Index(package_version(), codes, descriptions, texts, exact, plain_keys)


def cache_dir() -> Path:
    env = os.environ.get("FHIRCONV_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("fhirconv"))


def cache_file() -> Path:
    """Named for the ICD-10-CM package version and for the code that builds the keys."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("normalize.py", "icd10cm.py"):
        digest.update((here / name).read_bytes())
    return cache_dir() / f"icd10cm-{package_version()}-{digest.hexdigest()[:12]}-{_FORMAT}.pickle"


def _save(path: Path, index: Index) -> None:
    """Atomically, and silently not at all when the cache directory cannot be written."""
    import tempfile

    state: dict[str, Any] = {k: getattr(index, k) for k in ("version", "codes", "descriptions", "texts",
                                                              "exact", "plain")}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return


@cache
def index() -> Index:
    """The index: from the cache file when there is a good one, else built (and cached)."""
    path = cache_file()
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)
        return Index(**state)
    except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError):
        pass
    built = build()
    _save(path, built)
    return built
