"""Parallel and distributed execution give the same reports as a serial build; what invalidates
a report (package code, templates) and what does not."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

from zonereport.builder import inputs, pipeline

from ..conftest import ROOT, TINY_NOTEBOOK, run_build, tiny_args, write_notebook


def two_notebooks(p):
    second = json.loads(json.dumps(TINY_NOTEBOOK))
    second["cells"][1]["source"] = second["cells"][1]["source"].replace("section=1", "section=2")
    write_notebook(p["notebooks"] / "02_tiny.ipynb", second)


def normalised_html(path):
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "<built>", html)  # build time in the record
    html = re.sub(r"data:text/csv;charset=utf-8;base64,[^\"]+", "<csv>", html)  # the record's CSV holds both
    return re.sub(r"run_all\.py [^<]*", "run_all.py <args>", html)  # the command line differs


def test_parallel_build_equals_serial_build(tiny_project, tmp_path):
    p = tiny_project
    two_notebooks(p)
    serial = run_build(*tiny_args(p, "--formats", "html", "--jobs", "1"))
    assert serial.returncode == 0, serial.stderr
    parallel_out = tmp_path / "parallel"
    parallel = run_build("--notebooks", str(p["notebooks"]), "--data-dir", str(p["data"]), "--out", str(parallel_out),
                         "--formats", "html", "--jobs", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert "2 parallel jobs" in parallel.stdout
    for lang in ("zh", "en"):
        a = p["out"] / "caetdz" / "2025H1" / lang
        b = parallel_out / "caetdz" / "2025H1" / lang
        for nb in ("01_tiny.ipynb", "02_tiny.ipynb"):
            assert json.loads((a / "executed" / nb).read_text()) == json.loads((b / "executed" / nb).read_text())
        assert normalised_html(a / "report.html") == normalised_html(b / "report.html")


def without_build_time(html: str) -> str:
    """Replace dates (the build time) everywhere, also inside the embedded CSV of the record."""
    import base64

    def decode(m):
        return "data:text/csv," + base64.b64decode(m.group(1)).decode("utf-8")

    html = re.sub(r"data:text/csv;charset=utf-8;base64,([^\"]+)", decode, html)
    return re.sub(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?", "<date>", html)


def test_builds_from_the_same_inputs_give_identical_html_apart_from_the_build_time(tiny_project):
    p = tiny_project
    report = p["out"] / "caetdz" / "2025H1" / "en"
    assert run_build(*tiny_args(p, "--formats", "html", "--lang", "en")).returncode == 0
    first = (report / "report.html").read_text(encoding="utf-8")
    (report / "manifest.json").unlink()  # the same command must rebuild
    rebuilt = run_build(*tiny_args(p, "--formats", "html", "--lang", "en"))
    assert rebuilt.returncode == 0 and "executed 01_tiny" in rebuilt.stdout
    second = (report / "report.html").read_text(encoding="utf-8")
    assert without_build_time(first) == without_build_time(second)
    assert "run_all.py --notebooks" in first  # the record names the command


def plan_keys(package_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(inputs, "PACKAGE_DIR", package_dir)
    opts = SimpleNamespace(data_dir=ROOT / "data", notebooks=inputs.discover(ROOT / "notebooks"), langs=["zh"],
                           formats=["html"], out=tmp_path / "out", force=False)
    targets, _ = pipeline.plan(opts, [("caetdz", "2025H1")], tmp_path / "stage")
    return targets[0].notebook_keys, targets[0].report_key


def test_package_and_template_edits_invalidate_reports_but_other_files_do_not(monkeypatch, tmp_path):
    package = tmp_path / "zonereport"
    shutil.copytree(ROOT / "src" / "zonereport", package, ignore=shutil.ignore_patterns("__pycache__"))
    keys, report = plan_keys(package, monkeypatch, tmp_path)
    (package / "notes.txt").write_text("not an input", encoding="utf-8")
    assert plan_keys(package, monkeypatch, tmp_path) == (keys, report)
    css = package / "templates" / "zonereport_html" / "report.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edit */\n", encoding="utf-8")
    keys2, report2 = plan_keys(package, monkeypatch, tmp_path)
    assert report2 != report and keys2 != keys
    fmt = package / "locale.py"
    fmt.write_text(fmt.read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
    keys3, _ = plan_keys(package, monkeypatch, tmp_path)
    assert all(keys3[k] != keys2[k] for k in keys3)


def test_dask_scheduler_runs_the_notebooks_in_worker_processes(tiny_project):
    distributed = pytest.importorskip("distributed")
    p = tiny_project
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
        proc = subprocess.Popen([sys.executable, str(ROOT / "run_all.py"), *tiny_args(p, "--formats", "html"),
                                 "--scheduler", cluster.scheduler_address],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, out + err
    assert "Dask scheduler" in out
    pids = {int(x) for x in re.findall(r"\[pid (\d+)\]", out)}
    assert len(re.findall(r"executed 01_tiny", out)) == 2  # zh and en
    assert pids and proc.pid not in pids and pids <= worker_pids
    for lang in ("zh", "en"):
        assert (p["out"] / "caetdz" / "2025H1" / lang / "report.html").exists()


def test_unreachable_scheduler_is_one_clear_line(tiny_project):
    pytest.importorskip("distributed")
    proc = run_build(*tiny_args(tiny_project, "--formats", "html", "--scheduler", "tcp://127.0.0.1:9"))
    assert proc.returncode == 2
    assert "--scheduler tcp://127.0.0.1:9: cannot connect" in proc.stderr and "Traceback" not in proc.stderr
