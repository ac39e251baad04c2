"""Warm kernels: every notebook runs in its own kernel, forked from the build's kernel template
(which has the libraries imported), so no state passes from one notebook to the next, a kernel
that dies takes nothing else with it, and the executed notebooks are the ones a kernel started
the ordinary way gives."""

from __future__ import annotations

import json
import re
import shutil

from zonereport.builder.pipeline import COLD_KERNELS_ENV

from ..conftest import DATA, ROOT, TINY_NOTEBOOK, run_build, tiny_args, write_notebook

# Prints, as one JSON line, what a kernel can see of its neighbours and of its parent process.
PROBE = """import json, os, zonereport
with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
    parent = f.read().replace(b"\\0", b" ").decode()
with open(f"/proc/{os.getppid()}/stat") as f:
    grandparent = int(f.read().rsplit(")", 1)[1].split()[1])
from ipykernel.connect import get_connection_info
print(json.dumps({"pid": os.getpid(), "parent_pid": os.getppid(), "parent": parent, "cwd": os.getcwd(),
                  "transport": get_connection_info(unpack=True)["transport"],
                  "grandparent_pid": grandparent,
                  "global_seen": "LEFT_BY_01" in globals(),
                  "module_attr_seen": hasattr(zonereport, "left_by_01")}))"""

SET_STATE = """LEFT_BY_01 = "a global of notebook 01"
import zonereport
zonereport.left_by_01 = True  # module state, too"""


def notebook(*extra_cells: str) -> dict:
    nb = json.loads(json.dumps(TINY_NOTEBOOK))
    for i, source in enumerate(extra_cells):
        nb["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                            "id": f"x{i}", "source": source})
    return nb


def probes(report_dir, name) -> list[dict]:
    nb = json.loads((report_dir / "executed" / f"{name}.ipynb").read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                found += [json.loads(line) for line in "".join(out["text"]).splitlines() if line.startswith("{")]
    return found


def test_no_state_passes_between_notebooks_and_kernels_come_from_the_template(tiny_project):
    p = tiny_project
    write_notebook(p["notebooks"] / "01_tiny.ipynb", notebook(SET_STATE, PROBE))
    write_notebook(p["notebooks"] / "02_tiny.ipynb", notebook(PROBE))
    proc = run_build(*tiny_args(p, "--formats", "html", "--jobs", "2"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    seen = []
    for lang in ("zh", "en"):
        report = p["out"] / "caetdz" / "2025H1" / lang
        first, second = probes(report, "01_tiny"), probes(report, "02_tiny")
        assert len(first) == len(second) == 1
        assert first[0]["global_seen"] and first[0]["module_attr_seen"]  # the probe can see state...
        assert not second[0]["global_seen"], "a global of notebook 01 reached notebook 02"
        assert not second[0]["module_attr_seen"], "module state of notebook 01 reached notebook 02"
        assert first[0]["cwd"] == second[0]["cwd"] == str(p["notebooks"])  # as with papermill's own cwd
        # Unix sockets, not TCP ports another build could take between their choice and their use
        assert first[0]["transport"] == second[0]["transport"] == "ipc"
        seen += first + second
    assert len({s["pid"] for s in seen}) == 4, "each notebook must have its own kernel process"
    assert all("zonereport.builder.kernel_template" in s["parent"] for s in seen), [s["parent"] for s in seen]
    assert len({s["parent_pid"] for s in seen}) == 1  # one template for the build
    # the executions ran on threads of the build itself (the template's parent), not in pool workers
    build_pid = seen[0]["grandparent_pid"]
    assert {int(x) for x in re.findall(r"\[pid (\d+)\]", proc.stdout)} == {build_pid}, proc.stdout


def test_a_kernel_that_dies_does_not_touch_the_next_one(tiny_project):
    p = tiny_project
    crash = 'import os\nif lang == "zh":\n    os._exit(3)'
    write_notebook(p["notebooks"] / "01_tiny.ipynb", notebook(crash, PROBE))
    write_notebook(p["notebooks"] / "02_tiny.ipynb", notebook(PROBE))
    proc = run_build(*tiny_args(p, "--formats", "html", "--jobs", "1"))  # one after another: zh first
    assert proc.returncode == 1
    assert "01_tiny.ipynb cell 3: the kernel died" in proc.stderr, proc.stderr
    assert not (p["out"] / "caetdz" / "2025H1" / "zh" / "report.html").exists()
    en = p["out"] / "caetdz" / "2025H1" / "en"
    assert (en / "report.html").is_file(), proc.stdout + proc.stderr
    after = probes(en, "01_tiny") + probes(en, "02_tiny")
    assert len(after) == 2 and all("zonereport.builder.kernel_template" in s["parent"] for s in after)


def test_warm_and_cold_kernels_give_byte_identical_executed_notebooks(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    common = ["--notebooks", str(tmp_path / "notebooks"), "--data-dir", str(tmp_path / "data"),
              "--lang", "en", "--formats", "html", "--jobs", "2"]
    warm = run_build(*common, "--out", str(tmp_path / "warm"))
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert "kernels forked from a template" in warm.stdout
    cold = run_build(*common, "--out", str(tmp_path / "cold"), env={COLD_KERNELS_ENV: "1"})
    assert cold.returncode == 0, cold.stdout + cold.stderr
    assert "kernels forked from a template" not in cold.stdout
    names = sorted(p.name for p in (tmp_path / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(names) >= 3
    charts = 0
    for name in names:
        a = (tmp_path / "warm" / "caetdz" / "2025H1" / "en" / "executed" / name).read_bytes()
        b = (tmp_path / "cold" / "caetdz" / "2025H1" / "en" / "executed" / name).read_bytes()
        assert a == b, f"{name}: the warm kernel's notebook differs from the cold kernel's"
        charts += a.count(b'"application/pdf"')  # each chart: a vector PDF (and its SVG in the HTML)
    assert charts, "no chart was compared"
