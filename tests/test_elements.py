"""Report elements: one bundle renders in HTML, LaTeX and plain text, escaped, with metadata."""

from __future__ import annotations

import base64
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from zonereport import elements  # noqa: E402


def test_heading_numbers_the_section_in_both_formats():
    b = elements.heading(2, "贡献")
    assert b.data["text/html"] == '<h2 id="sec-2">2 贡献</h2>'
    assert r"\setcounter{section}{1}\section{贡献}" in b.data["text/latex"]
    assert b.metadata["zonereport"] == {"kind": "heading", "level": 1, "title": "贡献", "number": 2, "anchor": "sec-2"}


def test_subheadings_enter_the_pdf_table_of_contents():
    assert r"\addcontentsline{toc}{subsection}{历史}" in elements.heading(None, "历史", level=2, anchor="a").data["text/latex"]


def test_figure_is_vector_svg_and_pdf_with_alt_caption_source_and_csv():
    from zonereport import charts

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    charts.point(ax, 2, 4, "乙：4 <亿元>。来源：s", marker="o")
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    b = elements.figure(fig, number="1.2", title="图1.2 标题", source="来源：x & y", alt="折线 <图>", data=data)
    html = b.data["text/html"]
    assert 'id="fig-1-2"' in html and "x &amp; y" in html and "<img" not in html
    svg = re.search(r"<svg\b[^>]*>", html).group(0)
    assert 'role="group"' in svg and 'aria-label="折线 &lt;图&gt;"' in svg
    mark = re.search(r'<g id="fig-1-2-zrtip0"[^>]*>', html).group(0)
    assert 'tabindex="0"' in mark and 'data-tip="乙：4 &lt;亿元&gt;。来源：s"' in mark
    assert "<title>乙：4 &lt;亿元&gt;。来源：s</title>" in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and all(i.startswith("fig-1-2") for i in ids)  # unique in a page of charts
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', html):
        assert (ref[0] or ref[1]) in ids
    assert "<style" not in html  # matplotlib's global "*{...}" rule would restyle the page
    assert base64.b64decode(b.data["application/pdf"])[:5] == b"%PDF-"
    assert "image/png" not in b.data
    csv = base64.b64decode(re.search(r"base64,([^\"]+)\" *>", html.split("download=")[1]).group(1)).decode("utf-8-sig")
    assert csv.splitlines() == ["x,y", "1,3", "2,4"]
    assert b.metadata["zonereport"]["alt"] == "折线 <图>"
    assert b.metadata["zonereport"]["latex_source"] == r"来源：x \& y"
    plt.close(fig)


def test_table_is_a_booktabs_table_with_caption_note_source():
    frame = pd.DataFrame({"指标": ["GDP_a"], "数值": ["598.8亿元"]})
    b = elements.table(frame, number="2.1", title="表2.1 测试", source="来源：s", note="注：n", numeric_columns=["数值"])
    latex = b.data["text/latex"]
    assert r"\toprule" in latex and r"\bottomrule" in latex and r"GDP\_a" in latex
    assert r"\zrcaption{表2.1 测试}" in latex and r"\zrnote{注：n}" in latex and r"\zrsource{来源：s}" in latex
    assert '<td class=num>598.8亿元</td>' in b.data["text/html"]
    assert b.metadata["zonereport"]["rows"] == [["GDP_a", "598.8亿元"]]


def test_wide_tables_get_wrapping_columns_and_narrow_ones_do_not():
    narrow = pd.DataFrame({"a": ["x"], "b": ["1"]})
    assert elements.fit_column_format(narrow, {"b"}) == "lr"
    wide = pd.DataFrame({"quote": ["很长的原文" * 30], "v": ["1"]})
    fmt = elements.fit_column_format(wide, {"v"})
    assert fmt.startswith("p{") and fmt.endswith("\\linewidth}") and "\\raggedleft\\arraybackslash}p{" in fmt


def test_in_a_wide_table_numbers_wrap_right_aligned_and_text_wraps_ragged_right():
    """Five long numeric columns: each gets a right-aligned wrapping column, every text column
    ragged right (a justified narrow column hyphenates 'tril-lion'), and the widths fit the line."""
    wide = pd.DataFrame({"Sector": ["value added of the secondary industry"], "Check": ["a long note " * 6],
                         **{f"Long numeric heading {i}": ["269.915 billion yuan"] for i in range(5)}})
    latex = elements.table(wide, number="1.1", title="t", source="", numeric_columns=[f"Long numeric heading {i}" for i in range(5)]).data["text/latex"]
    spec = latex.split("\\begin{tabular}{", 1)[1] if "\\begin{tabular}{" in latex else latex.split("\\begin{longtable}{", 1)[1]
    columns = re.findall(r">\{\\(ragged\w+)\\arraybackslash\}p\{([0-9.]+)\\linewidth\}", spec)
    assert [c[0] for c in columns] == ["raggedright", "raggedright"] + ["raggedleft"] * 5
    assert sum(float(c[1]) for c in columns) <= 0.95


def test_urls_become_links_and_longtable_continuation_is_localised():
    frame = pd.DataFrame({"网址": ["https://example.org/a_b?x=1%2"]})
    b = elements.table(frame, number=None, title="t", source="", url_columns=["网址"], long=True, continued="续下页")
    assert r"\url{https://example.org/a_b?x=1\%2}" in b.data["text/latex"]
    assert "续下页" in b.data["text/latex"] and "Continued on next page" not in b.data["text/latex"]
    assert '<a href="https://example.org/a_b?x=1%2">' in b.data["text/html"]


def test_chart_pdf_embeds_its_fonts_and_keeps_chinese_text(tmp_path):
    """The PDF figure: no Type 3 font (pdf.fonttype 42), fonts embedded, Chinese labels as text."""
    import shutil
    import subprocess

    import pytest

    from zonereport import charts

    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils not installed")
    charts.setup()
    fig, ax = charts.new_figure()
    charts.barh(ax, ["汽开区甲", "全国乙"], [5.5, 5.3], value_labels=["5.5%", "5.3%"], tips=["a", "b"])
    ax.set_ylabel("增长率（%）")
    b = elements.figure(fig, number="9.9", title="t", source="s", alt="a")
    plt.close(fig)
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(base64.b64decode(b.data["application/pdf"]))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and not any("Type 3" in line for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # emb
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) == 2, images  # header only: no raster
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for label in ("汽开区甲", "全国乙", "增长率"):
        assert label in text, text


def test_a_chinese_axis_label_is_set_upright():
    from zonereport import charts

    fig, (left, right) = plt.subplots(1, 2)
    left.set_ylabel("亿元（现价）")
    right.set_ylabel("Percent")
    charts.upright_labels(fig)
    assert left.yaxis.get_label().get_rotation() == 0
    assert right.yaxis.get_label().get_rotation() == 90  # a Latin label may stay on its side
    plt.close(fig)


def test_a_cell_opening_with_a_bracket_is_not_read_as_row_spacing():
    frame = pd.DataFrame({"编号": ["[2]", "[10]"], "标题": ["甲", "乙"]})
    latex = elements.table(frame, number=None, title="", source="", id_columns=["编号"], long=True).data["text/latex"]
    assert "\\\\\n[" not in latex and "{}[2]" in latex and "{}[10]" in latex


def test_a_paragraph_cites_figures_as_links_before_its_full_stop():
    b = elements.paragraph("增速较高。", refs=[("图1.1", "fig-1-1"), ("图1.2", "fig-1-2")], see="（见{refs}）", ref_sep="、")
    assert b.data["text/html"] == '<p>增速较高（见<a href="#fig-1-1">图1.1</a>、<a href="#fig-1-2">图1.2</a>）。</p>'
    assert r"\hyperref[fig-1-1]{图1.1}" in b.data["text/latex"] and b.data["text/latex"].rstrip().endswith("）。")
    assert b.data["text/plain"] == "增速较高（见图1.1、图1.2）。"
