"""Nothing silently dropped: every value a sample case holds (strings, numbers, dates, booleans)
is found in its output Bundle, R4 and R5 — as an element, a code's display, a note or a narrative.

Ids and the ids a value refers to (``reason: myeloma``, ``date: relapse-5``) are references: the
identifier of each item is checked instead, and the referenced item's own values are checked where
it is written. Values that the format maps to codes (``class: icu``) are looked for as the words
the mapper writes for them.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from fhirconv.api import convert_file
from fhirconv.case.dates import Relative, parse_expr
from fhirconv.mappers.encounter import CLASSES, DISPOSITIONS
from tests.conftest import SAMPLES

CASES = sorted(SAMPLES.glob("*.yaml"))
# Values written as codes or words rather than verbatim: key -> value -> words looked for.
TRANSLATED = {"class": {k: v[1] for k, v in CLASSES.items()}, "discharge": {k: v[1] for k, v in DISPOSITIONS.items()}}
SKIP_KEYS = {"fhirconv"}  # the format version
DATE_KEYS = {"date", "onset", "start", "end", "abatement", "at"}


def leaves(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in leaves(v, (*path, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in leaves(v, (*path, i))]
    return [(path, node)]


def ids_of(case: dict[str, Any]) -> set[str]:
    ids = set(case.get("timeline", {}))
    for section in ("conditions", "medications", "procedures", "observations", "encounters", "allergies",
                    "family_history", "immunizations"):
        for item in case.get(section, []):
            ids.add(item["id"])
            for key in ("history", "verification_history"):
                ids.update(h["id"] for h in item.get(key, []) if "id" in h)
    return ids


def haystack(bundle: dict[str, Any]) -> str:
    """Every string and number of the Bundle, narratives unescaped, lower case."""
    parts = [html.unescape(str(v)) for _p, v in leaves(bundle)]
    return "\n".join(parts).lower()


def normal(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def missing(case_path: Path, version: str) -> list[str]:
    case = YAML(typ="safe").load(case_path.read_text(encoding="utf-8"))
    conv = convert_file(case_path, fhir_version=version)
    text = haystack(conv.bundle)
    loose = normal(text)
    ids = ids_of(case)
    lost = []
    for path, value in leaves(case):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if key in SKIP_KEYS or value is None:
            continue
        if isinstance(value, str) and value in ids:
            continue  # a reference to an item or event; its values are checked where they are written
        relative = parse_expr(value) if key in DATE_KEYS and isinstance(value, str) else None
        if isinstance(relative, Relative) and relative.anchor in ids:
            # "11 months after mastectomy": notes name the anchor by its words, the offset stays as written
            value = value[: len(value) - len(relative.anchor)].strip()
        if isinstance(value, bool):
            wanted = "true" if value else "false"
        elif isinstance(value, str):
            wanted = TRANSLATED.get(key, {}).get(value, value)
        else:
            wanted = str(value)
        if wanted.lower() not in text and normal(wanted) not in loose:
            lost.append(f"{'.'.join(map(str, path))} = {value!r}")
    lost += [f"identifier of {i!r}" for i in sorted(ids - set(case.get("timeline", {})))
             if f"{case['id']}/{i}".lower() not in text]
    return lost


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_every_value_of_every_sample_lands_in_the_bundle(case_path, version):
    assert missing(case_path, version) == []


def test_the_walker_notices_a_dropped_value(monkeypatch):
    # The same check against a Bundle that lost the Patient's narrative (where the case's title and
    # source live; timeline words are also in the notes of the items dated from them) must report them.
    import tests.core.test_nothing_dropped as me

    real = me.convert_file

    def lossy(path, **kw):
        conv = real(path, **kw)
        conv.bundle["entry"][0]["resource"].pop("text")
        return conv

    monkeypatch.setattr(me, "convert_file", lossy)
    lost = missing(SAMPLES / "multiple-myeloma.yaml", "R4")
    assert "source.authors.1 = 'N. Takezako'" in lost
    assert "title = 'Heavily treated IgG-lambda multiple myeloma; second ASCT and low-dose lenalidomide maintenance'" \
        in lost
