#!/usr/bin/env python3
"""Write the section notebooks from the report spec (``src/zonereport/spec.py``).

Each section's notebook is: a title and what the section shows, the parameters cell,
``open_section``, one cell per block (its result displays as the block), and a closing cell
saying what the objects hold. Run it after adding or reordering a block; a test
(tests/test_results.py) fails when a notebook and the spec disagree.

    python scripts/write_notebooks.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zonereport import config, spec  # noqa: E402

INTRO = {
    "growth": ("Growth", "The entity's GDP level and real growth, against the levels above it (from "
               "`data/entities.csv`), its trajectory in comparable periods, and its standing."),
    "contribution": ("Contribution", "The entity's contribution share (贡献率) and contribution in percentage points "
                     "(拉动) to its parent's growth, its share of the parent, the three sectors' contribution to its "
                     "own growth, implied figures and a consistency table."),
    "structure": ("Industrial structure", "Firms the sources place in the entity, its shares of the levels above it, "
                  "output per km², the investment pipeline, company groups as context, and structure measures where "
                  "three-sector breakdowns exist."),
}
COMMENTS = {
    "headline": "Headline figures", "benchmarks": "Against each level above it, same period",
    "history": "The same kind of period in earlier years", "standing": "Standing as the sources state it; industrial growth",
    "sectors": "The three sectors' contribution to growth", "decomposition": "The parent's growth split into the entity's pull and the rest",
    "implied": "Figures implied by the published ones", "consistency": "Published figures checked against each other",
    "firms": "Firms the sources name, and stated counts", "parent_shares": "Shares of the levels above it",
    "density": "GDP per km² (derived)", "pipeline": "Projects and investment",
    "companies": "Company groups with firms here (context, not the entity's)",
    "sector_measures": "Structure measures on three-sector breakdowns",
}
PARAMETERS = f'''# Parameters (papermill injects the build's values after this cell).
zone = "{config.DEFAULT_ZONE}"        # entity id in data/entities.csv
period = "{config.DEFAULT_PERIOD}"      # YYYY, YYYYH1, YYYYQ1, YYYYM05, YYYYM01-05
lang = "zh"            # "zh" or "en"
data_dir = "../data"   # the data package'''
GUIDE = ("## What the objects hold\n\nEach cell above returns a numeric result that *displays* as the report's text, "
         "table or chart. Its `.data` is a tidy DataFrame — one row per figure: `entity`, `period`, `indicator`, "
         "`relative_to`, `value` (a float, in `unit` as the source writes it), `unit`, `price_basis`, `qualifier`, "
         "`derived` (True for figures this report computes), `source_ids`, `grade` — to filter, join and plot. "
         "Named fields (for example `headline.gdp`) hold the published figures with their quotes.\n\n")


def cell(kind: str, source: str, cid: str, tags: list[str] | None = None) -> dict:
    c = {"cell_type": kind, "id": cid, "metadata": {"tags": tags} if tags else {}, "source": source}
    if kind == "code":
        c.update(execution_count=None, outputs=[])
    return c


def notebook(part: spec.Part) -> dict:
    title, text = INTRO[part.id]
    cells = [
        cell("markdown", f"# {title}\n\n{text} All text, tables and charts are generated from `data/` by "
             f"`zonereport.compute.{part.id}` (numbers) and `zonereport.present.{part.id}` (words and charts, in "
             "the language `lang`); change the parameters below and run all cells.", "intro"),
        cell("code", PARAMETERS, "parameters", ["parameters"]),
        cell("code", "from zonereport.sections import open_section\n\nsection = open_section("
             f'"{part.id}", zone=zone, period=period, lang=lang, data_dir=data_dir)', "open"),
    ]
    for b in part.blocks:
        cells.append(cell("code", f'# {COMMENTS.get(b.id, b.id)}\n{b.id} = section["{b.id}"]\n{b.id}',
                          b.id.replace("_", "-")))
    cells.append(cell("markdown", GUIDE + "\n".join(f"- `{b.id}`: {b.doc}" for b in part.blocks), "guide"))
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}}}


def main() -> None:
    for part in spec.sections():
        path = ROOT / "notebooks" / f"{part.notebook}.ipynb"
        path.write_text(json.dumps(notebook(part), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
