"""Structure section: sentences, tables and charts from :mod:`zonereport.compute.structure`."""

from __future__ import annotations

import pandas as pd

from .. import charts
from ..compute.structure import (
    SECTORS,
    Companies,
    Density,
    Firms,
    Members,
    ParentShares,
    Pipeline,
    SectorMeasures,
)
from ..config import CENSUS_YEARS
from ..periods import parse_period
from . import Writer


def _role(w: Writer, role: str) -> str:
    key = f"role.{role}"
    return w.t(key) if w.loc.has(key) else role


def firms(r: Firms, w: Writer) -> None:
    """Only when the data hold firms or firm counts for this entity; otherwise nothing."""
    loc = w.loc
    if r.named.empty and not r.stated:
        return
    w.heading(w.t("structure.firms_title"), level=2)
    if r.stated:
        w.say("structure.firms_stated", zone=w.name(),
              items=loc.join_items(loc.labelled(w.indicator(f.indicator_id), loc.fact(f)) for f in r.stated))
    for role, group in r.named.groupby("role", sort=False):
        w.say("structure.firms_named", zone=w.name(), role=_role(w, role), names=loc.join(group[f"name_{loc.code}"]))
    if r.named.empty:
        return
    table = pd.DataFrame([{
        w.t("structure.col.company"): e[f"name_{loc.code}"],
        w.t("structure.col.role"): _role(w, e["role"]),
        w.t("structure.col.group"): w.name(e["parent_id"], short=False) if e["parent_id"] else "—",
        w.t("structure.col.source"): loc.source_ref(w.ds, e["source_id"]) if e["source_id"] else "—",
    } for _, e in r.named.iterrows()])
    w.table(table, title=w.t("structure.table_firms", zone=w.name()), sources=list(r.named["source_id"]))


def parent_shares(r: ParentShares, w: Writer) -> None:
    loc = w.loc
    if not r.shares:
        return
    parents = list(dict.fromkeys(f.relative_to for f in r.shares))
    w.heading(w.t("structure.weight_title", parents=loc.join_and(w.name(p) for p in parents)), level=2)
    items = [loc.labelled(w.indicator(f.indicator_id), loc.fact(f)) for f in r.shares]
    w.say("structure.weight_sentence", zone=w.name(), items=loc.join_items(items))
    if len({f.indicator_id for f in r.shares}) > 1:
        w.say("structure.no_lq")
    labels = [charts.wrap(w.indicator(f.indicator_id), loc.code, 34, 16) for f in r.shares]
    fig, ax = charts.new_figure(7.0, 0.8 + 0.6 * len(r.shares))
    charts.barh(ax, labels, [f.value for f in r.shares], value_labels=[loc.fact(f) for f in r.shares], highlight=None,
                tips=[w.tip(w.indicator(f.indicator_id), loc.fact(f), [f]) for f in r.shares])
    ax.set_xlim(0, 118)
    ax.set_xlabel(w.t("structure.axis_share"))
    approximate = any(f.qualifier != "exact" for f in r.shares)
    w.figure(fig, title=w.t("structure.chart_weight", zone=w.name(), parents=loc.join_and(w.name(p) for p in parents)),
             sources=r.shares, alt=w.t("structure.alt_weight", values=loc.join(
                 f"{w.indicator(f.indicator_id)} {loc.fact(f)}" for f in r.shares)),
             note=w.t("structure.note_qualifiers") if approximate else "",
             data=r.data[["entity", "period", "indicator", "relative_to", "value", "unit", "qualifier", "source_ids"]])


def members(r: Members, w: Writer) -> None:
    """A table of the entities within this one (a city's zones) with figures of the period; the
    names of those without. Nothing when no entity has this one as its parent."""
    loc = w.loc
    if not r.members and not r.without:
        return
    w.heading(w.t("structure.members_title", zone=w.name()), level=2)
    if not r.members:
        w.say("structure.members_none", zone=w.name(), period=w.period(), names=loc.join_and(w.name(e) for e in r.without))
        return
    cols = {c: w.t(f"structure.col.{c}", zone=w.name()) for c in ("area", "gdp", "growth", "share_of", "contribution_to")}
    rows, sources = [], []
    for m in r.members:
        share = "—"
        if m.share_pct is not None:
            share = loc.percent(m.share_pct) + w.t("structure.derived_mark") + (w.t("structure.low_mark") if m.low_grade else "")
        rows.append({cols["area"]: w.name(m.entity), cols["gdp"]: loc.fact(m.gdp) if m.gdp else "—",
                     cols["growth"]: loc.fact(m.growth) if m.growth else "—", cols["share_of"]: share,
                     cols["contribution_to"]: loc.fact(m.contribution) if m.contribution else "—"})
        sources += [f for f in (m.gdp, m.growth, m.contribution) if f is not None]
    derived = any(m.share_pct is not None for m in r.members)
    if derived:
        sources.append(r.gdp)
    w.table(pd.DataFrame(rows), title=w.t("structure.table_members", zone=w.name(), period=w.period()),
            sources=sources, derived=derived, note=w.t("structure.note_members", zone=w.name()),
            numeric_columns=[cols[c] for c in ("gdp", "growth", "share_of", "contribution_to")])
    if r.without:
        w.say("structure.members_without", period=w.period(), names=loc.join_and(w.name(e) for e in r.without))


def density(r: Density, w: Writer) -> None:
    loc = w.loc
    if r.per_km2_100m_yuan is None:
        if r.gdp is not None:  # without a GDP the section says so already
            key = "structure.density_undated_area" if "area_undated" in r.missing else "structure.density_missing"
            w.say(key, zone=w.name())
        return
    w.heading(w.t("structure.density_title"), level=2)
    w.say("structure.density_sentence", zone=w.name(), period=w.period(), gdp=loc.fact(r.gdp), area=loc.fact(r.area),
          density=loc.amount(round(r.per_km2_100m_yuan, 2), "亿元") + w.t("structure.per_km2"))
    if r.partial_year:
        w.say("structure.density_partial_year")


def pipeline(r: Pipeline, w: Writer) -> None:
    loc = w.loc
    if not r.counts and not r.amounts:
        return
    w.heading(w.t("structure.pipeline_title"), level=2)
    groups = r.counts + r.amounts
    w.say("structure.pipeline_sentence", period=w.period(), zone=w.name(),
          items=loc.join_items(loc.labelled(w.indicator(f.indicator_id), loc.fact(f)) for f in groups))
    for f in r.rates:
        w.say("structure.pipeline_rate", indicator=w.indicator(f.indicator_id), rate=loc.fact(f))
    panels = [(g, key) for g, key in ((r.counts, "structure.axis_projects"), (r.amounts, "structure.axis_amount")) if g]
    fig, axes = charts.plt.subplots(1, len(panels), figsize=(7.6, 3.0), squeeze=False,
                                    gridspec_kw={"width_ratios": [len(g) for g, _ in panels]})
    for ax, (group, key) in zip(axes[0], panels):
        money = key.endswith("amount")
        values = [loc.money(f.value, f.unit) if money else f.value for f in group]
        bars = ax.bar(range(len(values)), values, color=charts.PALETTE[1 if money else 0], edgecolor="#222222",
                      linewidth=0.6, width=0.55, hatch="//" if money else "")
        ax.set_xticks(range(len(values)), [charts.wrap(w.indicator(f.indicator_id), loc.code) for f in group], fontsize=9)
        for bar, f in zip(bars, group):
            charts.tip(bar, w.tip(w.indicator(f.indicator_id), loc.fact(f), [f]))
            ax.annotate(loc.fact(f), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        ax.set_ylim(0, max(values) * 1.25)
        ax.set_ylabel(w.t(key, unit=loc.money_chart_unit))
        ax.grid(axis="x", visible=False)
    fig.tight_layout()
    approximate = any(f.qualifier != "exact" for f in groups)
    w.figure(fig, title=w.t("structure.chart_pipeline", period=w.period()), sources=groups,
             alt=w.t("structure.alt_pipeline", values=loc.join(f"{w.indicator(f.indicator_id)} {loc.fact(f)}" for f in groups)),
             note=w.t("structure.note_pipeline") + (w.t("common.sentence_sep") + w.t("structure.note_approximate")
                                                   if approximate else ""),
             data=r.data[["entity", "period", "indicator", "value", "unit", "qualifier", "source_ids"]])


def companies(r: Companies, w: Writer) -> None:
    loc = w.loc
    if r.data.empty:
        return
    groups = loc.join_and(w.name(g, short=False) for g in r.groups)
    w.heading(w.t("structure.companies_title", groups=groups), level=2)
    w.say("structure.companies_caveat", groups=groups, zone=w.name())
    table = pd.DataFrame([{
        w.t("structure.col.company"): w.name(row.entity, short=False),
        w.t("structure.col.indicator"): w.indicator(row.indicator),
        w.t("structure.col.period"): w.period(row.period),
        w.t("structure.col.value"): loc.amount(row.value, row.unit, row.qualifier),
        w.t("structure.col.growth"): loc.percent(row.growth_pct) if row.growth_pct == row.growth_pct else loc.missing,
        w.t("structure.col.grade"): loc.grade(row.grade),
    } for row in r.data.itertuples(index=False)])
    sources = [s for s in list(r.data["source_ids"]) + list(r.data["growth_source"]) if s]
    w.table(table, title=w.t("structure.table_companies", groups=groups), sources=sources,
            numeric_columns=[w.t("structure.col.value"), w.t("structure.col.growth")])
    if r.series is None or r.series.empty:
        return
    s = r.series
    entity, indicator = s["entity"].iloc[0], s["indicator"].iloc[0]
    labels = [w.period(p) for p in s["period"]]
    texts = [loc.amount(v, u, q) for v, u, q in zip(s["value"], s["unit"], s["qualifier"])]
    fig, ax = charts.new_figure(5.5, 2.8)
    bars = ax.bar(labels, list(s["value"]), color=[charts.PALETTE[2]] * (len(s) - 1) + [charts.PALETTE[0]],
                  edgecolor="#222222", width=0.5)
    for bar, lab, text, sid in zip(bars, labels, texts, s["source_ids"]):
        charts.tip(bar, w.tip(lab, text, [sid]))
    for bar, text in zip(bars, texts):
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize=9.5)
    ax.set_ylim(0, float(s["value"].max()) * 1.2)
    ax.set_ylabel(loc.display_unit(1, s["unit"].iloc[0]))
    title = w.t("structure.chart_company_series", company=w.name(entity, short=False), indicator=w.indicator(indicator))
    w.figure(fig, title=title, sources=list(s["source_ids"]),
             alt=w.t("structure.alt_company_series", title=title,
                     values=loc.join(f"{lab} {t}" for lab, t in zip(labels, texts))),
             note=w.t("structure.companies_caveat_short", zone=w.name()),
             data=s[["entity", "period", "indicator", "value", "unit", "source_ids"]])


def sector_measures(r: SectorMeasures, w: Writer) -> None:
    loc = w.loc
    w.heading(w.t("structure.measures_title"), level=2)
    if not r.subject_has_sectors:
        w.say("structure.measures_intro", zone=w.name())
    if not r.pairs and not r.changes:
        w.say("structure.measures_missing")
        return
    rows, sources = [], []
    for p in r.pairs:
        sources += p.sources
        rs, ns = p.region_levels / p.region_levels.sum(), p.nation_levels / p.nation_levels.sum()
        derived = [w.t("structure.derived_item", entity=w.name(e), sector=w.indicator(s)) for e, s in p.derived]
        for sector in SECTORS:
            mark = w.t("structure.derived_mark") if any(s == sector for _, s in p.derived) else ""
            rows.append({
                w.t("structure.col.pair"): w.t("structure.pair_label", region=w.name(p.region, short=False),
                                               nation=w.name(p.nation, short=False), period=w.period(p.period)),
                w.t("structure.col.sector"): w.indicator(sector) + mark,
                w.t("structure.col.region_share"): loc.percent(100 * rs[sector]),
                w.t("structure.col.nation_share"): loc.percent(100 * ns[sector]),
                w.t("structure.col.lq"): loc.number(p.lq[sector], 2),
            })
        w.say("structure.measures_pair", region=w.name(p.region, short=False), period=w.period(p.period),
              nation=w.name(p.nation, short=False), hhi=loc.number(p.hhi, 3), hhi_n=loc.number(p.hhi_normalised, 3),
              n_eq=loc.number(p.equivalent_number, 2), k=loc.number(p.krugman, 3), h=loc.number(p.hoover, 3))
        if derived:
            w.say("structure.derived_list", names=loc.join(derived))
    for c in r.changes:
        sources += c.sources
        w.say("structure.moore", entity=w.name(c.entity, short=False), a=w.period(c.first), b=w.period(c.last),
              degrees=loc.number(c.moore_degrees, 2), nav=loc.number(c.nav, 4))
        crossed = [y for y in CENSUS_YEARS if parse_period(c.first).year < y <= parse_period(c.last).year]
        if crossed:
            w.say("structure.change_census", years=loc.join_and(str(y) for y in crossed))
        if c.shift_share is not None:
            ss = c.shift_share.sum()
            total, national, mix, competitive = loc.amounts(
                [ss["total_change"], ss["national_share"], ss["industry_mix"], ss["competitive"]], "亿元")
            w.say("structure.shift_share", entity=w.name(c.entity, short=False), nation=w.name(c.nation, short=False),
                  a=w.period(c.first), b=w.period(c.last), total=total, national=national, mix=mix,
                  competitive=competitive)
    if not any(c.shift_share is not None for c in r.changes):
        w.say("structure.no_shift_share")
    if rows:
        w.table(pd.DataFrame(rows), title=w.t("structure.table_measures"), sources=sources, derived=True,
                note=w.t("structure.note_measures"),
                numeric_columns=[w.t("structure.col.region_share"), w.t("structure.col.nation_share"),
                                 w.t("structure.col.lq")])
