"""The data loader: the real package loads typed and consistent; every broken input is rejected
with one line per problem naming file, row and column; BOM, GBK and Excel inputs are accepted."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pandas as pd
import pytest

from zonereport.dataset import GRADE_ORDER, RESOURCES, data_hash, load_dataset
from zonereport.errors import DataError

from .conftest import DATA, run_build, tiny_args, tree_bytes

# -- helpers --------------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path) -> Path:
    """A private copy of data/ to break."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


@pytest.fixture(scope="module")
def real():
    return load_dataset(DATA)


def read_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def line_of(path: Path, **match: str) -> int:
    """The line number (header = 1) of the first row whose columns have the given values."""
    rows = read_rows(path)
    for n, row in enumerate(rows[1:], start=2):
        if all(row[rows[0].index(k)] == v for k, v in match.items()):
            return n
    raise LookupError(f"no row {match} in {path}")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    rows = read_rows(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_rows(path)
    i = rows[0].index(column)
    write_rows(path, [r[:i] + r[i + 1:] for r in rows])


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(data_dir)
    problems = info.value.problems
    assert problems and all(p and "\n" not in p for p in problems), problems
    return problems


def the_problem(problems: list[str], *fragments: str) -> str:
    """The one problem line that contains every fragment."""
    hits = [p for p in problems if all(f in p for f in fragments)]
    assert hits, f"no problem with {fragments} in:\n" + "\n".join(problems)
    return hits[0]


GDP_ROW = {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"}
GROWTH_ROW = {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp_growth"}
SHARE_ROW = {"entity_id": "caetdz", "indicator_id": "share_of_city_auto_firms"}


# -- 1. the real package --------------------------------------------------------------------


class TestRealPackage:
    def test_tables_are_typed(self, real):
        assert real.observations["value"].dtype == float
        assert real.indicators["higher_is_better"].dtype == bool
        assert real.indicators["higher_is_better"].any() and not real.indicators["higher_is_better"].all()
        assert real.observations.loc[(real.observations[list(GDP_ROW)] == pd.Series(GDP_ROW)).all(axis=1),
                                     "value"].tolist() == [598.8]

    def test_plain_utf8_gives_no_notice(self, real):
        assert real.notices == []

    def test_ids_are_unique(self, real):
        for table, key in [(real.sources, "source_id"), (real.entities, "entity_id"),
                           (real.indicators, "indicator_id")]:
            assert table[key].is_unique and len(table) > 0
        pk = ["entity_id", "period", "indicator_id", "relative_to", "source_id"]
        assert not real.observations.duplicated(pk).any()

    def test_every_observation_has_source_and_quote(self, real):
        o = real.observations
        assert (o["source_id"].str.strip() != "").all()
        assert (o["quote"].str.strip() != "").all()

    def test_foreign_keys_resolve(self, real):
        o, e = real.observations, real.entities
        assert set(o["entity_id"]) <= set(e.index)
        assert set(o["relative_to"]) - {""} <= set(e.index)
        assert set(o["indicator_id"]) <= set(real.indicators.index)
        assert set(o["source_id"]) <= set(real.sources.index)
        assert set(e["parent_id"]) - {""} <= set(e.index)
        assert set(e["located_in"]) - {""} <= set(e.index)
        assert set(e["source_id"]) - {""} <= set(real.sources.index)

    def test_grades_are_in_the_vocabulary(self, real):
        assert set(real.sources["grade"]) <= set(GRADE_ORDER)
        assert real.observations["grade_rank"].notna().all()

    def test_the_report_period_is_buildable(self, real):
        assert ("caetdz", "2025H1") in real.buildable()
        assert "caetdz" in real.zones()


# -- 2. broken inputs -----------------------------------------------------------------------


def _obs_cell(column: str, value: str, row: dict | None = None):
    """An edit that sets one cell of observations.csv; returns the edited line."""
    def edit(d: Path) -> int:
        path = d / "observations.csv"
        line = line_of(path, **(row or GROWTH_ROW))
        set_cell(path, line, column, value)
        return line
    return edit


CELL_RULES = [
    # (id, edit, column, fragments expected in the problem line)
    ("wrong-type", _obs_cell("value", "abc"), "value", ["'abc' is not a number", "(type-error)"]),
    ("percent-string", _obs_cell("value", "5.5%"), "value", ["'5.5%' is not a number"]),
    ("bad-period", _obs_cell("period", "2025H3"), "period", ["'2025H3'", "a half year (YYYYH1 or YYYYH2)", "(constraint-error)"]),
    ("bad-qualifier", _obs_cell("qualifier", "roughly"), "qualifier", ["'roughly'", "enum", "(constraint-error)"]),
    ("missing-quote", _obs_cell("quote", ""), "quote", ["required", "(constraint-error)"]),
    ("nan", _obs_cell("value", "nan"), "value", ["'nan' is not a finite number"]),
    ("infinity", _obs_cell("value", "inf"), "value", ["'inf' is not a finite number"]),
    ("negative-level", _obs_cell("value", "-1", GDP_ROW), "value", ["'-1' is negative", "gdp is a level"]),
    ("share-above-100", _obs_cell("value", "120", SHARE_ROW), "value", ["'120' is a share outside 0"]),
]


class TestBrokenCellsAreRejected:
    @pytest.mark.parametrize("edit, column, fragments", [c[1:] for c in CELL_RULES], ids=[c[0] for c in CELL_RULES])
    def test_one_line_names_file_row_column_and_rule(self, data, edit, column, fragments):
        line = edit(data)
        problems = problems_of(data)
        hit = the_problem(problems, f"{data / 'observations.csv'} row {line} column {column}: ", *fragments)
        assert hit.startswith(str(data / "observations.csv"))
        assert len(problems) == 1, problems

    @pytest.mark.parametrize("column", ["entity_id", "source_id", "indicator_id", "relative_to"])
    def test_unknown_reference_in_observations_is_a_foreign_key_error(self, data, column):
        line = _obs_cell(column, "nowhere")(data)
        problems = problems_of(data)
        the_problem(problems, f"{data / 'observations.csv'} row {line}:", f'"{column}"', '"nowhere"', "(foreign-key)")

    def test_unknown_parent_in_entities_is_a_foreign_key_error(self, data):
        path = data / "entities.csv"
        line = line_of(path, entity_id="changchun")
        set_cell(path, line, "parent_id", "nowhere")
        the_problem(problems_of(data), f"{path} row {line}:", '"parent_id"', '"nowhere"', "(foreign-key)")

    def test_duplicate_row_is_a_primary_key_error(self, data):
        path = data / "observations.csv"
        rows = read_rows(path)
        line = line_of(path, **GDP_ROW)
        rows.insert(line, rows[line - 1])              # the copy becomes line + 1
        write_rows(path, rows)
        the_problem(problems_of(data), f"{path} row {line + 1}:", "duplicate primary key", "(primary-key)")

    def test_several_problems_give_several_lines(self, data):
        path = data / "observations.csv"
        _obs_cell("value", "abc", GDP_ROW)(data)
        _obs_cell("qualifier", "roughly", GROWTH_ROW)(data)
        problems = problems_of(data)
        the_problem(problems, f"row {line_of(path, **GDP_ROW)} column value", "'abc'")
        the_problem(problems, f"row {line_of(path, **GROWTH_ROW)} column qualifier", "'roughly'")
        assert len(problems) == 2

    def test_several_domain_problems_give_several_lines(self, data):
        _obs_cell("value", "-1", GDP_ROW)(data)
        _obs_cell("value", "120", SHARE_ROW)(data)
        problems = problems_of(data)
        assert len(problems) == 2
        the_problem(problems, "'-1' is negative")
        the_problem(problems, "'120' is a share")


class TestBrokenFilesAreRejected:
    def test_empty_file(self, data):
        (data / "observations.csv").write_bytes(b"")
        assert problems_of(data) == [f"{data / 'observations.csv'}: file is empty; it needs at least the header row"]

    def test_missing_column(self, data):
        drop_column(data / "observations.csv", "quote")
        assert problems_of(data) == [the_problem(problems_of(data), f"{data / 'observations.csv'} column 'quote'",
                                                 "missing from the header row")]

    def test_missing_last_column_is_named(self, data):
        drop_column(data / "observations.csv", "note")
        the_problem(problems_of(data), f"{data / 'observations.csv'} column 'note'", "missing from the header row")

    def test_extra_column(self, data):
        path = data / "observations.csv"
        rows = read_rows(path)
        write_rows(path, [rows[0] + ["comment"]] + [r + ["x"] for r in rows[1:]])
        the_problem(problems_of(data), f"{path} column 'comment'", "not in the schema")

    def test_malformed_datapackage_json(self, data):
        (data / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
        the_problem(problems_of(data), f"{data / 'datapackage.json'}: not valid JSON")

    def test_missing_datapackage_json(self, data):
        (data / "datapackage.json").unlink()
        the_problem(problems_of(data), f"{data / 'datapackage.json'}: not found")

    def test_missing_csv_listed_in_descriptor(self, data):
        (data / "sources.csv").unlink()
        assert problems_of(data) == [f"{data / 'sources.csv'}: file not found (listed in datapackage.json)"]

    def test_data_dir_that_does_not_exist(self, tmp_path):
        missing = tmp_path / "no-such-data"
        assert problems_of(missing) == [f"{missing}: data directory not found (use --data-dir)"]

    def test_file_in_neither_utf8_nor_gb18030(self, data):
        garbage = b"\xff\xfe\x00\xd8\x81\x30"
        for encoding in ("utf-8", "gb18030"):
            with pytest.raises(UnicodeDecodeError):
                garbage.decode(encoding)
        path = data / "observations.csv"
        head = path.read_bytes()[:200]
        head = head[: head.rindex(b"\n") + 1]              # cut at a line end, so the prefix decodes
        path.write_bytes(head + garbage)
        the_problem(problems_of(data), f"{path}: byte {len(head)} is neither UTF-8 nor GB18030")


# -- 3. accepted inputs ---------------------------------------------------------------------


def gbk_encodable_rows(path: Path) -> list[list[str]]:
    """The rows of a table that GBK can encode (Korean quotes and ² cannot be)."""
    rows = []
    for row in read_rows(path):
        try:
            ",".join(row).encode("gbk")
        except UnicodeEncodeError:
            continue
        rows.append(row)
    return rows


class TestAcceptedEncodings:
    def test_utf8_with_bom_loads_with_a_notice(self, data, real):
        path = data / "observations.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        ds = load_dataset(data)
        pd.testing.assert_frame_equal(ds.observations, real.observations)
        assert len(ds.notices) == 1
        assert str(path) in ds.notices[0] and "BOM" in ds.notices[0]

    def test_gbk_loads_with_the_same_values_and_a_notice(self, data, tmp_path):
        path = data / "observations.csv"
        rows = gbk_encodable_rows(path)
        assert len(rows) > 200 and any("汽开区" in ",".join(r) for r in rows)
        write_rows(path, rows, encoding="gbk")
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")             # really not UTF-8
        reference = Path(shutil.copytree(DATA, tmp_path / "reference"))
        write_rows(reference / "observations.csv", rows)   # the same rows, as UTF-8

        ds, ref = load_dataset(data), load_dataset(reference)
        pd.testing.assert_frame_equal(ds.observations, ref.observations)
        assert ds.observations["quote"].str.contains("汽开区").any()
        assert len(ds.notices) == 1
        assert str(path) in ds.notices[0] and "GB18030" in ds.notices[0]
        assert ref.notices == []

    def test_bom_does_not_hide_an_error(self, data):
        line = _obs_cell("value", "abc")(data)
        path = data / "observations.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        the_problem(problems_of(data), f"{path} row {line} column value", "'abc'")


def write_workbook(data_dir: Path, cells=lambda name, df: df) -> Path:
    """Move the four CSV tables into one data.xlsx, one sheet each, cells as strings (or as ``cells`` makes them)."""
    workbook = data_dir / "data.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for name in RESOURCES:
            path = data_dir / f"{name}.csv"
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            cells(name, df).to_excel(writer, sheet_name=name, index=False)
            path.unlink()
    return workbook


def assert_same_tables(ds, real):
    for name in RESOURCES:
        pd.testing.assert_frame_equal(getattr(ds, name), getattr(real, name), obj=name)


class TestExcelWorkbook:
    def test_workbook_of_strings_stands_in_for_the_csvs(self, data, real):
        workbook = write_workbook(data)
        assert not [p for p in data.glob("*.csv") if p.stem in RESOURCES]  # article_map.csv is not a table of the package
        ds = load_dataset(data)
        assert ds.observations["value"].tolist() == real.observations["value"].tolist()
        assert ds.observations["entity_id"].tolist() == real.observations["entity_id"].tolist()
        assert ds.observations["indicator_id"].tolist() == real.observations["indicator_id"].tolist()
        assert_same_tables(ds, real)
        assert len(ds.notices) == 1 and str(workbook) in ds.notices[0]

    def test_workbook_with_native_excel_cells(self, data, real):
        """What Excel makes of typed cells: numbers, TRUE/FALSE, dates — read back as the CSV text."""
        def native(name, df):
            df = df.copy().astype(object)
            if name == "observations":
                df["value"] = pd.to_numeric(df["value"])                # 6 stays "6", not "6.0"
                full = df["release_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
                df.loc[full, "release_date"] = [datetime.datetime.fromisoformat(v)
                                                for v in df.loc[full, "release_date"]]
            if name == "indicators":
                df["higher_is_better"] = df["higher_is_better"].eq("true")
            return df
        write_workbook(data, native)
        ds = load_dataset(data)
        # a number cell keeps no trailing zero (5.0 is 5): only those figures lose published decimals
        lost = ds.observations["decimals"] != real.observations["decimals"]
        raw = pd.read_csv(DATA / "observations.csv", dtype=str, keep_default_na=False)["value"]
        assert lost.any() and raw[lost.to_numpy()].str.fullmatch(r"-?\d+\.\d*0").all()
        ds.observations["decimals"] = real.observations["decimals"]
        assert_same_tables(ds, real)

    def test_error_in_workbook_is_reported_with_row_and_column(self, data):
        line = _obs_cell("value", "abc")(data)
        write_workbook(data)
        the_problem(problems_of(data), f"row {line} column value", "'abc' is not a number")

    def test_workbook_missing_a_sheet(self, data):
        workbook = write_workbook(data)
        with pd.ExcelWriter(workbook, engine="openpyxl") as writer:   # rewrite without 'sources'
            pd.DataFrame({"x": ["y"]}).to_excel(writer, sheet_name="other", index=False)
        the_problem(problems_of(data), f"{workbook}: no sheet named 'sources'")

    def test_a_workbook_beside_csvs_is_refused_unless_chosen(self, data, real):
        pd.DataFrame({"x": ["y"]}).to_excel(data / "stale.xlsx", sheet_name="observations", index=False)
        with pytest.raises(DataError, match="stale.xlsx: a workbook beside the CSV files.*--data-source"):
            load_dataset(data)
        ds = load_dataset(data, "csv")
        assert ds.notices == []
        assert_same_tables(ds, real)


# -- 4. data hash ---------------------------------------------------------------------------


class TestDataHash:
    def test_one_byte_of_a_csv_changes_the_hash(self, data):
        before = data_hash(data)
        path = data / "observations.csv"
        raw = path.read_bytes()
        i = raw.index(b"598.8")
        path.write_bytes(raw[:i] + b"598.9" + raw[i + 5:])
        assert data_hash(data) != before
        path.write_bytes(raw)
        assert data_hash(data) == before

    def test_readme_does_not_change_the_hash(self, data):
        before = data_hash(data)
        with open(data / "README.md", "a", encoding="utf-8") as f:
            f.write("\nAn extra note.\n")
        assert data_hash(data) == before

    def test_hash_does_not_depend_on_the_location(self, data):
        assert data_hash(data) == data_hash(DATA)
        assert len(data_hash(data)) == 64


# -- 5. command line ------------------------------------------------------------------------


def installed(out: Path) -> dict[str, bytes]:
    """The installed reports (not the build's scratch space)."""
    return {k: v for k, v in tree_bytes(out).items() if not k.startswith(".staging")}


class TestCommandLine:
    def test_gbk_data_builds_and_says_it_was_converted(self, tiny_project):
        path = tiny_project["data"] / "observations.csv"
        write_rows(path, gbk_encodable_rows(path), encoding="gbk")
        proc = run_build(*tiny_args(tiny_project, "--formats", "html", "--lang", "zh"))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        output = proc.stdout + proc.stderr
        assert "GB18030" in output and str(path) in output
        assert list(tiny_project["out"].rglob("report.html"))

    def test_bad_value_stops_the_build_with_file_row_column(self, tiny_project):
        args = tiny_args(tiny_project, "--formats", "html", "--lang", "zh")
        first = run_build(*args)
        assert first.returncode == 0, first.stdout + first.stderr
        previous = installed(tiny_project["out"])

        path = tiny_project["data"] / "observations.csv"
        line = _obs_cell("value", "5.5%")(tiny_project["data"])
        proc = run_build(*args, "--force")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert lines and all(line_.startswith("error: ") for line_ in lines), proc.stderr
        assert any(f"observations.csv row {line} column value" in ln and "'5.5%'" in ln for ln in lines), proc.stderr
        assert str(path) in proc.stderr
        assert installed(tiny_project["out"]) == previous            # the previous report stays


def test_look_ups_while_frozen_are_the_table_s_own_rows_in_find_order(real):
    """``find_records`` inside ``frozen()`` (read from a table converted once) gives what
    ``find(...).to_dict("records")`` gives outside it (a filter and sort of the table), for every
    entity and indicator, with and without a period or a ``relative_to``."""
    o = real.observations
    questions = []
    for entity, indicator in sorted(set(zip(o["entity_id"], o["indicator_id"]))):
        rows = o[(o["entity_id"] == entity) & (o["indicator_id"] == indicator)]
        questions += [(entity, indicator, period, rel) for period in [None, *sorted(set(rows["period"]))]
                      for rel in [None, *sorted(set(rows["relative_to"]))]]
    expected = [real.find(*q).to_dict("records") for q in questions]
    with real.frozen():
        assert [real.find_records(*q) for q in questions] == expected
    assert [real.find_records(*q) for q in questions] == expected
    assert len(questions) > 100 and sum(len(e) > 1 for e in expected) > 10
