"""Section 3, industrial structure: the automakers, suppliers and the zone's weight in the
city's auto industry; GDP per km²; the investment pipeline; FAW and its brands as context;
and the structure measures applied where real sector breakdowns exist."""

from __future__ import annotations

import pandas as pd

from .. import charts, fmt
from ..facts import count_or_missing, lookup, text_or_missing
from ..methods import (
    equivalent_number,
    hhi,
    hhi_normalised,
    hoover_index,
    krugman_index,
    location_quotients,
    moore_angle,
    nav_structural_change,
    shares,
)
from ..report import GRADE_LABEL, Report
from ..units import convert

SECTORS = ("primary_va", "secondary_va", "tertiary_va")


def industry_base(rep: Report) -> pd.DataFrame:
    """Automakers and suppliers named by the sources, with the counts and capacity stated."""
    ds, z = rep.ds, rep.zone
    ents = ds.entities
    located = ents[ents["located_in"] == z]
    makers = located[located["role"] == "automaker"]
    suppliers = located[located["role"] == "supplier"]
    n_makers = rep.undated(lookup(ds, z, "automakers_count"))
    capacity = rep.undated(lookup(ds, z, "vehicle_capacity"))
    n_suppliers = rep.undated(lookup(ds, z, "suppliers_count"))
    rep.heading(rep.t("structure.title"))
    sep = rep.t("common.list_sep")
    if not rep.is_latest:
        makers = makers.iloc[0:0]
        suppliers = suppliers.iloc[0:0]
    if n_makers is None and n_suppliers is None and makers.empty and suppliers.empty:
        rep.say("structure.base_missing", zone=rep.zone_name(), period=rep.period_label())
        return pd.DataFrame()
    rep.say("structure.base_sentence", zone=rep.zone_name(),
            makers=count_or_missing(n_makers, rep.lang), named=sep.join(makers[f"name_{rep.lang}"]),
            capacity=text_or_missing(capacity, rep.lang), suppliers=count_or_missing(n_suppliers, rep.lang),
            named_suppliers=sep.join(suppliers[f"name_{rep.lang}"]))
    if n_makers is not None and len(makers) < n_makers.value:
        rep.say("structure.unnamed_makers", named=len(makers), count=fmt.number(n_makers.value, rep.lang))
    rows = []
    for e in pd.concat([makers, suppliers]).itertuples(index=False):
        parent = ds.name(e.parent_id, rep.lang) if e.parent_id else "—"
        rows.append({rep.t("structure.col.company"): getattr(e, f"name_{rep.lang}"),
                     rep.t("structure.col.role"): rep.t(f"structure.role.{e.role}"),
                     rep.t("structure.col.group"): parent,
                     rep.t("structure.col.source"): e.source_id})
    table = pd.DataFrame(rows)
    if not table.empty:
        rep.table(table, title=rep.t("structure.table_firms", zone=rep.zone_name()),
                  sources=[s for s in table[rep.t("structure.col.source")] if s])
    return table


def auto_weight(rep: Report) -> pd.DataFrame:
    """The zone's shares of the city's auto firms and auto output, side by side; why no LQ."""
    ds, z = rep.ds, rep.zone
    city = ds.entity(z)["parent_id"]
    firms = rep.undated(lookup(ds, z, "share_of_city_auto_firms", relative_to=city))
    output = rep.undated(lookup(ds, z, "share_of_city_auto_output", relative_to=city))
    rep.heading(rep.t("structure.weight_title"), level=2)
    if firms is None and output is None:
        rep.say("structure.weight_missing")
        return pd.DataFrame()
    rep.say("structure.weight_sentence", zone=rep.zone_name(), city=ds.name(city, rep.lang),
            firms=text_or_missing(firms, rep.lang), output=text_or_missing(output, rep.lang))
    rep.say("structure.no_lq")
    bars = [(rep.t("structure.bar_firms"), f) for f in [firms] if f] + [(rep.t("structure.bar_output"), f) for f in [output] if f]
    fig, ax = charts.new_figure(7.0, 0.8 + 0.6 * len(bars))
    charts.barh(ax, [b[0] for b in bars], [b[1].value for b in bars],
                value_labels=[b[1].text(rep.lang) for b in bars], highlight=None)
    ax.set_xlim(0, 118)
    ax.set_xlabel(rep.t("structure.axis_share", city=ds.name(city, rep.lang)))
    ax.set_title(rep.t("structure.chart_weight", zone=rep.zone_name(), city=ds.name(city, rep.lang)))
    data = pd.DataFrame({"measure": [b[1].indicator_id for b in bars], "percent": [b[1].value for b in bars],
                         "qualifier": [b[1].qualifier for b in bars]})
    rep.figure(fig, title=rep.t("structure.chart_weight", zone=rep.zone_name(), city=ds.name(city, rep.lang)),
               sources=[b[1].source_id for b in bars],
               alt=rep.t("structure.alt_weight", values=rep.t("common.list_sep").join(f"{b[0]} {b[1].text(rep.lang)}" for b in bars)),
               note=rep.t("structure.note_qualifiers"), data=data)
    return data


def density(rep: Report) -> dict:
    """GDP per km² (地均GDP), derived from GDP and area, for the period's GDP."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    gdp = lookup(ds, z, "gdp", p)
    area = lookup(ds, z, "area", grades=("official", "wire", "third_party"))
    rep.heading(rep.t("structure.density_title"), level=2)
    if gdp is None or area is None:
        rep.say("structure.density_missing")
        return {}
    value = convert(gdp.value, gdp.unit, "亿元") / convert(area.value, area.unit, "平方公里")
    rep.say("structure.density_sentence", period=rep.period_label(), gdp=gdp.text(rep.lang), area=area.text(rep.lang),
            density=(fmt.number(value, rep.lang, 2) + "亿元/平方公里") if rep.lang == "zh"
            else fmt.number(value / 10, rep.lang, 3) + " billion yuan per km²")
    if rep.period.kind != "year":
        rep.say("structure.density_partial_year")
    return {"gdp_per_km2_100m_yuan": value, "gdp": gdp, "area": area}


def pipeline(rep: Report) -> pd.DataFrame:
    """Projects negotiated, signed, from outside the province, started: counts and amounts."""
    ds, z, p = rep.ds, rep.zone, rep.period.code
    items = [
        ("projects_negotiated_count", "projects_negotiated_investment"),
        ("projects_signed_count", "out_of_province_investment"),
        ("projects_started_count", None),
    ]
    rep.heading(rep.t("structure.pipeline_title"), level=2)
    counts, amounts = [], []
    for count_id, amount_id in items:
        c = lookup(ds, z, count_id, p)
        if c is not None:
            counts.append((ds.indicator(count_id)[f"name_{rep.lang}"], c))
        if amount_id:
            a = lookup(ds, z, amount_id, p)
            if a is not None:
                amounts.append((ds.indicator(amount_id)[f"name_{rep.lang}"], a))
    rate = lookup(ds, z, "projects_started_rate", p)
    if not counts and not amounts:
        rep.say("structure.pipeline_missing", period=rep.period_label())
        return pd.DataFrame()
    sep = rep.t("common.list_sep")
    rep.say("structure.pipeline_sentence", period=rep.period_label(), zone=rep.zone_name(),
            items=sep.join(f"{label}{'' if rep.lang == 'zh' else ': '}{f.text(rep.lang)}" for label, f in counts + amounts))
    if rate is not None:
        rep.say("structure.pipeline_rate", rate=rate.text(rep.lang))
    fig, axes = charts.plt.subplots(1, 2, figsize=(7.6, 3.0), gridspec_kw={"width_ratios": [len(counts) or 1, len(amounts) or 1]})
    for ax, group, unit_key in ((axes[0], counts, "structure.axis_projects"), (axes[1], amounts, "structure.axis_amount")):
        if not group:
            ax.set_visible(False)
            continue
        labels = [g[0] for g in group]
        values = [g[1].value if unit_key.endswith("projects") else convert(g[1].value, g[1].unit, "亿元" if rep.lang == "zh" else "billion yuan") for g in group]
        bars = ax.bar(range(len(values)), values, color=charts.PALETTE[0 if unit_key.endswith("projects") else 1],
                      edgecolor="#222222", linewidth=0.6, width=0.55,
                      hatch="" if unit_key.endswith("projects") else "//")
        ax.set_xticks(range(len(values)), [charts.wrap(label, rep.lang) for label in labels], fontsize=9)
        for bar, g in zip(bars, group):
            ax.annotate(g[1].text(rep.lang), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
        ax.set_ylim(0, max(values) * 1.25)
        ax.set_ylabel(rep.t(unit_key))
        ax.grid(axis="x", visible=False)
    fig.suptitle(rep.t("structure.chart_pipeline", period=rep.period_label()), fontsize=12)
    fig.tight_layout()
    data = pd.DataFrame({"indicator": [g[1].indicator_id for g in counts + amounts],
                         "value": [g[1].value for g in counts + amounts],
                         "unit": [g[1].unit for g in counts + amounts],
                         "qualifier": [g[1].qualifier for g in counts + amounts]})
    rep.figure(fig, title=rep.t("structure.chart_pipeline", period=rep.period_label()),
               sources=[g[1].source_id for g in counts + amounts],
               alt=rep.t("structure.alt_pipeline", values=sep.join(f"{g[0]} {g[1].text(rep.lang)}" for g in counts + amounts)),
               note=rep.t("structure.note_pipeline"), data=data)
    return data


def faw_context(rep: Report) -> pd.DataFrame:
    """FAW group and brand figures: context only, never attributed to the zone."""
    ds = rep.ds
    rep.heading(rep.t("structure.faw_title"), level=2)
    obs = ds.observations
    wanted = ["vehicle_sales", "vehicle_production", "nev_sales", "revenue"]
    brands = ["faw", "hongqi", "faw_vw", "faw_jiefang", "audi_faw_nev", "fengyue"]
    sel = obs[obs["entity_id"].isin(brands) & obs["indicator_id"].isin(wanted)]
    if sel.empty:
        rep.say("structure.faw_missing")
        return pd.DataFrame()
    rep.say("structure.faw_caveat")
    rows = []
    for r in sel.sort_values(["entity_id", "period_order", "indicator_id"]).itertuples(index=False):
        growth = lookup(ds, r.entity_id, r.indicator_id + "_growth", r.period)
        rows.append({
            rep.t("structure.col.company"): ds.name(r.entity_id, rep.lang),
            rep.t("structure.col.indicator"): ds.indicator(r.indicator_id)[f"name_{rep.lang}"],
            rep.t("structure.col.period"): rep.period_label(r.period),
            rep.t("structure.col.value"): fmt.amount(r.value, r.unit, rep.lang, r.qualifier),
            rep.t("structure.col.growth"): text_or_missing(growth, rep.lang),
            rep.t("structure.col.grade"): GRADE_LABEL[rep.lang][r.grade],
        })
    table = pd.DataFrame(rows)
    rep.table(table, title=rep.t("structure.table_faw"), sources=list(sel["source_id"]),
              numeric_columns=[rep.t("structure.col.value"), rep.t("structure.col.growth")])
    hq = [f for f in (lookup(ds, "hongqi", "vehicle_sales", y) for y in ("2023", "2024")) if f is not None]
    if len(hq) == 2:
        fig, ax = charts.new_figure(5.5, 2.8)
        labels = [rep.period_label(f.period) for f in hq]
        vals = [f.value for f in hq]
        bars = ax.bar(labels, vals, color=[charts.PALETTE[2], charts.PALETTE[0]], edgecolor="#222222", width=0.5)
        for bar, f in zip(bars, hq):
            ax.annotate(f.text(rep.lang), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                        textcoords="offset points", ha="center", fontsize=9.5)
        ax.set_ylim(0, max(vals) * 1.2)
        ax.set_ylabel(rep.t("structure.axis_vehicles"))
        ax.set_title(rep.t("structure.chart_hongqi"))
        rep.figure(fig, title=rep.t("structure.chart_hongqi"), sources=[f.source_id for f in hq],
                   alt=rep.t("structure.alt_hongqi", values=rep.t("common.list_sep").join(f"{lab} {f.text(rep.lang)}" for lab, f in zip(labels, hq))),
                   note=rep.t("structure.faw_caveat_short"),
                   data=pd.DataFrame({"period": [f.period for f in hq], "vehicles": vals}))
    return table


def _sector_levels(ds, entity: str, period: str, total_id: str = "gdp") -> tuple[pd.Series | None, list[str], list[str]]:
    """Three-sector value added in 亿元; a missing sector is derived by subtraction (labelled)."""
    facts = {s: lookup(ds, entity, s, period) for s in SECTORS}
    total = lookup(ds, entity, total_id, period)
    missing = [s for s, f in facts.items() if f is None]
    sources = [f.source_id for f in list(facts.values()) + [total] if f is not None]
    if len(missing) > 1 or (missing and total is None):
        return None, [], sources
    levels = {s: convert(f.value, f.unit, "亿元") for s, f in facts.items() if f is not None}
    derived = []
    if missing:
        levels[missing[0]] = convert(total.value, total.unit, "亿元") - sum(levels.values())
        derived = missing
    return pd.Series(levels)[list(SECTORS)], derived, sources


def sector_measures(rep: Report) -> pd.DataFrame:
    """LQ, HHI, Krugman/Hoover on real three-sector breakdowns; Moore/NAV where two periods exist."""
    ds = rep.ds
    city = ds.entity(rep.zone)["parent_id"]
    rep.heading(rep.t("structure.measures_title"), level=2)
    rep.say("structure.measures_intro", zone=rep.zone_name())
    pairs = [(city, "china", "2024"), ("jilin_province", "china", "2024Q1")]
    rows, sources, notes = [], [], []
    for region, nation, period in pairs:
        reg, reg_derived, s1 = _sector_levels(ds, region, period)
        nat, nat_derived, s2 = _sector_levels(ds, nation, period)
        if reg is None or nat is None:
            notes.append(rep.t("structure.measures_pair_missing", region=ds.name(region, rep.lang),
                               nation=ds.name(nation, rep.lang), period=rep.period_label(period)))
            continue
        sources += s1 + s2
        lq = location_quotients(reg, nat)
        rs, ns = shares(reg), shares(nat)
        derived = [f"{ds.name(who, rep.lang, short=True)} {ds.indicator(s)[f'name_{rep.lang}']}" if rep.lang == "en"
                   else f"{ds.name(who, rep.lang, short=True)}{ds.indicator(s)[f'name_{rep.lang}']}"
                   for who, names in ((region, reg_derived), (nation, nat_derived)) for s in names]
        for sector in SECTORS:
            rows.append({
                rep.t("structure.col.pair"): f"{ds.name(region, rep.lang)} / {ds.name(nation, rep.lang)}, {rep.period_label(period)}",
                rep.t("structure.col.sector"): ds.indicator(sector)[f"name_{rep.lang}"] + (rep.t("structure.derived_mark") if sector in reg_derived + nat_derived else ""),
                rep.t("structure.col.region_share"): fmt.percent(100 * rs[sector], rep.lang),
                rep.t("structure.col.nation_share"): fmt.percent(100 * ns[sector], rep.lang),
                rep.t("structure.col.lq"): fmt.number(lq[sector], rep.lang, 2),
            })
        notes.append(rep.t("structure.measures_pair", region=ds.name(region, rep.lang), period=rep.period_label(period),
                           hhi=fmt.number(hhi(reg), rep.lang, 3), hhi_n=fmt.number(hhi_normalised(reg), rep.lang, 3),
                           n_eq=fmt.number(equivalent_number(reg), rep.lang, 2),
                           k=fmt.number(krugman_index(reg, nat), rep.lang, 3), h=fmt.number(hoover_index(reg, nat), rep.lang, 3),
                           derived=rep.t("structure.derived_list", names=rep.t("common.list_sep").join(derived)) if derived else ""))
    # structural change: China's three sectors, two periods with published levels
    a, _, s3 = _sector_levels(ds, "china", "2024Q1")
    b, _, s4 = _sector_levels(ds, "china", "2024H1")
    if a is not None and b is not None:
        m = moore_angle(shares(a), shares(b))
        notes.append(rep.t("structure.moore", a=rep.period_label("2024Q1"), b=rep.period_label("2024H1"),
                           degrees=fmt.number(m.degrees, rep.lang, 2),
                           nav=fmt.number(nav_structural_change(shares(a), shares(b)), rep.lang, 4)))
        sources += s3 + s4
    for n in notes:
        rep.paragraph(n)
    rep.say("structure.no_shift_share")
    rep.say("structure.no_zone_breakdown")
    table = pd.DataFrame(rows)
    if not table.empty:
        rep.table(table, title=rep.t("structure.table_measures"), sources=sources, derived=True,
                  note=rep.t("structure.note_measures"),
                  numeric_columns=[rep.t("structure.col.region_share"), rep.t("structure.col.nation_share"), rep.t("structure.col.lq")])
    return table
