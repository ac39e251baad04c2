"""Report elements: headings, paragraphs, numbered figures and tables with captions and sources.

Each element is a *bundle*: one output carrying an HTML rendering (used by the HTML report and
by JupyterLab), a LaTeX rendering (used by the PDF) and plain text, plus metadata the build
reads (kind, number, title) to make the table of contents. Notebooks display bundles through
:class:`Report`; the build uses the same builders for the title page and the appendix.

All text from data is escaped here (see :mod:`zonereport.escape`), never in notebooks.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .escape import html_text, latex_breakable, latex_text, latex_url, spreadsheet_text

META_KEY = "zonereport"


@dataclass
class Bundle:
    data: dict[str, str]
    metadata: dict = field(default_factory=dict)

    def show(self) -> None:
        from IPython.display import display

        display(self.data, raw=True, metadata=self.metadata)

    def as_output(self) -> dict:
        import nbformat

        return nbformat.v4.new_output("display_data", data=self.data, metadata=self.metadata)


def heading(number: int | None, title: str, level: int = 1, anchor: str | None = None) -> Bundle:
    """A section (level 1) or subsection (level 2) heading; numbered sections feed the TOC."""
    anchor = anchor or (f"sec-{number}" if number is not None else None)
    label = f"{number} {title}" if number is not None and level == 1 else title
    tag = "h2" if level == 1 else "h3"
    id_attr = f' id="{html_text(anchor)}"' if anchor else ""
    if level == 1:
        latex = (f"\\setcounter{{section}}{{{number - 1}}}\\section{{{latex_text(title)}}}"
                 if number is not None else f"\\section*{{{latex_text(title)}}}"
                 f"\\addcontentsline{{toc}}{{section}}{{{latex_text(title)}}}")
    else:
        latex = (f"\\subsection*{{{latex_text(title)}}}"
                 f"\\addcontentsline{{toc}}{{subsection}}{{{latex_text(title)}}}")
    if anchor:
        latex += f"\\label{{{anchor}}}"
    return Bundle(
        {
            "text/html": f"<{tag}{id_attr}>{html_text(label)}</{tag}>",
            "text/latex": latex,
            "text/markdown": ("## " if level == 1 else "### ") + label.replace("#", "\\#"),
            "text/plain": label,
        },
        {META_KEY: {"kind": "heading", "level": level, "title": title, "number": number, "anchor": anchor}},
    )


def paragraph(text: str, css_class: str | None = None, refs: Iterable[tuple[str, str]] = (),
              see: str = "({refs})", ref_sep: str = ", ") -> Bundle:
    """A paragraph; ``refs`` — (label, anchor) pairs such as ("图1.1", "fig-1-1") — are cited at its
    end with ``see`` ("（见{refs}）"), before the closing full stop, as links in HTML and PDF."""
    refs = list(refs)
    cls = f' class="{css_class}"' if css_class else ""
    html_body, latex_body, plain = html_text(text), latex_text(text), text
    if refs:
        head, stop = (text[:-1], text[-1]) if text and text[-1] in "。.．" else (text, "")
        before, _, after = see.partition("{refs}")
        html_refs = ref_sep.join(f'<a href="#{html_text(a)}">{html_text(label)}</a>' for label, a in refs)
        latex_refs = latex_text(ref_sep).join(f"\\hyperref[{a}]{{{latex_text(label)}}}" for label, a in refs)
        plain_refs = ref_sep.join(label for label, _ in refs)
        html_body = html_text(head + before) + html_refs + html_text(after + stop)
        latex_body = latex_text(head + before) + latex_refs + latex_text(after + stop)
        plain = head + before + plain_refs + after + stop
    return Bundle(
        {
            "text/html": f"<p{cls}>{html_body}</p>",
            "text/latex": latex_body + "\n\n",
            "text/plain": plain,
        },
        {META_KEY: {"kind": "paragraph", "text": text, "css_class": css_class, "refs": refs}},
    )


def bullet_list(items: Iterable[str], css_class: str | None = None) -> Bundle:
    items = list(items)
    cls = f' class="{css_class}"' if css_class else ""
    html_items = "".join(f"<li>{html_text(i)}</li>" for i in items)
    latex_items = "".join(f"\\item {latex_text(i)}\n" for i in items)
    return Bundle(
        {
            "text/html": f"<ul{cls}>{html_items}</ul>",
            "text/latex": f"\\begin{{itemize}}\n{latex_items}\\end{{itemize}}\n",
            "text/plain": "\n".join(f"- {i}" for i in items),
        },
        {META_KEY: {"kind": "list"}},
    )


def _csv_link(data: pd.DataFrame | None, filename: str, label: str) -> str:
    if data is None:
        return ""
    safe = data.map(spreadsheet_text).rename(columns=spreadsheet_text)  # no formula can run (OWASP)
    payload = base64.b64encode(("\ufeff" + safe.to_csv(index=False)).encode("utf-8")).decode("ascii")
    return (f'<p class="download"><a download="{html_text(filename)}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">{html_text(label)}</a></p>')


def _max_width(svg: str) -> str:
    """The chart's paper is as wide as the chart (the SVG's own max-width), not the column."""
    import re

    m = re.search(r'style="(max-width: [0-9]+px)"', svg)
    return f' style="{m.group(1)}"' if m else ""


def figure(fig, *, number: str, title: str, source: str, alt: str, note: str = "",
           data: pd.DataFrame | None = None, download_label: str = "CSV") -> Bundle:
    """A numbered figure, as vectors: inline SVG in the HTML (text kept as text, named by ``alt``,
    each mark with a :func:`zonereport.charts.tip` shows its value on hover and focus) and a PDF
    figure with embedded fonts for the LaTeX report. Caption above, note and source line below;
    the chart itself carries no title."""
    from . import charts

    anchor = "fig-" + number.replace(".", "-")
    charts.upright_labels(fig)
    svg = charts.svg_markup(fig, anchor, alt)
    pdf = base64.b64encode(charts.pdf_bytes(fig)).decode("ascii")
    note_html = f'<p class="note">{html_text(note)}</p>' if note else ""
    html_block = (
        f'<figure id="{anchor}"><figcaption>{html_text(title)}</figcaption>'
        f'<div class="chart-frame"{_max_width(svg)}>{svg}</div>'
        f'{note_html}<p class="source">{html_text(source)}</p>'
        f'{_csv_link(data, anchor + ".csv", download_label)}</figure>'
    )
    return Bundle(
        {"application/pdf": pdf, "text/html": html_block, "text/plain": f"{title}\n{alt}"},
        {
            "application/pdf": {"alt": alt},
            META_KEY: {
                "kind": "figure", "number": number, "title": title, "anchor": anchor, "alt": alt,
                "latex_title": latex_text(title), "latex_source": latex_text(source),
                "latex_note": latex_text(note),
            },
        },
    )


def table(frame: pd.DataFrame, *, number: str | None, title: str, source: str, note: str = "",
          numeric_columns: Iterable[str] = (), column_format: str | None = None,
          long: bool = False, download_label: str = "CSV", url_columns: Iterable[str] = (),
          id_columns: Iterable[str] = (), continued: str = "…", css_class: str = "",
          formula_columns: Iterable[str] = (), lang_columns: dict[str, str] | None = None,
          code_columns: Iterable[str] = ()) -> Bundle:
    """A numbered table of already-formatted strings, typeset by pandas Styler for LaTeX.

    ``url_columns`` become links (\\url in LaTeX, which breaks long addresses); ``id_columns``
    may break after ``_``; ``continued`` replaces longtable's English "Continued on next page";
    ``formula_columns`` hold formulas (set as code in HTML: their symbols are not words of either
    language); ``code_columns`` hold machine text (hashes, commands, paths); ``lang_columns`` maps
    a column to the language of its text (the glossary's).
    """
    frame = frame.astype(str).reset_index(drop=True)
    numeric = set(numeric_columns)
    urls = set(url_columns)
    ids = set(id_columns)
    formulas = set(formula_columns)
    codes = set(code_columns)
    langs = dict(lang_columns or {})
    anchor = ("tab-" + number.replace(".", "-")) if number else None
    head = "".join(f'<th{" class=num" if c in numeric else ""}>{html_text(c)}</th>' for c in frame.columns)
    def html_cell(column: str, value: str) -> str:
        if column in urls and value.startswith(("http://", "https://")):
            return f'<td class="url"><a href="{html_text(value)}">{html_text(value)}</a></td>'
        if column in formulas:
            return f'<td class="formula"><code>{html_text(value)}</code></td>'
        if column in codes:
            return f'<td><code>{html_text(value)}</code></td>'
        lang = f' lang="{html_text(langs[column])}"' if column in langs else ""
        return f'<td{" class=num" if column in numeric else ""}{lang}>{html_text(value)}</td>'

    rows = "".join(
        "<tr>" + "".join(html_cell(c, v) for c, v in zip(frame.columns, r)) + "</tr>"
        for r in frame.itertuples(index=False)
    )
    id_attr = f' id="{anchor}"' if anchor else ""
    note_html = f'<p class="note">{html_text(note)}</p>' if note else ""
    source_html = f'<p class="source">{html_text(source)}</p>' if source else ""
    html_block = (
        f'<div class="table{" " + html_text(css_class) if css_class else ""}"{id_attr}>' + (f'<p class="caption">{html_text(title)}</p>' if title else "") +
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"{note_html}{source_html}{_csv_link(frame, (anchor or 'table') + '.csv', download_label)}</div>"
    )
    def latex_cell(column: str, value: str) -> str:
        if column in urls and value.startswith(("http://", "https://")):
            return f"\\url{{{latex_url(value)}}}"
        text = latex_breakable(value) if column in ids else latex_text(value)
        # a cell opening with "[" ([3], a source number) would be read as the optional argument of
        # the row's "\\" before it
        return "{}" + text if text.startswith("[") else text

    latex_frame = pd.DataFrame({c: [latex_cell(c, v) for v in frame[c]] for c in frame.columns})
    latex_frame.columns = [latex_text(c) for c in frame.columns]
    if column_format is None:
        column_format = fit_column_format(frame, numeric)
    column_format = re.sub(r"(?<!\\arraybackslash\})p\{", lambda _: ">{\\raggedright\\arraybackslash}p{", column_format)
    styler = latex_frame.style.hide(axis="index")
    body = styler.to_latex(hrules=True, column_format=column_format,
                           environment="longtable" if long else None)
    body = body.replace("Continued on next page", latex_text(continued))
    if not long:
        body = body.replace("\\begin{table}", "").replace("\\end{table}", "")
    latex_parts = ["\\begin{zrtable}", f"\\zrcaption{{{latex_text(title)}}}" if title else "", body]
    if note:
        latex_parts.append(f"\\zrnote{{{latex_text(note)}}}")
    if source:
        latex_parts.append(f"\\zrsource{{{latex_text(source)}}}")
    latex_parts.append("\\end{zrtable}")
    return Bundle(
        {"text/html": html_block, "text/latex": "\n".join(latex_parts), "text/plain": frame.to_string(index=False)},
        {META_KEY: {"kind": "table", "number": number, "title": title, "anchor": anchor,
                    "columns": list(frame.columns), "rows": frame.values.tolist()}},
    )


def _display_width(text: str) -> int:
    """Width in Latin-character units: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def fit_column_format(frame: pd.DataFrame, numeric: set[str], line_units: int = 95) -> str:
    """l/r columns when the table fits the line; else wrapping p{} columns sized by content, the
    numeric ones right-aligned and as wide as their longest value (their headings wrap)."""
    widths = {c: max([_display_width(str(c))] + [_display_width(str(v)) for v in frame[c]]) for c in frame.columns}
    if sum(widths.values()) + 2 * len(widths) <= line_units:
        return "".join("r" if c in numeric else "l" for c in frame.columns)
    def header_word(c) -> int:
        return max((_display_width(word) for word in str(c).split()), default=1)
    fixed = {c: min(max([header_word(c)] + [_display_width(str(v)) for v in frame[c]]), 20)
             for c in frame.columns if c in numeric}
    gaps = 0.025 * len(frame.columns)
    numeric_room = min(sum(fixed.values()) / line_units, 0.94 - gaps - (0.3 if len(fixed) < len(widths) else 0.0))
    scale = numeric_room / (sum(fixed.values()) / line_units) if fixed else 1.0
    text_cols = [c for c in frame.columns if c not in numeric]
    room = max(0.3, 0.94 - numeric_room - gaps)
    weights = {c: min(widths[c], 60) ** 0.8 for c in text_cols}
    total = sum(weights.values()) or 1
    spec = []
    for c in frame.columns:
        if c in numeric:
            spec.append(f">{{\\raggedleft\\arraybackslash}}p{{{scale * fixed[c] / line_units:.3f}\\linewidth}}")
        else:
            spec.append(f"p{{{room * weights[c] / total:.3f}\\linewidth}}")
    return "".join(spec)


def raw(html_block: str, latex_block: str, plain: str, kind: str = "raw") -> Bundle:
    """An element whose HTML and LaTeX are built by the caller (already escaped)."""
    return Bundle({"text/html": html_block, "text/latex": latex_block, "text/plain": plain},
                  {META_KEY: {"kind": kind}})
