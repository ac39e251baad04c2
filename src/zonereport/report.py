"""Free-form writing in a notebook of your own (beside the report's sections).

The report's own sections are opened with :func:`zonereport.sections.open_section`. A notebook
you add to the notebooks folder can write headings and paragraphs that the build includes in
the report, in the reader's language:

    rep = Report(section=4, zone=zone, period=period, lang=lang, data_dir=data_dir)
    rep.heading(rep.t("growth.title"))
    rep.paragraph(rep.zone_name(full=True))
"""

from __future__ import annotations

from pathlib import Path

from . import elements
from .locale import get_locale
from .sections import _cached_dataset, scope_for


class Report:
    def __init__(self, section: int | None, *, zone: str, period: str, lang: str, data_dir: str | Path):
        self.section = section
        self.loc = get_locale(lang)
        self.scope = scope_for(_cached_dataset(str(Path(data_dir).resolve())), zone, period)
        self._subsections = 0

    def t(self, key: str, /, **values) -> str:
        return self.loc.t(key, **values)

    def zone_name(self, full: bool = False) -> str:
        return self.loc.name(self.scope.ds, self.scope.zone, short=not full)

    def heading(self, title: str, level: int = 1) -> None:
        if level == 1:
            anchor = f"sec-{self.section}" if self.section is not None else None
            elements.heading(self.section, title, 1, anchor=anchor).show()
        else:
            self._subsections += 1
            elements.heading(None, title, 2, anchor=f"sec-{self.section or 0}-{self._subsections}").show()

    def paragraph(self, text: str) -> None:
        elements.paragraph(text).show()
