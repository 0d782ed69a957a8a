"""How a person's words become a look-up key: the same words always give the same key.

Only whole-term equivalence: two wordings match when their keys are equal, never because one
contains the other or looks alike. The key ignores case, spacing, punctuation and hyphens; spells
British forms the American way (haemoglobin -> hemoglobin, oesophagus -> esophagus, tumour ->
tumor, -ise -> -ize); puts plurals in the singular (metastases -> metastasis, arteries -> artery);
splits letters from digits (beta2 = beta-2); joins "anti" and "non" to the word after it
(anti-seizure = antiseizure, non-reactive = nonreactive), and so a bound prefix (post-traumatic =
post traumatic = posttraumatic, sub-arachnoid = subarachnoid, multi vessel = multivessel) and a
combining form (maculo-papular = maculopapular, gastro-oesophageal = gastroesophageal); reads
Roman numerals after type/stage/grade/class as digits; writes imaging methods as their abbreviations
(magnetic resonance imaging = MRI, computed tomography = CT, positron emission tomography = PET);
reads "preterm" as "premature" (preterm labour = *Premature labor*); and
keeps what changes a meaning: ``+`` reads as "positive", a trailing ``-`` as "negative" (an electrolyte's
charge, ``Na+`` or ``HCO3-``, is no result and is dropped), ``%`` as
"percent", and "no", "non", "without" stay.
A word of four letters or fewer (``SARS``, ``ARDS``, ``CRPS``) is never cut: such words are often
abbreviations, and case never changes a key. "The" after the first word is dropped: it never tells two
concepts apart (``transient tachypnea of the newborn`` = *Transient tachypnea of newborn*).

:func:`order_key` is the fallback for word order: the key's words sorted, without "of", "the",
"in"..., so "pain in chest" and "chest pain" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "λ": "lambda", "µ": "micro",
          "μ": "micro"}
# An electrolyte written with its ion's charge ("Na+", "K+", "Ca2+", "Ca++", "HCO3-"): the charge says which
# ion, not a result, so it is dropped before "+" and "-" are read as "positive" and "negative". Only these
# symbols, as chemists capitalise them ("CD4+" and "HLA-B27" keep their signs).
_ION = re.compile(r"\b(Na|K|Cl|Ca|Mg|HCO3|Li)(?:[23]?[+\-\u2212]|\+\+|\u2212\u2212|--)(?=\s|$|[/,;)\]])")
_POSITIVE = re.compile(r"(?<=\w)\+")
_NEGATIVE = re.compile(r"(?<=\w)-(?=\s|$|[/,;)\]])")
_POSSESSIVE = re.compile(r"['’]s\b")
# A bound prefix and the word after it are one word (post-traumatic = post traumatic = posttraumatic,
# multi-vessel = multi vessel = multivessel, re-intubation = reintubation), whichever way the
# terminologies and the case spell them. Only before a written word (three lower-case letters, or a
# capital and two) that is not a filler: pre-B, T-cell, auto-SCT and post-COVID keep their letters and
# acronyms apart, "pre and post operative" its "and", "status post appendectomy" its "post".
_BOUND = frozenset({"pre", "post", "sub", "intra", "inter", "peri", "para", "hypo", "hyper", "extra", "trans", "retro",
                    "supra", "infra", "pseudo", "hemi", "semi", "multi", "poly", "micro", "macro", "mono", "auto",
                    "neo", "endo", "epi", "re", "brady", "tachy"})
# Combining forms ending in -o join the word after them the same way, and stay open to the next one
# (maculo-papular = maculopapular, tubulo-interstitial = tubulointerstitial, esophago-gastro-duodenoscopy =
# esophagogastroduodenoscopy): ICD-10-CM and SNOMED CT write some hyphened, some whole, reports either.
# Not "chemo", "echo" or "neuro", which clinicians write alone for a word of their own.
_COMBINING = frozenset({"gastro", "maculo", "papulo", "vesiculo", "tubulo", "glomerulo", "cardio", "broncho",
                        "hepato", "spleno", "cerebro", "musculo", "osteo", "sero", "colo", "recto", "pyelo",
                        "naso", "oro", "immuno", "electro", "radio", "thoraco", "lumbo", "sacro", "costo",
                        "sterno", "acromio", "temporo", "fronto", "parieto", "occipito", "ventriculo", "atrio",
                        "ileo", "uretero", "vesico", "esophago", "pancreatico", "duodeno", "jejuno", "entero",
                        "cholecysto", "chondro", "pleuro", "veno", "arterio", "lympho", "psycho"})
_BOUND = _BOUND | _COMBINING
# A bound prefix left hanging before "and", "or" or "to" ("pre- and post-contrast", "intra- or
# extrahepatic"): its hyphen joins it to a later word, it is no "negative"
_SUSPENDED = re.compile(r"\b(" + "|".join(sorted(_BOUND)) + r")-(?=\s+(?:and|or|to)\s)", re.IGNORECASE)
_HANGING = re.compile(r"-\s")  # what _SUSPENDED needs, looked for first: the long search is rarely needed
_WRITTEN = re.compile(r"[a-z]{3}|[A-Z][a-z]{2}")
_DOTTED = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")  # p.o., i.v., s.c.: one word
_WORD = re.compile(r"[^\W\d_]+|\d+")  # letters, or digits: beta2 = beta-2 = beta 2

# British -> American spellings, as (pattern, replacement) applied to each word, in order.
_SPELLING = tuple((re.compile(p), r) for p, r in (
    (r"^oe", "e"),                      # oedema, oesophagus, oestrogen
    (r"(?<=.)oedem", "edem"),           # lymphoedema, myxoedema, papilloedema (angiooedema stays)
    (r"oea", "ea"),                     # diarrhoea, dyspnoea, apnoea, gonorrhoea
    (r"foet", "fet"), (r"coel", "cel"), (r"amoeb", "ameb"), (r"manoeuv", "maneuv"),
    (r"^leuc(?=o|a?em)", "leuk"),       # leucocyte, leucocytosis, leucopenia, leucaemia (not leucine)
    (r"aem", "em"),                     # anaemia, leukaemia, haemoglobin, ischaemia, -aemia
    (r"paeni", "peni"),                 # thrombocytopaenia, neutropaenia, pancytopaenic
    (r"^naev", "nev"),                  # naevus, naevi, naevoid
    (r"paed", "ped"), (r"aetiol", "etiol"), (r"gynaec", "gynec"), (r"caec", "cec"), (r"caes", "ces"),
    (r"anaes", "anes"), (r"faec", "fec"), (r"laev", "lev"), (r"oesoph", "esoph"),
    (r"(tum|col|behavi|lab|hum|od|fav|rum|rig|vap)our", r"\1or"),  # rigours, vapour
    (r"(cent|lit|fib|met|calib|lust)re(s?)$", r"\1er\2"),
    (r"sulph", "sulf"), (r"ogue(s?)$", r"og\1"),
    (r"(cortico|gonado|thyro|somato)troph", r"\1trop"),  # corticotrophin, gonadotrophins (not hypertrophic)
    (r"(?<=...)is(e|ed|es|ing|ation|ations)$", r"iz\1"),
    (r"(?<=..)ys(e|ed|es|ing)$", r"yz\1"),
    (r"anopsia$", "anopia"),            # hemianopsia, quadrantanopsia: one word, either spelling
))
_WORDS = {"percentage": "percent", "aluminium": "aluminum", "grey": "gray", "ageing": "aging", "programme": "program",
          "mould": "mold", "distention": "distension",
          "xray": "x ray", "xrays": "x ray", "counselling": "counseling", "labelled": "labeled",
          "haemophilus": "hemophilus", "flu": "influenza",
          "myelogenous": "myeloid",  # one leukaemia, either name (ICD-10-CM and SNOMED CT use both)
          # one enzyme, one study, whichever name the report gives them: alanine transaminase is alanine
          # aminotransferase (SGPT), a carotid ultrasonography a carotid ultrasound
          "transaminase": "aminotransferase", "transaminases": "aminotransferase",
          "ultrasonography": "ultrasound", "sonography": "ultrasound", "echography": "ultrasound",
          # the lesion and the event are one word in a diagnosis: ICD-10-CM's index says *Renal
          # infarct*, its tabular *Infarction of kidney*, reports either
          "infarct": "infarction", "infarcts": "infarction",
          # so too the clot and its event: "bilateral pulmonary emboli" are a pulmonary embolism
          "embolus": "embolism",
          # the clinician's short word: a "fundus exam" is a fundus examination
          "exam": "examination", "exams": "examination",
          # seen with the naked eye: "macroscopic haematuria" is gross hematuria (R31.0)
          "macroscopic": "gross", "macroscopically": "grossly",
          # one adjective, two forms: a "tubercular pericarditis" is a tuberculous pericarditis (A18.84)
          "tubercular": "tuberculous",
          # one widening, two words: ICD-10-CM says "dilatation", reports often "dilation"
          "dilation": "dilatation",
          # one structure, two spellings: an "optic disk edema" is an edema of the optic disc
          "disk": "disc", "disks": "disc", "discs": "disc"}

# Plurals that no rule puts right.
_SINGULAR = {
    "metastases": "metastasis", "diagnoses": "diagnosis", "prognoses": "prognosis", "stenoses": "stenosis",
    "thromboses": "thrombosis", "anastomoses": "anastomosis", "prostheses": "prosthesis", "analyses": "analysis",
    "psychoses": "psychosis", "neuroses": "neurosis", "necroses": "necrosis", "fibroses": "fibrosis",
    "bronchi": "bronchus", "emboli": "embolus", "thrombi": "thrombus", "calculi": "calculus", "fungi": "fungus",
    "bacilli": "bacillus", "nuclei": "nucleus", "vertebrae": "vertebra", "axillae": "axilla",
    "appendices": "appendix", "varices": "varix", "cervices": "cervix", "indices": "index", "apices": "apex",
    "criteria": "criterion", "bacteria": "bacterium", "feet": "foot", "teeth": "tooth", "children": "child",
    "women": "woman", "men": "man", "ganglia": "ganglion", "diverticula": "diverticulum", "septa": "septum",
    "phalanges": "phalanx", "testes": "testis", "ova": "ovum", "nevi": "nevus",
    "larynges": "larynx", "pharynges": "pharynx", "menisci": "meniscus", "alveoli": "alveolus",
    "ribs": "rib", "legs": "leg", "arms": "arm", "eyes": "eye", "ears": "ear", "toes": "toe", "hips": "hip",
    "lips": "lip", "gums": "gum", "labs": "lab", "rbcs": "rbc", "wbcs": "wbc", "lfts": "lft", "ecgs": "ecg",
    "ekgs": "ekg", "tags": "tag", "pads": "pad", "jaws": "jaw",
}
# ... and plurals that name another analyte than their singular: LOINC's *Metanephrines* is the total of
# metanephrine and normetanephrine, not *Metanephrine*
_KEEP = frozenset({"this", "was", "has", "is", "its", "series", "species", "news", "plus", "minus",
                   "metanephrines"})
_VOWEL = re.compile(r"[aeiouy]")

_NUMBERED = frozenset({"type", "stage", "grade", "class", "phase", "cn", "nyha", "gold", "tier"})
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_ROMAN_SUFFIX = re.compile(r"^(i{1,3}|iv|v|vi)([abc]?)$")
# Numbers spelt out after the same words: "type two diabetes" = "type 2 diabetes", "class three" = "class 3".
_SPELT = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}

# Words that carry no meaning of their own once the order of words is ignored.
# Not "a": in clinical names it is a letter that tells things apart (hepatitis A, influenza A, vitamin A,
# group A streptococcus), so "influenza PCR" must not reach "Influenza virus A RNA".
_FILLER = frozenset({"of", "the", "an", "and", "in", "on", "with", "to", "at", "by", "for", "or"})
# a pronoun after a preposition says whose organ, which every key leaves unsaid ("pain in his chest")
_PRONOUN = frozenset({"her", "his", "their"})
_FILLER_MORE = frozenset({"nor", "but", "than", "then", "from", "into"})  # nor joined to a bound prefix

# Imaging written out and abbreviated are one key: "magnetic resonance imaging of the cervical spine"
# = "MRI of the cervical spine", "computed tomography of the chest" = "CT of the chest" = "CT scan of the chest".
_PHRASES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    (r"\bmagnetic\s+resonance\s+imaging\b", "MRI"),
    # "computed tomogram head scan"; "computer tomography", the machine for the method
    (r"\bcomput(?:ed|er|eri[sz]ed)\s+(?:axial\s+)?tomogra(?:phy|phic|m)\b", "CT"),
    (r"\bpositron[\s-]+emission\s+tomography\b", "PET"),  # "positron-emission tomography" too
    (r"\bCAT\s+scan", "CT scan"),
    # "CT scan of the abdomen" is "CT of the abdomen", "ultrasound scan of the abdomen" "ultrasound of the
    # abdomen": the scan is the study
    (r"\b(CT|MRI|MR|PET|ultrasound)\s+scan(?:s|ning)?\b", r"\1"),
    # and after the region it names: "CT head scan" is "CT head"
    (r"\b(CT|MRI|MR|PET)\s+([a-z]+(?:\s+[a-z]+)?)\s+scans?\b", r"\1 \2"),
    # "enhanced CT of the chest", "enhanced chest CT": contrast-enhanced, as reports from many countries
    # write it (not after "contrast" or a named agent: "gadolinium-enhanced" is one already)
    (r"(?<![\w-])(?<!contrast )enhanced\s+(?=(?:[a-z]+\s+)?(?:CT|MRI|MR)\b)", "contrast-enhanced "),
    # KDIGO's stages of chronic kidney disease by GFR: "stage G3a" is stage 3a (not "G" of an albuminuria
    # category, A1-A3)
    (r"\bstage\s+G([1-5][ab]?)\b", r"stage \1"),
    # the same word in obstetrics and neonatology: a preterm delivery is SNOMED CT's Premature delivery
    # (not before "premature": a preterm premature rupture of membranes is its own concept)
    (r"\bpre-?term\b(?!\W+premature)", "premature"),
    # the enzymes' name written in two words: "alanine amino transferase" is alanine aminotransferase
    (r"\bamino[\s-]+transferase", "aminotransferase"),
    # hours after a number: "24h urine" = "24-h urine" = "24-hour urine" (not O157:H7, whose H is no hour)
    (r"\b(\d+)(?:\s*|-)(?:h|hrs?)\b(?!\W?\d)", r"\1 hour"),
    # one word in ICD-10-CM (T67.0-), two in most reports
    (r"\b(heat|sun)\s+stroke\b", r"\1stroke"),
    # a change said with a noun is the change said with its participle: "reduction in vision" is
    # "reduced vision", "decrease in appetite" "decreased appetite", "increase in weight" "increased weight"
    (r"\b(reduc|decreas|increas)(?:tion|e)\s+(?:in|of)\s+", r"\1ed "),
    # ECG intervals written with a hyphen: "Q-Tc interval" = "QTc interval", "P-R interval" = "PR interval"
    (r"\bQ-T(c?)\b", r"QT\1"), (r"\b([PR])-R(?=\s+interval)", r"\1R"),
    # heart block by degree: "2nd degree AV block" = "second degree heart block" = "second degree
    # atrioventricular block" (AV is arteriovenous too: read only before block, dissociation, node)
    # Mobitz's two kinds of second degree block, as ICD-10-CM writes them (*Möbitz block, type I*),
    # also with the degree said before or after them
    (r"\bsecond[\s-]+degree\s+(?:A-?V\s+|atrioventricular\s+|heart\s+)?block\W+(?=mobitz\b)", ""),
    (r"\bmobitz\s+(?:type\s+)?(I{1,2}|[12])\b(?:\s+(?:second[\s-]+degree\s+)?(?:(?:A-?V|atrioventricular|heart)\s+)?"
     r"block\b)?", r"Mobitz block type \1"),
    (r"\b1st(?=[\s-]+degree\b)", "first"), (r"\b2nd(?=[\s-]+degree\b)", "second"),
    (r"\b3rd(?=[\s-]+degree\b)", "third"),
    (r"\bA-?V\s+(?=(?:block|dissociation|nodal|node|conduction)\b)", "atrioventricular "),
    (r"\b(first|second|third)[\s-]+degree\s+heart\s+block\b", r"\1 degree atrioventricular block"),
    # a scorpion's sting is the toxic effect of its venom, as ICD-10-CM names it (T63.2-; all scorpions
    # sting with venom): "scorpion sting", "scorpion envenomation"
    (r"\bscorpion\s+(?:sting|bite|envenomation|envenoming|venom\s+poisoning)s?\b", "toxic effect of venom of scorpion"),
    # a snakebite, as ICD-10-CM's Index reads it (Bite, snake: see Venom, snake), is the toxic effect of
    # the snake's venom (T63.00-, of a snake unnamed); a named snake ("cobra bite") is not read here
    (r"^(?:snake\s*(?:bite|envenomation|envenoming|venom\s+poisoning)s?|snakebites?)$",
     "toxic effect of unspecified snake venom"),
    # a failed graft is its failure: "failed renal transplant" = "renal transplant failure" (T86.12)
    (r"\bfailed\s+((?:kidney|renal|liver|hepatic|heart|cardiac|lung|pancreas|pancreatic)\s+"
     r"(?:transplant|graft|allograft))\b", r"\1 failure"),
))


def _american(word: str) -> str:
    word = _WORDS.get(word, word)
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def _singular(word: str) -> str:
    if word in _SINGULAR:
        return _SINGULAR[word]
    if len(word) < 5 or word in _KEEP or word.isdigit() or not _VOWEL.search(word):
        return word  # short words are often abbreviations (SARS, ARDS, CRPS): never cut
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "shes")) or (word.endswith("ches") and not word.endswith("aches")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, ...]:
    """One written word (lower case) in canonical form (a word may become two: ``xray`` -> ``x ray``)."""
    word = _SINGULAR.get(word, word)
    return tuple(_singular(part) for part in _american(word).split())


@lru_cache(maxsize=65536)
def normalize(term: str) -> str:
    """The look-up key of ``term``: words in canonical spelling, singular, single spaces."""
    if not isinstance(term, str):
        return ""
    text = unicodedata.normalize("NFKC", term)
    if not text.isascii():
        text = "".join(_GREEK.get(ch, ch) for ch in text)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    if "+" in text or "-" in text or "\u2212" in text:  # most names have no sign: skip the two searches
        text = _ION.sub(r"\1", text)
        if _HANGING.search(text):
            text = _SUSPENDED.sub(r"\1", text)
    text = _POSITIVE.sub(" positive ", text)
    text = _NEGATIVE.sub(" negative ", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace("%", " percent ")
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    for pattern, short in _PHRASES:
        text = pattern.sub(short, text)
    out: list[str] = []
    bound = ""  # the last word, when it is a bound prefix (as written: "trans" is no plural of "tran")
    for original in _WORD.findall(text):
        lower = original.lower()
        # a combining form ends in -o (spelled the British way too: "oesophago")
        prefix, bound = bound, lower if lower in _BOUND else (
            american if lower[-1:] == "o" and (american := _american(lower)) in _COMBINING else "")
        for part in _word(original.lower()):
            m = _ROMAN_SUFFIX.match(part) if out and out[-1] in _NUMBERED else None
            if m:  # "stage IIIA" -> "stage 3 a", as "stage 3a" reads (letters and digits apart)
                out.extend(p for p in (_ROMAN[m.group(1)], m.group(2)) if p)
                continue
            if out and out[-1] in _NUMBERED and part in _SPELT:
                out.append(_SPELT[part])
                continue
            if out and out[-1] in ("anti", "non") and part.isalpha():  # anti-seizure = antiseizure,
                out[-1] += part  # non-reactive = nonreactive: the prefix stays with its word
                continue
            if (prefix and out and _WRITTEN.match(original) and len(part) >= 3 and part.isalpha()
                    and part not in _FILLER and part not in _FILLER_MORE and out[-2:] != ["status", "post"]):
                # a bound prefix as written ("trans" is no plural of "tran"); a combining form as
                # its key, which may join a chain already ("esophagogastro" + "duodenoscopy")
                out[-1] = (out[-1] if prefix in _COMBINING else prefix) + part
                prefix, bound = "", bound if bound in _COMBINING else ""
                continue
            if part == "the" and out:  # "tachypnea of the newborn" = "tachypnea of newborn"
                continue
            if part in _PRONOUN and out and out[-1] in _FILLER:  # "MRI of her brain" = "MRI of brain"
                continue
            out.append(part)
    return " ".join(out)


def words(key: str) -> list[str]:
    """The meaningful words of a key (fillers dropped), for word-order keys and overlap scores."""
    return [w for w in key.split() if w not in _FILLER]


def order_key(key: str) -> str:
    """``key`` with its meaningful words sorted: the word-order fallback (``chest pain`` = ``pain in chest``)."""
    return " ".join(sorted(set(words(key))))
