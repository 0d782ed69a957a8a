"""A finding named with where it is: "neck tenderness", "swelling of the left knee", "right calf pain".

Terminologies hold few such pairs as one concept, and FHIR says where a condition is in
Condition.bodySite ("only used if not implicit in code"). So when the whole name has no code, a
general finding word that keeps its meaning at any site (pain, tenderness, swelling, numbness ...)
with a body site the tables know (and its side: left, right, bilateral, both) is read as the
finding, coded, with the site in bodySite; the whole words stay as the code's text. The finding
named with its site is tried first ("swelling of knee"), for the terminologies that have it.

Not read: words outside that list ("weakness" is ICD-10-CM's *Weakness*, an asthenia, not a limb's
weakness; "mass", "lesion" and "ulcer" have no general code here), sites joined by "and" ("face and
upper limb": one concept would name half of them), and a condition whose case gives a body site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fhirconv.case.model import BodySite, Concept
from fhirconv.mappers.snippets import SIDES
from fhirconv.terminology import match

# General findings that mean the same wherever they are; each must be a code of the tables as a word.
FINDINGS = frozenset({
    "pain", "tenderness", "swelling", "oedema", "edema", "numbness", "tingling", "paraesthesia",
    "paresthesia", "paraesthesias", "paresthesias", "erythema", "rash", "itching", "pruritus", "deformity",
    "ecchymosis", "spasm", "cramp", "cramps", "hematoma", "haematoma", "abrasion", "bleeding",
})
_LINK = re.compile(r"^(?P<finding>\S+)\s+(?:of|in|on|over|at|around)\s+(?:the\s+)?(?P<site>.+)$", re.IGNORECASE)
_PAIRS = frozenset({"and", "or", "&", "/", "and/or", "nor"})


@dataclass(frozen=True, slots=True)
class SitedFinding:
    code_text: str  # the words to code: the finding named with its site when that has a code, else the finding
    site: BodySite  # where it is, with its side
    site_words: str  # the site's words as written


def read(name: str) -> SitedFinding | None:
    """``name`` read as a finding at a site, or None (the name has a code as it stands, or is not one)."""
    text = " ".join(name.split())
    if not text or match("condition", text).status != "none":
        return None
    words = text.split()
    ways = []
    if (linked := _LINK.match(text)) is not None:
        ways.append((linked["finding"], linked["site"]))
    if len(words) >= 2:
        ways.append((words[-1], " ".join(words[:-1])))
    for finding, site_words in ways:
        if finding.lower() not in FINDINGS or match("condition", finding).status != "found":
            continue
        site = _site(site_words)
        if site is None:
            continue
        precoordinated = f"{finding} of {site.site.term}"
        code_text = precoordinated if match("condition", precoordinated).status == "found" else finding
        return SitedFinding(code_text, site, site_words)
    return None


def _site(words: str) -> BodySite | None:
    """The body site ``words`` name, with its side, when the tables know it."""
    if _PAIRS & set(words.lower().split()):
        return None
    if match("body-site", words).status == "found":
        return BodySite(Concept(words))
    first, _, rest = words.partition(" ")
    side = SIDES.get(first.lower())
    if side and rest and match("body-site", rest).status == "found":
        return BodySite(Concept(rest), side)
    return None
