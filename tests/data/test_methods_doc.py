"""docs/methods.md and the report's appendix agree on the formula list, and the worked examples
are what the package computes from the figures in data/."""

from __future__ import annotations

import re
import tomllib

import pandas as pd
import pytest

from zonereport import appendix
from zonereport.methods import contribution, growth, structure

from .provenance import DATA, ROOT, read_csv

DOC = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
MESSAGES = ROOT / "src" / "zonereport" / "messages"


def formula_list() -> list[list[str]]:
    section = DOC.split('<a id="formula-list"></a>', 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| key")]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def test_formula_list_matches_the_appendix():
    rows = formula_list()
    assert [r[0] for r in rows] == [f[0] for f in appendix.FORMULAS]
    for lang, column in (("en", 1), ("zh", 2)):
        names = tomllib.loads((MESSAGES / f"{lang}.toml").read_text(encoding="utf-8"))["appendix"]["formula_name"]
        assert [r[column] for r in rows] == [names[f[0]] for f in appendix.FORMULAS], lang


def test_every_link_has_its_anchor():
    anchors = set(re.findall(r'<a id="([a-z-]+)"></a>', DOC))
    links = set(re.findall(r"\]\(#([a-z-]+)\)", DOC))
    assert links and links <= anchors, sorted(links - anchors)
    assert {"contribution", "pull", "share", "approx-a", "approx-b", "implied-city-growth"} <= anchors


def test_readme_links_the_methods():
    assert "docs/methods.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def value(source_id: str, entity: str, indicator: str, period: str) -> float:
    rows = [r for r in read_csv(DATA / "observations.csv")
            if (r["source_id"], r["entity_id"], r["indicator_id"], r["period"]) == (source_id, entity, indicator, period)]
    assert len(rows) == 1, (source_id, entity, indicator, period)
    return float(rows[0]["value"])


def test_worked_examples():
    zone_gdp = value("article", "caetdz", "gdp", "2025H1")
    city_gdp = value("jrhz_2025", "changchun", "gdp", "2025H1") * 10  # billion yuan → 亿元
    g_z = value("article", "caetdz", "gdp_growth", "2025H1") / 100
    c = value("article", "caetdz", "gdp_contribution_rate", "2025H1") / 100
    g_city = contribution.implied_parent_growth(zone_gdp / city_gdp, g_z, c)
    assert "g_city = 0.0540 / 0.9460 = 5.71%" in DOC and round(g_city * 100, 2) == 5.71
    assert "= 31.2亿元" in DOC and round(zone_gdp * g_z / (1 + g_z), 1) == 31.2
    assert "5.44亿元 per km²" in DOC and round(zone_gdp / value("article", "caetdz", "area", "undated"), 2) == 5.44

    q1 = pd.Series({k: value("nbs_dfzdm_2024_q1", "china", f"{k}_va", "2024Q1") for k in ("primary", "secondary", "tertiary")})
    q2 = pd.Series({k: value("nbs_kurzy_2024_h1", "china", f"{k}_va", "2024Q2") for k in ("primary", "secondary", "tertiary")})
    jl = pd.Series({k: value("gojilin_2024_04_19", "jilin_province", f"{k}_va", "2024Q1") for k in ("primary", "secondary", "tertiary")})
    assert round(structure.location_quotient(jl["secondary"], jl.sum(), q1["secondary"], q1.sum()), 2) == 0.84
    assert round(structure.krugman_index(jl, q1), 3) == 0.117 and round(structure.hoover_index(jl, q1), 3) == 0.059
    assert round(structure.moore_angle(structure.shares(q1), structure.shares(q2)).degrees, 2) == 4.24
    assert round(structure.nav_structural_change(structure.shares(q1), structure.shares(q2)), 3) == 0.045
    assert round(structure.hhi(q1), 3) == 0.487 and round(structure.equivalent_number(q1), 2) == 2.05
    assert round(growth.average_growth_real([0.151, 0.177]) * 100, 2) == 16.39
    assert round(growth.average_growth_nominal(1741.2, 2089.0, 1) * 100, 2) == 19.97
    for text in ("LQ = 0.3122 / 0.3707 = 0.84", "θ = 4.24°", "NAV = 0.045", "HHI = 0.487, N = 2.05", "16.39%", "19.97%"):
        assert text in DOC, text


@pytest.mark.parametrize("year,contribs,pulls,gdp", [
    (2008, (43.5, 47.5, 9.0), (4.2, 4.6, 0.8), 9.6),
    (2009, (47.6, 91.3, -38.9), (4.4, 8.4, -3.6), 9.2),
    (2010, (36.8, 54.0, 9.2), (3.8, 5.6, 0.9), 10.3),
])
def test_yearbook_vectors_in_the_doc(year, contribs, pulls, gdp):
    row = f"| {year} | " + " | ".join(f"{c:.1f}".replace("-", "−") for c in contribs) + " | 100.0 |"
    assert row in DOC
    assert abs(sum(contribs) - 100) <= 0.1 and abs(sum(pulls) - gdp) <= 0.1
