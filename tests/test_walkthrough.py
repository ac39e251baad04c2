"""data/README.md's walk-throughs, step by step, with the rows the README shows: a copy of data/
gets them, `--list` shows the new report, and the report builds and says what the rows say."""

from __future__ import annotations

import re
import shutil

import pytest

from .conftest import DATA, run_build

pytestmark = pytest.mark.slow

README = (DATA / "README.md").read_text(encoding="utf-8")


def walkthrough(title: str) -> list[tuple[str, str]]:
    """(target file, text) of each fenced block of the walk-through, in order."""
    section = README.split(f"## Walk-through: {title}", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:csv|markdown) (\S+)\n(.*?)```", section, flags=re.S)
    return [(target, "\n".join(line[3:] if line.startswith("   ") else line for line in text.rstrip().splitlines()) + "\n")
            for target, text in blocks]


def follow(title: str, data) -> None:
    for target, text in walkthrough(title):
        path = data / target
        if target.endswith(".csv"):
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
        else:
            path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("title, zone, period, expected", [
    ("add a new period for this zone", "caetdz", "2025", ["1234.5亿元", "4.4%", "16.6%", "2025年"]),
    ("add a new zone", "example_zone", "2025H1", ["示例开发区", "88.8亿元", "7.2%", "示例市", "5.1%"]),
])
def test_the_walkthrough_builds(tmp_path, title, zone, period, expected):
    steps = walkthrough(title)
    assert len(steps) >= 3 and any(t == "observations.csv" for t, _ in steps)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    follow(title, data)
    listed = run_build("--list", "--data-dir", str(data))
    assert listed.returncode == 0, listed.stderr
    assert any(line.split()[:2] == [zone, period] for line in listed.stdout.splitlines()), listed.stdout
    out = tmp_path / "out"
    proc = run_build("--zone", zone, "--period", period, "--data-dir", str(data), "--out", str(out),
                     "--formats", "html", "--lang", "zh")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (out / zone / period / "zh" / "report.html").read_text(encoding="utf-8")
    for text in expected:
        assert text in html, text
    assert ">nan<" not in html.lower()


def test_the_new_full_year_is_the_newest_period_and_shows_the_undated_figures(tmp_path):
    """Bug: ordered by start, 2025H1 came after 2025, so the 2025 report dropped the zone's undated
    figures ("no share of the city's auto industry has been published")."""
    from zonereport.dataset import load_dataset
    from zonereport.facts import Scope

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    follow("add a new period for this zone", data)
    ds = load_dataset(data)
    assert Scope(ds, "caetdz", "2025").is_latest and not Scope(ds, "caetdz", "2025H1").is_latest
    assert Scope(ds, "caetdz", "2025").lookup("share_of_city_auto_output", period="undated", relative_to="changchun")
    assert Scope(ds, "caetdz", "2025H1").lookup("share_of_city_auto_output", period="undated", relative_to="changchun") is None
