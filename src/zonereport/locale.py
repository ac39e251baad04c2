"""The reader's language: one :class:`Locale` per language, registered in :data:`LOCALES`.

A locale is the only object that knows a language. It holds the message catalog and every
rule of formatting a reader sees: numbers (1,234 in English), percentages, percentage points
(0.9个百分点 / 0.9 percentage points), amounts with units and qualifiers (超过200万辆 / more than
2 million vehicles; 400余家 / over 400 firms), period labels (2025年上半年 / H1 2025), grade and
price-basis labels, list separators, source lines and the glossary. Compute code never formats;
presentation code never branches on the language — it asks the locale.

    loc = get_locale("en")
    loc.amount(598.8, "亿元")          # '59.88 billion yuan'
    loc.period("2025H1")               # 'H1 2025'
    loc.t("growth.title")              # 'Growth'
"""

from __future__ import annotations

import math
import string
import tomllib
from functools import lru_cache
from typing import Iterable

from .config import MESSAGES_DIR
from .errors import UsageError
from .periods import parse_period
from .units import UNITS, to_base


def _is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _decimals_of(x: float) -> int:
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def _shift(original: float, scaled: float) -> int:
    """Extra decimals needed when a value is scaled down (598.8亿 → 59.88 billion)."""
    if original == 0 or scaled == 0:
        return 0
    ratio = abs(original / scaled)
    return max(0, round(math.log10(ratio))) if ratio > 1 else 0


@lru_cache(maxsize=None)
def _catalog(code: str) -> dict[str, str]:
    """The flattened message catalog of a language: ``{"growth.headline": "..."}``."""
    with open(MESSAGES_DIR / f"{code}.toml", "rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def fields(template: str) -> set[str]:
    """The names a template expects (used by the catalog-consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Locale:
    """Formatting and wording for one language. Subclasses set the language's rules."""

    code: str = ""
    html_lang: str = ""
    pdf_lang: str = ""
    # qualifier → text before the number; a qualifier written after it is in ``_qualifier_suffix``
    _qualifier_prefix: dict[str, str] = {}
    _qualifier_suffix: dict[str, str] = {}
    # display units per dimension: (factor from the base unit, label), largest first
    _display: dict[str, list[tuple[float, str]]] = {}
    unit_space = ""  # between a number and its unit
    thousands = False  # group digits 1,234
    money_chart_unit = ""  # the money unit of chart axes (亿元 / billion yuan)

    # -- messages ---------------------------------------------------------------------------
    @property
    def catalog(self) -> dict[str, str]:
        return _catalog(self.code)

    def t(self, key: str, /, **values: object) -> str:
        """The message ``key`` with ``values`` filled in."""
        try:
            template = self.catalog[key]
        except KeyError:
            raise KeyError(f"message {key!r} is missing from messages/{self.code}.toml") from None
        return template.format(**values)

    def has(self, key: str) -> bool:
        return key in self.catalog

    @property
    def missing(self) -> str:
        """What a table cell shows for a figure that is not published (never inside a sentence)."""
        return self.t("common.not_published")

    def join(self, items: Iterable[str]) -> str:
        return self.t("common.list_sep").join(items)

    def join_and(self, items: Iterable[str]) -> str:
        """Names in running text: "A, B and C" / "A、B和C"."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        return self.join(items[:-1]) + self.t("common.and_sep") + items[-1]

    def join_items(self, items: Iterable[str]) -> str:
        """Labelled items ("label: value") in a sentence."""
        return self.t("common.item_sep").join(items)

    # -- numbers ----------------------------------------------------------------------------
    def number(self, x: float | None, decimals: int | None = None) -> str:
        """A plain number: shortest faithful form unless ``decimals`` is given; − is a real minus."""
        if _is_missing(x):
            return self.missing
        text = f"{x:.6f}".rstrip("0").rstrip(".") if decimals is None else f"{x:.{decimals}f}"
        if text in ("-0", "-0.0", "-0.00", "-0.000"):
            text = text[1:]
        if self.thousands:
            whole, _, frac = text.partition(".")
            sign = "-" if whole.startswith("-") else ""
            text = sign + f"{int(whole.lstrip('-')):,}" + ("." + frac if frac else "")
        if text.startswith("-"):
            text = "−" + text[1:]
        return text

    def percent(self, x: float | None, decimals: int = 1) -> str:
        """A percentage given in percent units (5.5 → "5.5%")."""
        return self.missing if _is_missing(x) else self.number(x, decimals) + "%"

    def points(self, x: float | None, decimals: int = 1) -> str:
        """Percentage points (拉动)."""
        return self.missing if _is_missing(x) else self.t("common.points", value=self.number(x, decimals))

    def _scaled(self, value: float, unit: str) -> tuple[float, str]:
        base, dim = to_base(value, unit)
        choices = self._display.get(dim)
        if not choices:
            return value, self.count_noun(unit)
        keep = self._keep_source_unit(unit, choices)
        if keep:
            return value, unit
        if UNITS.get(unit, ("", 0))[1] == 1 and dim != "yuan":
            return value, choices[-1][1]
        for factor, label in choices:
            if abs(base) >= factor:
                return base / factor, label
        factor, label = choices[-1]
        return base / factor, label

    def _keep_source_unit(self, unit: str, choices: list[tuple[float, str]]) -> bool:
        return False

    def count_noun(self, unit: str) -> str:
        """The noun of a count unit (家 → firms); the unit itself where the catalog has none."""
        key = f"units.{unit}"
        return self.t(key) if self.has(key) else unit

    def amount(self, value: float | None, unit: str, qualifier: str = "exact",
               decimals: int | None = None, bare: bool = False, published: int | None = None) -> str:
        """A level with its unit and qualifier (``bare``: without the unit). ``published``: the
        digits after the point as the source wrote them (5.0 keeps its zero)."""
        if _is_missing(value):
            return self.missing
        if published is not None and published < 0:  # not known (a number written with an exponent)
            published = None
        if unit == "%":
            shown = decimals if decimals is not None else published if published is not None else _decimals_of(value)
            return self._qualify(self.number(value, shown), "" if bare else "%", qualifier)
        v, label = self._scaled(value, unit)
        if decimals is None and published is not None:
            num = self.number(v, min(published + _shift(value, v), 4))
        elif decimals is None:
            decimals = min(_decimals_of(value) + _shift(value, v), 4)
            num = self.number(round(v, decimals))
        else:
            num = self.number(v, decimals)
        if bare or not label:
            return self._qualify(num, "", qualifier)
        return self._qualify(num, self.unit_space + label, qualifier)

    def display_unit(self, value: float, unit: str) -> str:
        """The unit :meth:`amount` writes for this value (亿元; billion yuan; firms)."""
        if unit == "%":
            return "%"
        return self._scaled(value, unit)[1] or "—"

    def _qualify(self, num: str, unit_part: str, qualifier: str) -> str:
        if qualifier in self._qualifier_suffix:
            return f"{num}{self._qualifier_suffix[qualifier]}{unit_part}"
        return f"{self._qualifier_prefix.get(qualifier, '')}{num}{unit_part}"

    def years(self, n: int) -> str:
        """A span of whole years: "1 year", "10 years", "10年"."""
        return self.t("common.year_one" if n == 1 else "common.years", n=self.number(n))

    def amounts(self, values: list[float], unit: str, decimals: int = 1) -> list[str]:
        """Several amounts in one display unit, the unit of the largest (for parts of a total)."""
        if not values:
            return []
        biggest = max(values, key=abs)
        _, label = self._scaled(biggest, unit)
        factor = (self._scaled(biggest, unit)[0] / biggest) if biggest else 1.0
        return [self.number(v * factor, decimals) + self.unit_space + label for v in values]

    def money(self, value: float, unit: str) -> float:
        """A money level in the chart unit of this language."""
        from .units import convert

        return convert(value, unit, self.money_chart_unit)

    # -- facts --------------------------------------------------------------------------------
    def fact(self, f, decimals: int | None = None) -> str:
        """A published figure as a reader reads it, with unit and qualifier, and the digits after
        the point as published (5.0%). A count whose unit has no noun in this language (个 in
        English) takes its indicator's (300 个 → 300 projects)."""
        published = getattr(f, "decimals", None)
        text = self.amount(f.value, f.unit, f.qualifier, decimals, published=published)
        key = f"count_noun.{getattr(f, 'indicator_id', '')}"
        if self.has(key) and not self.display_unit(f.value, f.unit).strip("—"):
            text = self.amount(f.value, f.unit, f.qualifier, decimals, bare=True, published=published) \
                + self.unit_space + self.t(key)
        return text

    def count(self, f) -> str:
        """A count before its noun in a sentence (6家 / 6 firms)."""
        return self.amount(f.value, f.unit, f.qualifier, bare=True, published=getattr(f, "decimals", None))

    def labelled(self, label: str, value: str) -> str:
        """An item of a list: 'label: value' in English, 'label value' in Chinese."""
        return self.t("common.labelled", label=label, value=value)

    # -- periods, grades, names ----------------------------------------------------------------
    def period(self, code: str) -> str:
        raise NotImplementedError

    def grade(self, grade: str) -> str:
        return self.t(f"grade.{grade}")

    def basis(self, basis: str) -> str:
        return self.t(f"basis.{basis}")

    def status(self, status: str) -> str:
        return self.t(f"status.{status}")

    def name(self, ds, entity_id: str, short: bool = False) -> str:
        """An entity's name; ``short`` gives its short form (where the data have one)."""
        e = ds.entity(entity_id)
        if short and e.get(f"short_{self.code}"):
            return str(e[f"short_{self.code}"])
        return str(e[f"name_{self.code}"])

    def indicator(self, ds, indicator_id: str, entity: str | None = None) -> str:
        """An indicator's name; ``entity``: the area it is of, where the name depends on it."""
        return str(ds.indicator(indicator_id)[f"name_{self.code}"])

    def source_ref(self, ds, source_id: str) -> str:
        """How a table cites a source: its number in the appendix's list of sources ([3]), never
        the data's internal id (an English word such as `article` in the Chinese edition)."""
        ids = list(ds.sources["source_id"])
        return self.t("common.source_ref", n=ids.index(source_id) + 1) if source_id in ids else "—"

    def source_line(self, ds, source_ids: Iterable[str], derived: bool = False) -> str:
        """来源：… / Source: …, each source with its grade; "derived" notes a computation."""
        parts = []
        for sid in dict.fromkeys(s for s in source_ids if s):
            src = ds.source(sid)
            who = src["author"] if src["author"] and src["author"] != "not stated" else src["publisher"]
            parts.append(self.t("common.source_item", title=src["title"], who=who, grade=self.grade(src["grade"])))
        line = self.t("common.source") + (self.t("common.source_sep").join(parts) or self.t("common.none"))
        if derived:
            line += self.t("common.derived_suffix")
        return line

    def glossary(self, present: set[str]) -> list[tuple[str, str]]:
        """Chinese–English term pairs: the general ones, and those whose ``requires`` the data meet."""
        return glossary(present)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ZhLocale(Locale):
    code = "zh"
    html_lang = "zh-CN"
    pdf_lang = "zh-CN"
    _qualifier_prefix = {"more_than": "超过", "nearly": "近", "about": "约", "at_least": "至少"}
    _qualifier_suffix = {"over": "余"}
    _display = {
        "yuan": [(1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元"), (1, "元")],
        "usd": [(1e8, "亿美元")],
        "eur": [(1e8, "亿欧元")],
        "vehicles": [(1e4, "万辆"), (1, "辆")],
        "persons": [(1e4, "万人"), (1, "人")],
        "km2": [(1, "平方公里")],
    }
    money_chart_unit = "亿元"

    def _keep_source_unit(self, unit, choices):
        # Chinese keeps the source's own unit where it is a display unit (598.8亿元 stays so)
        return any(label == unit for _, label in choices)

    def count(self, f) -> str:
        return self.fact(f)  # 6家: the unit word is the measure word

    def indicator(self, ds, indicator_id: str, entity: str | None = None) -> str:
        """Chinese statistics call a country's GDP 国内生产总值 and a region's 地区生产总值."""
        name = super().indicator(ds, indicator_id, entity)
        if entity is not None and ds.entity(entity).get("kind") == "country":
            name = name.replace("地区生产总值", "国内生产总值")
        return name

    def period(self, code: str) -> str:
        p = parse_period(code)
        y = p.year
        if p.kind == "year":
            return f"{y}年"
        if p.kind == "half":
            return f"{y}年{'上' if p.index == 1 else '下'}半年"
        if p.kind == "quarter":
            return f"{y}年第{'一二三四'[p.index - 1]}季度"
        if p.kind == "month":
            return f"{y}年{p.index}月"
        if p.kind == "months":
            return f"{y}年{p.index}—{p.end}月"
        if p.kind == "asof":
            return f"截至{code[5:]}"
        return "未注明时期"


class EnLocale(Locale):
    code = "en"
    html_lang = "en"
    pdf_lang = "en-GB"
    _qualifier_prefix = {"more_than": "more than ", "over": "over ", "nearly": "nearly ", "about": "about ",
                         "at_least": "at least "}
    _display = {
        "yuan": [(1e12, "trillion yuan"), (1e9, "billion yuan"), (1e6, "million yuan"), (1, "yuan")],
        "usd": [(1e9, "billion US dollars"), (1e6, "million US dollars")],
        "eur": [(1e9, "billion euros")],
        "vehicles": [(1e6, "million vehicles"), (1, "vehicles")],
        "persons": [(1e6, "million people"), (1e3, "thousand people"), (1, "people")],
        "km2": [(1, "km²")],
    }
    unit_space = " "
    thousands = True
    money_chart_unit = "billion yuan"

    def period(self, code: str) -> str:
        p = parse_period(code)
        y = p.year
        if p.kind == "year":
            return f"{y}"
        if p.kind == "half":
            return f"H{p.index} {y}"
        if p.kind == "quarter":
            return f"Q{p.index} {y}"
        if p.kind == "month":
            return f"{_MONTHS[p.index - 1]} {y}"
        if p.kind == "months":
            return f"{_MONTHS[p.index - 1]}–{_MONTHS[p.end - 1]} {y}"
        if p.kind == "asof":
            return f"as of {code[5:]}"
        return "period not stated"


LOCALES: dict[str, type[Locale]] = {"zh": ZhLocale, "en": EnLocale}


@lru_cache(maxsize=None)
def get_locale(lang: str) -> Locale:
    """The registered locale of ``lang``; the one place a language code is checked."""
    try:
        return LOCALES[lang]()
    except (KeyError, TypeError):
        raise UsageError(f"lang {lang!r} is not available: choose from {', '.join(LOCALES)}") from None


@lru_cache(maxsize=1)
def _glossary_entries() -> list[dict]:
    with open(MESSAGES_DIR / "glossary.toml", "rb") as fh:
        return tomllib.load(fh)["term"]


def glossary(present: set[str]) -> list[tuple[str, str]]:
    """Term pairs whose ``requires`` (an indicator id, ``role:NAME`` or ``kind:NAME``) the data
    of this report contain; entries without ``requires`` are always listed."""
    return [(e["zh"], e["en"]) for e in _glossary_entries() if not e.get("requires") or e["requires"] in present]
