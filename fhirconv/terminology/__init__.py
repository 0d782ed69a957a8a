"""Code tables as data files, looked up by term.

Every ``*.csv`` in ``data/`` has the columns ``kind,term,aliases,system,code,display,source``.
Rows with the same kind and term give several codings of one concept (SNOMED CT and ICD-10-CM for a
condition, say). ``source`` cites where the code and display were checked. A term with no row
has no code: mappers then keep it as text and warn, never guess.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

SYSTEMS = {
    "snomed": "http://snomed.info/sct",
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "loinc": "http://loinc.org",
    "ucum": "http://unitsofmeasure.org",
    "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
    "ncim": "http://ncimeta.nci.nih.gov",
}


@dataclass(frozen=True, slots=True)
class Coding:
    system: str
    code: str
    display: str
    source: str = ""

    def to_fhir(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


def normalize(term: str) -> str:
    """Lower case, single spaces, hyphens and underscores as spaces: the lookup key."""
    return " ".join(term.lower().replace("_", " ").replace("-", " ").split())


@cache
def _table() -> dict[tuple[str, str], tuple[Coding, ...]]:
    table: dict[tuple[str, str], list[Coding]] = {}
    data = resources.files("fhirconv.terminology") / "data"
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row.get("kind") or row["kind"].startswith("#"):
                    continue
                coding = Coding(row["system"], row["code"], row["display"], row["source"])
                keys = [row["term"], *[a for a in (row.get("aliases") or "").split("|") if a]]
                for key in keys:
                    bucket = table.setdefault((row["kind"], normalize(key)), [])
                    if coding not in bucket:
                        bucket.append(coding)
    return {k: tuple(v) for k, v in table.items()}


def lookup(kind: str, term: str) -> tuple[Coding, ...]:
    """Codings for ``term`` of ``kind`` (``condition``, ``medication``...), empty when unknown."""
    return _table().get((kind, normalize(term)), ())


@cache
def _by_code() -> dict[tuple[str, str], Coding]:
    return {(c.system, c.code): c for codings in _table().values() for c in codings}


def known(system: str, code: str) -> Coding | None:
    """The table row for a code, to check a display given elsewhere against ours."""
    return _by_code().get((system, code))
