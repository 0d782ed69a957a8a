"""Notes shown to people name items by their labels, not by the case file's internal ids.

fhirconv's date notes say "the date of 'ed-visit'" or "3 months after second-asct": ids are how a
case file links items, not words for a reader. Every resource names its item in its business
identifier (``<case id>/<item id>``), so the view can say "the date of the emergency visit".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# an offset before an id, as in fhirconv's date expressions ("about 3 months after second-asct")
_OFFSET = (r"(\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
           r"(?:hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\s+"
           r"(?:before|after|later than|earlier than)) ")


def item_id(resource: dict[str, Any]) -> str:
    """The item id of a resource from an identifier ``<case id>/<item id>[/<part>]`` ("" if none)."""
    for ident in resource.get("identifier") or []:
        if not isinstance(ident, dict):
            continue
        value = str(ident.get("value") or "")
        parts = value.split("/")
        if len(parts) == 2 and all(parts):
            return parts[1]
    return ""


def phrase(label: str) -> str:
    """``the emergency visit`` from "Emergency visit"; acronyms keep their capitals."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        label = label[0].lower() + label[1:]
    return label if label.lower().startswith("the ") else f"the {label}"


def humanize(text: str, labels: dict[str, str]) -> str:
    """``text`` with item ids replaced by their labels where they stand for an item: quoted
    ('ed-visit', ‘ed-visit’), after an offset (3 months after second-asct), or as ``(id: date)``.
    Free wording that happens to contain an id ("after radiotherapy") is left as the source wrote it."""
    if not text or not labels:
        return text
    for item, label in sorted(labels.items(), key=lambda kv: -len(kv[0])):
        if item not in text:
            continue
        esc = re.escape(item)
        phrase_ = phrase(label)
        text = re.sub(rf"['‘]{esc}['’]", lambda _m, p=phrase_: p, text)
        text = re.sub(rf"{_OFFSET}{esc}(?![\w-])", lambda m, p=phrase_: f"{m.group(1)} {p}", text,
                      flags=re.IGNORECASE)
        text = re.sub(rf"\({esc}: ", lambda _m, lab=label: f"({lab}: ", text)
    return text


def labels_by_item(pairs: Iterable[tuple[dict[str, Any], str]]) -> dict[str, str]:
    """item id -> label, from (resource, label) pairs; the first label of an item wins."""
    out: dict[str, str] = {}
    for resource, label in pairs:
        item = item_id(resource)
        if item and label and item not in out:
            out[item] = label
    return out
