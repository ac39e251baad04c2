"""A published figure with its provenance, and the scope of one report.

``lookup`` returns the observation the data rank first (see :meth:`Dataset.find`: the newest
vintage ``as_of``, then the better grade), or None
when nothing is published. A :class:`Scope` is what every compute function takes: the
validated dataset, the report's entity and period, and the entity's parent chain as
``entities.csv`` gives it (zone → city → province → country) — never from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .dataset import Dataset
from .periods import Period, parse_period, period_sort_key


@dataclass(frozen=True)
class Fact:
    entity_id: str
    indicator_id: str
    period: str
    value: float
    unit: str
    qualifier: str
    price_basis: str
    source_id: str
    grade: str
    quote: str
    relative_to: str = ""
    vintage: str = "not_stated"
    decimals: int | None = None  # digits after the decimal point as published (5.0 → 1); None if unknown

    @property
    def fraction(self) -> float:
        """A percentage figure as a fraction (5.5 → 0.055)."""
        return self.value / 100.0


def _fact(r) -> Fact:
    return Fact(entity_id=r["entity_id"], indicator_id=r["indicator_id"], period=r["period"], value=float(r["value"]),
                unit=r["unit"], qualifier=r["qualifier"], price_basis=r["price_basis"], source_id=r["source_id"],
                grade=r["grade"], quote=r["quote"], relative_to=r["relative_to"], vintage=r["vintage"],
                decimals=_decimals(r))


def _decimals(r) -> int | None:
    d = r.get("decimals", -1) if hasattr(r, "get") else -1
    return None if d is None or pd.isna(d) or int(d) < 0 else int(d)


def lookup(ds: Dataset, entity: str, indicator: str, period: str | None = None,
           relative_to: str | None = None, grades: tuple[str, ...] | None = None) -> Fact | None:
    return next((f for f in _facts(ds, entity, indicator, period, relative_to)
                 if grades is None or f.grade in grades), None)


def all_facts(ds: Dataset, entity: str, indicator: str, period: str | None = None,
              relative_to: str | None = None) -> list[Fact]:
    return list(_facts(ds, entity, indicator, period, relative_to))


def _facts(ds: Dataset, entity: str, indicator: str, period: str | None, relative_to: str | None) -> tuple[Fact, ...]:
    """The matching observations as facts, in :meth:`Dataset.find`'s order; remembered while the
    dataset is :meth:`~Dataset.frozen` (a section asks for the same figure many times)."""
    memo = ds.memo()
    if memo is None:
        return tuple(_fact(r) for r in ds.find_records(entity, indicator, period, relative_to))
    answers = memo.setdefault("facts", {})
    key = (entity, indicator, period, relative_to)
    if key not in answers:
        answers[key] = tuple(_fact(r) for r in ds.find_records(entity, indicator, period, relative_to))
    return answers[key]


FACT_COLUMNS = ["entity", "period", "indicator", "relative_to", "value", "unit", "price_basis", "qualifier",
                "derived", "source_ids", "grade"]


def fact_row(f: Fact, **extra) -> dict:
    """One tidy row of a published figure (value as float, in the source's unit)."""
    return {"entity": f.entity_id, "period": f.period, "indicator": f.indicator_id, "relative_to": f.relative_to,
            "value": float(f.value), "unit": f.unit, "price_basis": f.price_basis, "qualifier": f.qualifier,
            "derived": False, "source_ids": f.source_id, "grade": f.grade, **extra}


def derived_row(entity: str, period: str, indicator: str, value: float, unit: str, sources, *,
                relative_to: str = "", price_basis: str = "not_stated", **extra) -> dict:
    """One tidy row of a figure computed by this report from published ones."""
    return {"entity": entity, "period": period, "indicator": indicator, "relative_to": relative_to,
            "value": float(value), "unit": unit, "price_basis": price_basis, "qualifier": "exact", "derived": True,
            "source_ids": ";".join(dict.fromkeys(s.source_id if isinstance(s, Fact) else s for s in sources if s)),
            "grade": "", **extra}


def frame(rows: list[dict], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """A tidy result frame with the standard columns (and ``extra`` ones), even when empty."""
    columns = FACT_COLUMNS + [c for c in extra if c not in FACT_COLUMNS]
    df = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    df["value"] = df["value"].astype(float)
    df["derived"] = df["derived"].astype(bool)
    return df


@dataclass(frozen=True)
class Scope:
    """One report's subject: the dataset, the entity (a zone, a city, …) and the period."""

    ds: Dataset
    zone: str
    period: str

    @cached_property
    def p(self) -> Period:
        return parse_period(self.period)

    @cached_property
    def chain(self) -> list[str]:
        """The entity's parents up the administrative chain, from ``entities.csv``."""
        out, current = [], self.zone
        while True:
            parent = self.ds.entity(current)["parent_id"]
            if not parent or parent in out or parent == self.zone:
                return out
            out.append(parent)
            current = parent

    @property
    def parent(self) -> str | None:
        """The level directly above (a zone's city, a city's province)."""
        return self.chain[0] if self.chain else None

    @cached_property
    def country(self) -> str | None:
        """The country at the top of the chain (the national benchmark), if the data name one."""
        found = [e for e in self.chain if self.ds.entity(e)["kind"] == "country"]
        return found[-1] if found else None

    @cached_property
    def is_latest(self) -> bool:
        """Whether this is the entity's newest buildable period. Figures a source gives without a
        period (an article's count of firms) describe the source's own time, so only the report on
        the entity's newest period shows them."""
        periods = [p for z, p in self.ds.buildable() if z == self.zone]
        return not periods or max(periods, key=period_sort_key) == self.period

    def lookup(self, indicator: str, entity: str | None = None, period: str | None = "this",
               relative_to: str | None = None) -> Fact | None:
        """A figure of this report's period (``period="this"``), another period, or undated
        (``period="undated"``, shown only in the newest period's report)."""
        period = self.period if period == "this" else period
        f = lookup(self.ds, entity or self.zone, indicator, period, relative_to)
        if f is not None and f.period == "undated" and not self.is_latest:
            return None
        return f

    def observations(self, entity: str | None = None) -> pd.DataFrame:
        """The entity's observations of this period, plus undated ones in the newest report."""
        o = self.ds.observations
        o = o[o["entity_id"] == (entity or self.zone)]
        periods = [self.period] + (["undated"] if self.is_latest else [])
        return o[o["period"].isin(periods)]

    def entity_kind(self, entity: str | None = None) -> str:
        return str(self.ds.entity(entity or self.zone)["kind"])
