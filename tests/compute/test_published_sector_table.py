"""The three-sector table (三次产业贡献率和拉动) reproduces tables statistics offices published.

Each case is a real published table in ``data/`` (source rows with quotes): the levels at current
prices and real growth of GDP and of the three industries, and the published contribution shares
and pulls. The report computes the shares and pulls from the levels and growth alone (form (b) of
docs/methods.md#approx-b: ΔY_i ≈ Y_i,t·g_i/(1+g_i)), so it cannot match to the decimal: the offices
use constant-price increments (each sector's own deflator). The tolerances say how close the
approximation comes; a wrong formula (a current-price increment, a pull not divided by last
year's GDP, shares of the wrong total) misses them by far more.
"""

from __future__ import annotations

import pytest

from zonereport.compute.contribution import sectors
from zonereport.facts import Scope
from zonereport.sections import _cached_dataset

from ..conftest import DATA

# entity, period, source of the published table, tolerance for contribution shares (points), for pulls (points)
PUBLISHED = [
    ("xpcc", "2018", "xpcc_gb_2018", 1.5, 0.15),  # 兵团 2018 statistical bulletin (official)
    ("cangzhou", "2023Q1", "hbjjrb_2023_05_11", 2.0, 0.1),  # 河北经济日报 (official media)
    ("chaotian", "2024", "gyct_chaotian_2024", 3.0, 0.2),  # district release; 2023 levels revised by the census
]


@pytest.fixture(scope="module")
def ds():
    return _cached_dataset(str(DATA.resolve()))


@pytest.mark.parametrize("entity, period, source, tol_c, tol_p", PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_computed_shares_and_pulls_come_close_to_the_published_ones(ds, entity, period, source, tol_c, tol_p):
    r = sectors(Scope(ds, entity, period))
    assert not r.missing and r.identities_hold
    assert len(r.rows) == 3
    for row in r.rows:
        pub_c, pub_p = row.published_contribution, row.published_pull
        assert pub_c is not None and pub_p is not None, f"{entity} {period} {row.sector}: published figures not found"
        assert pub_c.source_id == pub_p.source_id == source
        assert abs(100 * row.contribution - pub_c.value) <= tol_c, (row.sector, 100 * row.contribution, pub_c.value)
        assert abs(row.pull_pp - pub_p.value) <= tol_p, (row.sector, row.pull_pp, pub_p.value)
    # the published table's order of importance is kept
    computed = sorted(r.rows, key=lambda x: x.contribution)
    published = sorted(r.rows, key=lambda x: x.published_contribution.value)
    assert [x.sector for x in computed] == [x.sector for x in published]


def test_the_published_contributions_themselves_add_up(ds):
    """A check of the data: the office's own shares sum to 100% and pulls to GDP growth, within rounding."""
    for entity, period, *_ in PUBLISHED:
        r = sectors(Scope(ds, entity, period))
        assert abs(sum(x.published_contribution.value for x in r.rows) - 100) <= 0.15
        assert abs(sum(x.published_pull.value for x in r.rows) - r.gdp_growth.value) <= 0.15
