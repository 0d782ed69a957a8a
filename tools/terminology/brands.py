"""Write the brand-name table from the RxNorm branded products the artefacts state.

    python tools/terminology/brands.py [--candidates tools/terminology/candidates.tsv]

Why: case reports name drugs by brand (Lasix, Tylenol, Medrol); RxNorm names a branded product with
its ingredients and the brand in brackets (``Furosemide 40 MG Oral Tablet [Lasix]``), so the
relation brand -> ingredients is read in an artefact, never written from memory. Reads the RxNorm
rows of the candidates file (``extract.sh``) and writes ``fhirconv/terminology/data/brands.tsv``
(columns ``brand,ingredients,term,products,source``):

- a product's ingredients are the names before each strength (``Amoxicillin 875 MG / Clavulanate
  125 MG ...``), or, without strengths, before a dose form read in the products that have one;
  a product that parses neither way, or a pack (``{...} Pack [...]``), is not read;
- a brand is kept only when every product bracketed with it names the same ingredients (salt words
  aside: ``dabigatran etexilate`` is dabigatran), and its name is no ingredient's name;
- ``term`` is the table concept the ingredients resolve to (``fhirconv.terminology.match_tables``:
  the ingredient row, or for several ingredients a row whose RxNorm display names exactly them,
  ``amoxicillin / clavulanate``), empty when the tables code none: the brand then stays text and
  the converter names its ingredients;
- ``products`` are the RxNorm codes of the branded products read, ``source`` their artefacts.

(tab-separated: the ``*.csv`` files are the code tables). Rebuild after ``build.py`` (the terms
resolve against the built tables); a test checks every term still resolves as written.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "fhirconv" / "terminology" / "data" / "brands.tsv"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
HEADER = ["brand", "ingredients", "term", "products", "source"]

_BRANDED = re.compile(r"^(?P<body>[^{\[]+?) \[(?P<brand>[^\[\]]+)\]$")
_QUANTITY = re.compile(r"^\d[\d.,]* (?:[A-Z]+(?:/[A-Z]+)*|%)$")
_NUMBER = re.compile(r"^\d[\d.,]*$")
# RxNorm's words before a quantity that say what kind of product it is (``NDA020983 200 ACTUAT``,
# ``Abuse-Deterrent 12 HR``, ``Breath-Actuated 120 ACTUAT``)
_PRODUCT_WORD = re.compile(r"^(?:[A-Z]{2,4}\d{6}|[A-Z][a-z]+-[A-Z][a-z]+)$")
_UNIT = re.compile(r"^(?:[A-Z]+(?:/[A-Z]+)*|%)$")
# Words of a precise ingredient that name its salt or ester: the ingredient is the rest
# (metoprolol tartrate is metoprolol). Never taken when the rest is an element or an ion.
SALT_WORDS = frozenset({
    "hydrochloride", "hcl", "dihydrochloride", "hydrobromide", "sodium", "potassium", "calcium", "magnesium",
    "disodium", "acetate", "diacetate", "succinate", "sodium succinate", "maleate", "mesylate", "besylate",
    "tartrate", "bitartrate", "citrate", "sulfate", "phosphate", "sodium phosphate", "fumarate", "etexilate",
    "medoxomil", "dipropionate", "propionate", "valerate", "butyrate", "furoate", "acetonide", "bromide",
    "chloride", "lactate", "gluconate", "tromethamine", "monohydrate", "trihydrate", "anhydrous",
})
ELEMENTS = frozenset({"calcium", "sodium", "potassium", "magnesium", "iron", "zinc", "lithium", "aluminum",
                      "copper", "iodine", "fluoride", "chloride", "bicarbonate", "phosphate", "sulfate"})


def _tokens(text: str) -> list[str]:
    return text.split()


def _name_before_strength(part: str) -> tuple[str, str] | None:
    """(name, what follows the strength) of ``Amoxicillin 875 MG Oral Tablet``; None without one."""
    toks = _tokens(part)
    for i in range(1, len(toks) - 1):
        if _NUMBER.match(toks[i]) and _UNIT.match(toks[i + 1]):
            return " ".join(toks[:i]), " ".join(toks[i + 2:])
    return None


def _strip_quantity(body: str) -> str:
    """``0.2 ML dalteparin sodium 25000 UNT/ML Prefilled Syringe`` without its leading quantity."""
    toks = _tokens(body)
    if len(toks) > 3 and _PRODUCT_WORD.match(toks[0]) and _QUANTITY.match(" ".join(toks[1:3])):
        toks = toks[1:]
    if len(toks) > 2 and _QUANTITY.match(" ".join(toks[:2])):
        return " ".join(toks[2:])
    return body


def parse(body: str, forms: set[str]) -> list[str] | None:
    """The ingredient names of a product (lower case), or None when it does not parse."""
    parts = [p.strip() for p in _strip_quantity(body).split(" / ")]
    names: list[str] = []
    for i, part in enumerate(parts):
        found = _name_before_strength(part)
        if found:
            names.append(found[0])
            continue
        if i < len(parts) - 1:  # an inner part without strength: "Hydrocodone / Ibuprofen Oral Tablet"
            names.append(part)
            continue
        form = next((f for f in sorted(forms, key=len, reverse=True) if part.endswith(" " + f)), None)
        if form is None:
            return None
        names.append(part[: -len(form) - 1])
    if any(not n or _NUMBER.match(n.split()[0]) or n.startswith(("{", "(")) for n in names):
        return None
    return [n.lower() for n in names]


def base(name: str) -> str:
    """The ingredient without its salt words: ``dabigatran etexilate`` -> ``dabigatran``."""
    words = name.split()
    while len(words) > 1 and words[-1] in SALT_WORDS and " ".join(words[:-1]) not in ELEMENTS:
        words = words[:-1]
    return " ".join(words)


def read(candidates: Path) -> tuple[dict[str, list[tuple[str, str, str]]], set[str]]:
    """(brand -> [(code, body, source)], dose forms) from the RxNorm rows of ``candidates``."""
    products: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    forms: set[str] = set()
    seen: set[tuple[str, str]] = set()
    with candidates.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["system"] != RXNORM:
                continue
            m = _BRANDED.match(row["display"].strip())
            if not m or (row["code"], row["source"]) in seen:
                continue
            seen.add((row["code"], row["source"]))
            body = m.group("body")
            products[m.group("brand").strip()].append((row["code"], body, row["source"]))
            last = _strip_quantity(body).split(" / ")[-1]
            found = _name_before_strength(last)
            if found and found[1]:
                forms.add(found[1])
    return products, forms


def _combinations() -> dict[frozenset[str], str]:
    """The table concepts whose RxNorm display names several ingredients: {ingredients: term}."""
    from fhirconv.terminology.matching import table

    out: dict[frozenset[str], str] = {}
    for c in table().concepts:
        if c.kind != "medication":
            continue
        for coding in c.codings:
            if coding.system == RXNORM and " / " in coding.display:
                out[frozenset(base(p.strip().lower()) for p in coding.display.split(" / "))] = c.term
    return out


def resolve(names: list[str], combos: dict[frozenset[str], str]) -> str:
    """The table term the ingredients name, or "" when the tables code none."""
    from fhirconv.terminology.matching import match_tables

    if len(names) > 1:
        key = frozenset(base(n) for n in names)
        if key in combos:
            return combos[key]
        found = match_tables("medication", " / ".join(sorted(key)))
        return found.concept.term if found.concept else ""
    for name in dict.fromkeys((names[0], base(names[0]))):
        found = match_tables("medication", name)
        if found.concept is not None:
            return found.concept.term
    return ""


def brands(candidates: Path) -> tuple[list[list[str]], dict[str, int]]:
    """The rows of brands.tsv and counts of what was left out, and why."""
    from fhirconv.terminology.normalize import normalize

    products, forms = read(candidates)
    by_key: dict[str, list[tuple[str, list[str] | None, str, str]]] = defaultdict(list)
    generic: set[str] = set()
    for brand, items in products.items():
        for code, body, source in items:
            names = parse(body, forms)
            by_key[normalize(brand)].append((brand, names, code, source))
            for n in names or ():
                generic |= {normalize(n), normalize(base(n))}
    combos = _combinations()
    rows: list[list[str]] = []
    dropped = {"unparsed product": 0, "ingredients disagree": 0, "generic name": 0}
    for key, items in sorted(by_key.items()):
        if any(names is None for _, names, _, _ in items):
            dropped["unparsed product"] += 1
            continue
        sets = {frozenset(base(n) for n in names or ()) for _, names, _, _ in items}
        if len(sets) != 1:
            dropped["ingredients disagree"] += 1
            continue
        if key in generic:
            dropped["generic name"] += 1
            continue
        brand = sorted({b for b, _, _, _ in items}, key=lambda b: (-sum(x[0] == b for x in items), b))[0]
        names = sorted(next(iter(sets)))
        codes = sorted({c for _, _, c, _ in items}, key=int)
        sources = sorted({s for _, _, _, s in items})
        rows.append([brand, " / ".join(names), resolve(names, combos), " ".join(codes), " | ".join(sources)])
    return rows, dropped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=Path, default=HERE / "candidates.tsv")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows, dropped = brands(args.candidates)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    coded = sum(1 for r in rows if r[2])
    print(f"{len(rows)} brands ({coded} resolve to a table concept) -> {args.out}; left out: "
          + ", ".join(f"{n} {why}" for why, n in dropped.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
