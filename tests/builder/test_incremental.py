"""The build machinery on a tiny project: outputs, manifest, incremental rebuilds, --force."""

from __future__ import annotations

import json

from ..conftest import run_build, tiny_args


def manifest(p, lang="zh"):
    return json.loads((p["out"] / "caetdz" / "2025H1" / lang / "manifest.json").read_text())


def test_build_then_noop_then_data_change_then_force(tiny_project):
    p = tiny_project
    first = run_build(*tiny_args(p, "--formats", "html", "--lang", "zh"))
    assert first.returncode == 0, first.stderr
    assert "executed 01_tiny" in first.stdout
    html = (p["out"] / "caetdz" / "2025H1" / "zh" / "report.html").read_text(encoding="utf-8")
    assert "长春汽车经济技术开发区" in html
    assert (p["out"] / "caetdz" / "2025H1" / "zh" / "executed" / "01_tiny.ipynb").exists()

    again = run_build(*tiny_args(p, "--formats", "html", "--lang", "zh"))
    assert again.returncode == 0 and "up to date" in again.stdout and "executed" not in again.stdout

    # the README is not an input; the data are
    (p["data"] / "README.md").write_text("changed", encoding="utf-8")
    assert "up to date" in run_build(*tiny_args(p, "--formats", "html", "--lang", "zh")).stdout
    obs = p["data"] / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",598.8,", ",612.3,"), encoding="utf-8")
    changed = run_build(*tiny_args(p, "--formats", "html", "--lang", "zh"))
    assert changed.returncode == 0 and "executed 01_tiny" in changed.stdout

    forced = run_build(*tiny_args(p, "--formats", "html", "--lang", "zh", "--force"))
    assert forced.returncode == 0 and "executed 01_tiny" in forced.stdout


def test_invalid_data_stop_the_build_before_any_notebook_and_keep_the_report(tiny_project):
    from ..conftest import tree_bytes

    p = tiny_project
    assert run_build(*tiny_args(p, "--formats", "html", "--lang", "zh")).returncode == 0
    before = tree_bytes(p["out"])
    obs = p["data"] / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",598.8,", ",598.8%,"), encoding="utf-8")
    proc = run_build(*tiny_args(p, "--formats", "html", "--lang", "zh"))
    assert proc.returncode == 2
    assert "observations.csv row" in proc.stderr and "'598.8%'" in proc.stderr and "value" in proc.stderr
    assert "executed" not in proc.stdout
    assert tree_bytes(p["out"]) == before


def test_the_no_op_path_imports_no_heavy_library(tiny_project):
    import subprocess
    import sys

    from ..conftest import ROOT

    p = tiny_project
    assert run_build(*tiny_args(p, "--formats", "html", "--lang", "en")).returncode == 0
    proc = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "run_all.py"),
                           *tiny_args(p, "--formats", "html", "--lang", "en")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "up to date" in proc.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    for heavy in ("pandas", "frictionless", "papermill", "nbformat", "nbconvert", "matplotlib"):
        assert heavy not in imported, f"the no-op path imported {heavy}"


def test_only_reruns_a_subset_and_keeps_the_other_sections(tiny_project):
    import json as _json

    from ..conftest import TINY_NOTEBOOK, write_notebook

    p = tiny_project
    second = _json.loads(_json.dumps(TINY_NOTEBOOK))
    second["cells"][1]["source"] = second["cells"][1]["source"].replace("section=1", "section=2").replace(
        "growth.title", "structure.title")
    write_notebook(p["notebooks"] / "02_tiny.ipynb", second)
    assert run_build(*tiny_args(p, "--formats", "html", "--lang", "en")).returncode == 0
    for name in ("01_tiny", "02_tiny"):  # both edited; only 02 is asked for
        nb = _json.loads((p["notebooks"] / f"{name}.ipynb").read_text(encoding="utf-8"))
        nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "id": "x",
                            "source": "# an edit"})
        write_notebook(p["notebooks"] / f"{name}.ipynb", nb)
    only = run_build(*tiny_args(p, "--formats", "html", "--lang", "en", "--only", "02"))
    assert only.returncode == 0, only.stderr
    assert "executed 02_tiny" in only.stdout and "executed 01_tiny" not in only.stdout
    html = (p["out"] / "caetdz" / "2025H1" / "en" / "report.html").read_text(encoding="utf-8")
    assert 'id="sec-1"' in html and 'id="sec-2"' in html  # the section not run is still in the report
    full = run_build(*tiny_args(p, "--formats", "html", "--lang", "en"))
    assert "executed 01_tiny" in full.stdout and "executed 02_tiny" not in full.stdout


def test_many_reports_build_with_a_summary_and_their_no_op_stays_light(tiny_project):
    import subprocess
    import sys

    from ..conftest import ROOT

    p = tiny_project
    args = tiny_args(p, "--formats", "html", "--lang", "en", "--zone", "all", "--period", "all")
    first = run_build(*args)
    assert first.returncode == 0, first.stderr
    assert "[####################]" in first.stdout  # the progress bar reaches the end
    table = first.stdout[first.stdout.index("zone "):].splitlines()
    assert table[0].split() == ["zone", "period", "lang", "status"]
    rows = {tuple(line.split()[:2]): line.split()[-1] for line in table[1:]}
    assert rows[("caetdz", "2025H1")] == "built" and rows[("caetdz", "2015H1")] == "built"
    again = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "run_all.py"), *args],
                           capture_output=True, text=True, cwd=ROOT)
    built = sum(status == "built" for status in rows.values())
    assert built == len(rows) and built >= 3  # every buildable zone, city and province, each period
    assert again.returncode == 0 and f"up to date: {built} report(s)" in again.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert "pandas" not in imported and "frictionless" not in imported
