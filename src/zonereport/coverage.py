"""Which reports the data can build: a zone, district, city or province (``REPORT_KINDS``) with a
published GDP level or growth for a period.

Pure Python over rows (dicts), so the build can answer it from the CSV files without pandas on
its fast path, and :class:`zonereport.dataset.Dataset` answers it the same way.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from .periods import parse_period, period_sort_key

HEADLINE_INDICATORS = ("gdp", "gdp_growth")
REPORT_KINDS = ("zone", "district", "city", "province")  # a country is the benchmark, not a subject


def buildable(entities: Iterable[dict], observations: Iterable[dict]) -> list[tuple[str, str]]:
    zones = {e["entity_id"] for e in entities if e.get("kind") in REPORT_KINDS}
    pairs = set()
    for o in observations:
        if o.get("entity_id") in zones and o.get("indicator_id") in HEADLINE_INDICATORS:
            try:
                if parse_period(o["period"]).is_flow:
                    pairs.add((o["entity_id"], o["period"]))
            except Exception:  # noqa: BLE001 - a malformed period is reported by validation, not here
                continue
    return sorted(pairs, key=lambda p: (p[0], period_sort_key(p[1])))


def _rows(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.DictReader(io.StringIO(text)))


def buildable_from_files(data_dir: Path) -> list[tuple[str, str]] | None:
    """The same answer read straight from entities.csv and observations.csv (None if absent)."""
    entities, observations = data_dir / "entities.csv", data_dir / "observations.csv"
    if not (entities.exists() and observations.exists()):
        return None
    try:
        return buildable(_rows(entities), _rows(observations))
    except (UnicodeDecodeError, KeyError, csv.Error):
        return None
