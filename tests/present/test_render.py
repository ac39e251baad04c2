"""The report's front matter and sections, rendered in-process for both languages (no kernel):
every sentence template is filled, every chart draws without a missing glyph (warnings are
errors in this suite, see pyproject.toml), no element shows a 'nan', and a figure that is
missing never stands inside a sentence."""

from __future__ import annotations

import warnings

import pytest

from zonereport.dataset import load_dataset
from zonereport.sections import render_report

from ..conftest import DATA, FIXTURE


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def run_sections(ds, lang, zone="caetdz", period="2025H1"):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph in a chart is an error
        return render_report(ds, zone, period, lang)


def sentences(bundles) -> list[str]:
    return [b.data["text/plain"] for b in bundles if b.metadata["zonereport"]["kind"] in ("paragraph", "list")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_render_without_nan_and_with_figures(ds, lang):
    sink = run_sections(ds, lang)
    kinds = [b.metadata["zonereport"]["kind"] for b in sink]
    assert kinds.count("figure") >= 6 and kinds.count("table") >= 6
    for b in sink:
        for mime in ("text/html", "text/latex", "text/plain"):
            if mime in b.data:
                assert "nan" not in b.data[mime].replace("nanc", "").lower().split(), b.data[mime][:200]


def test_zh_text_is_chinese_and_en_text_has_no_chinese_sentences(ds):
    zh = " ".join(sentences(run_sections(ds, "zh")))
    assert "同比增长" in zh and "贡献率" in zh
    en = sentences(run_sections(ds, "en"))
    assert any("contribution share" in p for p in en)


@pytest.mark.parametrize("lang, missing", [("zh", "未公布"), ("en", "not published")])
@pytest.mark.parametrize("zone, period", [("caetdz", "2025H1"), ("caetdz", "2015H1"), ("harbor_hitech", "2024H1"),
                                          ("harbor_hitech", "2025")])
def test_a_missing_figure_is_never_pasted_into_a_sentence(ds, lang, missing, zone, period):
    """Bug: "grew not published in H1 2025", "贡献率为未公布"."""
    data = ds if zone == "caetdz" else load_dataset(FIXTURE)
    for sentence in sentences(run_sections(data, lang, zone, period)):
        assert missing not in sentence.lower().replace("has not been published", ""), sentence


def test_a_level_without_its_growth_gets_its_own_sentence(ds):
    """Bug: "produced a GDP of not published, up 6.1%" — each combination has its sentence."""
    import copy

    other = copy.deepcopy(ds)
    obs = other.observations
    other.observations = obs[~((obs["entity_id"] == "caetdz") & (obs["indicator_id"] == "gdp") & (obs["period"] == "2025H1"))]
    text = " ".join(sentences(run_sections(other, "en")))
    assert "the GDP of Changchun Automotive" in text and "its level for the period has not been published" in text
    assert "produced a GDP of" not in text


def test_no_heading_stands_empty(ds):
    """Bug: a heading ("Standing"/"总量地位") stood with nothing under it."""
    for data, zone, period in ((ds, "caetdz", "2025H1"), (ds, "caetdz", "2015H1"), (load_dataset(FIXTURE), "harbor_hitech", "2024H1")):
        for lang in ("zh", "en"):
            kinds = [b.metadata["zonereport"] for b in run_sections(data, lang, zone, period)]
            for here, after in zip(kinds, kinds[1:] + [{"kind": "end"}]):
                if here["kind"] == "heading" and here["level"] == 2:
                    assert after["kind"] != "heading" and after["kind"] != "end", (zone, period, lang, here["title"])


def test_an_earlier_period_with_little_data_still_renders(ds):
    """2015H1 has a GDP but no contribution, benchmarks or pipeline: each missing part says so."""
    text = " ".join(sentences(run_sections(ds, "en", period="2015H1")))
    assert "has been published" in text


def test_a_headline_from_a_low_grade_source_is_flagged_in_the_key_findings(ds):
    """The city's 2024 GDP comes only from a low-grade page: the key finding says so; the zone's
    2025 H1 headline (a news source) carries no such warning."""
    for lang, word in (("en", "low reliability"), ("zh", "可信度低")):
        said = sentences(run_sections(ds, lang, "changchun", "2024"))
        city = [s for s in said if "7632.19" in s or "763.219" in s]
        assert city and word in city[0]  # the key finding
        headline = said.index(city[1])  # the growth section's first sentence, then the warning
        assert word in said[headline + 1]
        zone = sentences(run_sections(ds, lang))
        assert not any(word in s for s in zone[:3])


def test_contributions_over_time_are_the_published_ones_where_every_period_has_them(ds):
    """XPCC publishes its sectors' contribution shares for 2013 and 2018: the over-time sentences
    use them (67.6% tertiary in 2018), not the approximations (68.7%)."""
    text = "\n".join(sentences(run_sections(ds, "en", "xpcc", "2018")))
    assert "to 67.6% in 2018 (published)" in text
    assert "68.7% in 2018 (derived)" not in text
