"""Which names of the SNOMED CT Global Patient Set (GPS) become look-up keys, and how: one place for
the rules, so the shipped index (:mod:`fhirconv.terminology.gps_data`) records their digest and is
not read under other rules.

The GPS value set gives each concept its fully specified name (FSN) with its semantic tag,
``Pain in throat (finding)``. The name is the FSN without the tag (the project's display
convention); the tag says what kind of thing the concept is. Two keys per name, tried in order:

- *exact*: the normalised name (:func:`fhirconv.terminology.normalize.normalize`);
- *word order*: its meaningful words sorted (:func:`~fhirconv.terminology.normalize.order_key`),
  only for names of at least :data:`MIN_ORDER_WORDS` meaningful words: two words in another order
  often name another thing (``cell tumor`` is not ``tumor cell``).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from fhirconv.terminology.normalize import normalize, order_key, words

EXACT, ORDER = 0, 1
MIN_ORDER_WORDS = 3
_TAG = re.compile(r"^(.*\S)\s+\(([^()]+)\)$")


def fsn_parts(fsn: str) -> tuple[str, str]:
    """(name, semantic tag) of a fully specified name; the tag is empty when there is none."""
    m = _TAG.match(fsn.strip())
    return (m.group(1), m.group(2)) if m else (fsn.strip(), "")


def keys(name: str) -> list[tuple[str, int]]:
    """The look-up keys of a concept's name: (key, EXACT | ORDER)."""
    key = normalize(name)
    if not key:
        return []
    out = [(key, EXACT)]
    okey = order_key(key) if len(words(key)) >= MIN_ORDER_WORDS else ""
    if okey:
        out.append((okey, ORDER))
    return out


def query_keys(term: str) -> list[tuple[str, int]]:
    """The keys a person's words are looked up by, in order (the same rules as :func:`keys`)."""
    return keys(term)


@cache
def rules_digest() -> str:
    """A digest of the code that makes keys (this module and normalize.py): an index built under
    other rules is never read."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in ("normalize.py", "gps_keys.py"):
        digest.update((here / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:16]
