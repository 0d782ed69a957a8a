"""Syntax checks for codes: check digits, partitions, known-code look-ups.

Pure and fast so that validation can run them on every coding. They tell whether a code *can* be
right (well formed, check digit correct, ICD-10-CM code exists); they do not prove it means what a
display says, except for ICD-10-CM, whose descriptions ship with ``simple_icd_10_cm``.
"""

from __future__ import annotations

import re
from functools import cache

# Verhoeff tables (dihedral group D5), as used for SNOMED CT identifiers.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P1 = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)
# Position permutations: _P[i] is _P1 applied i times.
_P: tuple[tuple[int, ...], ...] = (tuple(range(10)),)
for _ in range(7):
    _P = (*_P, tuple(_P1[x] for x in _P[-1]))

# SNOMED CT partition identifiers (the two digits before the check digit).
_PARTITIONS = {
    "00": "concept",
    "01": "description",
    "02": "relationship",
    "10": "concept",
    "11": "description",
    "12": "relationship",
}

_LOINC = re.compile(r"([0-9]{1,7})-([0-9])")
_DIGITS = re.compile(r"[0-9]+")


def verhoeff_ok(s: str) -> bool:
    """True when the digit string ``s`` ends in a correct Verhoeff check digit."""
    if not s or not _DIGITS.fullmatch(s):
        return False
    c = 0
    for i, ch in enumerate(reversed(s)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c == 0


def snomed_id_ok(s: str) -> str | None:
    """The kind of SNOMED CT identifier ``s`` is ("concept", "description", "relationship"),
    or None when it is not a valid SCTID (digits only, 6-18 long, no leading zero,
    known partition, Verhoeff check digit)."""
    if not isinstance(s, str) or not _DIGITS.fullmatch(s) or not 6 <= len(s) <= 18 or s[0] == "0":
        return None
    kind = _PARTITIONS.get(s[-3:-1])
    if kind is None or not verhoeff_ok(s):
        return None
    return kind


def loinc_check_digit(number: str) -> int:
    """LOINC's mod-10 check digit for the part before the hyphen.

    LOINC's own recipe: the digits in odd positions counting from the right, read as one number,
    are doubled; the digits in even positions are put in front; the check digit brings the sum of
    all those digits up to the next multiple of ten.
    """
    rev = number[::-1]
    odd = rev[0::2][::-1]
    even = rev[1::2][::-1]
    joined = even + str(int(odd) * 2)
    total = sum(int(ch) for ch in joined)
    return (10 - total % 10) % 10


def loinc_ok(s: str) -> bool:
    """True for a LOINC code ``NNNNN-C`` whose check digit C is right."""
    m = _LOINC.fullmatch(s) if isinstance(s, str) else None
    return bool(m) and loinc_check_digit(m.group(1)) == int(m.group(2))


def icd10cm_ok(code: str) -> tuple[bool, str | None]:
    """Whether ``code`` is an ICD-10-CM code (with or without the dot), and its description.

    ``simple_icd_10_cm`` is imported here, not at module import: it takes about two seconds.
    """
    import simple_icd_10_cm as cm

    if not isinstance(code, str) or not code or not cm.is_valid_item(code):
        return False, None
    return True, cm.get_description(code)


def icd10cm_billable(code: str) -> bool:
    """True when ``code`` is a valid ICD-10-CM leaf (a code that can be recorded as is)."""
    import simple_icd_10_cm as cm

    return isinstance(code, str) and bool(code) and cm.is_valid_item(code) and cm.is_leaf(code)


def rxnorm_ok(s: str) -> bool:
    """True for a well-formed RxNorm RXCUI (digits only, no leading zero)."""
    return isinstance(s, str) and bool(_DIGITS.fullmatch(s)) and s[0] != "0" and len(s) <= 10


@cache
def ucum_problem(unit: str) -> str | None:
    """None when ``unit`` is valid UCUM case-sensitive syntax, else one line saying what is wrong.
    Cached per process and on disk (:mod:`fhirconv.terminology.ucum`): a batch repeats the same few
    units, and parsing one takes a grammar pass."""
    if not isinstance(unit, str) or not unit:
        return "an empty unit is not a UCUM unit"
    from fhirconv.terminology import ucum

    return ucum.problem(unit)


def ucum_ok(unit: str) -> bool:
    """True when ``unit`` parses as a UCUM unit (e.g. ``mg/dL``, ``mm[Hg]``, ``10*9/L``)."""
    return ucum_problem(unit) is None
