"""The ICD-10-CM index shipped in the package: built at development time, read in a blink.

Building the index from ``simple_icd_10_cm`` takes seconds (its import alone about two), so the
package carries it as sorted text lines (``data/icd10cm-index.txt.gz``, about 3 MB): codes with
descriptions, texts, keys and words, each section sorted so that a look-up finds its line by
bisection over the raw bytes; nothing is parsed beyond the lines asked for. The first process
unpacks it once into the cache directory, named for its version and rules, and later processes map
that copy into memory (a process that cannot write the cache unpacks it in memory).

The file records the ``simple_icd_10_cm`` version and the digest of the key rules it was built with;
when either differs from what is installed it is not read, and the index is built in the cache as
before (:mod:`fhirconv.terminology.icd10cm`): it never answers from stale data.

Regenerate after changing ``normalize.py`` or ``icd10cm_keys.py``, or upgrading the package::

    python -m fhirconv.terminology.icd10cm_data
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

from fhirconv.terminology import sectioned
from fhirconv.terminology.icd10cm_keys import Rows, rules_digest

DATA = Path(__file__).resolve().parent / "data" / "icd10cm-index.txt.gz"
MAGIC = "fhirconv icd10cm-index 2"
SECTIONS = ("codes", "texts", "keys", "words")


def render(r: Rows, version: str) -> str:
    """The text of the shipped file: a header with each section's byte range, then the sections'
    sorted lines (UTF-8 byte order is code point order, so the bytes bisect as the text sorts)."""
    keys: dict[tuple[str, int], list[int]] = {}
    for key, level, pos in r.keys:
        keys.setdefault((key, level), []).append(pos)
    posting: dict[str, list[int]] = {}
    for word, tid in r.words:
        posting.setdefault(word, []).append(tid)
    code = [c for c, _ in r.codes]
    sections = {
        "codes": [f"{c}\t{description}" for c, description in r.codes],
        # A text equal to its code's description is written empty (most texts are descriptions).
        "texts": [f"{tid:06d}\t{code[pos]}\t{n}\t{'' if text == r.codes[pos][1] else text}"
                  for tid, (pos, text, n) in enumerate(r.texts)],
        "keys": sorted(f"{k}\t{lv}\t{','.join(code[p] for p in sorted(ps))}" for (k, lv), ps in keys.items()),
        "words": sorted(f"{w}\t{','.join(map(str, sorted(t)))}" for w, t in posting.items()),
    }
    head = [MAGIC, f"simple-icd-10-cm\t{version}", f"rules\t{rules_digest()}"]
    return sectioned.render(head, sections, "ICD-10-CM")


def header(path: Path | None = None) -> dict[str, str] | None:
    """The file's recorded version and rules (None when there is no readable file)."""
    return sectioned.read_header(path or DATA, MAGIC, 2)


@cache
def current() -> bool:
    """Whether the shipped file was built from the installed package with today's key rules."""
    from fhirconv.diskcache import installed_version

    found = header()
    installed = installed_version("simple_icd_10_cm", "simple_icd_10_cm")
    if installed is None:
        return False
    return found is not None and found == {"simple-icd-10-cm": installed, "rules": rules_digest()}


def _unpacked(path: Path) -> Any:
    found = header(path) or {}
    return sectioned.unpacked(path, "icd10cm-shipped", f"{found.get('simple-icd-10-cm')}-{found.get('rules')}")


class Shipped(sectioned.Sections):
    """Read access to the shipped index: bisection over its sorted lines."""

    def __init__(self, path: Path | None = None):
        path = path or DATA
        super().__init__(_unpacked(path), path, MAGIC, 2, "an ICD-10-CM index")
        self.version = self.values["simple-icd-10-cm"]

    def exact_or_plain(self, key: str) -> tuple[int, list[tuple[str, str]]] | None:
        """(level, [(code, description)...]) of the first level of key ``key`` that has codes."""
        line = self.line("keys", key)
        if line is None:
            return None
        return int(line[1]), [(code, self.description(code) or "") for code in line[2].split(",")]

    def description(self, code: str) -> str | None:
        line = self.line("codes", code)
        return "\t".join(line[1:]) if line is not None else None

    def text_ids(self, word: str) -> list[int]:
        line = self.line("words", word)
        return [int(t) for t in line[1].split(",")] if line is not None else []

    def text(self, tid: int) -> tuple[str, str, str, int]:
        """(code, description, text, meaningful words) of text ``tid``."""
        code, text, nwords = self.text_row(tid)
        description = self.description(code) or ""
        return code, description, text or description, nwords

    def text_row(self, tid: int) -> tuple[str, str, int]:
        """(code, text, meaningful words) of text ``tid``; the text is empty when it is the code's
        description (read it with :meth:`description` only when needed: most are not)."""
        line = self.line("texts", f"{tid:06d}")
        if line is None:
            raise KeyError(tid)
        return line[1], "\t".join(line[3:]), int(line[2])

    def count(self) -> int:
        return self.entries("codes")


def build(path: Path | None = None) -> Path:
    """Write the shipped file from the installed ``simple_icd_10_cm`` (deterministic bytes)."""
    from importlib.metadata import version

    from fhirconv.terminology.icd10cm_keys import rows

    path = path or DATA
    sectioned.write_shipped(path, render(rows(), version("simple_icd_10_cm")))
    return path


if __name__ == "__main__":
    written = build()
    print(f"wrote {written} ({written.stat().st_size:,} bytes)", file=sys.stderr)
