"""Units as sources write them, and how to convert them in code (never in data/).

Each unit maps to a dimension and a factor to the dimension's base unit: money in yuan,
vehicles in units, people in persons, area in km². Percent-like units are not converted.
"""

from __future__ import annotations

from .errors import DataError

# unit as written → (dimension, factor to base)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("yuan", 1.0),
    "万元": ("yuan", 1e4),
    "亿元": ("yuan", 1e8),
    "億元": ("yuan", 1e8),
    "万亿元": ("yuan", 1e12),
    "billion yuan": ("yuan", 1e9),
    "billion RMB": ("yuan", 1e9),
    "billion CNY": ("yuan", 1e9),
    "trillion yuan": ("yuan", 1e12),
    "100 million yuan": ("yuan", 1e8),
    "亿美元": ("usd", 1e8),
    "億美元": ("usd", 1e8),
    "billion euros": ("eur", 1e9),
    "billion EUR": ("eur", 1e9),
    "万辆": ("vehicles", 1e4),
    "辆": ("vehicles", 1.0),
    "units": ("vehicles", 1.0),
    "vehicles": ("vehicles", 1.0),
    "vehicles/yr": ("vehicles", 1.0),
    "units/yr": ("vehicles", 1.0),
    "万人": ("persons", 1e4),
    "萬人": ("persons", 1e4),
    "million units": ("vehicles", 1e6),
    "unit": ("vehicles", 1.0),
    "persons": ("persons", 1.0),
    "人": ("persons", 1.0),
    "平方公里": ("km2", 1.0),
    "km²": ("km2", 1.0),
    "square kilometers": ("km2", 1.0),
    "%": ("percent", 1.0),
    "个百分点": ("pp", 1.0),
    "percentage points": ("pp", 1.0),
}


def to_base(value: float, unit: str) -> tuple[float, str]:
    """Convert a value to its dimension's base unit; return (value, dimension)."""
    try:
        dimension, factor = UNITS[unit]
    except KeyError:
        return value, unit  # a count unit such as 个, 家, 户, 次: its own dimension
    return value * factor, dimension


def convert(value: float, unit: str, target: str) -> float:
    """Convert ``value`` from ``unit`` to ``target``; both must share a dimension."""
    if unit == target:
        return value
    base, dim = to_base(value, unit)
    if target not in UNITS or UNITS[target][0] != dim:
        raise DataError(f"cannot convert {unit!r} to {target!r}: different dimensions")
    return base / UNITS[target][1]
