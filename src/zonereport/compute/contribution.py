"""Contribution: the entity's contribution share (贡献率) and pull (拉动) on its parent's GDP and
industrial growth, its share of the parent, the figures these imply, and a table of published
figures checked against each other (docs/methods.md, "Contribution" and "Implied figures")."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DataError, MethodInputError
from ..facts import Fact, Scope, all_facts, derived_row, fact_row, frame, lookup
from ..methods import (
    Approximation,
    CrossCheck,
    cross_check,
    implied_parent_growth,
    increment_current_backout,
    share_of_parent,
    to_percent,
)
from ..periods import parse_period, period_sort_key
from ..units import convert
from . import Result


@dataclass
class Inputs:
    """The published figures the section rests on (None where not published)."""

    parent: str | None
    zone_gdp: Fact | None = None
    zone_growth: Fact | None = None
    contribution_gdp: Fact | None = None
    contribution_industry: Fact | None = None
    parent_gdp: Fact | None = None
    parent_growth: Fact | None = None
    parent_industry_growth: Fact | None = None

    @property
    def facts(self) -> list[Fact]:
        return [f for f in (self.zone_gdp, self.zone_growth, self.contribution_gdp, self.contribution_industry,
                            self.parent_gdp, self.parent_growth, self.parent_industry_growth) if f is not None]


def gather(scope: Scope) -> Inputs:
    parent = scope.parent
    if parent is None:
        return Inputs(parent=None, zone_gdp=scope.lookup("gdp"), zone_growth=scope.lookup("gdp_growth"))
    return Inputs(
        parent=parent,
        zone_gdp=scope.lookup("gdp"),
        zone_growth=scope.lookup("gdp_growth"),
        contribution_gdp=scope.lookup("gdp_contribution_rate", relative_to=parent),
        contribution_industry=scope.lookup("industrial_va_above_size_contribution_rate", relative_to=parent),
        parent_gdp=scope.lookup("gdp", entity=parent),
        parent_growth=scope.lookup("gdp_growth", entity=parent),
        parent_industry_growth=scope.lookup("industrial_va_above_size_growth", entity=parent),
    )


@dataclass
class Derived:
    """Figures computed from the published ones (fractions; levels in 亿元)."""

    zone_increment: Approximation | None = None
    share: float | None = None
    implied_parent_growth: float | None = None
    implied_parent_increment: float | None = None
    parent_growth_used: float | None = None
    parent_growth_is_implied: bool = False
    pull: float | None = None
    rest_pull: float | None = None
    industry_pull_pp: float | None = None


def derive(inp: Inputs) -> Derived:
    """Every derived figure of the section. Impossible combinations (a zone larger than its
    parent, a zero contribution) leave the figure out: the report then says it cannot be computed."""
    d = Derived()
    if inp.zone_gdp and inp.zone_growth:
        try:
            d.zone_increment = increment_current_backout(convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元"),
                                                         inp.zone_growth.fraction)
        except (MethodInputError, DataError):
            pass
    if inp.zone_gdp and inp.parent_gdp:
        try:
            d.share = share_of_parent(convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元"),
                                      convert(inp.parent_gdp.value, inp.parent_gdp.unit, "亿元"))
        except (MethodInputError, DataError):
            pass
    if d.share is not None and inp.zone_growth and inp.contribution_gdp:
        try:
            d.implied_parent_growth = implied_parent_growth(d.share, inp.zone_growth.fraction,
                                                            inp.contribution_gdp.fraction)
        except MethodInputError:
            pass
    growth = inp.parent_growth.fraction if inp.parent_growth else d.implied_parent_growth
    if growth is not None and inp.contribution_gdp:
        d.parent_growth_used = growth
        d.parent_growth_is_implied = inp.parent_growth is None
        d.pull = growth * inp.contribution_gdp.fraction
        d.rest_pull = growth - d.pull
    if d.zone_increment is not None and inp.contribution_gdp and inp.contribution_gdp.value != 0:
        d.implied_parent_increment = d.zone_increment.value / inp.contribution_gdp.fraction
    if inp.contribution_industry and inp.parent_industry_growth:
        d.industry_pull_pp = inp.parent_industry_growth.value * inp.contribution_industry.fraction
    return d


@dataclass
class Contribution(Result):
    inputs: Inputs = None
    derived: Derived = None


def _tidy(scope: Scope, inp: Inputs, d: Derived) -> list[dict]:
    rows = [fact_row(f) for f in inp.facts]
    p, z, parent = scope.period, scope.zone, inp.parent or ""
    if d.share is not None:
        rows.append(derived_row(z, p, "share_of_parent_gdp", to_percent(d.share), "%", [inp.zone_gdp, inp.parent_gdp],
                                relative_to=parent, price_basis="current"))
    if d.zone_increment is not None:
        rows.append(derived_row(z, p, "gdp_increment_approx", d.zone_increment.value, "亿元",
                                [inp.zone_gdp, inp.zone_growth], price_basis="comparable"))
    if d.implied_parent_growth is not None:
        rows.append(derived_row(parent, p, "gdp_growth_implied", to_percent(d.implied_parent_growth), "%",
                                [inp.zone_gdp, inp.zone_growth, inp.contribution_gdp, inp.parent_gdp],
                                price_basis="comparable"))
    if d.implied_parent_increment is not None:
        rows.append(derived_row(parent, p, "gdp_increment_implied", d.implied_parent_increment, "亿元",
                                [inp.zone_gdp, inp.zone_growth, inp.contribution_gdp], price_basis="comparable"))
    if d.pull is not None:
        sources = [inp.contribution_gdp, inp.parent_growth or inp.parent_gdp, inp.zone_gdp, inp.zone_growth]
        rows.append(derived_row(z, p, "gdp_pull", to_percent(d.pull), "个百分点", sources, relative_to=parent,
                                price_basis="comparable"))
        rows.append(derived_row(parent, p, "gdp_pull_rest", to_percent(d.rest_pull), "个百分点", sources,
                                price_basis="comparable"))
    if d.industry_pull_pp is not None:
        rows.append(derived_row(z, p, "industrial_va_above_size_pull", d.industry_pull_pp, "个百分点",
                                [inp.contribution_industry, inp.parent_industry_growth], relative_to=parent,
                                price_basis="comparable"))
    return rows


def contribution(scope: Scope) -> Contribution:
    """The section's inputs and derived figures, as one tidy table."""
    inp = gather(scope)
    d = derive(inp)
    missing = [name for name, f in (("gdp_contribution_rate", inp.contribution_gdp), ("parent", inp.parent)) if not f]
    return Contribution(frame(_tidy(scope, inp, d)), missing, inputs=inp, derived=d)


# -- consistency -----------------------------------------------------------------------------

def half_unit(figure) -> float:
    """Half of the last published digit: the rounding tolerance of a figure (7632.19 → 0.005,
    5.0 → 0.05). A :class:`Fact` knows its published decimals; a bare number is read as written."""
    decimals = getattr(figure, "decimals", None)
    if decimals is None:
        value = getattr(figure, "value", figure)
        decimals = len(f"{value:.6f}".rstrip("0").rstrip(".").partition(".")[2])
    return 0.5 * 10 ** -decimals


@dataclass
class Check:
    """One row of the consistency table."""

    kind: str  # two_sources | stated_gap | implied_parent_growth
    entity: str
    indicator: str
    period: str
    left: Fact | None
    right: Fact | None
    check: CrossCheck
    reason: str
    tolerance: float
    unit: str
    region: str = ""
    gap: Fact | None = None
    missing_inputs: list[str] = field(default_factory=list)


@dataclass
class Consistency(Result):
    checks: list[Check] = field(default_factory=list)


def _two_sources(ds, entities: list[str]) -> list[Check]:
    """The same figure (entity, indicator, period) published by two sources."""
    obs = ds.observations
    out = []
    same = obs[obs["entity_id"].isin(entities) & (obs["indicator_id"] != "gdp_growth_gap")]
    for (entity, indicator, period, rel), _rows in same.groupby(["entity_id", "indicator_id", "period", "relative_to"]):
        facts = all_facts(ds, entity, indicator, period, rel or None)
        if len({f.source_id for f in facts}) < 2:
            continue
        left = facts[0]
        right = next(f for f in facts if f.source_id != left.source_id)
        try:
            implied = convert(right.value, right.unit, left.unit)
        except DataError:
            implied = None
        tolerance = half_unit(left) + (half_unit(right) * convert(1, right.unit, left.unit)
                                             if implied is not None else 0)
        if period == "undated" or implied is None:
            check = cross_check(indicator, left.value, None, tolerance, unit=left.unit)
            reason = "undated" if period == "undated" else "units"
        else:
            check = cross_check(indicator, left.value, implied, tolerance, unit=left.unit)
            revised = "not_stated" not in (left.vintage, right.vintage) and left.vintage != right.vintage
            reason = "vintage" if revised else "rounding"
        out.append(Check("two_sources", entity, indicator, period, left, right, check, reason, tolerance, left.unit))
    return out


def _stated_gaps(ds, entities: list[str]) -> list[Check]:
    """A growth rate a source states as 'N points above the national rate', checked against the
    national rate from another source."""
    obs = ds.observations
    out = []
    gaps = obs[(obs["indicator_id"] == "gdp_growth_gap") & obs["relative_to"].isin(entities)]
    for g in gaps.itertuples(index=False):
        gap = lookup(ds, g.entity_id, "gdp_growth_gap", g.period, relative_to=g.relative_to)
        region = lookup(ds, g.entity_id, "gdp_growth", g.period)
        national = [f for f in all_facts(ds, g.relative_to, "gdp_growth", g.period)
                    if region is None or f.source_id != region.source_id]
        left = national[0] if national else None
        if region is None or left is None:
            check = cross_check("gdp_growth", left.value if left else None, None, 0.1, unit="%")
            out.append(Check("stated_gap", g.relative_to, "gdp_growth", g.period, left, region, check,
                             "no_second_source", 0.1, "%", region=g.entity_id, gap=gap))
            continue
        tolerance = half_unit(left) + half_unit(region) + half_unit(gap)
        check = cross_check("gdp_growth", left.value, region.value - gap.value, tolerance, unit="%")
        out.append(Check("stated_gap", g.relative_to, "gdp_growth", g.period, left, region, check, "stated_gap",
                         tolerance, "%", region=g.entity_id, gap=gap))
    return out


def _implied_range(share: float, growth: float, contribution: float, inp: Inputs) -> tuple[float, float]:
    """The implied parent growth at the ends of each input's rounding interval (percent)."""
    zone = convert(inp.zone_gdp.value, inp.zone_gdp.unit, "亿元")
    parent = convert(inp.parent_gdp.value, inp.parent_gdp.unit, "亿元")
    dz = half_unit(inp.zone_gdp) * convert(1, inp.zone_gdp.unit, "亿元")
    dp = half_unit(inp.parent_gdp) * convert(1, inp.parent_gdp.unit, "亿元")
    dg = half_unit(inp.zone_growth) / 100
    dc = half_unit(inp.contribution_gdp) / 100
    values = []
    for sz in (-1, 1):
        for sp in (-1, 1):
            for sg in (-1, 1):
                for sc in (-1, 1):
                    try:
                        values.append(to_percent(implied_parent_growth(
                            share_of_parent(zone + sz * dz, parent + sp * dp), growth + sg * dg, contribution + sc * dc)))
                    except MethodInputError:
                        continue
    return (min(values), max(values)) if values else (float("nan"), float("nan"))


def _parent_growth_check(scope: Scope, inp: Inputs, d: Derived) -> Check | None:
    """The parent's growth implied by the zone's contribution share, share and growth, against the
    parent's published growth — a check of the contribution share where both exist."""
    if inp.contribution_gdp is None or inp.parent is None:
        return None
    needed = {"gdp": inp.zone_gdp, "gdp_growth": inp.zone_growth, "parent_gdp": inp.parent_gdp,
              "parent_gdp_growth": inp.parent_growth}
    missing = [k for k, f in needed.items() if f is None]
    if d.implied_parent_growth is None or inp.parent_growth is None:
        check = cross_check("gdp_growth", inp.parent_growth.value if inp.parent_growth else None,
                            to_percent(d.implied_parent_growth) if d.implied_parent_growth is not None else None,
                            0.0, unit="%")
        return Check("implied_parent_growth", inp.parent, "gdp_growth", scope.period, inp.parent_growth,
                     inp.contribution_gdp, check, "implied_missing", 0.0, "%", missing_inputs=missing)
    lo, hi = _implied_range(d.share, inp.zone_growth.fraction, inp.contribution_gdp.fraction, inp)
    implied = to_percent(d.implied_parent_growth)
    tolerance = max(implied - lo, hi - implied) + half_unit(inp.parent_growth)
    check = cross_check("gdp_growth", inp.parent_growth.value, implied, tolerance, unit="%")
    return Check("implied_parent_growth", inp.parent, "gdp_growth", scope.period, inp.parent_growth,
                 inp.contribution_gdp, check, "implied", tolerance, "%")


def consistency(scope: Scope) -> Consistency:
    """Published figures checked against a second, independent source, found in the data, for
    the entity, its chain and the country; and the parent's growth implied by the contribution
    share against the published one. Figures without a period are not compared."""
    entities = [scope.zone] + scope.chain
    checks = _two_sources(scope.ds, entities) + _stated_gaps(scope.ds, entities)
    own = _parent_growth_check(scope, gather(scope), derive(gather(scope)))
    if own is not None:
        checks.append(own)
    rows = [{"kind": c.kind, "entity": c.entity, "indicator": c.indicator, "period": c.period,
             "published": c.check.published, "against": c.check.implied, "difference": c.check.difference,
             "tolerance": c.tolerance, "unit": c.unit, "status": c.check.status, "reason": c.reason,
             "source_ids": ";".join(f.source_id for f in (c.left, c.right, c.gap) if f is not None)} for c in checks]
    import pandas as pd

    data = pd.DataFrame(rows, columns=["kind", "entity", "indicator", "period", "published", "against", "difference",
                                       "tolerance", "unit", "status", "reason", "source_ids"])
    for col in ("published", "against", "difference", "tolerance"):
        data[col] = data[col].astype(float)
    return Consistency(data, [], checks=checks)


# -- the three sectors' contribution to growth (三次产业对经济增长的贡献) ------------------------

SECTORS = ("primary_va", "secondary_va", "tertiary_va")


@dataclass
class SectorRow:
    sector: str
    level: Fact  # current prices
    growth: Fact  # real
    share: float  # of the sum of the sectors' levels, fraction
    increment: float  # approximate constant-price increment, 亿元 (form b)
    contribution: float  # fraction of GDP's increment
    pull_pp: float  # percentage points of GDP growth
    published_contribution: Fact | None = None
    published_pull: Fact | None = None


@dataclass
class SectorContribution(Result):
    gdp: Fact | None = None
    gdp_growth: Fact | None = None
    rows: list[SectorRow] = field(default_factory=list)
    contribution_sum: float | None = None  # fraction; 1 by the identity
    pull_sum_pp: float | None = None  # percentage points; GDP growth by the identity
    contribution_tolerance: float = float("nan")  # fraction: how far Σc may stray by the inputs' rounding
    pull_tolerance_pp: float = float("nan")
    identities_hold: bool = False
    residual: list[str] = field(default_factory=list)  # a sector level computed as GDP less the others


def _sector_increments(levels: dict, growths: dict, gdp: float, g: float):
    """Contribution shares and pulls from current-price levels and real growth (form b):
    ΔY_i ≈ Y_i,t g_i/(1+g_i); ΔY ≈ Y_t g/(1+g); c_i = ΔY_i/ΔY; p_i = ΔY_i / (Y_t/(1+g))."""
    inc = {s: levels[s] * growths[s] / (1 + growths[s]) for s in levels}
    total_inc = gdp * g / (1 + g)
    base = gdp / (1 + g)
    return inc, {s: inc[s] / total_inc for s in inc}, {s: 100 * inc[s] / base for s in inc}


def sectors(scope: Scope) -> SectorContribution:
    """Each sector's level, real growth, share of GDP, contribution share and pull, when the
    entity's GDP, its growth and the three sectors' levels and real growth are published for the
    period. Computed increments are approximations (current-price level × real growth, form b);
    Σ contributions = 100% and Σ pulls = GDP growth are checked within the inputs' rounding."""
    gdp, g = scope.lookup("gdp"), scope.lookup("gdp_growth")
    levels = {s: scope.lookup(s) for s in SECTORS}
    growths = {s: scope.lookup(s + "_growth") for s in SECTORS}
    result = SectorContribution(frame([]), gdp=gdp, gdp_growth=g)
    missing_levels = [s for s, f in levels.items() if f is None]
    if gdp is None or g is None or any(f is None for f in growths.values()) or len(missing_levels) > 1 or g.value == 0:
        result.missing = ["sector_growth"]
        return result
    try:
        gdp_y = convert(gdp.value, gdp.unit, "亿元")
        values = {s: convert(f.value, f.unit, "亿元") for s, f in levels.items() if f is not None}
    except DataError:
        result.missing = ["sector_units"]
        return result
    for s in missing_levels:  # the residual: GDP less the other two sectors, derived
        values[s] = gdp_y - sum(values.values())
        result.residual.append(s)
    if any(v < 0 for v in values.values()):
        result.missing = ["sector_levels"]
        return result
    rates = {s: growths[s].fraction for s in SECTORS}
    inc, contrib, pulls = _sector_increments(values, rates, gdp_y, g.fraction)
    total = sum(values.values())
    for s in SECTORS:
        pub_c = scope.lookup(s + "_contribution_rate", relative_to=scope.zone) if s + "_contribution_rate" in scope.ds.indicators.index else None
        pub_p = scope.lookup(s + "_pull") if s + "_pull" in scope.ds.indicators.index else None
        level_fact = levels[s] or Fact(scope.zone, s, scope.period, values[s], "亿元", "exact", "current",
                                       "", "", "", vintage="derived")
        result.rows.append(SectorRow(s, level_fact, growths[s], values[s] / total, inc[s], contrib[s], pulls[s],
                                     pub_c, pub_p))
    result.contribution_sum = sum(contrib.values())
    result.pull_sum_pp = sum(pulls.values())
    # the identities within rounding: each input moved to either end of its rounding interval;
    # the tolerance is the sum of the largest moves (a linear bound on rounding alone)
    inputs = [("gdp", None), ("g", None)] + [("level", s) for s in SECTORS if levels[s]] + [("rate", s) for s in SECTORS]
    tol_c = tol_p = 0.0
    for kind, sector in inputs:
        moves_c, moves_p = [], []
        for sign in (-1, 1):
            lv, rt, gd, gg = dict(values), dict(rates), gdp_y, g.fraction
            if kind == "gdp":
                gd += sign * half_unit(gdp) * convert(1, gdp.unit, "亿元")
            elif kind == "g":
                gg += sign * half_unit(g) / 100
            elif kind == "level":
                lv[sector] += sign * half_unit(levels[sector]) * convert(1, levels[sector].unit, "亿元")
            else:
                rt[sector] += sign * half_unit(growths[sector]) / 100
            _, c2, p2 = _sector_increments(lv, rt, gd, gg)
            moves_c.append(abs(sum(c2.values()) - result.contribution_sum))
            moves_p.append(abs(sum(p2.values()) - result.pull_sum_pp))
        tol_c += max(moves_c)
        tol_p += max(moves_p)
    result.contribution_tolerance, result.pull_tolerance_pp = tol_c, tol_p + half_unit(g)
    result.identities_hold = (abs(result.contribution_sum - 1) <= result.contribution_tolerance
                              and abs(result.pull_sum_pp - g.value) <= result.pull_tolerance_pp)
    rows = []
    for r in result.rows:
        used = [r.level if r.level.source_id else None, r.growth, gdp, g]
        rows.append(derived_row(scope.zone, scope.period, r.sector + "_share_of_gdp", 100 * r.share, "%", used,
                                price_basis="current", sector=r.sector))
        rows.append(derived_row(scope.zone, scope.period, r.sector + "_contribution_approx", 100 * r.contribution, "%",
                                used, price_basis="comparable", sector=r.sector))
        rows.append(derived_row(scope.zone, scope.period, r.sector + "_pull_approx", r.pull_pp, "个百分点", used,
                                price_basis="comparable", sector=r.sector))
    result.data = frame([fact_row(f) for f in [gdp, g] + [f for f in levels.values() if f] + list(growths.values())]
                        + rows, ("sector",))
    return result


@dataclass
class OverTime(Result):
    periods: list[str] = field(default_factory=list)
    shares: dict[str, Fact] = field(default_factory=dict)  # period → published contribution share to the parent
    sectors: dict[str, SectorContribution] = field(default_factory=dict)  # period → the sector table


def over_time(scope: Scope) -> OverTime:
    """Contribution shares over comparable periods (the same kind as this one, up to it): the
    entity's published share of its parent's growth, and the three sectors' computed shares of its
    own growth. Shown when two or more periods have them."""
    obs = scope.ds.observations
    codes = sorted({c for c in obs.loc[obs["entity_id"] == scope.zone, "period"]
                    if parse_period(c).same_kind(scope.p) and period_sort_key(c) <= period_sort_key(scope.period)},
                   key=period_sort_key)
    shares = {}
    if scope.parent:
        shares = {c: f for c in codes
                  if (f := scope.lookup("gdp_contribution_rate", period=c, relative_to=scope.parent)) is not None}
    tables = {c: t for c in codes if (t := sectors(Scope(scope.ds, scope.zone, c))).rows}
    shares = shares if len(shares) >= 2 else {}
    tables = tables if len(tables) >= 2 else {}
    rows = [fact_row(f) for f in shares.values()]
    for c, t in tables.items():
        for r in t.rows:
            rows.append(derived_row(scope.zone, c, r.sector + "_contribution_approx", 100 * r.contribution, "%",
                                    [r.level if r.level.source_id else None, r.growth, t.gdp, t.gdp_growth],
                                    price_basis="comparable", sector=r.sector))
            if r.published_contribution is not None:
                rows.append(fact_row(r.published_contribution, sector=r.sector))
    periods = sorted(set(shares) | set(tables), key=period_sort_key)
    return OverTime(frame(rows, ("sector",)), [] if periods else ["over_time"], periods=periods, shares=shares,
                    sectors=tables)
