"""A zone the code was not written for: the invented high-tech zone of tests/fixtures/harbor
(another country's province, no car industry, three periods). Its reports, built through the
real command line, say only what its data hold."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import pytest

from .conftest import FIXTURE, run_build

pytestmark = pytest.mark.slow

ZONE = "harbor_hitech"
PERIODS = ("2024H1", "2024", "2025H1", "2025")
FOREIGN = ["汽车", "一汽", "主机厂", "零部件", "长春", "吉林", "红旗", "FAW", "Changchun", "Jilin", "Hongqi",
           "automaker", "automotive", "vehicle", "car prices"]


class Blocks(HTMLParser):
    """Headings, plain paragraphs (sentences) and figures of a report, in order."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._tag = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") or (tag == "p" and not attrs.get("class")):
            self._tag, self._text = tag, ""
        elif tag == "figure":
            self.items.append(("figure", ""))
        elif tag == "a" and attrs.get("href", "").startswith("data:text/csv") and self.items and self.items[-1][0] == "figure":
            self.items[-1] = ("figure", base64.b64decode(attrs["href"].split(",", 1)[1]).decode("utf-8-sig"))
        elif tag == "div" and attrs.get("class") == "table":
            self.items.append(("table", ""))

    def handle_data(self, data):
        if self._tag:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._tag:
            self.items.append((tag, self._text.strip()))
            self._tag = None


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("harbor")
    proc = run_build("--data-dir", str(FIXTURE), "--zone", ZONE, "--period", "all", "--formats", "html",
                     "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = {}
    for period in PERIODS:
        for lang in ("zh", "en"):
            html = (out / ZONE / period / lang / "report.html").read_text(encoding="utf-8")
            parser = Blocks()
            parser.feed(html)
            found[period, lang] = (html, parser.items)
    return found


def test_every_period_is_built_and_listed_in_order():
    listed = run_build("--list", "--data-dir", str(FIXTURE))
    periods = [line.split()[1] for line in listed.stdout.splitlines() if line.startswith(ZONE)]
    assert periods == list(PERIODS)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_word_of_another_zone(reports, period, lang):
    html = re.sub(r'"data:[^"]*"', '""', reports[period, lang][0])  # images and CSV downloads are not text
    assert [w for w in FOREIGN if w in html] == []


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("lang, missing", [("zh", "未公布"), ("en", "not published")])
def test_no_missing_figure_inside_a_sentence_and_no_empty_heading_or_figure(reports, period, lang, missing):
    _, items = reports[period, lang]
    for kind, text in items:
        if kind == "p":
            assert missing not in text.lower().replace("has not been published", ""), text
        if kind == "figure":
            assert len(text.strip().splitlines()) >= 2, "a figure without data"
    for (kind, text), (after, _) in zip(items, items[1:] + [("end", "")]):
        if kind == "h3":
            assert after not in ("h2", "h3", "end"), f"empty heading {text!r}"


def test_the_parent_chain_comes_from_its_entities(reports):
    assert "与海港市、测试省和测试国比较" in reports["2025", "zh"][0]
    assert "Against Harbor City, Test Province and Testland" in reports["2025", "en"][0]
    assert "Contribution to Harbor City" in reports["2025", "en"][0]


def test_the_full_year_is_the_newest_period_and_alone_shows_the_undated_area(reports):
    assert "50 km²" in reports["2025", "en"][0] and "per km²" in reports["2025", "en"][0]
    for period in ("2024H1", "2024", "2025H1"):
        html = reports[period, "en"][0]
        text = html.split('id="appendix"')[0]  # the appendix lists every figure, the undated area too
        assert "50 km²" not in text and "published without a date" in text


def test_a_contradiction_is_flagged_and_a_fit_is_not(reports):
    assert "The published figures disagree" in reports["2025", "en"][0]
    assert "已公布数字相互矛盾" in reports["2025", "zh"][0]
    assert "The published figures disagree" not in reports["2025H1", "en"][0]


def test_sections_say_what_the_data_support(reports):
    html = reports["2025", "en"][0]
    assert "Moore structural change of the three sectors of Harbor City" in html
    assert "Shift-share of Harbor City against Testland" in html
    assert "Standing" not in html and "Firms" not in html  # no stated ranks, no firms in its data
    first = reports["2024H1", "en"][0]
    assert "No GDP growth rate for H1 2024 has been published for Harbor City, Test Province and Testland" in first
    assert re.search(r"No contribution share of HHTZ to the growth of Harbor City has been published for H1 2024", first)


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The fixture's city, 2025: five years of GDP, growth and three sectors."""
    out = tmp_path_factory.mktemp("harbor_city")
    proc = run_build("--data-dir", str(FIXTURE), "--zone", "harbor_city", "--period", "2025", "--formats", "html",
                     "--lang", "en", "--out", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return (out / "harbor_city" / "2025" / "en" / "report.html").read_text(encoding="utf-8")


def test_five_years_draw_a_trajectory_with_the_census_marked(city):
    assert "Harbor City: GDP (current prices) and real growth" in city
    assert "lowest in 2022 (−2.1%) and highest in 2021 (7.5%)" in city
    assert "crosses the national economic census of 2023" in city and "Dotted lines mark national economic censuses" in city
    assert "grew 3.7% a year on average over the same 4 years (real)" in city


def test_the_three_sector_table_and_its_identities(city):
    assert "Harbor City: the three sectors' contribution to GDP growth, 2025" in html.unescape(city)
    assert "The parts add up within the rounding of the published figures" in city


def test_contribution_over_time_and_structural_change(city):
    assert "Contribution shares over time" in city
    assert "The contribution share of the value added of the tertiary industry rose from 52.5% in 2021 to 61.2% in 2025" in city
    assert "the Moore structural change of the three sectors of Harbor City was 1.01 degrees" in city
    assert "Shift-share of Harbor City against Testland, 2021 to 2025" in city


def test_the_zones_contribution_share_over_time_says_whether_it_rose(reports):
    assert ("HHTZ's contribution share to Harbor City's growth fell from 18.0% in 2024 to 12.5% in 2025"
            in html.unescape(reports["2025", "en"][0]))


def test_the_city_report_shows_the_weight_of_its_zone(city):
    """HHTZ 2025: GDP 660.2 of the city's 4200.0 亿元 → 15.7% (derived); its published contribution share
    12.5% and growth 6.3% stand beside it."""
    text = html.unescape(city)
    assert "Areas within Harbor City, 2025" in text
    row = re.search(r"<tr>(?:(?!</tr>).)*HHTZ(?:(?!</tr>).)*</tr>", text, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells == ["HHTZ", "66.02 billion yuan", "6.3%", "15.7% (derived)", "12.5%"]
