"""Assemble and render one report (zone, period, language) from its executed notebooks."""

from __future__ import annotations

from pathlib import Path

from .. import spec
from ..appendix import appendix
from ..locale import get_locale
from ..sections import render, scope_for
from . import assemble, latex_state
from . import render as render_formats


def _executed_paths(target, opts) -> list[Path]:
    """Every notebook of the report in report order: just executed, or executed by an earlier
    build (with --only, the notebooks not selected keep their previous output)."""
    paths = []
    stale = {s.name for s in target.stale_notebooks}
    for spec_nb in assemble.report_order(getattr(opts, "all_notebooks", opts.notebooks)):
        base = target.stage_dir if spec_nb.name in stale else target.final_dir
        path = base / "executed" / f"{spec_nb.name}.ipynb"
        if path.exists():
            paths.append(path)
    return paths


def front_matter(ds, target) -> list:
    """The report's front matter (summary): from the data alone, so it can be made while the
    kernels run."""
    loc = get_locale(target.lang)
    scope = scope_for(ds, target.zone, target.period)
    return [b for result in render(spec.part("summary"), scope, loc).values() for b in result._bundles]


def _read_executed(path: Path):
    """An executed notebook, as written by this build or an earlier one (papermill validated it
    then: not validated again)."""
    from nbformat import v4

    return v4.reads(path.read_text(encoding="utf-8"))


def render_target(target, opts, ds, record: dict, log, front=None) -> None:
    """``front``: a future of the front matter, made beforehand by :func:`front_matter` (made
    here if None)."""
    loc = get_locale(target.lang)
    executed = [_read_executed(p) for p in _executed_paths(target, opts)]
    zone_name = loc.name(ds, target.zone)
    period_label = loc.period(target.period)
    title = loc.t("report.title", zone=zone_name)
    metadata = {
        "title": loc.t("report.full_title", title=title, period=period_label),
        "subject": loc.t("report.subject", zone=zone_name, period=period_label),
        "author": loc.t("report.author"),
        "keywords": loc.t("report.keywords"),
        "pdflang": loc.pdf_lang,
        "html_lang": loc.html_lang,
        "page_prefix": loc.t("report.page_prefix"),
        "page_middle": loc.t("report.page_middle"),
        "page_suffix": loc.t("report.page_suffix"),
        "toc_name": loc.t("report.toc"),
        "filter_label": loc.t("report.filter_label"),
        "sort_label": loc.t("report.sort_label"),
        "date": record["built"][:10],
    }
    front = front_matter(ds, target) if front is None else front.result()
    cited = assemble.cited_sources(executed, front)
    nb = assemble.combine(
        executed, loc=loc, zone_name=zone_name, period_label=period_label, built=record["built"][:10],
        appendix=appendix(ds, loc, target.zone, target.period, record, cited), metadata=metadata, front=front,
    )
    assemble.strip_cell_ids(nb)
    target.stage_dir.mkdir(parents=True, exist_ok=True)
    pdf = None
    if "pdf" in target.stale_formats:  # started first: XeLaTeX runs while this thread renders the HTML
        previous = target.final_dir / latex_state.FOLDER
        pdf = _Background(render_formats.render_pdf, nb, target.stage_dir / "report.pdf", target.stage_dir / "latex",
                          previous if previous.is_dir() else None)
    try:
        if "html" in target.stale_formats:
            render_formats.render_html(nb, target.stage_dir / "report.html")
            log(f"rendered HTML {target.zone}/{target.period}/{target.lang}")
        write_tables(nb, target.stage_dir / "tables.xlsx")
    finally:
        passes = pdf.result() if pdf is not None else 0  # waited for even when the HTML failed
    if pdf is not None:
        log(f"rendered PDF {target.zone}/{target.period}/{target.lang} ({passes} XeLaTeX pass{'es' if passes > 1 else ''})")


class _Background:
    """A call run in its own thread; ``result()`` waits for it and returns its value or raises its error."""

    def __init__(self, fn, *args):
        import threading

        self._value, self._error = None, None

        def run():
            try:
                self._value = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                self._error = exc

        self._thread = threading.Thread(target=run, name="zonereport-pdf", daemon=True)
        self._thread.start()

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def write_tables(nb, path: Path) -> None:
    """Every numbered table of the report as a sheet of an Excel workbook."""
    import pandas as pd

    from ..elements import META_KEY

    frames = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            md = out.get("metadata", {}).get(META_KEY, {})
            if md.get("kind") == "table" and md.get("number") and "columns" in md:
                frames.append((md["number"], pd.DataFrame(md["rows"], columns=md["columns"])))
    if not frames:
        return
    write_workbook(frames, path)


def write_workbook(frames: list, path: Path) -> None:
    """One sheet per table; every cell a value, never a formula (text starting with = stays text).
    Written row by row (openpyxl's write-only mode: about half the time of a workbook in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for number, frame in frames:
        ws = wb.create_sheet(f"T{number}"[:31])
        for row in [list(frame.columns), *frame.values.tolist()]:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl makes any text starting with = a formula
                cells.append(cell)
            ws.append(cells)
    wb.save(path)
