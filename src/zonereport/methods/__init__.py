"""NBS statistical methods: growth, contribution, share, and industrial structure.

Formulas and their sources are in each function's docstring and in docs/methods.md. Rates,
shares, contribution shares and pulls are fractions here (0.055, not 5.5); convert at the
edges with ``to_percent`` / ``from_percent``.
"""

from __future__ import annotations

from zonereport.methods.contribution import (
    Approximation,
    CrossCheck,
    contribution_rate,
    contributions_sum_to_one,
    cross_check,
    implied_parent_growth,
    implied_parent_growth_prev_share,
    implied_parent_level,
    implied_zone_increment,
    implied_zone_share_current,
    increment_current_backout,
    increment_prev_base,
    pull_from_increment,
    pull_pp,
    pulls_sum_to_growth,
    share_of_parent,
)
from zonereport.methods.growth import (
    average_growth_nominal,
    average_growth_real,
    from_percent,
    growth_from_index,
    growth_rate,
    to_percent,
)
from zonereport.methods.structure import (
    MooreAngle,
    equivalent_number,
    hhi,
    hhi_normalised,
    hoover_index,
    krugman_index,
    location_quotient,
    location_quotients,
    moore_angle,
    nav_structural_change,
    shares,
    shift_share,
)

__all__ = [
    # growth
    "growth_rate",
    "growth_from_index",
    "average_growth_real",
    "average_growth_nominal",
    "to_percent",
    "from_percent",
    # contribution
    "Approximation",
    "CrossCheck",
    "contribution_rate",
    "pull_pp",
    "pull_from_increment",
    "share_of_parent",
    "increment_prev_base",
    "increment_current_backout",
    "implied_parent_growth",
    "implied_parent_growth_prev_share",
    "implied_zone_share_current",
    "implied_zone_increment",
    "implied_parent_level",
    "cross_check",
    "pulls_sum_to_growth",
    "contributions_sum_to_one",
    # structure
    "MooreAngle",
    "shares",
    "location_quotient",
    "location_quotients",
    "hhi",
    "hhi_normalised",
    "equivalent_number",
    "shift_share",
    "krugman_index",
    "hoover_index",
    "moore_angle",
    "nav_structural_change",
]
