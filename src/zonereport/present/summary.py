"""Key findings and the main-indicators table, from :mod:`zonereport.compute.summary`."""

from __future__ import annotations

import pandas as pd

from ..compute.summary import KeyFindings, MainIndicators
from ..methods import to_percent
from . import Writer


def key_findings(r: KeyFindings, w: Writer) -> None:
    """Up to five sentences, each from a published or computed figure of this report."""
    loc, out = w.loc, []
    inp, d = r.contribution.inputs, r.contribution.derived
    zone_full = w.name(short=False)
    if r.gdp and r.growth:
        base = dict(zone=zone_full, period=w.period(), level=loc.fact(r.gdp), growth=loc.fact(r.growth))
        if r.country_growth is not None:
            gap = r.growth.value - r.country_growth.value
            key = ("summary.growth_vs_country_above" if gap > 0 else
                   "summary.growth_vs_country_below" if gap < 0 else "summary.growth_vs_country_equal")
            out.append(w.t(key, country=w.name(r.country_growth.entity_id), country_growth=loc.percent(r.country_growth.value),
                           gap=loc.points(abs(gap)), **base))
        else:
            out.append(w.t("summary.growth", **base))
    elif r.growth:
        out.append(w.t("summary.growth_only", zone=zone_full, period=w.period(), growth=loc.fact(r.growth)))
    if out and any(f is not None and f.grade == "low" for f in (r.gdp, r.growth)):
        out[-1] += w.t("summary.low_grade_suffix")
    if inp.parent and inp.contribution_gdp is not None:
        city = w.name(inp.parent)
        if d.share is not None:
            key = "summary.contribution_vs_share_above" if inp.contribution_gdp.fraction > d.share else \
                "summary.contribution_vs_share_below"
            if inp.parent_gdp.grade == "low":
                key += "_low"
            out.append(w.t(key, zone=w.name(), city=city, c=loc.fact(inp.contribution_gdp),
                           share=loc.percent(to_percent(d.share))))
        else:
            out.append(w.t("summary.contribution", zone=w.name(), city=city, c=loc.fact(inp.contribution_gdp)))
    if inp.parent and inp.contribution_industry is not None:
        out.append(w.t("summary.industry", city=w.name(inp.parent), c=loc.fact(inp.contribution_industry)))
    if r.shares.shares:
        parents = loc.join_and(w.name(p) for p in dict.fromkeys(f.relative_to for f in r.shares.shares))
        out.append(w.t("summary.parent_shares", parents=parents, items=loc.join_items(
            loc.labelled(w.indicator(f.indicator_id), loc.fact(f)) for f in r.shares.shares)))
    if d.implied_parent_growth is not None and inp.parent_growth is None:
        low = inp.parent_gdp is not None and inp.parent_gdp.grade == "low"
        out.append(w.t("summary.implied_low" if low else "summary.implied", city=w.name(inp.parent),
                       growth=loc.percent(to_percent(d.implied_parent_growth))))
    if out:
        w.bullets(out[:5])
    else:
        w.say("summary.nothing", zone=zone_full, period=w.period())


def main_indicators(r: MainIndicators, w: Writer) -> None:
    loc = w.loc
    if not r.rows:
        return
    rows, sources = [], []
    for row in r.rows:
        sources += row.facts
        level, growth, share = row.level, row.growth, row.share
        rows.append({
            w.t("summary.col.indicator"): w.indicator(row.indicator),
            w.t("summary.col.unit"): loc.display_unit(level.value, level.unit) if level else "—",
            w.t("summary.col.value"): loc.amount(level.value, level.unit, level.qualifier, bare=True) if level else "—",
            w.t("summary.col.growth"): loc.number(growth.value) if growth else "—",
            w.t("summary.col.share"): loc.number(share.value) if share else "—",
            w.t("summary.col.grade"): loc.join(dict.fromkeys(loc.grade(f.grade) for f in row.facts)),
        })
    w.table(pd.DataFrame(rows), title=w.t("summary.table_title", zone=w.name(), period=w.period()), sources=sources,
            note=w.t("common.nbs_basis_note"),
            numeric_columns=[w.t("summary.col.value"), w.t("summary.col.growth"), w.t("summary.col.share")])
