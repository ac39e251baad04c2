"""Number formatting per language: units, qualifiers, missing values."""

from __future__ import annotations

import math

import pytest

from zonereport import fmt


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
    assert fmt.amount(value, unit, "zh", qualifier) == zh
    assert fmt.amount(value, unit, "en", qualifier) == en


def test_missing_reads_not_published_never_nan():
    assert fmt.amount(None, "亿元", "zh") == "未公布"
    assert fmt.amount(math.nan, "亿元", "en") == "not published"
    assert fmt.percent(math.nan, "zh") == "未公布"
    assert fmt.points(None, "en") == "not published"


def test_points_and_percent():
    assert fmt.points(0.88, "zh", 2) == "0.88个百分点"
    assert fmt.points(0.88, "en", 2) == "0.88 percentage points"
    assert fmt.percent(-4.5, "en") == "−4.5%"


def test_bare_amount_and_its_unit_agree():
    assert fmt.amount(598.8, "亿元", "en", bare=True) == "59.88"
    assert fmt.display_unit(598.8, "亿元", "en") == "billion yuan"
    assert fmt.amount(300, "个", "zh", "over", bare=True) == "300余"
