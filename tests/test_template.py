"""The report is a template: nothing in the package or the notebooks knows one place, company or
period; the words of one zone live in data/ and the message catalogs."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from .conftest import DATA, FIXTURE, ROOT

SRC = ROOT / "src" / "zonereport"
WORDS = ["汽车", "一汽", "汽开区", "长春", "吉林", "主机厂", "零部件"]
WORDS_CI = ["auto", "automotive", "automaker", "FAW", "Changchun", "Jilin", "Hongqi", "vehicle", "car", "cars"]


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(open(path, encoding="utf-8")))


def forbidden_names() -> tuple[set[str], set[str]]:
    """(entity ids, names) of every entity in the real data and the fixture, and every period id."""
    ids, names = set(), set()
    for folder in (DATA, FIXTURE):
        for e in _rows(folder / "entities.csv"):
            ids.add(e["entity_id"])
            if e["kind"] != "country":  # a country's name appears in citations of its statistics office
                names |= {e["name_zh"], e["name_en"], e["short_zh"], e["short_en"]} - {""}
    return ids, names


def period_ids() -> set[str]:
    return {o["period"] for folder in (DATA, FIXTURE) for o in _rows(folder / "observations.csv")} - {"undated"}


def _docstring_lines(tree) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines |= set(range(first.lineno, first.end_lineno + 1))
    return lines


def code_texts() -> list[tuple[str, int, str, bool]]:
    """(file, line, text, is_docstring) for every string, comment and name in the package's
    Python, its templates, and the notebooks' cells other than the parameters cell."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        doc = _docstring_lines(ast.parse(source))
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in (tokenize.STRING, tokenize.COMMENT, tokenize.NAME):
                if path.name == "config.py" and tok.string.strip("\"'") in ("caetdz", "2025H1"):
                    continue  # the one config entry for the default report
                out.append((str(path.relative_to(ROOT)), tok.start[0], tok.string, tok.start[0] in doc))
    for path in sorted(SRC.rglob("*.j2")) + sorted(SRC.rglob("*.css")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            out.append((str(path.relative_to(ROOT)), n, line, False))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for n, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if "parameters" not in cell.get("metadata", {}).get("tags", []):
                out.append((str(path.relative_to(ROOT)), n, "".join(cell["source"]), False))
    return out


TEXTS = code_texts()


def test_the_scan_reads_the_package():
    assert len(TEXTS) > 2000 and any(f.endswith("compute/growth.py") for f, *_ in TEXTS)


def test_no_place_company_or_industry_word_in_code_or_notebooks():
    ids, names = forbidden_names()
    found = []
    for f, line, text, _doc in TEXTS:
        for word in WORDS + sorted(names, key=len, reverse=True):
            if word and word in text:
                found.append((f, line, word))
        for word in WORDS_CI:
            if word == "auto" and f.endswith(".css"):
                continue  # the CSS keyword
            if re.search(rf"(?<![A-Za-z_]){re.escape(word)}(?![A-Za-z])", text, flags=re.IGNORECASE):
                found.append((f, line, word))
        for entity in ids:
            if re.search(rf"(?<![A-Za-z0-9_]){re.escape(entity)}(?![A-Za-z0-9_])", text):
                found.append((f, line, entity))
    assert found == []


def test_no_period_of_the_data_outside_docstring_examples():
    periods = period_ids()
    found = [(f, line, p) for f, line, text, doc in TEXTS if not doc for p in periods
             if re.search(rf"(?<![0-9A-Za-z]){re.escape(p)}(?![0-9A-Za-z-])", text)]
    assert found == []


@pytest.mark.parametrize("word", ["汽车", "Changchun", "hongqi"])
def test_the_scan_would_catch_a_place_in_code(word, tmp_path):
    """The scanner itself: a planted word in a string is found."""
    texts = [("x.py", 1, f'label = "{word} figures"', False)]
    ids, names = forbidden_names()
    hits = [w for _, _, text, _ in texts for w in WORDS + sorted(names) + sorted(ids) + WORDS_CI
            if re.search(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])", text, flags=re.IGNORECASE)]
    assert hits
