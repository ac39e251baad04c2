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


class TestYears:
    def test_years_between_same_kind_periods(self):
        assert parse_period("2025H1").years_since(parse_period("2015H1")) == 10
        with pytest.raises(UsageError):
            parse_period("2025H1").years_since(parse_period("2015"))


def test_sort_is_by_end_then_length():
    """2025Q1 < 2025H1 < 2025M01-09 < 2025: the full year ends last, so it is the latest."""
    codes = ["2025", "2025M01-09", "2025H1", "2025Q1", "2024H2", "asof:2025-05-03", "2015H1", "undated", "2025Q2"]
    assert sorted(codes, key=period_sort_key) == [
        "2015H1", "2024H2", "2025Q1", "asof:2025-05-03", "2025Q2", "2025H1", "2025M01-09", "2025", "undated"]


def test_the_old_order_bug_is_gone():
    """Ordered by start, 2025H1 came after 2025 and 2025M01-09 before 2025Q1."""
    assert period_sort_key("2025H1") < period_sort_key("2025")
    assert period_sort_key("2025Q1") < period_sort_key("2025M01-09")


def test_malformed_period_names_the_forms_in_words():
    with pytest.raises(UsageError) as exc:
        parse_period("2025-H1")
    message = str(exc.value)
    assert "a half year (YYYYH1 or YYYYH2)" in message and "a quarter" in message and "^" not in message
