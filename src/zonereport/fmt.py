"""Number formatting for readers, one way for the whole report, per language.

598.8 亿元 reads "598.8亿元" in Chinese and "59.88 billion yuan" in English; a growth rate
reads "5.5%"; a pull reads "0.9个百分点" / "0.9 percentage points"; qualifiers read 超过 / more
than, 余 / over, 近 / nearly, 约 / about. A missing figure reads 未公布 / "not published".
"""

from __future__ import annotations

import math

from .units import UNITS, to_base

NOT_PUBLISHED = {"zh": "未公布", "en": "not published"}

_QUALIFIER_PREFIX = {
    "zh": {"more_than": "超过", "nearly": "近", "about": "约", "at_least": "至少"},
    "en": {"more_than": "more than ", "over": "over ", "nearly": "nearly ", "about": "about ", "at_least": "at least "},
}

# Display units per dimension and language: (unit label, factor from base, space before unit)
_DISPLAY = {
    "zh": {
        "yuan": [(1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元"), (1, "元")],
        "usd": [(1e8, "亿美元")],
        "eur": [(1e8, "亿欧元")],
        "vehicles": [(1e4, "万辆"), (1, "辆")],
        "persons": [(1e4, "万人"), (1, "人")],
        "km2": [(1, "平方公里")],
    },
    "en": {
        "yuan": [(1e12, "trillion yuan"), (1e9, "billion yuan"), (1e6, "million yuan"), (1, "yuan")],
        "usd": [(1e9, "billion US dollars"), (1e6, "million US dollars")],
        "eur": [(1e9, "billion euros")],
        "vehicles": [(1e6, "million vehicles"), (1, "vehicles")],
        "persons": [(1e6, "million people"), (1e3, "thousand people"), (1, "people")],
        "km2": [(1, "km²")],
    },
}

# Count units in Chinese sources and their English nouns.
COUNT_UNITS_EN = {
    "个": "", "家": "firms", "户": "firms", "次": "times", "件": "cases", "款": "models",
    "辆": "vehicles", "年": "years", "位": "", "项": "items", "名": "",
}


def number(x: float, lang: str, decimals: int | None = None) -> str:
    """A plain number: shortest faithful form unless ``decimals`` is given; en uses 1,234."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return NOT_PUBLISHED[lang]
    if decimals is None:
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{x:.{decimals}f}"
    if text in ("-0", "-0.0"):
        text = text[1:]
    if lang == "en":
        whole, _, frac = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = f"{int(whole.lstrip('-')):,}"
        text = sign + whole + ("." + frac if frac else "")
    if text.startswith("-"):
        text = "−" + text[1:]  # a real minus sign
    return text


def percent(x: float | None, lang: str, decimals: int = 1) -> str:
    """A percentage given in percent units (5.5 → "5.5%")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return NOT_PUBLISHED[lang]
    return number(x, lang, decimals) + "%"


def points(x: float | None, lang: str, decimals: int = 1) -> str:
    """Percentage points (拉动): "0.9个百分点" / "0.9 percentage points"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return NOT_PUBLISHED[lang]
    return number(x, lang, decimals) + ("个百分点" if lang == "zh" else " percentage points")


def _scaled(value: float, unit: str, lang: str) -> tuple[float, str]:
    base, dim = to_base(value, unit)
    choices = _DISPLAY[lang].get(dim)
    if not choices:
        if lang == "en":
            return value, COUNT_UNITS_EN.get(unit, unit)
        return value, unit
    # Chinese keeps the source's own unit where it is a display unit (598.8亿元 stays so);
    # a figure given in single units (1,622,279 vehicles) is not rounded into millions.
    if lang == "zh" and any(label == unit for _, label in choices):
        return value, unit
    if UNITS.get(unit, ("", 0))[1] == 1 and dim != "yuan":
        return value, choices[-1][1]
    for factor, label in choices:
        if abs(base) >= factor:
            return base / factor, label
    factor, label = choices[-1]
    return base / factor, label


def amount(value: float | None, unit: str, lang: str, qualifier: str = "exact",
           decimals: int | None = None, bare: bool = False) -> str:
    """A level with its unit and qualifier, in the reader's language (``bare``: without the unit)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_PUBLISHED[lang]
    if unit in ("%",):
        core = number(value, lang, decimals if decimals is not None else _decimals_of(value))
        return _qualify(core if bare else core + "%", "", qualifier, lang)
    v, label = _scaled(value, unit, lang)
    if decimals is None:
        decimals = min(_decimals_of(value) + _shift(value, v), 4)
        num = number(round(v, decimals), lang)
    else:
        num = number(v, lang, decimals)
    if bare:
        return _qualify(num, "", qualifier, lang)
    sep = "" if lang == "zh" or not label else " "
    return _qualify(num, sep + label, qualifier, lang)


def display_unit(value: float, unit: str, lang: str) -> str:
    """The unit :func:`amount` writes for this value (亿元; billion yuan; firms)."""
    if unit == "%":
        return "%"
    label = _scaled(value, unit, lang)[1]
    return label or "—"


def _qualify(num: str, unit_part: str, qualifier: str, lang: str) -> str:
    if lang == "zh" and qualifier == "over":
        return f"{num}余{unit_part}"
    prefix = _QUALIFIER_PREFIX[lang].get(qualifier, "")
    return f"{prefix}{num}{unit_part}"


def _decimals_of(x: float) -> int:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def _shift(original: float, scaled: float) -> int:
    """Extra decimals needed when a value is scaled down (598.8亿 → 59.88 billion)."""
    if original == 0 or scaled == 0:
        return 0
    ratio = abs(original / scaled)
    return max(0, round(math.log10(ratio))) if ratio > 1 else 0

