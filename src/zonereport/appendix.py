"""The report's appendix: methods and formulas, data sources, glossary, how to cite, and the
reproducibility record. Built by the build process from the data package and the build's own
record, with the same element builders the notebooks use.
"""

from __future__ import annotations

import pandas as pd

from . import elements
from .dataset import Dataset
from .escape import html_text, latex_text
from .report import GRADE_LABEL
from .text import t

# (message key of the measure's name, HTML formula, LaTeX formula, message key of its note)
FORMULAS = [
    ("growth", "g = Y<sub>t</sub> / Y<sub>t−1</sub> − 1", r"g = Y_t / Y_{t-1} - 1", "growth"),
    ("contribution", "c<sub>i</sub> = ΔY<sub>i</sub> / ΔY", r"c_i = \Delta Y_i / \Delta Y", "contribution"),
    ("pull", "p<sub>i</sub> = g × c<sub>i</sub> = ΔY<sub>i</sub> / Y<sub>t−1</sub>", r"p_i = g \times c_i = \Delta Y_i / Y_{t-1}", "pull"),
    ("share", "s<sub>i</sub> = Y<sub>i</sub> / Y", r"s_i = Y_i / Y", "share"),
    ("approx_a", "ΔY<sub>i</sub> ≈ Y<sub>i,t−1</sub> × g<sub>i</sub>", r"\Delta Y_i \approx Y_{i,t-1} \times g_i", "approx_a"),
    ("approx_b", "ΔY<sub>i</sub> ≈ Y<sub>i,t</sub> × g<sub>i</sub> / (1 + g<sub>i</sub>)", r"\Delta Y_i \approx Y_{i,t}\, g_i / (1 + g_i)", "approx_b"),
    ("implied_city_growth", "g<sub>city</sub> = x / (1 − x),  x = s<sub>t</sub> × g<sub>z</sub> / (1 + g<sub>z</sub>) / c", r"g_{city} = \frac{x}{1-x},\; x = \frac{s_t\, g_z / (1+g_z)}{c}", "implied_city_growth"),
    ("cagr_real", "ḡ = (Π(1 + g<sub>t</sub>))<sup>1/n</sup> − 1", r"\bar g = \Bigl(\prod_t (1+g_t)\Bigr)^{1/n} - 1", "cagr_real"),
    ("cagr_nominal", "ḡ = (Y<sub>T</sub> / Y<sub>0</sub>)<sup>1/n</sup> − 1", r"\bar g = (Y_T / Y_0)^{1/n} - 1", "cagr_nominal"),
    ("density", "地均GDP = Y / A", r"Y / A", "density"),
    ("lq", "LQ<sub>ij</sub> = (e<sub>ij</sub> / e<sub>j</sub>) / (e<sub>i</sub> / e)", r"LQ_{ij} = \frac{e_{ij}/e_j}{e_i/e}", "lq"),
    ("hhi", "HHI = Σ s<sub>k</sub><sup>2</sup>;  HHI* = (HHI − 1/n) / (1 − 1/n);  N = 1 / HHI", r"HHI = \sum_k s_k^2,\; HHI^* = \frac{HHI - 1/n}{1 - 1/n},\; N = 1/HHI", "hhi"),
    ("krugman", "K = Σ<sub>i</sub> |e<sub>ij</sub>/e<sub>j</sub> − e<sub>i</sub>/e|;  Hoover = K / 2", r"K = \sum_i \left|\frac{e_{ij}}{e_j} - \frac{e_i}{e}\right|,\; H = K/2", "krugman"),
    ("moore", "cos θ = Σ s<sub>0</sub>s<sub>1</sub> / (‖s<sub>0</sub>‖ ‖s<sub>1</sub>‖)", r"\cos\theta = \frac{\sum s_0 s_1}{\lVert s_0\rVert\,\lVert s_1\rVert}", "moore"),
    ("nav", "NAV = ½ Σ |s<sub>i,t</sub> − s<sub>i,0</sub>|", r"NAV = \tfrac12 \sum_i |s_{i,t} - s_{i,0}|", "nav"),
]

GLOSSARY = [
    ("地区生产总值", "gross domestic product (GDP)"),
    ("增速（同比）", "growth rate (year on year)"),
    ("贡献率", "contribution share (contribution rate)"),
    ("拉动", "contribution to growth, in percentage points"),
    ("比重 / 占比", "share"),
    ("规模以上工业", "industrial enterprises above designated size"),
    ("增加值", "value added"),
    ("产值", "output value"),
    ("可比价 / 不变价", "comparable prices / constant prices"),
    ("现价", "current prices"),
    ("主机厂", "automaker (vehicle assembler)"),
    ("零部件企业", "parts supplier"),
    ("专精特新", "specialised, refined, distinctive and innovative (SME designation)"),
    ("开复工", "projects started or resumed"),
    ("区位商", "location quotient"),
    ("地均GDP", "GDP per km²"),
]


def _formula_block(lang: str, name_key: str, html_formula: str, latex_formula: str, note_key: str) -> elements.Bundle:
    name = t(lang, f"appendix.formula_name.{name_key}")
    from .analysis.growth import CENSUS_REVISION_YEAR

    note = t(lang, f"appendix.formula_note.{note_key}", census_year=CENSUS_REVISION_YEAR)
    return elements.raw(
        f'<p><strong>{html_text(name)}</strong></p><p class="formula">{html_formula}</p><p class="note">{html_text(note)}</p>',
        f"\\textbf{{{latex_text(name)}}}\\par\\smallskip\\centerline{{$\\displaystyle {latex_formula}$}}\\par\\smallskip{{\\footnotesize {latex_text(note)}}}\\par\\medskip\n",
        f"{name}: {latex_formula}",
        kind="formula",
    )


def sources_table(ds: Dataset, lang: str) -> elements.Bundle:
    grade = GRADE_LABEL[lang]
    rows = []
    for s in ds.sources.itertuples(index=False):
        rows.append({
            t(lang, "appendix.col.source_id"): s.source_id,
            t(lang, "appendix.col.title"): s.title,
            t(lang, "appendix.col.author"): " / ".join(x for x in (s.author, s.publisher) if x and x != "not stated") or t(lang, "appendix.not_stated"),
            t(lang, "appendix.col.date"): s.date if s.date and s.date != "not stated" else t(lang, "appendix.not_stated"),
            t(lang, "appendix.col.grade"): grade[s.grade],
            t(lang, "appendix.col.address"): s.address or "—",
        })
    frame = pd.DataFrame(rows)
    return elements.table(
        frame, number=None, title=t(lang, "appendix.sources_title"), source="",
        note=t(lang, "appendix.sources_note"), long=True,
        column_format="p{0.13\\linewidth}p{0.22\\linewidth}p{0.14\\linewidth}p{0.08\\linewidth}p{0.07\\linewidth}p{0.2\\linewidth}",
        download_label=t(lang, "common.download_csv"), continued=t(lang, "common.continued"),
        url_columns=[t(lang, "appendix.col.address")], id_columns=[t(lang, "appendix.col.source_id")],
    )


def quotes_table(ds: Dataset, lang: str, zone: str) -> elements.Bundle:
    """The zone's figures with the verbatim sentence each one stands in."""
    obs = ds.observations[ds.observations["entity_id"] == zone].sort_values(["period_order", "indicator_id"])
    rows = []
    for o in obs.itertuples(index=False):
        rows.append({
            t(lang, "appendix.col.period"): o.period,
            t(lang, "appendix.col.indicator"): ds.indicator(o.indicator_id)[f"name_{lang}"],
            t(lang, "appendix.col.value"): f"{o.value:g} {o.unit}",
            t(lang, "appendix.col.qualifier"): o.qualifier,
            t(lang, "appendix.col.source_id"): o.source_id,
            t(lang, "appendix.col.quote"): o.quote,
        })
    return elements.table(
        pd.DataFrame(rows), number=None, title=t(lang, "appendix.quotes_title", zone=ds.name(zone, lang)),
        source="", note=t(lang, "appendix.quotes_note"), long=True,
        column_format="p{0.08\\linewidth}p{0.17\\linewidth}p{0.1\\linewidth}p{0.08\\linewidth}p{0.12\\linewidth}p{0.3\\linewidth}",
        download_label=t(lang, "common.download_csv"), continued=t(lang, "common.continued"),
        id_columns=[t(lang, "appendix.col.source_id"), t(lang, "appendix.col.qualifier"), t(lang, "appendix.col.period")],
    )


def glossary_table(lang: str) -> elements.Bundle:
    frame = pd.DataFrame(GLOSSARY, columns=[t(lang, "appendix.col.zh"), t(lang, "appendix.col.en")])
    return elements.table(frame, number=None, title="", source="",
                          column_format="p{0.35\\linewidth}p{0.55\\linewidth}")


def record_table(lang: str, record: dict) -> elements.Bundle:
    rows = [(t(lang, "appendix.record.data_hash"), record["data_hash"]),
            (t(lang, "appendix.record.data_dir"), record["data_dir"]),
            (t(lang, "appendix.record.command"), record["command"]),
            (t(lang, "appendix.record.built"), record["built"]),
            (t(lang, "appendix.record.python"), record["python"])]
    rows += [(name, version) for name, version in sorted(record["versions"].items())]
    frame = pd.DataFrame(rows, columns=[t(lang, "appendix.col.item"), t(lang, "appendix.col.record_value")])
    return elements.table(frame, number=None, title="", source="", id_columns=[frame.columns[1]],
                          column_format="p{0.25\\linewidth}p{0.65\\linewidth}")


def appendix(ds: Dataset, lang: str, zone: str, period_label: str, record: dict) -> list[elements.Bundle]:
    out = [elements.heading(None, t(lang, "appendix.title"), anchor="appendix")]
    out.append(elements.heading(None, t(lang, "appendix.methods_title"), level=2, anchor="appendix-methods"))
    out.append(elements.paragraph(t(lang, "appendix.methods_intro")))
    out += [_formula_block(lang, *f) for f in FORMULAS]
    out.append(elements.heading(None, t(lang, "appendix.data_title"), level=2, anchor="appendix-sources"))
    out.append(elements.paragraph(t(lang, "appendix.data_intro")))
    out.append(sources_table(ds, lang))
    out.append(quotes_table(ds, lang, zone))
    out.append(elements.heading(None, t(lang, "appendix.glossary_title"), level=2, anchor="appendix-glossary"))
    out.append(glossary_table(lang))
    out.append(elements.heading(None, t(lang, "appendix.cite_title"), level=2, anchor="appendix-cite"))
    out.append(elements.paragraph(t(lang, "appendix.cite_text", zone=ds.name(zone, lang), period=period_label,
                                    built=record["built"][:10], data_hash=record["data_hash"][:12])))
    out.append(elements.heading(None, t(lang, "appendix.record_heading"), level=2, anchor="appendix-record"))
    out.append(elements.paragraph(t(lang, "appendix.record_intro")))
    out.append(record_table(lang, record))
    return out
