"""Combine a language's executed notebooks into one report notebook.

Order: title page and table of contents, then each notebook's outputs (code is never shown;
stream output such as warnings stays in the executed notebooks, not in the report), then the
appendix. The table of contents is made from the headings' metadata.
"""

from __future__ import annotations

import nbformat

from .. import elements
from ..escape import html_text, latex_text

REPORT_OUTPUT_TYPES = ("display_data", "execute_result")


def report_order(notebooks: list) -> list:
    """Notebooks in the order of the report spec's sections; notebooks the spec does not name
    (a researcher's own) follow, by name."""
    from .. import spec

    order = {name: i for i, name in enumerate(spec.notebooks())}
    return sorted(notebooks, key=lambda nb: (order.get(nb.name, len(order)), nb.name))


def cited_sources(executed: list, front: list) -> list[str]:
    """Every source id the report's figures, tables and sentences cite."""
    ids: list[str] = []
    metas = [b.metadata.get(elements.META_KEY, {}) for b in front]
    metas += [o.get("metadata", {}).get(elements.META_KEY, {}) for nb in executed for o in _report_outputs(nb)]
    for md in metas:
        ids += md.get("sources", []) + md.get("cites", [])
    return list(dict.fromkeys(ids))


def _report_outputs(nb) -> list:
    outs = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in REPORT_OUTPUT_TYPES and elements.META_KEY in output.get("metadata", {}):
                outs.append(output)
    return outs


def _toc(outputs: list, loc) -> elements.Bundle:
    items: list[tuple[int, str, str]] = []
    for out in outputs:
        md = out.get("metadata", {}).get(elements.META_KEY, {})
        if md.get("kind") == "heading" and md.get("anchor"):
            label = f"{md['number']} {md['title']}" if md.get("number") is not None and md.get("level") == 1 else md["title"]
            items.append((md.get("level", 1), md["anchor"], label))
    html_parts = [f"<nav class=\"toc\" aria-label=\"{html_text(loc.t('report.toc'))}\"><h2>{html_text(loc.t('report.toc'))}</h2><ol>"]
    open_sub = False
    for level, anchor, label in items:
        if level == 1:
            if open_sub:
                html_parts.append("</ol></li>")
                open_sub = False
            html_parts.append(f'<li><a href="#{html_text(anchor)}">{html_text(label)}</a>')
            html_parts.append("<ol>")
            open_sub = True
        else:
            html_parts.append(f'<li><a href="#{html_text(anchor)}">{html_text(label)}</a></li>')
    if open_sub:
        html_parts.append("</ol></li>")
    html_parts.append("</ol></nav>")
    html_block = "".join(html_parts).replace("<ol></ol>", "")
    latex = "\\tableofcontents\n\\clearpage\n"
    return elements.raw(html_block, latex, "\n".join(label for _, _, label in items), kind="toc")


def edition_links(loc) -> str:
    """Links to the same report in the other languages: reports sit at <out>/<zone>/<period>/<lang>/,
    so the other edition is ../<code>/report.html (relative: works offline and when the tree moves).
    Each link is worded in its own language and marked with it."""
    from ..locale import LOCALES, get_locale

    links = []
    for code in LOCALES:
        if code == loc.code:
            continue
        other = get_locale(code)
        links.append(f'<a href="../{html_text(code)}/report.html" hreflang="{html_text(other.html_lang)}" '
                     f'lang="{html_text(other.html_lang)}" title="{html_text(other.t("report.edition_title"))}">'
                     f'{html_text(other.t("report.edition"))}</a>')
    return f'<p class="edition">{" · ".join(links)}</p>' if links else ""


def title_page(loc, zone_name: str, period_label: str, built: str) -> elements.Bundle:
    title = loc.t("report.title", zone=zone_name)
    subtitle = loc.t("report.subtitle", period=period_label)
    language = loc.t("report.language")
    date_line = loc.t("report.built", date=built)
    html_block = (
        f'<header class="title-page"><h1>{html_text(title)}</h1>'
        f'<p class="subtitle">{html_text(subtitle)}</p>'
        f'<p class="meta">{html_text(language)}</p><p class="meta">{html_text(date_line)}</p>'
        f'{edition_links(loc)}</header>'
    )
    latex = (
        "\\begin{titlepage}\\centering\\vspace*{5cm}"
        f"{{\\Huge\\bfseries {latex_text(title)}\\par}}\\vspace{{1.2cm}}"
        f"{{\\Large {latex_text(subtitle)}\\par}}\\vspace{{2.5cm}}"
        f"{{\\large {latex_text(language)}\\par}}\\vspace{{0.4cm}}"
        f"{{\\large {latex_text(date_line)}\\par}}\\vfill"
        "\\end{titlepage}\n"
    )
    return elements.raw(html_block, latex, f"{title}\n{subtitle}", kind="title")


def combine(executed: list, *, loc, zone_name: str, period_label: str, built: str,
            appendix: list[elements.Bundle], metadata: dict, front: list[elements.Bundle] = ()):
    """Return the combined report notebook (nbformat v4) for one language."""
    body: list = [b.as_output() for b in front]
    for nb in executed:
        body.extend(_report_outputs(nb))
    body.extend(b.as_output() for b in appendix)
    head = [title_page(loc, zone_name, period_label, built).as_output(), _toc(body, loc).as_output()]
    combined = nbformat.v4.new_notebook()
    cells = []
    for out in head + body:
        cell = nbformat.v4.new_code_cell(source="")
        cell.outputs = [out]
        cells.append(cell)
    combined.cells = cells
    combined.metadata.update(metadata)
    combined.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    combined.metadata["language_info"] = {"name": "python"}
    return combined


def strip_cell_ids(nb) -> None:
    """Give cells deterministic ids so two builds produce the same HTML."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:04d}"
