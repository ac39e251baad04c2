"""Growth section: sentences, tables and charts from :mod:`zonereport.compute.growth`."""

from __future__ import annotations

import pandas as pd

from .. import charts
from ..compute.growth import Benchmarks, Headline, History, Standing
from . import Writer


def headline(r: Headline, w: Writer) -> None:
    loc, z = w.loc, w.name(short=False)
    if r.gdp and r.growth:
        w.say("growth.headline", period=w.period(), zone=z, level=loc.fact(r.gdp), growth=loc.fact(r.growth))
    elif r.gdp:
        w.say("growth.headline_level_only", period=w.period(), zone=z, level=loc.fact(r.gdp))
    elif r.growth:
        w.say("growth.headline_growth_only", period=w.period(), zone=z, growth=loc.fact(r.growth))
    else:
        w.say("growth.headline_missing", period=w.period(), zone=z)
    if r.growth is not None and r.growth.price_basis == "not_stated":
        w.say("growth.basis_not_stated")


def benchmarks(r: Benchmarks, w: Writer) -> None:
    loc = w.loc
    if not w.scope.chain:
        return
    names = [w.name(e) for e in w.scope.chain]
    w.heading(w.t("growth.benchmarks_title", names=loc.join_and(names)), level=2)
    published = ([r.subject] if r.subject else []) + r.others
    if r.subject is not None and r.others:
        parts = []
        for f in r.others:
            gap = r.subject.value - f.value
            key = "growth.gap_above" if gap > 0 else ("growth.gap_below" if gap < 0 else "growth.gap_equal")
            parts.append(w.t(key, name=w.name(f.entity_id), growth=loc.percent(f.value), gap=loc.points(abs(gap))))
        w.say("growth.benchmarks_sentence", zone=w.name(), comparisons=loc.join(parts))
    elif r.subject is None and r.others:
        w.say("growth.benchmarks_no_subject", zone=w.name(), period=w.period(),
              others=loc.join(w.t("growth.named_rate", name=w.name(f.entity_id), growth=loc.percent(f.value))
                              for f in r.others))
    if r.unpublished:
        w.say("growth.benchmarks_missing", names=loc.join_and(w.name(e, short=False) for e in r.unpublished),
              period=w.period())
    if not r.others:
        return
    if len({f.price_basis for f in published}) > 1:
        w.say("growth.basis_mismatch")
    if len(published) >= 2:
        labels = [w.name(f.entity_id) for f in published]
        values = [f.value for f in published]
        fig, ax = charts.new_figure(7.0, 0.75 + 0.55 * len(published))
        charts.barh(ax, labels, values, value_labels=[loc.percent(v) for v in values],
                    highlight=0 if r.subject else None)
        ax.set_xlabel(w.t("growth.axis_growth"))
        w.figure(fig, title=w.t("growth.chart_benchmarks", period=w.period()), sources=published,
                 alt=w.t("growth.alt_benchmarks", values=loc.join(f"{n} {loc.percent(v)}" for n, v in zip(labels, values))),
                 note=w.t("growth.note_missing", names=loc.join(w.name(e) for e in r.unpublished)) if r.unpublished else "",
                 data=r.data[["entity", "period", "indicator", "value", "unit", "source_ids"]])
    by_entity = {f.entity_id: f for f in published}
    table = pd.DataFrame([{
        w.t("growth.col.entity"): w.name(e),
        w.t("growth.col.growth"): loc.percent(by_entity[e].value) if e in by_entity else loc.missing,
        w.t("growth.col.basis"): loc.basis(by_entity[e].price_basis) if e in by_entity else "—",
        w.t("growth.col.grade"): loc.grade(by_entity[e].grade) if e in by_entity else "—",
    } for e in [w.scope.zone] + w.scope.chain])
    w.table(table, title=w.t("growth.table_benchmarks", period=w.period()), sources=published,
            note=w.t("common.nbs_basis_note"), numeric_columns=[w.t("growth.col.growth")])


def history(r: History, w: Writer) -> None:
    loc = w.loc
    if len(r.levels) < 2:
        return  # one level is the headline already; the summary of missing data says the rest
    w.heading(w.t("growth.history_title"), level=2)
    first, last = r.levels[0], r.levels[-1]
    w.say("growth.history_sentence", zone=w.name(), first_period=w.period(first.period), first=loc.fact(first),
          last_period=w.period(last.period), last=loc.fact(last), years=loc.years(r.years), avg=loc.percent(r.average_nominal_pct))
    if r.census_breaks:
        key = "growth.census_break" if len(r.census_breaks) == 1 else "growth.census_breaks"
        w.say(key, years=loc.join_and(str(y) for y in r.census_breaks))
    labels = [w.period(f.period) for f in r.levels]
    values = [loc.money(f.value, f.unit) for f in r.levels]
    fig, ax = charts.new_figure(6.5, 3.2)
    bars = ax.bar(labels, values, color=charts.PALETTE[0], edgecolor="#222222", linewidth=0.6, width=0.5)
    for bar, f in zip(bars, r.levels):
        ax.annotate(loc.fact(f), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9.5)
    ax.set_ylabel(w.t("growth.axis_level", unit=loc.money_chart_unit))
    ax.set_ylim(0, max(values) * 1.18)
    levels = r.data[r.data["indicator"] == "gdp"]
    w.figure(fig, title=w.t("growth.chart_history", zone=w.name()), sources=r.levels,
             alt=w.t("growth.alt_history", values=loc.join(f"{lab} {loc.fact(f)}" for lab, f in zip(labels, r.levels))),
             note=w.t("growth.note_nominal_avg", avg=loc.percent(r.average_nominal_pct)),
             data=levels[["entity", "period", "indicator", "value", "unit", "source_ids"]])
    table = pd.DataFrame([{
        w.t("growth.col.period"): w.period(f.period),
        w.t("growth.col.level"): loc.fact(f),
        w.t("growth.col.growth"): loc.fact(r.growths[f.period]) if f.period in r.growths else loc.missing,
        w.t("growth.col.grade"): loc.grade(f.grade),
    } for f in r.levels])
    w.table(table, title=w.t("growth.table_history", zone=w.name()), sources=r.levels + list(r.growths.values()),
            note=w.t("common.nbs_basis_note"), numeric_columns=[w.t("growth.col.level"), w.t("growth.col.growth")])


def standing(r: Standing, w: Writer) -> None:
    loc = w.loc
    if r.stated:
        w.heading(w.t("growth.standing_title"), level=2)
        w.say("growth.standing_intro", zone=w.name())
        table = pd.DataFrame([{w.t("growth.col.indicator"): w.indicator(f.indicator_id),
                               w.t("growth.col.value"): loc.fact(f)} for f in r.stated])
        quotes = w.t("common.quote_sep").join(dict.fromkeys(f.quote for f in r.stated))
        note = w.t("growth.standing_quote", quote=quotes)
        if any(f.period == "undated" for f in r.stated):
            note += w.t("common.sentence_sep") + w.t("growth.standing_caveat")
        w.table(table, title=w.t("growth.table_standing", zone=w.name()), sources=r.stated, note=note,
                numeric_columns=[w.t("growth.col.value")])
    if r.industry:
        w.heading(w.t("growth.industry_title"), level=2)
        w.say("growth.industry", period=w.period(),
              items=loc.join(w.t("growth.industry_item", indicator=w.indicator(f.indicator_id), growth=loc.fact(f))
                             for f in r.industry))
        if len(r.industry) > 1:
            w.say("growth.industry_caveat")
