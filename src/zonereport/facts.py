"""A published figure with its provenance, as the analysis uses it.

``lookup`` returns the observation from the best-graded source (official > wire > third party
> low), or None when nothing is published: the report then says 未公布 / "not published".
"""

from __future__ import annotations

from dataclasses import dataclass

from . import fmt
from .dataset import Dataset


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

    def text(self, lang: str, decimals: int | None = None) -> str:
        """The figure as a reader reads it, with unit and qualifier (超过200万辆 / more than 2 million vehicles)."""
        return fmt.amount(self.value, self.unit, lang, self.qualifier, decimals)

    @property
    def fraction(self) -> float:
        """A percentage figure as a fraction (5.5 → 0.055)."""
        return self.value / 100.0


def lookup(ds: Dataset, entity: str, indicator: str, period: str | None = None,
           relative_to: str | None = None, grades: tuple[str, ...] | None = None) -> Fact | None:
    rows = ds.find(entity, indicator, period, relative_to)
    if grades is not None:
        rows = rows[rows["grade"].isin(grades)]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Fact(
        entity_id=r["entity_id"], indicator_id=r["indicator_id"], period=r["period"],
        value=float(r["value"]), unit=r["unit"], qualifier=r["qualifier"], price_basis=r["price_basis"],
        source_id=r["source_id"], grade=r["grade"], quote=r["quote"], relative_to=r["relative_to"],
        vintage=r["vintage"],
    )


def all_facts(ds: Dataset, entity: str, indicator: str, period: str | None = None,
              relative_to: str | None = None) -> list[Fact]:
    rows = ds.find(entity, indicator, period, relative_to)
    return [Fact(r.entity_id, r.indicator_id, r.period, float(r.value), r.unit, r.qualifier, r.price_basis,
                 r.source_id, r.grade, r.quote, r.relative_to, r.vintage) for r in rows.itertuples(index=False)]


def text_or_missing(f: Fact | None, lang: str, decimals: int | None = None) -> str:
    return f.text(lang, decimals) if f is not None else fmt.NOT_PUBLISHED[lang]


def count_or_missing(f: Fact | None, lang: str) -> str:
    """A count before its noun: 6家 (主机厂) in Chinese, "6" (automakers) in English, with its qualifier."""
    if f is None:
        return fmt.NOT_PUBLISHED[lang]
    return f.text(lang) if lang == "zh" else fmt.amount(f.value, f.unit, lang, f.qualifier, bare=True)

