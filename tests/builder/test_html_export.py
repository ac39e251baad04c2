"""The report's HTML exporter skips nbconvert's final BeautifulSoup pass and nothing else.

nbconvert re-parses the finished page to add placeholder alt text and focus order to
JupyterLab-template cells (neither occurs in this report's template). The page we write must be
the one nbconvert would write, up to that re-serialisation: parsing ours the same way gives
nbconvert's page byte for byte.
"""

from __future__ import annotations

import copy

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from zonereport.builder import render
from zonereport.config import TEMPLATES_DIR


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 标题 & *emphasis*\n\nText with `code` and a [link](https://example.org)."),
        nbformat.v4.new_code_cell("x = 1", outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": "<p class='lead'>增长 5.5%</p>",
                                                         "text/plain": "plain"}),
            nbformat.v4.new_output("display_data", data={"text/markdown": "**bold** 文本"}),
            nbformat.v4.new_output("stream", name="stdout", text="hidden\n"),
        ]),
    ]
    return nb


def test_the_page_is_nbconvert_s_page_without_the_re_serialisation():
    kwargs = dict(template_name="zonereport_html", extra_template_basedirs=[str(TEMPLATES_DIR)],
                  exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    resources = {"zonereport_css": "body{}", "zonereport_js": "void 0;"}
    nb = _notebook()
    ours, _ = render._html_exporter_class()(**kwargs).from_notebook_node(copy.deepcopy(nb), resources=dict(resources))
    stock, _ = HTMLExporter(**kwargs).from_notebook_node(copy.deepcopy(nb), resources=dict(resources))
    assert render._html_exporter_class() is not HTMLExporter  # the fast path is in use with this nbconvert
    assert "增长 5.5%" in ours and "<strong>bold</strong>" in ours
    assert str(BeautifulSoup(ours, features="html.parser")) == stock


def test_an_image_without_alt_text_still_gets_nbconvert_s_placeholder(tmp_path):
    """A researcher's own cell may show a PNG: the page says it has no description, as
    nbconvert's pass did."""
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell("plot()", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]))
    nb.metadata["html_lang"] = "en"
    render.render_html(nb, tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    images = BeautifulSoup(page, features="html.parser").find_all("img")
    assert images and all(img.get("alt") == render.NO_ALT for img in images)
