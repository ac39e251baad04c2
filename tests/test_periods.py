from __future__ import annotations

import pytest

from zonereport.errors import UsageError
from zonereport.periods import parse_period, period_sort_key


class TestParse:
    @pytest.mark.parametrize("code, kind", [("2024", "year"), ("2025H1", "half"), ("2024Q1", "quarter"),
                                            ("2020M05", "month"), ("2020M01-05", "months"),
                                            ("asof:2024-07-03", "asof"), ("undated", "undated")])
    def test_every_documented_format(self, code, kind):
        assert parse_period(code).kind == kind

    @pytest.mark.parametrize("code", ["2025H3", "2025Q5", "2025M13", "2025M05-03", "25H1", "2025-H1", ""])
    def test_malformed_periods_name_the_formats(self, code):
        with pytest.raises(UsageError, match="malformed|must come after"):
            parse_period(code)


class TestPreviousYear:
    def test_a_half_compares_with_the_same_half(self):
        assert parse_period("2025H1").previous_year().code == "2024H1"

    def test_cumulative_months_compare_with_the_same_months(self):
        assert parse_period("2020M01-05").previous_year().code == "2019M01-05"

    def test_undated_has_none(self):
        with pytest.raises(UsageError):
            parse_period("undated").previous_year()


class TestLabels:
    def test_chinese_and_english(self):
        p = parse_period("2025H1")
        assert p.label("zh") == "2025年上半年" and p.label("en") == "H1 2025"
        assert parse_period("2024Q1").label("zh") == "2024年第一季度"
        assert parse_period("2017M01-09").label("en") == "Jan–Sep 2017"

    def test_years_between_same_kind_periods(self):
        assert parse_period("2025H1").years_since(parse_period("2015H1")) == 10
        with pytest.raises(UsageError):
            parse_period("2025H1").years_since(parse_period("2015"))


def test_sort_is_chronological():
    codes = ["2025H1", "2024", "2024Q1", "asof:2024-05-03", "2015H1", "undated", "2024H2"]
    assert sorted(codes, key=period_sort_key) == ["2015H1", "2024", "2024Q1", "asof:2024-05-03", "2024H2", "2025H1", "undated"]
