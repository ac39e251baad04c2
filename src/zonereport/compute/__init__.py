"""Compute: pure functions from the validated dataset and a report's scope to numeric results.

Each block function takes a :class:`zonereport.facts.Scope` and returns a :class:`Result`:
a tidy DataFrame ``data`` (entity, period, indicator, value as float in the source's unit,
unit, price basis, qualifier, derived flag, source ids, grade) and named fields the
presentation reads. No language, no formatted string, no display. The presentation layer
(:mod:`zonereport.present`) turns a result and a :class:`zonereport.locale.Locale` into text,
tables and charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Result:
    """A block's numeric result. ``data`` is tidy; ``missing`` names what the data lack
    (indicator ids or short codes the presentation words as one honest sentence)."""

    data: pd.DataFrame
    missing: list[str] = field(default_factory=list)

    # set by the section that presents it, so a notebook cell displays the formatted block
    _bundles: list = field(default=None, init=False, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return self.data.empty

    def _ipython_display_(self) -> None:
        if self._bundles is None:
            from IPython.display import display

            display(self.data)
            return
        for bundle in self._bundles:
            bundle.show()
