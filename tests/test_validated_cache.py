"""The validated data are remembered by the data files' hash and the code's: unchanged data load
from the user's cache; changed data, other code, a torn entry or invalid data are validated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zonereport.dataset import load_validated
from zonereport.errors import DataError

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("sources"))
    return copy


def _entries(data: Path) -> list[Path]:
    return sorted((data.parent / "cache" / "zonereport" / "validated").glob("*.pkl"))


def _change_gdp(data: Path, old: str, new: str) -> None:
    path = data / "observations.csv"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("caetdz,2025H1,,gdp,,"))
    assert f",{old}," in line
    path.write_text(text.replace(line, line.replace(f",{old},", f",{new},", 1)), encoding="utf-8")


def test_unchanged_data_come_from_the_cache_changed_data_are_validated(data):
    first, remembered = load_validated(data, "either", "code-1")
    assert not remembered and len(_entries(data)) == 1
    again, remembered = load_validated(data, "either", "code-1")
    assert remembered
    assert again.observations.equals(first.observations)

    _change_gdp(data, "598.8", "600.1")
    changed, remembered = load_validated(data, "either", "code-1")
    assert not remembered
    row = changed.observations[(changed.observations["entity_id"] == "caetdz")
                               & (changed.observations["period"] == "2025H1")
                               & (changed.observations["indicator_id"] == "gdp")]
    assert list(row["value"]) == [600.1]

    _, remembered = load_validated(data, "either", "code-2")  # other code: validated again
    assert not remembered


def test_a_torn_entry_is_validated_again(data):
    load_validated(data, "either", "code")
    (entry,) = _entries(data)
    entry.write_bytes(entry.read_bytes()[:100])
    ds, remembered = load_validated(data, "either", "code")
    assert not remembered and len(ds.observations) > 0
    _, remembered = load_validated(data, "either", "code")
    assert remembered  # rewritten whole


def test_invalid_data_are_never_remembered(data):
    _change_gdp(data, "598.8", "lots")
    for _ in range(2):
        with pytest.raises(DataError, match="observations"):
            load_validated(data, "either", "code")
    assert _entries(data) == []


def test_without_a_cache_directory_the_data_are_validated_each_time(data, monkeypatch):
    blocked = data.parent / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        ds, remembered = load_validated(data, "either", "code")
        assert not remembered and len(ds.observations) > 0
