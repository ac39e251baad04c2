"""Key findings and the main-indicators table, at the top of the report.

Built by the build process (no kernel) from the same data and methods as the sections, so the
findings always agree with the numbers below them.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from ..facts import count_or_missing, lookup
from ..methods import to_percent
from ..report import GRADE_LABEL, Report
from . import contribution


def key_findings(rep: Report) -> list[str]:
    """Three to five sentences, each from a computed or published figure."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    inp = contribution.gather(rep)
    d = contribution.derive(inp)
    city = ds.name(inp.city, rep.lang)
    out = []
    if inp.zone_gdp and inp.zone_growth:
        china = lookup(ds, "china", "gdp_growth", p)
        if china is not None:
            gap = inp.zone_growth.value - china.value
            key = ("summary.growth_vs_china_above" if gap > 0 else
                   "summary.growth_vs_china_below" if gap < 0 else "summary.growth_vs_china_equal")
            out.append(rep.t(key, zone=rep.zone_name(full=True), period=rep.period_label(), level=inp.zone_gdp.text(rep.lang),
                             growth=inp.zone_growth.text(rep.lang), china=fmt.percent(china.value, rep.lang),
                             gap=fmt.points(abs(gap), rep.lang)))
        else:
            out.append(rep.t("summary.growth", zone=rep.zone_name(), period=rep.period_label(),
                             level=inp.zone_gdp.text(rep.lang), growth=inp.zone_growth.text(rep.lang)))
    if inp.contribution_gdp is not None:
        if "share" in d:
            key = "summary.contribution_vs_share_above" if inp.contribution_gdp.fraction > d["share"] else "summary.contribution_vs_share_below"
            if inp.city_gdp.grade == "low":
                key += "_low"
            out.append(rep.t(key, city=city, c=fmt.percent(inp.contribution_gdp.value, rep.lang),
                             share=fmt.percent(to_percent(d["share"]), rep.lang)))
        else:
            out.append(rep.t("summary.contribution", city=city, c=fmt.percent(inp.contribution_gdp.value, rep.lang)))
    if inp.contribution_industry is not None:
        out.append(rep.t("summary.industry", city=city, c=fmt.percent(inp.contribution_industry.value, rep.lang)))
    firms = rep.undated(lookup(ds, z, "share_of_city_auto_firms", relative_to=inp.city))
    output = rep.undated(lookup(ds, z, "share_of_city_auto_output", relative_to=inp.city))
    makers = rep.undated(lookup(ds, z, "automakers_count"))
    if firms is not None and output is not None:
        out.append(rep.t("summary.auto", city=city, firms=firms.text(rep.lang), output=output.text(rep.lang),
                         makers=count_or_missing(makers, rep.lang)))
    if "implied_city_growth" in d and inp.city_growth is None:
        low = inp.city_gdp is not None and inp.city_gdp.grade == "low"
        out.append(rep.t("summary.implied_low" if low else "summary.implied", city=city,
                         growth=fmt.percent(to_percent(d["implied_city_growth"]), rep.lang)))
    return out[:5]


MAIN_INDICATORS = [
    # (indicator of the level, indicator of its growth, indicator of its share or contribution)
    ("gdp", "gdp_growth", "gdp_contribution_rate"),
    (None, "industrial_va_above_size_growth", "industrial_va_above_size_contribution_rate"),
    (None, "zone_owned_industrial_output_growth", None),
    ("projects_negotiated_count", None, None),
    ("projects_negotiated_investment", None, None),
    ("projects_signed_count", None, None),
    ("out_of_province_investment", None, None),
    ("projects_started_count", None, None),
    ("specialised_sme_certified", None, None),
]


def main_indicators(rep: Report) -> pd.DataFrame:
    """主要经济指标: indicator, unit, this period, growth %, share/contribution, source."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    city = ds.entity(z)["parent_id"]
    rows = []
    sources = []
    for level_id, growth_id, share_id in MAIN_INDICATORS:
        level = lookup(ds, z, level_id, p) if level_id else None
        growth = lookup(ds, z, growth_id, p) if growth_id else None
        share = lookup(ds, z, share_id, p, relative_to=city) if share_id else None
        if level is None and growth is None:
            continue
        name_id = level_id or growth_id
        name = ds.indicator(name_id)[f"name_{rep.lang}"]
        if level is None and growth is not None:
            name = ds.indicator(growth_id)[f"name_{rep.lang}"]
        used = [f for f in (level, growth, share) if f is not None]
        sources += [f.source_id for f in used]
        rows.append({
            rep.t("summary.col.indicator"): name,
            rep.t("summary.col.unit"): fmt.display_unit(level.value, level.unit, rep.lang) if level else "—",
            rep.t("summary.col.value"): fmt.amount(level.value, level.unit, rep.lang, level.qualifier, bare=True) if level else "—",
            rep.t("summary.col.growth"): fmt.number(growth.value, rep.lang) if growth else "—",
            rep.t("summary.col.share"): fmt.number(share.value, rep.lang) if share else "—",
            rep.t("summary.col.grade"): rep.t("common.list_sep").join(dict.fromkeys(GRADE_LABEL[rep.lang][f.grade] for f in used)),
        })
    table = pd.DataFrame(rows)
    if not table.empty:
        rep.table(table, title=rep.t("summary.table_title", zone=rep.zone_name(), period=rep.period_label()),
                  sources=sources, note=rep.t("common.nbs_basis_note"),
                  numeric_columns=[rep.t("summary.col.value"), rep.t("summary.col.growth"), rep.t("summary.col.share")])
    return table


def summary(rep: Report) -> None:
    rep.heading(rep.t("summary.title"))
    findings = key_findings(rep)
    if findings:
        rep.bullets(findings)
    main_indicators(rep)
