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


def render_target(target, opts, ds, record: dict, log) -> None:
    import nbformat

    loc = get_locale(target.lang)
    executed = [nbformat.read(p, as_version=4) for p in _executed_paths(target, opts)]
    scope = scope_for(ds, target.zone, target.period)
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
    front = [b for result in render(spec.part("summary"), scope, loc).values() for b in result._bundles]
    cited = assemble.cited_sources(executed, front)
    nb = assemble.combine(
        executed, loc=loc, zone_name=zone_name, period_label=period_label, built=record["built"][:10],
        appendix=appendix(ds, loc, target.zone, target.period, record, cited), metadata=metadata, front=front,
    )
    assemble.strip_cell_ids(nb)
    target.stage_dir.mkdir(parents=True, exist_ok=True)
    if "html" in target.stale_formats:
        render_formats.render_html(nb, target.stage_dir / "report.html")
        log(f"rendered HTML {target.zone}/{target.period}/{target.lang}")
    if "pdf" in target.stale_formats:
        previous = target.final_dir / latex_state.FOLDER
        passes = render_formats.render_pdf(nb, target.stage_dir / "report.pdf", target.stage_dir / "latex",
                                           previous if previous.is_dir() else None)
        log(f"rendered PDF {target.zone}/{target.period}/{target.lang} ({passes} XeLaTeX pass{'es' if passes > 1 else ''})")
    write_tables(nb, target.stage_dir / "tables.xlsx")


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
    """One sheet per table; every cell a value, never a formula (text starting with = stays text)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for number, frame in frames:
        ws = wb.create_sheet(f"T{number}"[:31])
        for r, row in enumerate([list(frame.columns), *frame.values.tolist()], start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl makes any text starting with = a formula
    wb.save(path)
