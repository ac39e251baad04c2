"""Present: numeric results + a :class:`zonereport.locale.Locale` → headings, sentences,
numbered tables and charts (as :class:`zonereport.elements.Bundle` outputs).

A :class:`Writer` collects one block's bundles. Figure and table numbers come from the
section's position in the report spec and the order of its blocks (see
:mod:`zonereport.spec`), never from a counter a cell re-run could advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from .. import elements
from ..facts import Fact, Scope
from ..locale import Locale


@dataclass
class Numbering:
    """Figure and table counters of one section, shared by its blocks in spec order."""

    section: int | None
    figures: int = 0
    tables: int = 0
    subsections: int = 0

    def next_figure(self) -> str:
        self.figures += 1
        return f"{self.section or 0}.{self.figures}"

    def next_table(self) -> str:
        self.tables += 1
        return f"{self.section or 0}.{self.tables}"


@dataclass
class Writer:
    scope: Scope
    loc: Locale
    numbering: Numbering
    bundles: list = field(default_factory=list)

    # -- shortcuts ------------------------------------------------------------------------------
    @property
    def ds(self):
        return self.scope.ds

    def t(self, key: str, /, **values) -> str:
        return self.loc.t(key, **values)

    def name(self, entity: str | None = None, short: bool = True) -> str:
        return self.loc.name(self.ds, entity or self.scope.zone, short=short)

    def indicator(self, indicator_id: str, entity: str | None = None) -> str:
        return self.loc.indicator(self.ds, indicator_id, entity)

    def period(self, code: str | None = None) -> str:
        return self.loc.period(code or self.scope.period)

    # -- elements -------------------------------------------------------------------------------
    def heading(self, title: str, level: int = 1) -> None:
        n = self.numbering
        if level == 1:
            anchor = f"sec-{n.section}" if n.section is not None else "summary"
            self.bundles.append(elements.heading(n.section, title, 1, anchor=anchor))
        else:
            n.subsections += 1
            self.bundles.append(elements.heading(None, title, 2, anchor=f"sec-{n.section or 0}-{n.subsections}"))

    def say(self, key: str, /, **values) -> None:
        self.paragraph(self.t(key, **values))

    def paragraph(self, text: str) -> None:
        self.bundles.append(elements.paragraph(text))

    def bullets(self, items: Iterable[str]) -> None:
        self.bundles.append(elements.bullet_list(items, "findings"))

    @staticmethod
    def source_ids(sources: Iterable) -> list[str]:
        ids = [s.source_id if isinstance(s, Fact) else s for s in sources if s]
        return list(dict.fromkeys(i for part in ids for i in str(part).split(";") if i))

    def tip(self, label: str, value: str, sources: Iterable = (), derived: bool = False) -> str:
        """What a chart's bar or point says on hover and focus: its label, value with unit, source."""
        return self.t("common.point_tip", label=label, value=value, source=self.source_line(sources, derived))

    def source_line(self, sources: Iterable, derived: bool = False) -> str:
        return self.loc.source_line(self.ds, self.source_ids(sources), derived)

    def _cite(self, bundle, sources: list[str]) -> None:
        """Record the source ids in the bundle, for the appendix's list of cited sources."""
        bundle.metadata[elements.META_KEY]["sources"] = sources
        self.bundles.append(bundle)

    def figure(self, fig, *, title: str, sources: Iterable, alt: str, note: str = "",
               data: pd.DataFrame | None = None, derived: bool = False) -> None:
        number = self.numbering.next_figure()
        sources = self.source_ids(sources)
        self._refer_to(self.t("common.figure_ref", number=number), "fig-" + number.replace(".", "-"))
        self._cite(elements.figure(
            fig, number=number, title=self.t("common.figure_caption", number=number, title=title),
            source=self.source_line(sources, derived), alt=alt, note=note, data=data,
            download_label=self.t("common.download_csv")), sources)
        from .. import charts  # imported by the section that drew ``fig``

        charts.close(fig)

    def _refer_to(self, label: str, anchor: str) -> None:
        """Cite a figure in the first paragraph of the text that leads to it (after the last
        heading, figure or table): the sentence that says what the figure shows."""
        lead = None
        for i in range(len(self.bundles) - 1, -1, -1):
            kind = self.bundles[i].metadata.get(elements.META_KEY, {}).get("kind")
            if kind in ("heading", "figure", "table"):
                break
            if kind == "paragraph":
                lead = i
        if lead is None:
            return
        md = self.bundles[lead].metadata[elements.META_KEY]
        self.bundles[lead] = elements.paragraph(md["text"], md.get("css_class"), list(md.get("refs", [])) + [(label, anchor)],
                                                see=self.loc.catalog["common.see"], ref_sep=self.t("common.list_sep"))

    def table(self, frame: pd.DataFrame, *, title: str, sources: Iterable, note: str = "",
              numeric_columns: Iterable[str] = (), derived: bool = False, long: bool = False,
              column_format: str | None = None, id_columns: Iterable[str] = (),
              formula_columns: Iterable[str] = ()) -> None:
        number = self.numbering.next_table()
        sources = self.source_ids(sources)
        self._cite(elements.table(
            frame, number=number, title=self.t("common.table_caption", number=number, title=title),
            source=self.source_line(sources, derived), note=note, numeric_columns=numeric_columns, long=long,
            column_format=column_format, download_label=self.t("common.download_csv"), id_columns=id_columns,
            continued=self.t("common.continued"), formula_columns=formula_columns), sources)
