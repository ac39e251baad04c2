"""Assemble and render one report (zone, period, language) from its executed notebooks."""

from __future__ import annotations

from pathlib import Path

from ..analysis.summary import summary
from ..appendix import appendix
from ..periods import parse_period
from ..report import Report
from ..text import t as message
from . import assemble, render


def _executed_paths(target, opts) -> list[Path]:
    """Every notebook of the report in order: just executed, or executed by an earlier build
    (with --only, the notebooks not selected keep their previous output)."""
    paths = []
    stale = {s.name for s in target.stale_notebooks}
    for spec in getattr(opts, "all_notebooks", opts.notebooks):
        base = target.stage_dir if spec.name in stale else target.final_dir
        path = base / "executed" / f"{spec.name}.ipynb"
        if path.exists():
            paths.append(path)
    return paths


def render_target(target, opts, ds, record: dict, log) -> None:
    import nbformat

    lang = target.lang
    executed = [nbformat.read(p, as_version=4) for p in _executed_paths(target, opts)]
    zone_name = ds.name(target.zone, lang)
    period_label = parse_period(target.period).label(lang)
    title = message(lang, "report.title", zone=zone_name)
    metadata = {
        "title": f"{title} — {period_label}" if lang == "en" else f"{title}（{period_label}）",
        "subject": message(lang, "report.subject", zone=zone_name, period=period_label),
        "author": message(lang, "report.author"),
        "keywords": message(lang, "report.keywords"),
        "pdflang": "zh-CN" if lang == "zh" else "en-GB",
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "page_prefix": message(lang, "report.page_prefix"),
        "page_middle": message(lang, "report.page_middle"),
        "page_suffix": message(lang, "report.page_suffix"),
        "toc_name": message(lang, "report.toc"),
        "date": record["built"][:10],
    }
    front: list = []
    summary(Report(None, zone=target.zone, period=target.period, lang=lang, dataset=ds, sink=front))
    nb = assemble.combine(
        executed, lang=lang, zone_name=zone_name, period_label=period_label, built=record["built"][:10],
        appendix=appendix(ds, lang, target.zone, period_label, record), metadata=metadata, front=front,
    )
    assemble.strip_cell_ids(nb)
    target.stage_dir.mkdir(parents=True, exist_ok=True)
    if "html" in target.stale_formats:
        render.render_html(nb, target.stage_dir / "report.html")
        log(f"rendered HTML {target.zone}/{target.period}/{lang}")
    if "pdf" in target.stale_formats:
        render.render_pdf(nb, target.stage_dir / "report.pdf", target.stage_dir / "latex")
        log(f"rendered PDF {target.zone}/{target.period}/{lang}")
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
