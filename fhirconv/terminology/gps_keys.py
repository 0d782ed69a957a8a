"""Which names of the SNOMED CT Global Patient Set (GPS) become look-up keys, and how: one place for
the rules, so the shipped index (:mod:`fhirconv.terminology.gps_data`) records their digest and is
not read under other rules.

The GPS value set gives each concept its fully specified name (FSN) with its semantic tag,
``Pain in throat (finding)``. The name is the FSN without the tag (the project's display
convention); the tag says what kind of thing the concept is. Two keys per name, tried in order:

- *exact*: the normalised name (:func:`fhirconv.terminology.normalize.normalize`);
- *word order*: its meaningful words sorted (:func:`~fhirconv.terminology.normalize.order_key`). A
  concept found by it is taken only when the person's words are the name's in turned order
  (:func:`turned`): the name's words ``A B`` said as ``B A``, with or without "of", "in"...: ``pain
  in chest`` = *Chest pain*, ``knee osteoarthritis`` = *Osteoarthritis of knee*, ``type 1 diabetes
  mellitus`` = *Diabetes mellitus type 1*; a name of three parts joined by "of" said backwards, as
  English compounds them (``femur shaft fracture`` = *Fracture of shaft of femur*), or its first part
  kept and the rest compounded (``fracture of the femur shaft``), the words before
  the first part's head kept in front (``congenital heart malformation`` = *Congenital malformation of
  heart*, ``small cell lung carcinoma`` = *Small cell carcinoma of lung*). Words shuffled
  otherwise name another thing (``right to left shunt`` is not *Left-to-right shunt*; ``carcinoma of
  bone metastatic to breast`` is not the breast's), and two words merely swapped often do too, so
  those need "of", "in"... on one side (``tumor cell`` is not *Cell tumor*).
"""

from __future__ import annotations

import re
from functools import cache

from fhirconv.terminology.normalize import normalize, order_key, words

EXACT, ORDER = 0, 1
MIN_ORDER_WORDS = 2
_TAG = re.compile(r"^(.*\S)\s+\(([^()]+)\)$")


def fsn_parts(fsn: str) -> tuple[str, str]:
    """(name, semantic tag) of a fully specified name; the tag is empty when there is none."""
    m = _TAG.match(fsn.strip())
    return (m.group(1), m.group(2)) if m else (fsn.strip(), "")


# SNOMED CT names seven leukaemias "<kind>, disease" (*Chronic myeloid leukemia, disease*), the
# disorder as against its morphology: the words are the name without it.
_DISEASE = re.compile(r",\s*disease$", re.IGNORECASE)


def keys(name: str) -> list[tuple[str, int]]:
    """The look-up keys of a concept's name: (key, EXACT | ORDER)."""
    key = normalize(_DISEASE.sub("", name))
    if not key:
        return []
    out = [(key, EXACT)]
    okey = order_key(key) if len(words(key)) >= MIN_ORDER_WORDS else ""
    if okey:
        out.append((okey, ORDER))
    return out


def name_words(name: str) -> list[str]:
    """The meaningful words of a concept's name, for word hints (``fhirconv terms search``)."""
    return sorted(set(words(normalize(name))))


def query_keys(term: str, tags: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The keys a person's words are looked up by, in order (the same rules as :func:`keys`). A
    body site is also looked up as SNOMED CT names the site with its parts, ``Structure of X`` or
    ``X structure`` (``parathyroid`` = *Parathyroid structure*), after the words themselves, and
    without a closing "gland" (``pituitary gland`` = *Pituitary structure*); a bone as *Bone structure
    of X* (``mandible``, ``patella``, ``talus``), last: a region that is more than its bones (hand,
    pelvis, thorax) has a concept of its own, found first. A procedure is also looked up with
    "operation" or "procedure" after it (``cardiopulmonary bypass`` = *Cardiopulmonary bypass
    operation*), as SNOMED CT writes it."""
    out = keys(term)
    if tags == ("body structure",):
        # "pituitary gland" is *Pituitary structure*: the gland is what the organ is
        bare = term[:-len(" gland")] if term.lower().endswith(" gland") else None
        for variant in (f"structure of {term}", f"{term} structure",
                        *((f"structure of {bare}", f"{bare} structure") if bare else ())):
            out += [k for k in keys(variant) if k not in out]
        # the bone's name only as SNOMED CT writes it, never turned (*Occipital bone structure* is
        # no "occipital" region)
        bone = (normalize(f"bone structure of {term}"), EXACT)
        out += [bone] if bone not in out else []
    elif ("procedure" in tags and len(term.split()) > 1
          and not term.lower().rstrip().endswith(("operation", "procedure"))):
        # SNOMED CT names some procedures with a closing word that says only that they are one
        # (*Cardiopulmonary bypass operation*, *Arterial switch operation*): the words without it, as
        # written; not one word, which names a kind (*Evaluation procedure*, *Outpatient procedure*)
        out += [k for k in ((normalize(f"{term} operation"), EXACT), (normalize(f"{term} procedure"), EXACT))
                if k not in out]
    return out


def turned(query: str, name: str) -> bool:
    """Whether the key ``query`` says the key ``name`` in turned order (see the module docstring)."""
    said, named = words(query), words(name)
    if len(said) != len(named) or len(said) < MIN_ORDER_WORDS or said == named:
        return False
    if len(said) == 2 and len(query.split()) == len(name.split()):  # two words swapped, no "of" either side
        return False
    parts = name.split(" of ")
    if len(parts) > 2 and said == words(" ".join(reversed(parts))):  # fracture of shaft of femur: femur shaft fracture
        return True
    if len(parts) > 2 and said == words(" ".join((parts[0], *reversed(parts[1:])))):
        return True  # the first part kept, the rest compounded: fracture of shaft of femur, fracture of femur shaft
    if any(said == named[i:] + named[:i] for i in range(1, len(named))):
        return True
    # the words before the first part's head kept in front: postpartum inversion of uterus, postpartum
    # uterus inversion; closed fracture of shaft of femur, closed femur shaft fracture; small cell
    # carcinoma of lung, small cell lung carcinoma
    first = parts[0].split()
    return len(parts) > 1 and any(said == words(" ".join((*first[:k], *reversed(parts[1:]), *first[k:])))
                                  for k in range(1, len(first)))


@cache
def rules_digest() -> str:
    """A digest of the code that makes keys (this module and normalize.py): an index built under
    other rules is never read."""
    from fhirconv.terminology.sectioned import digest_of

    return digest_of("normalize.py", "gps_keys.py")
