"""End to end: run_all.py builds the real report (once per session) and it is what a reader needs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .conftest import ROOT, run_build, tree_bytes
from .report_html import assert_only_the_report_script

pytestmark = pytest.mark.slow

ZONE_ZH = "长春汽车经济技术开发区"


def report_dir(out, lang):
    return out / "caetdz" / "2025H1" / lang


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_exists(built, lang):
    d = report_dir(built, lang)
    for name in ("report.html", "report.pdf", "tables.xlsx", "manifest.json"):
        assert (d / name).stat().st_size > 0, name
    executed = sorted(p.name for p in (d / "executed").glob("*.ipynb"))
    assert executed == ["01_growth.ipynb", "02_contribution.ipynb", "03_structure.ipynb"]


def test_executed_notebooks_carry_the_injected_parameters_and_outputs(built):
    nb = json.loads((report_dir(built, "en") / "executed" / "02_contribution.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and 'lang = "en"' in "".join(injected[0]["source"])
    assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    assert "start_time" not in json.dumps(nb["metadata"].get("papermill", {}))


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_zh_pdf_has_chinese_text_and_every_section(built):
    text = pdftotext(report_dir(built, "zh") / "report.pdf")
    compact = re.sub(r"\s+", "", text)
    for phrase in (ZONE_ZH, "经济增长", "对长春市增长的贡献", "产业结构", "附录", "目录", "598.8亿元"):
        assert phrase in compact, phrase


def test_en_pdf_has_every_section(built):
    text = re.sub(r"\s+", " ", pdftotext(report_dir(built, "en") / "report.pdf"))
    for phrase in ("Growth", "Contribution to Changchun", "Industrial structure", "Appendix", "59.88 billion yuan"):
        assert phrase in text, phrase


def test_pdf_embeds_cjk_fonts_and_is_a4_with_metadata(built):
    pdf = report_dir(built, "zh") / "report.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    assert ZONE_ZH in info  # title metadata
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 8 <= pages <= 60


def test_html_loads_nothing_from_the_network(built):
    for lang in ("zh", "en"):
        html = (report_dir(built, lang) / "report.html").read_text(encoding="utf-8")
        assert_only_the_report_script(html)
        assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", html, re.I)
        assert not re.search(r"""<link[^>]+href\s*=\s*["']?(https?:)?//""", html, re.I)
        assert not re.search(r"@import", html, re.I)
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", html, re.I)


def test_html_charts_are_inline_svg_with_text_alternatives(built):
    for lang in ("zh", "en"):
        html = (report_dir(built, lang) / "report.html").read_text(encoding="utf-8")
        assert "<img" not in html and "data:image/png" not in html  # no raster chart left
        charts = re.findall(r"<figure id=\"(fig-[0-9-]+)\">.*?</figure>", html, re.S)
        svgs = re.findall(r"<svg\b[^>]*>", html)
        assert len(svgs) >= 5 and len(svgs) == len(charts), (len(svgs), charts)
        for svg in svgs:
            label = re.search(r'aria-label="([^"]*)"', svg)
            assert label and len(label.group(1)) > 10, svg
            assert re.search(r"\d", label.group(1)), svg  # the text alternative gives the values
        assert "<text" in html  # chart text stays text (svg.fonttype none), not outlined paths
        assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_html_has_title_page_toc_numbered_figures_and_appendix(built):
    html = (report_dir(built, "zh") / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<nav[^>]*class="toc"', html)
    for anchor in ("sec-1", "sec-2", "sec-3", "appendix"):
        assert f'href="#{anchor}"' in html and re.search(f'<h[23][^>]*id="{anchor}"', html)
    assert "图1.1" in html and "表2.1" in html
    assert "来源：" in html
    assert "数据哈希" in html  # reproducibility record


def test_no_op_rebuild_executes_nothing(built):
    proc = run_build("--out", str(built))
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stdout
    assert "executed" not in proc.stdout


def test_a_failing_notebook_exits_nonzero_and_keeps_the_old_report(built, tmp_path):
    before = tree_bytes(built / "caetdz")
    nbdir = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", nbdir)
    nb = json.loads((nbdir / "02_contribution.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "boom",
                        "source": "raise RuntimeError('deliberate failure')"})
    (nbdir / "02_contribution.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    proc = run_build("--out", str(built), "--notebooks", str(nbdir), "--lang", "en", "--jobs", "1")
    assert proc.returncode == 1
    error_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(error_lines) == 1
    line = error_lines[0]
    assert "02_contribution.ipynb" in line and "RuntimeError: deliberate failure" in line and "cell" in line
    assert "failed" in line and "Traceback" not in proc.stderr
    after = tree_bytes(built / "caetdz")
    failed = {k for k in after if "/failed/" in k}
    assert failed, "the failing notebook is saved for inspection"
    assert {k: v for k, v in after.items() if k not in failed} == before


def test_the_reproducibility_record_is_correct(built):
    from importlib import metadata

    from zonereport.builder.inputs import data_files_hash

    html = (report_dir(built, "en") / "report.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td>(?:<code>)?([^<]*)(?:</code>)?</td></tr>", html))  # values as code
    assert rows["Data hash (SHA-256)"] == data_files_hash(ROOT / "data")
    assert rows["Command"] == f"run_all.py --out {built} --jobs 2"
    for name in ("papermill", "nbconvert", "pandas", "matplotlib", "seaborn"):
        assert rows[name] == metadata.version(name)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", rows["Built"])


def test_tables_are_typeset_not_monospace(built):
    """DataFrames reach the PDF as LaTeX tables (booktabs rules), never as verbatim text."""
    text = pdftotext(report_dir(built, "zh") / "report.pdf")
    assert "gdp_growth_pct" not in text  # raw DataFrame reprs never show
    nb = json.loads((report_dir(built, "zh") / "executed" / "01_growth.ipynb").read_text(encoding="utf-8"))
    latex = ["".join(o["data"]["text/latex"]) for c in nb["cells"] for o in c.get("outputs", []) if "text/latex" in o.get("data", {})]
    assert any("\\toprule" in x and "\\bottomrule" in x for x in latex)


def _flat(text: str, lang: str) -> str:
    """pdftotext puts spaces between CJK glyphs; Chinese text is compared without them."""
    return text.replace(" ", "") if lang == "zh" else re.sub(r"\s+", " ", text)


def _pdf_pages_text(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_charts_are_vectors_with_embedded_fonts(built, lang):
    pdf = report_dir(built, lang) / "report.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and not [f for f in fonts if "Type 3" in f], fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert images.splitlines()[2:] == []  # the report has no raster image: every chart is drawn
    pages = _pdf_pages_text(pdf)
    # chart text is text: an axis label of the first chart is found on the page of its caption
    caption = "图1.1" if lang == "zh" else "Figure 1.1."
    axis = "同比增长" if lang == "zh" else "Year-on-year growth"
    flat = [_flat(p, lang) for p in pages]
    page = next(p for p in flat if caption in p)
    assert axis in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_links_from_the_contents_and_from_figure_references(built, lang):
    pdf = report_dir(built, lang) / "report.pdf"
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    links = re.findall(r'<page number="(\d+)"|<a href="[^"#]*#(\d+)">(.*?)</a>', xml)
    page, found = 0, []
    for number, target, text in links:
        if number:
            page = int(number)
            continue
        text = re.sub(r"<[^>]+>", "", text)
        if found and found[-1][:2] == (page, int(target)):  # one link comes out in pieces (图 | 1.1)
            found[-1] = (page, int(target), found[-1][2] + text)
        else:
            found.append((page, int(target), text))
    contents = [f for f in found if f[0] == 2]
    assert len(contents) >= 10, contents  # the table of contents links its entries
    label = "图1.1" if lang == "zh" else "Figure 1.1"
    refs = [f for f in found if f[0] > 2 and label.replace(" ", "") in re.sub(r"\s+", "", f[2])]  # may break a line
    assert refs, "no link to figure 1.1 in the text"
    pages = _pdf_pages_text(pdf)
    caption = "图1.1" if lang == "zh" else "Figure 1.1."
    target_page = refs[0][1]
    assert caption in _flat(pages[target_page - 1], lang)  # the link lands on the figure's page
