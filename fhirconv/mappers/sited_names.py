"""A finding or a procedure named with where it is: "neck tenderness", "swelling of the left knee",
"renal biopsy", "CT scan of the abdomen", "swollen eyes".

Terminologies hold few such pairs as one concept, and FHIR says where a condition is or a procedure
was done in ``bodySite`` ("only used if not implicit in code"). So when the whole name has no code, a
general word that keeps its meaning at any site (a finding: pain, tenderness, swelling ...; a
procedure: biopsy, excision, injection, amputation, an imaging study ...) with a body site the tables
know (and its side: left, right, bilateral, both; or its adjective: renal, hepatic, abdominal ...,
from ``terminology/data/site-adjectives.tsv``) is
read as that word, coded, with the site in bodySite; the whole words stay as the code's text. The
word named with its site is tried first ("swelling of knee"), for the terminologies that have it.

Not read: words outside those lists ("weakness" is ICD-10-CM's *Weakness*, an asthenia, not a limb's
weakness; "mass" and "lesion" have no general code here), sites joined by "and" ("face and upper
limb": one concept would name half of them), and an item whose case gives a body site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fhirconv.case.model import BodySite, Concept
from fhirconv.mappers.snippets import SIDES
from fhirconv.terminology import match
from fhirconv.terminology.matching import site_adjectives
from fhirconv.terminology.normalize import normalize

# General words that mean the same wherever they are; each must also be a code of the tables.
WORDS = {
    "condition": frozenset({
        "pain", "tenderness", "swelling", "oedema", "edema", "numbness", "tingling", "paraesthesia",
        "paresthesia", "paraesthesias", "paresthesias", "erythema", "rash", "itching", "pruritus",
        "deformity", "ecchymosis", "spasm", "cramp", "cramps", "hematoma", "haematoma", "abrasion",
        "bleeding", "cellulitis", "abscess", "fracture", "wound", "burn", "lymphadenopathy",
        "deep vein thrombosis", "deep venous thrombosis", "dvt", "pneumonia", "septic arthritis", "arthritis",
        "osteomyelitis", "tremor", "tremors", "desquamation", "peeling", "lymph node enlargement",
        "enlarged lymph nodes", "crackles", "crepitations", "rales", "wheezing", "wheezes", "claudication",
        "laceration", "contusion", "bruise", "bruising", "stab wound", "gouty arthritis", "osteoarthritis",
        "bursitis", "tendinitis", "synovitis", "aneurysm", "fistula", "cyst", "pustule", "papule", "scar",
        "ischemia", "ischaemia", "disc herniation", "herniated disc", "disc prolapse", "petechiae"}),
    "procedure": frozenset({
        "biopsy", "excision", "aspiration", "injection", "catheterization", "catheterisation",
        "transplantation", "radiotherapy", "radiation therapy", "amputation", "arthroscopy", "ultrasound",
        "ultrasonography", "ct", "ct scan", "computed tomography", "mri", "mri scan",
        "magnetic resonance imaging", "x-ray", "radiograph", "radiography", "pet-ct", "pet/ct", "pet-ct scan",
        "pet scan", "angiography", "doppler ultrasound", "incision and drainage", "fine-needle aspiration",
        "fine needle aspiration", "fna", "scintigraphy", "radionuclide imaging", "isotope scan",
        "doppler sonography", "color doppler sonography", "colour doppler sonography", "color doppler ultrasound",
        "colour doppler ultrasound", "color doppler", "colour doppler", "repair", "surgical repair", "stenting",
        "stent placement", "stent implantation", "stent insertion"}),
}
# A site said with an adjective of the general word before it: "swollen eyes" is a swelling of the eyes,
# "tender abdomen" a tenderness of the abdomen.
_STATES = {"swollen": "swelling", "tender": "tenderness", "painful": "pain", "numb": "numbness",
           "itchy": "itching", "oedematous": "oedema", "edematous": "edema"}
_LINK = re.compile(r"^(?P<word>.+?)\s+(?:of|in|on|over|at|around|to)\s+(?:the\s+)?(?P<site>.+)$", re.IGNORECASE)
_PAIRS = frozenset({"and", "or", "&", "/", "and/or", "nor"})


@cache
def _keys(kind: str) -> frozenset[str]:
    """The general words of ``kind`` as look-up keys: "biopsies" is "biopsy", "oedema" "edema"."""
    return frozenset(normalize(w) for w in WORDS[kind])


@dataclass(frozen=True, slots=True)
class Sited:
    code_text: str  # the words to code: the word named with its site when that has a code, else the word
    site: BodySite  # where, with its side
    site_words: str  # the site's words as written


def read(name: str, kind: str = "condition", *, known_ok: bool = False) -> Sited | None:
    """``name`` read as a general word of ``kind`` at a site, or None (the name has a code as it
    stands, or is not one). ``known_ok``: read it even so (an examination's sign whose whole name has
    only an ICD-10-CM code, which an observation does not take)."""
    text = " ".join(name.split())
    if not text or (not known_ok and match(kind, text).status != "none"):
        return None
    words = text.split()
    ways = []
    if (linked := _LINK.match(text)) is not None:
        ways.append((linked["word"], linked["site"]))
    for n in (2, 1):  # "abdominal CT scan", "neck tenderness"
        if len(words) > n:
            ways.append((" ".join(words[-n:]), " ".join(words[:-n])))
    if kind == "condition" and len(words) > 1 and words[0].lower() in _STATES:  # "swollen eyes"
        ways.append((_STATES[words[0].lower()], " ".join(words[1:])))
    for word, site_words in ways:
        if normalize(word) not in _keys(kind) or match(kind, word).status != "found":
            continue
        site = site_of(site_words)
        if site is None:
            continue
        named = f"{word} of {site.site.term}"
        return Sited(named if match(kind, named).status == "found" else word, site, site_words)
    return None


def site_of(words: str) -> BodySite | None:
    """The body site ``words`` name ("left kidney", "renal"), with its side, when the tables know it."""
    if _PAIRS & set(words.lower().split()):
        return None
    first, _, rest = words.partition(" ")
    side = SIDES.get(first.lower())
    for text, laterality in ((words, None), (rest, side)) if side and rest else ((words, None),):
        if match("body-site", text).status == "found":
            return BodySite(Concept(text), laterality)
        noun = site_adjectives().get(normalize(text))
        if noun and match("body-site", noun).status == "found":
            return BodySite(Concept(noun), laterality)
    return None
