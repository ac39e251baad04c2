"""Checks on the data package that frictionless cannot make, run before any kernel starts.

- the descriptor's shape (``datapackage.json`` must be an object whose ``resources`` list
  the four tables with a path and a schema) and its column types (the code reads each column
  as the shipped schema types it; a schema that changes a type is refused);
- text safety: control characters (NUL, ESC, …) and bidirectional overrides (U+202A–U+202E,
  U+2066–U+2069) in any cell are refused, naming file, row and column;
- dates (``release_date``, ``asof:`` periods, a source's ``date``) must be real dates;
- units: an observation's unit must be one the build knows (see :func:`unit_problem`).

Each check returns one line per problem; :mod:`zonereport.dataset` raises them as a DataError.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

RESOURCES = ("sources", "entities", "indicators", "observations")

# The types the code reads each column as; every other column is a string.
COLUMN_TYPES = {("observations", "value"): "number", ("indicators", "higher_is_better"): "boolean"}

BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
ALLOWED_CONTROLS = {"\n", "\r", "\t"}  # a quote may span lines

# Units written by sources that the build keeps as written and never converts. They are
# accepted so that the published rows validate; the units module is the place for them.
UNITS_AS_WRITTEN = ("jobs",)

ID_FORM = "lowercase letters, digits and _, starting with a letter (e.g. zone_a, gdp_growth)"
DATE_FORM = "a date written YYYY-MM-DD, or empty"


def pattern_in_words(column: str | None) -> str | None:
    """What a pattern constraint asks for, in words, for the columns that have one."""
    if column == "period":
        from .periods import PERIOD_FORMS

        return PERIOD_FORMS
    if column == "release_date":
        return f"expected {DATE_FORM}"
    if column in ("entity_id", "indicator_id", "source_id", "relative_to", "parent_id", "located_in"):
        return f"an id is {ID_FORM}"
    return None


def descriptor_problems(descriptor: object, where: str) -> list[str]:
    """The shape the build relies on: an object with a list of table resources."""
    if not isinstance(descriptor, dict):
        return [f"{where}: expected a JSON object with a 'resources' list, found {type(descriptor).__name__}"]
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [f"{where}: 'resources' must be a list of tables ({', '.join(RESOURCES)})"]
    problems = []
    names = []
    for i, res in enumerate(resources, start=1):
        if not isinstance(res, dict):
            problems.append(f"{where}: resource {i} is not an object")
            continue
        name = res.get("name")
        if not isinstance(name, str):
            problems.append(f"{where}: resource {i} has no name")
            continue
        names.append(name)
        if not isinstance(res.get("path"), str):
            problems.append(f"{where}: resource {name!r} has no path")
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            problems.append(f"{where}: resource {name!r} needs a schema with a list of named fields")
            continue
        for f in fields:
            expected = COLUMN_TYPES.get((name, f["name"]), "string")
            found = f.get("type", "string")
            if name in RESOURCES and found != expected:
                problems.append(f"{where}: resource {name!r} field {f['name']!r} has type {found!r}, but the build "
                                f"reads it as {expected!r}; restore the type")
    missing = [n for n in RESOURCES if n not in names]
    if missing and not problems:
        problems.append(f"{where}: missing resources {', '.join(missing)}")
    return problems


def _shown(ch: str) -> str:
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'control character')})"


def text_problems(where: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """Control characters and bidi overrides in any cell; rows numbered with the header as row 1."""
    problems = []
    for i, row in enumerate(rows, start=2):
        for column, value in zip(header, row):
            bad = next((ch for ch in value if ch in BIDI_CONTROLS
                        or (unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS)), None)
            if bad is not None:
                problems.append(f"{where} row {i} column {column}: contains {_shown(bad)}, which could hide or "
                                "reorder text; remove it")
    return problems


def _real_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_problems(where: str, table: str, header: list[str], rows: list[list[str]]) -> list[str]:
    problems = []
    for i, row in enumerate(rows, start=2):
        cells = dict(zip(header, row))
        checks = []
        if table == "observations":
            checks.append(("release_date", cells.get("release_date", "")))
            period = cells.get("period", "")
            if period.startswith("asof:"):
                checks.append(("period", period[5:]))
        elif table == "sources":
            checks.append(("date", cells.get("date", "")))
        for column, value in checks:
            if DATE_LIKE.match(value) and not _real_date(value):
                problems.append(f"{where} row {i} column {column}: {value!r} is not a real date")
    return problems


def known_units() -> tuple[list[str], list[str]]:
    """Units the build can convert (units.UNITS) and the count units every language can word
    (the ``[units]`` table of each message catalog: 个, 家, 户, …)."""
    from .locale import LOCALES, _catalog
    from .units import UNITS

    counts = None
    for lang in LOCALES:
        words = {k.split(".", 1)[1] for k in _catalog(lang) if k.startswith("units.")}
        counts = words if counts is None else counts & words
    return list(UNITS), sorted(counts or ())


def unit_problem(unit: str, indicator: str, indicator_unit: str) -> str | None:
    """A unit is allowed if the build knows it (units.UNITS: money, vehicles, people, area,
    percent, points), if it is a count unit the message catalogs word (个, 家, 户, 次, …), or if
    it is the unit the indicator dictionary gives for this indicator."""
    from .units import UNITS

    convertible, counts = known_units()
    if indicator_unit in UNITS and unit != indicator_unit and UNITS[indicator_unit][0] not in ("percent", "pp"):
        if unit not in UNITS or UNITS[unit][0] != UNITS[indicator_unit][0]:
            return (f"unit {unit!r} cannot be converted to {indicator}'s dictionary unit {indicator_unit!r}; "
                    f"use one of {', '.join(u for u in convertible if UNITS[u][0] == UNITS[indicator_unit][0])}")
        return None
    if unit in convertible or unit in counts or unit == indicator_unit or unit in UNITS_AS_WRITTEN:
        return None
    return (f"unit {unit!r} is not known for {indicator}; allowed: its dictionary unit {indicator_unit!r}, "
            f"a known unit ({', '.join(convertible)}) or a count unit ({', '.join(counts)})")


def unit_problems(where: str, observations: list[dict], indicator_units: dict[str, str]) -> list[str]:
    problems = []
    for i, row in enumerate(observations, start=2):
        indicator = row.get("indicator_id", "")
        if indicator not in indicator_units:
            continue  # a broken foreign key, reported by the schema check
        why = unit_problem(row.get("unit", ""), indicator, indicator_units[indicator])
        if why:
            problems.append(f"{where} row {i} column unit: {why}")
    return problems


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    import csv
    import sys

    from .errors import DataError

    csv.field_size_limit(sys.maxsize)  # a long quote is text, not an error
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None
    return (rows[0] if rows else []), rows[1:]
