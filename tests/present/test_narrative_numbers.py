"""Every number in the generated narrative comes from the data or from a computation on it.

Method: generate the report's text twice, once from the real data and once from the same data
with every value perturbed (levels, rates and counts scaled, ranks shifted). A number that reads
the same in both texts did not come from the data: it was typed into a template or the code.
Period labels, figure/table numbers and the census reference year (a methodological constant,
docs/methods.md) are the only numbers allowed to stay.
"""

from __future__ import annotations

import copy
import re

import pytest

from zonereport.config import CENSUS_YEARS
from zonereport.dataset import load_dataset
from zonereport.locale import get_locale

from ..conftest import DATA
from .test_render import run_sections

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def narrative(sink) -> str:
    parts = []
    for b in sink:
        md = b.metadata["zonereport"]
        if md["kind"] in ("paragraph", "list"):
            parts.append(b.data["text/plain"])
        elif md["kind"] in ("figure", "table") and md.get("title"):
            parts.append(md["title"])
    return "\n".join(parts)


def strip_allowed(text: str, ds, lang: str) -> str:
    loc = get_locale(lang)
    labels = sorted({loc.period(code) for code in set(ds.observations["period"])}, key=len, reverse=True)
    for label in labels:
        text = text.replace(label, " ")
    text = re.sub(r"(图|表|Figure |Table )\d+\.\d+", " ", text)
    for year in CENSUS_YEARS:
        text = text.replace(str(year), " ")
    for pattern in COUNTS_AND_CONSTANTS:
        text = re.sub(pattern, " ", text)
    return text


# Counts of periods, years and checks follow from which rows exist (availability, which the
# perturbation moves only where it drops a row); rounding tolerances (±) from the published
# decimals, which scaling keeps; and two constants of the definitions: the 100% the contribution
# shares add up to and the 1 of (1 + g).
COUNTS_AND_CONSTANTS = [
    r"\d+个(?:可比)?时期", r"\d+ of the \d+ (?:comparable )?periods", r"\d+年间", r"over \d+ years", r"\d+项",
    r"agree: \d+|disagree: \d+|be made: \d+", r"[（(]100% ±", r"[（(]1 \+", r"± ?[\d.]+",
]


def perturbed(ds):
    other = copy.deepcopy(ds)
    obs = other.observations
    is_rank = obs["kind"] == "rank"
    # a different factor per row, so ratios of two figures move too
    factors = [1.0 + 0.071 * (i % 11 + 1) for i in range(len(obs))]
    obs.loc[~is_rank, "value"] = obs.loc[~is_rank, "value"] * [f for f, r in zip(factors, is_rank) if not r]
    obs.loc[is_rank, "value"] = obs.loc[is_rank, "value"] + 1
    # availability is data too: drop the second source of one consistency check
    second = obs[(obs["entity_id"] == "china") & (obs["indicator_id"] == "gdp") & (obs["period"] == "2024")]
    undated = obs[(obs["entity_id"] == "caetdz") & (obs["indicator_id"] == "area") & (obs["source_id"] != "article")]
    other.observations = obs.drop(index=list(second.index[-1:]) + list(undated.index))
    return other


@pytest.mark.parametrize("zone, period", [("caetdz", "2025H1"), ("changchun", "2024")])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_number_in_the_narrative_is_typed(lang, zone, period):
    ds = load_dataset(DATA)
    real = strip_allowed(narrative(run_sections(ds, lang, zone, period)), ds, lang)
    moved = strip_allowed(narrative(run_sections(perturbed(ds), lang, zone, period)), ds, lang)
    assert len(NUMBER.findall(real)) > 30, "the narrative should be full of figures"
    real_lines, moved_lines = real.splitlines(), moved.splitlines()
    assert len(real_lines) == len(moved_lines)
    stayed = []
    for a, b in zip(real_lines, moved_lines):
        na, nb = NUMBER.findall(a), NUMBER.findall(b)
        if len(na) == len(nb):
            stayed += [(x, a[:80]) for x, y in zip(na, nb) if x == y and x != "10"]
    # "10" (years between H1 2015 and H1 2025) comes from the period codes, which are data too
    assert stayed == [], f"numbers that do not follow the data: {stayed}"
