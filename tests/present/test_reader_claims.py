"""What a careful reader checked in the city and zone reports, held by tests: figures keep their
published decimals (in text and in rounding tolerances), every source of a shown figure is listed,
the contribution section is titled by what it holds, a conclusion resting on a low-grade level is
hedged, a span names every census it crosses, and structures compare like periods."""

from __future__ import annotations

import pytest

from zonereport.appendix import appendix
from zonereport.compute.contribution import consistency
from zonereport.dataset import load_dataset
from zonereport.facts import Scope
from zonereport.locale import get_locale
from zonereport.sections import scope_for, title
from zonereport.spec import part

from ..conftest import DATA
from .test_render import run_sections, sentences

RECORD = {"built": "2026-01-01T00:00:00", "data_hash": "0" * 64, "data_dir": "data", "command": "x",
          "python": "3", "versions": {}}


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


def test_a_published_trailing_zero_is_kept_and_sets_the_rounding(ds):
    """China's 2024 growth is published as 5.0 by one source and 5 by another: the first is shown
    as 5.0%, and the check's tolerance is half a unit of each: 0.05 + 0.5."""
    checks = consistency(Scope(ds, "changchun", "2024")).checks
    row = next(c for c in checks if c.kind == "two_sources" and c.left.entity_id == "china"
               and c.left.indicator_id == "gdp_growth" and c.left.period == "2024")
    assert {row.left.decimals, row.right.decimals} == {0, 1}
    assert row.tolerance == pytest.approx(0.55)
    china = Scope(ds, "changchun", "2024").lookup("gdp_growth", entity="china")
    assert china.decimals == 1 and get_locale("en").fact(china) == "5.0%" and get_locale("zh").fact(china) == "5.0%"


def test_every_source_of_the_quotes_table_is_in_the_list_of_sources(ds):
    loc = get_locale("en")
    bundles = appendix(ds, loc, "changchun", "2024", RECORD, cited=[])
    tables = [b for b in bundles if b.metadata["zonereport"].get("kind") == "table"]
    listed = {row[0] for row in tables[0].metadata["zonereport"]["rows"]}  # cited by number: [n]
    quoted = set(ds.observations.loc[ds.observations["entity_id"] == "changchun", "source_id"])
    assert quoted and {loc.source_ref(ds, s) for s in quoted} <= listed


def test_the_contribution_section_is_titled_by_what_it_holds(ds):
    contribution = part("contribution")
    en = get_locale("en")
    assert title(contribution, scope_for(ds, "caetdz", "2025H1"), en) == "Contribution to Changchun's growth"
    assert title(contribution, scope_for(ds, "changchun", "2024"), en) == "Contributions to Changchun's growth"


def test_a_conclusion_from_a_low_grade_level_is_hedged(ds):
    """The zone's contribution share against its share of the city rests on the city's 2025 H1
    level from a low-grade page: the section says 'suggests', never 'so … grew'."""
    text = "\n".join(sentences(run_sections(ds, "en")))
    assert "which suggests CAETDZ grew more slowly than Changchun" in text
    assert "so CAETDZ grew more slowly" not in text


def test_a_span_names_every_census_it_crosses(ds):
    text = "\n".join(sentences(run_sections(ds, "en", "changchun", "2024")))
    assert "censuses of 2008, 2013, 2018 and 2023" in text
