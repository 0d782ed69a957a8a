"""Imaging studies named as clinicians write them: "abdominal pelvic CT", "X-ray of the left foot",
"MRI of the prostate", "contrast-enhanced CT of the chest, abdomen and pelvis". Each is read as a key
(modality, body regions, side, contrast) and compared with the same key of the LOINC radiology codes
open artefacts state (``data/imaging-studies.tsv``, built by ``tools/terminology/imaging_studies.py``):
*CT Abdomen and Pelvis*, *XR Foot - left Views*, *MR Prostate*. Only an equal key counts, and only
when one code has it: a region, side or contrast the words leave out is never filled in, a region
the codes do not name is never widened, and two codes for the same key are no answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fhirconv.terminology.matching import site_adjectives
from fhirconv.terminology.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "imaging-studies.tsv"

# A LOINC radiology display of the plain form: modality, regions joined by "and", a side, a contrast,
# and for a radiograph "Views" (any views; named views such as "AP and Lateral" are other codes).
_DISPLAY = re.compile(r"^(?P<mod>CT|MR|US|XR) (?P<regions>[A-Za-z][A-Za-z ]*?)"
                      r"(?: - (?P<side>left|right|bilateral))?"
                      r"(?: (?P<contrast>W contrast IV|WO contrast|WO and W contrast IV))?(?P<views> Views)?$")
_DISPLAY_CONTRAST = {"W contrast IV": "with", "WO contrast": "without", "WO and W contrast IV": "both"}
# Words of a display that say how the study is done, not where: such a display is not read.
_NOT_A_REGION = frozenset({"guidance", "limited", "single", "view", "views", "ap", "pa", "lateral", "oblique",
                           "standing", "upright", "stress", "flexion", "extension", "portable", "arthrogram",
                           "angiogram", "perfusion", "spectroscopy", "fluoroscopy", "dynamic", "cine", "for",
                           "of", "in", "or", "with", "unspecified", "complete", "screening", "doppler",
                           "transvaginal", "transrectal", "transabdominal", "endovaginal", "intraoperative",
                           "functional", "diffusion", "elastography", "tomography", "panoramic", "decubitus",
                           "sunrise", "tunnel", "axillary", "outlet", "mortise", "judet", "swimmers",
                           "inlet", "stereo", "bone", "age", "survey", "series", "ge", "protocol", "w", "wo", "study",
                           "during", "surgery"})

# The modality's names, in look-up spelling (normalize: "xray" is "x ray", "computerised" "computerized")
_MODALITIES = {
    "CT": ("computed tomography scan", "computed tomographic scan", "computerized tomography scan",
           "computed tomography", "computerized tomography", "computed tomographic", "cat scan", "ct scan", "ct"),
    "MR": ("magnetic resonance imaging scan", "magnetic resonance imaging", "magnetic resonance", "mr imaging",
           "mri scan", "mri", "mr"),
    "US": ("ultrasound examination", "ultrasound scan", "ultrasonography", "ultrasonogram", "ultrasound",
           "sonography", "sonogram", "echography"),
    "XR": ("plain x ray", "plain radiograph", "plain radiography", "plain film", "x ray examination", "x ray",
           "radiograph", "radiography", "roentgenogram"),
}
_MODALITY = sorted(((name, mod) for mod, names in _MODALITIES.items() for name in names),
                   key=lambda pair: -len(pair[0]))
# Contrast, in look-up spelling ("contrast-enhanced" is "contrast enhanced", "non-contrast" "noncontrast")
_CONTRAST = [
    ("both", r"with and without (?:iv |intravenous )?contrast|without and with (?:iv |intravenous )?contrast"),
    ("without", r"without (?:iv |intravenous )?contrast(?: medium| agent)?|noncontrast|unenhanced"),
    ("with", r"with (?:iv |intravenous )?contrast(?: medium| agent| enhancement)?|"
             r"(?:iv |intravenous )?contrast enhanced"),
]
_SIDES = {"left": "left", "right": "right", "bilateral": "bilateral", "both": "bilateral"}
_AFTER = ("finding", "result", "report", "study", "examination", "exam", "imaging", "scan")
_BEFORE = ("of the", "of", "the", "scan of the", "scan of")
# A region's other names, in look-up spelling: a display's region and the words' region meet here
_REGIONS = {
    "abdominal": ("abdomen",), "pelvic": ("pelvis",), "thorax": ("chest",), "thoracic": ("chest",),
    "cranial": ("head",), "renal": ("kidney",), "hepatic": ("liver",), "pancreatic": ("pancreas",),
    "prostatic": ("prostate",), "orbital": ("orbit",),
    "lower limb": ("lower extremity",), "upper limb": ("upper extremity",), "scrotal": ("scrotum",),
    "testicular": ("testis",), "splenic": ("spleen",), "uterine": ("uterus",), "mammary": ("breast",),
    "abdominopelvic": ("abdomen", "pelvis"), "abdomino pelvic": ("abdomen", "pelvis"),
    "thoracoabdominal": ("chest", "abdomen"), "thoraco abdominal": ("chest", "abdomen"),
    "thoracoabdominopelvic": ("chest", "abdomen", "pelvis"), "chest abdomen pelvis": ("chest", "abdomen", "pelvis"),
}
_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b)\s*")


@dataclass(frozen=True, slots=True)
class Study:
    """A LOINC imaging study code with the display and the artefact that state it."""

    code: str
    display: str
    source: str


Key = tuple[str, frozenset[str], str, str]  # modality, regions, side, contrast


# The same region under two names, after the rest: a display's name is the one kept
_CANON = {"bladder": "urinary bladder", "thorax": "chest", "testicle": "testis", "thyroid": "thyroid gland"}


def _named(word: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """The regions one word names: its other name, the noun of an adjective, or a region a display names."""
    if word in _REGIONS:
        return _REGIONS[word]
    if word in site_adjectives():
        return (site_adjectives()[word],)
    return (word,) if word in known else None


def _region(phrase: str, known: frozenset[str]) -> tuple[str, ...] | None:
    """The regions one phrase names: its other name, a noun for an adjective, or each word's region
    when every word names one ("abdominal pelvic", "chest abdomen"); None for no words."""
    phrase = phrase.strip().removeprefix("the ")
    if not phrase:
        return None
    found = _REGIONS.get(phrase) or ((site_adjectives()[phrase],) if phrase in site_adjectives() else None)
    if found is None and phrase not in known and " " in phrase:
        each = [_named(w, known) for w in phrase.split()]
        if all(each):
            found = tuple(r for rs in each if rs for r in rs)
    return tuple(_CANON.get(r, r) for r in (found or (phrase,)))


def _regions(text: str, known: frozenset[str] = frozenset()) -> frozenset[str] | None:
    found: list[str] = []
    for phrase in _SPLIT.split(text):
        regions = _region(phrase, known)
        if regions is None:
            return None
        found.extend(regions)
    return frozenset(found) if found else None


def display_key(display: str) -> Key | None:
    """The key of a LOINC display of the plain form, or None."""
    m = _DISPLAY.match(display)
    if not m or (m["mod"] == "XR") != bool(m["views"]):
        return None
    text = normalize(m["regions"])
    if not text or any(w in _NOT_A_REGION for w in text.split()) or any(c.isdigit() for c in text):
        return None
    regions = _regions(text)
    if regions is None:
        return None
    return m["mod"], regions, m["side"] or "", _DISPLAY_CONTRAST.get(m["contrast"] or "", "")


def words_key(term: str) -> Key | None:
    """The key of a person's words for a study, or None when they name no modality and region."""
    text = f" {normalize(term)} "
    contrast = ""
    for said, pattern in _CONTRAST:
        text, n = re.subn(rf" (?:{pattern}) ", " ", text)
        if n:
            if contrast:
                return None
            contrast = said
    text = text.strip()
    while (last := text.rsplit(" ", 1))[-1] in _AFTER and len(last) > 1:
        text = last[0]
    modality, rest = "", ""
    for name, mod in _MODALITY:
        if text.startswith(name + " "):
            modality, rest = mod, text[len(name) + 1:]
        elif text.endswith(" " + name):
            modality, rest = mod, text[:-len(name) - 1]
        if modality:
            break
    if not modality or not rest:
        return None
    for lead in _BEFORE:
        if rest.startswith(lead + " "):
            rest = rest[len(lead) + 1:]
            break
    side = ""
    kept = []
    for word in rest.split():
        if word in _SIDES:
            if side:
                return None
            side = _SIDES[word]
        else:
            kept.append(word)
    if not kept or any(w in _NOT_A_REGION for w in kept) or " of " in f" {' '.join(kept)} ":
        return None
    regions = _regions(" ".join(kept), _known())
    if regions is None:
        return None
    return modality, regions, side, contrast


@lru_cache(maxsize=1)
def _index() -> dict[Key, tuple[Study, ...]]:
    found: dict[Key, dict[str, Study]] = {}
    if not DATA.exists():
        return {}
    for line in DATA.read_text(encoding="utf-8").splitlines()[1:]:
        code, display, source = line.split("\t")
        key = display_key(display)
        if key is not None:
            found.setdefault(key, {}).setdefault(code, Study(code, display, source))
    return {key: tuple(codes.values()) for key, codes in found.items()}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Every region a display names alone."""
    return frozenset(r for key in _index() for r in key[1])


def study(term: str) -> Study | None:
    """The one LOINC imaging study code whose display says what the words say, or None."""
    key = words_key(term)
    if key is None:
        return None
    found = _index().get(key, ())
    return found[0] if len(found) == 1 else None
