"""The locales: number, unit, qualifier and period formatting per language, and the registry."""

from __future__ import annotations

import math

import pytest

from zonereport.errors import UsageError
from zonereport.locale import LOCALES, get_locale

ZH, EN = get_locale("zh"), get_locale("en")


@pytest.mark.parametrize(
    "value, unit, qualifier, zh, en",
    [
        (598.8, "亿元", "exact", "598.8亿元", "59.88 billion yuan"),
        (200, "万辆", "more_than", "超过200万辆", "more than 2 million vehicles"),
        (400, "家", "over", "400余家", "over 400 firms"),
        (90, "%", "nearly", "近90%", "nearly 90%"),
        (252.11, "billion yuan", "exact", "2521.1亿元", "252.11 billion yuan"),
        (1622279, "units", "exact", "1622279辆", "1,622,279 vehicles"),
        (32, "万人", "exact", "32万人", "320 thousand people"),
        (1, "位", "exact", "1位", "1"),
    ],
)
def test_amount(value, unit, qualifier, zh, en):
    assert ZH.amount(value, unit, qualifier) == zh
    assert EN.amount(value, unit, qualifier) == en


def test_missing_reads_not_published_never_nan():
    assert ZH.amount(None, "亿元") == "未公布"
    assert EN.amount(math.nan, "亿元") == "not published"
    assert ZH.percent(math.nan) == "未公布"
    assert EN.points(None) == "not published"


def test_points_and_percent():
    assert ZH.points(0.88, 2) == "0.88个百分点"
    assert EN.points(0.88, 2) == "0.88 percentage points"
    assert EN.percent(-4.5) == "−4.5%"


def test_bare_amount_and_its_unit_agree():
    assert EN.amount(598.8, "亿元", bare=True) == "59.88"
    assert EN.display_unit(598.8, "亿元") == "billion yuan"
    assert ZH.amount(300, "个", "over", bare=True) == "300余"


class TestPeriods:
    def test_chinese_and_english_labels(self):
        assert ZH.period("2025H1") == "2025年上半年" and EN.period("2025H1") == "H1 2025"
        assert ZH.period("2024Q1") == "2024年第一季度"
        assert EN.period("2017M01-09") == "Jan–Sep 2017"
        assert ZH.period("undated") == "未注明时期"


class TestRegistry:
    def test_every_registered_locale_has_a_catalog_and_a_period_format(self):
        for code in LOCALES:
            loc = get_locale(code)
            assert loc.code == code and loc.t("common.not_published") and loc.period("2025")

    def test_an_unknown_language_is_one_clear_error(self):
        with pytest.raises(UsageError, match="'fr' is not available: choose from zh, en"):
            get_locale("fr")


def test_lists_read_naturally():
    assert EN.join_and(["Changchun", "Jilin Province"]) == "Changchun and Jilin Province"
    assert EN.join_and(["A", "B", "C"]) == "A, B and C"
    assert ZH.join_and(["甲", "乙"]) == "甲和乙"
    assert EN.join_and(["A"]) == "A"


def test_counts_read_with_their_noun_in_english_and_measure_word_in_chinese():
    from zonereport.facts import Fact

    f = Fact("z", "suppliers_count", "undated", 400, "家", "over", "not_stated", "s", "official", "q")
    assert ZH.count(f) == "400余家"
    assert EN.count(f) == "over 400"
    assert EN.fact(f) == "over 400 firms"
