#!/usr/bin/env python3
"""Benchmark-only data: a copy of data/ with N synthetic zones added (never written into data/).

Each synthetic zone ``bench_zone_001`` … is a copy of the template zone (default ``caetdz``):
same parent, the template's observations in every period, the levels scaled by a small factor
per zone so no two reports are the same. The rows carry a synthetic source graded ``low`` whose
note says they are made up; the quotes say so too. The result passes the build's validation, so
``run_all.py --data-dir DEST --zone bench_zone_001,…,bench_zone_00N --period 2025H1`` builds N
report pairs (zh + en).

    .venv/bin/python benchmarks/synthetic_data.py DEST --zones 64
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_ID = "bench_synthetic"
PREFIX = "bench_zone_"


def zone_ids(n: int) -> list[str]:
    return [f"{PREFIX}{i:03d}" for i in range(1, n + 1)]


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _append(path: Path, fields: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writerows(rows)
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buf.getvalue(), encoding="utf-8")


def _scaled(value: str, factor: float) -> str:
    try:
        number = float(value)
    except ValueError:
        return value
    return f"{number * factor:.1f}"


def generate(dest: Path, zones: int, template: str = "caetdz", data_dir: Path = REPO / "data") -> list[str]:
    """Copy data_dir to dest and add ``zones`` synthetic zones; return their ids."""
    if dest.resolve() == data_dir.resolve() or data_dir.resolve() in dest.resolve().parents:
        raise SystemExit(f"error: {dest}: the synthetic data must not be written into {data_dir}")
    shutil.copytree(data_dir, dest)
    fields, entities = _read(dest / "entities.csv")
    model = next((e for e in entities if e["entity_id"] == template), None)
    if model is None:
        raise SystemExit(f"error: --template {template!r}: not in {data_dir / 'entities.csv'}")
    src_fields, _ = _read(dest / "sources.csv")
    _append(dest / "sources.csv", src_fields, [{
        **{k: "" for k in src_fields}, "source_id": SOURCE_ID, "title": "Synthetic benchmark figures",
        "author": "benchmarks/synthetic_data.py", "publisher": "not stated", "date": "not stated", "grade": "low",
        "language": "en", "note": "BENCHMARK ONLY: made-up figures for timing the build; not real data.",
    }])
    _, indicators = _read(dest / "indicators.csv")
    levels = {i["indicator_id"] for i in indicators if i.get("kind") == "level"}
    obs_fields, observations = _read(dest / "observations.csv")
    ids = zone_ids(zones)
    new_entities, new_obs = [], []
    for n, zone in enumerate(ids, start=1):
        new_entities.append({**model, "entity_id": zone, "name_zh": f"合成开发区{n:03d}", "name_en": f"Synthetic Zone {n:03d}",
                             "short_zh": f"合成区{n:03d}", "short_en": f"SZ{n:03d}", "source_id": SOURCE_ID,
                             "quote": "Synthetic zone for the build benchmark."})
        factor = 1 + 0.004 * n
        keys = set()  # the template may have one figure from several sources: keep the first
        for row in observations:
            key = (row["period"], row["indicator_id"], row["relative_to"])
            if row["entity_id"] != template or key in keys:
                continue
            keys.add(key)
            value = _scaled(row["value"], factor) if row["indicator_id"] in levels and not row["relative_to"] else row["value"]
            new_obs.append({**row, "entity_id": zone, "value": value, "source_id": SOURCE_ID,
                            "quote": f"Synthetic figure {value} for the build benchmark.",
                            "note": "BENCHMARK ONLY: copied from the template zone, levels scaled."})
    _append(dest / "entities.csv", fields, new_entities)
    _append(dest / "observations.csv", obs_fields, new_obs)
    return ids


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/synthetic_data.py", description=__doc__.split("\n\n")[0])
    p.add_argument("dest", type=Path, help="new directory to write (must not exist)")
    p.add_argument("--zones", type=int, default=4, help="how many synthetic zones (default: %(default)s)")
    p.add_argument("--template", default="caetdz", help="the zone copied (default: %(default)s)")
    ns = p.parse_args(argv)
    if ns.zones < 1:
        p.error("--zones must be 1 or more")
    if ns.dest.exists():
        p.error(f"{ns.dest} exists")
    ids = generate(ns.dest, ns.zones, ns.template)
    print(f"{ns.dest}: {len(ids)} synthetic zones {ids[0]} … {ids[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
