"""The HTML report in a real browser (Chromium, offline): it loads with no error and no request
beyond file: and data:, every chart shows, the table of contents works, the language is right.
The reader's features (tooltips, sorting, language link, axe, phones, dark mode): test_reader.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("chromium not found (Debian package chromium, /usr/bin/chromium): browser tests need it",
                allow_module_level=True)

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
ZONE_ZH = "长春汽车经济技术开发区"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


class OfflinePage:
    """A page that may load only file: and data: URLs; it records everything that went wrong."""

    def __init__(self, browser, path: Path):
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def problems(self) -> list[str]:
        return ([f"blocked request: {u}" for u in self.blocked] + [f"failed request: {u}" for u in self.failed]
                + self.errors + [f"dialog: {d}" for d in self.dialogs])

    def close(self):
        self.context.close()


@pytest.fixture(params=["zh", "en"])
def report_page(request, built, browser):
    lang = request.param
    page = OfflinePage(browser, built / "caetdz" / "2025H1" / lang / "report.html")
    yield lang, page
    page.close()


def test_loads_offline_without_errors_or_requests(report_page):
    lang, rp = report_page
    rp.page.wait_for_timeout(300)
    assert rp.problems() == []
    assert rp.page.evaluate("document.querySelectorAll('script').length") == 1  # the report's own, inline
    assert rp.page.evaluate("document.querySelectorAll('script[src]').length") == 0


def test_language_and_text(report_page):
    lang, rp = report_page
    assert rp.page.evaluate("document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
    text = rp.page.evaluate("document.body.innerText")
    if lang == "zh":
        for phrase in (ZONE_ZH, "经济增长", "目录", "附录"):
            assert phrase in text, phrase
    else:
        for phrase in ("Changchun Automotive Economic and Technological Development Zone", "Growth", "Appendix"):
            assert phrase in text, phrase
    assert rp.page.title()


def test_every_chart_shows_and_has_a_text_alternative(report_page):
    lang, rp = report_page
    charts = rp.page.evaluate(
        """Array.from(document.querySelectorAll('figure svg')).map(s => { const r = s.getBoundingClientRect();
               return {width: r.width, height: r.height, label: (s.getAttribute('aria-label') || '').trim(),
                       texts: s.querySelectorAll('text').length}; })""")
    assert len(charts) >= 5, charts
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 60, chart
        assert chart["label"] and chart["texts"] > 3, chart
    assert rp.page.evaluate("document.images.length") == 0
    assert rp.problems() == []


def test_element_ids_are_unique(report_page):
    lang, rp = report_page
    duplicates = rp.page.evaluate(
        """(() => { const seen = {}; for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;
                   return Object.keys(seen).filter(k => seen[k] > 1); })()""")
    assert duplicates == []


def test_table_of_contents_links_land_on_their_sections(report_page):
    lang, rp = report_page
    page = rp.page
    hrefs = page.eval_on_selector_all("nav.toc a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 8, hrefs
    assert {"#sec-1", "#sec-2", "#sec-3", "#appendix"} <= set(hrefs)
    for i, href in enumerate(hrefs):
        assert href.startswith("#") and len(href) > 1, href
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("nav.toc a").nth(i).click()
        page.wait_for_function("h => location.hash === h", arg=href, timeout=5000)
        state = page.evaluate(
            """h => { const el = document.getElementById(decodeURIComponent(h.slice(1)));
                       if (!el) return null;
                       const root = document.scrollingElement;
                       return {top: el.getBoundingClientRect().top, tag: el.tagName, text: el.textContent,
                               bottom: window.scrollY + window.innerHeight >= root.scrollHeight - 2,
                               scrolled: window.scrollY}; }""", href)
        assert state is not None, f"{href}: no element with that id"
        assert page.evaluate("location.hash") == href
        assert state["tag"] in ("H2", "H3"), state
        label = page.locator("nav.toc a").nth(i).inner_text().strip()
        assert state["text"].strip() == label, (href, label, state["text"])
        if not state["bottom"]:
            assert -2 <= state["top"] <= 100, (href, state)  # sub-pixel rounding: -0.19 happens
        else:
            assert state["top"] >= -2 and state["scrolled"] > 0, (href, state)
    assert rp.problems() == []


def test_full_page_screenshot(report_page, tmp_path):
    lang, rp = report_page
    shot = tmp_path / f"report-{lang}.png"
    rp.page.screenshot(path=str(shot), full_page=True)
    assert shot.exists() and shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
