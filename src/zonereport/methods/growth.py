"""Growth rates 增速 and average growth 平均增速 (水平法), as NBS defines them.

Rates are fractions everywhere in ``zonereport.methods`` (0.055, not 5.5); convert at the
edges with :func:`to_percent` and :func:`from_percent`.

Price basis (docs/methods.md#price-basis): NBS releases state "绝对额按现价计算，增长速度按不变价计算" —
levels are at current prices, growth at constant (comparable) prices. Real growth cannot be
computed from two current-price levels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import numpy as np
import pandas as pd

from zonereport.errors import MethodInputError
from zonereport.methods import _checks

Numbers = TypeVar("Numbers", float, np.ndarray, pd.Series)


def to_percent(x: Numbers) -> Numbers:
    """A fraction as a percentage (or a pull as percentage points): x × 100.

    Works element-wise on numpy arrays and pandas Series; NaN (a figure not published) stays NaN.
    """
    return x * 100


def from_percent(p: Numbers) -> Numbers:
    """A percentage (or percentage points) as a fraction: p / 100.

    Works element-wise on numpy arrays and pandas Series; NaN (a figure not published) stays NaN.
    """
    return p / 100


def growth_rate(level_t: float, level_prev: float) -> float:
    """Growth rate 增速: g = Y_t / Y_{t−1} − 1, as a fraction.

    Only meaningful when both levels are at constant (comparable) prices; two current-price
    levels give nominal growth, which NBS never publishes as "增速" for GDP or value added.
    t − 1 is the same period of the previous year (同比), and a cumulative period (1–5月,
    上半年) compares with the same cumulative period a year earlier.
    Source: docs/methods.md#growth; NBS releases ("增长速度按不变价计算").
    For industry above designated size (规模以上工业) the official growth is same-scope and
    deflated; dividing two published levels does NOT give it (docs/methods.md#industry-above-size).
    """
    func = "growth_rate"
    current = _checks.non_negative(func, "level_t", level_t)
    base = _checks.positive(func, "level_prev", level_prev)
    return current / base - 1


def growth_from_index(index: float) -> float:
    """Growth rate from a volume index with the previous period = 100: g = index / 100 − 1.

    NBS publishes GDP indices (上年=100) at comparable prices, so the result is real growth.
    Source: docs/methods.md#growth; NBS, China Statistical Yearbook, "Indices of Gross Domestic Product".
    """
    value = _checks.non_negative("growth_from_index", "index", index)
    return value / 100 - 1


def average_growth_real(rates: Iterable[float] | pd.Series | np.ndarray) -> float:
    """Average real growth (水平法, geometric mean): (Π(1 + g_t))^{1/n} − 1.

    ``rates`` are the yearly real growth rates (fractions) of the years after the base year;
    n = len(rates), so the base year is excluded (2020→2025 is five rates, n = 5). Each rate
    must be above −1. Source: docs/methods.md#cagr-real (NBS 水平法 average growth).
    """
    func = "average_growth_real"
    values = _checks.finite_array(func, "rates", rates)
    if (values <= -1).any():
        raise MethodInputError(
            f"{func}: a rate is -1 or below ({values.min()}); rates are fractions above -1 (0.055 for 5.5%)"
        )
    # Sum of logs rather than a product: long chains of rates stay accurate.
    return float(np.expm1(np.log1p(values).sum() / values.size))


def average_growth_nominal(level_start: float, level_end: float, years: int) -> float:
    """Average nominal growth (水平法) from two levels: (Y_T / Y_0)^{1/n} − 1, n = ``years``.

    n counts the years between the two levels (base year excluded: 2020→2025 is n = 5).
    The levels are at current prices, so the result is NOMINAL average growth and must be
    labelled nominal wherever it is shown; it is not comparable with published real growth.
    Source: docs/methods.md#cagr-nominal (NBS 水平法 average growth).
    """
    func = "average_growth_nominal"
    start = _checks.positive(func, "level_start", level_start)
    end = _checks.non_negative(func, "level_end", level_end)
    if isinstance(years, bool) or not isinstance(years, (int, np.integer)) or years < 1:
        raise MethodInputError(
            f"{func}: years is {years!r}; pass a whole number of years of at least 1 (base year excluded)"
        )
    return (end / start) ** (1 / int(years)) - 1
