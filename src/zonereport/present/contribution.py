"""Contribution section: sentences, tables and charts from :mod:`zonereport.compute.contribution`."""

from __future__ import annotations

import pandas as pd

from .. import charts
from ..compute.contribution import SECTORS, Check, Consistency, Contribution, OverTime, SectorContribution
from ..methods import to_percent
from . import Writer


def headline(r: Contribution, w: Writer) -> None:
    loc, inp, d = w.loc, r.inputs, r.derived
    if inp.parent is None:
        w.say("contribution.no_parent", zone=w.name())
        return
    parent = w.name(inp.parent)
    if inp.contribution_gdp is None and inp.contribution_industry is None:
        w.say("contribution.no_contribution", zone=w.name(), city=parent, period=w.period())
    elif inp.contribution_gdp is not None and inp.contribution_industry is not None:
        w.say("contribution.headline", period=w.period(), zone=w.name(), city=parent,
              gdp=loc.fact(inp.contribution_gdp), industry=loc.fact(inp.contribution_industry))
    elif inp.contribution_gdp is not None:
        w.say("contribution.headline_gdp", period=w.period(), zone=w.name(), city=parent,
              gdp=loc.fact(inp.contribution_gdp))
    else:
        w.say("contribution.headline_industry", period=w.period(), zone=w.name(), city=parent,
              industry=loc.fact(inp.contribution_industry))
    if d.share is not None:
        w.say("contribution.share_sentence", zone=w.name(), city=parent, share=loc.percent(to_percent(d.share)),
              city_gdp=loc.fact(inp.parent_gdp), grade=loc.grade(inp.parent_gdp.grade))
        if inp.contribution_gdp is not None:
            key = "contribution.above_share" if inp.contribution_gdp.fraction > d.share else "contribution.below_share"
            if inp.parent_gdp.grade == "low" or inp.zone_gdp.grade == "low":
                key += "_low"
            w.say(key, zone=w.name(), city=parent)
    elif inp.zone_gdp is not None:
        w.say("contribution.share_missing", zone=w.name(), city=parent, period=w.period())


def decomposition(r: Contribution, w: Writer) -> None:
    loc, inp, d = w.loc, r.inputs, r.derived
    if inp.parent is None or (inp.contribution_gdp is None and inp.contribution_industry is None):
        return
    parent = w.name(inp.parent)
    w.heading(w.t("contribution.pull_title"), level=2)
    if d.pull is None and inp.contribution_gdp is not None:
        w.say("contribution.pull_missing", city=parent)
    elif d.pull is not None:
        growth_text = loc.percent(to_percent(d.parent_growth_used))
        key = "contribution.pull_sentence_implied" if d.parent_growth_is_implied else "contribution.pull_sentence"
        w.say(key, city=parent, growth=growth_text, pull=loc.points(to_percent(d.pull), 2),
              rest=loc.points(to_percent(d.rest_pull), 2), zone=w.name())
        labels = [w.name(), w.t("contribution.rest_of_city", city=parent)]
        values = [to_percent(d.pull), to_percent(d.rest_pull)]
        fig, ax = charts.new_figure(7.0, 1.7)
        left = 0.0
        for i, (label, v) in enumerate(zip(labels, values)):
            part = ax.barh([0], [v], left=left, color=charts.PALETTE[0 if i == 0 else 2], edgecolor="#222222",
                           hatch=charts.HATCHES[i * 2], label=f"{label}: {loc.points(v, 2)}", height=0.6)
            charts.tip(part[0], w.tip(label, loc.points(v, 2), [inp.contribution_gdp, inp.zone_gdp, inp.parent_gdp,
                                                                 inp.parent_growth], derived=True))
            left += v
        ax.set_yticks([])
        ax.set_xlabel(w.t("contribution.axis_pp"))
        lo = min(0.0, *values)
        ax.set_xlim(lo * 1.05, max(left, *values) * 1.05 if max(left, *values) > 0 else 1)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=2, frameon=False)
        pulls = r.data[r.data["indicator"].isin(["gdp_pull", "gdp_pull_rest"])]
        w.figure(fig, title=w.t("contribution.chart_decomposition", city=parent, growth=growth_text),
                 sources=[inp.contribution_gdp, inp.zone_gdp, inp.parent_gdp, inp.parent_growth], derived=True,
                 alt=w.t("contribution.alt_decomposition", zone=w.name(), city=parent, pull=loc.points(values[0], 2),
                         rest=loc.points(values[1], 2)),
                 note=w.t("contribution.note_decomposition", city=parent),
                 data=pulls[["entity", "period", "indicator", "value", "unit", "derived", "source_ids"]])
    if inp.contribution_industry is not None:
        if d.industry_pull_pp is None:
            w.say("contribution.industry_pull_missing", zone=w.name(), city=parent, period=w.period())
        else:
            w.say("contribution.industry_pull", zone=w.name(), city=parent, growth=loc.fact(inp.parent_industry_growth),
                  pull=loc.points(d.industry_pull_pp, 2))
    bars = []
    if inp.contribution_gdp is not None:
        bars.append((w.t("contribution.bar_contribution_gdp", city=parent), inp.contribution_gdp.value, inp.contribution_gdp))
    if inp.contribution_industry is not None:
        bars.append((w.t("contribution.bar_contribution_industry", city=parent), inp.contribution_industry.value,
                     inp.contribution_industry))
    if d.share is not None:
        bars.append((w.t("contribution.bar_share", city=parent), to_percent(d.share), inp.parent_gdp))
    if len(bars) >= 2:
        fig, ax = charts.new_figure(7.0, 0.8 + 0.55 * len(bars))
        charts.barh(ax, [b[0] for b in bars], [b[1] for b in bars],
                    value_labels=[loc.percent(b[1]) for b in bars], highlight=0,
                    tips=[w.tip(b[0], loc.percent(b[1]), [b[2]] + ([inp.zone_gdp] if b[2] is inp.parent_gdp else []),
                                derived=b[2] is inp.parent_gdp) for b in bars])
        ax.set_xlabel(w.t("contribution.axis_percent"))
        shown = r.data[r.data["indicator"].isin(["gdp_contribution_rate", "industrial_va_above_size_contribution_rate",
                                                 "share_of_parent_gdp"])]
        w.figure(fig, title=w.t("contribution.chart_shares", zone=w.name(), city=parent),
                 sources=[b[2] for b in bars] + ([inp.zone_gdp] if d.share is not None else []),
                 derived=d.share is not None,
                 alt=w.t("contribution.alt_shares", values=loc.join(f"{b[0]} {loc.percent(b[1])}" for b in bars)),
                 data=shown[["entity", "period", "indicator", "relative_to", "value", "unit", "derived", "source_ids"]])


def implied(r: Contribution, w: Writer) -> None:
    loc, inp, d = w.loc, r.inputs, r.derived
    if inp.parent is None or (inp.contribution_gdp is None and d.share is None):
        return  # the increment alone adds nothing to the headline (and the sector table has it per sector)
    zone, city = w.name(), w.name(inp.parent)
    rows = []
    if d.zone_increment is not None:
        rows.append((w.t("contribution.implied.zone_increment", zone=zone), loc.amount(d.zone_increment.value, "亿元", decimals=1),
                     "ΔY ≈ Y_t × g/(1+g)", w.t("contribution.inputs.zone_increment", level=loc.fact(inp.zone_gdp),
                                               growth=loc.fact(inp.zone_growth))))
    if d.share is not None:
        rows.append((w.t("contribution.implied.share", zone=zone, city=city), loc.percent(to_percent(d.share)),
                     "s = Y_zone / Y_city",
                     w.t("contribution.inputs.share", zone=zone, city=city, zone_gdp=loc.fact(inp.zone_gdp),
                         city_gdp=loc.fact(inp.parent_gdp),
                         grade=loc.grade(inp.parent_gdp.grade))))
    if d.implied_parent_growth is not None:
        rows.append((w.t("contribution.implied.city_growth", city=city), loc.percent(to_percent(d.implied_parent_growth)),
                     "g_c = x/(1−x), x = s·g_z/(1+g_z)/c",
                     w.t("contribution.inputs.city_growth", zone=zone, c=loc.fact(inp.contribution_gdp))))
    if d.implied_parent_increment is not None:
        rows.append((w.t("contribution.implied.city_increment", city=city),
                     loc.amount(d.implied_parent_increment, "亿元", decimals=1), "ΔY_city = ΔY_zone / c",
                     w.t("contribution.inputs.city_increment", zone=zone)))
    if d.pull is not None:
        rows.append((w.t("contribution.implied.pull", zone=zone, city=city), loc.points(to_percent(d.pull), 2),
                     "p = g_city × c", w.t("contribution.inputs.pull", city=city)))
    if not rows:
        return
    w.heading(w.t("contribution.implied_title"), level=2)
    if d.zone_increment is not None:
        w.say("contribution.approximation", method=w.t(f"approximation.{d.zone_increment.method}", zone=zone, city=city))
    table = pd.DataFrame(rows, columns=[w.t("contribution.col.figure"), w.t("contribution.col.value"),
                                        w.t("contribution.col.formula"), w.t("contribution.col.inputs")])
    w.table(table, title=w.t("contribution.table_implied"), sources=inp.facts, derived=True,
            note=w.t("contribution.note_implied"), numeric_columns=[w.t("contribution.col.value")],
            formula_columns=[w.t("contribution.col.formula")],
            column_format="p{0.2\\linewidth}p{0.13\\linewidth}p{0.25\\linewidth}p{0.32\\linewidth}")


def _check_label(c: Check, w: Writer) -> str:
    names = {"entity": w.name(c.entity), "period": w.period(c.period), "indicator": w.indicator(c.indicator, c.entity)}
    if c.kind == "stated_gap":
        return w.t("checks.stated_gap", region=w.name(c.region), **names)
    if c.kind == "implied_parent_growth":
        return w.t("checks.implied_parent_growth", zone=w.name(), **names)
    return w.t("checks.two_sources", **names)


def _amount(loc, value: float, unit: str) -> str:
    return loc.amount(round(value, 4), unit)


def consistency(r: Consistency, w: Writer) -> None:
    loc = w.loc
    if not r.checks:
        return
    w.heading(w.t("contribution.consistency_title"), level=2)
    w.say("contribution.consistency_intro")
    rows, sources = [], []
    for c in r.checks:
        sources += [f for f in (c.left, c.right, c.gap) if f is not None]
        if c.kind == "implied_parent_growth":
            against = (w.t("contribution.cell_derived", value=loc.percent(c.check.implied, 2))
                       if c.check.implied is not None else "—")
        else:
            against = (w.t("contribution.cell", value=_amount(loc, c.check.implied, c.unit), grade=loc.grade(c.right.grade))
                       if c.right is not None and c.check.implied is not None else "—")
        if c.kind == "implied_parent_growth" and c.reason == "implied_missing":
            reason = w.t("checks_reason.implied_missing", zone=w.name(), inputs=loc.join(
                w.t(f"checks_input.{m}", zone=w.name(), city=w.name(c.entity)) for m in c.missing_inputs) or "—")
        else:
            reason = w.t(f"checks_reason.{c.reason}")
        tolerance = "—" if c.tolerance == 0 else "±" + (loc.points(c.tolerance, 2) if c.unit == "%"
                                                        else _amount(loc, c.tolerance, c.unit))
        rows.append({
            w.t("contribution.col.check"): _check_label(c, w),
            w.t("contribution.col.published"): (w.t("contribution.cell", value=loc.fact(c.left), grade=loc.grade(c.left.grade))
                                                if c.left is not None else loc.missing),
            w.t("contribution.col.against"): against,
            w.t("contribution.col.tolerance"): tolerance,
            w.t("contribution.col.status"): loc.status(c.check.status),
            w.t("contribution.col.reason"): reason,
        })
    counts = r.data["status"].value_counts()
    w.say("contribution.consistency_summary", agrees=int(counts.get("agrees", 0)),
          disagrees=int(counts.get("disagrees", 0)), cannot=int(counts.get("cannot_check", 0)))
    flagged = [c for c in r.checks if c.kind == "implied_parent_growth" and c.check.status == "disagrees"]
    for c in flagged:
        w.say("contribution.implied_disagrees", zone=w.name(), city=w.name(c.entity), published=loc.fact(c.left),
              implied=loc.percent(c.check.implied), tolerance=loc.points(c.tolerance, 2))
    w.table(pd.DataFrame(rows), title=w.t("contribution.table_consistency"), sources=sources,
            note=w.t("contribution.note_consistency"),
            column_format="p{0.22\\linewidth}p{0.15\\linewidth}p{0.15\\linewidth}p{0.07\\linewidth}p{0.08\\linewidth}p{0.22\\linewidth}")


def sectors(r: SectorContribution, w: Writer) -> None:
    """The three-sector table NBS publishes: level, real growth, share, contribution share, pull."""
    loc = w.loc
    if not r.rows:
        return
    w.heading(w.t("contribution.sectors_title"), level=2)
    top = max(r.rows, key=lambda x: x.contribution)
    w.say("contribution.sectors_sentence", zone=w.name(), period=w.period(), growth=loc.fact(r.gdp_growth),
          sector=w.indicator(top.sector), contribution=loc.percent(100 * top.contribution),
          pull=loc.points(top.pull_pp, 2))
    key = "contribution.identities_hold" if r.identities_hold else "contribution.identities_fail"
    w.say(key, sum_c=loc.percent(100 * r.contribution_sum), tol_c=loc.points(100 * r.contribution_tolerance, 1),
          sum_p=loc.points(r.pull_sum_pp, 2), growth=loc.fact(r.gdp_growth), tol_p=loc.points(r.pull_tolerance_pp, 2))
    w.say("contribution.approximation", method=w.t("approximation.sectors"))
    published = any(x.published_contribution or x.published_pull for x in r.rows)
    rows = []
    for x in r.rows:
        row = {
            w.t("contribution.col.sector"): w.indicator(x.sector) + (w.t("structure.derived_mark") if x.sector in r.residual else ""),
            w.t("contribution.col.level"): loc.fact(x.level),
            w.t("contribution.col.growth"): loc.fact(x.growth),
            w.t("contribution.col.share"): loc.percent(100 * x.share),
            w.t("contribution.col.contribution"): loc.percent(100 * x.contribution),
            w.t("contribution.col.pull"): loc.number(x.pull_pp, 2),
        }
        if published:
            row[w.t("contribution.col.published_contribution")] = loc.fact(x.published_contribution) if x.published_contribution else "—"
            row[w.t("contribution.col.published_pull")] = loc.number(x.published_pull.value) if x.published_pull else "—"
        rows.append(row)
    total = {
        w.t("contribution.col.sector"): w.indicator("gdp"),
        w.t("contribution.col.level"): loc.fact(r.gdp),
        w.t("contribution.col.growth"): loc.fact(r.gdp_growth),
        w.t("contribution.col.share"): loc.percent(100),
        w.t("contribution.col.contribution"): loc.percent(100 * r.contribution_sum),
        w.t("contribution.col.pull"): loc.number(r.pull_sum_pp, 2),
    }
    if published:
        total[w.t("contribution.col.published_contribution")] = "—"
        total[w.t("contribution.col.published_pull")] = "—"
    rows.append(total)
    sources = [r.gdp, r.gdp_growth] + [f for x in r.rows for f in (x.level, x.growth, x.published_contribution,
                                                                    x.published_pull) if f is not None and f.source_id]
    numeric = [w.t(f"contribution.col.{c}") for c in ("level", "growth", "share", "contribution", "pull")]
    if published:
        numeric += [w.t("contribution.col.published_contribution"), w.t("contribution.col.published_pull")]
    w.table(pd.DataFrame(rows), title=w.t("contribution.table_sectors", zone=w.name(), period=w.period()),
            sources=sources, derived=True, note=w.t("contribution.note_sectors"), numeric_columns=numeric)
    labels = [w.indicator(x.sector) for x in r.rows]
    values = [x.pull_pp for x in r.rows]
    fig, ax = charts.new_figure(7.0, 1.9)
    left = 0.0
    for i, (label, v) in enumerate(zip(labels, values)):
        part = ax.barh([0], [v], left=left, color=charts.PALETTE[i], edgecolor="#222222", hatch=charts.HATCHES[i],
                       label=f"{label}: {loc.points(v, 2)}", height=0.6)
        charts.tip(part[0], w.tip(label, loc.points(v, 2), sources, derived=True))
        left += v
    ax.axvline(r.gdp_growth.value, color="#c0392b", linestyle="--", linewidth=1.2,
               label=w.t("contribution.marker_growth", growth=loc.fact(r.gdp_growth)))
    ax.set_yticks([])
    ax.set_xlabel(w.t("contribution.axis_pp"))
    ax.set_xlim(min(0.0, *values) * 1.1, max(left, r.gdp_growth.value, *values) * 1.1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=2, frameon=False)
    pulls = r.data[r.data["indicator"].str.endswith("_pull_approx")]
    w.figure(fig, title=w.t("contribution.chart_sectors", zone=w.name(), period=w.period()), sources=sources,
             derived=True, alt=w.t("contribution.alt_sectors", values=loc.join(
                 f"{lab} {loc.points(v, 2)}" for lab, v in zip(labels, values))),
             data=pulls[["entity", "period", "indicator", "value", "unit", "derived", "source_ids"]])


def _trend(loc, first: float, last: float) -> str:
    return "rose" if last > first else ("fell" if last < first else "same")


def over_time(r: OverTime, w: Writer) -> None:
    loc = w.loc
    if not r.periods:
        return
    w.heading(w.t("contribution.over_time_title"), level=2)
    series: list[tuple[str, dict[str, float]]] = []
    if r.shares:
        parent = w.name(w.scope.parent)
        values = {c: f.value for c, f in r.shares.items()}
        first, last = list(r.shares)[0], list(r.shares)[-1]
        w.say(f"contribution.over_time_share_{_trend(loc, values[first], values[last])}", zone=w.name(), city=parent,
              first_period=w.period(first), first=loc.fact(r.shares[first]), last_period=w.period(last),
              last=loc.fact(r.shares[last]))
        series.append((w.t("contribution.over_time_series_share", city=parent), values))
    if r.sectors:
        first, last = list(r.sectors)[0], list(r.sectors)[-1]
        for i, sector in enumerate(SECTORS):
            published = all(t.rows[i].published_contribution is not None for t in r.sectors.values())
            values = {c: (t.rows[i].published_contribution.value if published else 100 * t.rows[i].contribution)
                      for c, t in r.sectors.items()}
            w.say(f"contribution.over_time_sector_{_trend(loc, values[first], values[last])}",
                  sector=w.indicator(sector), first_period=w.period(first), first=loc.percent(values[first]),
                  last_period=w.period(last), last=loc.percent(values[last]),
                  basis=w.t("contribution.basis_published" if published else "contribution.basis_derived"))
            series.append((w.indicator(sector), values))
    table = pd.DataFrame([{w.t("contribution.col.period"): w.period(c),
                           **{name: loc.percent(values[c]) if c in values else loc.missing for name, values in series}}
                          for c in r.periods])
    sources = list(r.shares.values()) + [f for t in r.sectors.values() for f in [t.gdp, t.gdp_growth] + [
        x.growth for x in t.rows] + [x.level for x in t.rows if x.level.source_id] + [
        x.published_contribution for x in t.rows if x.published_contribution is not None]]
    w.table(table, title=w.t("contribution.table_over_time", zone=w.name()), sources=sources, derived=bool(r.sectors),
            note=w.t("contribution.note_over_time") if r.sectors else "",
            numeric_columns=[name for name, _ in series])
    fig, ax = charts.new_figure(7.0, 3.2)
    positions = {c: i for i, c in enumerate(r.periods)}
    for i, (name, values) in enumerate(series):
        xs = [positions[c] for c in r.periods if c in values]
        ax.plot(xs, [values[c] for c in r.periods if c in values], marker="os^D"[i % 4], linewidth=1.8,
                color=charts.PALETTE[i % len(charts.PALETTE)], label=name)
        for c in r.periods:
            if c in values:
                charts.point(ax, positions[c], values[c], w.tip(w.t("common.point_label", name=name, period=w.period(c)), loc.percent(values[c]),
                                                                sources, derived=bool(r.sectors)),
                             marker="os^D"[i % 4], color=charts.PALETTE[i % len(charts.PALETTE)])
    ax.set_xticks(range(len(r.periods)), [w.period(c) for c in r.periods])
    ax.set_ylabel(w.t("contribution.axis_percent"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
    w.figure(fig, title=w.t("contribution.chart_over_time", zone=w.name()), sources=sources, derived=bool(r.sectors),
             alt=w.t("contribution.alt_over_time", values=loc.join(
                 f"{name} " + loc.join(f"{w.period(c)} {loc.percent(v)}" for c, v in values.items())
                 for name, values in series)),
             data=r.data[["entity", "period", "indicator", "value", "unit", "derived", "source_ids"]])
