"""Hostile input through the real command line (issue 15, issue 10 items 6–7).

Every case starts from a copy of one good earlier build and asserts: the exit code, exactly one
line on stderr starting with ``error:`` (no traceback), the previous report byte-identical and
nothing installed. Most cases stop before any kernel starts, so they take about a second each.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import write_notebook
from .hostile import (
    Case,
    assert_refused,
    edit_csv,
    edit_descriptor,
    error_lines,
    field_of,
    run,
    set_cell,
    tiny_notebook,
)

pytestmark = pytest.mark.slow

GDP = {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"}
OBS = "observations.csv"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _replace_with_dir(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _csvs_to_garbage_workbook(d: Path) -> None:
    for name in ("sources", "entities", "indicators", "observations"):
        (d / f"{name}.csv").unlink()
    (d / "data.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")


def _remove_csvs(d: Path) -> None:
    for name in ("sources", "entities", "indicators", "observations"):
        (d / f"{name}.csv").unlink()


def _duplicate_gdp_row(d: Path) -> None:
    def change(rows):
        rows.append(dict(next(r for r in rows if all(r[k] == v for k, v in GDP.items()))))

    edit_csv(d / OBS, change)


def _set_type(resource, name, kind):
    return lambda d: edit_descriptor(d, lambda desc: field_of(desc, resource, name).update(type=kind))


def _drop_resource(name):
    return lambda d: edit_descriptor(
        d, lambda desc: desc.update(resources=[r for r in desc["resources"] if r["name"] != name]))


# (id, how to break a copy of the data, fragments of the one error line)
DATA_CASES = [
    # malformed packages (issue 15: tracebacks before)
    ("datapackage-is-list", lambda d: _write(d / "datapackage.json", "[]"), ["datapackage.json", "JSON object"]),
    ("datapackage-is-null", lambda d: _write(d / "datapackage.json", "null"), ["datapackage.json", "JSON object"]),
    ("resources-is-string", lambda d: _write(d / "datapackage.json", '{"resources": "x"}'),
     ["datapackage.json", "'resources' must be a list"]),
    ("resource-not-object", lambda d: _write(d / "datapackage.json", '{"resources": [1]}'),
     ["datapackage.json", "resource 1 is not an object"]),
    ("resource-without-schema", lambda d: edit_descriptor(
        d, lambda desc: next(r for r in desc["resources"] if r["name"] == "observations").pop("schema")),
     ["datapackage.json", "'observations'", "schema"]),
    ("resource-missing", _drop_resource("indicators"), ["datapackage.json", "missing resources indicators"]),
    ("datapackage-is-directory", lambda d: _replace_with_dir(d / "datapackage.json"),
     ["datapackage.json", "is not a file"]),
    ("observations-is-directory", lambda d: _replace_with_dir(d / OBS), [OBS, "is a directory"]),
    ("schema-value-to-string", _set_type("observations", "value", "string"),
     ["datapackage.json", "'value'", "'string'", "'number'"]),
    ("schema-quote-to-integer", _set_type("observations", "quote", "integer"), ["'quote'", "'integer'"]),
    ("schema-boolean-to-string", _set_type("indicators", "higher_is_better", "string"), ["'higher_is_better'"]),
    # workbooks
    ("corrupt-workbook", _csvs_to_garbage_workbook, ["data.xlsx", "not a readable Excel workbook"]),
    ("workbook-beside-csv", lambda d: (d / "extra.xlsx").write_bytes(b"x"),
     ["extra.xlsx", "beside the CSV files", "--data-source"]),
    ("two-workbooks", lambda d: (_remove_csvs(d), (d / "a.xlsx").write_bytes(b"x"), (d / "b.xlsx").write_bytes(b"x")),
     ["2 workbooks", "a.xlsx"]),
    ("workbook-is-directory", lambda d: (_remove_csvs(d), (d / "data.xlsx").mkdir()), ["data.xlsx", "is not a file"]),
    # text safety
    ("nul-in-quote", lambda d: set_cell(d / OBS, GDP, "quote", "GDP\x00598.8"), [OBS, "column quote", "U+0000"]),
    ("escape-in-name", lambda d: set_cell(d / "entities.csv", {"entity_id": "caetdz"}, "name_en", "\x1b[31mRED\x1b[0m"),
     ["entities.csv row 5 column name_en", "U+001B"]),
    ("rtl-override-in-title", lambda d: set_cell(d / "sources.csv", {"source_id": "article"}, "title", "abc\u202egpj.exe"),
     ["sources.csv row 2 column title", "U+202E"]),
    ("bidi-isolate-in-note", lambda d: set_cell(d / OBS, GDP, "note", "x\u2066y"), ["column note", "U+2066"]),
    # dates
    ("release-date-feb-30", lambda d: set_cell(d / OBS, GDP, "release_date", "2025-02-30"),
     [OBS, "column release_date", "'2025-02-30' is not a real date"]),
    ("release-date-month-13", lambda d: set_cell(d / OBS, GDP, "release_date", "2025-13-01"), ["'2025-13-01'", "real date"]),
    ("release-date-slashes", lambda d: set_cell(d / OBS, GDP, "release_date", "15/07/2025"),
     ["column release_date", "YYYY-MM-DD"]),
    ("asof-period-not-a-date", lambda d: set_cell(d / OBS, {"period": "undated"}, "period", "asof:2024-02-30"),
     ["column period", "'2024-02-30' is not a real date"]),
    ("source-date-not-a-date", lambda d: set_cell(d / "sources.csv", {"source_id": "article"}, "date", "2025-04-31"),
     ["sources.csv", "column date", "not a real date"]),
    # units, periods, keys (issue 10 item 6)
    ("unit-typo", lambda d: set_cell(d / OBS, GDP, "unit", "亿圆"),
     [OBS, "row 2 column unit", "'亿圆'", "'亿元'", "万元", "billion yuan"]),
    ("level-unit-of-another-dimension", lambda d: set_cell(d / OBS, GDP, "unit", "万人"),
     [OBS, "row 2 column unit", "'万人' cannot be converted", "gdp", "'亿元'"]),
    ("count-unit-typo", lambda d: set_cell(d / OBS, {"indicator_id": "automakers_count"}, "unit", "加"),
     ["column unit", "'加'", "automakers_count"]),
    ("period-in-words", lambda d: set_cell(d / OBS, GDP, "period", "2025H3"),
     ["column period", "'2025H3'", "a half year (YYYYH1 or YYYYH2)"]),
    ("duplicate-key-names-values", _duplicate_gdp_row,
     [OBS, "duplicate primary key", "entity_id='caetdz'", "period='2025H1'", "indicator_id='gdp'"]),
]


@pytest.mark.parametrize("name, breaker, fragments", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data_is_one_line(case, name, breaker, fragments):
    breaker(case.data)
    line = assert_refused(case, case.build("--force"), 2, fragments)
    assert "^(" not in line, "rules are given in words, not as a regex"


# (id, flags, fragments)
FLAG_CASES = [
    ("scheduler-not-a-url", ["--scheduler", "not a url"], ["--scheduler 'not a url'", "tcp://"]),
    ("scheduler-no-host", ["--scheduler", "tcp://"], ["--scheduler 'tcp://'"]),
    ("cell-timeout-zero", ["--cell-timeout", "0"], ["--cell-timeout '0'"]),
    ("cell-timeout-text", ["--cell-timeout", "soon"], ["--cell-timeout 'soon'"]),
    ("cell-timeout-infinite", ["--cell-timeout", "inf"], ["--cell-timeout 'inf'"]),
    ("data-source-unknown", ["--data-source", "json"], ["--data-source 'json'"]),
    ("data-source-xlsx-without-workbook", ["--data-source", "xlsx"], ["--data-source xlsx", "exactly one"]),
    ("jobs-not-a-number", ["--jobs", "many"], ["--jobs", "invalid int value"]),
    ("unknown-flag", ["--colour"], ["unrecognized arguments: --colour"]),
    ("empty-lang", ["--lang", ""], ["--lang ''"]),
    ("one-bad-format-of-two", ["--formats", "html,docx"], ["--formats 'docx'"]),
    ("only-unknown-notebook", ["--only", "99"], ["--only '99'"]),
    ("month-13", ["--period", "2025M13"], ["--period '2025M13'"]),
]


@pytest.mark.parametrize("name, flags, fragments", FLAG_CASES, ids=[c[0] for c in FLAG_CASES])
def test_bad_flag_is_one_line(case, name, flags, fragments):
    assert_refused(case, case.build(*flags), 2, fragments)


def test_out_inside_data_dir_is_refused(case):
    inside = case.data / "reports"
    proc = case.build(out=inside)
    assert_refused(case, proc, 2, ["--out", "inside --data-dir"])
    assert not inside.exists()


def test_out_equal_to_data_dir_is_refused(case):
    assert_refused(case, case.build(out=case.data), 2, ["inside --data-dir"])


# notebooks folder (issue 15: an invalid notebook gave a traceback, even with --only another)
NOTEBOOK_CASES = [
    ("invalid-json", lambda nb: _write(nb / "02_bad.ipynb", "{not json"), ["02_bad.ipynb", "not a readable notebook"]),
    ("json-list", lambda nb: _write(nb / "02_bad.ipynb", "[]"), ["02_bad.ipynb", "not a Jupyter notebook"]),
    ("cells-not-a-list", lambda nb: _write(nb / "02_bad.ipynb", '{"cells": 3}'), ["02_bad.ipynb", "not a Jupyter notebook"]),
    ("directory", lambda nb: (nb / "02_bad.ipynb").mkdir(), ["02_bad.ipynb", "not a readable notebook"]),
    ("not-utf8", lambda nb: (nb / "02_bad.ipynb").write_bytes(b"\xff\xfe{}"), ["02_bad.ipynb", "not a readable notebook"]),
]


@pytest.mark.parametrize("name, breaker, fragments", NOTEBOOK_CASES, ids=[c[0] for c in NOTEBOOK_CASES])
def test_bad_notebook_file_is_one_line_even_with_only(case, name, breaker, fragments):
    breaker(case.notebooks)
    assert_refused(case, case.build("--only", "01", "--force"), 2, fragments)


REPORT = Path("caetdz/2025H1/en")

# the output folder in the way (issue 15: .staging a file gave a traceback; report.html a
# directory installed the new executed notebooks beside the old HTML)
OUT_CASES = [
    ("staging-is-a-file", lambda o: _write(o / ".staging", "mine"), [".staging", "not the build's staging folder"]),
    ("staging-is-a-link", lambda o: (o / ".staging").symlink_to(o / "elsewhere"), [".staging"]),
    ("report-html-is-a-directory", lambda o: _replace_with_dir(o / REPORT / "report.html"),
     ["report.html", "is a folder where the report writes a file"]),
    ("report-html-is-a-link", lambda o: ((o / REPORT / "report.html").unlink(),
                                         (o / REPORT / "report.html").symlink_to("/etc/passwd")), ["report.html", "link"]),
    ("manifest-is-a-directory", lambda o: _replace_with_dir(o / REPORT / "manifest.json"), ["manifest.json", "folder"]),
    ("tables-is-a-directory", lambda o: _replace_with_dir(o / REPORT / "tables.xlsx"), ["tables.xlsx", "folder"]),
    ("executed-is-a-file", lambda o: (shutil.rmtree(o / REPORT / "executed"), _write(o / REPORT / "executed", "x")),
     ["executed", "is a file where the report needs a folder"]),
    ("period-folder-is-a-file", lambda o: (shutil.rmtree(o / "caetdz"), _write(o / "caetdz", "x")),
     ["caetdz", "is a file where the report needs a folder"]),
]


@pytest.mark.parametrize("name, breaker, fragments", OUT_CASES, ids=[c[0] for c in OUT_CASES])
def test_output_folder_in_the_way_is_one_line(case, name, breaker, fragments):
    breaker(case.out)
    case.snapshot()
    assert_refused(case, case.build("--force"), 2, fragments)


def test_lang_given_twice_builds_once(case):
    proc = case.build("--lang", "en,en", "--force")
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stdout + proc.stderr
    assert proc.stdout.count("installed caetdz/2025H1/en") == 1


def test_quiet_still_prints_the_summary(case):
    proc = case.build("--quiet")
    assert proc.returncode == 0
    assert [ln for ln in proc.stdout.splitlines() if ln.strip()] and "up to date" in proc.stdout
    proc = case.build("--quiet", "--force")
    assert proc.returncode == 0 and "done: 1 report(s) built" in proc.stdout
    assert "validating" not in proc.stdout


def test_only_into_an_empty_output_builds_every_notebook(case, tmp_path):
    write_notebook(case.notebooks / "02_second.ipynb", tiny_notebook())
    out = tmp_path / "empty"
    proc = case.build("--only", "02", out=out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    executed = sorted(p.name for p in (out / REPORT / "executed").iterdir())
    assert executed == ["01_tiny.ipynb", "02_second.ipynb"]
    manifest = json.loads((out / REPORT / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["notebooks"]) == ["01_tiny", "02_second"]


def test_list_with_terminal_escapes_in_the_data(case):
    set_cell(case.data / "entities.csv", {"entity_id": "caetdz"}, "name_en", "\x1b]0;pwned\x07\x1b[2J")
    proc = run([sys.executable, "run_all.py", "--list", "--data-dir", str(case.data)])
    assert proc.returncode == 2 and "\x1b" not in proc.stdout + proc.stderr
    assert len(error_lines(proc)) == 1 and "column name_en" in proc.stderr


def test_list_prints_control_characters_escaped():
    from zonereport.escape import terminal_text

    assert terminal_text("a\x1b[2Jb\u202ec\u200bd") == "a\\x1b[2Jb\\u202ec\\u200bd"


# a notebook cell that does not run to its end (issue 15: sys.exit(0) installed a report
# whose later cells never ran; os._exit(1) gave a DeadKernelError traceback; no time limit)
KERNEL_CASES = [
    ("sys-exit-0", "import sys\nsys.exit(0)", [], ["01_tiny.ipynb cell 2", "SystemExit"]),
    ("system-exit-3", "raise SystemExit(3)", [], ["01_tiny.ipynb cell 2", "SystemExit"]),
    ("os-exit", "import os\nos._exit(1)", [], ["01_tiny.ipynb cell 2", "kernel died"]),
    ("cell-over-time-limit", "import time\ntime.sleep(120)", ["--cell-timeout", "3"],
     ["01_tiny.ipynb cell 2", "cell time limit of 3 s", "--cell-timeout"]),
    ("keyboard-interrupt-in-cell", "raise KeyboardInterrupt", [], ["01_tiny.ipynb cell 2", "KeyboardInterrupt"]),
]


@pytest.mark.parametrize("name, source, flags, fragments", KERNEL_CASES, ids=[c[0] for c in KERNEL_CASES])
def test_cell_that_does_not_finish_fails_the_build(case, name, source, flags, fragments):
    nb = tiny_notebook(source)
    nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "z",
                        "source": "print('the last cell ran')"})
    write_notebook(case.notebooks / "01_tiny.ipynb", nb)
    proc = case.build(*flags)
    assert_refused(case, proc, 1, fragments)
    failed = case.out / REPORT / "failed" / "01_tiny.ipynb"
    assert failed.is_file() and str(failed) in proc.stderr


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    mounts = []

    def mount(path: Path, size: str = "4m") -> Path:
        if not _mount_tmpfs(path, size):
            pytest.skip("needs permission to mount a tmpfs")
        mounts.append(path)
        return path

    yield mount
    for m in reversed(mounts):
        subprocess.run(["umount", "-l", str(m)], capture_output=True)


def test_read_only_report_folder(case, tmpfs):
    saved = case.root / "saved"
    shutil.copytree(case.out / "caetdz", saved)
    shutil.rmtree(case.out / "caetdz")
    tmpfs(case.out / "caetdz")
    shutil.copytree(saved, case.out / "caetdz", dirs_exist_ok=True)
    subprocess.run(["mount", "-o", "remount,ro", str(case.out / "caetdz")], check=True)
    case.snapshot()
    assert_refused(case, case.build("--force"), 2, ["read-only", "EROFS"])


def test_no_space_left_on_device(good, tmp_path, tmpfs):
    out = tmpfs(tmp_path / "small", "3m")
    shutil.copytree(good["out"], out, dirs_exist_ok=True)
    case = Case(tmp_path, out, good["notebooks"], tmp_path / "data")
    shutil.copytree(Path(__file__).resolve().parents[2] / "data", case.data)
    filler = out / "filler"
    with open(filler, "wb") as fh:  # fill the device
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    case.snapshot()
    assert_refused(case, case.build("--force"), 1, ["no space left", "ENOSPC"])
