"""Units people write and the UCUM codes FHIR needs: suggestions for common mistakes, and the usual
unit of a coded lab or vital sign (the terminology tables' optional ``unit`` column), so a number
written without its unit can be reported with the unit it most likely has."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

# Whole units people write -> UCUM.
_WHOLE = {"bpm": "/min", "beats/min": "/min", "breaths/min": "/min", "b/min": "/min", "beats per minute": "/min",
          "breaths per minute": "/min", "kg/m^2": "kg/m2"}
# Parts of a unit (between '/' and '.') -> UCUM.
_PARTS = {"mmHg": "mm[Hg]", "mmhg": "mm[Hg]", "cmH2O": "cm[H2O]", "mcg": "ug", "µg": "ug", "μg": "ug", "cc": "mL",
          "degC": "Cel", "°C": "Cel", "ºC": "Cel", "C°": "Cel", "degF": "[degF]", "°F": "[degF]",
          "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "mins": "min", "minute": "min", "minutes": "min",
          "sec": "s", "secs": "s", "day": "d", "days": "d", "wks": "wk", "week": "wk", "weeks": "wk", "yr": "a",
          "yrs": "a", "year": "a", "years": "a", "month": "mo", "months": "mo", "mEq": "meq", "IU": "[IU]",
          "mIU": "m[IU]", "uIU": "u[IU]", "µIU": "u[IU]", "μIU": "u[IU]", "kIU": "k[IU]",
          "m^2": "m2", "cells": "{cells}", "copies": "{copies}", "cumm": "uL", "cmm": "uL", "mm3": "uL",
          "K": "10*3", "k": "10*3", "lakh": "10*5", "lakhs": "10*5"}
# Units that are UCUM codes but not what reports mean by them: "mg%" is milligrams per 100 mL in a
# report (mg/dL), while UCUM reads "%" as a factor of 1/100, so its "mg%" is a hundredth of a
# milligram, a mass. Written as such in FHIR, the value would say something else.
MISREAD = {"mg%": "mg/dL", "g%": "g/dL", "ug%": "ug/dL", "mcg%": "ug/dL", "µg%": "ug/dL", "mg/100mL": "mg/dL",
           "mg/100 mL": "mg/dL", "g/100mL": "g/dL", "g/100 mL": "g/dL"}
_POWER = re.compile(r"^[x×*]?\s*10\^(\d+)$")
# A blood pressure as clinicians write it: "120/80", "120/80 mm[Hg]", "120/80 mmHg" (systolic, diastolic)
# A value with a comparator as reports write it: "<0.01", ">= 90", "≤5" (with the item's unit)
COMPARED = re.compile(r"\s*(<=|>=|<|>|≤|≥)\s*(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)\s*")
# "6.3-9.0", "10–15", "10 to 15": a value the source gives as a range (both ends in the item's unit)
RANGED = re.compile(r"\s*((?:0|[1-9][0-9]*)(?:\.[0-9]+)?)\s*(?:-|–|—|to)\s*((?:0|[1-9][0-9]*)(?:\.[0-9]+)?)\s*")
PRESSURE_PAIR = re.compile(r"\s*(\d{1,3}(?:\.\d+)?)\s*/\s*(\d{1,3}(?:\.\d+)?)\s*(?:mm\s*\[?hg\]?)?\s*", re.IGNORECASE)


def _part(part: str) -> str:
    m = _POWER.match(part)
    if m:
        return f"10*{m.group(1)}"
    return _PARTS.get(part, part)


def ucum_suggestion(unit: str) -> str | None:
    """The UCUM code ``unit`` most likely means (``mmHg`` -> ``mm[Hg]``), or None when unsure."""
    from fhirconv.terminology.checks import ucum_problem

    text = unit.strip()
    candidate = _WHOLE.get(text) or _WHOLE.get(text.lower())
    if candidate is None and " " in text:  # "mg / dL", "10^9 / L": UCUM has no spaces
        text = "".join(text.split())
        candidate = _WHOLE.get(text)
    if candidate is None:
        candidate = "/".join(".".join(_part(p.strip()) for p in seg.split(".")) for seg in text.split("/"))
    if candidate == unit or ucum_problem(candidate):
        return None
    return candidate


DATA = Path(__file__).resolve().parent.parent / "terminology" / "data"  # the tables' CSV files


@cache
def _usual_units() -> dict[tuple[str, str], str]:
    """(system, code) -> unit, from the tables' optional ``unit`` column (absent: no entries); kept on
    disk under the files' sizes and times, since reading every table took a one-case run 15 ms."""
    from fhirconv.diskcache import kept

    files = sorted((p for p in DATA.iterdir() if p.name.endswith(".csv")), key=lambda p: p.name)

    def read() -> dict[tuple[str, str], str]:
        out: dict[tuple[str, str], str] = {}
        for entry in files:
            with entry.open(encoding="utf-8", newline="") as fh:
                rows = csv.reader(fh)
                header = next(rows, [])
                if not {"unit", "system", "code"} <= set(header):
                    continue
                at_unit, at_system, at_code = (header.index(n) for n in ("unit", "system", "code"))
                width = max(at_unit, at_system, at_code)
                for row in rows:
                    if len(row) > width and (unit := row[at_unit].strip()) and row[at_system] and row[at_code]:
                        out.setdefault((row[at_system], row[at_code]), unit)
        return out

    return kept("usual-units", [*files, Path(__file__)], read, lambda found: type(found) is dict)


def usual_unit(system: str, code: str) -> str | None:
    """The unit the tables give for a code, if any."""
    return _usual_units().get((system, code))


def number(text: str) -> object:
    """A number as written: an int, or an exact decimal keeping its digits ("5.0")."""
    from fhirconv.numbers import ExactDecimal

    return ExactDecimal(text) if "." in text else int(text)


def ranged_quantity(value: object, unit: str | None) -> dict[str, object] | None:
    """``"10-15"`` with unit ``/[HPF]`` -> ``{low: 10, high: 15, unit: /[HPF]}`` (a Range in FHIR), or
    None when ``value`` is not two numbers, the lower first, joined by a dash or "to"."""
    if not unit or not isinstance(value, str):
        return None
    m = RANGED.fullmatch(value)
    if m is None:
        return None
    low, high = number(m.group(1)), number(m.group(2))
    if float(low) > float(high):  # type: ignore[arg-type]
        return None
    return {"low": low, "high": high, "unit": unit, "text": " ".join(value.split())}


def compared_quantity(value: object, unit: str | None) -> dict[str, object] | None:
    """``"<0.01"`` with unit ``ng/mL`` -> ``{value: 0.01, unit: ng/mL, comparator: "<"}`` (the Quantity
    a case may also write out), or None when ``value`` is not a number with a comparator."""
    if not unit or not isinstance(value, str):
        return None
    m = COMPARED.fullmatch(value)
    if m is None:
        return None
    comparator = {"≤": "<=", "≥": ">="}.get(m.group(1), m.group(1))
    return {"value": number(m.group(2)), "unit": unit, "comparator": comparator}
