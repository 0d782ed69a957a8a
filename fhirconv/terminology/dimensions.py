"""Whether a value's unit can measure what a coded test measures, by UCUM dimension.

Why: a LOINC code names the property it measures. *Eosinophils [#/volume] in Blood* is a count, not
the percentage of leukocytes (another code); *Glucose [Mass/volume] in Blood* is not glucose in
mmol/L (*[Moles/volume]*, another code). A value whose unit has another dimension than the code's
usual unit was measured as something else: that code would be wrong for it.

The dimension comes from ucumvert's pint registry (pint loads in about half a second, so verdicts are
kept on disk like the UCUM syntax verdicts, :mod:`fhirconv.diskcache`, and pint loads only for a unit
never seen). No verdict (None) is given for units whose dimension pint cannot tell apart from another
property: arbitrary units (``[IU]``, ``[iU]``, ``[arb'U]``, which pint reads as pure numbers, while
``U`` is catalytic activity), annotations alone (``{score}``), units with a decimal factor
(``mL/min/1.73.m2`` is UCUM for mL.m2/min divided by 1.73, which people write meaning "per 1.73 m2":
the verdict would follow the letter, not the meaning), and units that do not parse. One verdict is
given across arbitrary units all the same: an arbitrary unit is neither a mass nor an amount of
substance (insulin in ``pmol/L`` is not *Insulin [Units/volume]*).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from fhirconv.diskcache import JsonCache, package_stamp

_ARBITRARY = ("[IU]", "[iU]", "[arb'U]")
_NONE = ""  # stored for "no dimension known"
_DECIMAL = re.compile(r"\d\.\d")


@cache
def _registry() -> Any:
    import logging

    from ucumvert import PintUcumRegistry

    logging.getLogger("ucumvert").setLevel(logging.ERROR)
    return PintUcumRegistry()


@cache
def _store() -> JsonCache:
    return JsonCache("ucum-dimension", package_stamp("ucumvert"))


def _compute(unit: str) -> str:
    try:
        quantity = _registry().from_ucum(unit)
        dims = getattr(quantity, "dimensionality", None)
    except Exception:  # ucumvert raises lark and pint errors of several kinds for units it cannot read
        return _NONE
    return _NONE if dims is None else str(dims)


def dimension(unit: str) -> str | None:
    """The UCUM unit's dimension as pint writes it (``1 / [length] ** 3``, ``dimensionless``), or None
    when it has none that can be compared (see the module docstring)."""
    if not unit or _arbitrary(unit) or (unit.startswith("{") and unit.endswith("}")) \
            or _DECIMAL.search(unit):
        return None
    store = _store()
    found = store.get(unit)
    if found is None:
        found = _compute(unit)
        if len(unit) <= 64:
            store.put(unit, found)
            store.save()
    return found or None


def fits(unit: str, usual: str) -> bool | None:
    """True when ``unit`` measures the same kind of quantity as ``usual``, False when it cannot,
    None when there is no verdict (then nothing is concluded)."""
    if unit == usual:
        return True
    a, b = dimension(unit), dimension(usual)
    if a is None or b is None:
        return _arbitrary_against_measured(unit, usual)
    if a == b == "dimensionless" and _substance(unit) != _substance(usual):
        return False  # a ratio of amounts is another property than a ratio of masses or counts
    return a == b


def _arbitrary(unit: str) -> bool:
    return any(a in unit for a in _ARBITRARY)


def _arbitrary_against_measured(unit: str, usual: str) -> bool | None:
    """False when one unit counts arbitrary units (``[IU]``) and the other a mass, an amount of
    substance or things it names (``{copies}``): insulin in ``pmol/L`` is not *Insulin [Units/volume]*
    (``u[IU]/mL``), prolactin in ``m[IU]/L`` not *Prolactin [Mass/volume]*, HBV DNA in ``{copies}/mL``
    not *Hepatitis B virus DNA [Units/volume]*. Otherwise no verdict (``U/L`` is how people write
    ``[IU]/L``, and counts or pure numbers cannot be told from arbitrary units)."""
    if _arbitrary(unit) == _arbitrary(usual):
        return None
    measured = usual if _arbitrary(unit) else unit
    if _substance(measured) or _COUNTED.search(measured):
        return False
    dim = dimension(measured)
    return False if dim is not None and "[mass]" in dim else None


# Annotations that say a unit counts things (``{copies}/mL``): viral DNA counted in copies is another
# property than the same DNA in international units (*[#/volume]* beside *[Units/volume]* in LOINC)
_COUNTED = re.compile(r"\{(?:copies|copy|cells?|genomes?|particles?)\}", re.IGNORECASE)


def _substance(unit: str) -> bool:
    """Whether a UCUM unit counts substance (``mmol/mol``): UCUM's mole is a number, so HbA1c in
    ``mmol/mol`` (IFCC) and in ``%`` (a mass fraction) would both read as pure numbers."""
    return "mol" in re.sub(r"\{[^}]*\}", "", unit)


LOINC = "http://loinc.org"


def says_presence(display: str) -> bool:
    """Whether a LOINC name is an ordinal presence test (*Protein [Presence] in Urine by Test
    strip*): its answer is present or absent, never an amount with a unit."""
    return "[Presence]" in display


def loinc_unit_problem(code: str, unit: str) -> str | None:
    """Why a value in ``unit`` cannot be the LOINC test ``code`` (whose usual unit the tables give),
    or None when it can or there is no verdict."""
    from fhirconv.case.units import usual_unit

    usual = usual_unit(LOINC, code)
    if not usual:
        from fhirconv.terminology import known

        row = known(LOINC, code)
        if unit and row is not None and says_presence(row.display):
            return (f"unit {unit!r} measures an amount, but LOINC {code} ({row.display}) says present or absent: "
                    "the code is for another property")
        return None
    if fits(unit, usual) is not False:
        return None
    return (f"unit {unit!r} cannot measure what LOINC {code} names (its unit is {usual!r}): the code is for "
            "another property")
