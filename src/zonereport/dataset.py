"""Load and validate the data package (data/datapackage.json + CSV tables).

Validation is done by frictionless against the Table Schemas in datapackage.json (types,
required fields, vocabularies, primary and foreign keys), then by a few domain rules the schema
language cannot express (a share cannot exceed 100, a level cannot be negative, numbers must
be finite). Any violation stops the build with one line per problem, naming file, row (the line
number in the file, header = row 1), column, value and rule.

CSV files may be UTF-8 (with or without BOM) or GB18030/GBK; non-UTF-8 files are converted in a
temporary copy and the conversion is reported. An Excel workbook whose sheets are named like
the resources (sources, entities, indicators, observations) may stand in for the CSV files.
"""

from __future__ import annotations

import json
import math
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataError, UsageError
from .periods import parse_period, period_sort_key

_MEMO_LOCK = threading.Lock()

GRADE_ORDER = {"official": 0, "wire": 1, "third_party": 2, "low": 3}
RESOURCES = ("sources", "entities", "indicators", "observations")


@dataclass
class Dataset:
    """The validated tables, typed, plus what the build needs to record about them."""

    sources: pd.DataFrame
    entities: pd.DataFrame
    indicators: pd.DataFrame
    observations: pd.DataFrame
    data_dir: Path
    notices: list[str] = field(default_factory=list)

    # -- look-ups -------------------------------------------------------------------------
    def entity(self, entity_id: str) -> pd.Series:
        if entity_id not in self.entities.index:
            raise DataError(f"{self.data_dir / 'entities.csv'}: no entity {entity_id!r}")
        return self.entities.loc[entity_id]

    def name(self, entity_id: str, lang: str, short: bool = False) -> str:
        """The entity's name; ``short`` gives its short form (the zone's abbreviation) where the data have one."""
        e = self.entity(entity_id)
        if short and e.get(f"short_{lang}"):
            return str(e[f"short_{lang}"])
        return str(e[f"name_{lang}"])

    def indicator(self, indicator_id: str) -> pd.Series:
        return self.indicators.loc[indicator_id]

    def source(self, source_id: str) -> pd.Series:
        return self.sources.loc[source_id]

    def find(self, entity_id: str, indicator_id: str, period: str | None = None,
             relative_to: str | None = None) -> pd.DataFrame:
        """All observations matching: the newest vintage (``as_of``) first, then the best-graded
        source; an empty ``as_of`` counts as the oldest. ``as_of`` is YYYY, YYYY-MM or YYYY-MM-DD,
        so text order is date order (within one year, a date to the day sorts before the year alone)."""
        o = self.observations
        memo = self.memo()
        if memo is None:  # the table may change between calls: filter and sort it now
            mask = (o["entity_id"] == entity_id) & (o["indicator_id"] == indicator_id)
            if period is not None:
                mask &= o["period"] == period
            if relative_to is not None:
                mask &= o["relative_to"] == relative_to
            return o[mask].sort_values(["as_of", "grade_rank", "period_order"], ascending=[False, True, True],
                                       kind="stable")
        rows = o.iloc[self._find_index(memo).get((entity_id, indicator_id), [])]
        if period is not None:
            rows = rows[rows["period"] == period]
        if relative_to is not None:
            rows = rows[rows["relative_to"] == relative_to]
        return rows

    def find_records(self, entity_id: str, indicator_id: str, period: str | None = None,
                     relative_to: str | None = None) -> list[dict]:
        """:meth:`find` as row dicts (``DataFrame.to_dict("records")``). While :meth:`frozen`, read
        from the whole table converted once, without a DataFrame per call (a section makes
        hundreds of look-ups); callers must not change the dicts."""
        memo = self.memo()
        if memo is None:
            return self.find(entity_id, indicator_id, period, relative_to).to_dict("records")
        if "records" not in memo:
            records = self.observations.to_dict("records")
            memo["records"] = {key: [records[p] for p in positions]
                               for key, positions in self._find_index(memo).items()}
        return [r for r in memo["records"].get((entity_id, indicator_id), [])
                if (period is None or r["period"] == period) and (relative_to is None or r["relative_to"] == relative_to)]

    def _find_index(self, memo: dict) -> dict[tuple[str, str], list[int]]:
        """Row positions of the observations by (entity, indicator), in :meth:`find`'s order
        (a stable sort, so filtering afterwards keeps it)."""
        if "find_index" in memo:
            return memo["find_index"]
        import numpy as np

        o = self.observations
        ordered = o.assign(_position=np.arange(len(o))).sort_values(
            ["as_of", "grade_rank", "period_order"], ascending=[False, True, True], kind="stable")
        index: dict[tuple[str, str], list[int]] = {}
        for key, position in zip(zip(ordered["entity_id"], ordered["indicator_id"]), ordered["_position"]):
            index.setdefault(key, []).append(int(position))
        memo["find_index"] = index
        return index

    @contextmanager
    def frozen(self):
        """Within this block the observations do not change, so look-ups may remember their
        answers (a section asks for the same figures many times); outside it, every look-up reads
        the table as it is. Used while a report's sections are computed; blocks may nest and
        overlap across threads: the answers are kept until the last one ends."""
        with _MEMO_LOCK:
            depth, memo = self.__dict__.get("_frozen", (0, None))
            self.__dict__["_frozen"] = (depth + 1, memo if memo is not None and memo[0] is self.observations
                                        else (self.observations, {}))
        try:
            yield self
        finally:
            with _MEMO_LOCK:
                depth, memo = self.__dict__["_frozen"]
                if depth <= 1:
                    del self.__dict__["_frozen"]
                else:
                    self.__dict__["_frozen"] = (depth - 1, memo)

    def memo(self) -> dict | None:
        """The remembered answers while :meth:`frozen` is active (None outside it, or when the
        observations table was replaced by another one meanwhile)."""
        frozen = self.__dict__.get("_frozen")
        if frozen is None or frozen[1][0] is not self.observations:
            return None
        return frozen[1][1]

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_frozen", None)
        return state

    def zones(self) -> list[str]:
        return sorted(self.entities.index[self.entities["kind"] == "zone"])

    def buildable(self) -> list[tuple[str, str]]:
        """(zone, period) pairs the data can build: a zone with a published GDP level or growth."""
        from .coverage import buildable

        return buildable(self.entities.to_dict("records"), self.observations.to_dict("records"))


# -- reading --------------------------------------------------------------------------------

def _decode(path: Path) -> tuple[str, str | None]:
    """Return the file's text and, if it was not plain UTF-8, the encoding it was read as."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        try:
            return raw.decode("gb18030"), "GB18030/GBK"
        except UnicodeDecodeError:
            raise DataError(
                f"{path}: byte {exc.start} is neither UTF-8 nor GB18030; save the file as UTF-8"
            ) from None


def _descriptor(data_dir: Path) -> dict:
    from .datachecks import descriptor_problems

    path = data_dir / "datapackage.json"
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: data directory not found (use --data-dir)")
    if not path.exists():
        raise DataError(f"{path}: not found; the data directory needs a datapackage.json")
    if not path.is_file():
        raise DataError(f"{path}: is not a file; it must be the package's JSON descriptor")
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from None
    problems = descriptor_problems(descriptor, str(path))
    if problems:
        raise DataError(problems)
    return descriptor


def _cell_text(value) -> str:
    """An Excel cell as the CSV text it stands for: Excel stores a typed true as TRUE and
    2025-07-15 as a date, which str() would give as 'True' and '2025-07-15 00:00:00'."""
    import datetime

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    return str(value)


def _excel_to_csv(workbook: Path, staging: Path, names: list[str]) -> None:
    if not workbook.is_file():
        raise DataError(f"{workbook}: is not a file; remove it or replace it with an Excel workbook")
    try:
        sheets = pd.read_excel(workbook, sheet_name=None, dtype=object, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise many types for a corrupt file
        raise DataError(f"{workbook}: not a readable Excel workbook ({type(exc).__name__}: {exc}); "
                        "save it again from Excel as .xlsx, or remove it and use the CSV files") from None
    for name in names:
        if name not in sheets:
            raise DataError(f"{workbook}: no sheet named {name!r}")
        sheets[name].map(_cell_text).to_csv(staging / f"{name}.csv", index=False)


DATA_SOURCES = ("either", "csv", "xlsx")


def _choose_source(data_dir: Path, resources: list[dict], source: str) -> tuple[Path | None, set[str]]:
    """Which files hold the tables: (the workbook or None, the CSV paths to read).

    A workbook beside CSV files of the package is ambiguous: the user says which with
    ``--data-source`` or removes one of them.
    """
    workbooks = sorted(data_dir.glob("*.xlsx"))
    csvs = {r["path"] for r in resources if (data_dir / r["path"]).exists()}
    if source == "csv":
        return None, {r["path"] for r in resources}
    if source == "xlsx":
        if len(workbooks) != 1:
            found = ", ".join(str(w) for w in workbooks) or "none"
            raise DataError(f"{data_dir}: --data-source xlsx needs exactly one *.xlsx workbook (found: {found})")
        return workbooks[0], set()
    if len(workbooks) > 1:
        raise DataError(f"{data_dir}: {len(workbooks)} workbooks ({', '.join(w.name for w in workbooks)}); "
                        "keep one, or use the CSV files with --data-source csv")
    if workbooks and csvs:
        raise DataError(f"{workbooks[0]}: a workbook beside the CSV files ({', '.join(sorted(csvs))}); remove the "
                        "one you do not mean, or choose with --data-source csv or --data-source xlsx")
    return (workbooks[0] if workbooks else None), csvs


def stage(data_dir: Path, staging: Path, source: str = "either") -> tuple[dict, list[str], dict[str, str]]:
    """Copy the package into ``staging`` as UTF-8 CSV.

    Returns the descriptor, notices (conversions), and for each resource path the name to use
    in messages (the CSV file, or the workbook and sheet it came from). ``source`` is either
    (the CSV files, or the one workbook if there are no CSV files), csv or xlsx.
    """
    descriptor = _descriptor(data_dir)
    notices: list[str] = []
    origins: dict[str, str] = {}
    resources = descriptor["resources"]
    for res in resources:
        rel = res["path"]
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise DataError(f"{data_dir / 'datapackage.json'}: resource {res.get('name')!r} has an invalid path")
    workbook, csvs = _choose_source(data_dir, resources, source)
    for res in resources:
        rel = res["path"]
        src = data_dir / rel
        dst = staging / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if rel not in csvs:
            continue
        if not src.exists():
            raise DataError(f"{src}: file not found (listed in datapackage.json)")
        if not src.is_file():
            raise DataError(f"{src}: is a directory, not a CSV file; replace it with the table's CSV file")
        text, encoding = _decode(src)
        if not text.strip():
            raise DataError(f"{src}: file is empty; it needs at least the header row")
        if encoding:
            notices.append(f"{src}: read as {encoding}, converted to UTF-8 for this build")
        dst.write_text(text, encoding="utf-8")
        origins[rel] = str(src)
    missing = [r for r in resources if not (staging / r["path"]).exists()]
    if missing:
        if workbook is None:
            raise DataError(f"{data_dir / missing[0]['path']}: file not found (listed in datapackage.json)")
        _excel_to_csv(workbook, staging, [r["name"] for r in missing])
        notices.append(f"{workbook}: read sheets {', '.join(r['name'] for r in missing)} from the workbook")
        for r in missing:
            origins[r["path"]] = f"{workbook} sheet {r['name']}"
    for res in resources:
        _check_header(staging / res["path"], origins[res["path"]], res)
    (staging / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return descriptor, notices, origins


def _check_header(path: Path, shown: str, resource: dict) -> None:
    """Columns must be the schema's, by name: one clear line instead of a cascade of row errors."""
    import csv
    import sys

    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    expected = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    if not expected or header == expected:
        return
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise DataError(f"{shown} column {missing[0]!r}: missing from the header row (expected: {', '.join(expected)})")
    if extra:
        raise DataError(f"{shown} column {extra[0]!r}: not in the schema (expected: {', '.join(expected)})")
    raise DataError(f"{shown}: columns are out of order (expected: {', '.join(expected)})")


def _format_error(where: str, error, key: str = "") -> str:
    from .datachecks import pattern_in_words

    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        field_type = error.note.split('"')[1].split("/")[0] if '"' in error.note else "valid value"
        return f"{where} row {row} column {column}: {cell!r} is not a {field_type} ({kind})"
    if kind == "constraint-error":
        rule = error.note
        if '"required"' in rule:
            return f"{where} row {row} column {column}: value is required but empty ({kind})"
        words = pattern_in_words(column) if '"pattern"' in rule else None
        if words:
            return f"{where} row {row} column {column}: {cell!r} is not valid; {words} ({kind})"
        return f"{where} row {row} column {column}: {cell!r} breaks the rule {rule} ({kind})"
    if kind == "primary-key":
        return f"{where} row {row}: duplicate primary key{key}, {error.note} ({kind})"
    if kind == "foreign-key":
        return f"{where} row {row}: {error.note} ({kind})"
    if kind in ("missing-label", "extra-label", "incorrect-label", "blank-label", "duplicate-label"):
        label = getattr(error, "label", None) or getattr(error, "field_name", None)
        return f"{where} column {label!r}: {error.note or error.message} ({kind})"
    if row is not None:
        col = f" column {column}" if column else ""
        return f"{where} row {row}{col}: {error.note or error.message} ({kind})"
    return f"{where}: {error.message} ({kind})"


def _key_text(staging: Path, resource: dict, row: int | None) -> str:
    """' (entity_id=…, period=…, …)': the primary key values of a row of a staged table."""
    from .datachecks import read_rows

    key = resource.get("schema", {}).get("primaryKey") or []
    key = [key] if isinstance(key, str) else key
    if not key or row is None:
        return ""
    header, rows = read_rows(staging / resource["path"])
    if not 2 <= row <= len(rows) + 1:
        return ""
    cells = dict(zip(header, rows[row - 2]))
    return " (" + ", ".join(f"{k}={cells.get(k, '')!r}" for k in key) + ")"


def validate_staged(staging: Path, data_dir: Path, origins: dict[str, str] | None = None) -> None:
    """Validate the staged package with frictionless and the checks it cannot make
    (control characters, real dates); raise DataError listing every problem."""
    import frictionless

    from .datachecks import date_problems, read_rows, text_problems

    descriptor = json.loads((staging / "datapackage.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    for res in descriptor["resources"]:
        where = (origins or {}).get(res["path"], str(data_dir / res["path"]))
        header, rows = read_rows(staging / res["path"])
        problems += text_problems(where, header, rows)
        problems += date_problems(where, res["name"], header, rows)
    try:
        report = frictionless.validate(str(staging / "datapackage.json"))
    except Exception as exc:  # noqa: BLE001 - frictionless raises its own types for bad descriptors
        raise DataError(f"{data_dir / 'datapackage.json'}: not a valid data package ({exc})") from None
    for error in report.errors:
        problems.append(f"{data_dir / 'datapackage.json'}: {error.message}")
    by_path = {r["path"]: r for r in descriptor["resources"]}
    for task in report.tasks:
        for error in task.errors:
            where = (origins or {}).get(task.place, str(data_dir / task.place))
            key = ""
            if error.type == "primary-key" and task.place in by_path:
                key = _key_text(staging, by_path[task.place], getattr(error, "row_number", None))
            problems.append(_format_error(where, error, key))
    if problems:
        raise DataError(problems)


def _read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _domain_rules(path: str, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Rules the Table Schema cannot express because they depend on the indicator's kind."""
    from .datachecks import unit_problems

    obs = tables["observations"]
    kinds = tables["indicators"].set_index("indicator_id")["kind"]
    units = tables["indicators"].set_index("indicator_id")["unit"].to_dict()
    problems = unit_problems(path, obs.to_dict("records"), units)
    for i, row in enumerate(obs.itertuples(index=False), start=2):
        try:
            parse_period(row.period)
        except UsageError as exc:
            problems.append(f"{path} row {i} column period: {exc}")
        value = float(row.value)
        kind = kinds.get(row.indicator_id)
        if not math.isfinite(value):
            problems.append(f"{path} row {i} column value: {row.value!r} is not a finite number")
        elif kind in ("level", "count") and value < 0:
            problems.append(f"{path} row {i} column value: {row.value!r} is negative, but {row.indicator_id} is a {kind}")
        elif kind == "share" and not 0 <= value <= 100:
            problems.append(f"{path} row {i} column value: {row.value!r} is a share outside 0–100")
        elif kind == "rank" and (value < 1 or value != int(value)):
            problems.append(f"{path} row {i} column value: {row.value!r} is not a rank (1, 2, …)")
    return problems


CACHE_ENV = "ZONEREPORT_DATASET_CACHE"


def write_cache(ds: Dataset, path: Path) -> None:
    """Save a validated dataset for the build's kernels, keyed by the data's hash.

    The build validates once and sets ``ZONEREPORT_DATASET_CACHE``; each notebook kernel then
    loads this file instead of validating the same data again (about two seconds each).
    """
    import pickle

    path.write_bytes(pickle.dumps({"hash": data_hash(ds.data_dir), "dataset": ds}, protocol=pickle.HIGHEST_PROTOCOL))


def _from_cache(data_dir: Path) -> Dataset | None:
    import os
    import pickle

    cache = os.environ.get(CACHE_ENV)
    if not cache or not Path(cache).is_file():
        return None
    record = pickle.loads(Path(cache).read_bytes())
    ds = record["dataset"]
    if ds.data_dir.resolve() != data_dir.resolve() or record["hash"] != data_hash(data_dir):
        return None  # the data changed since the build validated them: validate again
    return ds


VALIDATED_KEEP = 16  # validated datasets kept in the user's cache (the newest)


def load_validated(data_dir: Path, source: str, code_key: str) -> tuple[Dataset, bool]:
    """:func:`load_dataset`, remembered: the same data files (by hash) validated by the same code
    (``code_key``: the package's and the libraries' hash) give the same dataset, so a build whose
    data did not change loads the last validation's result from the user's cache instead of
    validating again. Returns the dataset and whether it came from the cache. An unreadable cache
    entry is ignored; data that fail validation are never stored.
    """
    import os
    import pickle

    from .builder.inputs import combine
    from .config import user_cache_dir

    before = data_hash(data_dir)
    folder = user_cache_dir() / "validated"
    entry = folder / f"{combine(before, code_key, source, str(Path(data_dir).resolve()))}.pkl"
    try:
        record = pickle.loads(entry.read_bytes())
        if record["hash"] == before and isinstance(record["dataset"], Dataset):
            os.utime(entry)  # recently used: kept longest
            return record["dataset"], True
    except Exception:  # noqa: BLE001 - absent, torn or from another version: validate
        pass
    ds = load_dataset(data_dir, source)
    if data_hash(data_dir) != before:  # the files changed while they were read: do not remember
        return ds, False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.stem}.{os.getpid()}.part")
        write_cache(ds, tmp)
        os.replace(tmp, entry)
        for old in sorted(folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)[VALIDATED_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # no cache directory: only slower next time
        pass
    return ds, False


def load_dataset(data_dir: str | Path, source: str = "either") -> Dataset:
    """Validate the data package in ``data_dir`` and return its tables as typed DataFrames.

    ``source`` chooses the CSV files or the Excel workbook when both are there (either: refuse).
    """
    data_dir = Path(data_dir)
    cached = _from_cache(data_dir)
    if cached is not None:
        return cached
    with tempfile.TemporaryDirectory(prefix="zonereport-data-") as tmp:
        staging = Path(tmp)
        descriptor, notices, origins = stage(data_dir, staging, source)
        names = [r.get("name") for r in descriptor.get("resources", [])]
        missing = [n for n in RESOURCES if n not in names]
        if missing:
            raise DataError(f"{data_dir / 'datapackage.json'}: missing resources {', '.join(missing)}")
        validate_staged(staging, data_dir, origins)
        paths = {r["name"]: staging / r["path"] for r in descriptor["resources"]}
        tables = {name: _read_table(paths[name]) for name in RESOURCES}
    obs_path = next(r["path"] for r in descriptor["resources"] if r["name"] == "observations")
    problems = _domain_rules(origins[obs_path], tables)
    if problems:
        raise DataError(problems)
    return _typed(tables, data_dir, notices)


def _typed(tables: dict[str, pd.DataFrame], data_dir: Path, notices: list[str]) -> Dataset:
    sources = tables["sources"].set_index("source_id", drop=False)
    entities = tables["entities"].set_index("entity_id", drop=False)
    indicators = tables["indicators"].set_index("indicator_id", drop=False)
    indicators["higher_is_better"] = indicators["higher_is_better"].str.lower().eq("true")
    obs = tables["observations"].copy()
    # the digits after the decimal point as published (5.0 has one): rounding tolerances and the
    # reader's figure keep them, which the float alone cannot
    obs["decimals"] = obs["value"].astype(str).str.strip().map(
        lambda t: len(t.partition(".")[2]) if t and "e" not in t.lower() else -1)
    obs["value"] = obs["value"].astype(float)
    obs["grade"] = obs["source_id"].map(sources["grade"])
    obs["grade_rank"] = obs["grade"].map(GRADE_ORDER)
    obs["period_order"] = obs["period"].map(period_sort_key)
    obs["kind"] = obs["indicator_id"].map(indicators["kind"])
    return Dataset(sources, entities, indicators, obs, data_dir, notices)


def data_hash(data_dir: str | Path) -> str:
    """SHA-256 over the package's files (names and bytes), for the reproducibility record."""
    from .builder.inputs import data_files_hash

    return data_files_hash(Path(data_dir))
