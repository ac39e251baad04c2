"""Every number token of the article is mapped, in data/article_map.csv, to the observation it is
(value, unit, qualifier, period, entity, relative_to checked against observations.csv) or to a
reason from a short fixed list. The article is read from data/sources/article.txt; nothing is
skipped. See tests/data/provenance.py for the tokenizer.
"""

from __future__ import annotations

import copy

import pytest

from .provenance import (
    ARTICLE,
    ARTICLE_ID,
    ARTICLE_MAP,
    DATA,
    MAP_FIELDS,
    REASONS,
    check_article_map,
    read_csv,
    readme_view,
    render_map,
    token_value,
    tokens,
)

ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8")
MAP = read_csv(ARTICLE_MAP)
OBSERVATIONS = read_csv(DATA / "observations.csv")
ARTICLE_ROWS = [i for i, r in enumerate(OBSERVATIONS) if r["source_id"] == ARTICLE_ID]


def test_the_map_agrees_with_the_article_and_the_data():
    assert len(ARTICLE_ROWS) == 32
    assert check_article_map(ARTICLE_TEXT, MAP, OBSERVATIONS) == []


def test_the_map_has_one_row_per_token_and_only_fixed_reasons():
    assert len(MAP) == len(tokens(ARTICLE_TEXT)) == 77
    assert list(MAP[0]) == MAP_FIELDS
    assert {m["mapping"] for m in MAP} <= {"observation", *REASONS}
    assert sum(m["mapping"] == "observation" for m in MAP) == 32


def test_tokenizer():
    found = [t["token"] for t in tokens("连续三年位居第一位，6大主机厂，RAV4，超过200万辆，5000万元以上，零部件，开发区之首，1,622,279辆，十四五")]
    assert found == ["三", "一", "6", "RAV4", "200", "5000", "之首", "1,622,279", "十四五"]
    assert [t["token"] for t in tokens("七十余年，千亿元，二〇二五年，一百零五")] == ["七十", "千亿", "二〇二五", "一百零五"]
    assert token_value("598.8") == 598.8 and token_value("1,622,279") == 1622279
    assert token_value("五") == 5 and token_value("七十") == 70 and token_value("一百零五") == 105
    assert token_value("千亿") == 1e11 and token_value("32") == 32 and token_value("之首") == 1
    assert token_value("二〇二五") == 2025 and token_value("两") == 2
    assert token_value("RAV4") is None and token_value("十四五") is None
    occ = tokens("一汽，一汽")
    assert [(t["occurrence"], t["context"]) for t in occ] == [(1, "一汽，一汽"), (2, "一汽，一汽")]


def _mutate_field(row: dict[str, str], field: str) -> None:
    old = row[field]
    if field == "value":
        row[field] = str(float(old) + 1)
    elif field == "unit":
        row[field] = "元" if old == "万元" else "万元"
    elif field == "qualifier":
        row[field] = "over" if old == "exact" else "exact"
    elif field == "period":
        row[field] = "2019H2"
    elif field == "entity_id":
        row[field] = "jilin_province" if old == "changchun" else "changchun"
    elif field == "relative_to":
        row[field] = "" if old else "china"
    assert row[field] != old


MUTATIONS = ["value", "unit", "qualifier", "period", "entity_id", "relative_to", "delete", "relabel"]


@pytest.mark.parametrize("mutation", MUTATIONS)
@pytest.mark.parametrize("index", ARTICLE_ROWS, ids=lambda i: "/".join(
    (OBSERVATIONS[i]["entity_id"], OBSERVATIONS[i]["period"], OBSERVATIONS[i]["indicator_id"])))
def test_any_change_to_an_article_row_or_its_mapping_fails(index, mutation):
    observations = copy.deepcopy(OBSERVATIONS)
    map_rows = copy.deepcopy(MAP)
    row = observations[index]
    key = (row["entity_id"], row["period"], row["indicator_id"], row["relative_to"])
    targets = [m for m in map_rows if (m["entity_id"], m["period"], m["indicator_id"], m["relative_to"]) == key]
    assert targets, f"no map row targets {key}"
    if mutation == "delete":
        del observations[index]
    elif mutation == "relabel":
        for m in targets:
            m.update({f: "" for f in ("entity_id", "period", "indicator_id", "relative_to", "value", "unit", "qualifier")},
                     mapping="idiom", note="not needed")
    else:
        _mutate_field(row, mutation)
    assert check_article_map(ARTICLE_TEXT, map_rows, observations), f"{mutation} of {key} passed unnoticed"


@pytest.mark.parametrize("field", ["value", "unit", "qualifier", "period", "entity_id", "relative_to"])
def test_changing_the_map_side_fails_too(field):
    map_rows = copy.deepcopy(MAP)
    m = next(m for m in map_rows if m["mapping"] == "observation" and m["relative_to"])
    _mutate_field(m, field)
    assert check_article_map(ARTICLE_TEXT, map_rows, OBSERVATIONS)


def test_an_unmapped_token_fails():
    for i in (0, len(MAP) - 1, next(i for i, m in enumerate(MAP) if m["mapping"] == "threshold")):
        map_rows = MAP[:i] + MAP[i + 1:]
        problems = check_article_map(ARTICLE_TEXT, map_rows, OBSERVATIONS)
        assert any("is not in article_map.csv" in p for p in problems), i


def test_a_new_number_in_the_article_fails():
    text = ARTICLE_TEXT.replace("召开专题调度会37次", "召开专题调度会37次、座谈会12次")
    problems = check_article_map(text, MAP, OBSERVATIONS)
    assert any("'12'" in p for p in problems)


def test_a_token_mapped_to_a_row_whose_quote_does_not_hold_it_fails():
    observations = copy.deepcopy(OBSERVATIONS)
    gdp = next(r for r in observations if r["source_id"] == ARTICLE_ID and r["indicator_id"] == "gdp")
    gdp["quote"] = "数据是最有力的注脚。"
    assert any("does not stand in the row's quote" in p for p in check_article_map(ARTICLE_TEXT, MAP, observations))


def test_a_reason_must_fit_the_text():
    map_rows = copy.deepcopy(MAP)
    m = next(m for m in map_rows if m["mapping"] == "name" and m["token"] == "一")
    m["mapping"] = "date"
    assert check_article_map(ARTICLE_TEXT, map_rows, OBSERVATIONS)
    map_rows = copy.deepcopy(MAP)
    m = next(m for m in map_rows if m["mapping"] == "date" and m["token"] == "5")
    m["mapping"] = "bored"
    assert check_article_map(ARTICLE_TEXT, map_rows, OBSERVATIONS)
    map_rows = copy.deepcopy(MAP)
    m = next(m for m in map_rows if m["mapping"] == "idiom")
    m["quote"] = m["quote"][1:]
    assert check_article_map(ARTICLE_TEXT, map_rows, OBSERVATIONS)


def test_the_readme_view_is_generated_from_the_map():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    view = readme_view(readme)
    assert view is not None, "data/README.md lacks the article-map markers"
    assert view == render_map(MAP), "data/README.md's table is stale: regenerate it with provenance.render_map"
    assert "article_map.csv" in readme
