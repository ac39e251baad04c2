"""Each notebook's sequence of calls, run in-process for both languages (no kernel): every
sentence template is filled, every chart draws without a missing glyph (warnings are errors in
this suite, see pyproject.toml), and no element shows a 'nan'."""

from __future__ import annotations

import warnings

import pytest

from zonereport.analysis import contribution, growth, structure, summary
from zonereport.dataset import load_dataset
from zonereport.report import Report

from ..conftest import DATA


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def run_sections(ds, lang, zone="caetdz", period="2025H1"):
    sink: list = []

    def rep(section):
        return Report(section, zone=zone, period=period, lang=lang, dataset=ds, sink=sink)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph in a chart is an error
        summary.summary(rep(None))
        r = rep(1)
        growth.headline(r), growth.benchmarks(r), growth.history(r), growth.standing(r)
        r = rep(2)
        inp, d = contribution.headline(r)
        contribution.decomposition(r, inp, d), contribution.implied(r, inp, d), contribution.consistency(r, inp, d)
        r = rep(3)
        structure.industry_base(r), structure.auto_weight(r), structure.density(r)
        structure.pipeline(r), structure.faw_context(r), structure.sector_measures(r)
    return sink


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
    zh = " ".join(b.data["text/plain"] for b in run_sections(ds, "zh") if b.metadata["zonereport"]["kind"] == "paragraph")
    assert "同比增长" in zh and "贡献率" in zh
    en = [b.data["text/plain"] for b in run_sections(ds, "en") if b.metadata["zonereport"]["kind"] == "paragraph"]
    assert any("contribution share" in p for p in en)


def test_an_earlier_period_with_little_data_still_renders(ds):
    """2015H1 has a GDP but no contribution, benchmarks or pipeline: 'not published' paths."""
    sink = run_sections(ds, "en", period="2015H1")
    text = " ".join(b.data["text/plain"] for b in sink)
    assert "has been published" in text or "not published" in text
