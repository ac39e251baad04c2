"""The report's appendix: methods and formulas, data sources, quotes, glossary, how to cite,
and the reproducibility record — in the order the report spec gives. Built by the build process
from the data package, the sources the report cites and the build's own record, with the same
element builders the notebooks use.
"""

from __future__ import annotations

import pandas as pd

from . import elements, spec
from .config import CENSUS_YEARS
from .dataset import Dataset
from .escape import html_text, latex_text
from .locale import Locale

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
    ("density", "d = Y / A", r"d = Y / A", "density"),
    ("lq", "LQ<sub>ij</sub> = (e<sub>ij</sub> / e<sub>j</sub>) / (e<sub>i</sub> / e)", r"LQ_{ij} = \frac{e_{ij}/e_j}{e_i/e}", "lq"),
    ("hhi", "HHI = Σ s<sub>k</sub><sup>2</sup>;  HHI* = (HHI − 1/n) / (1 − 1/n);  N = 1 / HHI", r"HHI = \sum_k s_k^2,\; HHI^* = \frac{HHI - 1/n}{1 - 1/n},\; N = 1/HHI", "hhi"),
    ("krugman", "K = Σ<sub>i</sub> |e<sub>ij</sub>/e<sub>j</sub> − e<sub>i</sub>/e|;  Hoover = K / 2", r"K = \sum_i \left|\frac{e_{ij}}{e_j} - \frac{e_i}{e}\right|,\; H = K/2", "krugman"),
    ("moore", "cos θ = Σ s<sub>0</sub>s<sub>1</sub> / (‖s<sub>0</sub>‖ ‖s<sub>1</sub>‖)", r"\cos\theta = \frac{\sum s_0 s_1}{\lVert s_0\rVert\,\lVert s_1\rVert}", "moore"),
    ("nav", "NAV = ½ Σ |s<sub>i,t</sub> − s<sub>i,0</sub>|", r"NAV = \tfrac12 \sum_i |s_{i,t} - s_{i,0}|", "nav"),
    ("shift_share", "Δe<sub>ij</sub> = e<sub>ij</sub>·r + e<sub>ij</sub>(r<sub>i</sub> − r) + e<sub>ij</sub>(r<sub>ij</sub> − r<sub>i</sub>)",
     r"\Delta e_{ij} = e_{ij}\,r + e_{ij}(r_i - r) + e_{ij}(r_{ij} - r_i)", "shift_share"),
]


def _formula_block(loc: Locale, name_key: str, html_formula: str, latex_formula: str, note_key: str) -> elements.Bundle:
    name = loc.t(f"appendix.formula_name.{name_key}")
    note = loc.t(f"appendix.formula_note.{note_key}", census_years=loc.join(str(y) for y in CENSUS_YEARS))
    return elements.raw(
        f'<p><strong>{html_text(name)}</strong></p><p class="formula">{html_formula}</p><p class="note">{html_text(note)}</p>',
        f"\\textbf{{{latex_text(name)}}}\\par\\smallskip\\centerline{{$\\displaystyle {latex_formula}$}}\\par\\smallskip{{\\footnotesize {latex_text(note)}}}\\par\\medskip\n",
        f"{name}: {latex_formula}",
        kind="formula",
    )


def sources_table(ds: Dataset, loc: Locale, cited: list[str]) -> elements.Bundle:
    """The sources this report cites, in the order of ``sources.csv``."""
    wanted = set(cited)
    rows = []
    for s in ds.sources.itertuples(index=False):
        if s.source_id not in wanted:
            continue
        rows.append({
            loc.t("appendix.col.source_id"): loc.source_ref(ds, s.source_id),
            loc.t("appendix.col.title"): s.title,
            loc.t("appendix.col.author"): " / ".join(x for x in (s.author, s.publisher) if x and x != "not stated")
            or loc.t("appendix.not_stated"),
            loc.t("appendix.col.date"): s.date if s.date and s.date != "not stated" else loc.t("appendix.not_stated"),
            loc.t("appendix.col.grade"): loc.grade(s.grade),
            loc.t("appendix.col.address"): s.address or "—",
        })
    return elements.table(
        pd.DataFrame(rows), number=None, title=loc.t("appendix.sources_title"), source="",
        note=loc.t("appendix.sources_note"), long=True,
        column_format="p{0.13\\linewidth}p{0.22\\linewidth}p{0.14\\linewidth}p{0.08\\linewidth}p{0.07\\linewidth}p{0.2\\linewidth}",
        download_label=loc.t("common.download_csv"), continued=loc.t("common.continued"),
        url_columns=[loc.t("appendix.col.address")], id_columns=[loc.t("appendix.col.source_id")],
    )


def quotes_table(ds: Dataset, loc: Locale, zone: str) -> elements.Bundle:
    """The entity's figures with the verbatim sentence each one stands in."""
    obs = ds.observations[ds.observations["entity_id"] == zone].sort_values(["period_order", "indicator_id"])
    rows = [{
        loc.t("appendix.col.period"): loc.period(o.period),
        loc.t("appendix.col.indicator"): loc.indicator(ds, o.indicator_id),
        loc.t("appendix.col.value"): loc.fact(o._replace(qualifier="exact")),  # the qualifier has its column
        loc.t("appendix.col.qualifier"): loc.t(f"qualifier.{o.qualifier}"),
        loc.t("appendix.col.as_of"): o.as_of or loc.t("appendix.not_stated"),
        loc.t("appendix.col.source_id"): loc.source_ref(ds, o.source_id),
        loc.t("appendix.col.quote"): o.quote,
    } for o in obs.itertuples(index=False)]
    return elements.table(
        pd.DataFrame(rows), number=None, title=loc.t("appendix.quotes_title", zone=loc.name(ds, zone)),
        source="", note=loc.t("appendix.quotes_note"), long=True,
        column_format="p{0.08\\linewidth}p{0.15\\linewidth}p{0.1\\linewidth}p{0.07\\linewidth}p{0.07\\linewidth}p{0.1\\linewidth}p{0.27\\linewidth}",
        download_label=loc.t("common.download_csv"), continued=loc.t("common.continued"),
        id_columns=[loc.t("appendix.col.source_id"), loc.t("appendix.col.qualifier"), loc.t("appendix.col.period")],
    )


def glossary_terms(ds: Dataset, zone: str) -> set[str]:
    """What the report's data contain, for the glossary's ``requires``: indicator ids of the
    entity and its chain, ``role:NAME`` of the firms located in it, ``kind:NAME`` of the entity."""
    ents = ds.entities
    obs = ds.observations
    chain, current = [zone], zone
    while ents.loc[current, "parent_id"] and ents.loc[current, "parent_id"] not in chain:
        current = ents.loc[current, "parent_id"]
        chain.append(current)
    present = set(obs.loc[obs["entity_id"].isin(chain), "indicator_id"])
    present |= {f"role:{r}" for r in ents.loc[ents["located_in"] == zone, "role"] if r}
    present.add(f"kind:{ents.loc[zone, 'kind']}")
    return present


def glossary_table(ds: Dataset, loc: Locale, zone: str) -> elements.Bundle:
    frame = pd.DataFrame(loc.glossary(glossary_terms(ds, zone)), columns=[loc.t("appendix.col.zh"), loc.t("appendix.col.en")])
    other = {"zh": {frame.columns[1]: "en"}, "en": {frame.columns[0]: "zh-CN"}}.get(loc.code, {})
    return elements.table(frame, number=None, title="", source="", lang_columns=other,
                          column_format="p{0.35\\linewidth}p{0.55\\linewidth}")


def record_table(loc: Locale, record: dict) -> elements.Bundle:
    rows = [(loc.t("appendix.record.data_hash"), record["data_hash"]),
            (loc.t("appendix.record.data_dir"), record["data_dir"]),
            (loc.t("appendix.record.command"), record["command"]),
            (loc.t("appendix.record.built"), record["built"]),
            (loc.t("appendix.record.python"), record["python"])]
    rows += [(name, version) for name, version in sorted(record["versions"].items())]
    frame = pd.DataFrame(rows, columns=[loc.t("appendix.col.item"), loc.t("appendix.col.record_value")])
    return elements.table(frame, number=None, title="", source="", id_columns=[frame.columns[1]],
                          column_format="p{0.25\\linewidth}p{0.65\\linewidth}", css_class="record",
                          code_columns=[frame.columns[1]])


def appendix(ds: Dataset, loc: Locale, zone: str, period: str, record: dict, cited: list[str]) -> list[elements.Bundle]:
    """The appendix's parts in the order of the report spec."""
    zone_name, period_label = loc.name(ds, zone), loc.period(period)
    # every source of a figure the report shows: those its sections cite, and those of the
    # entity's figures in the quotes table
    quoted = ds.observations.loc[ds.observations["entity_id"] == zone, "source_id"]
    cited = list(dict.fromkeys([*cited, *quoted]))
    parts = {
        "methods": lambda: [elements.heading(None, loc.t("appendix.methods_title"), level=2, anchor="appendix-methods"),
                            elements.paragraph(loc.t("appendix.methods_intro"))]
        + [_formula_block(loc, *f) for f in FORMULAS],
        "sources": lambda: [elements.heading(None, loc.t("appendix.data_title"), level=2, anchor="appendix-sources"),
                            elements.paragraph(loc.t("appendix.data_intro")), sources_table(ds, loc, cited)],
        "quotes": lambda: [quotes_table(ds, loc, zone)],
        "glossary": lambda: [elements.heading(None, loc.t("appendix.glossary_title"), level=2, anchor="appendix-glossary"),
                             glossary_table(ds, loc, zone)],
        "cite": lambda: [elements.heading(None, loc.t("appendix.cite_title"), level=2, anchor="appendix-cite"),
                         elements.paragraph(loc.t("appendix.cite_text", zone=zone_name, period=period_label,
                                                  built=record["built"][:10], data_hash=record["data_hash"][:12]))],
        "record": lambda: [elements.heading(None, loc.t("appendix.record_heading"), level=2, anchor="appendix-record"),
                           elements.paragraph(loc.t("appendix.record_intro")), record_table(loc, record)],
    }
    out = [elements.heading(None, loc.t(spec.part("appendix").title), anchor="appendix")]
    for name in spec.part("appendix").appendix:
        out += parts[name]()
    return out
