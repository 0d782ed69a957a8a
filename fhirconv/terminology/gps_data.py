"""The SNOMED CT Global Patient Set (GPS) as a look-up index shipped in the package.

HL7 publishes the GPS, SNOMED International's freely usable subset of SNOMED CT, as the value set
``ValueSet-snomed-intl-gps.json`` of the ``hl7.terminology.r4`` package: about 26,000 concepts, each
with its fully specified name. The package carries an index of it (``data/snomed-gps-index.txt.gz``,
built at development time): the concepts (code, semantic tag, name) and the keys of their names
(rules in :mod:`fhirconv.terminology.gps_keys`), each section sorted so that a look-up finds its line
by bisection over the raw bytes (:func:`fhirconv.terminology.sectioned.first_line`), nothing parsed
beyond the lines asked for. It is read only when a look-up misses the tables, and never when its
header names other key rules than today's (no answer from stale keys).

Regenerate after changing ``normalize.py`` or ``gps_keys.py``, or the package version::

    python -m fhirconv.terminology.gps_data
"""

from __future__ import annotations

import gzip
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

from fhirconv.terminology import sectioned
from fhirconv.terminology.gps_keys import EXACT, fsn_parts, keys, name_words, query_keys, rules_digest, turned
from fhirconv.terminology.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "snomed-gps-index.txt.gz"
MAGIC = "fhirconv snomed-gps-index 1"
PACKAGE = "hl7.terminology.r4@7.0.1"
SOURCE_FILE = "ValueSet-snomed-intl-gps.json"
SOURCE = f"{PACKAGE} {SOURCE_FILE} (SNOMED CT GPS)"
SECTIONS = ("concepts", "keys", "words")


class Concept(NamedTuple):
    code: str
    tag: str  # the semantic tag: "disorder", "finding", "body structure"...
    name: str  # the fully specified name without its tag: the display


def source_path() -> Path:
    """The GPS value set of the installed ``hl7.terminology.r4`` package (FHIR package cache)."""
    from fhirconv.packages.cache import cache_dir

    name, version = PACKAGE.split("@")
    return cache_dir() / f"{name}#{version}" / "package" / SOURCE_FILE


def read_source(path: Path) -> list[Concept]:
    """The concepts of the value set, by code."""
    import json

    vs = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Concept] = {}
    for include in vs["compose"]["include"]:
        if include.get("system") != "http://snomed.info/sct":
            continue
        for c in include.get("concept", []):
            name, tag = fsn_parts(c["display"])
            out[c["code"]] = Concept(c["code"], tag, name)
    return sorted(out.values(), key=lambda c: c.code)


def render(concepts: list[Concept], sha256: str) -> str:
    """The text of the shipped file: a header (package, source digest, key rules, each section's byte
    range), then the sections' sorted lines (UTF-8 byte order is code point order)."""
    posting: dict[tuple[str, int], list[str]] = {}
    by_word: dict[str, list[str]] = {}
    for c in concepts:
        for key, level in keys(c.name):
            posting.setdefault((key, level), []).append(c.code)
        for word in name_words(c.name):
            by_word.setdefault(word, []).append(c.code)
    sections = {
        "concepts": sorted(f"{c.code}\t{c.tag}\t{c.name}" for c in concepts),
        "keys": sorted(f"{k}\t{lv}\t{','.join(sorted(codes))}" for (k, lv), codes in posting.items()),
        "words": sorted(f"{w}\t{','.join(sorted(codes))}" for w, codes in by_word.items()),
    }
    head = [MAGIC, f"package\t{PACKAGE} {SOURCE_FILE}", f"sha256\t{sha256}", f"rules\t{rules_digest()}"]
    return sectioned.render(head, sections, "the GPS", check_sorted=False)


def header(path: Path | None = None) -> dict[str, str] | None:
    """The file's recorded package, source digest and rules (None when there is no readable file)."""
    return sectioned.read_header(path or DATA, MAGIC, 3)


def current(path: Path | None = None) -> bool:
    """Whether the file was made with today's key rules (the package is not needed to read it)."""
    found = header(path)
    return found is not None and found.get("rules") == rules_digest()


class Shipped(sectioned.Sections):
    """Read access to the shipped index: bisection over its sorted lines. The first process unpacks
    it once into the cache directory and later ones map that copy into memory, as for ICD-10-CM
    (:func:`fhirconv.terminology.sectioned.unpacked`); without a writable cache it is unpacked in
    memory (about 3 MB, some 15 ms)."""

    def __init__(self, path: Path | None = None):
        path = path or DATA
        found = header(path) or {}
        tag = f"{found.get('sha256', '')[:12]}-{found.get('rules')}"
        super().__init__(sectioned.unpacked(path, "snomed-gps-shipped", tag), path, MAGIC, 3, "a GPS index")

    def concept(self, code: str) -> Concept | None:
        line = self.line("concepts", code)
        return Concept(line[0], line[1], "\t".join(line[2:])) if line is not None else None

    def codes(self, key: str, level: int) -> list[str]:
        line = self.line("keys", f"{key}\t{level}")
        return line[2].split(",") if line is not None else []

    def find(self, term: str, tags: tuple[str, ...]) -> tuple[int, list[Concept]]:
        """(level, concepts) of the first key of ``term`` that names concepts with one of ``tags``;
        (-1, []) when none does."""
        exact = ""
        for key, level in query_keys(term, tags):
            exact = key if level == EXACT else exact  # the ORDER key follows its EXACT key
            found = [c for c in map(self.concept, self.codes(key, level)) if c is not None and c.tag in tags
                     and (level == EXACT or turned(exact, normalize(c.name)))]
            if found:
                return level, found
        return -1, []

    def overlap(self, query: set[str], tags: tuple[str, ...], limit: int) -> list[tuple[Concept, int, int]]:
        """Concepts with one of ``tags`` whose names share the most of ``query``'s words (only the best
        count): (concept, words shared, words of the name), fewest other words first, then by code."""
        counts: dict[str, int] = {}
        for word in sorted(query):
            line = self.line("words", word)
            for code in line[1].split(",") if line is not None else ():
                counts[code] = counts.get(code, 0) + 1
        found: list[tuple[Concept, int, int]] = []
        for best in sorted(set(counts.values()), reverse=True):
            for code in sorted(c for c, n in counts.items() if n == best):
                concept = self.concept(code)
                if concept is not None and concept.tag in tags:
                    found.append((concept, best, len(name_words(concept.name))))
            if found:
                break
        return sorted(found, key=lambda f: (f[2], f[0].code))[:limit]

    def count(self) -> int:
        return self.entries("concepts")

    def names(self, tag: str) -> list[str]:
        """The names of every concept with semantic tag ``tag`` (a scan of the concepts section)."""
        import re

        lo, hi = self.ranges["concepts"]
        found = re.finditer(rb"^[0-9]+\t" + re.escape(tag.encode("utf-8")) + rb"\t([^\n]*)$", self.buf[lo:hi], re.M)
        return [m.group(1).decode("utf-8") for m in found]


@cache
def index() -> Shipped | None:
    """The shipped index, or None when it is missing, damaged or made under other key rules."""
    if not current():
        return None
    try:
        return Shipped()
    except (OSError, ValueError, IndexError, EOFError, gzip.BadGzipFile):
        return None


def build(path: Path | None = None, source: Path | None = None) -> Path:
    """Write the shipped file from the installed package's value set (deterministic bytes)."""
    import hashlib

    path, source = path or DATA, source or source_path()
    raw = source.read_bytes()
    text = render(read_source(source), hashlib.sha256(raw).hexdigest())
    sectioned.write_shipped(path, text)
    return path


if __name__ == "__main__":
    written = build()
    print(f"wrote {written} ({written.stat().st_size:,} bytes)", file=sys.stderr)
