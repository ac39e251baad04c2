"""Industrial-structure measures: shares, location quotient, HHI, shift-share, Krugman/Hoover,
Moore and NAV structural change (docs/methods.md).

Inputs are pandas Series indexed by sector (or region). Series passed together must carry the
same labels (order may differ; results follow the first Series' order). No suitable Python
package exists; the reference implementation for checking is the R package REAT (Wieland,
functions ``herf``, ``locq``, ``shift``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zonereport.errors import MethodInputError
from zonereport.methods import _checks

#: Published shares are rounded (one decimal of a percent each), so a share vector may miss
#: 1 by a few tenths of a percentage point; a larger gap means a missing sector or percent units.
SHARE_SUM_TOLERANCE = 0.005


@dataclass(frozen=True)
class MooreAngle:
    """Moore structural-change angle θ between two structures, with cos θ."""

    cos_theta: float
    radians: float
    degrees: float


def shares(levels: pd.Series) -> pd.Series:
    """Shares of the total: s_i = Y_i / Σ Y (current-price levels give nominal shares).

    Source: docs/methods.md#share (share 比重 = Y_i / Y).
    """
    series = _checks.non_negative_series("shares", "levels", levels)
    return series / series.sum()


def location_quotient(e_ij: float, e_j: float, e_i: float, e: float) -> float:
    """Location quotient LQ_ij = (e_ij / e_j) / (e_i / e).

    e_ij: sector i in region j; e_j: all sectors in region j; e_i: sector i in the reference
    (nation); e: all sectors in the reference. LQ > 1: the region is more specialised in i
    than the reference. Source: docs/methods.md#lq; REAT ``locq``.
    """
    func = "location_quotient"
    sector_region = _checks.non_negative(func, "e_ij", e_ij)
    region = _checks.positive(func, "e_j", e_j)
    sector_nation = _checks.positive(func, "e_i", e_i)
    nation = _checks.positive(func, "e", e)
    _part_of_whole(func, "e_ij", sector_region, "e_j", region)
    _part_of_whole(func, "e_i", sector_nation, "e", nation)
    return (sector_region / region) / (sector_nation / nation)


def location_quotients(
    region: pd.Series,
    nation: pd.Series,
    *,
    region_total: float | None = None,
    nation_total: float | None = None,
) -> pd.Series:
    """Location quotients of every sector: LQ_i = (e_ij / e_j) / (e_i / e).

    The totals e_j and e default to the sums of the Series, which is right only when the
    sectors are exhaustive; pass ``region_total`` / ``nation_total`` when they are not.
    Source: docs/methods.md#lq; REAT ``locq``.
    """
    func = "location_quotients"
    region_levels = _non_negative_levels(func, "region", region)
    nation_levels = _non_negative_levels(func, "nation", nation)
    region_levels, nation_levels = _checks.aligned(func, ("region", "nation"), (region_levels, nation_levels))
    e_j = _total(func, "region", region_levels, region_total)
    e = _total(func, "nation", nation_levels, nation_total)
    zero = nation_levels[nation_levels == 0]
    if not zero.empty:
        raise MethodInputError(
            f"{func}: nation is 0 for {zero.index[0]!r}; the location quotient of a sector absent"
            " from the reference is undefined"
        )
    return (region_levels / e_j) / (nation_levels / e)


def hhi(shares_or_levels: pd.Series | Iterable[float]) -> float:
    """Herfindahl–Hirschman index HHI = Σ s_k², with s_k = x_k / Σ x.

    Accepts shares or levels (they are normalised, so shares that do not sum exactly to 1
    because of rounding are fine). Range [1/n, 1]. Source: docs/methods.md#hhi; REAT ``herf``
    (herf(c(20, 50, 20, 10)) = 0.34).
    """
    weights = _normalised("hhi", shares_or_levels)
    return float((weights**2).sum())


def hhi_normalised(shares_or_levels: pd.Series | Iterable[float]) -> float:
    """Normalised HHI = (HHI − 1/n) / (1 − 1/n), in [0, 1]; n counts all entries, zeros too.

    Undefined for n = 1. Source: docs/methods.md#hhi.
    """
    weights = _normalised("hhi_normalised", shares_or_levels)
    n = weights.size
    if n == 1:
        raise MethodInputError("hhi_normalised: only one entry; the normalised HHI needs at least two")
    index = float((weights**2).sum())
    return (index - 1 / n) / (1 - 1 / n)


def equivalent_number(shares_or_levels: pd.Series | Iterable[float]) -> float:
    """Equivalent number of equal-sized units: 1 / HHI.

    Source: docs/methods.md#hhi; REAT ``herf`` (equivalent number of c(20, 50, 20, 10) = 2.941176).
    """
    return 1 / hhi(shares_or_levels)


def shift_share(
    base_region: pd.Series,
    end_region: pd.Series,
    base_nation: pd.Series,
    end_nation: pd.Series,
) -> pd.DataFrame:
    """Shift-share decomposition (Dunn) of each sector's change in the region.

    Δe_ij = e_ij·r + e_ij(r_i − r) + e_ij(r_ij − r_i), with e_ij the region's base-year level,
    r the nation's total growth, r_i the nation's growth in sector i, r_ij the region's growth in
    sector i. Columns: national_share, industry_mix, competitive, total_change (= Δe_ij; the
    three parts sum to it). Use employment or constant-price levels, or say the result is
    nominal. Source: docs/methods.md#shift-share; REAT ``shift``.
    """
    func = "shift_share"
    names = ("base_region", "end_region", "base_nation", "end_nation")
    series = tuple(
        _non_negative_levels(func, name, values)
        for name, values in zip(names, (base_region, end_region, base_nation, end_nation), strict=True)
    )
    e0_region, e1_region, e0_nation, e1_nation = _checks.aligned(func, names, series)
    for name, base in (("base_region", e0_region), ("base_nation", e0_nation)):
        zero = base[base == 0]
        if not zero.empty:
            raise MethodInputError(
                f"{func}: {name} is 0 for {zero.index[0]!r}; growth from a zero base is undefined"
            )
    r = e1_nation.sum() / e0_nation.sum() - 1
    r_i = e1_nation / e0_nation - 1
    r_ij = e1_region / e0_region - 1
    return pd.DataFrame(
        {
            "national_share": e0_region * r,
            "industry_mix": e0_region * (r_i - r),
            "competitive": e0_region * (r_ij - r_i),
            "total_change": e1_region - e0_region,
        },
        index=e0_region.index,
    )


def krugman_index(region: pd.Series, reference: pd.Series) -> float:
    """Krugman specialisation index K = Σ_i |e_ij / e_j − e_i / e|, in [0, 2].

    0: the region's structure equals the reference's. Source: docs/methods.md#krugman.
    """
    func = "krugman_index"
    region_levels = _checks.non_negative_series(func, "region", region)
    reference_levels = _checks.non_negative_series(func, "reference", reference)
    region_levels, reference_levels = _checks.aligned(
        func, ("region", "reference"), (region_levels, reference_levels)
    )
    gap = region_levels / region_levels.sum() - reference_levels / reference_levels.sum()
    return float(gap.abs().sum())


def hoover_index(region: pd.Series, reference: pd.Series) -> float:
    """Hoover index = K / 2 (half the Krugman index), in [0, 1]. Source: docs/methods.md#krugman."""
    return krugman_index(region, reference) / 2


def moore_angle(s0: pd.Series, s1: pd.Series) -> MooreAngle:
    """Moore structural-change angle: cos θ = Σ s_0 s_1 / (‖s_0‖ ‖s_1‖), θ = arccos(cos θ).

    Scale-free, so shares or levels both work; 0 for identical or proportional structures, 90°
    when the structures share no sector. cos θ is clipped to [−1, 1] against rounding.
    Source: docs/methods.md#moore.
    """
    func = "moore_angle"
    first = _checks.non_negative_series(func, "s0", s0)
    second = _checks.non_negative_series(func, "s1", s1)
    first, second = _checks.aligned(func, ("s0", "s1"), (first, second))
    a, b = first.to_numpy(), second.to_numpy()
    cos_theta = float(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1.0, 1.0))
    radians = math.acos(cos_theta)
    return MooreAngle(cos_theta=cos_theta, radians=radians, degrees=math.degrees(radians))


def nav_structural_change(s0: pd.Series, s1: pd.Series, *, tol: float = SHARE_SUM_TOLERANCE) -> float:
    """Norm of absolute values (NAV) of structural change: ½ Σ |s_{i,t} − s_{i,0}|, in [0, 1].

    ``s0`` and ``s1`` are shares (fractions) that must each sum to 1 within ``tol``; use
    :func:`shares` on levels first. Source: docs/methods.md#nav.
    """
    func = "nav_structural_change"
    limit = _checks.non_negative(func, "tol", tol)
    first = _checks.shares_sum_to_one(func, "s0", s0, limit)
    second = _checks.shares_sum_to_one(func, "s1", s1, limit)
    first, second = _checks.aligned(func, ("s0", "s1"), (first, second))
    return float((second - first).abs().sum() / 2)


def _non_negative_levels(func: str, name: str, values: pd.Series) -> pd.Series:
    """Finite levels with no negative value (zeros allowed; the caller decides about them)."""
    series = _checks.finite_series(func, name, values)
    negative = series[series < 0]
    if not negative.empty:
        raise MethodInputError(
            f"{func}: {name} is negative for {negative.index[0]!r} ({negative.iloc[0]}); levels cannot be below 0"
        )
    return series


def _total(func: str, name: str, levels: pd.Series, given: float | None) -> float:
    """The whole the sectors belong to: the given total, or the sum of the sectors."""
    parts = float(levels.sum())
    if given is None:
        if parts == 0:
            raise MethodInputError(f"{func}: {name} is all zero; pass non-zero levels")
        return parts
    total = _checks.positive(func, f"{name}_total", given)
    # Sectors can fall short of the total (not exhaustive) but never exceed it beyond rounding.
    if parts > total * (1 + 1e-9):
        raise MethodInputError(
            f"{func}: {name} sectors sum to {parts:.6g}, more than {name}_total {total:.6g}"
        )
    return total


def _part_of_whole(func: str, part_name: str, part: float, whole_name: str, whole: float) -> None:
    if part > whole:
        raise MethodInputError(
            f"{func}: {part_name} ({part}) exceeds {whole_name} ({whole}); a part cannot exceed its whole"
        )


def _normalised(func: str, values: pd.Series | Iterable[float]) -> np.ndarray:
    """Non-negative values scaled to sum to 1."""
    array = _checks.finite_array(func, "shares_or_levels", values)
    if (array < 0).any():
        raise MethodInputError(
            f"{func}: shares_or_levels has a negative value ({array.min()}); pass shares or levels ≥ 0"
        )
    total = array.sum()
    if total == 0:
        raise MethodInputError(f"{func}: shares_or_levels is all zero; shares of a zero total are undefined")
    return array / total
