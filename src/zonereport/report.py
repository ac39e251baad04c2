"""Free-form writing in a notebook of your own (beside the report's sections).

The report's own sections are opened with :func:`zonereport.sections.open_section`. A notebook
you add to the notebooks folder can write headings, paragraphs, numbered tables and figures that
the build includes in the report, in the reader's language, each shown as soon as it is written:

    rep = Report(section=4, zone=zone, period=period, lang=lang, data_dir=data_dir)
    rep.heading(rep.t("growth.title"))
    rep.paragraph(rep.zone_name(full=True))
    rep.table(frame, title="…", sources=["article"])

Tables and figures are numbered within the section (4.1, 4.2, …) like the report's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from .locale import get_locale
from .present import Numbering, Writer
from .sections import _cached_dataset, scope_for


class Report:
    def __init__(self, section: int | None, *, zone: str, period: str, lang: str, data_dir: str | Path):
        self.section = section
        self.loc = get_locale(lang)
        self.scope = scope_for(_cached_dataset(str(Path(data_dir).resolve())), zone, period)
        self._writer = Writer(self.scope, self.loc, Numbering(section))

    def t(self, key: str, /, **values) -> str:
        return self.loc.t(key, **values)

    def zone_name(self, full: bool = False) -> str:
        return self._writer.name(short=not full)

    def _show_new(self) -> None:
        for bundle in self._writer.bundles:
            bundle.show()
        self._writer.bundles.clear()

    def heading(self, title: str, level: int = 1) -> None:
        self._writer.heading(title, level)
        self._show_new()

    def paragraph(self, text: str) -> None:
        self._writer.paragraph(text)
        self._show_new()

    def table(self, frame: pd.DataFrame, *, title: str, sources: Iterable = (), note: str = "",
              numeric_columns: Iterable[str] = ()) -> None:
        """A numbered table of the frame's cells as text, with its sources and a CSV download."""
        self._writer.table(frame, title=title, sources=sources, note=note, numeric_columns=numeric_columns)
        self._show_new()

    def figure(self, fig, *, title: str, alt: str, sources: Iterable = (), note: str = "",
               data: pd.DataFrame | None = None) -> None:
        """A numbered matplotlib figure; ``alt`` is its text alternative, ``data`` its CSV."""
        self._writer.figure(fig, title=title, sources=sources, alt=alt, note=note, data=data)
        self._show_new()
