"""Growth: the entity's GDP level and real growth, against each level above it, its history in
comparable periods (nominal average growth, census series breaks), and its standing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import CENSUS_YEARS
from ..facts import Fact, Scope, fact_row, frame
from ..methods import average_growth_nominal, to_percent
from ..periods import parse_period, period_sort_key
from ..units import convert
from . import Result


@dataclass
class Headline(Result):
    gdp: Fact | None = None
    growth: Fact | None = None


def headline(scope: Scope) -> Headline:
    """GDP level and year-on-year growth of the entity in the period."""
    gdp, growth = scope.lookup("gdp"), scope.lookup("gdp_growth")
    facts = [f for f in (gdp, growth) if f is not None]
    missing = [name for name, f in (("gdp", gdp), ("gdp_growth", growth)) if f is None]
    return Headline(frame([fact_row(f, role="subject") for f in facts], ("role",)), missing, gdp=gdp, growth=growth)


@dataclass
class Benchmarks(Result):
    subject: Fact | None = None
    others: list[Fact] = field(default_factory=list)  # published growth of the levels above, in chain order
    unpublished: list[str] = field(default_factory=list)  # entity ids with no published growth


def benchmarks(scope: Scope) -> Benchmarks:
    """The entity's growth against each level above it in ``entities.csv``, same period."""
    subject = scope.lookup("gdp_growth")
    others, unpublished, rows = [], [], []
    if subject is not None:
        rows.append(fact_row(subject, role="subject"))
    for entity in scope.chain:
        f = scope.lookup("gdp_growth", entity=entity)
        if f is None:
            unpublished.append(entity)
        else:
            others.append(f)
            rows.append(fact_row(f, role="parent"))
    data = frame(rows, ("role",))
    data["gap_pp"] = [r["value"] - subject.value if subject is not None and r["role"] == "parent" else float("nan")
                      for _, r in data.iterrows()]
    return Benchmarks(data, ["gdp_growth"] if subject is None else [], subject=subject, others=others,
                      unpublished=unpublished)


@dataclass
class History(Result):
    levels: list[Fact] = field(default_factory=list)  # GDP in same-kind periods up to this one, oldest first
    growths: dict[str, Fact] = field(default_factory=dict)  # period → published growth
    years: int = 0
    average_nominal_pct: float | None = None
    census_breaks: list[int] = field(default_factory=list)


def history(scope: Scope) -> History:
    """GDP in the same kind of period in earlier years (a half with the same half), with the
    nominal average growth between the first and the last level and the census years crossed."""
    obs = scope.ds.observations
    here = scope.p
    codes = sorted({c for c in obs.loc[(obs["entity_id"] == scope.zone) & (obs["indicator_id"] == "gdp"), "period"]
                    if parse_period(c).same_kind(here) and parse_period(c).year <= here.year}, key=period_sort_key)
    levels = [scope.lookup("gdp", period=c) for c in codes]
    levels = [f for f in levels if f is not None]
    growths = {f.period: g for f in levels if (g := scope.lookup("gdp_growth", period=f.period)) is not None}
    rows = [fact_row(f) for f in levels] + [fact_row(g) for g in growths.values()]
    result = History(frame(rows), [] if len(levels) >= 2 else ["gdp_series"], levels=levels, growths=growths)
    if len(levels) >= 2:
        first, last = levels[0], levels[-1]
        result.years = parse_period(last.period).year - parse_period(first.period).year
        result.average_nominal_pct = to_percent(average_growth_nominal(
            convert(first.value, first.unit, "亿元"), convert(last.value, last.unit, "亿元"), result.years))
        first_year = parse_period(first.period).year
        result.census_breaks = [y for y in CENSUS_YEARS if first_year < y <= parse_period(last.period).year]
    return result


@dataclass
class Standing(Result):
    stated: list[Fact] = field(default_factory=list)  # ranks and streaks as the source states them
    industry: list[Fact] = field(default_factory=list)  # industrial growth rates of the period


INDUSTRY_GROWTH = ("zone_owned_industrial_output_growth", "industrial_va_above_size_growth")


def standing(scope: Scope) -> Standing:
    """Ranks and streaks the sources state (indicators whose topic is ``standing``), and the
    period's industrial growth rates."""
    ind = scope.ds.indicators
    obs = scope.observations()
    ids = [i for i in obs["indicator_id"].drop_duplicates() if ind.loc[i, "topic"] == "standing"]
    stated = [f for i in ids if (f := scope.lookup(i, period="undated") or scope.lookup(i)) is not None]
    industry = [f for i in INDUSTRY_GROWTH if (f := scope.lookup(i)) is not None]
    return Standing(frame([fact_row(f) for f in stated + industry]), [], stated=stated, industry=industry)
