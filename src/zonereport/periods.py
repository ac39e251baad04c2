"""Reporting periods in one format, and their labels in Chinese and English.

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

    def label(self, lang: str) -> str:
        """The period as a reader writes it: 2025年上半年 / H1 2025."""
        zh = lang == "zh"
        y = self.year
        if self.kind == "year":
            return f"{y}年" if zh else f"{y}"
        if self.kind == "half":
            if zh:
                return f"{y}年{'上' if self.index == 1 else '下'}半年"
            return f"H{self.index} {y}"
        if self.kind == "quarter":
            return f"{y}年第{'一二三四'[self.index - 1]}季度" if zh else f"Q{self.index} {y}"
        if self.kind == "month":
            return f"{y}年{self.index}月" if zh else f"{_MONTHS[self.index - 1]} {y}"
        if self.kind == "months":
            if zh:
                return f"{y}年{self.index}—{self.end}月"
            return f"{_MONTHS[self.index - 1]}–{_MONTHS[self.end - 1]} {y}"
        if self.kind == "asof":
            return f"截至{self.code[5:]}" if zh else f"as of {self.code[5:]}"
        return "未注明时期" if zh else "period not stated"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
        raise UsageError(
            f"period {code!r} is malformed: use 2025, 2025H1, 2025Q1, 2025M05, 2025M01-05, asof:YYYY-MM-DD or undated"
        )
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
    """Chronological order: by year, then by the first month the period covers."""
    p = parse_period(code)
    if p.kind == "undated":
        return (9999, 99, code)
    if p.kind == "asof":
        return (int(code[5:9]), int(code[10:12]), code)
    first_month = {"year": 1, "half": 1 + 6 * ((p.index or 1) - 1), "quarter": 1 + 3 * ((p.index or 1) - 1)}
    return (p.year, first_month.get(p.kind, p.index), code)
