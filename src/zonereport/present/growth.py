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
    if any(f is not None and f.grade == "low" for f in (r.gdp, r.growth)):
        w.say("growth.headline_low_grade")
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
                    highlight=0 if r.subject else None,
                    tips=[w.tip(n, loc.percent(f.value), [f]) for n, f in zip(labels, published)])
        ax.set_xlabel(w.t("growth.axis_growth"))
        w.figure(fig, title=w.t("growth.chart_benchmarks", period=w.period()), sources=published,
                 alt=w.t("growth.alt_benchmarks", values=loc.join(f"{n} {loc.percent(v)}" for n, v in zip(labels, values))),
                 note=w.t("growth.note_missing", names=loc.join_and(w.name(e) for e in r.unpublished)) if r.unpublished else "",
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
    if len(r.periods) < 2:
        return  # one period is the headline already
    w.heading(w.t("growth.history_title"), level=2)
    if r.is_trajectory and r.growths:
        _trajectory_sentences(r, w)
    if len(r.levels) >= 2:
        first, last = r.levels[0], r.levels[-1]
        w.say("growth.history_sentence", zone=w.name(), first_period=w.period(first.period), first=loc.fact(first),
              last_period=w.period(last.period), last=loc.fact(last), years=loc.years(r.years),
              avg=loc.percent(r.average_nominal_pct))
        if r.average_real_pct is not None and r.years >= 2:
            w.say("growth.history_real", avg=loc.percent(r.average_real_pct), years=loc.years(r.years))
        if r.census_breaks:
            key = "growth.census_break" if len(r.census_breaks) == 1 else "growth.census_breaks"
            w.say(key, years=loc.join_and(str(y) for y in r.census_breaks))
    if r.is_trajectory:
        _trajectory_chart(r, w)
    elif len(r.levels) >= 2:
        _levels_chart(r, w)
    table = pd.DataFrame([{
        w.t("growth.col.period"): w.period(c),
        w.t("growth.col.level"): next((loc.fact(f) for f in r.levels if f.period == c), loc.missing),
        w.t("growth.col.growth"): loc.fact(r.growths[c]) if c in r.growths else loc.missing,
        w.t("growth.col.grade"): loc.join(dict.fromkeys(loc.grade(f.grade) for f in
                                                       [f for f in r.levels if f.period == c] + [r.growths.get(c)] if f)),
    } for c in r.periods])
    w.table(table, title=w.t("growth.table_history", zone=w.name()), sources=r.levels + list(r.growths.values()),
            note=w.t("common.nbs_basis_note"), numeric_columns=[w.t("growth.col.level"), w.t("growth.col.growth")])


def _trajectory_sentences(r: History, w: Writer) -> None:
    loc = w.loc
    rates = [(c, r.growths[c]) for c in r.periods if c in r.growths]
    low = min(rates, key=lambda x: x[1].value)
    high = max(rates, key=lambda x: x[1].value)
    w.say("growth.trajectory_sentence", zone=w.name(), first=w.period(rates[0][0]), last=w.period(rates[-1][0]),
          low_period=w.period(low[0]), low=loc.fact(low[1]), high_period=w.period(high[0]), high=loc.fact(high[1]))
    if len(rates) >= 2:
        (_, before), (_, latest) = rates[-2], rates[-1]
        key = ("growth.trajectory_faster" if latest.value > before.value else
               "growth.trajectory_slower" if latest.value < before.value else "growth.trajectory_same")
        w.say(key, period=w.period(latest.period), growth=loc.fact(latest), before_period=w.period(before.period),
              before=loc.fact(before))
    for entity, by in r.parent_growths.items():
        common = [c for c, _ in rates if c in by]
        if len(common) >= 2:
            above = sum(r.growths[c].value > by[c].value for c in common)
            w.say("growth.trajectory_parent", zone=w.name(), name=w.name(entity), above=loc.number(above),
                  total=loc.number(len(common)))


GAP_WIDTH = 1.6  # x distance between two years the data do not join (a gap of any length)


def _year_positions(years: list[int]) -> tuple[dict[int, float], list[float]]:
    """x positions of the years: consecutive years one apart, a gap of any length compressed to
    GAP_WIDTH (so 2006, 2007, 2010, 2022 do not leave two thirds of the chart empty); and the x of
    each gap's middle, where the axis shows a break."""
    ordered = sorted(set(years))
    positions, breaks, x = {ordered[0]: 0.0}, [], 0.0
    for before, year in zip(ordered, ordered[1:]):
        step = 1.0 if year - before == 1 else GAP_WIDTH
        if step != 1.0:
            breaks.append(x + step / 2)
        x += step
        positions[year] = x
    return positions, breaks


def _census_x(census: int, positions: dict[int, float]) -> float | None:
    """Where a census year's marker goes: just before the census year if the data hold it, else in
    the middle of the gap that spans it; None when the census is outside the years shown."""
    years = sorted(positions)
    if census in positions:
        return positions[census] - 0.5
    before = [y for y in years if y < census]
    after = [y for y in years if y > census]
    if not before or not after:
        return None
    a, b = before[-1], after[0]  # two censuses in one gap stand apart, in proportion to the years
    return positions[a] + (census - a) / (b - a) * (positions[b] - positions[a])


def _census_markers(ax, r: History, positions: dict[int, float]) -> None:
    """A dotted line at each census within the years shown."""
    for census in r.census_breaks:
        x = _census_x(census, positions)
        if x is None:
            continue
        ax.axvline(x, color="#7f7f7f", linestyle=":", linewidth=1.2)
        ax.annotate(str(census), (x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(2, -10), textcoords="offset points", fontsize=8.5, color="#555555")


def _missing_years(year_x: dict[int, float]) -> list[str]:
    """The runs of years between the first and last year shown that the data do not hold."""
    years, out = sorted(year_x), []
    for a, b in zip(years, years[1:]):
        if b - a == 2:
            out.append(str(a + 1))
        elif b - a > 2:
            out.append(f"{a + 1}–{b - 1}")
    return out


def _axis_breaks(ax, breaks: list[float]) -> None:
    """Two short slanted strokes on the x axis at each compressed gap."""
    for x in breaks:
        for dx in (-0.07, 0.07):
            ax.plot([x + dx - 0.05, x + dx + 0.05], [-0.025, 0.025], transform=ax.get_xaxis_transform(),
                    color="#222222", linewidth=1.0, clip_on=False)


def _trajectory_chart(r: History, w: Writer) -> None:
    loc = w.loc
    from ..periods import parse_period

    year_x, breaks = _year_positions([parse_period(c).year for c in r.periods])  # same kind: the year tells them apart
    positions = {c: year_x[parse_period(c).year] for c in r.periods}
    yearly = all(parse_period(c).kind == "year" for c in r.periods)
    labels = [str(parse_period(c).year) if yearly else w.period(c) for c in r.periods]
    fig, ax = charts.new_figure(7.2, 3.6)
    by_period = {f.period: f for f in r.levels}
    if by_period:
        xs = [positions[c] for c in r.periods if c in by_period]
        heights = [loc.money(by_period[c].value, by_period[c].unit) for c in r.periods if c in by_period]
        columns = ax.bar(xs, heights, color=charts.PALETTE[2], edgecolor="#222222", linewidth=0.6, width=0.55,
                         label=w.t("growth.legend_level", unit=loc.money_chart_unit))
        for bar, c in zip(columns, [c for c in r.periods if c in by_period]):
            charts.tip(bar, w.tip(w.t("common.point_label", name=w.name(), period=w.period(c)), loc.fact(by_period[c]), [by_period[c]]))
        ax.set_ylabel(w.t("growth.axis_level", unit=loc.money_chart_unit))
        ax.set_ylim(0, max(heights) * 1.25)
    crowded = len(labels) > 10 or (not yearly and len(labels) > 6)
    ax.set_xticks([positions[c] for c in r.periods], labels, fontsize=8.5,
                  rotation=45 if crowded else 0, ha="right" if crowded else "center", rotation_mode="anchor")
    ax.grid(axis="x", visible=False)
    rates_ax = ax.twinx() if by_period else ax
    series = [(w.name(), r.growths, charts.PALETTE[0], "o", "-")]
    styles = [(charts.PALETTE[3], "s", "--"), (charts.PALETTE[1], "^", "-."), (charts.PALETTE[4], "D", ":")]
    for (entity, by), (color, marker, line) in zip(r.parent_growths.items(), styles):
        series.append((w.name(entity), by, color, marker, line))
    for name, by, color, marker, line in series:
        points = [(parse_period(c).year, by[c].value) for c in r.periods if c in by]
        runs: list[list[tuple[int, float]]] = []
        for year, y in points:  # a line joins consecutive years only: a gap in the data is a gap in the line
            if runs and year - runs[-1][-1][0] == 1:
                runs[-1].append((year, y))
            else:
                runs.append([(year, y)])
        for i, run in enumerate(runs):
            rates_ax.plot([year_x[year] for year, _ in run], [y for _, y in run], color=color, marker=marker,
                          linestyle=line, linewidth=1.8, label=name if i == 0 else None)
        for c in r.periods:
            if c in by:
                charts.point(rates_ax, positions[c], by[c].value, w.tip(w.t("common.point_label", name=name, period=w.period(c)), loc.fact(by[c]), [by[c]]),
                             color=color, marker=marker)
    for c in r.periods:
        if c in r.growths:
            below = r.growths[c].value < 0
            rates_ax.annotate(loc.fact(r.growths[c]), (positions[c], r.growths[c].value), xytext=(8, -12 if below else 6),
                              textcoords="offset points", ha="left", fontsize=8.5, color=charts.PALETTE[0])
    rates_ax.axhline(0, color="#222222", linewidth=0.6)
    rates_ax.set_ylabel(w.t("growth.axis_growth"))
    rates_ax.grid(False)
    _census_markers(ax, r, year_x)
    _axis_breaks(ax, breaks)
    ax.set_xlim(-0.7, max(year_x.values()) + 0.7)
    handles, names = [], []
    for a in {id(ax): ax, id(rates_ax): rates_ax}.values():
        h, n = a.get_legend_handles_labels()
        handles += h
        names += n
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(4, len(names)), frameon=False)
    sources = r.levels + list(r.growths.values()) + [f for by in r.parent_growths.values() for f in by.values()]
    values = loc.join(f"{w.period(c)} {loc.fact(r.growths[c])}" for c in r.periods if c in r.growths)
    w.figure(fig, title=w.t("growth.chart_trajectory", zone=w.name()), sources=sources,
             alt=w.t("growth.alt_trajectory", values=values),
             note=" ".join(([w.t("growth.note_trajectory")] if any(_census_x(c, year_x) is not None for c in r.census_breaks) else [])
                           + ([w.t("growth.note_axis_breaks", years=loc.join(_missing_years(year_x)))] if breaks else [])),
             data=r.data[["entity", "period", "indicator", "value", "unit", "source_ids"]])


def _levels_chart(r: History, w: Writer) -> None:
    loc = w.loc
    labels = [w.period(f.period) for f in r.levels]
    values = [loc.money(f.value, f.unit) for f in r.levels]
    fig, ax = charts.new_figure(6.5, 3.2)
    bars = ax.bar(labels, values, color=charts.PALETTE[0], edgecolor="#222222", linewidth=0.6, width=0.5)
    for bar, lab, f in zip(bars, labels, r.levels):
        charts.tip(bar, w.tip(w.t("common.point_label", name=w.name(), period=lab), loc.fact(f), [f]))
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
