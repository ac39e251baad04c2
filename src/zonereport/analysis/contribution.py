"""Section 2, contribution: the zone's contribution share (贡献率) and pull (拉动) on its city's
GDP growth and industrial growth, its share of the city, figures implied by the published ones,
and a consistency table of published figures checked against each other."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import charts, fmt
from ..errors import DataError, MethodInputError
from ..facts import Fact, all_facts, lookup, text_or_missing
from ..methods import (
    cross_check,
    implied_parent_growth,
    increment_current_backout,
    share_of_parent,
    to_percent,
)
from ..report import GRADE_LABEL, Report
from ..units import convert


@dataclass
class Inputs:
    zone_gdp: Fact | None
    zone_growth: Fact | None
    contribution_gdp: Fact | None
    contribution_industry: Fact | None
    city_gdp: Fact | None
    city_growth: Fact | None
    city: str


def gather(rep: Report) -> Inputs:
    ds, z, p = rep.ds, rep.zone, rep.period.code
    city = rep.ds.entity(z)["parent_id"]
    return Inputs(
        zone_gdp=lookup(ds, z, "gdp", p),
        zone_growth=lookup(ds, z, "gdp_growth", p),
        contribution_gdp=lookup(ds, z, "gdp_contribution_rate", p, relative_to=city),
        contribution_industry=lookup(ds, z, "industrial_va_above_size_contribution_rate", p, relative_to=city),
        city_gdp=lookup(ds, city, "gdp", p),
        city_growth=lookup(ds, city, "gdp_growth", p),
        city=city,
    )


def derive(inp: Inputs) -> dict:
    """Every derived figure of the section, with the inputs it came from (all fractions/亿元)."""
    out: dict = {}
    if inp.zone_gdp and inp.zone_growth:
        level = convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元")
        try:
            out["zone_increment"] = increment_current_backout(level, inp.zone_growth.fraction)
        except MethodInputError:
            pass
    # impossible combinations (a zone larger than its city, a zero contribution) leave the
    # derived figure out: the report then says it cannot be computed
    if inp.zone_gdp and inp.city_gdp:
        try:
            out["share"] = share_of_parent(convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元"),
                                           convert(inp.city_gdp.value, inp.city_gdp.unit, "亿元"))
        except MethodInputError:
            pass
    if "share" in out and inp.zone_growth and inp.contribution_gdp:
        try:
            out["implied_city_growth"] = implied_parent_growth(out["share"], inp.zone_growth.fraction,
                                                               inp.contribution_gdp.fraction)
        except MethodInputError:
            pass
    city_growth = inp.city_growth.fraction if inp.city_growth else out.get("implied_city_growth")
    if city_growth is not None and inp.contribution_gdp:
        out["city_growth_used"] = city_growth
        out["city_growth_is_implied"] = inp.city_growth is None
        out["pull"] = city_growth * inp.contribution_gdp.fraction
        out["rest_pull"] = city_growth - out["pull"]
    if "zone_increment" in out and inp.contribution_gdp and inp.contribution_gdp.value != 0:
        out["implied_city_increment"] = out["zone_increment"].value / inp.contribution_gdp.fraction
    return out


def headline(rep: Report) -> tuple[Inputs, dict]:
    inp = gather(rep)
    d = derive(inp)
    city_name = rep.ds.name(inp.city, rep.lang)
    rep.heading(rep.t("contribution.title"))
    if inp.contribution_gdp is None:
        rep.say("contribution.no_contribution", zone=rep.zone_name(), period=rep.period_label())
        return inp, d
    rep.say("contribution.headline", period=rep.period_label(), zone=rep.zone_name(), city=city_name,
            gdp=fmt.percent(inp.contribution_gdp.value, rep.lang),
            industry=text_or_missing(inp.contribution_industry, rep.lang))
    if "share" in d:
        rep.say("contribution.share_sentence", city=city_name, share=fmt.percent(to_percent(d["share"]), rep.lang),
                city_gdp=inp.city_gdp.text(rep.lang), grade=GRADE_LABEL[rep.lang][inp.city_gdp.grade])
        if d["share"] < inp.contribution_gdp.fraction:
            rep.say("contribution.above_share")
        else:
            rep.say("contribution.below_share")
    else:
        rep.say("contribution.share_missing", city=city_name)
    return inp, d


def decomposition(rep: Report, inp: Inputs, d: dict) -> pd.DataFrame:
    """The city's growth split into the zone's pull and the rest of the city's (a chart)."""
    city_name = rep.ds.name(inp.city, rep.lang)
    rep.heading(rep.t("contribution.pull_title"), level=2)
    if "pull" not in d:
        rep.say("contribution.pull_missing", city=city_name)
        return pd.DataFrame()
    growth_text = fmt.percent(to_percent(d["city_growth_used"]), rep.lang)
    key = "contribution.pull_sentence_implied" if d["city_growth_is_implied"] else "contribution.pull_sentence"
    rep.say(key, city=city_name, growth=growth_text, pull=fmt.points(to_percent(d["pull"]), rep.lang, 2),
            rest=fmt.points(to_percent(d["rest_pull"]), rep.lang, 2), zone=rep.zone_name())
    labels = [rep.zone_name(), rep.t("contribution.rest_of_city", city=city_name)]
    values = [to_percent(d["pull"]), to_percent(d["rest_pull"])]
    fig, ax = charts.new_figure(7.0, 1.7)
    left = 0.0
    for i, (label, v) in enumerate(zip(labels, values)):
        ax.barh([0], [v], left=left, color=charts.PALETTE[0 if i == 0 else 2], edgecolor="#222222",
                hatch=charts.HATCHES[i * 2], label=f"{label}: {fmt.points(v, rep.lang, 2)}", height=0.6)
        left += v
    ax.set_yticks([])
    ax.set_xlabel(rep.t("contribution.axis_pp"))
    ax.set_xlim(0, left * 1.05 if left > 0 else 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.55), ncol=2, frameon=False)
    ax.set_title(rep.t("contribution.chart_decomposition", city=city_name, growth=growth_text))
    data = pd.DataFrame({"part": ["zone", "rest_of_city"], "pull_pp": values})
    sources = [inp.contribution_gdp.source_id, inp.zone_gdp.source_id if inp.zone_gdp else "",
               inp.city_gdp.source_id if inp.city_gdp else "", inp.city_growth.source_id if inp.city_growth else ""]
    rep.figure(fig, title=rep.t("contribution.chart_decomposition", city=city_name, growth=growth_text),
               sources=sources, derived=True,
               alt=rep.t("contribution.alt_decomposition", zone=rep.zone_name(), pull=fmt.points(values[0], rep.lang, 2),
                         rest=fmt.points(values[1], rep.lang, 2)),
               note=rep.t("contribution.note_decomposition"), data=data)

    # the same decomposition for industry above designated size, where the city's rate is published
    if inp.contribution_industry is not None:
        city_ind = lookup(rep.ds, inp.city, "industrial_va_above_size_growth", rep.period.code)
        if city_ind is None:
            rep.say("contribution.industry_pull_missing", city=city_name, period=rep.period_label())
        else:
            rep.say("contribution.industry_pull", city=city_name, growth=city_ind.text(rep.lang),
                    pull=fmt.points(city_ind.value * inp.contribution_industry.fraction, rep.lang, 2))

    # contribution shares next to the zone's share of the city (both in percent)
    bars = [(rep.t("contribution.bar_contribution_gdp"), inp.contribution_gdp.value, inp.contribution_gdp.source_id)]
    if inp.contribution_industry:
        bars.append((rep.t("contribution.bar_contribution_industry"), inp.contribution_industry.value,
                     inp.contribution_industry.source_id))
    if "share" in d:
        bars.append((rep.t("contribution.bar_share"), to_percent(d["share"]), inp.city_gdp.source_id))
    fig, ax = charts.new_figure(7.0, 0.8 + 0.55 * len(bars))
    charts.barh(ax, [b[0] for b in bars], [b[1] for b in bars],
                value_labels=[fmt.percent(b[1], rep.lang) for b in bars], highlight=0)
    ax.set_xlabel(rep.t("contribution.axis_percent"))
    ax.set_title(rep.t("contribution.chart_shares", zone=rep.zone_name(), city=city_name))
    rep.figure(fig, title=rep.t("contribution.chart_shares", zone=rep.zone_name(), city=city_name),
               sources=[b[2] for b in bars], derived="share" in d,
               alt=rep.t("contribution.alt_shares", values=rep.t("common.list_sep").join(
                   f"{b[0]} {fmt.percent(b[1], rep.lang)}" for b in bars)),
               data=pd.DataFrame({"measure": [b[0] for b in bars], "percent": [b[1] for b in bars]}))
    return data


def implied(rep: Report, inp: Inputs, d: dict) -> pd.DataFrame:
    """Implied figures with their formulas and inputs (derived, never official)."""
    rep.heading(rep.t("contribution.implied_title"), level=2)
    rows = []
    if "zone_increment" in d:
        a = d["zone_increment"]
        rows.append((rep.t("contribution.implied.zone_increment"), fmt.amount(a.value, "亿元", rep.lang, decimals=1),
                     "ΔY ≈ Y_t × g/(1+g)", rep.t("contribution.inputs.zone_increment",
                                                 level=inp.zone_gdp.text(rep.lang), growth=inp.zone_growth.text(rep.lang))))
    if "share" in d:
        rows.append((rep.t("contribution.implied.share"), fmt.percent(to_percent(d["share"]), rep.lang),
                     "s = Y_zone / Y_city", rep.t("contribution.inputs.share", zone=inp.zone_gdp.text(rep.lang),
                                                   city=inp.city_gdp.text(rep.lang),
                                                   grade=GRADE_LABEL[rep.lang][inp.city_gdp.grade])))
    if "implied_city_growth" in d:
        rows.append((rep.t("contribution.implied.city_growth"), fmt.percent(to_percent(d["implied_city_growth"]), rep.lang),
                     "g_c = x/(1−x), x = s·g_z/(1+g_z)/c",
                     rep.t("contribution.inputs.city_growth", c=fmt.percent(inp.contribution_gdp.value, rep.lang))))
    if "implied_city_increment" in d:
        rows.append((rep.t("contribution.implied.city_increment"),
                     fmt.amount(d["implied_city_increment"], "亿元", rep.lang, decimals=1), "ΔY_city = ΔY_zone / c",
                     rep.t("contribution.inputs.city_increment")))
    if "pull" in d:
        rows.append((rep.t("contribution.implied.pull"), fmt.points(to_percent(d["pull"]), rep.lang, 2),
                     "p = g_city × c", rep.t("contribution.inputs.pull")))
    if not rows:
        rep.say("contribution.implied_missing")
        return pd.DataFrame()
    if "zone_increment" in d:
        rep.paragraph(d["zone_increment"].label_zh + "：" + d["zone_increment"].assumption_zh if rep.lang == "zh"
                      else d["zone_increment"].label_en.capitalize() + ": " + d["zone_increment"].assumption_en)
    table = pd.DataFrame(rows, columns=[rep.t("contribution.col.figure"), rep.t("contribution.col.value"),
                                        rep.t("contribution.col.formula"), rep.t("contribution.col.inputs")])
    sources = [f.source_id for f in (inp.zone_gdp, inp.zone_growth, inp.contribution_gdp, inp.city_gdp) if f]
    rep.table(table, title=rep.t("contribution.table_implied"), sources=sources, derived=True,
              note=rep.t("contribution.note_implied"), numeric_columns=[rep.t("contribution.col.value")],
              column_format="p{0.2\\linewidth}p{0.13\\linewidth}p{0.25\\linewidth}p{0.32\\linewidth}")
    return table


# -- consistency ----------------------------------------------------------------------------

def _half_unit(value: float) -> float:
    """Half of the last published digit: the rounding tolerance of a figure (7632.19 → 0.005)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return 0.5 * 10 ** -len(text.partition(".")[2])


def chain(ds, zone: str) -> list[str]:
    """The zone, its parents up to the country, and China (benchmarks)."""
    out, current = [zone], zone
    while True:
        parent = ds.entity(current)["parent_id"]
        if not parent or parent in out:
            break
        out.append(parent)
        current = parent
    return out if "china" in out or "china" not in ds.entities.index else out + ["china"]


def run_checks(ds, entities: list[str]) -> list[dict]:
    """Published figures checked against a second, independent source, found in the data.

    Two kinds: the same figure (entity, indicator, period) published by two sources; and a
    growth rate that a source states as "N points above the national rate", checked against the
    national rate from another source. Tolerances are the sum of both figures' rounding. Figures
    without a period cannot be compared (the sources may describe different dates).
    """
    obs = ds.observations
    results = []
    same = obs[obs["entity_id"].isin(entities) & (obs["indicator_id"] != "gdp_growth_gap")]
    for (entity, indicator, period, rel), _rows in same.groupby(["entity_id", "indicator_id", "period", "relative_to"]):
        facts = all_facts(ds, entity, indicator, period, rel or None)
        if len({f.source_id for f in facts}) < 2:
            continue
        left = facts[0]
        right = next(f for f in facts if f.source_id != left.source_id)
        row = {"kind": "two_sources", "entity": entity, "indicator": indicator, "period": period,
               "left": left, "right": right, "unit": left.unit}
        try:
            implied = convert(right.value, right.unit, left.unit)
        except DataError:
            implied = None
        tolerance = _half_unit(left.value) + (_half_unit(right.value) * convert(1, right.unit, left.unit)
                                              if implied is not None else 0)
        if period == "undated" or implied is None:
            row["check"] = cross_check(indicator, left.value, None, tolerance, unit=left.unit)
            row["reason"] = "undated" if period == "undated" else "units"
        else:
            row["check"] = cross_check(indicator, left.value, implied, tolerance, unit=left.unit)
            revised = "not_stated" not in (left.vintage, right.vintage) and left.vintage != right.vintage
            row["reason"] = "vintage" if revised else "rounding"
        row["tolerance"] = tolerance
        results.append(row)
    gaps = obs[obs["entity_id"].isin(ds.entities.index) & (obs["indicator_id"] == "gdp_growth_gap")
               & obs["relative_to"].isin(entities)]
    for g in gaps.itertuples(index=False):
        gap = lookup(ds, g.entity_id, "gdp_growth_gap", g.period, relative_to=g.relative_to)
        region = lookup(ds, g.entity_id, "gdp_growth", g.period)
        national = [f for f in all_facts(ds, g.relative_to, "gdp_growth", g.period)
                    if region is None or f.source_id != region.source_id]
        row = {"kind": "stated_gap", "entity": g.relative_to, "region": g.entity_id, "indicator": "gdp_growth",
               "period": g.period, "left": national[0] if national else None, "right": region, "gap": gap, "unit": "%"}
        if region is None or not national:
            row["check"] = cross_check("gdp_growth", national[0].value if national else None, None, 0.1, unit="%")
            row["reason"] = "no_second_source"
            row["tolerance"] = 0.1
        else:
            tolerance = _half_unit(national[0].value) + _half_unit(region.value) + _half_unit(gap.value)
            row["check"] = cross_check("gdp_growth", national[0].value, region.value - gap.value, tolerance, unit="%")
            row["reason"] = "stated_gap"
            row["tolerance"] = tolerance
        results.append(row)
    return results


def check_label(rep: Report, r: dict) -> str:
    ds = rep.ds
    names = {"entity": ds.name(r["entity"], rep.lang, short=True), "period": rep.period_label(r["period"]),
             "indicator": ds.indicator(r["indicator"])[f"name_{rep.lang}"]}
    if r["kind"] == "stated_gap":
        return rep.t("checks.stated_gap", region=ds.name(r["region"], rep.lang, short=True), **names)
    return rep.t("checks.two_sources", **names)


def consistency(rep: Report, inp: Inputs, d: dict) -> pd.DataFrame:
    rep.heading(rep.t("contribution.consistency_title"), level=2)
    rep.say("contribution.consistency_intro")
    results = run_checks(rep.ds, chain(rep.ds, rep.zone))
    grade = GRADE_LABEL[rep.lang]
    rows = []
    sources = []
    for r in results:
        c = r["check"]
        left, right = r["left"], r["right"]
        for f in (left, right, r.get("gap")):
            if f is not None:
                sources.append(f.source_id)
        rows.append({
            rep.t("contribution.col.check"): check_label(rep, r),
            rep.t("contribution.col.published"): (rep.t("contribution.cell", value=fmt.amount(left.value, left.unit, rep.lang, left.qualifier),
                                                        grade=grade[left.grade])
                                                  if left else fmt.NOT_PUBLISHED[rep.lang]),
            rep.t("contribution.col.against"): (rep.t("contribution.cell", value=fmt.amount(round(c.implied, 4), r["unit"], rep.lang),
                                                      grade=grade[right.grade])
                                                if right and c.implied is not None else "—"),
            rep.t("contribution.col.tolerance"): "±" + (fmt.points(r["tolerance"], rep.lang, 2) if r["unit"] == "%"
                                                        else fmt.amount(r["tolerance"], r["unit"], rep.lang)),
            rep.t("contribution.col.status"): rep.t(f"status.{c.status}"),
            rep.t("contribution.col.reason"): rep.t(f"checks_reason.{r['reason']}"),
        })
    # the zone's own figures: say plainly what cannot be checked and why
    rows.append({
        rep.t("contribution.col.check"): rep.t("checks.zone_contribution"),
        rep.t("contribution.col.published"): (rep.t("contribution.cell", value=inp.contribution_gdp.text(rep.lang),
                                                    grade=grade[inp.contribution_gdp.grade])
                                              if inp.contribution_gdp else fmt.NOT_PUBLISHED[rep.lang]),
        rep.t("contribution.col.against"): "—",
        rep.t("contribution.col.tolerance"): "—",
        rep.t("contribution.col.status"): rep.t("status.cannot_check"),
        rep.t("contribution.col.reason"): rep.t("checks_reason.zone_contribution"),
    })
    table = pd.DataFrame(rows)
    counts = pd.Series([r["check"].status for r in results]).value_counts()
    rep.say("contribution.consistency_summary", agrees=int(counts.get("agrees", 0)),
            disagrees=int(counts.get("disagrees", 0)), cannot=int(counts.get("cannot_check", 0)))
    rep.table(table, title=rep.t("contribution.table_consistency"), sources=sources,
              note=rep.t("contribution.note_consistency"),
              column_format="p{0.22\\linewidth}p{0.15\\linewidth}p{0.15\\linewidth}p{0.07\\linewidth}p{0.08\\linewidth}p{0.22\\linewidth}")
    return table
