"""What the header says about the case: its title, the patient's age and vital status.

Read from FHIR shapes any system writes: a Composition's or List's title, the "Case" row of
fhirconv's Patient narrative, ``meta.source``, then the Bundle identifier; the age from the
Observation LOINC 30525-0 in any UCUM unit (a, mo, wk, d); the vital status from
``Patient.deceased[x]`` or an Observation whose code says "vital status".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from fhirconv.numbers import as_words

LOINC = "http://loinc.org"
AGE_CODE = "30525-0"
# UCUM units of an age and their words (singular, plural)
AGE_UNITS = {"a": ("year", "years"), "mo": ("month", "months"), "wk": ("week", "weeks"), "d": ("day", "days"),
             "h": ("hour", "hours"), "min": ("minute", "minutes")}
_CASE_ROW = re.compile(r"<li><b>Case</b>:\s*(.*?)</li>", re.S)


@dataclass
class CaseHeader:
    title: str = ""
    age: str = ""  # "18 months (2020-03-01)"
    vital_status: str = ""  # "alive (2016)", "deceased 2015-03"


def _num(v: Any) -> str:
    return as_words(v) if isinstance(v, float) else str(v)


def age_text(quantity: Any) -> str:
    """``18 months`` from a Quantity {value 18, code mo}; the unit as written when not a known age unit."""
    if not isinstance(quantity, dict) or "value" not in quantity:
        return ""
    value = quantity["value"]
    unit = str(quantity.get("code") or "")
    if unit in AGE_UNITS:
        one, many = AGE_UNITS[unit]
        return f"{_num(value)} {one if value == 1 else many}"
    return f"{_num(value)} {quantity.get('unit') or unit}".strip()


def _codes(cc: Any) -> list[tuple[str, str]]:
    if not isinstance(cc, dict):
        return []
    return [(str(c.get("system") or ""), str(c.get("code") or "")) for c in cc.get("coding") or []
            if isinstance(c, dict)]


def _words(cc: Any) -> str:
    if not isinstance(cc, dict):
        return ""
    parts = [str(cc.get("text") or "")]
    parts += [str(c.get("display") or "") for c in cc.get("coding") or [] if isinstance(c, dict)]
    return " ".join(parts).lower()


def _when(res: dict[str, Any]) -> str:
    for key in ("effectiveDateTime", "effectiveInstant", "issued"):
        if isinstance(res.get(key), str):
            return res[key][:10]
    period = res.get("effectivePeriod")
    if isinstance(period, dict):
        return str(period.get("start") or period.get("end") or "")[:10]
    return ""


def _value_words(res: dict[str, Any]) -> str:
    for key in ("valueCodeableConcept", "valueString", "valueBoolean"):
        value = res.get(key)
        if isinstance(value, dict):
            text = value.get("text") or next((c.get("display") or c.get("code") for c in value.get("coding") or []
                                              if isinstance(c, dict)), "")
            if text:
                return str(text)
        elif isinstance(value, str) and value:
            return value
        elif isinstance(value, bool):
            return "alive" if value else "deceased"
    return ""


def case_title(bundle: dict[str, Any], resources: list[dict[str, Any]]) -> str:
    for rtype in ("Composition", "List"):
        for res in resources:
            if res.get("resourceType") == rtype and isinstance(res.get("title"), str) and res["title"].strip():
                return res["title"].strip()
    identifier = bundle.get("identifier") if isinstance(bundle.get("identifier"), dict) else {}
    case_id = str(identifier.get("value") or bundle.get("id") or "")
    for res in resources:
        if res.get("resourceType") == "Patient":
            div = (res.get("text") or {}).get("div") if isinstance(res.get("text"), dict) else None
            found = _CASE_ROW.search(div) if isinstance(div, str) else None
            if found:
                title = html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
                if title and title != case_id:
                    return title
    for holder in (bundle, *resources):
        source = (holder.get("meta") or {}).get("source") if isinstance(holder.get("meta"), dict) else None
        if isinstance(source, str) and source:
            return source
    return case_id or "FHIR Bundle"


def read_header(bundle: dict[str, Any], resources: list[dict[str, Any]]) -> CaseHeader:
    """Title, age and vital status of the case in ``bundle`` (its ``resources`` in order)."""
    header = CaseHeader(title=case_title(bundle, resources))
    for res in resources:
        if res.get("resourceType") != "Observation":
            continue
        if (LOINC, AGE_CODE) in _codes(res.get("code")) and not header.age:
            age = age_text(res.get("valueQuantity"))
            when = _when(res)
            header.age = f"{age} ({when})" if age and when else age
        elif "vital status" in _words(res.get("code")):
            status, when = _value_words(res), _when(res)
            if status:
                header.vital_status = f"{status} ({when})" if when else status
    if not header.vital_status:
        for res in resources:
            if res.get("resourceType") != "Patient":
                continue
            if res.get("deceasedBoolean") is True:
                header.vital_status = "deceased"
            elif isinstance(res.get("deceasedDateTime"), str):
                header.vital_status = f"deceased {res['deceasedDateTime'][:10]}"
            elif res.get("deceasedBoolean") is False:
                header.vital_status = "alive"
            break
    return header
