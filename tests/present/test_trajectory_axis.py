"""The trajectory chart's year axis: consecutive years one apart, gaps compressed and marked,
census markers where the census falls, and the note names the missing years."""

from __future__ import annotations

from zonereport.present.growth import GAP_WIDTH, _census_x, _missing_years, _year_positions


def test_gaps_are_compressed_and_their_middles_marked():
    x, breaks = _year_positions([2006, 2007, 2010, 2020, 2021, 2022])
    assert x[2007] - x[2006] == 1 and x[2021] - x[2020] == 1
    assert x[2010] - x[2007] == GAP_WIDTH and x[2020] - x[2010] == GAP_WIDTH  # 3 and 10 years drawn alike
    assert breaks == [x[2007] + GAP_WIDTH / 2, x[2010] + GAP_WIDTH / 2]
    assert _year_positions([2021, 2022, 2023]) == ({2021: 0.0, 2022: 1.0, 2023: 2.0}, [])


def test_a_census_marker_stands_before_its_year_or_inside_the_gap_that_spans_it():
    x, _ = _year_positions([2010, 2020, 2023, 2024])
    assert _census_x(2023, x) == x[2023] - 0.5
    assert x[2010] < _census_x(2013, x) < _census_x(2018, x) < x[2020]  # two censuses in one gap, apart
    assert _census_x(2008, x) is None and _census_x(2026, x) is None


def test_the_note_names_the_years_without_data():
    x, _ = _year_positions([2006, 2007, 2010, 2020, 2022])
    assert _missing_years(x) == ["2008–2009", "2011–2019", "2021"]
