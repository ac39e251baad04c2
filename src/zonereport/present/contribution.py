"""Contribution section: sentences, tables and charts from :mod:`zonereport.compute.contribution`."""

from __future__ import annotations

import pandas as pd

from .. import charts
from ..compute.contribution import Check, Consistency, Contribution
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
        w.say("contribution.share_sentence", city=parent, share=loc.percent(to_percent(d.share)),
              city_gdp=loc.fact(inp.parent_gdp), grade=loc.grade(inp.parent_gdp.grade))
        if inp.contribution_gdp is not None:
            w.say("contribution.above_share" if inp.contribution_gdp.fraction > d.share else "contribution.below_share")
    elif inp.zone_gdp is not None:
        w.say("contribution.share_missing", city=parent, period=w.period())


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
            ax.barh([0], [v], left=left, color=charts.PALETTE[0 if i == 0 else 2], edgecolor="#222222",
                    hatch=charts.HATCHES[i * 2], label=f"{label}: {loc.points(v, 2)}", height=0.6)
            left += v
        ax.set_yticks([])
        ax.set_xlabel(w.t("contribution.axis_pp"))
        lo = min(0.0, *values)
        ax.set_xlim(lo * 1.05, max(left, *values) * 1.05 if max(left, *values) > 0 else 1)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=2, frameon=False)
        pulls = r.data[r.data["indicator"].isin(["gdp_pull", "gdp_pull_rest"])]
        w.figure(fig, title=w.t("contribution.chart_decomposition", city=parent, growth=growth_text),
                 sources=[inp.contribution_gdp, inp.zone_gdp, inp.parent_gdp, inp.parent_growth], derived=True,
                 alt=w.t("contribution.alt_decomposition", zone=w.name(), pull=loc.points(values[0], 2),
                         rest=loc.points(values[1], 2)),
                 note=w.t("contribution.note_decomposition"),
                 data=pulls[["entity", "period", "indicator", "value", "unit", "derived", "source_ids"]])
    if inp.contribution_industry is not None:
        if d.industry_pull_pp is None:
            w.say("contribution.industry_pull_missing", city=parent, period=w.period())
        else:
            w.say("contribution.industry_pull", city=parent, growth=loc.fact(inp.parent_industry_growth),
                  pull=loc.points(d.industry_pull_pp, 2))
    bars = []
    if inp.contribution_gdp is not None:
        bars.append((w.t("contribution.bar_contribution_gdp"), inp.contribution_gdp.value, inp.contribution_gdp))
    if inp.contribution_industry is not None:
        bars.append((w.t("contribution.bar_contribution_industry"), inp.contribution_industry.value,
                     inp.contribution_industry))
    if d.share is not None:
        bars.append((w.t("contribution.bar_share"), to_percent(d.share), inp.parent_gdp))
    if len(bars) >= 2:
        fig, ax = charts.new_figure(7.0, 0.8 + 0.55 * len(bars))
        charts.barh(ax, [b[0] for b in bars], [b[1] for b in bars],
                    value_labels=[loc.percent(b[1]) for b in bars], highlight=0)
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
    if inp.parent is None:
        return
    rows = []
    if d.zone_increment is not None:
        rows.append((w.t("contribution.implied.zone_increment"), loc.amount(d.zone_increment.value, "亿元", decimals=1),
                     "ΔY ≈ Y_t × g/(1+g)", w.t("contribution.inputs.zone_increment", level=loc.fact(inp.zone_gdp),
                                               growth=loc.fact(inp.zone_growth))))
    if d.share is not None:
        rows.append((w.t("contribution.implied.share"), loc.percent(to_percent(d.share)), "s = Y_zone / Y_city",
                     w.t("contribution.inputs.share", zone=loc.fact(inp.zone_gdp), city=loc.fact(inp.parent_gdp),
                         grade=loc.grade(inp.parent_gdp.grade))))
    if d.implied_parent_growth is not None:
        rows.append((w.t("contribution.implied.city_growth"), loc.percent(to_percent(d.implied_parent_growth)),
                     "g_c = x/(1−x), x = s·g_z/(1+g_z)/c",
                     w.t("contribution.inputs.city_growth", c=loc.fact(inp.contribution_gdp))))
    if d.implied_parent_increment is not None:
        rows.append((w.t("contribution.implied.city_increment"),
                     loc.amount(d.implied_parent_increment, "亿元", decimals=1), "ΔY_city = ΔY_zone / c",
                     w.t("contribution.inputs.city_increment")))
    if d.pull is not None:
        rows.append((w.t("contribution.implied.pull"), loc.points(to_percent(d.pull), 2), "p = g_city × c",
                     w.t("contribution.inputs.pull")))
    if not rows:
        return
    w.heading(w.t("contribution.implied_title"), level=2)
    if d.zone_increment is not None:
        w.say("contribution.approximation", method=w.t(f"approximation.{d.zone_increment.method}"))
    table = pd.DataFrame(rows, columns=[w.t("contribution.col.figure"), w.t("contribution.col.value"),
                                        w.t("contribution.col.formula"), w.t("contribution.col.inputs")])
    w.table(table, title=w.t("contribution.table_implied"), sources=inp.facts, derived=True,
            note=w.t("contribution.note_implied"), numeric_columns=[w.t("contribution.col.value")],
            column_format="p{0.2\\linewidth}p{0.13\\linewidth}p{0.25\\linewidth}p{0.32\\linewidth}")


def _check_label(c: Check, w: Writer) -> str:
    names = {"entity": w.name(c.entity), "period": w.period(c.period), "indicator": w.indicator(c.indicator)}
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
            reason = w.t("checks_reason.implied_missing",
                         inputs=loc.join(w.t(f"checks_input.{m}") for m in c.missing_inputs) or "—")
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
        w.say("contribution.implied_disagrees", city=w.name(c.entity), published=loc.fact(c.left),
              implied=loc.percent(c.check.implied), tolerance=loc.points(c.tolerance, 2))
    w.table(pd.DataFrame(rows), title=w.t("contribution.table_consistency"), sources=sources,
            note=w.t("contribution.note_consistency"),
            column_format="p{0.22\\linewidth}p{0.15\\linewidth}p{0.15\\linewidth}p{0.07\\linewidth}p{0.08\\linewidth}p{0.22\\linewidth}")
