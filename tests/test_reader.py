"""The report as its readers use it, in Debian's Chromium with the network blocked: axe-core finds
no serious or critical violation (light and dark), a chart's bar tells its value on hover and on
keyboard focus, a table sorts on a header click and filters, the language link opens the other
edition, a 360 px phone never scrolls sideways, and print hides the navigation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .test_browser import LAUNCH_ARGS, OfflinePage

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("chromium not found (Debian package chromium)", allow_module_level=True)

OTHER = {"zh": "en", "en": "zh"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def report_path(built: Path, lang: str) -> Path:
    return built / "caetdz" / "2025H1" / lang / "report.html"


def open_report(browser, built, lang, **context):
    page = OfflinePage(browser, report_path(built, lang))
    if context:  # a new context with the options (viewport, colour scheme), same offline rules
        page.close()
        page = _OfflinePageWith(browser, report_path(built, lang), context)
    return page


class _OfflinePageWith(OfflinePage):
    def __init__(self, browser, path: Path, context: dict):
        self.blocked, self.failed, self.errors, self.dialogs = [], [], [], []
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **context})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")


def serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if isinstance(n["target"][0], str)
                                                                     else str(n["target"]) for n in v["nodes"][:5])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_or_critical_violation(built, browser, lang, scheme):
    rp = open_report(browser, built, lang, color_scheme=scheme)
    try:
        results = axe_sync.Axe().run(rp.page)
        assert serious(results) == []
        assert rp.problems() == []
    finally:
        rp.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hovering_or_focusing_a_bar_shows_its_value_unit_and_source(built, browser, lang):
    rp = open_report(browser, built, lang)
    page = rp.page
    try:
        marks = page.locator("figure svg .mark")
        assert marks.count() >= 10
        tooltip = page.locator("#zr-tip")
        assert tooltip.is_hidden()
        first = marks.first
        tip = first.get_attribute("data-tip")
        # the first chart compares the zone's growth with its parents': the tip names a value and a source
        value = re.search(r"\d+(\.\d+)?%", tip)
        assert value, tip
        assert ("来源" if lang == "zh" else "Source") in tip
        first.hover()
        tooltip.wait_for(state="visible", timeout=3000)
        assert tooltip.inner_text() == tip
        box, mark_box = tooltip.bounding_box(), first.bounding_box()
        assert box["y"] >= mark_box["y"]  # shown at the bar, not somewhere else on the page
        page.mouse.move(0, 0)
        tooltip.wait_for(state="hidden", timeout=3000)
        second = marks.nth(1)
        second.focus()  # keyboard users get the same
        tooltip.wait_for(state="visible", timeout=3000)
        assert tooltip.inner_text() == second.get_attribute("data-tip")
        assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "zr-tip"
        # the value shown is the value drawn: the chart's own label next to the bar says the same
        labels = page.evaluate("""m => Array.from(m.closest('svg').querySelectorAll('text')).map(t => t.textContent)""",
                               second.element_handle())
        shown = re.search(r"\d+(\.\d+)?%", second.get_attribute("data-tip")).group(0)
        assert shown in labels, (shown, labels)
        page.keyboard.press("Escape")
        tooltip.wait_for(state="hidden", timeout=3000)
        assert rp.problems() == []
    finally:
        rp.close()


def _column(page, table_id: str, index: int) -> list[str]:
    return page.evaluate("""([id, i]) => Array.from(document.getElementById(id).querySelectorAll('tbody tr'))
                              .filter(r => !r.hidden).map(r => r.cells[i].textContent.trim())""", [table_id, index])


def _number(text: str) -> float | None:
    m = re.search(r"[-+−]?\d+(\.\d+)?", text.replace(",", ""))
    return float(m.group(0).replace("−", "-")) if m else None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_table_sorts_on_a_header_click_numbers_by_value(built, browser, lang):
    rp = open_report(browser, built, lang)
    page = rp.page
    try:
        # the first table with a numeric column and at least three numbers in it
        target = page.evaluate("""() => { for (const box of document.querySelectorAll('div.table[id]')) {
              const ths = Array.from(box.querySelectorAll('thead th'));
              const i = ths.findIndex(th => th.classList.contains('num'));
              if (i < 0) continue;
              const n = Array.from(box.querySelectorAll('tbody tr')).filter(r => /\\d/.test(r.cells[i].textContent)).length;
              if (n >= 3) return [box.id, i]; } return null; }""")
        assert target, "no table with a numeric column to sort"
        table_id, index = target
        before = _column(page, table_id, index)
        header = page.locator(f"#{table_id} thead th").nth(index)
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "ascending"
        up = _column(page, table_id, index)
        numbers = [_number(v) for v in up if _number(v) is not None]
        assert numbers == sorted(numbers) and len(numbers) >= 3, up
        assert up[len(numbers):] == [v for v in up if _number(v) is None]  # "not published" last
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "descending"
        down = [_number(v) for v in _column(page, table_id, index) if _number(v) is not None]
        assert down == sorted(numbers, reverse=True)
        assert sorted(up) == sorted(before)  # rows moved, none lost
        # a text column sorts too
        first = page.locator(f"#{table_id} thead th").nth(0)
        texts = _column(page, table_id, 0)
        first.locator("button").click()
        expected = page.evaluate("([c, l]) => c.slice().sort((a, b) => a.localeCompare(b, l))", [texts, HTML_LANG[lang]])
        assert _column(page, table_id, 0) == expected
        assert first.get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
        assert rp.problems() == []
    finally:
        rp.close()


def test_a_long_table_filters_its_rows(built, browser):
    rp = open_report(browser, built, "en")
    page = rp.page
    try:
        boxes = page.locator("div.table:has(p.table-filter)")
        assert boxes.count() >= 1
        box = boxes.first
        rows = box.locator("tbody tr")
        total = rows.count()
        assert total > 8
        word = box.locator("tbody tr td").first.inner_text().strip().split()[0]
        box.locator("input[type=search]").fill(word)
        visible = page.evaluate("b => Array.from(b.querySelectorAll('tbody tr')).filter(r => !r.hidden)"
                                ".map(r => r.textContent)", box.element_handle())
        assert 1 <= len(visible) < total and all(word.lower() in v.lower() for v in visible)
        box.locator("input[type=search]").fill("")
        assert page.evaluate("b => b.querySelectorAll('tbody tr:not([hidden])').length", box.element_handle()) == total
        label = page.evaluate("b => b.querySelector('label').textContent", box.element_handle())
        assert label.strip()
    finally:
        rp.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_language_link_opens_the_other_edition(built, browser, lang):
    rp = open_report(browser, built, lang)
    page = rp.page
    try:
        other = OTHER[lang]
        link = page.locator(f'header.title-page a[hreflang="{HTML_LANG[other]}"]')
        assert link.count() == 1
        assert link.get_attribute("href") == f"../{other}/report.html"  # relative: works offline, moves with the tree
        assert link.get_attribute("lang") == HTML_LANG[other]
        link.click()
        page.wait_for_load_state("load")
        assert page.url == report_path(built, other).resolve().as_uri()
        assert page.evaluate("document.documentElement.lang") == HTML_LANG[other]
        back = page.locator(f'header.title-page a[hreflang="{HTML_LANG[lang]}"]')
        assert back.get_attribute("href") == f"../{lang}/report.html"
        assert rp.problems() == []
    finally:
        rp.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_never_scrolls_the_body_sideways(built, browser, lang, tmp_path):
    rp = open_report(browser, built, lang, viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = rp.page
    try:
        widths = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                                          view: document.documentElement.clientWidth})""")
        assert widths["doc"] <= widths["view"] and widths["body"] <= widths["view"], widths
        # the contents is compact (sections only) and every chart fits the screen
        assert page.locator("nav.toc ol ol").first.is_hidden()
        for w in page.evaluate("Array.from(document.querySelectorAll('figure svg')).map(s => s.getBoundingClientRect().right)"):
            assert w <= 360, w
        shot = tmp_path / f"phone-{lang}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
    finally:
        rp.close()


def test_wide_screens_keep_the_contents_in_view(built, browser):
    rp = open_report(browser, built, "zh", viewport={"width": 1440, "height": 900})
    page = rp.page
    try:
        page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
        box = page.locator("nav.toc").bounding_box()
        assert 0 <= box["y"] < 100 and box["height"] > 200, box
        main = page.locator("main.report").bounding_box()
        assert box["x"] + box["width"] <= main["x"] + 24  # beside the text, not over it
    finally:
        rp.close()


def test_dark_mode_changes_the_page_and_keeps_charts_on_light_paper(built, browser, tmp_path):
    rp = open_report(browser, built, "en", color_scheme="dark")
    page = rp.page
    try:
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        ink = page.evaluate("getComputedStyle(document.body).color")
        assert _luminance(bg) < 0.1 < 0.6 < _luminance(ink), (bg, ink)
        paper = page.evaluate("getComputedStyle(document.querySelector('.chart-frame')).backgroundColor")
        assert _luminance(paper) > 0.9  # the chart's dark ink stays legible
        page.locator("figure").first.scroll_into_view_if_needed()
        shot = tmp_path / "dark.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        rp.close()


def test_print_hides_navigation_and_breaks_before_sections(built, browser):
    rp = open_report(browser, built, "zh")
    page = rp.page
    try:
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_hidden()
        assert page.locator("header.title-page .edition").is_hidden()
        assert page.evaluate("getComputedStyle(document.getElementById('sec-2')).breakBefore") == "page"
        pdf = page.pdf(format="A4")
        assert pdf[:5] == b"%PDF-"
    finally:
        rp.close()


def _luminance(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


# Rendered text in a language other than the edition's must be marked with its lang (original
# titles, quotes, glosses): the English edition has no Chinese, Japanese or Korean outside an
# element marked zh/ja/ko; the Chinese edition has no English word outside an element marked en.
# Not text for readers, so not scanned: code, addresses, formulas' symbols, the reproducibility
# record (package names, hashes), chart tooltips (each repeats a visible label and source line).
STRAY = """(edition) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el.closest('script, style, code, td.url, a[href^="http"], .formula, .record, svg title')) continue;
    const lang = (el.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
    const text = n.textContent;
    if (edition === 'en') {
      if (/^(zh|ja|ko)/.test(lang)) continue;
      for (const m of text.matchAll(/[\\u3400-\\u9fff\\uf900-\\ufaff\\u3040-\\u30ff\\uac00-\\ud7af]+/g))
        found.push(m[0] + ' in: ' + text.slice(Math.max(0, m.index - 30), m.index + 40));
    } else {
      if (lang.startsWith('en')) continue;
      for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9.'\\u2019\\-]*/g)) {
        const w = m[0];
        // a lower-case English word; names (Xinhua, Dunn), abbreviations (GDP) and host names may stand
        if (!/^[a-z]/.test(w) || w.includes('.') || (w.match(/[A-Za-z]/g) || []).length < 3 || w === 'zonereport'
            || /^(?=.*\\d)[0-9a-f]+$/.test(w)) continue;  // the data version (a hash) in the citation
        found.push(w + ' in: ' + text.slice(Math.max(0, m.index - 30), m.index + 40));
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_in_the_other_language_outside_marked_quotes_and_titles(built, browser, lang):
    rp = open_report(browser, built, lang)
    try:
        assert rp.page.evaluate(STRAY, lang) == []
        # and the marking is there: each edition quotes or titles something in the other language
        other = "en" if lang == "zh" else "zh"
        assert rp.page.locator(f"main [lang^={other}]").count() >= 3
    finally:
        rp.close()
