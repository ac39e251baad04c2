"""Contribution share 贡献率, contribution to growth 拉动, share 比重, and figures they imply.

NBS definitions (China Statistical Yearbook 2011, table 2-20,
https://www.stats.gov.cn/sj/ndsj/2011/html/C0220e.htm): "Contribution share ... refers to the
proportion of the increment of each component of GDP ... to the increment of GDP";
"Contribution ... to GDP growth refers to the growth rate of GDP multiplied by the
contribution share". Sector version (a statistical yearbook's table of sector contribution
shares, cited in docs/methods.md#contribution): "贡献率指三次产业或主要行业增加值增量与生产总值增量之比",
at constant prices.

Everything here is a fraction: a contribution share of 43.5% is 0.435, a pull of 4.2
percentage points is 0.042. The report layer converts (``growth.to_percent``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from zonereport.errors import MethodInputError
from zonereport.methods import _checks

LABEL_ZH = "按现价水平×实际增速近似"
LABEL_EN = "approximation: current-price level × real growth"
_DEFLATOR_ZH = (
    "假定园区的价格平减指数与全市相同；园区主要产品的价格走势与全市物价不同时，这一假定不成立，结果有偏差。"
)
_DEFLATOR_EN = (
    "Assumes the zone's deflator equals the city's; where the prices of the zone's main products move"
    " differently from the city's prices, this does not hold and the figure is biased."
)


@dataclass(frozen=True)
class Approximation:
    """An approximate constant-price increment, with the label the report must show.

    ``method`` is "previous_period_base" (form a) or "current_period_backout" (form b).
    The value is never an official figure (docs/methods.md#approximation-bias).
    """

    value: float
    method: Literal["previous_period_base", "current_period_backout"]
    label_zh: str
    label_en: str
    assumption_zh: str
    assumption_en: str
    formula: str = ""


@dataclass(frozen=True)
class CrossCheck:
    """A published figure compared with one implied by other published figures.

    ``status`` is "agrees" if |published − implied| ≤ tolerance, "disagrees" otherwise, and
    "cannot_check" if either figure is missing (``reason`` then says which).
    ``difference`` is published − implied, in ``unit``.
    """

    name: str
    published: float | None
    implied: float | None
    difference: float | None
    tolerance: float
    status: Literal["agrees", "disagrees", "cannot_check"]
    unit: str
    reason: str | None = None


def contribution_rate(delta_part: float, delta_total: float) -> float:
    """Contribution share 贡献率: c_i = ΔY_i / ΔY, with constant-price increments.

    May be negative (the part shrank while the total grew) or above 1. ΔY = 0 leaves it
    undefined. Source: NBS, China Statistical Yearbook 2011, table 2-20; docs/methods.md#contribution.
    """
    func = "contribution_rate"
    part = _checks.finite(func, "delta_part", delta_part)
    total = _checks.finite(func, "delta_total", delta_total)
    if total == 0:
        raise MethodInputError(f"{func}: delta_total is 0; a contribution to zero growth is undefined")
    return part / total


def pull_pp(growth_total: float, contribution: float) -> float:
    """Contribution to growth 拉动: p_i = g × c_i (equal to ΔY_i / Y_{t−1}).

    Returned as a fraction in the units of ``growth_total`` (0.042); × 100 gives percentage
    points (4.2). Source: NBS, China Statistical Yearbook 2011, table 2-20 ("the growth rate of
    GDP multiplied by the contribution share").
    """
    func = "pull_pp"
    growth = _checks.finite(func, "growth_total", growth_total)
    share = _checks.finite(func, "contribution", contribution)
    return growth * share


def pull_from_increment(delta_part: float, level_total_prev: float) -> float:
    """Contribution to growth from the increment: p_i = ΔY_i / Y_{t−1}, as a fraction.

    Same quantity as :func:`pull_pp` (g × c_i = ΔY/Y_{t−1} × ΔY_i/ΔY). ΔY_i at constant prices,
    Y_{t−1} the total's previous-period level. Source: docs/methods.md#pull.
    """
    func = "pull_from_increment"
    part = _checks.finite(func, "delta_part", delta_part)
    base = _checks.positive(func, "level_total_prev", level_total_prev)
    return part / base


def share_of_parent(level_part: float, level_total: float) -> float:
    """Share 比重/占比: s_i = Y_i / Y, both at current prices (a nominal ratio).

    Source: docs/methods.md#share (shares use current-price levels).
    """
    func = "share_of_parent"
    part = _checks.non_negative(func, "level_part", level_part)
    total = _checks.positive(func, "level_total", level_total)
    if part > total:
        raise MethodInputError(
            f"{func}: level_part ({part}) exceeds level_total ({total}); a part cannot exceed its whole"
        )
    return part / total


def increment_prev_base(level_prev: float, growth: float) -> Approximation:
    """Form (a), previous-period base: ΔY_i ≈ Y_{i,t−1} × g_i, so p_i ≈ s_{i,t−1} × g_i.

    For when only current-price levels and real growth rates are published (the usual case for
    a zone). Label it as an approximation, never as an official figure. Growth must be above −1.
    Source: docs/methods.md#approx-a.
    """
    func = "increment_prev_base"
    level = _checks.non_negative(func, "level_prev", level_prev)
    rate = _checks.growth_above_minus_one(func, "growth", growth)
    return Approximation(
        value=level * rate,
        method="previous_period_base",
        label_zh=LABEL_ZH,
        label_en=LABEL_EN,
        assumption_zh="以上年现价水平×本年实际增速。" + _DEFLATOR_ZH,
        assumption_en="Previous period's current-price level × this period's real growth. " + _DEFLATOR_EN,
        formula="ΔY ≈ Y_{t−1} × g",
    )


def increment_current_backout(level_current: float, growth: float) -> Approximation:
    """Form (b), current-period back-out: ΔY_i ≈ Y_{i,t} × g_i / (1 + g_i).

    Exact when Y_t = Y_{t−1}(1 + g), i.e. when the zone's prices did not move relative to the
    base. It values the increment at this period's zone prices, so when the zone's prices fall
    relative to the city's the figure is too low. g = −1 leaves it undefined.
    Source: docs/methods.md#approx-b.
    """
    func = "increment_current_backout"
    level = _checks.non_negative(func, "level_current", level_current)
    rate = _checks.growth_above_minus_one(func, "growth", growth)
    return Approximation(
        value=level * rate / (1 + rate),
        method="current_period_backout",
        label_zh=LABEL_ZH,
        label_en=LABEL_EN,
        assumption_zh="以本年现价水平按实际增速回推；园区价格相对全市下降时结果偏低。" + _DEFLATOR_ZH,
        assumption_en=(
            "This period's current-price level backed out with real growth; too low when the zone's"
            " prices fall relative to the city's. " + _DEFLATOR_EN
        ),
        formula="ΔY ≈ Y_t × g / (1 + g)",
    )


def implied_parent_growth(zone_share_current: float, zone_growth: float, zone_contribution: float) -> float:
    """The city's growth implied by the zone's current share, growth and contribution share.

    From form (b), c ≈ [s_t · g_z/(1+g_z)] / [g_c/(1+g_c)]. Let x = s_t · g_z/(1+g_z) / c;
    then g_c = x / (1 − x). Needs c ≠ 0 and x < 1. A derived figure: show the formula and the
    inputs, and remember zone GDP is not compiled under the unified regional accounts
    (地区生产总值统一核算). Source: docs/methods.md#implied-city-growth.
    """
    func = "implied_parent_growth"
    share = _share_in_unit_interval(func, "zone_share_current", zone_share_current)
    g_zone = _checks.growth_above_minus_one(func, "zone_growth", zone_growth)
    contribution = _nonzero_contribution(func, zone_contribution, g_zone, share)
    x = share * g_zone / (1 + g_zone) / contribution
    if x >= 1:
        raise MethodInputError(
            f"{func}: share × g/(1+g) / contribution = {x:.6g} is 1 or more, so no city growth fits;"
            " check the share, growth and contribution are fractions of the same period"
        )
    return x / (1 - x)


def implied_parent_growth_prev_share(zone_share_prev: float, zone_growth: float, zone_contribution: float) -> float:
    """The city's growth implied by the zone's previous-period share: g_c = s_{t−1} · g_z / c.

    From form (a), c ≈ s_{t−1} · g_z / g_c. A derived figure. Source: docs/methods.md#implied-city-growth.
    """
    func = "implied_parent_growth_prev_share"
    share = _share_in_unit_interval(func, "zone_share_prev", zone_share_prev)
    g_zone = _checks.growth_above_minus_one(func, "zone_growth", zone_growth)
    contribution = _nonzero_contribution(func, zone_contribution, g_zone, share)
    return share * g_zone / contribution


def implied_zone_share_current(zone_growth: float, zone_contribution: float, parent_growth: float) -> float:
    """The zone's current share implied by its growth, contribution share and the city's growth.

    s_t = c · [g_c/(1+g_c)] · (1+g_z)/g_z (form b solved for s_t). A result outside [0, 1] means
    the published figures are inconsistent; it is returned, not hidden, so a cross-check can
    show it. Source: docs/methods.md#implied-city-growth.
    """
    func = "implied_zone_share_current"
    g_zone = _checks.growth_above_minus_one(func, "zone_growth", zone_growth)
    contribution = _checks.finite(func, "zone_contribution", zone_contribution)
    g_city = _checks.growth_above_minus_one(func, "parent_growth", parent_growth)
    if g_zone == 0:
        raise MethodInputError(f"{func}: zone_growth is 0; a zone that did not grow implies no share")
    if g_city == 0:
        raise MethodInputError(f"{func}: parent_growth is 0; a contribution to zero growth is undefined")
    return contribution * (g_city / (1 + g_city)) * (1 + g_zone) / g_zone


def implied_zone_increment(zone_level_current: float, zone_growth: float) -> Approximation:
    """The zone's constant-price increment implied by its current level and real growth.

    Form (b): ΔY ≈ Y_t × g / (1 + g); see :func:`increment_current_backout`.
    """
    return increment_current_backout(zone_level_current, zone_growth)


def implied_parent_level(zone_level: float, zone_share: float) -> float:
    """The city's level implied by the zone's level and its share of the city: Y = Y_zone / s.

    Both at current prices. A derived figure. Source: docs/methods.md#share (s = Y_i / Y).
    """
    func = "implied_parent_level"
    level = _checks.non_negative(func, "zone_level", zone_level)
    share = _share_in_unit_interval(func, "zone_share", zone_share)
    if share == 0:
        raise MethodInputError(f"{func}: zone_share is 0; a zero share implies no city level")
    return level / share


def cross_check(
    name: str,
    published: float | None,
    implied: float | None,
    tolerance: float,
    *,
    unit: str,
) -> CrossCheck:
    """Compare a published figure with the same figure implied by other published figures.

    "agrees" if |published − implied| ≤ tolerance, else "disagrees"; "cannot_check" (with a
    reason) if either is missing (None or NaN). The implied figure must come from inputs of a
    different source than the published one, or the check proves nothing. Zone GDP is not
    compiled under the unified regional accounts (地区生产总值统一核算), and the approximations
    assume the zone's deflator equals the city's, so tolerances for zone-versus-city checks
    must be loose. Source: docs/methods.md#checks.
    """
    func = "cross_check"
    limit = _checks.non_negative(func, "tolerance", tolerance)
    missing = [label for label, value in (("published", published), ("implied", implied)) if _is_missing(value)]
    if missing:
        return CrossCheck(
            name=name,
            published=None if _is_missing(published) else _checks.finite(func, "published", published),
            implied=None if _is_missing(implied) else _checks.finite(func, "implied", implied),
            difference=None,
            tolerance=limit,
            status="cannot_check",
            unit=unit,
            reason=" and ".join(missing) + (" value missing" if len(missing) == 1 else " values missing"),
        )
    published_value = _checks.finite(func, "published", published)
    implied_value = _checks.finite(func, "implied", implied)
    difference = published_value - implied_value
    return CrossCheck(
        name=name,
        published=published_value,
        implied=implied_value,
        difference=difference,
        tolerance=limit,
        status="agrees" if _checks.within(difference, limit) else "disagrees",
        unit=unit,
    )


def pulls_sum_to_growth(
    pulls: Iterable[float] | pd.Series | np.ndarray, growth: float, tol: float = 0.001
) -> bool:
    """Identity check Σ p_i = g, within ``tol`` (fractions: 0.001 is 0.1 percentage point).

    Published parts need not add exactly: "由于数值修约误差所致，未作机械调整" (NBS).
    Source: docs/methods.md#checks.
    """
    func = "pulls_sum_to_growth"
    values = _checks.finite_array(func, "pulls", pulls)
    total = _checks.finite(func, "growth", growth)
    limit = _checks.non_negative(func, "tol", tol)
    return _checks.within(float(values.sum()) - total, limit)


def contributions_sum_to_one(contribs: Iterable[float] | pd.Series | np.ndarray, tol: float = 0.001) -> bool:
    """Identity check Σ c_i = 1, within ``tol`` (fractions: 0.001 is 0.1 percentage point).

    Published parts need not add exactly: "由于数值修约误差所致，未作机械调整" (NBS).
    Source: docs/methods.md#checks.
    """
    func = "contributions_sum_to_one"
    values = _checks.finite_array(func, "contribs", contribs)
    limit = _checks.non_negative(func, "tol", tol)
    return _checks.within(float(values.sum()) - 1, limit)


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _share_in_unit_interval(func: str, name: str, value: object) -> float:
    share = _checks.non_negative(func, name, value)
    if share > 1:
        raise MethodInputError(f"{func}: {name} is {share}, above 1; pass the share as a fraction (0.3 for 30%)")
    return share


def _nonzero_contribution(func: str, value: object, zone_growth: float, zone_share: float) -> float:
    contribution = _checks.finite(func, "zone_contribution", value)
    if contribution == 0:
        raise MethodInputError(f"{func}: zone_contribution is 0; it implies no city growth")
    # A zone with no growth or no share has no increment, so a non-zero contribution is impossible.
    if zone_growth == 0:
        raise MethodInputError(
            f"{func}: zone_growth is 0 but zone_contribution is not; the inputs are inconsistent"
        )
    if zone_share == 0:
        raise MethodInputError(
            f"{func}: the zone's share is 0 but zone_contribution is not; the inputs are inconsistent"
        )
    return contribution
