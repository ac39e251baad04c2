"""Every quote in data/ is text of its source, and the source texts are in the repository.

Runs on any clone with nothing beside it: the texts are ``data/sources/`` (see
``tests/data/provenance.py`` for the format and the one normalisation, whitespace). Nothing here
is skipped.
"""

from __future__ import annotations

import re

import pytest

from .provenance import (
    ARTICLE,
    DATA,
    SOURCES_DIR,
    TEXT_HEADING,
    check_quotes,
    normalise,
    read_csv,
    source_text,
)

# context.md's grade tags, as the source files repeat them in their context.md rows, and the grade
# each one means under the rules in data/README.md.
TAG_GRADE = [
    (re.compile(r"\[(?:wire repost|3rd[^\]]*)\]"), "third_party"),
    (re.compile(r"\[low[^\]]*\]"), "low"),
    (re.compile(r"\[(?:official|official media|official copy)\]"), "official"),
    (re.compile(r"\[(?:wire|company)\]"), "wire"),
]


@pytest.fixture(scope="module")
def sources():
    return read_csv(DATA / "sources.csv")


@pytest.fixture(scope="module")
def texts(sources):
    return {s["source_id"]: source_text(s["source_id"]) for s in sources}


@pytest.fixture(scope="module")
def observations():
    return read_csv(DATA / "observations.csv")


@pytest.fixture(scope="module")
def entities():
    return read_csv(DATA / "entities.csv")


def test_every_source_has_exactly_one_text_and_every_text_a_source(sources):
    ids = {s["source_id"] for s in sources}
    files = {}
    for path in SOURCES_DIR.iterdir():
        if path.name == "README.md":
            continue
        assert path.suffix in (".txt", ".md"), f"unexpected file {path}"
        assert path.stem not in files, f"two texts for {path.stem}"
        files[path.stem] = path
    assert ids - set(files) == set(), f"sources without a text in data/sources/: {sorted(ids - set(files))}"
    assert set(files) - ids == set(), f"texts for sources not in sources.csv: {sorted(set(files) - ids)}"


def test_source_files_say_where_the_text_comes_from(sources):
    for s in sources:
        if s["source_id"] == "article":
            continue
        body = (SOURCES_DIR / f"{s['source_id']}.md").read_text(encoding="utf-8")
        head = body.split(TEXT_HEADING, 1)[0]
        assert "- taken from:" in head and "- retrieved:" in head, s["source_id"]
        assert f"- address: {s['address'] or '(none known)'}" in head, s["source_id"]
        assert source_text(s["source_id"]).strip(), f"{s['source_id']}: empty text"


def test_the_article_is_the_whole_feature():
    text = ARTICLE.read_text(encoding="utf-8")
    assert "向“新”求变" in text and "本报记者 华泰来" in text
    assert text.lstrip().startswith("长春，这座因汽车而兴的城市") and "汽开区红旗创新大厦。" in text


def test_every_observation_quote_is_text_of_its_source(observations, texts):
    assert observations
    assert check_quotes(observations, texts, "observations.csv") == []


def test_every_entity_quote_is_text_of_its_source(entities, texts):
    assert any(e["quote"] for e in entities)
    assert check_quotes(entities, texts, "entities.csv") == []


def test_the_quote_check_fails_on_an_altered_or_misplaced_quote(observations, texts):
    row = next(r for r in observations if r["source_id"] == "ccdrc_2015_08_03")
    assert check_quotes([row], texts, "t") == []
    one_char = dict(row, quote=row["quote"].replace("275.55", "275.56"))
    assert check_quotes([one_char], texts, "t")
    elsewhere = dict(row, source_id="jlgov_2020_07_30")
    assert check_quotes([elsewhere], texts, "t")
    unknown = dict(row, source_id="not_a_source")
    assert check_quotes([unknown], texts, "t")
    no_quote = dict(row, quote=" ")
    assert check_quotes([no_quote], texts, "t")


def test_only_the_text_section_counts(texts):
    """A quote matching the file's commentary (address, context.md listing) is not a quote."""
    body = (SOURCES_DIR / "ccdrc_2015_08_03.md").read_text(encoding="utf-8")
    commentary = "汽开区上半年经济平稳发展 (长春市发改委, 2015-08-03) [official]"
    assert commentary in body
    row = {"source_id": "ccdrc_2015_08_03", "quote": commentary}
    assert check_quotes([row], texts, "t")


def test_whitespace_is_the_only_normalisation(texts):
    quote = "The GDP\n  increased by\t17.3%"
    assert check_quotes([{"source_id": "ccgov_en_2021_04_27", "quote": quote}], texts, "t") == []
    assert check_quotes([{"source_id": "ccgov_en_2021_04_27", "quote": "The GDPincreased by 17.3%"}], texts, "t")
    fullwidth = "上半年，汽开区地区生产总值完成275.55亿元，同比增长6.3%"
    assert check_quotes([{"source_id": "ccdrc_2015_08_03", "quote": fullwidth}], texts, "t")
    assert normalise(" a \t b\n") == "a b"


@pytest.mark.parametrize("quote", [
    '("长春市", "7632.19", "4.80", "908.51")',
    "('吉林市', '1633.20'), ('延边朝鲜族自治州', '1018.10')",
    "gdp_current_100m = 7632.19",
    "`7632.19`",
])
def test_no_quote_is_code(quote):
    texts = {"x": quote}
    assert check_quotes([{"source_id": "x", "quote": quote}], texts, "t"), quote


def test_grades_follow_the_tags_of_the_material(sources):
    """sources.csv grades agree with the context.md tags each source file reproduces."""
    checked = 0
    for s in sources:
        if s["source_id"] == "article":
            continue
        body = (SOURCES_DIR / f"{s['source_id']}.md").read_text(encoding="utf-8")
        listing = body.split("## Context", 1)[1]
        for pattern, grade in TAG_GRADE:
            if pattern.search(listing):
                assert s["grade"] == grade, f"{s['source_id']}: graded {s['grade']}, context.md tags it {pattern.search(listing).group()}"
                checked += 1
                break
    assert checked >= 40


def test_the_article_grade_is_what_its_text_supports(sources):
    article = next(s for s in sources if s["source_id"] == "article")
    text = ARTICLE.read_text(encoding="utf-8")
    # The text names no newspaper (only 本报, "this paper") and no date: not official media.
    assert "本报记者" in text and not re.search(r"日报|晚报|时报|新闻网", text)
    assert article["grade"] == "wire" and article["publisher"] == "not stated" and article["date"] == "not stated"
    assert "administration" not in article["note"] and "官方" not in article["note"]
