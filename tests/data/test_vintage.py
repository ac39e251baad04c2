"""as_of: the vintage of each figure, and look-ups that prefer the newest vintage."""

from __future__ import annotations

import copy
import re

import pytest

from zonereport.dataset import load_dataset

from .provenance import DATA, read_csv


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_as_of_is_recorded_wherever_the_source_dates_the_figure():
    sources = {s["source_id"]: s for s in read_csv(DATA / "sources.csv")}
    for n, row in enumerate(read_csv(DATA / "observations.csv"), start=2):
        where = f"observations.csv row {n} ({row['source_id']} {row['period']} {row['indicator_id']})"
        assert re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?)?", row["as_of"]), where
        if row["release_date"]:
            assert row["as_of"] == row["release_date"], where
        dated = sources[row["source_id"]]["date"] != "not stated" or row["source_id"] == "article"
        assert bool(row["as_of"]) == dated, f"{where}: as_of {row['as_of']!r}, source date {sources[row['source_id']]['date']!r}"
        if row["source_id"] == "article":
            assert row["as_of"] == "2025", where  # the article's 今年 is 2025 (2025年上半年, 今年7月)


def test_newest_vintage_first_then_grade(ds):
    rows = ds.find("china", "gdp", "2023")
    assert list(rows["source_id"]) == ["xinhua_people_2024_12_26", "xinhua_lwxsd_2023"]  # final before preliminary
    area = ds.find("caetdz", "area")
    assert list(area["source_id"]) == ["article", "hbzqbyyxgs_encyclopedia"]  # 2025 before an undated copy


def test_grade_breaks_ties_and_empty_is_oldest(ds):
    other = copy.deepcopy(ds)
    obs = other.observations
    mask = (obs["entity_id"] == "china") & (obs["indicator_id"] == "gdp") & (obs["period"] == "2023")
    obs.loc[mask, "as_of"] = "2024-12-26"
    assert list(other.find("china", "gdp", "2023")["grade"]) == ["wire", "third_party"]
    obs.loc[mask & (obs["source_id"] == "xinhua_people_2024_12_26"), "as_of"] = ""
    assert list(other.find("china", "gdp", "2023")["source_id"]) == ["xinhua_lwxsd_2023", "xinhua_people_2024_12_26"]
    obs.loc[mask & (obs["source_id"] == "xinhua_lwxsd_2023"), "as_of"] = "2024"
    obs.loc[mask & (obs["source_id"] == "xinhua_people_2024_12_26"), "as_of"] = "2024-12-26"
    assert list(other.find("china", "gdp", "2023")["source_id"])[0] == "xinhua_people_2024_12_26"
