"""The report spec: one ordered declaration of the report's parts and their blocks.

Section numbers follow from position (the n-th part of kind ``section`` is section n); figure
and table numbers follow from the order of a section's blocks. The notebooks
(``open_section("growth", ...)``), the assembler (order of the executed notebooks, front matter,
appendix) and the tests read this list. Adding a section is one :class:`Part` here, its compute
and present functions, and its notebook.

Functions are named as ``"module:function"`` under :mod:`zonereport.compute` and
:mod:`zonereport.present`, resolved only when a report is rendered, so reading the spec imports
nothing heavy (the build's no-op path reads it).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Block:
    id: str
    compute: str  # "growth:headline" → zonereport.compute.growth.headline(scope) -> Result
    present: str  # "growth:headline" → zonereport.present.growth.headline(result, writer)
    doc: str = ""  # what the result holds, for the notebook's closing note

    def compute_function(self):
        module, name = self.compute.split(":")
        return getattr(import_module(f"zonereport.compute.{module}"), name)

    def present_function(self):
        module, name = self.present.split(":")
        return getattr(import_module(f"zonereport.present.{module}"), name)


@dataclass(frozen=True)
class Part:
    id: str
    kind: str  # front | section | appendix
    title: str  # message key; may use {zone} and {parent}
    blocks: tuple[Block, ...] = ()
    notebook: str | None = None  # the notebook that executes a section
    appendix: tuple[str, ...] = ()  # the appendix's parts, in order


REPORT: tuple[Part, ...] = (
    Part("summary", "front", "summary.title", (
        Block("key_findings", "summary:key_findings", "summary:key_findings",
              "the headline figures, the contribution section's figures and the shares of the parent"),
        Block("main_indicators", "summary:main_indicators", "summary:main_indicators",
              "the main indicators of the period (level, growth, contribution share), one row per figure"),
    )),
    Part("growth", "section", "growth.title", (
        Block("headline", "growth:headline", "growth:headline", "GDP level and growth of the period (`gdp`, `growth`)"),
        Block("benchmarks", "growth:benchmarks", "growth:benchmarks",
              "growth of the entity and of each level above it (`role`, `gap_pp` in percentage points)"),
        Block("history", "growth:history", "growth:history",
              "GDP in the same kind of period in earlier years, their growth, `average_nominal_pct`, `census_breaks`"),
        Block("standing", "growth:standing", "growth:standing", "ranks and streaks as the sources state them; industrial growth"),
    ), notebook="01_growth"),
    Part("contribution", "section", "contribution.title", (
        Block("headline", "contribution:contribution", "contribution:headline",
              "published inputs and derived figures (`derived` is True for shares, increments, implied growth, pulls)"),
        Block("sectors", "contribution:sectors", "contribution:sectors",
              "the three sectors' level, real growth, share, contribution share and pull (approximations), "
              "with `contribution_sum` and `pull_sum_pp` and their rounding tolerances"),
        Block("over_time", "contribution:over_time", "contribution:over_time",
              "contribution shares in comparable periods: `shares` (to the parent, published) and `sectors` "
              "(each period's sector table)"),
        Block("decomposition", "contribution:contribution", "contribution:decomposition",
              "the parent's growth split into the entity's pull and the rest (`gdp_pull`, `gdp_pull_rest`)"),
        Block("implied", "contribution:contribution", "contribution:implied", "figures implied by the published ones"),
        Block("consistency", "contribution:consistency", "contribution:consistency",
              "each check: published, against, difference, tolerance, status, reason"),
    ), notebook="02_contribution"),
    Part("structure", "section", "structure.title", (
        Block("firms", "structure:firms", "structure:firms", "firms the sources place in the entity, and stated counts"),
        Block("parent_shares", "structure:parent_shares", "structure:parent_shares",
              "the entity's published shares of the levels above it"),
        Block("members", "structure:members", "structure:members",
              "the entities within this one with figures of the period: GDP, growth, published contribution "
              "share and derived share of this entity's GDP (`share_of_parent_gdp`)"),
        Block("density", "structure:density", "structure:density", "GDP per km² (`gdp_per_km2`, 亿元 per km²)"),
        Block("pipeline", "structure:pipeline", "structure:pipeline", "projects and investment of the period"),
        Block("companies", "structure:companies", "structure:companies",
              "figures of the company groups whose firms are in the entity (context), with growth"),
        Block("sector_measures", "structure:sector_measures", "structure:sector_measures",
              "location quotients and shares by sector; Moore angle and NAV between periods"),
    ), notebook="03_structure"),
    Part("appendix", "appendix", "appendix.title",
         appendix=("methods", "sources", "quotes", "glossary", "cite", "record")),
)


def part(part_id: str) -> Part:
    for p in REPORT:
        if p.id == part_id:
            return p
    raise KeyError(f"no part {part_id!r} in the report spec; parts: {', '.join(p.id for p in REPORT)}")


def sections() -> list[Part]:
    return [p for p in REPORT if p.kind == "section"]


def section_number(part_id: str) -> int | None:
    """1 for the first section, …; None for the front matter and the appendix."""
    for n, p in enumerate(sections(), start=1):
        if p.id == part_id:
            return n
    return None


def notebooks() -> list[str]:
    """The section notebooks in report order (``01_growth``, …)."""
    return [p.notebook for p in sections() if p.notebook]


def section_for_notebook(name: str) -> Part | None:
    return next((p for p in sections() if p.notebook == name), None)
