"""What a notebook uses: one :class:`Report` per notebook, for one zone, period and language.

    rep = Report(section=1, zone=zone, period=period, lang=lang, data_dir=data_dir)
    rep.heading(rep.t("growth.title"))
    rep.say("growth.headline", level=..., growth=...)

It loads the validated data once, numbers figures and tables within the section (图1.2 /
Figure 1.2), writes the source line from source ids, and displays bundles that render in
JupyterLab, in the HTML report and in the PDF.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import charts, elements, text
from .dataset import Dataset, load_dataset
from .errors import UsageError
from .periods import parse_period

GRADE_LABEL = {
    "zh": {"official": "官方", "wire": "通讯社/企业", "third_party": "第三方", "low": "低可信度"},
    "en": {"official": "official", "wire": "wire/company", "third_party": "third party", "low": "low reliability"},
}


@lru_cache(maxsize=4)
def _cached_dataset(data_dir: str) -> Dataset:
    return load_dataset(data_dir)


class Report:
    """Numbering, captions and source lines for one section of the report."""

    def __init__(self, section: int | None, *, zone: str, period: str, lang: str, data_dir: str | Path | None = None,
                 dataset: Dataset | None = None, sink: list | None = None):
        if lang not in ("zh", "en"):
            raise UsageError(f"lang {lang!r} is not available: use zh or en")
        self.section = section
        self.zone = zone
        self.period = parse_period(period)
        self.lang = lang
        self.ds = dataset if dataset is not None else _cached_dataset(str(Path(data_dir).resolve()))
        self.sink = sink  # collect bundles instead of displaying them (used by the build)
        if zone not in self.ds.entities.index:
            raise UsageError(f"zone {zone!r} is not in {self.ds.data_dir / 'entities.csv'}")
        self._figures = 0
        self._tables = 0
        charts.setup()

    @property
    def is_latest(self) -> bool:
        """Whether this is the zone's latest buildable period. Figures a source gives without a
        period (an article's 'six automakers') describe the source's own time, so earlier
        periods' reports leave them out."""
        from .periods import period_sort_key

        periods = [p for z, p in self.ds.buildable() if z == self.zone]
        return not periods or max(periods, key=period_sort_key) == self.period.code

    def undated(self, fact):
        """An undated figure, or None in a report on an earlier period (see ``is_latest``)."""
        if fact is not None and fact.period == "undated" and not self.is_latest:
            return None
        return fact

    # -- text ------------------------------------------------------------------------------
    def t(self, key: str, /, **values) -> str:
        return text.t(self.lang, key, **values)

    def zone_name(self, full: bool = False) -> str:
        """The zone's short name (汽开区 / CAETDZ) for running text and charts; ``full`` for first mentions."""
        return self.ds.name(self.zone, self.lang, short=not full)

    def period_label(self, code: str | None = None) -> str:
        return (parse_period(code) if code else self.period).label(self.lang)

    def heading(self, title: str, level: int = 1) -> None:
        number = self.section if level == 1 else None
        self._subsections = getattr(self, "_subsections", 0) + (level == 2)
        if level == 1:
            anchor = f"sec-{self.section}" if self.section is not None else "summary"
        else:
            anchor = f"sec-{self.section or 0}-{self._subsections}"
        self.emit(elements.heading(number, title, level, anchor=anchor))

    def emit(self, bundle: elements.Bundle) -> None:
        if self.sink is not None:
            self.sink.append(bundle)
        else:
            bundle.show()

    def say(self, key: str, /, **values) -> None:
        self.emit(elements.paragraph(self.t(key, **values)))

    def paragraph(self, sentence: str, css_class: str | None = None) -> None:
        self.emit(elements.paragraph(sentence, css_class))

    def bullets(self, items: Iterable[str]) -> None:
        self.emit(elements.bullet_list(items, "findings"))

    # -- sources ---------------------------------------------------------------------------
    def source_line(self, source_ids: Iterable[str], derived: bool = False) -> str:
        """来源：… / Source: …, each source with its grade; "derived" notes a computation."""
        parts = []
        for sid in dict.fromkeys(s for s in source_ids if s):
            src = self.ds.source(sid)
            who = src["author"] if src["author"] and src["author"] != "not stated" else src["publisher"]
            grade = GRADE_LABEL[self.lang][src["grade"]]
            title = src["title"]
            parts.append(f"{title}（{who}，{grade}）" if self.lang == "zh" else f"{title} ({who}; {grade})")
        label = self.t("common.source")
        joined = ("；" if self.lang == "zh" else "; ").join(parts) or self.t("common.none")
        line = f"{label}{joined}"
        if derived:
            line += self.t("common.derived_suffix")
        return line

    # -- figures and tables ----------------------------------------------------------------
    def figure(self, fig, *, title: str, sources: Iterable[str], alt: str, note: str = "",
               data: pd.DataFrame | None = None, derived: bool = False) -> None:
        self._figures += 1
        number = f"{self.section or 0}.{self._figures}"
        caption = self.t("common.figure_caption", number=number, title=title)
        self.emit(elements.figure(
            fig, number=number, title=caption, source=self.source_line(sources, derived), alt=alt,
            note=note, data=data, download_label=self.t("common.download_csv"),
        ))
        charts.close(fig)

    def table(self, frame: pd.DataFrame, *, title: str, sources: Iterable[str], note: str = "",
              numeric_columns: Iterable[str] = (), derived: bool = False, long: bool = False,
              column_format: str | None = None, id_columns: Iterable[str] = ()) -> None:
        self._tables += 1
        number = f"{self.section or 0}.{self._tables}"
        caption = self.t("common.table_caption", number=number, title=title)
        self.emit(elements.table(
            frame, number=number, title=caption, source=self.source_line(sources, derived), note=note,
            numeric_columns=numeric_columns, long=long, column_format=column_format,
            download_label=self.t("common.download_csv"), id_columns=id_columns,
            continued=self.t("common.continued"),
        ))
