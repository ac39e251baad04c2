"""What a researcher gets in JupyterLab: each notebook cell's result is numeric (a tidy DataFrame
of floats, no formatted strings, no localised column names) and displays as the report's block;
figure numbers follow the report spec, so re-running a cell keeps them."""

from __future__ import annotations

import pandas as pd
import pytest

from zonereport import spec
from zonereport.sections import open_section

from .conftest import DATA, ROOT

FORMATTED = r"^[−-]?\d[\d,.]*\s*(%|亿元|个百分点|percentage points|billion)"


def blocks():
    return [(part.id, block.id) for part in spec.sections() for block in part.blocks]


@pytest.fixture(scope="module")
def sections():
    return {lang: {p.id: open_section(p.id, zone="caetdz", period="2025H1", lang=lang, data_dir=DATA)
                   for p in spec.sections()} for lang in ("zh", "en")}


@pytest.mark.parametrize("part, block", blocks())
def test_each_cell_result_is_numeric_and_the_same_in_both_languages(sections, part, block):
    zh, en = sections["zh"][part][block], sections["en"][part][block]
    assert isinstance(zh.data, pd.DataFrame)
    pd.testing.assert_frame_equal(zh.data, en.data)  # no language in the numbers
    if "value" in zh.data.columns:
        assert zh.data["value"].dtype == float
    for column in zh.data.columns:
        if zh.data[column].dtype == object:
            texts = zh.data[column].dropna().astype(str)
            assert not texts.str.match(FORMATTED).any(), (column, list(texts[:3]))


def test_the_default_report_cells_hold_data(sections):
    growth = sections["en"]["growth"]
    assert growth["headline"].gdp.value == 598.8 and growth["headline"].data["value"].tolist() == [598.8, 5.5]
    b = growth["benchmarks"].data
    assert set(b["role"]) == {"subject", "parent"} and b["gap_pp"].dtype == float
    c = sections["en"]["contribution"]["headline"].data
    assert c.loc[c["indicator"] == "share_of_parent_gdp", "derived"].all()


def _numbers(result):
    return [b.metadata["zonereport"].get("number") for b in result._bundles
            if b.metadata["zonereport"]["kind"] in ("figure", "table")]


def test_re_running_a_cell_keeps_its_numbers():
    """Bug: re-running a cell renumbered its figures."""
    section = open_section("contribution", zone="caetdz", period="2025H1", lang="en", data_dir=DATA)
    first = _numbers(section["decomposition"])
    section["implied"]._ipython_display_()
    section["decomposition"]._ipython_display_()
    assert _numbers(section["decomposition"]) == first == ["2.1", "2.2"]
    assert _numbers(section["implied"]) == ["2.1"]  # tables count apart from figures


def test_numbers_follow_the_position_in_the_spec(monkeypatch):
    """Inserting a section renumbers everything after it; no number is typed anywhere."""
    extra = spec.Part("extra", "section", "growth.title", (), notebook="00_extra")
    monkeypatch.setattr(spec, "REPORT", (spec.REPORT[0], extra) + spec.REPORT[1:])
    assert spec.section_number("growth") == 2 and spec.notebooks()[0] == "00_extra"
    section = open_section("growth", zone="caetdz", period="2025H1", lang="en", data_dir=DATA)
    heading = section["headline"]._bundles[0].metadata["zonereport"]
    assert heading["number"] == 2 and _numbers(section["benchmarks"]) == ["2.1", "2.1"]


def test_notebooks_call_the_spec_blocks_in_order():
    import json

    for part in spec.sections():
        nb = json.loads((ROOT / "notebooks" / f"{part.notebook}.ipynb").read_text(encoding="utf-8"))
        code = "".join("".join(c["source"]) + "\n" for c in nb["cells"] if c["cell_type"] == "code")
        assert f'open_section("{part.id}"' in code
        positions = [code.index(f'section["{b.id}"]') for b in part.blocks]
        assert positions == sorted(positions), part.id
        assert nb["cells"][-1]["cell_type"] == "markdown" and "What the objects hold" in "".join(nb["cells"][-1]["source"])


def test_the_readme_example_runs(monkeypatch):
    """README, 'Explore in JupyterLab': the worked example computes something new from `.data`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("<!-- example:start -->", 1)[1].split("<!-- example:end -->", 1)[0]
    code = example.split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT / "notebooks")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    faster = namespace["faster"]
    assert isinstance(faster, pd.DataFrame) and faster["times_as_fast"].dtype == float
    assert faster.loc[faster["entity"] == "china", "times_as_fast"].iloc[0] == pytest.approx(5.5 / 5.3)
