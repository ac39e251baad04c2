"""Tests for zonereport.methods.contribution.

Expected values are either the published NBS figures (METHODS.md §6) or worked out by hand from
the formulas in the test itself; none is copied from the program's output.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from zonereport.errors import MethodInputError
from zonereport.methods.contribution import (
    Approximation,
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
from zonereport.methods.growth import from_percent, to_percent

# NBS, China Statistical Yearbook 2011, table 2-20 (https://www.stats.gov.cn/sj/ndsj/2011/html/C0220e.htm),
# expenditure components at constant prices: (contribution share %, pull in percentage points)
# for final consumption, gross capital formation, net exports; and that edition's GDP growth %.
NBS_2011_TABLE_2_20 = {
    2008: {"growth": 9.6, "contribution": (43.5, 47.5, 9.0), "pull": (4.2, 4.6, 0.8)},
    2009: {"growth": 9.2, "contribution": (47.6, 91.3, -38.9), "pull": (4.4, 8.4, -3.6)},
    2010: {"growth": 10.3, "contribution": (36.8, 54.0, 9.2), "pull": (3.8, 5.6, 0.9)},
}
YEARS = sorted(NBS_2011_TABLE_2_20)

levels = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)
small_rates = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
nonzero_rates = small_rates.filter(lambda g: abs(g) > 1e-3)


class TestNbsYearbook2011Table2_20:
    """Public vectors: NBS China Statistical Yearbook 2011, table 2-20 (METHODS.md §6)."""

    @pytest.mark.parametrize("year", YEARS)
    def test_contribution_shares_sum_to_100_percent(self, year):
        shares = [from_percent(c) for c in NBS_2011_TABLE_2_20[year]["contribution"]]
        assert contributions_sum_to_one(shares, tol=from_percent(0.1))

    @pytest.mark.parametrize("year", YEARS)
    def test_pulls_sum_to_the_editions_gdp_growth(self, year):
        row = NBS_2011_TABLE_2_20[year]
        pulls = [from_percent(p) for p in row["pull"]]
        assert pulls_sum_to_growth(pulls, from_percent(row["growth"]), tol=from_percent(0.1))

    @pytest.mark.parametrize("year", YEARS)
    def test_pull_is_growth_times_contribution_within_rounding(self, year):
        row = NBS_2011_TABLE_2_20[year]
        for contribution, published_pull in zip(row["contribution"], row["pull"], strict=True):
            pull = to_percent(pull_pp(from_percent(row["growth"]), from_percent(contribution)))
            assert abs(pull - published_pull) <= 0.1 + 1e-9

    def test_2008_net_exports_pull_is_0_86_against_published_0_8(self):
        assert to_percent(pull_pp(from_percent(9.6), from_percent(9.0))) == pytest.approx(0.864)

    def test_pulls_do_not_match_another_years_growth(self):
        pulls_2008 = [from_percent(p) for p in NBS_2011_TABLE_2_20[2008]["pull"]]
        assert not pulls_sum_to_growth(pulls_2008, from_percent(10.3), tol=from_percent(0.1))

    def test_contributions_off_by_a_point_fail_the_identity(self):
        shares = [from_percent(c) for c in (43.5, 47.5, 10.0)]
        assert not contributions_sum_to_one(shares, tol=from_percent(0.1))


class TestContributionRate:
    def test_increment_over_total_increment(self):
        assert contribution_rate(3, 4) == pytest.approx(0.75)

    def test_may_be_negative(self):
        assert contribution_rate(-3.6, 9.2) == pytest.approx(-3.6 / 9.2)

    def test_may_exceed_one(self):
        assert contribution_rate(8.4, 6.0) == pytest.approx(1.4)

    @given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda d: abs(d) > 1e-9))
    def test_single_component_contributes_100_percent(self, delta):
        assert contribution_rate(delta, delta) == pytest.approx(1.0)

    def test_zero_total_increment_raises(self):
        with pytest.raises(MethodInputError, match="delta_total is 0"):
            contribution_rate(1, 0)

    @pytest.mark.parametrize("bad", [math.nan, math.inf, None])
    def test_non_finite_raises(self, bad):
        with pytest.raises(MethodInputError):
            contribution_rate(bad, 1)
        with pytest.raises(MethodInputError):
            contribution_rate(1, bad)


class TestPullPp:
    def test_growth_times_contribution(self):
        assert pull_pp(0.10, 0.5) == pytest.approx(0.05)

    @given(st.lists(st.tuples(levels, small_rates), min_size=1, max_size=6))
    def test_pulls_from_components_sum_to_total_growth(self, components):
        prev = [level for level, _ in components]
        increments = [level * g for level, g in components]
        total_increment = sum(increments)
        assume(abs(total_increment) > 1e-6 * sum(prev))
        growth = total_increment / sum(prev)
        pulls = [pull_pp(growth, contribution_rate(d, total_increment)) for d in increments]
        assert pulls_sum_to_growth(pulls, growth, tol=1e-9)
        for d, pull in zip(increments, pulls, strict=True):
            assert pull == pytest.approx(pull_from_increment(d, sum(prev)), rel=1e-9, abs=1e-12)

    def test_nan_raises(self):
        with pytest.raises(MethodInputError):
            pull_pp(math.nan, 0.5)


class TestPullFromIncrement:
    def test_increment_over_previous_total(self):
        assert pull_from_increment(5, 200) == pytest.approx(0.025)

    def test_zero_base_raises(self):
        with pytest.raises(MethodInputError, match="level_total_prev is 0"):
            pull_from_increment(5, 0)

    def test_negative_base_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            pull_from_increment(5, -200)


class TestShareOfParent:
    def test_part_over_total(self):
        assert share_of_parent(30, 120) == pytest.approx(0.25)

    def test_part_above_total_raises(self):
        with pytest.raises(MethodInputError, match="exceeds"):
            share_of_parent(130, 120)

    def test_negative_part_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            share_of_parent(-1, 120)

    def test_zero_total_raises(self):
        with pytest.raises(MethodInputError, match="level_total is 0"):
            share_of_parent(0, 0)


class TestIncrementPrevBase:
    def test_previous_level_times_growth(self):
        approx = increment_prev_base(200, 0.05)
        assert approx.value == pytest.approx(10.0)
        assert approx.method == "previous_period_base"

    def test_labelled_as_approximation_naming_the_deflator_bias(self):
        approx = increment_prev_base(200, 0.05)
        assert approx.label_zh == "按现价水平×实际增速近似"
        assert approx.label_en == "approximation: current-price level × real growth"
        assert "平减指数" in approx.assumption_zh and "价格走势" in approx.assumption_zh
        assert "deflator" in approx.assumption_en and "main products" in approx.assumption_en and "car" not in approx.assumption_en

    def test_is_frozen(self):
        approx = increment_prev_base(200, 0.05)
        with pytest.raises(AttributeError):
            approx.value = 0  # type: ignore[misc]

    def test_growth_below_minus_one_raises(self):
        with pytest.raises(MethodInputError, match="above -1"):
            increment_prev_base(200, -1.5)

    def test_negative_level_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            increment_prev_base(-200, 0.05)


class TestIncrementCurrentBackout:
    def test_current_level_times_g_over_one_plus_g(self):
        approx = increment_current_backout(110, 0.10)
        assert approx.value == pytest.approx(10.0)
        assert approx.method == "current_period_backout"
        assert approx.label_zh == "按现价水平×实际增速近似"
        assert "deflator" in approx.assumption_en

    @given(levels, small_rates)
    def test_exact_when_current_level_is_previous_times_one_plus_g(self, prev, g):
        exact_increment = prev * (1 + g) - prev
        approx = increment_current_backout(prev * (1 + g), g)
        assert approx.value == pytest.approx(exact_increment, rel=1e-9, abs=1e-6)

    @given(levels, st.floats(min_value=-0.01, max_value=0.01, allow_nan=False))
    def test_agrees_with_form_a_on_one_level_when_growth_is_small(self, level, g):
        a = increment_prev_base(level, g).value
        b = increment_current_backout(level, g).value
        # a − b = Y g − Y g/(1+g) = Y g² / (1+g): second order in g.
        assert a - b == pytest.approx(level * g * g / (1 + g), rel=1e-6, abs=1e-9)
        assert abs(a - b) <= 0.0102 * abs(a) + 1e-12

    @pytest.mark.parametrize("g", [-1.0, -2.0])
    def test_growth_minus_one_or_less_raises(self, g):
        with pytest.raises(MethodInputError, match="above -1"):
            increment_current_backout(110, g)

    def test_nan_growth_raises(self):
        with pytest.raises(MethodInputError):
            increment_current_backout(110, math.nan)


class TestImpliedZoneIncrement:
    def test_is_form_b(self):
        approx = implied_zone_increment(220, 0.10)
        assert isinstance(approx, Approximation)
        assert approx.value == pytest.approx(20.0)
        assert approx.method == "current_period_backout"


# A city of two parts at unchanged relative prices: the zone (30 → 33, +10%) and the rest
# (70 → 72.1, +3%). City 100 → 105.1, g_c = 0.051; zone share now 33/105.1; c = 3/5.1.
ZONE_PREV, ZONE_NOW, CITY_PREV, CITY_NOW = 30.0, 33.0, 100.0, 105.1


class TestImpliedParentGrowth:
    def test_worked_example(self):
        # x = 0.3 × 0.1/1.1 / 0.5 = 3/55, g_c = x/(1 − x) = 3/52.
        assert implied_parent_growth(0.3, 0.1, 0.5) == pytest.approx(3 / 52)

    def test_recovers_city_growth_of_a_two_part_city(self):
        contribution = (ZONE_NOW - ZONE_PREV) / (CITY_NOW - CITY_PREV)
        share_now = ZONE_NOW / CITY_NOW
        assert implied_parent_growth(share_now, 0.10, contribution) == pytest.approx(0.051)

    @given(
        st.floats(min_value=0.01, max_value=1.0, allow_nan=False),
        nonzero_rates,
        nonzero_rates,
    )
    def test_inverts_the_contribution_formula(self, share, g_zone, g_city):
        contribution = (share * g_zone / (1 + g_zone)) / (g_city / (1 + g_city))
        assert implied_parent_growth(share, g_zone, contribution) == pytest.approx(g_city, rel=1e-7, abs=1e-10)

    def test_zero_contribution_raises(self):
        with pytest.raises(MethodInputError, match="zone_contribution is 0"):
            implied_parent_growth(0.3, 0.1, 0)

    def test_x_of_one_or_more_raises(self):
        # x = 1 × 1/2 / 0.5 = 1: no finite city growth fits.
        with pytest.raises(MethodInputError, match="1 or more"):
            implied_parent_growth(1.0, 1.0, 0.5)

    def test_share_above_one_raises(self):
        with pytest.raises(MethodInputError, match="above 1"):
            implied_parent_growth(30, 0.1, 0.5)

    def test_zone_growth_minus_one_raises(self):
        with pytest.raises(MethodInputError, match="above -1"):
            implied_parent_growth(0.3, -1.0, 0.5)

    def test_zero_zone_growth_with_a_contribution_raises(self):
        with pytest.raises(MethodInputError, match="inconsistent"):
            implied_parent_growth(0.3, 0.0, 0.5)


class TestImpliedParentGrowthPrevShare:
    def test_share_times_growth_over_contribution(self):
        assert implied_parent_growth_prev_share(0.3, 0.1, 0.5) == pytest.approx(0.06)

    def test_recovers_city_growth_of_a_two_part_city(self):
        contribution = (ZONE_NOW - ZONE_PREV) / (CITY_NOW - CITY_PREV)
        share_prev = ZONE_PREV / CITY_PREV
        assert implied_parent_growth_prev_share(share_prev, 0.10, contribution) == pytest.approx(0.051)

    @given(st.floats(min_value=0.01, max_value=1.0, allow_nan=False), nonzero_rates, nonzero_rates)
    def test_inverts_form_a(self, share, g_zone, g_city):
        contribution = share * g_zone / g_city
        assert implied_parent_growth_prev_share(share, g_zone, contribution) == pytest.approx(g_city, rel=1e-9)

    def test_zero_contribution_raises(self):
        with pytest.raises(MethodInputError, match="zone_contribution is 0"):
            implied_parent_growth_prev_share(0.3, 0.1, 0.0)

    def test_negative_share_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            implied_parent_growth_prev_share(-0.3, 0.1, 0.5)


class TestImpliedZoneShareCurrent:
    def test_recovers_the_zone_share_of_a_two_part_city(self):
        contribution = (ZONE_NOW - ZONE_PREV) / (CITY_NOW - CITY_PREV)
        assert implied_zone_share_current(0.10, contribution, 0.051) == pytest.approx(ZONE_NOW / CITY_NOW)

    @given(st.floats(min_value=0.01, max_value=1.0, allow_nan=False), nonzero_rates, nonzero_rates)
    def test_round_trip_with_implied_parent_growth(self, share, g_zone, g_city):
        contribution = (share * g_zone / (1 + g_zone)) / (g_city / (1 + g_city))
        assert implied_zone_share_current(g_zone, contribution, g_city) == pytest.approx(share, rel=1e-9)

    def test_zero_zone_growth_raises(self):
        with pytest.raises(MethodInputError, match="zone_growth is 0"):
            implied_zone_share_current(0.0, 0.5, 0.05)

    def test_zero_city_growth_raises(self):
        with pytest.raises(MethodInputError, match="parent_growth is 0"):
            implied_zone_share_current(0.1, 0.5, 0.0)

    def test_city_growth_minus_one_raises(self):
        with pytest.raises(MethodInputError, match="above -1"):
            implied_zone_share_current(0.1, 0.5, -1.0)


class TestImpliedParentLevel:
    def test_zone_level_over_share(self):
        assert implied_parent_level(33, 0.3) == pytest.approx(110.0)

    def test_zero_share_raises(self):
        with pytest.raises(MethodInputError, match="zone_share is 0"):
            implied_parent_level(33, 0)

    def test_share_in_percent_raises(self):
        with pytest.raises(MethodInputError, match="above 1"):
            implied_parent_level(33, 30)


class TestCrossCheck:
    def test_within_tolerance_agrees(self):
        check = cross_check("city growth", 0.051, 0.05, 0.002, unit="fraction")
        assert check.status == "agrees"
        assert check.difference == pytest.approx(0.001)
        assert check.unit == "fraction"
        assert check.reason is None

    def test_beyond_tolerance_disagrees(self):
        check = cross_check("city growth", 0.06, 0.05, 0.002, unit="fraction")
        assert check.status == "disagrees"
        assert check.difference == pytest.approx(0.01)

    def test_difference_exactly_at_tolerance_agrees(self):
        # 0.3 − 0.2 is 0.09999999999999998 in binary; 0.7 − 0.6 is 0.09999999999999998 or above.
        assert cross_check("x", 0.3, 0.2, 0.1, unit="fraction").status == "agrees"
        assert cross_check("x", 0.7, 0.6, 0.1, unit="fraction").status == "agrees"

    @given(
        st.floats(min_value=-100, max_value=100, allow_nan=False),
        st.floats(min_value=0.001, max_value=10, allow_nan=False),
        st.floats(min_value=0.0, max_value=0.99, allow_nan=False),
        st.floats(min_value=1.01, max_value=10, allow_nan=False),
        st.sampled_from([-1, 1]),
    )
    def test_flips_from_agrees_to_disagrees_when_perturbed_beyond_tolerance(
        self, published, tolerance, inside, outside, sign
    ):
        near = published + sign * inside * tolerance
        far = published + sign * outside * tolerance
        assert cross_check("x", published, near, tolerance, unit="u").status == "agrees"
        assert cross_check("x", published, far, tolerance, unit="u").status == "disagrees"

    @pytest.mark.parametrize(
        ("published", "implied", "reason"),
        [
            (None, 0.05, "published value missing"),
            (0.05, math.nan, "implied value missing"),
            (math.nan, None, "published and implied values missing"),
        ],
    )
    def test_missing_input_cannot_be_checked(self, published, implied, reason):
        check = cross_check("x", published, implied, 0.01, unit="fraction")
        assert check.status == "cannot_check"
        assert check.reason == reason
        assert check.difference is None

    def test_infinite_input_raises(self):
        with pytest.raises(MethodInputError, match="implied"):
            cross_check("x", 0.05, math.inf, 0.01, unit="fraction")

    def test_negative_tolerance_raises(self):
        with pytest.raises(MethodInputError, match="tolerance"):
            cross_check("x", 0.05, 0.05, -0.01, unit="fraction")


class TestPullsSumToGrowth:
    def test_exact_sum_holds(self):
        assert pulls_sum_to_growth([0.03, 0.02], 0.05)

    def test_gap_beyond_default_tolerance_fails(self):
        # Default tolerance 0.001 (0.1 percentage point); the gap here is 0.002.
        assert not pulls_sum_to_growth([0.03, 0.02], 0.052)

    def test_nan_pull_raises(self):
        with pytest.raises(MethodInputError, match="non-finite"):
            pulls_sum_to_growth([0.03, math.nan], 0.05)

    def test_empty_raises(self):
        with pytest.raises(MethodInputError, match="empty"):
            pulls_sum_to_growth([], 0.05)


class TestContributionsSumToOne:
    def test_rounding_within_tolerance_holds(self):
        assert contributions_sum_to_one([0.3335, 0.3335, 0.3335])

    def test_gap_beyond_tolerance_fails(self):
        assert not contributions_sum_to_one([0.5, 0.4])

    def test_percent_units_fail(self):
        assert not contributions_sum_to_one([43.5, 47.5, 9.0])

    def test_inf_raises(self):
        with pytest.raises(MethodInputError, match="non-finite"):
            contributions_sum_to_one([0.5, math.inf])
