"""Write ``fhirconv/terminology/data/icd10cm-alphabetic-index.tsv.gz`` from a flattening of ICD-10-CM's
Alphabetic Index (the *Index to Diseases and Injuries*, CDC/NCHS, public domain).

The tabular list (read through simple-icd-10-cm) names a code's title and inclusion terms; the index
names the words coders look up ("Trismus" R25.2, "Syndrome, median arcuate ligament" I77.4). Only
two shapes are read, the ones whose words make a name by themselves:

- a main term with a code: its title without nonessential modifiers ("Abasia (-astasia)" -> abasia),
  and with it, when that is one word ("Kerion (celsi)" -> kerion celsi, celsi kerion); a title of one
  word's spellings, each of them, when the code's title is that word ("Microphthalmos, microphthalmia"
  -> microphthalmos, microphthalmia for Q11.2 *Microphthalmos*);
- a subterm one level under a main term, with a code, said before the main term ("Hemorrhage,
  intraventricular" -> intraventricular hemorrhage), when it is a plain modifier: one to four words,
  none of them a connecting word ("with", "due to", "in", "of" ...), no comma.

Deeper subterms and connecting phrases need the structure a reader of the index brings and are not
read. Which of these keys a look-up may use (a billable code, details the words say) is decided in
:mod:`fhirconv.terminology.icd10cm_keys`, as for the tabular list's texts.

Input: the CSV of wbdill/Python-sandbox01 ``ICD10CM/output/ICD10CM_2025_Index.csv`` (columns RowID,
Letter, Level, Term, See, SeeAlso, NonEssModif, Code; rows in the index's order)::

    python tools/terminology/icd10cm_index_terms.py ICD10CM_2025_Index.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from gz_table import write_gz_table

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

OUT = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data" / "icd10cm-alphabetic-index.tsv.gz"
SOURCE = "ICD-10-CM Index to Diseases and Injuries FY2025 (CDC/NCHS, public domain) via wbdill/Python-sandbox01 " \
         "ICD10CM/output/ICD10CM_2025_Index.csv@612359c"

# Words that join a subterm to its main term in a way that is no plain modifier
_CONNECTING = frozenset({"with", "without", "in", "due", "to", "of", "by", "following", "complicating", "and", "or",
                         "see", "not", "except", "after", "from", "during", "other", "specified", "unspecified",
                         "for", "as", "on", "at", "than", "the", "a", "an", "affecting", "involving",
                         "resulting", "associated", "causing", "code", "use", "also", "type"})
# A main term whose default code is of one tissue, said only in its nonessential modifier: "Abscess
# (connective tissue) ..." L02.91 and "Fistula (cutaneous)" L98.8 are the skin's, not any abscess's
_TISSUE = re.compile(r"\b(?:cutaneous|skin|connective tissue|subcutaneous)\b", re.I)
# Entries whose words mean something else in a case report than in the index (each read beside its
# code's title): a fever pattern is no malaria, a stroke's aphasia no developmental disorder,
# glucose intolerance no glucose-galactose malabsorption, weakness no periodic paralysis, labour's
# contractions no contracted uterus; and defaults that say more than the words: a purpura of a low
# platelet count is no nonthrombocytopenic one, an acute psychosis no brief psychotic disorder, a
# pustular rash (a drug's, a psoriasis') no pyoderma, a bare "imbalance" as often electrolytes' as gait's;
# and where a "see" reference leads further than the words: delusions (a symptom) are no delusional
# disorder, laboured breathing no hyperventilation, a thromboembolism as often venous as the arterial
# default of *Embolism*, a brachial neuritis no radiculopathy of unsaid site, a massive pneumonia (an
# extensive one, in today's reports) no lobar one, and a sign no diagnosis of the disease the index sends
# it to (arachnodactyly is no Marfan syndrome, hydrophobia no rabies, lockjaw, said of trismus, no tetanus),
# a Charcot arthropathy no M14.6- (which excludes the diabetic one, as often meant), Charcot's fever (a
# cholangitis) no calculus *without cholangitis*; and a swelling the readings give with its site and side
# (*Swelling* at the right of the pelvis), which the index's code would leave in the text
_OTHER_SENSE = frozenset({("Remittent fever", "B54"), ("Aphasia > Wernicke's", "F80.2"),
                          ("Intolerance > glucose", "E74.39"), ("Adynamia", "G72.3"),
                          ("Contraction > uterus", "N85.8"), ("Purpura", "D69.2"), ("Psychosis > acute", "F23"),
                          ("Rash > pustular", "L08.0"), ("Imbalance", "R26.89"),
                          ("Fever > remittent", "B54"), ("Delusions", "F22"), ("Breathing > labored", "R06.4"),
                          ("Labored breathing", "R06.4"), ("Thromboembolism", "I74.9"),
                          ("Disease > thromboembolic", "I74.9"), ("Neuritis > brachial", "M54.10"),
                          ("Pneumonia > massive", "J18.1"), ("Arachnodactyly", "Q87.40"),
                          ("Dolichostenomelia", "Q87.40"), ("Hydrophobia", "A82.9"), ("Lockjaw", "A35"),
                          ("Arthritis > Charcot's", "M14.60"), ("Arthropathy > Charcot's", "M14.60"),
                          ("Charcot's > arthropathy", "M14.60"), ("Fever > Charcot's", "K80.50"),
                          ("Swelling > pelvic", "R19.00")})
# Main terms of a result said high or low ("Low, hemoglobin" D64.9): the readings give the finding
# itself (*Hemoglobin low*), which a diagnosis's code would hide
_RESULT_WORDS = frozenset({"Low", "High", "Elevated", "Elevation", "Increase", "Increased", "Decrease", "Decreased",
                           "Raised"})
_ONE_WORD = re.compile(r"^\(([a-z][a-z-]*)\)$")
# ... but not a word the tabular list's codes tell apart by ("Encephalopathy (acute)" is G93.40
# *Encephalopathy, unspecified*, which an "acute encephalopathy" read as a kind of one would not be)
_DETAIL_WORDS = frozenset({"acute", "chronic", "congenital", "acquired", "primary", "secondary"})
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z'-]*(?: [A-Za-z0-9][A-Za-z0-9'-]*){0,3}$")
_CODE = re.compile(r"^[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_NEC = re.compile(r"\s+(?:NEC|NOS)\b")


def _title(term: str) -> str:
    """A title without its modifiers in brackets and without NEC or NOS."""
    return " ".join(_NEC.sub("", _BRACKETS.sub("", term)).split())


def _plain(text: str) -> bool:
    """Whether ``text`` is a plain modifier or name: one to four words, none of them connecting."""
    return bool(_PLAIN.match(text)) and not any(w.lower() in _CONNECTING for w in text.split())


def _entry(entry: str) -> str:
    """An entry's main term (its first form) and subterm without modifiers ("Aphasia > Wernicke's",
    "Psychosis > acute" for *Psychosis, psychotic > acute*)."""
    main, *rest = entry.split(" > ")
    return " > ".join([_title(main).split(", ")[0], *(_title(part) for part in rest)])


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _codes(rows: list[dict[str, str]]) -> dict[tuple[str, ...], str]:
    """The code of each main term and of each subterm one level under one, by its whole title and its
    first form, as a "see" reference names them ("Strongyloidiasis", "Pain, abdominal")."""
    out: dict[tuple[str, ...], str] = {}
    forms: list[str] = []
    for row in rows:
        level, term, code = int(row["Level"]), row["Term"].strip(), row["Code"].strip()
        if level == 0:  # by its whole title and its first form ("Strongyloidiasis, strongyloidosis")
            forms = list(dict.fromkeys([_key(_title(term)), _key(_title(term.split(", ")[0]))]))
            keys = [(f,) for f in forms]
        elif level == 1:  # by its whole title and its first form ("aorta, aortic")
            subs = dict.fromkeys([_key(_title(term)), _key(_title(term.split(", ")[0]))])
            keys = [(f, sub) for f in forms for sub in subs]
        else:
            continue
        if level == 0 and _TISSUE.search(row["NonEssModif"]):  # "Abscess (connective tissue)": the skin's
            code = "-"
        if code and not row["See"]:  # the first entry says it, a code to be completed ("H16.00-") too
            for k in keys:
                out.setdefault(k, code)
    return out


def _seen(target: str, said: tuple[str, ...], codes: dict[tuple[str, ...], str]) -> str | None:
    """The code a "see" reference leads to: a main term and one subterm ("see Pain, abdominal"), or a
    main term ("see Strongyloidiasis"), under it the referring entry's words first (``said``), as a
    coder looks them up ("Ulcer, aorta - see Aneurysm" is *Aneurysm, aorta*, "Septic, embolus - see
    Embolism" *Embolism, septic*); each with a complete code of its own. A reference to a table or a
    deeper entry ("see Neoplasm, malignant, by site") leads to none."""
    target = _key(target)
    if (target,) in codes:
        found = next((codes[(target, _key(w))] for w in said if (target, _key(w)) in codes), codes[(target,)])
    else:
        main, _, sub = target.partition(", ")
        found = codes.get((main, sub)) if sub and ", " not in sub else None
    return found if found is not None and _CODE.match(found) else None


def _spellings(forms: list[str]) -> bool:
    """Whether a main term's forms are one word's spellings ("Acromegaly, acromegalia", "Microcephalus,
    microcephalic, microcephaly"): single words sharing their first five letters, not a word and its
    modifier ("Gout, chronic", "Achroma, cutis")."""
    return all(" " not in f and "-" not in f and len(f) >= 6 for f in forms) and \
        len({f[:5].lower() for f in forms}) == 1


_ADJECTIVE = re.compile(r"(?:ic|al|ous|ed|ive|ac)$", re.IGNORECASE)


def _titled(code: str, forms: list[str]) -> bool:
    """Whether the code's title says no more than the forms: "Microphthalmos, microphthalmia" is Q11.2
    *Microphthalmos*; "Ischemia, ischemic" is no key of I99.8 *Other disorder of circulatory system*,
    nor "Hyperactive, hyperactivity" of F90.9 *Attention-deficit hyperactivity disorder, unspecified
    type* (the index's default for a word that says less)."""
    import simple_icd_10_cm as cm

    from fhirconv.terminology.icd10cm_keys import plain
    from fhirconv.terminology.normalize import normalize

    base = code.rstrip("-")
    if not cm.is_valid_item(base):
        return False
    said = {w for f in forms for w in normalize(f).split()}
    title = set(normalize(plain(cm.get_description(base))).split()) - {"unspecified", "nos", "site"}
    return bool(title) and title <= said


def entries(path: Path) -> list[tuple[str, str, str, str]]:
    """(term, code, index entry, row) for each main term and plain subterm with a code, or with a
    "see" reference to an entry with one ("Infection, Strongyloides - see Strongyloidiasis")."""
    out: list[tuple[str, str, str, str]] = []
    main: list[str] = []
    main_title = ""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = _codes(rows)
    for row in rows:
        level, term, code = int(row["Level"]), row["Term"].strip(), row["Code"].strip()
        see = row["See"].strip()
        referring = (_title(term), *(_title(m) for m in main_title.split(", "))) if level else ()
        if see and not code and (found := _seen(see, referring, codes)) is not None:
            code, row = found, {**row, "See": ""}
            term_note = f" (see {see})"
        else:
            term_note = ""
        if level == 0:
            main_title, title, modifier = term, _title(term), row["NonEssModif"].strip()
            if title.split(", ")[0] in _RESULT_WORDS:
                main = []
                continue
            # "Abdomen, abdominal": each form is the main term's word
            main = [t for t in (_title(p) for p in title.split(", ")) if t and _plain(t)]
            forms = title.split(", ")
            if code and _CODE.match(code) and row["See"] == "" and len(forms) > 1 and _spellings(forms) \
                    and _titled(code, forms) and not _TISSUE.search(modifier):
                # one word spelt several ways ("Microphthalmos, microphthalmia"): each is the term,
                # not its adjective ("pruritic", "malarial": said of something else)
                out += [(form, code, term + term_note, row["RowID"]) for form in forms
                        if form == forms[0] or not _ADJECTIVE.search(form)]
            if code and _CODE.match(code) and row["See"] == "" and ", " not in title \
                    and not _TISSUE.search(modifier):
                out.append((title, code, term + term_note, row["RowID"]))
                # its one nonessential word said too, either side: "Kerion (celsi)", "Coryza (acute)"
                said = _ONE_WORD.match(modifier)
                if said is not None and said[1] not in _DETAIL_WORDS:
                    out += [(words, code, f"{term} {modifier}", row["RowID"])
                            for words in (f"{title} {said[1]}", f"{said[1]} {title}")]
            continue
        if level != 1 or not code or not _CODE.match(code) or row["See"]:
            continue
        sub = _title(term)
        # "Hemoglobin, low": a result, as above
        if not sub or "," in sub or not _plain(sub) or sub.split()[0].capitalize() in _RESULT_WORDS:
            continue
        # said before the main term, or after it as a Latin name is ("Pneumatosis, intestinalis")
        out += [(words, code, f"{main_title} > {term}{term_note}", row["RowID"])
                for form in main for words in (f"{sub} {form}", f"{form} {sub}")]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = sorted({r for r in entries(Path(argv[0])) if (_entry(r[2]), r[1]) not in _OTHER_SENSE},
                  key=lambda r: (r[0].lower(), r[1], int(r[3])))
    n = write_gz_table(OUT, SOURCE, ("term", "code", "entry", "row"), rows)
    print(f"{n} rows -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
