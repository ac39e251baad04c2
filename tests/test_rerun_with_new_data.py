"""An analyst reruns the report with new data: the data README's walk-through, and changed values."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess

import pytest

from .conftest import DATA, run_build

pytestmark = pytest.mark.slow


def append_rows(path, rows):
    with open(path, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def test_readme_walkthrough_add_a_new_period(tmp_path):
    """data/README.md, 'add a new period for this zone': a source, the rows, then --period 2025."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    append_rows(data / "sources.csv", [{
        "source_id": "test_bulletin_2026", "title": "测试公报（测试用）", "author": "not stated",
        "publisher": "测试发布者", "date": "2026-02-10", "address": "", "grade": "official", "language": "zh",
    }])
    quote = "2025年，汽开区实现地区生产总值1234.5亿元，同比增长4.4%，对全市GDP增长贡献率达到16.6%。"
    base = {"entity_id": "caetdz", "period": "2025", "price_basis": "not_stated", "qualifier": "exact",
            "vintage": "preliminary", "release_date": "2026-02-10", "source_id": "test_bulletin_2026", "quote": quote}
    append_rows(data / "observations.csv", [
        {**base, "indicator_id": "gdp", "value": "1234.5", "unit": "亿元"},
        {**base, "indicator_id": "gdp_growth", "value": "4.4", "unit": "%"},
        {**base, "indicator_id": "gdp_contribution_rate", "relative_to": "changchun", "value": "16.6", "unit": "%"},
    ])
    listed = run_build("--list", "--data-dir", str(data))
    assert any(line.split()[:2] == ["caetdz", "2025"] for line in listed.stdout.splitlines())
    out = tmp_path / "out"
    proc = run_build("--period", "2025", "--data-dir", str(data), "--out", str(out), "--formats", "html", "--lang", "zh")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (out / "caetdz" / "2025" / "zh" / "report.html").read_text(encoding="utf-8")
    assert "2025年" in html and "1234.5亿元" in html and "4.4%" in html and "16.6%" in html
    assert "未公布" in html  # what the new period lacks says so, never "nan"
    assert ">nan<" not in html.lower()


def change(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_values_show_in_html_and_pdf_and_the_old_ones_do_not(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    obs = data / "observations.csv"
    # an analyst corrects three figures, value and quote alike
    change(obs, "598.8", "612.3")
    change(obs, "对全市GDP增长贡献率达到15.4%", "对全市GDP增长贡献率达到17.2%")
    change(obs, "gdp_contribution_rate,changchun,15.4,", "gdp_contribution_rate,changchun,17.2,")
    change(obs, "对全市规模以上工业增长贡献率达32.7%", "对全市规模以上工业增长贡献率达35.1%")
    change(obs, "industrial_va_above_size_contribution_rate,changchun,32.7,", "industrial_va_above_size_contribution_rate,changchun,35.1,")
    out = tmp_path / "out"
    proc = run_build("--data-dir", str(data), "--out", str(out), "--lang", "zh")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    d = out / "caetdz" / "2025H1" / "zh"
    html = re.sub(r"<[^>]+>", " ", (d / "report.html").read_text(encoding="utf-8"))
    html = re.sub(r'base64,[A-Za-z0-9+/=]+', " ", html)
    pdf = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(d / "report.pdf"), "-"], capture_output=True,
                                            text=True, check=True).stdout)
    for text in (html, pdf):
        for new in ("612.3", "17.2", "35.1"):
            assert new in text, new
        for old in ("598.8", "贡献率为15.4%", "32.7%"):  # 15.4% alone is also a Jiefang growth rate
            assert old not in text, old
