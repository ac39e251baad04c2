"""Tests for zonereport.methods.structure.

Expected values are worked out by hand from the formulas (METHODS.md §5) or taken from the REAT
documentation (herf.eq: herf(c(20, 50, 20, 10)) = 0.34, equivalent number 2.941176).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonereport.errors import MethodInputError
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

REAT_HERF_EXAMPLE = [20, 50, 20, 10]

level_lists = st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=1, max_size=8).filter(
    lambda xs: sum(xs) > 1e-3
)
positive_level_lists = st.lists(st.floats(min_value=1.0, max_value=1e6, allow_nan=False), min_size=1, max_size=8)


def level_vectors(n: int) -> st.SearchStrategy[list[float]]:
    """n non-negative levels with a positive sum."""
    return st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=n, max_size=n).filter(
        lambda xs: sum(xs) > 1e-3
    )


def sectors(values: list[float]) -> pd.Series:
    return pd.Series(values, index=[f"s{i}" for i in range(len(values))], dtype=float)


class TestShares:
    def test_level_over_sum_keeps_labels(self):
        out = shares(pd.Series({"auto": 1.0, "other": 3.0}))
        assert out["auto"] == pytest.approx(0.25)
        assert out["other"] == pytest.approx(0.75)

    def test_negative_level_raises_naming_the_sector(self):
        with pytest.raises(MethodInputError, match="'other'"):
            shares(pd.Series({"auto": 1.0, "other": -3.0}))

    def test_all_zero_raises(self):
        with pytest.raises(MethodInputError, match="all zero"):
            shares(pd.Series({"auto": 0.0, "other": 0.0}))

    def test_nan_raises_naming_the_sector(self):
        with pytest.raises(MethodInputError, match="'auto'"):
            shares(pd.Series({"auto": np.nan, "other": 3.0}))

    def test_duplicate_label_raises(self):
        with pytest.raises(MethodInputError, match="twice"):
            shares(pd.Series([1.0, 2.0], index=["auto", "auto"]))

    def test_list_instead_of_series_raises(self):
        with pytest.raises(MethodInputError, match="Series"):
            shares([1.0, 2.0])  # type: ignore[arg-type]


class TestLocationQuotient:
    def test_regional_share_over_national_share(self):
        # (20/100) / (50/1000) = 0.2 / 0.05 = 4
        assert location_quotient(20, 100, 50, 1000) == pytest.approx(4.0)

    def test_sector_above_region_total_raises(self):
        with pytest.raises(MethodInputError, match="exceeds"):
            location_quotient(120, 100, 50, 1000)

    def test_zero_national_sector_raises(self):
        with pytest.raises(MethodInputError, match="e_i is 0"):
            location_quotient(0, 100, 0, 1000)

    def test_negative_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            location_quotient(-1, 100, 50, 1000)


class TestLocationQuotients:
    def test_each_sector_against_the_nation(self):
        region = pd.Series({"auto": 20.0, "other": 80.0})
        nation = pd.Series({"other": 950.0, "auto": 50.0})  # another order: aligned by label
        out = location_quotients(region, nation)
        assert list(out.index) == ["auto", "other"]
        assert out["auto"] == pytest.approx(0.2 / 0.05)
        assert out["other"] == pytest.approx(0.8 / 0.95)

    def test_given_totals_for_non_exhaustive_sectors(self):
        region, nation = pd.Series({"auto": 20.0}), pd.Series({"auto": 50.0})
        out = location_quotients(region, nation, region_total=100, nation_total=1000)
        assert out["auto"] == pytest.approx(4.0)

    def test_sectors_above_given_total_raise(self):
        with pytest.raises(MethodInputError, match="more than region_total"):
            location_quotients(
                pd.Series({"auto": 20.0, "b": 90.0}), pd.Series({"auto": 5.0, "b": 5.0}), region_total=100
            )

    def test_mismatched_indexes_raise(self):
        with pytest.raises(MethodInputError, match="different labels"):
            location_quotients(pd.Series({"auto": 20.0, "other": 80.0}), pd.Series({"auto": 50.0, "steel": 950.0}))

    def test_sector_absent_from_nation_raises(self):
        with pytest.raises(MethodInputError, match="'auto'"):
            location_quotients(pd.Series({"auto": 20.0, "other": 80.0}), pd.Series({"auto": 0.0, "other": 950.0}))


class TestHhi:
    def test_reat_documentation_example(self):
        # REAT herf.eq: herf(c(20, 50, 20, 10)) = 0.34
        assert hhi(REAT_HERF_EXAMPLE) == pytest.approx(0.34)

    def test_levels_and_shares_give_the_same_index(self):
        assert hhi(pd.Series([0.2, 0.5, 0.2, 0.1])) == pytest.approx(hhi(REAT_HERF_EXAMPLE))

    def test_equal_shares_give_one_over_n(self):
        assert hhi([5, 5, 5, 5]) == pytest.approx(0.25)

    def test_single_unit_gives_one(self):
        assert hhi([7]) == pytest.approx(1.0)

    @given(level_lists)
    def test_between_one_over_n_and_one(self, xs):
        value = hhi(xs)
        assert 1 / len(xs) - 1e-12 <= value <= 1 + 1e-12

    def test_negative_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            hhi([20, -5])

    def test_all_zero_raises(self):
        with pytest.raises(MethodInputError, match="all zero"):
            hhi([0, 0])

    def test_nan_raises(self):
        with pytest.raises(MethodInputError, match="non-finite"):
            hhi([20, math.nan])


class TestHhiNormalised:
    def test_reat_example_by_hand(self):
        # (0.34 − 1/4) / (1 − 1/4) = 0.09 / 0.75 = 0.12
        assert hhi_normalised(REAT_HERF_EXAMPLE) == pytest.approx(0.12)

    def test_equal_shares_give_zero_and_monopoly_gives_one(self):
        assert hhi_normalised([1, 1, 1]) == pytest.approx(0.0, abs=1e-12)
        assert hhi_normalised([0, 9, 0]) == pytest.approx(1.0)

    @given(level_lists.filter(lambda xs: len(xs) >= 2))
    def test_between_zero_and_one(self, xs):
        assert -1e-12 <= hhi_normalised(xs) <= 1 + 1e-12

    def test_single_entry_raises(self):
        with pytest.raises(MethodInputError, match="at least two"):
            hhi_normalised([1.0])


class TestEquivalentNumber:
    def test_reat_documentation_example(self):
        # REAT herf.eq: equivalent number 2.941176 (= 1 / 0.34)
        assert equivalent_number(REAT_HERF_EXAMPLE) == pytest.approx(2.941176, abs=1e-6)

    def test_n_equal_units_give_n(self):
        assert equivalent_number([3, 3, 3, 3, 3]) == pytest.approx(5.0)


class TestShiftShare:
    def test_worked_example(self):
        # Nation: a 100 → 110 (r_a = 0.10), b 200 → 230 (r_b = 0.15), total 300 → 340 (r = 2/15).
        # Region: a 10 → 12 (r_aj = 0.20), b 20 → 19 (r_bj = −0.05).
        out = shift_share(
            pd.Series({"a": 10.0, "b": 20.0}),
            pd.Series({"a": 12.0, "b": 19.0}),
            pd.Series({"a": 100.0, "b": 200.0}),
            pd.Series({"a": 110.0, "b": 230.0}),
        )
        assert list(out.columns) == ["national_share", "industry_mix", "competitive", "total_change"]
        assert out.loc["a"].tolist() == pytest.approx([10 * 2 / 15, 10 * (0.10 - 2 / 15), 10 * (0.20 - 0.10), 2.0])
        assert out.loc["b"].tolist() == pytest.approx([20 * 2 / 15, 20 * (0.15 - 2 / 15), 20 * (-0.05 - 0.15), -1.0])

    @given(st.lists(st.tuples(*[st.floats(min_value=1.0, max_value=1e5, allow_nan=False)] * 4), min_size=1, max_size=6))
    def test_parts_sum_to_the_change_in_every_sector(self, rows):
        columns = list(zip(*rows, strict=True))
        base_region, end_region, base_nation, end_nation = (sectors(list(c)) for c in columns)
        out = shift_share(base_region, end_region, base_nation, end_nation)
        parts = out["national_share"] + out["industry_mix"] + out["competitive"]
        expected = end_region - base_region
        assert np.allclose(out["total_change"], expected)
        assert np.allclose(parts, expected, rtol=1e-9, atol=1e-6)

    def test_zero_regional_base_raises(self):
        with pytest.raises(MethodInputError, match="base_region is 0 for 'a'"):
            shift_share(
                pd.Series({"a": 0.0, "b": 20.0}),
                pd.Series({"a": 12.0, "b": 19.0}),
                pd.Series({"a": 100.0, "b": 200.0}),
                pd.Series({"a": 110.0, "b": 230.0}),
            )

    def test_zero_national_base_raises(self):
        with pytest.raises(MethodInputError, match="base_nation is 0 for 'b'"):
            shift_share(
                pd.Series({"a": 10.0, "b": 20.0}),
                pd.Series({"a": 12.0, "b": 19.0}),
                pd.Series({"a": 100.0, "b": 0.0}),
                pd.Series({"a": 110.0, "b": 230.0}),
            )

    def test_mismatched_indexes_raise(self):
        with pytest.raises(MethodInputError, match="end_nation"):
            shift_share(
                pd.Series({"a": 10.0, "b": 20.0}),
                pd.Series({"a": 12.0, "b": 19.0}),
                pd.Series({"a": 100.0, "b": 200.0}),
                pd.Series({"a": 110.0, "c": 230.0}),
            )

    def test_negative_level_raises(self):
        with pytest.raises(MethodInputError, match="negative"):
            shift_share(
                pd.Series({"a": 10.0}),
                pd.Series({"a": -12.0}),
                pd.Series({"a": 100.0}),
                pd.Series({"a": 110.0}),
            )


class TestKrugmanIndex:
    def test_sum_of_absolute_share_gaps(self):
        # |0.25 − 0.5| + |0.75 − 0.5| = 0.5
        assert krugman_index(pd.Series({"a": 1.0, "b": 3.0}), pd.Series({"a": 1.0, "b": 1.0})) == pytest.approx(0.5)

    def test_same_structure_gives_zero_and_disjoint_gives_two(self):
        assert krugman_index(pd.Series({"a": 2.0, "b": 6.0}), pd.Series({"a": 1.0, "b": 3.0})) == pytest.approx(0.0)
        assert krugman_index(pd.Series({"a": 5.0, "b": 0.0}), pd.Series({"a": 0.0, "b": 5.0})) == pytest.approx(2.0)

    def test_mismatched_indexes_raise(self):
        with pytest.raises(MethodInputError, match="different labels"):
            krugman_index(pd.Series({"a": 1.0, "b": 3.0}), pd.Series({"a": 1.0}))


class TestHooverIndex:
    def test_half_the_krugman_index(self):
        assert hoover_index(pd.Series({"a": 1.0, "b": 3.0}), pd.Series({"a": 1.0, "b": 1.0})) == pytest.approx(0.25)

    def test_nan_raises(self):
        with pytest.raises(MethodInputError, match="non-finite"):
            hoover_index(pd.Series({"a": np.nan, "b": 3.0}), pd.Series({"a": 1.0, "b": 1.0}))


class TestMooreAngle:
    def test_forty_five_degrees_by_hand(self):
        # cos θ = (1·1 + 0·1) / (1 · √2) = 1/√2, θ = 45°
        angle = moore_angle(pd.Series({"a": 1.0, "b": 0.0}), pd.Series({"a": 1.0, "b": 1.0}))
        assert isinstance(angle, MooreAngle)
        assert angle.cos_theta == pytest.approx(1 / math.sqrt(2))
        assert angle.degrees == pytest.approx(45.0)
        assert angle.radians == pytest.approx(math.pi / 4)

    def test_no_common_sector_gives_ninety_degrees(self):
        angle = moore_angle(pd.Series({"a": 1.0, "b": 0.0}), pd.Series({"a": 0.0, "b": 1.0}))
        assert angle.degrees == pytest.approx(90.0)

    @given(positive_level_lists, st.floats(min_value=1e-3, max_value=1e3, allow_nan=False))
    def test_zero_for_identical_and_proportional_structures(self, xs, factor):
        s0 = sectors(xs)
        assert moore_angle(s0, s0).degrees == pytest.approx(0.0, abs=1e-5)
        assert moore_angle(s0, s0 * factor).degrees == pytest.approx(0.0, abs=1e-5)

    def test_mismatched_indexes_raise(self):
        with pytest.raises(MethodInputError, match="different labels"):
            moore_angle(pd.Series({"a": 1.0, "b": 0.0}), pd.Series({"a": 1.0, "c": 1.0}))

    def test_all_zero_raises(self):
        with pytest.raises(MethodInputError, match="all zero"):
            moore_angle(pd.Series({"a": 0.0, "b": 0.0}), pd.Series({"a": 1.0, "b": 1.0}))


class TestNavStructuralChange:
    def test_half_the_sum_of_absolute_changes(self):
        # ½ (|0.2 − 0.5| + |0.8 − 0.5|) = 0.3
        s0, s1 = pd.Series({"a": 0.5, "b": 0.5}), pd.Series({"a": 0.2, "b": 0.8})
        assert nav_structural_change(s0, s1) == pytest.approx(0.3)

    @given(st.integers(min_value=1, max_value=8).flatmap(lambda n: st.tuples(level_vectors(n), level_vectors(n))))
    def test_between_zero_and_one(self, pair):
        xs, ys = pair
        s0, s1 = sectors(xs), sectors(ys)
        value = nav_structural_change(s0 / s0.sum(), s1 / s1.sum())
        assert -1e-12 <= value <= 1 + 1e-12

    def test_identical_structures_give_zero(self):
        s = pd.Series({"a": 0.3, "b": 0.7})
        assert nav_structural_change(s, s) == pytest.approx(0.0)

    def test_rounded_shares_within_tolerance_accepted(self):
        # Published one-decimal percentages may miss 100 by a tenth: 33.3 + 33.3 + 33.3 = 99.9.
        s0 = pd.Series({"a": 0.333, "b": 0.333, "c": 0.333})
        s1 = pd.Series({"a": 0.5, "b": 0.25, "c": 0.25})
        assert nav_structural_change(s0, s1) == pytest.approx(0.5 * (0.167 + 0.083 + 0.083))

    def test_shares_not_summing_to_one_raise(self):
        with pytest.raises(MethodInputError, match="sums to"):
            nav_structural_change(pd.Series({"a": 50.0, "b": 50.0}), pd.Series({"a": 0.2, "b": 0.8}))

    def test_mismatched_indexes_raise(self):
        with pytest.raises(MethodInputError, match="different labels"):
            nav_structural_change(pd.Series({"a": 0.5, "b": 0.5}), pd.Series({"a": 0.2, "c": 0.8}))
