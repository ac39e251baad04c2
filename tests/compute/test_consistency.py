"""The consistency table is honest: each row compares two different sources found in the data,
only for the report's own entity and the levels above it, moving one input beyond the tolerance
flips its row, and the parent's growth implied by the zone's figures is checked against the
published one whenever both exist."""

from __future__ import annotations

import copy

import pytest

from zonereport.compute.contribution import consistency
from zonereport.dataset import load_dataset
from zonereport.facts import Scope

from ..conftest import DATA, FIXTURE


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def checks(ds, zone="caetdz", period="2025H1"):
    return consistency(Scope(ds, zone, period)).checks


def by_key(results):
    return {(c.kind, c.entity, c.indicator, c.period): c for c in results}


def test_every_compared_pair_comes_from_two_sources(ds):
    for c in checks(ds):
        if c.kind == "two_sources" and c.right is not None:
            assert c.left.source_id != c.right.source_id


def test_only_the_reports_own_chain_is_checked(ds):
    entities = {c.entity for c in checks(ds, "changchun_new_area")}
    assert "caetdz" not in entities and "china" in entities


def test_sources_that_agree_agree(ds):
    results = by_key(checks(ds))
    assert results[("two_sources", "china", "gdp", "2024")].check.status == "agrees"
    assert results[("stated_gap", "china", "gdp_growth", "2024H1")].check.status == "agrees"


def test_undated_figures_are_not_compared_and_revisions_are_named(ds):
    results = by_key(checks(ds))
    area = results[("two_sources", "caetdz", "area", "undated")]
    assert area.check.status == "cannot_check" and area.reason == "undated"
    revised = results[("two_sources", "china", "gdp", "2023")]
    assert revised.check.status == "disagrees" and revised.reason == "vintage"


def test_perturbing_one_input_flips_its_row(ds):
    agreed = [c for c in checks(ds) if c.check.status == "agrees" and c.kind != "implied_parent_growth"]
    assert len(agreed) >= 5
    for c in agreed:
        other = copy.deepcopy(ds)
        obs = other.observations
        right = c.right
        mask = ((obs["entity_id"] == right.entity_id) & (obs["indicator_id"] == right.indicator_id)
                & (obs["period"] == right.period) & (obs["source_id"] == right.source_id))
        assert mask.sum() == 1
        obs.loc[mask, "value"] = obs.loc[mask, "value"] * 1.5 + 1
        key = (c.kind, c.entity, c.indicator, c.period)
        assert by_key(checks(other))[key].check.status == "disagrees", key


def test_without_a_second_source_there_is_no_pair(ds):
    other = copy.deepcopy(ds)
    obs = other.observations
    pair = obs[(obs["entity_id"] == "china") & (obs["indicator_id"] == "gdp") & (obs["period"] == "2024")]
    assert len(pair) == 2
    other.observations = obs.drop(index=pair.index[-1:])
    assert ("two_sources", "china", "gdp", "2024") not in by_key(checks(other))


class TestImpliedParentGrowth:
    """Bug: the last row always said the city's growth was not published, and an implied city
    growth contradicting the published one was not flagged."""

    def test_not_published_is_computed_from_the_data(self, ds):
        row = by_key(checks(ds))[("implied_parent_growth", "changchun", "gdp_growth", "2025H1")]
        assert row.check.status == "cannot_check" and row.missing_inputs == ["parent_gdp_growth"]
        assert row.check.implied == pytest.approx(5.71, abs=0.01)

    def test_a_contradiction_beyond_rounding_is_flagged(self):
        fixture = load_dataset(FIXTURE)
        row = by_key(checks(fixture, "harbor_hitech", "2025"))[("implied_parent_growth", "harbor_city", "gdp_growth", "2025")]
        assert row.check.published == 5.2 and row.check.implied == pytest.approx(8.05, abs=0.05)
        assert row.check.status == "disagrees" and row.tolerance < 1

    def test_figures_that_fit_within_rounding_agree(self):
        fixture = load_dataset(FIXTURE)
        row = by_key(checks(fixture, "harbor_hitech", "2025H1"))[("implied_parent_growth", "harbor_city", "gdp_growth", "2025H1")]
        assert row.check.status == "agrees"
        assert abs(row.check.difference) <= row.tolerance
