"""Section 1, growth: the zone's level and real growth, against its city, province and China,
its history (nominal average growth, with the census series break), and its standing."""

from __future__ import annotations

import pandas as pd

from .. import charts, fmt
from ..facts import Fact, lookup, text_or_missing
from ..methods import average_growth_nominal, to_percent
from ..periods import parse_period
from ..report import GRADE_LABEL, Report

CENSUS_REVISION_YEAR = 2018  # fourth national economic census; regional GDP levels revised after it


def headline(rep: Report) -> dict:
    """First sentence of the section: the zone's GDP and real growth in the period."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    gdp = lookup(ds, z, "gdp", p)
    growth = lookup(ds, z, "gdp_growth", p)
    rep.heading(rep.t("growth.title"))
    rep.say(
        "growth.headline",
        period=rep.period_label(), zone=rep.zone_name(full=True),
        level=text_or_missing(gdp, rep.lang), growth=text_or_missing(growth, rep.lang),
    )
    if growth is not None and growth.price_basis == "not_stated":
        rep.say("growth.basis_not_stated")
    return {"gdp": gdp, "gdp_growth": growth}


def _parent_chain(rep: Report) -> list[str]:
    chain, current = [], rep.zone
    seen = set()
    while True:
        parent = rep.ds.entity(current)["parent_id"]
        if not parent or parent in seen:
            return chain
        chain.append(parent)
        seen.add(parent)
        current = parent


def benchmarks(rep: Report) -> pd.DataFrame:
    """The zone's growth against each level above it (city, province, country), same period."""
    ds, p = rep.ds, rep.period.code
    rows = []
    for entity in [rep.zone] + _parent_chain(rep):
        f = lookup(ds, entity, "gdp_growth", p)
        rows.append({"entity": entity, "name": ds.name(entity, rep.lang, short=True), "fact": f})
    published = [r for r in rows if r["fact"] is not None]
    missing = [r["name"] for r in rows if r["fact"] is None]
    zone_fact = rows[0]["fact"]

    rep.heading(rep.t("growth.benchmarks_title"), level=2)
    if zone_fact is not None and len(published) > 1:
        parts = []
        for r in published[1:]:
            gap = zone_fact.value - r["fact"].value
            key = "growth.gap_above" if gap > 0 else ("growth.gap_below" if gap < 0 else "growth.gap_equal")
            parts.append(rep.t(key, name=r["name"], growth=fmt.percent(r["fact"].value, rep.lang),
                               gap=fmt.points(abs(gap), rep.lang)))
        rep.say("growth.benchmarks_sentence", zone=rep.zone_name(), comparisons=rep.t("common.list_sep").join(parts))
    if missing:
        rep.say("growth.benchmarks_missing", names=rep.t("common.list_sep").join(missing), period=rep.period_label())
    bases = {r["fact"].price_basis for r in published}
    if len(bases) > 1:
        rep.say("growth.basis_mismatch")

    table = pd.DataFrame([
        {
            rep.t("growth.col.entity"): r["name"],
            rep.t("growth.col.growth"): fmt.percent(r["fact"].value, rep.lang) if r["fact"] else fmt.NOT_PUBLISHED[rep.lang],
            rep.t("growth.col.basis"): rep.t(f"basis.{r['fact'].price_basis}") if r["fact"] else "—",
            rep.t("growth.col.grade"): GRADE_LABEL[rep.lang][r["fact"].grade] if r["fact"] else "—",
        }
        for r in rows
    ])
    if len(published) >= 1:
        fig, ax = charts.new_figure(7.0, 0.75 + 0.55 * len(published))
        labels = [r["name"] for r in published]
        values = [r["fact"].value for r in published]
        charts.barh(ax, labels, values, value_labels=[fmt.percent(v, rep.lang) for v in values], highlight=0)
        ax.set_xlabel(rep.t("growth.axis_growth"))
        ax.set_title(rep.t("growth.chart_benchmarks", period=rep.period_label()))
        data = pd.DataFrame({"entity": [r["entity"] for r in published], "gdp_growth_pct": values})
        rep.figure(fig, title=rep.t("growth.chart_benchmarks", period=rep.period_label()),
                   sources=[r["fact"].source_id for r in published],
                   alt=rep.t("growth.alt_benchmarks", values=rep.t("common.list_sep").join(
                       f"{n} {fmt.percent(v, rep.lang)}" for n, v in zip(labels, values))),
                   note=rep.t("growth.note_missing", names=rep.t("common.list_sep").join(missing)) if missing else "",
                   data=data)
    rep.table(table, title=rep.t("growth.table_benchmarks", period=rep.period_label()),
              sources=[r["fact"].source_id for r in published], note=rep.t("common.nbs_basis_note"),
              numeric_columns=[rep.t("growth.col.growth")])
    return table


def history(rep: Report) -> pd.DataFrame:
    """The zone's GDP in earlier same-kind periods, and nominal average growth between them."""
    ds, z = rep.ds, rep.zone
    current = rep.period
    obs = ds.observations
    rows = obs[(obs["entity_id"] == z) & (obs["indicator_id"] == "gdp")]
    same_kind = []
    for code in sorted(set(rows["period"])):
        per = parse_period(code)
        if per.kind == current.kind and per.index == current.index and per.end == current.end and per.year <= current.year:
            same_kind.append(lookup(ds, z, "gdp", code))
    rep.heading(rep.t("growth.history_title"), level=2)
    if len(same_kind) < 2:
        rep.say("growth.history_missing", zone=rep.zone_name())
        return pd.DataFrame()
    first, last = same_kind[0], same_kind[-1]
    years = parse_period(last.period).years_since(parse_period(first.period))
    avg = to_percent(average_growth_nominal(fmt_level(first, "zh"), fmt_level(last, "zh"), years))
    rep.say("growth.history_sentence", zone=rep.zone_name(), first_period=rep.period_label(first.period), first=first.text(rep.lang),
            last_period=rep.period_label(last.period), last=last.text(rep.lang), years=years,
            avg=fmt.percent(avg, rep.lang))
    first_year, last_year = parse_period(first.period).year, parse_period(last.period).year
    if first_year < CENSUS_REVISION_YEAR <= last_year:
        rep.say("growth.census_break", year=CENSUS_REVISION_YEAR)
    growths = [lookup(ds, z, "gdp_growth", f.period) for f in same_kind]
    table = pd.DataFrame([
        {
            rep.t("growth.col.period"): rep.period_label(f.period),
            rep.t("growth.col.level"): f.text(rep.lang),
            rep.t("growth.col.growth"): text_or_missing(g, rep.lang),
            rep.t("growth.col.grade"): GRADE_LABEL[rep.lang][f.grade],
        }
        for f, g in zip(same_kind, growths)
    ])
    fig, ax = charts.new_figure(6.5, 3.2)
    labels = [rep.period_label(f.period) for f in same_kind]
    values = [fmt_level(f, rep.lang) for f in same_kind]
    bars = ax.bar(labels, values, color=charts.PALETTE[0], edgecolor="#222222", linewidth=0.6, width=0.5)
    for bar, f in zip(bars, same_kind):
        ax.annotate(f.text(rep.lang), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9.5)
    ax.set_ylabel(rep.t("growth.axis_level"))
    ax.set_ylim(0, max(values) * 1.18)
    ax.set_title(rep.t("growth.chart_history", zone=rep.zone_name()))
    rep.figure(fig, title=rep.t("growth.chart_history", zone=rep.zone_name()), derived=False,
               sources=[f.source_id for f in same_kind],
               alt=rep.t("growth.alt_history", values=rep.t("common.list_sep").join(
                   f"{lab} {f.text(rep.lang)}" for lab, f in zip(labels, same_kind))),
               note=rep.t("growth.note_nominal_avg", avg=fmt.percent(avg, rep.lang)),
               data=pd.DataFrame({"period": [f.period for f in same_kind], "gdp": values,
                                  "unit": ["亿元" if rep.lang == "zh" else "billion yuan"] * len(values)}))
    rep.table(table, title=rep.t("growth.table_history", zone=rep.zone_name()),
              sources=[f.source_id for f in same_kind], note=rep.t("common.nbs_basis_note"),
              numeric_columns=[rep.t("growth.col.level"), rep.t("growth.col.growth")])
    return table


def fmt_level(f: Fact, lang: str) -> float:
    """A money level in the chart unit of the language: 亿元 in Chinese, billion yuan in English."""
    from ..units import convert

    return convert(f.value, f.unit, "亿元" if lang == "zh" else "billion yuan")


def standing(rep: Report) -> pd.DataFrame:
    """The zone's standing as the source states it (streaks, ranks), and industry growth."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    ids = ["gdp_above_100bn_streak", "rank_gdp_among_city_districts", "rank_provincial_dev_zone_assessment",
           "rank_provincial_dev_zone_assessment_streak"]
    facts = [f for f in (rep.undated(lookup(ds, z, i)) for i in ids) if f is not None]
    ind_out = lookup(ds, z, "zone_owned_industrial_output_growth", p)
    ind_va = lookup(ds, z, "industrial_va_above_size_growth", p)
    table = pd.DataFrame()
    if not facts and ind_out is None and ind_va is None:
        return table
    rep.heading(rep.t("growth.standing_title"), level=2)
    if facts:
        rep.say("growth.standing_intro", zone=rep.zone_name())
        table = pd.DataFrame([
            {
                rep.t("growth.col.indicator"): ds.indicator(f.indicator_id)[f"name_{rep.lang}"],
                rep.t("growth.col.value"): f.text(rep.lang),
            }
            for f in facts
        ])
        quotes = rep.t("common.quote_sep").join(dict.fromkeys(f.quote for f in facts))
        rep.table(table, title=rep.t("growth.table_standing", zone=rep.zone_name()),
                  sources=[f.source_id for f in facts],
                  note=rep.t("growth.standing_quote", quote=quotes) + " " + rep.t("growth.standing_caveat"),
                  numeric_columns=[rep.t("growth.col.value")])
    if ind_out is not None or ind_va is not None:
        rep.say("growth.industry", output=text_or_missing(ind_out, rep.lang), va=text_or_missing(ind_va, rep.lang),
                period=rep.period_label())
        rep.say("growth.industry_caveat")
    return table
