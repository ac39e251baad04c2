"""Render a part of the report spec: compute every block, then present them in order.

All blocks of a section are computed and presented when the section is opened, so figure and
table numbers are fixed by the spec and the data: re-running one notebook cell shows the same
numbers. Used by the notebooks (:func:`open_section`) and by the build (front matter).

    section = open_section("growth", zone="…", period="…", lang="zh", data_dir="../data")
    benchmarks = section["benchmarks"]     # numeric result; displays as the formatted block
    benchmarks.data                        # tidy DataFrame: filter, join, plot
"""

from __future__ import annotations

import copy
import sys
from functools import lru_cache
from pathlib import Path

from . import elements, spec
from .compute import Result
from .dataset import Dataset, load_dataset
from .errors import UsageError
from .facts import Scope
from .locale import Locale, get_locale
from .present import Numbering, Writer


@lru_cache(maxsize=4)
def _cached_dataset(data_dir: str) -> Dataset:
    return load_dataset(data_dir)


def scope_for(ds: Dataset, zone: str, period: str) -> Scope:
    """A report's scope, checked: the entity exists and the period is well formed."""
    from .periods import parse_period

    if zone not in ds.entities.index:
        raise UsageError(f"zone {zone!r} is not in {ds.data_dir / 'entities.csv'}")
    parse_period(period)
    return Scope(ds, zone, period)


def title(part: spec.Part, scope: Scope, loc: Locale) -> str:
    if scope.parent is None and loc.has(part.title + "_no_parent"):
        return loc.t(part.title + "_no_parent", zone=loc.name(scope.ds, scope.zone))
    parent = loc.name(scope.ds, scope.parent) if scope.parent else ""
    if scope.parent and loc.has(part.title + "_no_share") and not _shares_of_parent_growth(scope):
        return loc.t(part.title + "_no_share", zone=loc.name(scope.ds, scope.zone), parent=parent)
    return loc.t(part.title, zone=loc.name(scope.ds, scope.zone), parent=parent)


def _shares_of_parent_growth(scope: Scope) -> bool:
    """Whether the data publish, for this period, a contribution share of the entity to its
    parent's growth (then the contribution section is about the parent's growth)."""
    obs = scope.observations()
    return bool(((obs["relative_to"] == scope.parent) & (obs["kind"] == "contribution")).any())


def render(part: spec.Part, scope: Scope, loc: Locale) -> dict[str, Result]:
    """Every block of ``part``: its result, with the bundles that display it."""
    charts = sys.modules.get(__package__ + ".charts")
    if charts is not None:  # the theme again, whatever a notebook cell changed; a first import
        charts.setup()      # of the charts (by a section that draws) applies it itself
    numbering = Numbering(spec.section_number(part.id))
    computed: dict[str, Result] = {}
    out: dict[str, Result] = {}
    with scope.ds.frozen():  # nothing changes the observations while the blocks run
        _render_blocks(part, scope, loc, numbering, computed, out)
    return out


def _render_blocks(part: spec.Part, scope: Scope, loc: Locale, numbering, computed: dict, out: dict) -> None:
    for i, block in enumerate(part.blocks):
        if block.compute not in computed:
            computed[block.compute] = block.compute_function()(scope)
        result = copy.copy(computed[block.compute])
        w = Writer(scope, loc, numbering)
        if i == 0:
            w.heading(title(part, scope, loc), level=1)
        block.present_function()(result, w)
        if w.bundles:  # the sources of every figure the block used, for the appendix's source list
            cited = [i for ids in result.data.get("source_ids", []) for i in str(ids).split(";") if i]
            w.bundles[0].metadata[elements.META_KEY]["cites"] = list(dict.fromkeys(cited))
        result._bundles = w.bundles
        out[block.id] = result


def render_report(ds: Dataset, zone: str, period: str, lang: str) -> list:
    """The front matter and every section's bundles, in report order, rendered in this process
    (no kernel): what the built report shows before its appendix."""
    scope, loc = scope_for(ds, zone, period), get_locale(lang)
    parts = [p for p in spec.REPORT if p.kind in ("front", "section")]
    return [b for p in parts for result in render(p, scope, loc).values() for b in result._bundles]


class Section:
    """One section opened in a notebook: ``section["block_id"]`` is that block's result."""

    def __init__(self, part: spec.Part, scope: Scope, loc: Locale):
        self.part, self.scope, self.loc = part, scope, loc
        self.results = render(part, scope, loc)

    def __getitem__(self, block_id: str) -> Result:
        try:
            return self.results[block_id]
        except KeyError:
            raise KeyError(f"section {self.part.id!r} has no block {block_id!r}; blocks: "
                           f"{', '.join(b.id for b in self.part.blocks)}") from None

    def guide(self) -> str:
        """What each block's result holds (for the notebook's closing markdown)."""
        return "\n".join(f"- `{b.id}`: {b.doc}" for b in self.part.blocks)


def open_section(part_id: str, *, zone: str, period: str, lang: str, data_dir: str | Path) -> Section:
    """Compute and present one section of the report, for a notebook."""
    loc = get_locale(lang)
    ds = _cached_dataset(str(Path(data_dir).resolve()))
    return Section(spec.part(part_id), scope_for(ds, zone, period), loc)
