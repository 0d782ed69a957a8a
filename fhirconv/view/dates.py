"""FHIR dates that may be partial (YYYY, YYYY-MM), kept with their precision.

A date known only to the month or year is a span, not a day: the timeline draws it as a faded
span over that month or year, and sorting uses its first possible day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["year", "month", "day"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A calendar date with the precision it was given in (time of day is dropped)."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    @property
    def first(self) -> date:
        """The first day this date may mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        """The last day this date may mean."""
        if self.day:
            return self.first
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def end_exclusive(self) -> date:
        return self.last + timedelta(days=1)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def parse_date(value: object) -> PartialDate | None:
    """Parse a FHIR date/dateTime/instant; ``None`` for anything that is not one."""
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    if not 1 <= year <= 9999 or not 0 <= month <= 12:
        return None
    if month == 0:
        day = 0
    elif day and day > calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


def fractional_year(d: date) -> float:
    """A day as a year number with a fraction (2011-07-02 -> about 2011.5), for x positions."""
    start = date(d.year, 1, 1)
    days = 366 if calendar.isleap(d.year) else 365
    return d.year + (d - start).days / days
