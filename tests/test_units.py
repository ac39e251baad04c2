from __future__ import annotations

import pytest

from zonereport.errors import DataError
from zonereport.units import convert, to_base


class TestConvert:
    def test_money_between_source_units(self):
        assert convert(598.8, "亿元", "billion yuan") == pytest.approx(59.88)
        assert convert(66.0536, "trillion yuan", "亿元") == pytest.approx(660536)
        assert convert(552.87, "億元", "亿元") == 552.87

    def test_counts_and_people(self):
        assert convert(200, "万辆", "units") == 2_000_000
        assert to_base(908.51, "萬人") == (pytest.approx(9_085_100), "persons")

    def test_different_dimensions_are_refused(self):
        with pytest.raises(DataError, match="different dimensions"):
            convert(1, "亿元", "万辆")

    def test_unknown_count_units_keep_their_own_dimension(self):
        assert to_base(42, "个") == (42, "个")
