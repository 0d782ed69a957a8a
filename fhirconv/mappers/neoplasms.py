"""A cancer named by its site ("thyroid carcinoma", "cancer of the cervix", "thymic adenocarcinoma"):
ICD-10-CM's code for a malignant neoplasm of that site.

ICD-10-CM's Alphabetic Index sends "Cancer", "Carcinoma (malignant)" and "Adenocarcinoma" to the
Neoplasm Table ("see also Neoplasm, by site, malignant"), whose primary column is the tabular list's
*Malignant neoplasm of <site>*: "parathyroid carcinoma" is C75.0 *Malignant neoplasm of parathyroid
gland*. "Malignancy" is not read: a "pleural malignancy" is as often a metastasis (C78.2, secondary)
as a primary tumour. Only the bare pattern is read, the site and one of those words: any other word
("in situ", "metastatic", a side, a morphology such as "neuroendocrine") leaves the name as text,
since it may change the code. The carcinoma morphologies the Index sends to the same Neoplasm Table
column ("squamous cell", "serous", "endometrioid", "urothelial", a grade of differentiation ...) are
read beside the site, before it or between it and the word for the cancer. Sites the tabular list
codes by morphology, not by site alone (skin, liver, melanoma, mesothelium, connective tissue,
neuroendocrine tumours, lymphoid and blood-forming tissue), are never coded this way. What is coded
is the classification's category, with any SNOMED CT concept the tables give for the same words
(*Malignant tumor of thyroid gland*, broader than a carcinoma): an information line says so, and the
words stay in the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from fhirconv.terminology import match
from fhirconv.terminology.matching import ICD10CM, site_adjectives
from fhirconv.terminology.normalize import normalize

if TYPE_CHECKING:
    from fhirconv.mappers.qualifiers import Reading

_MALIGNANT = r"(?:cancer|carcinoma|adenocarcinoma|malignant (?:neoplasm|tumou?r))"
# "primary" says the site is where the cancer began: the Neoplasm Table's primary column, which is read
_AFTER = re.compile(rf"^(?:primary )?(?P<site>[a-z][a-z -]*?) {_MALIGNANT}$", re.I)
_BEFORE = re.compile(rf"^(?:primary )?{_MALIGNANT} of (?:the )?(?P<site>[a-z][a-z -]*)$", re.I)
# Carcinoma morphologies ICD-10-CM codes by the site alone ("Carcinoma, squamous cell - see Neoplasm,
# by site, malignant"): none of small cell, large cell, neuroendocrine, basal cell or in situ.
_MORPH = (r"(?:(?:high|low|intermediate)-grade|(?:well|moderately|poorly)[- ]differentiated|undifferentiated"
          r"|serous|mucinous|endometrioid|clear[- ]cell|papillary|follicular|medullary|anaplastic"
          r"|squamous[- ]cell|adenosquamous|urothelial|transitional[- ]cell|signet[- ]ring[- ]cell"
          r"|(?:invasive )?(?:ductal|lobular)|adenoid cystic|acinic cell|mucoepidermoid|verrucous)")
_MORPH_FIRST = re.compile(rf"^(?:{_MORPH} )+(?P<rest>.+)$", re.I)
_MORPH_BETWEEN = re.compile(rf"^(?P<site>.+?) (?:{_MORPH} )+(?P<word>{_MALIGNANT}(?: of .+)?)$", re.I)


def _without_morphology(text: str) -> str:
    """The name without the carcinoma morphology said before the site or between it and "carcinoma"."""
    first = _MORPH_FIRST.match(text)
    if first is not None:
        text = first["rest"]
    between = _MORPH_BETWEEN.match(text)
    if between is not None:
        text = f"{between['site']} {between['word']}"
    return text


# Adjectives of sites ICD-10-CM names a malignant neoplasm of, beside data/site-adjectives.tsv's (which
# are read for every kind of name): here only a cancer is named, so "cervical" is the cervix uteri.
_CANCER_SITES = {"cervical": "cervix uteri", "cervix": "cervix uteri", "thymic": "thymus",
                 "nasopharyngeal": "nasopharynx", "oropharyngeal": "oropharynx", "hypopharyngeal": "hypopharynx",
                 "tonsillar": "tonsil", "vulvar": "vulva", "vulval": "vulva", "vaginal": "vagina",
                 "penile": "penis", "anal": "anus", "urethral": "urethra", "gallbladder": "gallbladder",
                 "thyroid": "thyroid gland", "parathyroid": "parathyroid gland", "pituitary": "pituitary gland",
                 "parotid": "parotid gland", "mediastinal": "mediastinum", "tracheal": "trachea",
                 "urachal": "urachus", "glottic": "glottis", "supraglottic": "supraglottis",
                 "subglottic": "subglottis", "gastric cardia": "cardia", "cardial": "cardia"}
# ICD-10-CM categories coded by morphology rather than by site alone: skin (C44: basal cell, squamous
# cell, other), liver (C22: liver cell, intrahepatic bile duct, ...), melanoma and Merkel cell (C43,
# C4A), mesothelioma, Kaposi, connective tissue (C45-C49), neuroendocrine (C7A, C7B), lymphoid and
# haematopoietic (C81-C96).
_BY_MORPHOLOGY = ("C22", "C43", "C44", "C4A", "C45", "C46", "C47", "C49", "C7A", "C7B")


def _sites(words: str) -> list[str]:
    """The site's names as ICD-10-CM's titles write them: the noun of an adjective ("thyroid" is the
    thyroid gland), and a part named with its organ's adjective as the part of the organ ("pancreatic
    body" is the body of pancreas, *Malignant neoplasm of body of pancreas*)."""
    said = words.lower().strip()
    noun = _CANCER_SITES.get(said) or site_adjectives().get(said) or said
    first, _, part = said.partition(" ")
    organ = _CANCER_SITES.get(first) or site_adjectives().get(first)
    return list(dict.fromkeys([noun, f"{noun} gland", *([f"{part} of {organ}"] if organ and part else [])]))


def _by_site(code: str) -> bool:
    block = code[:3]
    return "C00" <= block <= "C80" and not code.startswith(_BY_MORPHOLOGY)


def neoplasm_reading(name: str) -> Reading | None:
    """"<site> carcinoma" or "carcinoma of <site>" when the whole name has no code: *malignant
    neoplasm of <site>*, when ICD-10-CM codes that site by its site alone."""
    from fhirconv.mappers.qualifiers import Reading

    text = " ".join(name.split())
    core = _without_morphology(text)
    found = _AFTER.match(core) or _BEFORE.match(core)
    if found is None or match("condition", text).status != "none":
        return None
    said = text.replace(found["site"], " ", 1)
    for site in _sites(found["site"]):
        rest = f"malignant neoplasm of {site}"
        got = match("condition", rest)
        if got.status != "found" or got.concept is None:
            continue
        icd = [c.code for c in got.concept.codings if c.system == ICD10CM]
        if icd and all(_by_site(code) for code in icd):
            return Reading(rest, (" ".join(said.split()),), what="classification's category",
                           where="in the text only (ICD-10-CM codes a cancer by its site)")
    return None


# "colorectal liver metastases", "breast cancer brain metastasis": the secondary cancer at its site,
# after the words of the primary tumour
_METASTASES = re.compile(r"^(?P<origin>.+?) (?P<rest>(?:[a-z-]+ )?[a-z-]+ metasta(?:sis|ses))$", re.I)


def metastasis_reading(name: str) -> Reading | None:
    """"<primary> <site> metastases" when the whole name has no code: the secondary cancer at that
    site (*Secondary malignant neoplasm of liver*), whose code ICD-10-CM gives whatever the primary;
    the primary's words stay in the text (its own condition says it)."""
    from fhirconv.mappers.qualifiers import Reading
    from fhirconv.terminology.icd10cm import is_malignant

    text = " ".join(name.split())
    found = _METASTASES.match(text)
    if found is None or match("condition", text).status != "none":
        return None
    for rest in (found["rest"], found["rest"].split(" ", 1)[-1]):
        got = match("condition", rest)
        if got.status != "found" or got.concept is None:
            continue
        icd = [c.code for c in got.concept.codings if c.system == ICD10CM]
        if icd and all(is_malignant(code) and "C77" <= code[:3] <= "C79" for code in icd):
            origin = text[:len(text) - len(rest)].strip()
            return Reading(rest, (origin,), what="secondary cancer",
                           where="in the text only (words of the primary tumour or of the spread's extent)")
    return None


# A bone named for a secondary cancer: ICD-10-CM's Neoplasm Table sends every bone (rib, vertebra,
# femur, skull ...) to *Secondary malignant neoplasm of bone*, C79.51 (marrow C79.52). Sites whose
# words also name soft tissue or organs ("pelvic", "spinal", "iliac") are not read.
_BONES = frozenset({
    "rib", "ribs", "vertebra", "vertebrae", "vertebral", "vertebral body", "vertebral bodies", "femur",
    "femoral", "humerus", "humeral", "skull", "calvarium", "calvarial", "sternum", "sternal", "scapula",
    "scapular", "clavicle", "clavicular", "sacrum", "tibia", "tibial", "fibula", "radius", "ulna",
    "mandible", "mandibular", "acetabulum", "acetabular", "iliac bone", "pelvic bone", "pelvic bones"})
# words before the bone that say which one: its side, its level, how many
_WHICH = re.compile(r"^(?:(?:left|right|bilateral|multiple|several|thoracic|lumbar|cervical"
                    r"|[tlc]\d{1,2}(?:-[tlc]?\d{1,2})?)\s+)*")
_BONE_METASTASES = (
    re.compile(r"^(?:metasta(?:sis|ses)|secondary deposits?|deposits?) (?:to|in|of|at) (?:the |a |an )?(?P<site>.+)$",
               re.IGNORECASE),
    re.compile(r"^(?P<site>.+?) metasta(?:sis|ses)$", re.IGNORECASE))


def bone_metastasis_reading(name: str) -> Reading | None:
    """"Metastasis to the rib", "T10 vertebral metastases": *Secondary malignant neoplasm of bone*,
    as the Neoplasm Table codes a secondary cancer of any bone; the bone's words stay in the text."""
    from fhirconv.mappers.qualifiers import Reading

    text = " ".join(name.split())
    if match("condition", text).status != "none":
        return None
    for form in _BONE_METASTASES:
        found = form.match(text)
        if found is None:
            continue
        site = found["site"].lower()
        bone = site[_WHICH.match(site).end():]
        if bone in _BONES and match("condition", "bone metastases").status == "found":
            return Reading("bone metastases", (found["site"],), what="secondary cancer of bone",
                           where="in the text only (ICD-10-CM codes a secondary cancer of any bone as C79.51)")
    return None


# "Metastasis of the prostate" may name where it came from: only "to", "in" and "at" name where it is
_SITE_METASTASES = (
    re.compile(r"^(?:metasta(?:sis|ses)|secondary deposits?|deposits?) (?:to|in|at) (?:the |a |an )?(?P<site>.+)$",
               re.IGNORECASE),
    _BONE_METASTASES[1])
# Organs whose name before "metastases" is as often the primary tumour's ("prostate metastases" from a
# prostate cancer) as the site's
_OFTEN_PRIMARY = frozenset({"prostate", "prostatic", "breast", "colon", "colonic", "colorectal", "rectal", "renal",
                            "kidney", "thyroid", "pancreas", "pancreatic", "gastric", "stomach", "ovary", "ovarian",
                            "testicular", "testis", "bladder", "cervical", "cervix", "endometrial", "uterine",
                            "esophageal", "oesophageal", "melanoma"})


def site_metastasis_reading(name: str) -> Reading | None:
    """"Adrenal metastasis", "metastases to the right adrenal gland" when the whole name has no code:
    the secondary cancer of that site (*Secondary malignant neoplasm of adrenal gland*), when the tables
    know one by that name; the side and the count stay in the text. Bones are
    :func:`bone_metastasis_reading`'s."""
    from fhirconv.mappers.qualifiers import Reading
    from fhirconv.terminology.icd10cm import is_malignant

    text = " ".join(name.split())
    if match("condition", text).status != "none":
        return None
    for form in _SITE_METASTASES:
        found = form.match(text)
        if found is None:
            continue
        said = found["site"].lower()
        which = said[:_WHICH.match(said).end()].strip()
        if form is _BONE_METASTASES[1] and said[len(which):].strip() in _OFTEN_PRIMARY:
            continue
        for site in _sites(said[len(which):].strip()):
            rest = f"secondary malignant neoplasm of {site}"
            got = match("condition", rest)
            if got.status != "found" or got.concept is None:
                continue
            icd = [c.code for c in got.concept.codings if c.system == ICD10CM]
            if all(is_malignant(code) and "C77" <= code[:3] <= "C79" for code in icd):
                return Reading(rest, (which,) if which else (), what="secondary cancer",
                               where="in the text only")
    return None




# The blocks of chapter 2 whose cancers ICD-10-CM codes by site (C00-C75 without the categories coded
# by morphology): a site's block says which organ system its cancers are filed under
_SITE_BLOCKS = (("C00", "C14"), ("C15", "C26"), ("C30", "C39"), ("C40", "C41"), ("C50", "C50"), ("C51", "C58"),
                ("C60", "C63"), ("C64", "C68"), ("C69", "C72"), ("C73", "C75"))
_TITLE_HEAD = "malignant neoplasm of "
_NOT_SITE = frozenset({"unspecified", "right", "left", "part", "of", "the", "other", "overlapping", "sites",
                       "specified", "parts"})


def block_of(code: str) -> str | None:
    """The block of chapter 2 (``C51-C58``) a cancer coded by site belongs to, the skin's (``C43-C44``:
    melanoma, Merkel cell and other skin cancers) for a cancer of the skin, or None (the liver's,
    mesothelial and soft tissue categories are coded by kind at the site they name)."""
    if code.startswith(("C43", "C44", "C4A")):
        return "C43-C44"
    if code.startswith(_BY_MORPHOLOGY):
        return None
    return next((f"{lo}-{hi}" if lo != hi else lo for lo, hi in _SITE_BLOCKS if lo <= code[:3] <= hi), None)


# Internal organs ICD-10-CM codes by the tumour's kind within their own category: a cancer there is
# no cancer of the skin, whatever its morphology (a melanoma in the liver is C78.7 or C22.-, not C43.9)
_INTERNAL_BY_KIND = ("C22", "C48")


def site_block(site: str) -> str | None:
    """:func:`_site_block` over the sites ICD-10-CM codes by site alone."""
    return _site_block(site, False)


def internal_block(site: str) -> str | None:
    """The category of an internal organ ICD-10-CM codes by kind ("liver": C22, "peritoneum": C48),
    whose title names ``site``, else None."""
    return _site_block(site, True)


@lru_cache(maxsize=512)
def _site_block(site: str, internal: bool) -> str | None:
    """The block of chapter 2 a malignant neoplasm of ``site`` is filed under when ICD-10-CM codes that
    site by its site alone and its titles name it ("choroid": C69.3- *Malignant neoplasm of ... choroid*,
    C69-C72; "kidney": C64-C68), else None: a skin region, a soft tissue or a lymph node is coded by the
    tumour's kind, and a site no title names is not guessed."""
    from fhirconv.terminology.icd10cm import index

    words = " ".join(site.lower().replace(",", " ").split())
    words = re.sub(r"^(?:the |left |right |bilateral )+", "", words)
    for name in _sites(words):
        said = set(normalize(name).split())
        if not said:
            continue
        blocks = set()
        for hit in index().overlap(said, 400):
            title = hit.description.lower()
            block = hit.code[:3] if internal and hit.code.startswith(_INTERNAL_BY_KIND) else \
                None if internal else block_of(hit.code)
            if block is None or (not internal and hit.code.startswith(_BY_MORPHOLOGY)) \
                    or not title.startswith(_TITLE_HEAD):
                continue
            head = re.sub(r"^(?:(?:unspecified|other|overlapping) (?:parts?|sites?) of )", "",
                          title[len(_TITLE_HEAD):].split(",")[0])
            # "bronchus or lung" names two sites; "bones of skull and face" one (its "and" is the of-phrase's)
            parts = [head] if " of " in re.split(r" and | or ", head)[0] else re.split(r" and | or ", head)
            if any(set(normalize(part).split()) - _NOT_SITE == said for part in parts):
                blocks.add(block)
        if len(blocks) == 1:
            return blocks.pop()
    return None
