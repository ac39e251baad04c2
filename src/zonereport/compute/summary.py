"""Key findings and the main-indicators table (主要经济指标) at the top of the report, from the
same compute functions as the sections, so the findings agree with the numbers below them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import Fact, Scope, fact_row, frame
from . import Result
from .contribution import Contribution, contribution
from .structure import ParentShares, parent_shares


@dataclass
class KeyFindings(Result):
    gdp: Fact | None = None
    growth: Fact | None = None
    country_growth: Fact | None = None
    contribution: Contribution = None
    shares: ParentShares = None


def key_findings(scope: Scope) -> KeyFindings:
    gdp, growth = scope.lookup("gdp"), scope.lookup("gdp_growth")
    country = scope.lookup("gdp_growth", entity=scope.country) if scope.country else None
    c = contribution(scope)
    s = parent_shares(scope)
    facts = [f for f in (gdp, growth, country) if f is not None]
    data = frame([fact_row(f) for f in facts] + c.data.to_dict("records") + s.data.to_dict("records"))
    return KeyFindings(data, [], gdp=gdp, growth=growth, country_growth=country, contribution=c, shares=s)


# (indicator of the level, of its growth, of its contribution share to the parent)
CORE_ROWS = [
    ("gdp", "gdp_growth", "gdp_contribution_rate"),
    (None, "industrial_va_above_size_growth", "industrial_va_above_size_contribution_rate"),
    (None, "zone_owned_industrial_output_growth", None),
]
TOPICS = ("pipeline", "services")


@dataclass
class MainIndicator:
    indicator: str
    level: Fact | None
    growth: Fact | None
    share: Fact | None

    @property
    def facts(self) -> list[Fact]:
        return [f for f in (self.level, self.growth, self.share) if f is not None]


@dataclass
class MainIndicators(Result):
    rows: list[MainIndicator] = field(default_factory=list)


def main_indicators(scope: Scope) -> MainIndicators:
    """The period's core figures, then every figure of the period on projects and services."""
    parent = scope.parent
    rows = []
    for level_id, growth_id, share_id in CORE_ROWS:
        level = scope.lookup(level_id) if level_id else None
        growth = scope.lookup(growth_id) if growth_id else None
        share = scope.lookup(share_id, relative_to=parent) if share_id and parent else None
        if level is None and growth is None:
            continue
        rows.append(MainIndicator(level_id or growth_id, level, growth, share))
    ind = scope.ds.indicators
    obs = scope.observations()
    obs = obs[obs["period"] == scope.period]
    for topic in TOPICS:
        for i in obs["indicator_id"].drop_duplicates():
            if ind.loc[i, "topic"] == topic and ind.loc[i, "kind"] in ("count", "level"):
                level = scope.lookup(i)
                growth = scope.lookup(i + "_growth") if (i + "_growth") in ind.index else None
                rows.append(MainIndicator(i, level, growth, None))
    data = frame([fact_row(f, row=r.indicator) for r in rows for f in r.facts], ("row",))
    return MainIndicators(data, [] if rows else ["main_indicators"], rows=rows)
