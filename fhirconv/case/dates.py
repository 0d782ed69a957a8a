"""Partial and relative dates, resolved at the precision they really have.

Case reports say "June 2011", "7 years post-diagnosis", "three months later". A date here is
either absolute and possibly partial (``2011``, ``2011-06``, ``2011-06-15``, or a full dateTime
with a time zone) or relative to another event (``3 months after second-asct``, ``about 7 years
before relapse-5``, or an event id alone). A relative date is never more precise than its anchor
or its offset: ``7 years before 2011-06`` is ``2004``; ``3 months after 2011-06`` is ``2011-09``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

PRECISIONS = ("year", "month", "day", "time")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}

_ABSOLUTE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_ZONELESS = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_NUMBER = r"\d{1,6}(?:\.\d{1,3})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
# The pieces the relative forms share: "about" before them, a unit of time, the direction, the anchor id
_ABOUT = r"^(?P<about>about|approximately|approx\.?|circa|~)?\s*"
_UNIT = r"minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?"
_AT = r"(?P<dir>before|after|later than|earlier than)\s+(?P<anchor>[A-Za-z0-9][A-Za-z0-9._-]*)$"
# "3 months after X", "about 7 years before X", and a range as reports give it: "2-3 weeks after X"
_RELATIVE = re.compile(rf"{_ABOUT}(?P<n>{_NUMBER})(?:\s*(?:-|\u2013|to)\s*(?P<upto>{_NUMBER}))?\s+"
                       rf"(?P<unit>{_UNIT})\s+{_AT}", re.IGNORECASE)
# "1 year and 6 months after X", "2 days 6 hours before X": a whole unit and the next smaller one
_COMPOUND = re.compile(rf"{_ABOUT}(?P<n>\d{{1,6}})\s+(?P<unit>{_UNIT}),?\s+(?:and\s+)?(?P<n2>\d{{1,6}})\s+"
                       rf"(?P<unit2>{_UNIT})\s+{_AT}", re.IGNORECASE)
_ANCHOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# "age 18", "at age 6 months", "aged 18", "since the age of 18 years": an offset from the patient's birth
BIRTH = "patient.birth"  # the anchor's id: a dot no item id has, so no item's date is read as the birth
_AGE = re.compile(rf"{_ABOUT}(?:(?:at|since|from)\s+)?(?:the\s+)?(?:age(?:d)?(?:\s+of)?)\s+(?P<n>\d{{1,3}})"
                  r"(?:\s+(?P<unit>years?|yrs?|months?|mos?|weeks?|wks?|days?))?(?:\s+old)?$", re.IGNORECASE)
# "day 3 of admission": counted as clinicians count a stay, the anchor's own day being day 1
_DAY_OF = re.compile(rf"{_ABOUT}(?:hospital\s+)?day\s+(?P<n>\d{{1,4}})\s+of\s+(?P<anchor>[A-Za-z0-9][A-Za-z0-9._-]*)$",
                     re.IGNORECASE)
_WORDS = {w: i + 1 for i, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
# the abbreviations people write for a unit of a relative date ("6 h after", "3 wks before")
_UNIT_WORDS = {"min": "minute", "mins": "minute", "h": "hour", "hr": "hour", "hrs": "hour", "d": "day",
               "wk": "week", "wks": "week", "mo": "month", "mos": "month", "yr": "year", "yrs": "year"}
_UNIT_PRECISION = {"minute": "day", "hour": "day", "day": "day", "week": "day", "month": "month", "year": "year"}


class DateError(ValueError):
    """A date expression that is not well-formed or not a real date; the message says why."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class DateSpan(DateError):
    """A relative date that falls in one of two years, which a partial date cannot say ("22 days after
    2003"): the item is dated relative to its anchor, with no value."""

    def __init__(self, message: str, first_year: int, last_year: int):
        super().__init__(message, "give this item a date of its own, or date its anchor more precisely")
        self.years = (first_year, last_year)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, month, day, or as a full dateTime (``raw`` then holds it)."""

    year: int
    month: int | None = None
    day: int | None = None
    raw: str | None = None

    @property
    def precision(self) -> str:
        if self.raw:
            return "time"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def fhir(self) -> str:
        """The FHIR ``date``/``dateTime`` string at this precision."""
        if self.raw:
            return self.raw
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def truncate(self, precision: str) -> PartialDate:
        """The same date known only to ``precision`` (never finer than it is)."""
        if _RANK[precision] >= _RANK[self.precision]:
            return self
        if precision == "year":
            return PartialDate(self.year)
        if precision == "month":
            return PartialDate(self.year, self.month)
        return PartialDate(self.year, self.month, self.day)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def before(self, other: PartialDate) -> bool:
        """Certainly earlier than ``other``: earlier at the precision both dates have."""
        common = min(self.precision, other.precision, key=_RANK.__getitem__)
        if common == "time":
            common = "day"
        return self.truncate(common).sort_key() < other.truncate(common).sort_key()

    def shift(self, n: int, unit: str) -> PartialDate:
        """Move by ``n`` units (negative: earlier). Every day this date can mean moves, and the result
        is what all of them share, never finer than the unit ("3 days after 2011-06" is 2011: June or
        July; "7 years before 2011-06" is 2004). When they fall in two years, :class:`DateSpan`."""
        if unit in ("hour", "minute"):
            return self._shift_minutes(n * 60 if unit == "hour" else n, unit)
        base = self if self.precision != "time" else parse_absolute(self.raw[:10])  # type: ignore[index]
        first, last = _bounds(base)
        try:
            first, last = _plus(first, n, unit), _plus(last, n, unit)
        except (OverflowError, ValueError):
            raise DateError(f"date out of range after moving {n} {unit}(s)",
                            "dates must stay between the years 0001 and 9999") from None
        certain = certain_part(first, last)
        if certain is None:
            raise DateSpan(f"{abs(n)} {unit}(s) {'before' if n < 0 else 'after'} {self.fhir()} may fall in "
                           f"{first.year} or {last.year}", first.year, last.year)
        return certain.truncate(min(certain.precision, _UNIT_PRECISION[unit], key=_RANK.__getitem__))

    def shift_span(self, n: int, upto: int, unit: str) -> PartialDate:
        """Move by anything from ``n`` to ``upto`` units ("2-3 weeks after"): what every day of the
        range shares, as :meth:`shift` (:class:`DateSpan` when the range spans two years)."""
        first, second = self.shift(n, unit), self.shift(upto, unit)
        if first == second:
            return first
        lo, hi = _bounds(first.truncate("day")), _bounds(second.truncate("day"))
        start, end = min(lo[0], hi[0]), max(lo[1], hi[1])
        certain = certain_part(start, end)
        if certain is None:
            raise DateSpan(f"{abs(n)}-{abs(upto)} {unit}(s) {'before' if n < 0 else 'after'} {self.fhir()} may "
                           f"fall in {start.year} or {end.year}", start.year, end.year)
        return certain

    def _shift_minutes(self, minutes: int, unit: str) -> PartialDate:
        """``minutes`` from this date (said in ``unit``, hours or minutes). From a dateTime the result
        is exact (same zone); from a day, month or year the time of day is unknown, so the result is
        what every time of that day allows ("6 hours after 2020-03-31" may be 31 March or 1 April:
        ``2020``)."""
        n = minutes // 60 if unit == "hour" else minutes
        if self.raw:
            moment = _dt.datetime.fromisoformat(self.raw.replace("Z", "+00:00")) + _dt.timedelta(minutes=minutes)
            text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
            text = text.replace("+00:00", "Z") if self.raw.endswith("Z") else text
            return PartialDate(moment.year, moment.month, moment.day, raw=text)
        first, last = _bounds(self)
        try:  # a moment of day d (minute t in [0, 1440)) plus m minutes falls on day d + floor((t + m) / 1440)
            first = first + _dt.timedelta(days=minutes // 1440)
            last = last + _dt.timedelta(days=(minutes + 1439) // 1440)
        except OverflowError:
            raise DateError(f"date out of range after moving {n} {unit}(s)",
                            "dates must stay between the years 0001 and 9999") from None
        certain = certain_part(first, last)
        if certain is None:
            raise DateSpan(f"{abs(n)} {unit}(s) {'before' if n < 0 else 'after'} {self.fhir()} may fall in "
                           f"{first.year} or {last.year}", first.year, last.year)
        return certain


def parse_absolute(text: str) -> PartialDate:
    """``2011`` / ``2011-06`` / ``2011-06-15`` / a dateTime with zone; impossible dates raise."""
    m = _ABSOLUTE.match(text)
    if m:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"impossible date {text!r}: month {month} does not exist", "months are 01 to 12")
        if day is not None:
            last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
            if not 1 <= day <= last:
                raise DateError(f"impossible date {text!r}: {calendar.month_name[month]} {year} has {last} days",  # type: ignore[index]
                                "check the day of the month")
        if year < 1:
            raise DateError(f"impossible date {text!r}: year 0000")
        return PartialDate(year, month, day)
    if _DATETIME.match(text):
        parse_absolute(text[:10])
        try:
            _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise DateError(f"impossible date-time {text!r}: {exc}") from None
        if text[16] != ":":  # FHIR's dateTime writes the seconds whenever it has a time: 08:30 is 08:30:00
            text = f"{text[:16]}:00{text[16:]}"
        return PartialDate(int(text[:4]), int(text[5:7]), int(text[8:10]), raw=text)
    if _ZONELESS.match(text):
        raise DateError(f"not a date: {text!r} has a time but no time zone",
                        f"write {text[:16]}+01:00 (Z for UTC), or the day ({text[:10]}) with the time in the text")
    raise DateError(f"not a date: {text!r}", "write YYYY, YYYY-MM or YYYY-MM-DD, "
                    "'N minutes|hours|days|weeks|months|years before|after EVENT' (N may be 3.5), "
                    "'day N of EVENT', 'age N' (years of the patient), or an event id")


@dataclass(frozen=True, slots=True)
class Relative:
    """A parsed relative expression: ``n`` units before (``n`` < 0) or after ``anchor``."""

    n: int
    unit: str
    anchor: str
    approximate: bool
    upto: int | None = None  # the far end of a range ("2-3 weeks after": n 2, upto 3; before: -2, -3)


# A fraction of a unit said as whole units of the next smaller one ("3.5 years" is 42 months)
_SMALLER = {"year": ("month", 12), "week": ("day", 7), "day": ("hour", 24), "hour": ("minute", 60)}


def _number(raw: str) -> float:
    raw = raw.lower()
    return float(raw) if raw[:1].isdigit() else _WORDS[raw]


def _whole(text: str, n: float, upto: float | None, unit: str) -> tuple[int, int | None, str]:
    """``n`` (and ``upto``) in whole ``unit``s, or in the next smaller unit when a fraction is said
    ("1.5 days" is 36 hours); a fraction no smaller unit holds exactly ("2.5 months") raises."""
    if n == int(n) and (upto is None or upto == int(upto)):
        return int(n), None if upto is None else int(upto), unit
    smaller, times = _SMALLER.get(unit, (None, 0))
    if smaller is None or (n * times) != int(n * times) or (upto is not None and upto * times != int(upto * times)):
        roughly = f" ('{round(n * 30.4)} days' for {n:g} months, roughly)" if unit == "month" else ""
        raise DateError(f"not a date: {text!r}: {n:g} {unit}s is no whole number of {unit}s or of a smaller unit",
                        f"write it in a smaller unit{roughly}, and keep the report's words in the item's text or note")
    return int(n * times), None if upto is None else int(upto * times), smaller


def parse_expr(text: str | int) -> PartialDate | Relative:
    """An absolute date, or a :class:`Relative` still to be resolved against its anchor."""
    s = str(text).strip()
    if _ABSOLUTE.match(s) or _DATETIME.match(s):
        return parse_absolute(s)
    m = _AGE.match(s)
    if m:
        unit = (m.group("unit") or "years").lower()
        n = int(m.group("n"))  # age 18 is the year from the 18th birthday to the 19th
        return Relative(n, _UNIT_WORDS.get(unit, unit.rstrip("s")), BIRTH, bool(m.group("about")), n + 1)
    m = _COMPOUND.match(s)
    if m:
        big, small = (_UNIT_WORDS.get(u, u.rstrip("s")) for u in (m.group("unit").lower(), m.group("unit2").lower()))
        smaller, times = _SMALLER.get(big, (None, 0))
        if smaller != small:
            raise DateError(f"not a date: {s!r}: {big}s and {small}s cannot be added here",
                            f"write one number of {small}s (or of {big}s), and keep the report's words in the "
                            "item's text or note")
        sign = -1 if m.group("dir").lower() in ("before", "earlier than") else 1
        return Relative(sign * (int(m.group("n")) * times + int(m.group("n2"))), small, m.group("anchor"),
                        bool(m.group("about")))
    m = _RELATIVE.match(s)
    if m:
        first = _number(m.group("n"))
        last = _number(m.group("upto")) if m.group("upto") else None
        if last is not None and last <= first:
            raise DateError(f"not a date: {s!r}: a range's second number must be larger than its first",
                            f"write it as '{last:g}-{first:g} ...' or give one number")
        sign = -1 if m.group("dir").lower() in ("before", "earlier than") else 1
        unit = m.group("unit").lower()
        n, upto, unit = _whole(s, first, last, _UNIT_WORDS.get(unit, unit.rstrip("s")))
        return Relative(sign * n, unit, m.group("anchor"), bool(m.group("about")),
                        None if upto is None else sign * upto)
    m = _DAY_OF.match(s)
    if m:
        n = int(m.group("n"))
        if n < 1:
            raise DateError(f"not a date: {s!r}: days of a stay are counted from 1 (the anchor's own day)",
                            f"write 'day 1 of {m.group('anchor')}' for that day itself")
        return Relative(n - 1, "day", m.group("anchor"), bool(m.group("about")))
    if _ANCHOR.match(s) and not s.isdigit():
        return Relative(0, "day", s, False)
    return parse_absolute(s)  # raises with the hint


def _bounds(d: PartialDate) -> tuple[_dt.date, _dt.date]:
    """The first and last day a partial date can mean."""
    if d.month is None:
        return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    if d.day is None:
        return _dt.date(d.year, d.month, 1), _dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return (_dt.date(d.year, d.month, d.day),) * 2


def _plus(day: _dt.date, n: int, unit: str) -> _dt.date:
    """``day`` plus ``n`` days, weeks, months or years; the 31st of a shorter month clamps to its end."""
    if unit in ("day", "week"):
        return day + _dt.timedelta(days=n * (7 if unit == "week" else 1))
    total = day.year * 12 + day.month - 1 + n * (12 if unit == "year" else 1)
    y, m = divmod(total, 12)
    if not 1 <= y <= 9999:
        raise ValueError("out of range")
    return _dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _minus(day: _dt.date, n: int, unit: str) -> _dt.date:
    """``day`` minus ``n`` UCUM units (a, mo, wk, d): :func:`_plus` backwards."""
    return _plus(day, -n, _UCUM_UNITS[unit])


_UCUM_UNITS = {"a": "year", "mo": "month", "wk": "week", "d": "day"}


def birth_range(at: PartialDate, value: int, unit: str) -> tuple[_dt.date, _dt.date] | None:
    """The earliest and latest birth day an age of ``value`` whole ``unit``s at ``at`` allows: born
    after ``at`` minus (value + 1) units and not after ``at`` minus value units. None when out of range."""
    first, last = _bounds(at)
    try:
        return _minus(first, value + 1, unit) + _dt.timedelta(days=1), _minus(last, value, unit)
    except (ValueError, OverflowError):
        return None


def certain_part(first: _dt.date, last: _dt.date) -> PartialDate | None:
    """The most precise partial date that holds every day from ``first`` to ``last`` (None: none does)."""
    if first.year != last.year:
        return None
    if first.month != last.month:
        return PartialDate(first.year)
    if first.day != last.day:
        return PartialDate(first.year, first.month)
    return PartialDate(first.year, first.month, first.day)
