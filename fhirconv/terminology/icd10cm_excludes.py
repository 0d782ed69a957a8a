"""ICD-10-CM's Excludes notes, shipped so a code is checked against what the case says caused it.

A case says a condition is ``due_to`` another ("carditis" due to acute rheumatic fever). An
ICD-10-CM code found for the words alone may be one the tabular list sends such a cause elsewhere
from: I51.89 *Other ill-defined heart diseases* sits under I51, which excludes "heart disease
specified as rheumatic (I00-I09)". Such a code is wrong for this patient, so it is not written. The
notes of every code, block and chapter (Excludes1 and Excludes2) come from ``simple_icd_10_cm`` (public
domain) and ship in ``data/icd10cm-excludes.tsv.gz`` (about 8,000 notes, 100 KB), because importing
the package costs more than a second; the file is read only when a condition with a cause has an
ICD-10-CM coding.

Regenerate after a ``simple_icd_10_cm`` upgrade::

    python -m fhirconv.terminology.icd10cm_excludes
"""

from __future__ import annotations

import gzip
import re
import sys
from functools import cache, lru_cache
from pathlib import Path

from fhirconv.terminology.normalize import normalize, words

DATA = Path(__file__).resolve().parent / "data" / "icd10cm-excludes.tsv.gz"
MAGIC = "fhirconv icd10cm-excludes 2"
# Words of a cause's name that say nothing of which disease it is: a note sharing only these with
# the cause does not name it ("acute rheumatic fever" is named by "rheumatic").
_GENERIC = frozenset({"acute", "chronic", "subacute", "disease", "disorder", "syndrome", "infection", "fever",
                      "unspecified", "other", "type", "due", "primary", "secondary", "severe", "mild",
                      "moderate", "condition", "injury", "state", "no", "not", "without",
                      # "secondary" as the case says it ("secondary carcinoid tumors of bone" names a
                      # metastatic carcinoid tumour)
                      "metastatic", "metastasis", "metastases"})


def render(notes: dict[str, list[str]], parents: dict[str, list[str]], version: str,
           titles: dict[str, str] | None = None, second: dict[str, list[str]] | None = None) -> str:
    """The shipped text: a header, each node's Excludes1 notes (``N``) and Excludes2 notes (``E``), each
    category's block and chapter (``P``) and title (``T``: a billable code's own description is in the
    ICD-10-CM index, a category's not)."""
    lines = [MAGIC, f"simple_icd_10_cm\t{version}"]
    lines += [f"N\t{code}\t{note}" for code in sorted(notes) for note in notes[code]]
    lines += [f"E\t{code}\t{note}" for code in sorted(second or {}) for note in (second or {})[code]]
    lines += [f"P\t{code}\t{','.join(up)}" for code, up in sorted(parents.items())]
    lines += [f"T\t{code}\t{title}" for code, title in sorted((titles or {}).items())]
    return "\n".join(lines) + "\n"


def build(path: Path | None = None) -> Path:
    """Write the shipped file from the installed ``simple_icd_10_cm`` (deterministic bytes)."""
    from importlib.metadata import version

    import simple_icd_10_cm as cm

    notes: dict[str, list[str]] = {}
    second: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for code in cm.get_all_codes(True):
        if found := [n.strip() for n in cm.get_excludes1(code) if n.strip()]:
            notes[code] = found
        if found := [n.strip() for n in cm.get_excludes2(code) if n.strip()]:
            second[code] = found
        if cm.is_category(code):
            parents[code] = cm.get_ancestors(code)
            titles[code] = cm.get_description(code)
            for block in (a for a in parents[code] if "-" in a):
                titles[block] = cm.get_description(block)
    path = path or DATA
    text = render(notes, parents, version("simple_icd_10_cm"), titles, second)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return path


@cache
def _read(path: Path = DATA) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str],
                                      dict[str, tuple[str, ...]]]:
    """The notes (Excludes1 and Excludes2), parents, category and block titles, and the Excludes1 notes
    alone of the shipped file, from a disk copy in :mod:`marshal`'s format when an earlier run read the
    same file (decompressing and splitting it took a run 15 ms)."""
    from fhirconv.diskcache import kept

    Read = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, str], dict[str, tuple[str, ...]]]

    def read() -> Read:
        notes: dict[str, list[str]] = {}
        first: dict[str, list[str]] = {}
        parents: dict[str, tuple[str, ...]] = {}
        titles: dict[str, str] = {}
        try:
            lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
        except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError):
            return {}, {}, {}, {}
        if not lines or lines[0] != MAGIC:
            return {}, {}, {}, {}
        for line in lines[2:]:
            kind, code, rest = line.split("\t", 2)
            if kind in ("N", "E"):
                notes.setdefault(code, []).append(rest)
                if kind == "N":
                    first.setdefault(code, []).append(rest)
            elif kind == "T":
                titles[code] = rest
            else:
                parents[code] = tuple(rest.split(","))
        return ({k: tuple(v) for k, v in notes.items()}, parents, titles,
                {k: tuple(v) for k, v in first.items()})

    return kept("icd10cm-excludes", [path, Path(__file__)], read,
                lambda found: type(found) is tuple and len(found) == 4 and all(type(x) is dict for x in found))


def category_title(code: str) -> str:
    """The title of ``code``'s category (F51.3: *Sleep disorders not due to a substance or known
    physiological condition*), "" when the file has none."""
    return _read()[2].get(code[:3], "")


def group_titles(code: str) -> list[str]:
    """The titles of ``code``'s category and block (I61.9: *Nontraumatic intracerebral hemorrhage*,
    *Cerebrovascular diseases*): the names of the kinds of disorder it is, as Excludes notes name them."""
    _, parents, titles, _ = _read()
    category = code[:3]
    return [t for t in (titles.get(category), *(titles.get(b) for b in parents.get(category, ()) if "-" in b)) if t]


def _is_code(node: str) -> bool:
    """Whether a node of :func:`lineage` is a code or a category, not a block (J90-J94) or a chapter (10)."""
    return "-" not in node and node[:1].isalpha()


def lineage(code: str) -> list[str]:
    """``code``, its parent codes, category, block and chapter (I51.89: I51.8, I51, I30-I5A, 9)."""
    _, parents, _, _ = _read()
    out = [code]
    while len(code) > 3:
        code = code[:-1].rstrip(".")
        out.append(code)
    return out + list(parents.get(code, ()))


# Words that name the same organ as another's stem: the bowel is the intestine
_SAME_STEM = {"bowel": "intestin", "bowels": "intestin"}


def _stem(word: str) -> str:
    """A word's first eight letters: "hypertension" and "hypertensive" name the same disease, and a
    bowel the intestine ("small bowel obstruction" is named by "intestinal obstruction")."""
    return _SAME_STEM.get(word) or word[:8]


@lru_cache(maxsize=8192)  # a case asks it of each pair of its conditions
def naming(code: str, cause: str, description: str = "", codes_only: bool = False) -> str | None:
    """The Excludes note of ``code`` or a node above it that names ``cause``: every word of the
    cause's name that tells diseases apart is a word of the note (or shares its first eight letters),
    so "lupus erythematosus (discoid)" does not name a systemic lupus erythematosus; None when none
    does, or when the code's own ``description`` names the cause (G70.01 *Myasthenia gravis with
    (acute) exacerbation* is a code of the cause itself, whatever kinds of it its category excludes)."""
    said = _telling(cause)
    own = {_stem(w) for w in words(normalize(description))}
    if not said or said <= own:
        return None
    notes, _, _, _ = _read()
    for node in lineage(code):
        if codes_only and not _is_code(node):
            continue  # a block's or a chapter's note, which a kind of disorder's name matches too widely
        for note in notes.get(node, ()):
            if _WITHOUT.search(note):  # "cholangitis without liver abscess": not what a condition with it is
                continue
            named = _telling(_CODE_REF.sub(" ", note))  # not the codes it sends to: "(I69. with ...)"
            # The note's other telling words describe this code's condition ("heart disease specified
            # as rheumatic" above a heart disease), or a narrower kind of the cause, which the case does
            # not say: "iodine-deficiency related hypothyroidism" is no myxoedema coma due to
            # hypothyroidism said plainly.
            # a kind of disorder's name (codes_only) must meet a note that names this code's disorder
            # too: "secondary hypoparathyroidism" above E83.51 *Hypocalcemia* excludes the cause itself
            if said <= named and named - said <= own and (named - said or not codes_only):
                return note
    return None


# One code a note sends to, alone in its parentheses: "(J94.0)", "(K80.-)", "(N18.-)"
_ONE_CODE_REF = re.compile(r"\(([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.?-)?\)")


def sending_to(code: str, target: str) -> str | None:
    """The Excludes1 note of ``code`` or its category that sends a condition to ``target``'s code or its
    category by that code alone: J90 *Pleural effusion, not elsewhere classified* excludes "chylous
    (pleural) effusion (J94.0)", so it is no code for the effusion a chylothorax at the same site is.
    Not an Excludes2 note (the two may be coded together: a testicular pain beside a torsion of the
    testis), nor a block's or a chapter's (their ranges name kinds, not one condition)."""
    _, _, _, notes = _read()
    bare = target.replace(".", "")
    for node in lineage(code):
        if not _is_code(node):
            continue
        for note in notes.get(node, ()):
            if any(bare.startswith(ref.replace(".", "")) for ref in _ONE_CODE_REF.findall(note)):
                return note
    return None


# Where a note points to the kind's codes ("- see injury of blood vessel by body region"): no words of the kind
_SEE = re.compile(r"\s+-\s+see\b", re.IGNORECASE)


# "... due to known condition - code to condition": the disorder itself, coded by its cause (not "delirium
# due to known physiological condition (F05)", another disorder)
_KNOWN_CONDITION = re.compile(r"\bdue to (?:a )?known (?:physiological )?condition\b.*\bcode to (?:the )?condition\b",
                              re.IGNORECASE)


def known_condition_note(code: str) -> str | None:
    """The Excludes note of ``code`` or its parents that sends the disorder to its cause when the cause is
    known (R41.82: "altered mental status due to known condition - code to condition"), or None."""
    notes, _, _, _ = _read()
    for node in lineage(code):
        if not _is_code(node):
            continue
        for note in notes.get(node, ()):
            if _KNOWN_CONDITION.search(note):
                return note
    return None


def kind_note(code: str, description: str, word: str) -> str | None:
    """The Excludes note of ``code``, its parents or its category that sends the ``word`` kind of the
    code's own disorder elsewhere ("traumatic hemothorax (S27.1)" above J94.2 *Hemothorax*,
    "congenital hydrocephalus (Q03.-)" above G91.9 *Hydrocephalus, unspecified*): the code is the other
    kind, whatever its title says. Notes of blocks and chapters name no disorder: not read."""
    own = {_stem(w) for w in words(normalize(description))}
    said = _stem(word)
    notes, _, _, _ = _read()
    for node in lineage(code):
        if not _is_code(node):
            continue
        for note in notes.get(node, ()):
            # the words before "- see ...", which points to where the kind is filed ("traumatic rupture
            # of artery - see injury of blood vessel by body region")
            named = _telling(_SEE.split(note, maxsplit=1)[0])
            if said in named and len(named) > 1 and named - {said} <= own:
                return note
    return None



def localized_note(code: str, description: str) -> str | None:
    """The Excludes note of a symptom's code (chapter 18, R00-R99), its parents or its category that
    sends the localized kind elsewhere: R52 *Pain, unspecified* excludes "localized pain, unspecified
    type - code to pain by site", R61 *Generalized hyperhidrosis* "localized (primary) (secondary)
    hyperhidrosis (L74.5-)". A pain at a named site is no R52. A note of another disorder ("localized
    adiposity (E65)" above R22.2 *Localized swelling, mass and lump, trunk*) is not read."""
    if not code.startswith("R"):
        return None
    own = {_stem(w) for w in words(normalize(description))}
    notes, _, _, _ = _read()
    for node in lineage(code):
        if _is_code(node):
            for note in notes.get(node, ()):
                if re.match(r"locali[sz]ed\b", note, re.IGNORECASE) and (_telling(note) - {"localize"}) & own:
                    return note
    return None


_INJURY_CHAPTER = re.compile(r"\binjur\w*\b.*\(S00-T88\)", re.IGNORECASE)


def injury_excluded(code: str) -> str | None:
    """The Excludes note of ``code``'s lineage, chapter included, that sends injuries to chapter 19
    (chapter 9 excludes "injury, poisoning and certain other consequences of external causes
    (S00-T88)"): a rupture filed there (I51.2 *Rupture of papillary muscle, not elsewhere
    classified*) is the rupture of no injury."""
    return None if code.startswith(("S", "T")) else _lineage_note(code, _INJURY_CHAPTER)


def _lineage_note(code: str, pattern: re.Pattern[str]) -> str | None:
    """The first Excludes note of ``code``, its parents, block or chapter that ``pattern`` finds."""
    notes, _, _, _ = _read()
    return next((n for node in lineage(code) for n in notes.get(node, ()) if pattern.search(n)), None)


_CONGENITAL_CHAPTER = re.compile(r"\bcongenital malformations\b.*\(Q00-Q99\)", re.IGNORECASE)


def congenital_excluded(code: str) -> str | None:
    """The Excludes note of ``code``'s lineage, chapter included, that sends congenital malformations to
    chapter 17 (chapter 14 excludes "congenital malformations, deformations and chromosomal
    abnormalities (Q00-Q99)"): N32.1 *Vesicointestinal fistula* is the acquired fistula."""
    return None if code.startswith(("P", "Q")) else _lineage_note(code, _CONGENITAL_CHAPTER)


_CONGENITAL_OWN = re.compile(r"\bcongenital\b[^()]*\(Q\d", re.IGNORECASE)


def congenital_note(code: str) -> str | None:
    """The Excludes note of ``code``, its parents or its category (not its block or chapter) that sends
    the congenital kind of its own disorder to chapter 17 (H02 excludes "congenital malformations of
    eyelid (Q10.0-Q10.3)"): a disorder the case says arises from one the child was born with is that
    kind. A chapter's note names every malformation, not this disorder: not read."""
    if code.startswith(("P", "Q")):
        return None
    notes, _, _, _ = _read()
    return next((n for node in lineage(code) if _is_code(node) for n in notes.get(node, ())
                 if _CONGENITAL_OWN.search(n)), None)


def site_note(code: str, site: str) -> str | None:
    """The Excludes note of ``code``, its parents or its category that names the case's body site, in
    two words or more, as a place the disorder is filed elsewhere (I77.6 *Arteritis, unspecified*
    excludes "aortic arch (M31.4)": an arteritis of the aortic arch and its branches is no I77.6)."""
    said = set(words(normalize(site)))
    notes, _, _, _ = _read()
    for node in lineage(code):
        if not _is_code(node):
            continue
        for note in notes.get(node, ()):
            named = set(words(normalize(note.split("(", 1)[0]))) - {"nec", "nos"}
            if len(named) >= 2 and named <= said and not note.rstrip().endswith(":"):
                return note
    return None


def traumatic_note(code: str, description: str) -> str | None:
    """:func:`kind_note` for the traumatic kind (J94 excludes "traumatic hemothorax (S27.1)")."""
    return kind_note(code, description, "traumatic")


_NEWBORN = re.compile(r"\b(newborns?|neonatal|neonates?|perinatal)\b", re.IGNORECASE)


def newborn_note(code: str) -> str | None:
    """The Excludes note of ``code``, its parents or its category that sends a newborn's condition to
    chapter 16 (K55.3 *Necrotizing enterocolitis* excludes "necrotizing enterocolitis of newborn
    (P77.-)"); None for a code of chapters 16 and 17 (P, Q) or with no such note. The notes of blocks
    and chapters ("conditions originating in the perinatal period") are not read: they exclude what
    originates around birth, not every condition a newborn has."""
    if code[:1] in ("P", "Q"):
        return None
    notes, _, _, _ = _read()
    own = [code]
    while len(code) > 3:
        code = code[:-1].rstrip(".")
        own.append(code)
    for node in own:
        for note in notes.get(node, ()):
            if _NEWBORN.search(note):
                return note
    return None


# How a note names a cause of one kind: a drug (one of the case's medications, the substance of a
# medication allergy) or a food (a food allergy's).
_KINDS = {
    "medication": (("drug",), ("drugs",), ("medicament",), ("medicaments",), ("medicinal", "substance"),
                   ("medication",), ("medications",)),
    "food": (("food",), ("foods",)),
}


def naming_kind(code: str, kind: str, description: str = "") -> str | None:
    """The Excludes note of ``code`` or a node above it that sends this condition caused by a cause of
    ``kind`` (``medication`` or ``food``) elsewhere: the note names the kind and shares a word that
    tells diseases apart with the code's ``description``, so it speaks of this condition. T78.2
    *Anaphylactic shock, unspecified* excludes "anaphylactic reaction or shock due to adverse effect
    of correct medicinal substance properly administered (T88.6)": no code for an anaphylactic shock
    due to a drug. None when none does, or when the description names the kind itself."""
    forms = _KINDS.get(kind, ())
    own_words = set(words(normalize(description)))
    if not forms or any(set(f) <= own_words for f in forms):
        return None
    own = _telling(description)
    notes, _, _, _ = _read()
    for node in lineage(code):
        for note in notes.get(node, ()):
            if _NEWBORN_NOTE.search(note):
                continue  # a newborn's (P00-P96): the newborn check reads it (mappers/condition.py)
            said = set(words(normalize(note)))
            if any(set(f) <= said for f in forms) and _telling(note) & own:
                return note
    return None


# A note sending a newborn's condition to the perinatal chapter ("drug reaction and poisoning affecting
# newborn (P00-P96)"): it says nothing of an older patient's drug-caused condition
_NEWBORN_NOTE = re.compile(r"\bnewborn\b|\(P\d\d", re.IGNORECASE)


def naming_word(code: str, word: str, description: str = "", rest: str = "") -> str | None:
    """The Excludes note of ``code`` or a node above it that names ``word``, a word set aside from
    the name the code was found for (a narrowing word, read for the broader concept), and whose
    other words that tell diseases apart are words of the code's ``description`` or of the ``rest``
    of the name: the classification sends that kind elsewhere, so the code is not the broader one
    but another's sibling. K75.9
    *Inflammatory liver disease, unspecified* (*Hepatitis NOS*) is no code for a toxic hepatitis:
    K75 excludes "toxic liver disease (K71.-)". None when none does, or when the description says
    the word itself."""
    said = {_stem(w) for w in words(normalize(word))}
    if not said or said <= {_stem(w) for w in words(normalize(description))}:
        return None
    own = _telling(description) | _telling(rest)
    notes, _, _, _ = _read()
    for node in lineage(code):
        for note in notes.get(node, ()):
            # the note's words in parentheses are nonessential ("muscle weakness (generalized)"
            # names no generalized weakness), and its other words name this code's condition
            bare = re.sub(r"\s*\([^)]*\)|\b(?:NEC|NOS)\b", "", note)
            other = _telling(bare) - said
            if said <= {_stem(w) for w in words(normalize(bare))} and other and other <= own:
                return note
    return None


# Words of a note that link its parts rather than tell diseases apart.
# A note's reference to the codes it sends to, "(I69. with final characters -20)", "(S27.1)": not its
# words ("(congenital)" is)
_CODE_REF = re.compile(r"\([A-Z][0-9][^)]*\)")
_LINKING = frozenset({"specified", "related", "classified", "elsewhere", "certain", "the", "and", "with", "from",
                      "for", "not", "following"})


_WITHOUT = re.compile(r"\bwithout\b", re.IGNORECASE)
# The small or the large bowel: the intestine, as notes name it ("intestinal obstruction (K56.-)")
_BOWEL = re.compile(r"\b(?:small|large) (?:bowel|intestine)\b")


@lru_cache(maxsize=8192)
def _telling(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that tell diseases apart."""
    return frozenset(_stem(w) for w in words(_BOWEL.sub("intestine", normalize(text)))
                     if w not in _GENERIC and w not in _LINKING and len(w) > 2 and not any(ch.isdigit() for ch in w))


if __name__ == "__main__":
    written = build()
    print(f"wrote {written} ({written.stat().st_size:,} bytes)", file=sys.stderr)
