"""Industrial structure: the firms the sources name in the entity, its shares of the levels
above it, GDP per km², the investment pipeline, figures of the company groups its firms belong
to (context), and the structure measures where three-sector breakdowns exist.

Which indicators belong to which block is data: ``indicators.csv`` column ``topic`` (firms,
pipeline), the ``role`` and ``located_in`` of ``entities.csv``, and ``kind`` (share, level).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..coverage import REPORT_KINDS
from ..errors import DataError, MethodInputError
from ..facts import Fact, Scope, derived_row, fact_row, frame, lookup
from ..methods import (
    equivalent_number,
    hhi,
    hhi_normalised,
    hoover_index,
    krugman_index,
    location_quotients,
    moore_angle,
    nav_structural_change,
    share_of_parent,
    shares,
    shift_share,
)
from ..periods import parse_period, period_sort_key
from ..units import convert
from . import Result

SECTORS = ("primary_va", "secondary_va", "tertiary_va")


def _topic_facts(scope: Scope, topic: str, undated: bool) -> list[Fact]:
    ind = scope.ds.indicators
    obs = scope.observations()
    ids = [i for i in obs["indicator_id"].drop_duplicates() if ind.loc[i, "topic"] == topic]
    out = []
    for i in ids:
        f = scope.lookup(i) or (scope.lookup(i, period="undated") if undated else None)
        if f is not None:
            out.append(f)
    return out


@dataclass
class Firms(Result):
    named: pd.DataFrame = None  # entity_id, name_zh, name_en, role, parent_id, source_id
    stated: list[Fact] = field(default_factory=list)  # counts and capacity (topic "firms")


def firms(scope: Scope) -> Firms:
    """Firms the sources place in the entity (``located_in``), by role, and the counts stated.
    A source's undated list describes its own time, so only the newest period's report shows it."""
    ents = scope.ds.entities
    named = ents[(ents["located_in"] == scope.zone) & (ents["role"] != "")] if scope.is_latest else ents.iloc[0:0]
    named = named[["entity_id", "name_zh", "name_en", "role", "parent_id", "source_id"]].reset_index(drop=True)
    stated = _topic_facts(scope, "firms", undated=True)
    missing = [] if stated or not named.empty else ["firms"]
    return Firms(frame([fact_row(f) for f in stated]), missing, named=named, stated=stated)


@dataclass
class ParentShares(Result):
    shares: list[Fact] = field(default_factory=list)


def parent_shares(scope: Scope) -> ParentShares:
    """The entity's published shares of a level above it (kind ``share`` with ``relative_to`` in
    the chain), of this period or, in the newest report, undated."""
    obs = scope.observations()
    rows = obs[(obs["kind"] == "share") & obs["relative_to"].isin(scope.chain)]
    found = []
    for (ind, rel), _ in rows.groupby(["indicator_id", "relative_to"], sort=False):
        f = scope.lookup(ind, relative_to=rel) or scope.lookup(ind, period="undated", relative_to=rel)
        if f is not None:
            found.append(f)
    return ParentShares(frame([fact_row(f) for f in found]), [] if found else ["parent_shares"], shares=found)


@dataclass
class Member:
    """An entity whose parent is the report's entity, with its figures of the same period."""

    entity: str
    gdp: Fact | None = None
    growth: Fact | None = None
    contribution: Fact | None = None  # published contribution share to the report entity's GDP growth
    share_pct: float | None = None  # derived: its GDP ÷ the report entity's GDP × 100 (current prices)
    low_grade: bool = False  # a level behind the share comes from a low-grade source

    @property
    def has_figures(self) -> bool:
        return self.gdp is not None or self.growth is not None or self.contribution is not None


@dataclass
class Members(Result):
    gdp: Fact | None = None  # the report entity's own GDP of the period
    members: list[Member] = field(default_factory=list)  # with at least one figure of the period
    without: list[str] = field(default_factory=list)  # with none


def members(scope: Scope) -> Members:
    """The zones, districts or cities whose parent is the report's entity: each one's GDP, growth,
    published contribution share to the entity's growth and its share of the entity's GDP
    (derived from two levels of the same period), so the report on a city shows the weight of its
    zones, as each zone's own report shows its weight in the city."""
    ents = scope.ds.entities
    children = list(ents.loc[(ents["parent_id"] == scope.zone) & ents["kind"].isin(REPORT_KINDS), "entity_id"])
    own = lookup(scope.ds, scope.zone, "gdp", scope.period)
    found, without, rows = [], [], []
    for child in children:
        m = Member(child, gdp=lookup(scope.ds, child, "gdp", scope.period),
                   growth=lookup(scope.ds, child, "gdp_growth", scope.period),
                   contribution=lookup(scope.ds, child, "gdp_contribution_rate", scope.period, relative_to=scope.zone))
        if not m.has_figures:
            without.append(child)
            continue
        rows += [fact_row(f) for f in (m.gdp, m.growth, m.contribution) if f is not None]
        if m.gdp is not None and own is not None:
            try:
                m.share_pct = 100.0 * share_of_parent(convert(m.gdp.value, m.gdp.unit, "亿元"),
                                                      convert(own.value, own.unit, "亿元"))
            except MethodInputError:  # a member larger than the whole: the levels do not match
                m.share_pct = None
            else:
                m.low_grade = "low" in (m.gdp.grade, own.grade)
                rows.append(derived_row(child, scope.period, "share_of_parent_gdp", m.share_pct, "%", [m.gdp, own],
                                        relative_to=scope.zone, price_basis="current"))
        found.append(m)
    if found and own is not None:
        rows.append(fact_row(own))
    return Members(frame(rows), [] if found else ["members"], gdp=own, members=found, without=without)


@dataclass
class Density(Result):
    gdp: Fact | None = None
    area: Fact | None = None
    per_km2_100m_yuan: float | None = None
    partial_year: bool = False


def density(scope: Scope) -> Density:
    """GDP per km² (地均GDP) = GDP of the period / area; derived."""
    gdp = scope.lookup("gdp")
    area = scope.lookup("area", period="undated") or scope.lookup("area")
    if area is not None and area.grade == "low":
        area = None
    if gdp is None or area is None:
        undated_elsewhere = area is None and not scope.is_latest and lookup(scope.ds, scope.zone, "area", "undated")
        missing = "gdp" if gdp is None else ("area_undated" if undated_elsewhere else "area")
        return Density(frame([]), [missing], gdp=gdp, area=area)
    value = convert(gdp.value, gdp.unit, "亿元") / convert(area.value, area.unit, "平方公里")
    rows = [fact_row(gdp), fact_row(area),
            derived_row(scope.zone, scope.period, "gdp_per_km2", value, "亿元/平方公里", [gdp, area])]
    return Density(frame(rows), [], gdp=gdp, area=area, per_km2_100m_yuan=value,
                   partial_year=scope.p.kind != "year")


@dataclass
class Pipeline(Result):
    counts: list[Fact] = field(default_factory=list)
    amounts: list[Fact] = field(default_factory=list)
    rates: list[Fact] = field(default_factory=list)


def pipeline(scope: Scope) -> Pipeline:
    """Projects and investment of the period (topic ``pipeline``): counts, amounts and rates."""
    facts = [f for f in _topic_facts(scope, "pipeline", undated=False)]
    kinds = scope.ds.indicators["kind"]
    counts = [f for f in facts if kinds[f.indicator_id] == "count"]
    amounts = [f for f in facts if kinds[f.indicator_id] == "level"]
    rates = [f for f in facts if kinds[f.indicator_id] not in ("count", "level")]
    return Pipeline(frame([fact_row(f) for f in facts]), [] if counts or amounts else ["pipeline"],
                    counts=counts, amounts=amounts, rates=rates)


@dataclass
class Companies(Result):
    groups: list[str] = field(default_factory=list)  # company groups with firms in the entity
    series: pd.DataFrame = None  # the longest yearly series among the levels, for a chart


COMPANY_KINDS = ("company_group", "company", "brand")


def companies(scope: Scope) -> Companies:
    """Figures of the company groups whose firms the sources place in the entity: context,
    never the entity's own. Levels and their growth (``<indicator>_growth``) for flow periods."""
    ents = scope.ds.entities
    located = ents[ents["located_in"] == scope.zone]
    groups: list[str] = []
    for e in located.itertuples(index=False):
        current, seen = e.entity_id, set()
        while current and current not in seen:
            seen.add(current)
            parent = ents.loc[current, "parent_id"]
            if not parent:
                break
            current = parent
        if current != e.entity_id and ents.loc[current, "kind"] in COMPANY_KINDS and current not in groups:
            groups.append(current)
    members = set(groups)
    changed = True
    while changed:
        new = set(ents.index[ents["parent_id"].isin(members)]) - members
        changed = bool(new)
        members |= new
    obs = scope.ds.observations
    levels = obs[obs["entity_id"].isin(members) & (obs["kind"] == "level")
                 & obs["period"].map(lambda c: parse_period(c).is_flow)]
    if not scope.is_latest:
        levels = levels[levels["period_order"] <= period_sort_key(scope.period)]
    levels = levels.sort_values(["entity_id", "period_order", "indicator_id"])
    rows = []
    for r in levels.itertuples(index=False):
        f = scope.lookup(r.indicator_id, entity=r.entity_id, period=r.period)
        if f is None or f.source_id != r.source_id:
            continue
        g = scope.lookup(r.indicator_id + "_growth", entity=r.entity_id, period=r.period)
        rows.append(fact_row(f, growth_pct=g.value if g is not None else float("nan"),
                             growth_source=g.source_id if g is not None else ""))
    data = frame(rows, ("growth_pct", "growth_source"))
    series = pd.DataFrame()
    if not data.empty:
        yearly = data[data["period"].map(lambda c: parse_period(c).kind == "year")]
        counts = yearly.groupby(["entity", "indicator", "unit"], sort=False).size()
        counts = counts[counts >= 2]
        if not counts.empty:
            order = {i: n for n, i in enumerate(scope.ds.indicators.index)}
            entity, indicator, unit = min(counts.index, key=lambda k: (-counts[k], order.get(k[1], 0)))
            series = yearly[(yearly["entity"] == entity) & (yearly["indicator"] == indicator) & (yearly["unit"] == unit)]
    return Companies(data, [] if rows else ["companies"], groups=groups, series=series.reset_index(drop=True))


# -- structure measures -----------------------------------------------------------------------

def sector_levels(scope: Scope, entity: str, period: str) -> tuple[pd.Series | None, list[str], list[Fact]]:
    """Three-sector value added in 亿元; one missing sector is the total less the others (derived)."""
    facts = {s: scope.lookup(s, entity=entity, period=period) for s in SECTORS}
    total = scope.lookup("gdp", entity=entity, period=period)
    missing = [s for s, f in facts.items() if f is None]
    used = [f for f in list(facts.values()) + [total] if f is not None]
    if len(missing) > 1 or (missing and total is None):
        return None, [], used
    try:
        levels = {s: convert(f.value, f.unit, "亿元") for s, f in facts.items() if f is not None}
        if missing:
            levels[missing[0]] = convert(total.value, total.unit, "亿元") - sum(levels.values())
    except DataError:
        return None, [], used
    if any(v < 0 for v in levels.values()):
        return None, [], used
    return pd.Series(levels)[list(SECTORS)], missing, used


@dataclass
class PairMeasures:
    region: str
    nation: str
    period: str
    region_levels: pd.Series
    nation_levels: pd.Series
    derived: list[tuple[str, str]]  # (entity, sector) computed as a residual
    lq: pd.Series
    hhi: float
    hhi_normalised: float
    equivalent_number: float
    krugman: float
    hoover: float
    sources: list[Fact]


@dataclass
class Change:
    entity: str
    first: str
    last: str
    moore_degrees: float
    nav: float
    sources: list[Fact]
    shift_share: pd.DataFrame | None = None  # against the nation, when both ends have the sectors
    nation: str = ""


@dataclass
class SectorMeasures(Result):
    pairs: list[PairMeasures] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    subject_has_sectors: bool = False


def _sector_periods(scope: Scope, entity: str) -> list[str]:
    obs = scope.ds.observations
    codes = obs.loc[(obs["entity_id"] == entity) & obs["indicator_id"].isin(SECTORS), "period"].drop_duplicates()
    limit = period_sort_key(scope.period)
    return sorted([c for c in codes if parse_period(c).is_flow and period_sort_key(c) <= limit], key=period_sort_key)


def sector_measures(scope: Scope) -> SectorMeasures:
    """Location quotients, HHI and Krugman/Hoover of each entity of the chain against the
    country, for the newest period of the report's kind both have three-sector levels (up to this
    report's period);
    Moore angle, NAV and shift-share between the first and the last period of the same kind."""
    nation = scope.country
    subjects = [scope.zone] + [e for e in scope.chain if e != nation]
    result = SectorMeasures(frame([]))
    rows = []
    for region in subjects:
        # like with like: a structure of the report's kind of period (a quarter's shares are seasonal)
        periods = [p for p in _sector_periods(scope, region) if parse_period(p).same_kind(scope.p)]
        for period in reversed(periods):
            reg, reg_missing, s1 = sector_levels(scope, region, period)
            if reg is None or nation is None:
                continue
            nat, nat_missing, s2 = sector_levels(scope, nation, period)
            if nat is None:
                continue
            try:
                pm = PairMeasures(region, nation, period, reg, nat,
                                  [(region, s) for s in reg_missing] + [(nation, s) for s in nat_missing],
                                  location_quotients(reg, nat), hhi(reg), hhi_normalised(reg), equivalent_number(reg),
                                  krugman_index(reg, nat), hoover_index(reg, nat), s1 + s2)
            except MethodInputError:
                continue
            result.pairs.append(pm)
            rs, ns = shares(reg), shares(nat)
            for sector in SECTORS:
                rows.append(derived_row(region, period, "location_quotient", float(pm.lq[sector]), "", s1 + s2,
                                        relative_to=nation, sector=sector, region_share=float(rs[sector]),
                                        nation_share=float(ns[sector]),
                                        residual=(region, sector) in pm.derived or (nation, sector) in pm.derived))
            break
    for entity in [scope.zone] + list(scope.chain):
        periods = _sector_periods(scope, entity)
        kinds = [p for p in periods if parse_period(p).same_kind(scope.p)] or \
                [p for p in periods if parse_period(p).kind == "year"]
        complete = [p for p in kinds if sector_levels(scope, entity, p)[0] is not None]
        if len(complete) < 2:
            continue
        first, last = complete[0], complete[-1]
        a, _, sa = sector_levels(scope, entity, first)
        b, _, sb = sector_levels(scope, entity, last)
        change = Change(entity, first, last, moore_angle(shares(a), shares(b)).degrees,
                        nav_structural_change(shares(a), shares(b)), sa + sb)
        if nation and entity != nation:
            na, _, _ = sector_levels(scope, nation, first)
            nb, _, _ = sector_levels(scope, nation, last)
            if na is not None and nb is not None:
                try:
                    change.shift_share = shift_share(a, b, na, nb)
                    change.nation = nation
                except MethodInputError:
                    pass
        result.changes.append(change)
        rows.append(derived_row(entity, f"{first}..{last}", "moore_angle_degrees", change.moore_degrees, "°", sa + sb))
        rows.append(derived_row(entity, f"{first}..{last}", "nav_structural_change", change.nav, "", sa + sb))
    result.data = frame(rows, ("sector", "region_share", "nation_share", "residual"))
    result.subject_has_sectors = any(p.region == scope.zone for p in result.pairs)
    if not result.pairs and not result.changes:
        result.missing = ["sectors"]
    return result
