"""Shared fixtures. The real report is built once per test session (zh + en, HTML + PDF) into a
temporary directory; build-machinery tests use a tiny notebook project instead."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check values, not speed: no per-example deadline (a loaded 2-core machine made a
# 200 ms deadline flaky).
settings.register_profile("zonereport", deadline=None)
settings.load_profile("zonereport")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE = ROOT / "tests" / "fixtures" / "harbor"  # an invented zone (TEST DATA), see its README
RUN_ALL = ROOT / "run_all.py"


def run_build(*args: str, timeout: int = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would (``env``: variables added to the environment)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run([sys.executable, str(RUN_ALL), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """An empty user cache for this test's builds (validated data, remembered XeLaTeX files),
    sharing only the machine's chart-font cut (made once, ~10 s); returns the cache folder."""
    from zonereport.config import user_cache_dir

    fonts = user_cache_dir() / "fonts"
    base = tmp_path / "xdg-cache"
    (base / "zonereport").mkdir(parents=True)
    if fonts.is_dir():
        (base / "zonereport" / "fonts").symlink_to(fonts, target_is_directory=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    return base / "zonereport"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The default report, built once: returns the output root."""
    out = tmp_path_factory.mktemp("reports")
    proc = run_build("--out", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


TINY_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": None, "outputs": [], "id": "p",
         "source": 'zone = "caetdz"\nperiod = "2025H1"\nlang = "zh"\ndata_dir = "../data"'},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "b",
         "source": "from zonereport.report import Report\n"
                   "rep = Report(section=1, zone=zone, period=period, lang=lang, data_dir=data_dir)\n"
                   "rep.heading(rep.t('growth.title'))\n"
                   "rep.paragraph(rep.zone_name(full=True))"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def write_notebook(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def tiny_project(tmp_path):
    """A notebooks directory with one fast notebook, a copy of the data, and an output root."""
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    write_notebook(nbdir / "01_tiny.ipynb", TINY_NOTEBOOK)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "out"
    return {"notebooks": nbdir, "data": data, "out": out, "root": tmp_path}


def tiny_args(p: dict, *extra: str) -> list[str]:
    return ["--notebooks", str(p["notebooks"]), "--data-dir", str(p["data"]), "--out", str(p["out"]), *extra]


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root (but the lock), for byte-identical comparisons."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".build.lock"}
