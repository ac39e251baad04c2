"""Every number in the source article is either a data row or a documented omission.

The article (``shared/sources/article.txt``) is the source of almost every zone figure. These
tests tie it to ``data/observations.csv`` and to the table "Every number in the article" in
``data/README.md``:

(i)   every number token in the article is covered, occurrence by occurrence, either by an
      article observation whose verbatim quote contains it and whose value equals it, or by a
      README row whose backticked snippet contains it;
(ii)  every article observation quotes the article verbatim and its value is written in its
      quote (Arabic digits, 万/亿 forms or Chinese numerals such as 六, 连续三年, 第一位);
(iii) every observation has a source_id and a quote;
(iv)  every data row the README table points to exists in observations.csv, and a README row
      that is a data row (third column starts with ``observations:``) matches that row.

Only the standard library is used, so the data package can be checked before anything else
is installed.
"""

from __future__ import annotations

import csv
import math
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ARTICLE_PATH = ROOT.parent / "shared" / "sources" / "article.txt"
README_SECTION = "## Every number in the article"
README_HEADER = "| number | where in the article | data row or reason left out |"

# Chinese numerals that stand for quantities (零 is left out: in this text it only occurs in 零部件).
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
CN_CHARS = "".join([*CN_DIGITS, *CN_UNITS, *CN_BIG])

# Fixed expressions taken as one token because the generic rule would cut them apart.
# The value is the number the expression stands for, or None for names and idioms.
FIXED = {
    "万人驻万企": None,  # campaign name
    "千方百计": None,  # idiom: by every means
    "三位一体": None,  # slogan: three-in-one
    "一对一": None,  # one-to-one service
    "一件事": None,  # reform programme 高效办成一件事
    "唯一": None,  # the only one
    "第一动力": None,  # slogan 中国第一动力
    "之首": 1,  # 稳居…之首: ranks first
}

ARABIC = r"(?<![A-Za-z0-9.])[A-Za-z]*\d+(?:\.\d+)?[A-Za-z0-9]*(?:万|亿)?"
# A run of Chinese numerals, with 第 or 连续 before it, 余 after it, and one following
# character for context (年, 位, 辆, 汽 …): 七十余年, 连续五年, 第一位, 千亿元, 一汽.
CHINESE = r"(?:连续|第)?[" + CN_CHARS + r"]+余?[\u4e00-\u9fff]?"
TOKEN = re.compile("|".join([*map(re.escape, FIXED), ARABIC, CHINESE]))


def parse_chinese(run: str) -> int | None:
    """Value of a run of Chinese numerals such as 七十, 五, 千亿 (None if not parseable)."""
    total, section, number = 0, 0, 0
    for ch in run:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (number or 1) * CN_UNITS[ch]
            number = 0
        elif ch in CN_BIG:
            section = (section + number) or 1
            total += section * CN_BIG[ch]
            section, number = 0, 0
        else:
            return None
    return total + section + number


def token_values(token: str) -> set[float]:
    """Numbers a token can stand for: 200万 → {200, 2000000}; 连续五年 → {5}; 千亿 → {1000, 1e11}."""
    if token in FIXED:
        return set() if FIXED[token] is None else {float(FIXED[token])}
    m = re.fullmatch(r"[A-Za-z]*(\d+(?:\.\d+)?)[A-Za-z0-9]*(万|亿)?", token)
    if m:
        if re.search(r"[A-Za-z]", token):  # model names such as RAV4
            return set()
        number = float(m.group(1))
        values = {number}
        if m.group(2):
            values.add(number * CN_BIG[m.group(2)])
        return values
    run = re.sub(r"^(连续|第)", "", token)
    run = "".join(ch for ch in run if ch in CN_CHARS)
    value = parse_chinese(run)
    if value is None:
        return set()
    values = {float(value)}
    if run and run[-1] in CN_BIG and len(run) > 1:  # 千亿 also reads as 1000 (亿)
        values.add(float(parse_chinese(run[:-1]) or 1))
    return values


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def spans(haystack: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), haystack)]


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE_PATH.exists():
        pytest.skip(f"article not found at {ARTICLE_PATH} (shared/ must sit beside the repository)")
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def observations() -> list[dict[str, str]]:
    with open(DATA / "observations.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def article_rows(observations) -> list[dict[str, str]]:
    return [row for row in observations if row["source_id"] == "article"]


@pytest.fixture(scope="module")
def readme_rows() -> list[dict[str, object]]:
    """Rows of the README table: token, snippets (backticked text in column 2), column 3."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert README_SECTION in text, f"data/README.md has no section {README_SECTION!r}"
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    assert lines and lines[0] == README_HEADER, f"the table header must be exactly {README_HEADER!r}"
    rows = []
    for number, line in enumerate(lines[2:], start=3):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == 3, f"README table line {number} does not have 3 columns: {line}"
        rows.append(
            {
                "line": line,
                "token": cells[0].strip("`"),
                "snippets": re.findall(r"`([^`]+)`", cells[1]),
                "target": cells[2],
            }
        )
    return rows


REF = re.compile(r"observations:\s*([a-z][a-z0-9_]*)\s*/\s*([^\s/|]+)\s*/\s*([a-z][a-z0-9_]*)")


def test_every_article_number_is_a_data_row_or_listed_in_readme(article, article_rows, readme_rows):
    covered: set[int] = set()
    article_tokens = tokens(article)
    for row in article_rows:
        value = float(row["value"])
        for start, end in spans(article, row["quote"]):
            for t_start, _t_end, token in article_tokens:
                if start <= t_start < end and any(same(value, v) for v in token_values(token)):
                    covered.add(t_start)
    for row in readme_rows:
        for snippet in row["snippets"]:
            for start, end in spans(article, snippet):
                for t_start, t_end, token in article_tokens:
                    if start <= t_start and t_end <= end and token == row["token"]:
                        covered.add(t_start)
    missing = [
        f"{token} at {start}: …{article[max(0, start - 8):start + len(token) + 8]}…".replace("\n", " ")
        for start, _end, token in article_tokens
        if start not in covered
    ]
    assert not missing, "numbers in the article with no data row and no README entry:\n" + "\n".join(missing)


def test_readme_snippets_are_verbatim_and_contain_their_token(article, readme_rows):
    problems = []
    for row in readme_rows:
        if not row["snippets"]:
            problems.append(f"no backticked snippet: {row['line']}")
        for snippet in row["snippets"]:
            if snippet not in article:
                problems.append(f"snippet not in the article: {snippet!r}")
            elif row["token"] not in [t for _s, _e, t in tokens(snippet)]:
                problems.append(f"token {row['token']!r} is not a number token of snippet {snippet!r}")
    assert not problems, "\n".join(problems)


def test_article_quotes_are_verbatim(article, article_rows):
    bad = [f"{r['entity_id']}/{r['period']}/{r['indicator_id']}: {r['quote'][:40]}" for r in article_rows if r["quote"] not in article]
    assert not bad, "article quotes not found verbatim in article.txt:\n" + "\n".join(bad)


def test_article_values_are_written_in_their_quotes(article_rows):
    assert article_rows, "observations.csv has no rows with source_id 'article'"
    bad = []
    for row in article_rows:
        value = float(row["value"])
        values = set().union(*[token_values(t) for _s, _e, t in tokens(row["quote"])])
        if not any(same(value, v) for v in values):
            bad.append(f"{row['entity_id']}/{row['period']}/{row['indicator_id']} = {row['value']} not in: {row['quote']}")
    assert not bad, "\n".join(bad)


def test_every_observation_has_source_and_quote(observations):
    bad = [
        f"observations.csv row {n}: {row.get('entity_id')}/{row.get('period')}/{row.get('indicator_id')}"
        for n, row in enumerate(observations, start=2)
        if not (row.get("source_id") or "").strip() or not (row.get("quote") or "").strip()
    ]
    assert not bad, "rows without source_id or quote:\n" + "\n".join(bad)


def test_readme_data_row_references_exist(observations, readme_rows):
    keys = {(r["entity_id"], r["period"], r["indicator_id"]) for r in observations}
    article_by_key: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for r in observations:
        if r["source_id"] == "article":
            article_by_key.setdefault((r["entity_id"], r["period"], r["indicator_id"]), []).append(r)
    problems = []
    for row in readme_rows:
        refs = REF.findall(row["target"])
        for ref in refs:
            if ref not in keys:
                problems.append(f"README points to a missing row {' / '.join(ref)} ({row['token']})")
        if row["target"].startswith("observations:"):
            ref = refs[0] if refs else None
            matches = article_by_key.get(ref, []) if ref else []
            if ref and ref in keys and not any(
                row["token"] in m["quote"] and any(same(float(m["value"]), v) for v in token_values(row["token"]))
                for m in matches
            ):
                problems.append(f"README row {row['token']!r} -> {' / '.join(ref)}: no article row with that value and quote")
        elif not row["target"].startswith("left out:"):
            problems.append(f"third column must start with 'observations:' or 'left out:': {row['line']}")
    assert not problems, "\n".join(problems)


def test_number_tokens_parse_as_expected():
    assert token_values("598.8亿") == {598.8, 598.8 * 10**8}
    assert token_values("32万") == {32.0, 320000.0}
    assert token_values("连续五年") == {5.0}
    assert token_values("连续三年") == {3.0}
    assert token_values("第一位") == {1.0}
    assert token_values("七十余年") == {70.0}
    assert token_values("千亿元") == {1000.0, 1e11}
    assert token_values("之首") == {1.0}
    assert token_values("RAV4") == set()
    assert [t for _s, _e, t in tokens("连续三年位居第一位，6大主机厂，RAV4")] == ["连续三年", "第一位", "6", "RAV4"]
