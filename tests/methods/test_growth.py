"""Tests for zonereport.methods.growth. Expected values are worked out by hand from the formulas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonereport.errors import MethodInputError
from zonereport.methods.growth import (
    average_growth_nominal,
    average_growth_real,
    from_percent,
    growth_from_index,
    growth_rate,
    to_percent,
)

rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False)


class TestToPercent:
    def test_fraction_becomes_percent(self):
        assert to_percent(0.055) == pytest.approx(5.5)

    def test_series_converted_element_wise_and_nan_kept(self):
        out = to_percent(pd.Series([0.1, np.nan], index=["a", "b"]))
        assert out["a"] == pytest.approx(10.0)
        assert math.isnan(out["b"])


class TestFromPercent:
    def test_percent_becomes_fraction(self):
        assert from_percent(9.6) == pytest.approx(0.096)

    @given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
    def test_round_trip_returns_the_input(self, p):
        assert to_percent(from_percent(p)) == pytest.approx(p, abs=1e-9)


class TestGrowthRate:
    def test_ratio_minus_one(self):
        assert growth_rate(105.5, 100) == pytest.approx(0.055)

    def test_fall_is_negative(self):
        assert growth_rate(90, 120) == pytest.approx(-0.25)

    def test_current_level_zero_is_minus_one(self):
        assert growth_rate(0, 50) == pytest.approx(-1.0)

    def test_zero_base_raises(self):
        with pytest.raises(MethodInputError, match="level_prev is 0"):
            growth_rate(10, 0)

    @pytest.mark.parametrize(("level_t", "level_prev"), [(-1, 10), (10, -1)])
    def test_negative_level_raises(self, level_t, level_prev):
        with pytest.raises(MethodInputError, match="negative"):
            growth_rate(level_t, level_prev)

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, None, "100"])
    def test_non_finite_or_missing_raises(self, bad):
        with pytest.raises(MethodInputError):
            growth_rate(bad, 100)
        with pytest.raises(MethodInputError):
            growth_rate(100, bad)


class TestGrowthFromIndex:
    def test_index_over_hundred_minus_one(self):
        assert growth_from_index(105.5) == pytest.approx(0.055)

    def test_index_below_hundred_is_a_fall(self):
        assert growth_from_index(97.0) == pytest.approx(-0.03)

    def test_negative_index_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            growth_from_index(-5)

    def test_nan_raises(self):
        with pytest.raises(MethodInputError):
            growth_from_index(math.nan)


class TestAverageGrowthReal:
    def test_two_rates_geometric_mean(self):
        expected = math.sqrt(1.1 * 1.2) - 1
        assert average_growth_real([0.1, 0.2]) == pytest.approx(expected)

    def test_falls_and_rises(self):
        # 0.8 × 1.25 = 1: back where it started, so zero average growth.
        assert average_growth_real([-0.2, 0.25]) == pytest.approx(0.0, abs=1e-12)

    def test_accepts_series_and_array(self):
        expected = (1.05 * 1.07 * 1.03) ** (1 / 3) - 1
        assert average_growth_real(pd.Series([0.05, 0.07, 0.03])) == pytest.approx(expected)
        assert average_growth_real(np.array([0.05, 0.07, 0.03])) == pytest.approx(expected)

    @given(rates, st.integers(min_value=1, max_value=30))
    def test_constant_rate_averages_to_itself(self, g, n):
        assert average_growth_real([g] * n) == pytest.approx(g, abs=1e-12)

    @given(st.lists(rates, min_size=1, max_size=10))
    def test_agrees_with_nominal_formula_on_the_chained_levels(self, yearly):
        # n counts the rates, not the years including the base: levels 0..n give n rates.
        levels = 100 * np.cumprod([1.0, *[1 + g for g in yearly]])
        expected = (levels[-1] / levels[0]) ** (1 / len(yearly)) - 1
        assert average_growth_real(yearly) == pytest.approx(expected, rel=1e-9, abs=1e-12)

    def test_empty_raises(self):
        with pytest.raises(MethodInputError, match="empty"):
            average_growth_real([])

    @pytest.mark.parametrize("bad", [-1.0, -1.5])
    def test_rate_at_or_below_minus_one_raises(self, bad):
        with pytest.raises(MethodInputError, match="-1"):
            average_growth_real([0.05, bad])

    @pytest.mark.parametrize("bad", [math.nan, math.inf, None])
    def test_non_finite_rate_raises(self, bad):
        with pytest.raises(MethodInputError, match="non-finite"):
            average_growth_real([0.05, bad])


class TestAverageGrowthNominal:
    def test_two_years_of_ten_percent(self):
        assert average_growth_nominal(100, 121, 2) == pytest.approx(0.10)

    def test_base_year_excluded_from_n(self):
        # 2020 → 2025 is five years: (2)^{1/5} − 1, not (2)^{1/6} − 1.
        assert average_growth_nominal(50, 100, 5) == pytest.approx(2 ** (1 / 5) - 1)

    @pytest.mark.parametrize("years", [0, -1, 2.5, True])
    def test_years_not_a_positive_whole_number_raises(self, years):
        with pytest.raises(MethodInputError, match="years"):
            average_growth_nominal(100, 121, years)

    def test_zero_start_raises(self):
        with pytest.raises(MethodInputError, match="level_start is 0"):
            average_growth_nominal(0, 121, 2)

    def test_negative_end_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            average_growth_nominal(100, -5, 2)

    def test_infinite_level_raises(self):
        with pytest.raises(MethodInputError):
            average_growth_nominal(100, math.inf, 2)
