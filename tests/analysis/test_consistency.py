"""The consistency table is honest: each row compares two different sources found in the data,
only for the report's own zone, city, province and China, and moving one input beyond the
tolerance flips its row."""

from __future__ import annotations

import copy

import pytest

from zonereport.analysis.contribution import chain, run_checks
from zonereport.dataset import load_dataset

from ..conftest import DATA


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def by_key(results):
    return {(r["kind"], r["entity"], r["indicator"], r["period"]): r for r in results}


def test_every_compared_pair_comes_from_two_sources(ds):
    for r in run_checks(ds, chain(ds, "caetdz")):
        if r["left"] is not None and r["right"] is not None:
            assert r["left"].source_id != r["right"].source_id


def test_only_the_reports_own_chain_is_checked(ds):
    entities = {r["entity"] for r in run_checks(ds, chain(ds, "changchun_new_area"))}
    assert "caetdz" not in entities and "changchun" in entities


def test_sources_that_agree_agree(ds):
    results = by_key(run_checks(ds, chain(ds, "caetdz")))
    assert results[("two_sources", "changchun", "gdp", "2024")]["check"].status == "agrees"
    assert results[("stated_gap", "china", "gdp_growth", "2024H1")]["check"].status == "agrees"


def test_undated_figures_are_not_compared_and_revisions_are_named(ds):
    results = by_key(run_checks(ds, chain(ds, "caetdz")))
    area = results[("two_sources", "caetdz", "area", "undated")]
    assert area["check"].status == "cannot_check" and area["reason"] == "undated"
    revised = results[("two_sources", "china", "gdp", "2023")]
    assert revised["check"].status == "disagrees" and revised["reason"] == "vintage"


def test_perturbing_one_input_flips_its_row(ds):
    checked = [r for r in run_checks(ds, chain(ds, "caetdz")) if r["check"].status == "agrees"]
    assert len(checked) >= 5
    for r in checked:
        other = copy.deepcopy(ds)
        obs = other.observations
        right = r["right"]
        mask = ((obs["entity_id"] == right.entity_id) & (obs["indicator_id"] == right.indicator_id)
                & (obs["period"] == right.period) & (obs["source_id"] == right.source_id))
        assert mask.sum() == 1
        obs.loc[mask, "value"] = obs.loc[mask, "value"] * 1.5 + 1
        key = (r["kind"], r["entity"], r["indicator"], r["period"])
        assert by_key(run_checks(other, chain(other, "caetdz")))[key]["check"].status == "disagrees", key


def test_without_a_second_source_there_is_no_pair(ds):
    other = copy.deepcopy(ds)
    obs = other.observations
    other.observations = obs[~((obs["entity_id"] == "changchun") & (obs["indicator_id"] == "gdp")
                               & (obs["period"] == "2024") & (obs["source_id"] == "lhratings_jilin_2025"))]
    assert ("two_sources", "changchun", "gdp", "2024") not in by_key(run_checks(other, chain(other, "caetdz")))
