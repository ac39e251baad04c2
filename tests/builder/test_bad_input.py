"""Bad input, through the real command line: a non-zero exit, one clear line naming the item
(no traceback), and the previously built report byte-identical."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from ..conftest import DATA, TINY_NOTEBOOK, run_build, tree_bytes, write_notebook

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-input")
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_tiny.ipynb", TINY_NOTEBOOK)
    out = root / "out"
    proc = run_build("--notebooks", str(root / "notebooks"), "--out", str(out), "--formats", "html")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"root": root, "out": out, "notebooks": root / "notebooks"}


def edit_cell(data: Path, table: str, match: dict, column: str, value: str) -> None:
    path = data / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    for row in rows[1:]:
        if all(row[header.index(k)] == v for k, v in match.items()):
            row[header.index(column)] = value
            break
    else:
        raise AssertionError(f"no row {match} in {table}")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


GDP = {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"}


def _drop_column(d, table, column):
    path = d / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    i = rows[0].index(column)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])


def _duplicate_first_row(d, table):
    path = d / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), encoding="utf-8")


# (id, how to break a copy of the data, expected fragments of the one error line)
DATA_CASES = [
    ("empty-csv", lambda d: (d / "observations.csv").write_text(""), ["observations.csv", "empty"]),
    ("missing-column", lambda d: _drop_column(d, "observations", "quote"), ["observations.csv column 'quote'", "missing"]),
    ("extra-column", lambda d: (d / "sources.csv").write_text(
        (d / "sources.csv").read_text(encoding="utf-8").replace("\n", ",x\n").replace(",note,x", ",note,extra", 1),
        encoding="utf-8"), ["sources.csv column", "not in the schema"]),
    ("wrong-type", lambda d: edit_cell(d, "observations", GDP, "value", "abc"), ["observations.csv row", "column value", "'abc'"]),
    ("percent-string", lambda d: edit_cell(d, "observations", GDP, "value", "5.5%"), ["column value", "'5.5%'", "not a number"]),
    ("nan", lambda d: edit_cell(d, "observations", GDP, "value", "nan"), ["column value", "'nan'"]),
    ("infinity", lambda d: edit_cell(d, "observations", GDP, "value", "inf"), ["column value", "'inf'"]),
    ("negative-level", lambda d: edit_cell(d, "observations", GDP, "value", "-1"), ["column value", "'-1'", "negative"]),
    ("share-above-100", lambda d: edit_cell(d, "observations", {"indicator_id": "share_of_city_auto_firms"}, "value", "120"),
     ["column value", "'120'", "share"]),
    ("duplicate-key", lambda d: _duplicate_first_row(d, "observations"), ["observations.csv row", "duplicate primary key"]),
    ("broken-foreign-key", lambda d: edit_cell(d, "observations", GDP, "entity_id", "nowhere"), ["observations.csv row", "foreign-key"]),
    ("missing-quote", lambda d: edit_cell(d, "observations", GDP, "quote", ""), ["column quote", "required"]),
    ("malformed-period", lambda d: edit_cell(d, "observations", GDP, "period", "2025H3"), ["column period", "'2025H3'"]),
    ("inverted-month-span", lambda d: edit_cell(d, "observations", GDP, "period", "2025M05-03"),
     ["column period", "2025M05-03", "must come after"]),
    ("bad-qualifier", lambda d: edit_cell(d, "observations", GDP, "qualifier", "roughly"), ["column qualifier", "'roughly'"]),
    ("bad-grade", lambda d: edit_cell(d, "sources", {"source_id": "article"}, "grade", "gold"), ["sources.csv row", "column grade"]),
    ("not-utf8-nor-gb18030", lambda d: (d / "entities.csv").write_bytes(b"entity_id\n\x80\x81\xff\xfe\xff\n"),
     ["entities.csv", "neither UTF-8 nor GB18030"]),
    ("malformed-datapackage", lambda d: (d / "datapackage.json").write_text("{", encoding="utf-8"),
     ["datapackage.json", "not valid JSON"]),
    ("missing-csv", lambda d: (d / "indicators.csv").unlink(), ["indicators.csv", "not found"]),
]


@pytest.mark.parametrize("case, breaker, fragments", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_data(built, tmp_path, case, breaker, fragments):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    breaker(data)
    check(built, ["--data-dir", str(data)], fragments, code=2)


def check(built, args, fragments, code):
    before = tree_bytes(built["out"])
    proc = run_build("--notebooks", str(built["notebooks"]), "--out", str(built["out"]), "--formats", "html", *args)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert errors, proc.stderr
    assert any(all(f in ln for f in fragments) for ln in errors), proc.stderr
    assert not any(ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith("error: ")), proc.stderr
    assert tree_bytes(built["out"]) == before
    assert "executed" not in proc.stdout


FLAG_CASES = [
    ("unknown-zone", ["--zone", "nowhere"], ["--zone 'nowhere'"], 2),
    ("unknown-period", ["--period", "2019H1"], ["--period '2019H1'"], 2),
    ("unknown-language", ["--lang", "fr"], ["--lang 'fr'"], 2),
    ("unknown-format", ["--formats", "docx"], ["--formats 'docx'"], 2),
    ("jobs-zero", ["--jobs", "0"], ["--jobs 0"], 2),
    ("path-traversal", ["--zone", "../../x"], ["--zone '../../x'"], 2),
    ("missing-data-dir", ["--data-dir", "/nonexistent/data"], ["--data-dir /nonexistent/data"], 2),
]


@pytest.mark.parametrize("case, args, fragments, code", FLAG_CASES, ids=[c[0] for c in FLAG_CASES])
def test_bad_flags(built, case, args, fragments, code):
    check(built, args, fragments, code)


def test_empty_data_directory(built, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    check(built, ["--data-dir", str(empty)], ["--data-dir", "no datapackage.json"], 2)


def test_unwritable_output_directory(built, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = run_build("--notebooks", str(built["notebooks"]), "--out", str(blocker / "sub"), "--formats", "html")
    assert proc.returncode == 2 and "--out" in proc.stderr and "cannot write" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_notebook_without_parameters_cell(built, tmp_path):
    nbdir = tmp_path / "nb"
    nbdir.mkdir()
    nb = json.loads(json.dumps(TINY_NOTEBOOK))
    nb["cells"][0]["metadata"]["tags"] = []
    write_notebook(nbdir / "01_tiny.ipynb", nb)
    before = tree_bytes(built["out"])
    proc = run_build("--notebooks", str(nbdir), "--out", str(built["out"]), "--formats", "html")
    assert proc.returncode == 2 and "01_tiny.ipynb" in proc.stderr and "parameters" in proc.stderr
    assert tree_bytes(built["out"]) == before


def test_notebook_that_raises(built, tmp_path):
    nbdir = tmp_path / "nb"
    nbdir.mkdir()
    nb = json.loads(json.dumps(TINY_NOTEBOOK))
    nb["cells"][1]["source"] += "\n1 / 0"
    write_notebook(nbdir / "01_tiny.ipynb", nb)
    before = tree_bytes(built["out"])
    proc = run_build("--notebooks", str(nbdir), "--out", str(built["out"]), "--formats", "html", "--lang", "en")
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and "ZeroDivisionError" in errors[0] and "01_tiny.ipynb cell" in errors[0]
    after = tree_bytes(built["out"])
    assert {k: v for k, v in after.items() if "/failed/" not in k} == before


def _path_without(tool: str, tmp_path: Path) -> str:
    """A PATH with every directory's programs but ``tool`` (symlinked into one folder)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for d in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(d):
            continue
        for name in os.listdir(d):
            if name != tool and not (bindir / name).exists():
                (bindir / name).symlink_to(Path(d) / name)
    return str(bindir)


def test_xelatex_missing_names_the_package(built, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _path_without("xelatex", tmp_path))
    before = tree_bytes(built["out"])
    proc = run_build("--notebooks", str(built["notebooks"]), "--out", str(built["out"]), "--formats", "pdf", "--force")
    assert proc.returncode == 1
    assert "xelatex not found" in proc.stderr and "texlive-xetex" in proc.stderr
    assert "executed" not in proc.stdout and tree_bytes(built["out"]) == before


def test_cjk_fonts_missing_names_the_package(built, tmp_path, monkeypatch):
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<dir>{tmp_path}</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    before = tree_bytes(built["out"])
    proc = run_build("--notebooks", str(built["notebooks"]), "--out", str(built["out"]), "--formats", "pdf", "--force")
    assert proc.returncode == 1
    assert "Noto Serif CJK SC" in proc.stderr and "fonts-noto-cjk" in proc.stderr
    assert tree_bytes(built["out"]) == before


def test_gbk_and_bom_files_are_valid_input(built, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    sources = data / "sources.csv"
    sources.write_bytes(sources.read_text(encoding="utf-8").encode("gb18030"))
    entities = data / "entities.csv"
    entities.write_bytes(b"\xef\xbb\xbf" + entities.read_bytes())
    out = tmp_path / "out"
    proc = run_build("--notebooks", str(built["notebooks"]), "--data-dir", str(data), "--out", str(out),
                     "--formats", "html", "--lang", "zh")
    assert proc.returncode == 0, proc.stderr
    assert "GB18030" in proc.stdout and "BOM" in proc.stdout
