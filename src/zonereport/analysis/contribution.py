"""Section 2, contribution: the zone's contribution share (贡献率) and pull (拉动) on its city's
GDP growth and industrial growth, its share of the city, figures implied by the published ones,
and a consistency table of published figures checked against each other."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import charts, fmt
from ..facts import Fact, lookup, text_or_missing
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
        out["zone_increment"] = increment_current_backout(level, inp.zone_growth.fraction)
    if inp.zone_gdp and inp.city_gdp:
        out["share"] = share_of_parent(convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元"),
                                       convert(inp.city_gdp.value, inp.city_gdp.unit, "亿元"))
    if "share" in out and inp.zone_growth and inp.contribution_gdp:
        out["implied_city_growth"] = implied_parent_growth(out["share"], inp.zone_growth.fraction,
                                                           inp.contribution_gdp.fraction)
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

@dataclass(frozen=True)
class CheckSpec:
    """A check of one published figure against a second, independent source.

    ``left`` and ``right`` name (entity, indicator, period, relative_to) or a callable
    producing the implied value from other facts. Tolerances are in the figure's unit.
    """

    key: str
    left: tuple
    right: tuple
    tolerance: float
    unit: str
    transform: str = "same"  # how right becomes comparable: "same", "minus_gap", "to_yi"


CHECKS = [
    CheckSpec("city_gdp_2024", ("changchun", "gdp", "2024"), ("changchun", "gdp", "2024"), 0.5, "亿元"),
    CheckSpec("city_growth_2024", ("changchun", "gdp_growth", "2024"), ("changchun", "gdp_growth", "2024"), 0.05, "%"),
    CheckSpec("city_population_2024", ("changchun", "population_end_year", "2024"),
              ("changchun", "population_end_year", "2024"), 0.05, "万人"),
    CheckSpec("china_gdp_2024", ("china", "gdp", "2024"), ("china", "gdp", "2024"), 500, "亿元", "to_yi"),
    CheckSpec("china_growth_2024", ("china", "gdp_growth", "2024"), ("china", "gdp_growth", "2024"), 0.05, "%"),
    CheckSpec("jilin_vs_china_2024H1", ("china", "gdp_growth", "2024H1"),
              ("jilin_province", "gdp_growth", "2024H1"), 0.05, "%", "minus_gap"),
    CheckSpec("jilin_vs_china_2024Q1", ("china", "gdp_growth", "2024Q1"),
              ("jilin_province", "gdp_growth", "2024Q1"), 0.05, "%", "minus_gap"),
    CheckSpec("jilin_vs_china_2023", ("china", "gdp_growth", "2023"),
              ("jilin_province", "gdp_growth", "2023"), 0.05, "%", "minus_gap"),
    CheckSpec("zone_area", ("caetdz", "area", "undated"), ("caetdz", "area", "undated"), 0.5, "km²"),
]


def _facts_for(ds, spec_side: tuple) -> list[Fact]:
    from ..facts import all_facts

    entity, indicator, period = spec_side[:3]
    return all_facts(ds, entity, indicator, period)


def run_checks(ds, checks=CHECKS) -> list[dict]:
    """Evaluate each check; the two sides must come from different sources."""
    results = []
    for spec in checks:
        lefts = _facts_for(ds, spec.left)
        rights = _facts_for(ds, spec.right)
        left = lefts[0] if lefts else None
        right = None
        for cand in rights:
            if left is None or cand.source_id != left.source_id:
                right = cand
                break
        row = {"key": spec.key, "left": left, "right": right, "tolerance": spec.tolerance, "unit": spec.unit}
        if left is None or right is None:
            row["check"] = cross_check(spec.key, left.value if left else None, None, spec.tolerance, unit=spec.unit)
            row["reason"] = "no_second_source" if left else "not_published"
            results.append(row)
            continue
        published = left.value
        if spec.transform == "minus_gap":
            gap = _gap_fact(ds, right)
            if gap is None:
                row["check"] = cross_check(spec.key, published, None, spec.tolerance, unit=spec.unit)
                row["reason"] = "no_gap"
                results.append(row)
                continue
            implied_value = right.value - gap.value
            row["gap"] = gap
        elif spec.transform == "to_yi":
            published = convert(left.value, left.unit, "亿元")
            implied_value = convert(right.value, right.unit, "亿元")
        else:
            implied_value = convert(right.value, right.unit, left.unit) if right.unit != left.unit else right.value
        row["check"] = cross_check(spec.key, published, implied_value, spec.tolerance, unit=spec.unit)
        row["reason"] = ""
        results.append(row)
    return results


def _gap_fact(ds, growth_fact: Fact) -> Fact | None:
    """The source's own statement of how far a growth rate is above the national one."""
    return lookup(ds, growth_fact.entity_id, "gdp_growth_gap", growth_fact.period, relative_to="china")


def consistency(rep: Report, inp: Inputs, d: dict) -> pd.DataFrame:
    rep.heading(rep.t("contribution.consistency_title"), level=2)
    rep.say("contribution.consistency_intro")
    results = run_checks(rep.ds)
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
            rep.t("contribution.col.check"): rep.t(f"checks.{r['key']}"),
            rep.t("contribution.col.published"): (rep.t("contribution.cell", value=fmt.amount(c.published, r["unit"], rep.lang),
                                                        grade=grade[left.grade])
                                                  if left else fmt.NOT_PUBLISHED[rep.lang]),
            rep.t("contribution.col.against"): (rep.t("contribution.cell", value=fmt.amount(round(c.implied, 4), r["unit"], rep.lang),
                                                      grade=grade[right.grade])
                                                if right and c.implied is not None else "—"),
            rep.t("contribution.col.tolerance"): "±" + (fmt.points(r["tolerance"], rep.lang, 2) if r["unit"] == "%"
                                                        else fmt.amount(r["tolerance"], r["unit"], rep.lang)),
            rep.t("contribution.col.status"): rep.t(f"status.{c.status}"),
            rep.t("contribution.col.reason"): rep.t(f"checks_reason.{r['reason'] or r['key']}"),
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
