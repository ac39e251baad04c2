"""Reporting periods in one format, their order, and which can be compared (labels: :mod:`zonereport.locale`).

Formats: ``2024`` (year), ``2025H1`` (half), ``2024Q1`` (quarter), ``2020M05`` (month),
``2020M01-05`` (cumulative months, 1–5月), ``asof:2024-07-03`` (a stock at a date) and
``undated`` (the source names no period).

Year-on-year growth (同比) compares a period with the same period of the previous year:
2025H1 with 2024H1, never with 2024H2; 1–5月 with 1–5月.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError

PERIOD_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|M(?P<m1>0[1-9]|1[0-2])(?:-(?P<m2>0[1-9]|1[0-2]))?)?$"
)
PERIOD_FORMS = ("write a year (YYYY), a half year (YYYYH1 or YYYYH2), a quarter (YYYYQ1 to YYYYQ4), a month "
                "(YYYYMmm, e.g. M05 for May), months of one year added up (YYYYM01-05 for January to May), a date "
                "for a stock (asof:YYYY-MM-DD), or the word undated")
ASOF_PATTERN = re.compile(r"^asof:(?P<date>\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A parsed period. ``kind`` is year, half, quarter, month, months, asof or undated."""

    code: str
    kind: str
    year: int | None = None
    index: int | None = None  # half, quarter or first month
    end: int | None = None  # last month of a cumulative span

    @property
    def is_flow(self) -> bool:
        """True for periods a growth rate can refer to (not as-of dates, not undated)."""
        return self.kind in {"year", "half", "quarter", "month", "months"}

    def previous_year(self) -> "Period":
        """The same period one year earlier (the base of 同比 growth)."""
        if not self.is_flow:
            raise UsageError(f"period {self.code}: has no previous-year counterpart")
        return parse_period(str(self.year - 1) + self.code[4:])

    def years_since(self, other: "Period") -> int:
        """Whole years between two periods of the same kind (for average growth)."""
        if self.kind != other.kind or self.index != other.index or self.end != other.end:
            raise UsageError(f"periods {other.code} and {self.code} are not the same kind of period")
        return self.year - other.year

    @property
    def months(self) -> int:
        """How many months the period covers (0 for a date or an undated figure)."""
        return {"year": 12, "half": 6, "quarter": 3, "month": 1}.get(self.kind, (self.end or 0) - (self.index or 0) + 1 if self.kind == "months" else 0)

    @property
    def end_month(self) -> int:
        """The last month the period covers (its year's month number)."""
        if self.kind == "year":
            return 12
        if self.kind in ("half", "quarter"):
            return self.index * self.months
        if self.kind == "month":
            return self.index
        return self.end or 0

    def same_kind(self, other: "Period") -> bool:
        """Whether growth rates of the two can be compared: the same span of the year
        (a half with the same half, cumulative January–September with the same months)."""
        return self.is_flow and other.is_flow and (self.kind, self.index, self.end) == (other.kind, other.index, other.end)


def parse_period(code: str) -> Period:
    """Parse a period code; raise UsageError with the expected formats if it is malformed."""
    code = str(code).strip()
    if code == "undated":
        return Period(code, "undated")
    m = ASOF_PATTERN.match(code)
    if m:
        return Period(code, "asof")
    m = PERIOD_PATTERN.match(code)
    if not m:
        raise UsageError(f"period {code!r} is malformed: {PERIOD_FORMS}")
    year = int(m["year"])
    if m["half"]:
        return Period(code, "half", year, int(m["half"][1]))
    if m["quarter"]:
        return Period(code, "quarter", year, int(m["quarter"][1]))
    if m["m1"]:
        first = int(m["m1"])
        if m["m2"]:
            last = int(m["m2"])
            if last <= first:
                raise UsageError(f"period {code!r}: the last month must come after the first")
            return Period(code, "months", year, first, last)
        return Period(code, "month", year, first)
    return Period(code, "year", year)


def period_sort_key(code: str) -> tuple:
    """Chronological order: by the period's end, then by its length (2025Q1 < 2025H1 <
    2025M01-09 < 2025); a stock at a date sorts at that date, undated figures last."""
    p = parse_period(code)
    if p.kind == "undated":
        return (9999, 99, 99, 0, code)
    if p.kind == "asof":
        y, m, d = (int(x) for x in code[5:].split("-"))
        return (y, m, d, 0, code)
    return (p.year, p.end_month, 99, p.months, code)
