"""The consistency table is honest: each row compares two different sources, and moving one
input beyond the tolerance flips its row."""

from __future__ import annotations

import copy

import pytest

from zonereport.analysis.contribution import CHECKS, run_checks
from zonereport.dataset import load_dataset

from ..conftest import DATA


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def by_key(results):
    return {r["key"]: r for r in results}


def test_every_compared_pair_comes_from_two_sources(ds):
    for r in run_checks(ds):
        if r["left"] is not None and r["right"] is not None:
            assert r["left"].source_id != r["right"].source_id, r["key"]


def test_published_figures_agree_where_sources_agree(ds):
    results = by_key(run_checks(ds))
    assert results["city_gdp_2024"]["check"].status == "agrees"
    assert results["jilin_vs_china_2024H1"]["check"].status == "agrees"


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.key)
def test_perturbing_one_input_flips_its_row(ds, spec):
    base = by_key(run_checks(ds))[spec.key]
    if base["check"].status != "agrees":
        pytest.skip(f"{spec.key} does not agree on the real data")
    other = copy.deepcopy(ds)
    obs = other.observations
    right = base["right"]
    mask = ((obs["entity_id"] == right.entity_id) & (obs["indicator_id"] == right.indicator_id)
            & (obs["period"] == right.period) & (obs["source_id"] == right.source_id))
    assert mask.sum() == 1
    obs.loc[mask, "value"] = obs.loc[mask, "value"] * 1.5 + 1
    flipped = by_key(run_checks(other, [spec]))[spec.key]
    assert flipped["check"].status == "disagrees"


def test_a_missing_second_source_cannot_be_checked(ds):
    other = copy.deepcopy(ds)
    obs = other.observations
    other.observations = obs[~((obs["entity_id"] == "changchun") & (obs["indicator_id"] == "gdp")
                               & (obs["period"] == "2024") & (obs["source_id"] == "lhratings_jilin_2025"))]
    spec = next(s for s in CHECKS if s.key == "city_gdp_2024")
    result = run_checks(other, [spec])[0]
    assert result["check"].status == "cannot_check" and result["reason"] == "no_second_source"
