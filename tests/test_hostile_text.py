"""Hostile text in the data shows literally everywhere and never runs or breaks the build.

The zone's short names (running text, chart labels), one observation's quote and note and one
source's title are set to markup, LaTeX specials, a ``\\input`` attempt, symbols, emoji and a
600-character unbreakable string. The report must build (zh + en, HTML + PDF), the HTML must show
the text escaped and run no script, the PDF must print it character for character, and the
charts must draw it without missing glyphs and without reading ``$…$`` as math.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from .builder.hostile import edit_csv
from .conftest import DATA, run_build
from .report_html import assert_only_the_report_script

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
INPUT = r"\input{../../secret}"
SPECIALS = "&%$#_{}"
SYMBOLS = "★✓→🚗"
SHORT_ZH = f"汽开区{SCRIPT}{SPECIALS}{INPUT}~^{SYMBOLS}"
SHORT_EN = f"CAETDZ{SCRIPT}{SPECIALS}{INPUT}~^{SYMBOLS}"
LONG = "Unbreakable" * 54 + "ABCDEF"  # 600 characters, no space, no hyphen
assert len(LONG) == 600 and " " not in LONG
HOSTILE_QUOTE_TAIL = f" {SCRIPT} & % $ # _ {{}} {INPUT} ~ ^ ★ ✓ → 🚗 {LONG}"
HOSTILE_NOTE = f"Note {SCRIPT} & % $ # _ {{}} {INPUT} ~ ^ ★ ✓ → 🚗 {LONG}"
SOURCE_TITLE_TAIL = f"{SCRIPT}&%$#_{{}}{INPUT}★🚗"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def make_hostile_data(target: Path) -> Path:
    data = target / "data"
    shutil.copytree(DATA, data)

    def entities(rows):
        zone = next(r for r in rows if r["entity_id"] == "caetdz")
        zone["short_zh"], zone["short_en"] = SHORT_ZH, SHORT_EN

    def observations(rows):
        row = next(r for r in rows if r["entity_id"] == "caetdz" and r["period"] == "2025H1"
                   and r["indicator_id"] == "gdp")
        row["quote"] += HOSTILE_QUOTE_TAIL
        row["note"] = HOSTILE_NOTE

    def sources(rows):
        row = next(r for r in rows if r["source_id"] == "article")
        row["title"] += SOURCE_TITLE_TAIL

    edit_csv(data / "entities.csv", entities)
    edit_csv(data / "observations.csv", observations)
    edit_csv(data / "sources.csv", sources)
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = make_hostile_data(root)
    out = root / "out"
    proc = run_build("--data-dir", str(data), "--out", str(out), "--jobs", "2")
    assert proc.returncode == 0, f"build failed ({proc.returncode})\nSTDOUT:\n{proc.stdout}\nSTDERR:\n{proc.stderr}"
    return {"data": data, "out": out, "proc": proc}


def report(hostile, lang: str, name: str) -> Path:
    return hostile["out"] / "caetdz" / "2025H1" / lang / name


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_hostile_data_are_valid_and_carry_the_text(tmp_path):
    from zonereport.dataset import load_dataset

    ds = load_dataset(make_hostile_data(tmp_path))
    assert ds.name("caetdz", "zh", short=True) == SHORT_ZH
    assert ds.name("caetdz", "en", short=True) == SHORT_EN
    assert ds.source("article")["title"].endswith(SOURCE_TITLE_TAIL)
    assert ds.observations["quote"].str.contains(LONG, regex=False).sum() == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_shows_the_text_escaped_and_has_no_script(hostile, lang):
    html = report(hostile, lang, "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_only_the_report_script(html)
    assert "alert(1)</script>" not in html
    assert INPUT in html  # backslash and braces need no escaping in HTML
    assert "&amp;%$#_{}" in html  # the short name's specials, in order
    assert LONG in html
    for symbol in SYMBOLS:
        assert symbol in html
    short = SHORT_ZH if lang == "zh" else SHORT_EN
    escaped = short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in html


def test_browser_runs_no_script_and_shows_the_text_literally(hostile):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (Debian package chromium): cannot load the HTML in a browser")
    page_url = report(hostile, "zh", "report.html").resolve().as_uri()
    dialogs, blocked, errors = [], [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()

            def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_url, wait_until="load")
            page.wait_for_timeout(300)
            text = page.evaluate("document.body.innerText")
            scripts = page.evaluate("document.querySelectorAll('script').length")
            title = page.title()
        finally:
            browser.close()
    assert dialogs == [], f"a script ran: {dialogs}"
    assert scripts == 1  # the report's own, checked byte for byte in the test above
    assert blocked == [] and errors == [], (blocked, errors)
    assert SCRIPT in text
    assert INPUT in text
    assert SHORT_ZH in text
    assert LONG in text
    assert "长春汽车经济技术开发区" in title


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_prints_the_text_literally(hostile, lang):
    text = compact(pdftotext(report(hostile, lang, "report.pdf")))
    short = SHORT_ZH if lang == "zh" else SHORT_EN
    for piece in (INPUT, SCRIPT, "&", "%", "$", "#", "_", "{}", "~", "^", "★", "✓", "→", "🚗"):
        assert piece in text, piece
    # The short name comes out whole in running text, character for character.
    assert compact(short) in text
    # The 600-character run wraps inside its table cell instead of running off the page.
    assert LONG in text
    if lang == "zh":
        assert "长春汽车经济技术开发区" in text and "汽开区" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_sets_symbols_and_emoji_in_symbola(hostile, lang):
    fonts = subprocess.run(["pdffonts", str(report(hostile, lang, "report.pdf"))], capture_output=True, text=True,
                           check=True).stdout
    assert "Symbola" in fonts, fonts


def test_pdf_footer_keeps_its_spaces(hostile):
    text = subprocess.run(["pdftotext", "-layout", str(report(hostile, "en", "report.pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page \d+ of \d+", text), "footer lost the space after the page number"


def test_build_and_notebooks_report_no_missing_glyph(hostile):
    log = hostile["proc"].stdout + hostile["proc"].stderr
    assert "missing from" not in log and "Missing character" not in log, log
    for lang in ("zh", "en"):
        for nb in sorted((hostile["out"] / "caetdz" / "2025H1" / lang / "executed").glob("*.ipynb")):
            text = nb.read_text(encoding="utf-8")
            assert "missing from font" not in text, f"{nb}: matplotlib drew a chart label without its glyphs"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_draw_the_short_name_without_missing_glyphs(hostile, lang):
    from zonereport import spec
    from zonereport.dataset import load_dataset
    from zonereport.locale import get_locale
    from zonereport.present import Writer
    from zonereport.sections import render, scope_for

    ds = load_dataset(hostile["data"])
    labels: list[str] = []
    original = Writer.figure

    def spy(self, fig, **kw):
        fig.canvas.draw()
        for ax in fig.axes:
            labels.extend(t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels())
        return original(self, fig, **kw)  # saves the PNG: glyph warnings would be raised here too

    Writer.figure = spy
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            results = render(spec.part("growth"), scope_for(ds, "caetdz", "2025H1"), get_locale(lang))
    finally:
        Writer.figure = original
    sink = [b for r in results.values() for b in r._bundles]
    short = SHORT_ZH if lang == "zh" else SHORT_EN
    assert short in labels, labels
    figures = [b for b in sink if b.metadata.get("zonereport", {}).get("kind") == "figure"]
    assert figures and short in figures[0].metadata["zonereport"]["alt"]
    assert "&lt;script&gt;" in figures[0].data["text/html"] and "<script" not in figures[0].data["text/html"]


def test_chart_text_is_never_parsed_as_math():
    import matplotlib

    from zonereport import charts

    charts.setup()
    assert matplotlib.rcParams["text.parse_math"] is False
    fig, ax = charts.new_figure()
    try:
        label = r"价格 $5$ 元 $\input{x}$ $x_1^2$"
        title = ax.set_title(label)
        xlabel = ax.set_xlabel("$5$")
        ax.barh(["$5$ " + SHORT_EN], [1.0])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.canvas.draw()  # as mathtext, \input would raise "Unknown symbol"
        assert title.get_text() == label and xlabel.get_text() == "$5$"
        assert not title.get_parse_math()
        renderer = fig.canvas.get_renderer()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["$5$ " + SHORT_EN]
        # With the dollars printed, "$5$" is wider than the math-typeset "5".
        plain = ax.text(0, 0, "$5$")
        math = ax.text(0, 0, "$5$", parse_math=True)
        fig.canvas.draw()
        assert plain.get_window_extent(renderer).width > math.get_window_extent(renderer).width * 1.5
    finally:
        charts.close(fig)
