#!/usr/bin/env python3
"""Time the report build against the loop a user would script by hand.

``make bench`` (= ``.venv/bin/python benchmarks/build.py``) runs, on this machine and in one go:

1. NAIVE: for each language (zh, en) and each notebook, the ``papermill`` CLI, then
   ``jupyter nbconvert --to html --no-input`` and ``jupyter nbconvert --to pdf --no-input`` with the
   project's XeLaTeX template (one HTML and one PDF per notebook, 18 CLI calls);
2. COLD: ``run_all.py --force`` into an empty output directory (3 notebooks x zh+en, HTML+PDF);
3. NO-OP: the same command again without ``--force`` (must say "up to date", start no kernel);
4. ONE-NOTEBOOK EDIT: a comment cell appended to ``03_structure.ipynb``, then a rebuild
   (must execute only 03_structure, once per language);
5. ONE DATA VALUE: one value in ``observations.csv`` changed, then a rebuild;
6. PEAK MEMORY: the largest sum of RSS over the whole process tree of the cold build,
   sampled every 0.05 s.

Everything runs on copies of ``notebooks/`` and ``data/`` in a temporary directory; the
repository is only read. Results: a table on stdout (seconds, min and median of ``--runs``; ratio of
medians to the naive loop), PASS/FAIL per target, the raw numbers in ``benchmarks/runs/*.json``
and, with ``--out-md``, the table in ``benchmarks/README.md``.

Exit code: 0 when every command ran (whatever the targets say), 1 when a measured command
failed, 2 on bad flags.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

try:
    import psutil
except ImportError:  # pragma: no cover - psutil is a pinned dependency of the project
    sys.exit("benchmarks/build.py needs psutil (it is in the project's dependencies: make setup)")

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "benchmarks"
README = BENCH_DIR / "README.md"
RUNS_DIR = BENCH_DIR / "runs"
VENV_BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "python").exists() else Path(sys.executable).parent
PYTHON = VENV_BIN / "python"

ZONE, PERIOD, LANGS = "caetdz", "2025H1", ("zh", "en")
EDITED_NOTEBOOK = "03_structure"
# The data edit: caetdz, 2015H1, fixed_asset_investment, 201.6 <-> 201.7 (alternating, so every run changes it).
DATA_ROW_PREFIX = "caetdz,2015H1,,fixed_asset_investment,,"
DATA_VALUES = ("201.6", "201.7")
SAMPLE_EVERY = 0.05  # seconds between RSS samples

STEPS = ("naive", "cold", "noop", "edit", "data")
BUSY_CORES = 0.25  # other processes using this much CPU, on average, make a step "busy"

# Issue 14's targets
TARGET_COLD_RATIO = 0.10
TARGET_EDIT_RATIO = 0.06
TARGET_DATA_RATIO = 0.10
TARGET_NOOP_SECONDS = 0.3
TARGET_PEAK_MB = 1024  # 1 GB, in MB of 2**20 bytes

MD_BEGIN = "<!-- bench:begin (written by benchmarks/build.py --out-md) -->"
MD_END = "<!-- bench:end -->"

PROGRESS_LINE = re.compile(r"^\[\s*([\d.]+)s\]\s+(.*)$")
EXECUTED = re.compile(r"executed (\d\d_[A-Za-z0-9_]+) \(([^/()\s]+)/([^/()\s]+)/([^/()\s]+)\)(?: in ([\d.]+)s)?")


# --------------------------------------------------------------------------- measuring


class TreeSampler(threading.Thread):
    """Sample the summed RSS of a process and all its descendants; note the kernels seen."""

    def __init__(self, pid: int, extra_roots: tuple[int, ...] = (), with_pss: bool = False):
        super().__init__(daemon=True)
        self.pid = pid
        self.extra_roots = extra_roots  # other process trees counted too (a Dask cluster)
        # PSS (proportional set size, from /proc/<pid>/smaps_rollup) counts a page shared by k
        # processes as 1/k in each: forked kernels share most of their pages with the template.
        self.with_pss = with_pss
        self.peak_pss = 0
        self.peak = 0
        self.cmdlines: dict[int, str] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            self._sample(root)
            self._halt.wait(SAMPLE_EVERY)

    def _sample(self, root: psutil.Process) -> None:
        try:
            procs = [root] + root.children(recursive=True)
        except psutil.Error:
            return
        for pid in self.extra_roots:
            try:
                extra = psutil.Process(pid)
                procs += [extra] + extra.children(recursive=True)
            except psutil.Error:
                pass
        total = pss = 0
        for p in procs:
            try:
                total += p.memory_info().rss
                if self.with_pss:
                    pss += p.memory_full_info().pss
                # Re-read until it names a kernel: a fresh child shows its parent's command line until it execs.
                # A warm kernel, forked from the kernel template, keeps the template's command line;
                # its name (comm) says "ipykernel".
                if "ipykernel" not in self.cmdlines.get(p.pid, ""):
                    self.cmdlines[p.pid] = f"{' '.join(p.cmdline())} [{p.name()}]"
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)
        self.peak_pss = max(self.peak_pss, pss)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    @property
    def kernels(self) -> int:
        """Distinct kernel processes seen (a kernel lives for seconds, so sampling catches it)."""
        return sum(1 for c in self.cmdlines.values() if "ipykernel" in c)


class CpuMeter:
    """CPU used on this machine by processes other than the benchmark, in cores on average.

    System-wide busy time (psutil) minus this process's and its reaped descendants' CPU time
    (os.times): close enough to tell a quiet machine from a busy one.
    """

    def __init__(self):
        self.wall = time.monotonic()
        self.sys = psutil.cpu_times()
        self.own = os.times()

    @staticmethod
    def _busy(t) -> float:
        return sum(getattr(t, f, 0.0) for f in ("user", "nice", "system", "irq", "softirq"))

    def result(self) -> dict:
        wall = time.monotonic() - self.wall
        now_sys, now_own = psutil.cpu_times(), os.times()
        busy = self._busy(now_sys) - self._busy(self.sys)
        ours = sum(now_own[i] - self.own[i] for i in range(4))  # user, system, children user, children system
        steal = getattr(now_sys, "steal", 0.0) - getattr(self.sys, "steal", 0.0)
        return {"wall": wall, "other_cores": max(0.0, (busy - ours) / wall) if wall else 0.0,
                "steal_cores": steal / wall if wall else 0.0, "loadavg": os.getloadavg()[0]}


SNAPSHOT: Path | None = None  # <work dir>/project: run_all.py and src/ copied at the start
USER_CACHE: Path | None = None  # <work dir>/user-cache: the builds' $XDG_CACHE_HOME


def machine_font_cut() -> Path | None:
    """This machine's chart-font cut folder (made now if missing: a once-per-machine step of
    `make setup`, like matplotlib's font cache), shared by the benchmark's caches."""
    subprocess.run([PYTHON, "-m", "zonereport.chartfonts"], env=subprocess_env(), capture_output=True)
    where = subprocess.run([PYTHON, "-c", "from zonereport.chartfonts import cache_dir; print(cache_dir())"],
                           env=subprocess_env(), capture_output=True, text=True).stdout.strip()
    return Path(where) if where and Path(where).is_dir() else None


def reset_user_cache(fonts: Path | None) -> None:
    """Empty the builds' user cache (remembered validations and XeLaTeX files), keeping only a
    link to this machine's chart-font cut: a cold build as on a machine that never built it."""
    assert USER_CACHE is not None
    shutil.rmtree(USER_CACHE, ignore_errors=True)
    (USER_CACHE / "zonereport").mkdir(parents=True)
    if fonts is not None:
        (USER_CACHE / "zonereport" / "fonts").symlink_to(fonts, target_is_directory=True)


def subprocess_env() -> dict:
    env = dict(os.environ)
    env.pop("ZONEREPORT_DATASET_CACHE", None)
    if SNAPSHOT is not None:  # the snapshot's package shadows the editable install of the checkout
        env["PYTHONPATH"] = os.pathsep.join([str(SNAPSHOT / "src")] + [p for p in [env.get("PYTHONPATH")] if p])
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("VIRTUAL_ENV", None)
    if USER_CACHE is not None:
        env["XDG_CACHE_HOME"] = str(USER_CACHE)
    return env


def timed(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run a command; return wall seconds, exit code, output, peak tree RSS (bytes), kernels seen."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=subprocess_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, errors="replace")
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    return {"seconds": seconds, "rc": proc.returncode, "stdout": out, "stderr": err,
            "peak_rss": sampler.peak, "kernels": sampler.kernels}


# --------------------------------------------------------------------------- workspace edits


def append_edit_cell(notebook: Path, n: int) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": f"benchmark-edit-{n}",
                        "metadata": {}, "outputs": [], "source": [f"# benchmark edit {n}"]})
    notebook.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def toggle_data_value(observations: Path) -> str:
    """Flip the one value between 201.6 and 201.7; return 'old -> new'."""
    raw = observations.read_bytes()
    lines = raw.decode("utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(DATA_ROW_PREFIX):
            fields = line[len(DATA_ROW_PREFIX):].split(",", 1)
            old = fields[0]
            if old not in DATA_VALUES:
                raise SystemExit(f"benchmark: unexpected value {old!r} in {observations} row {i + 1}")
            new = DATA_VALUES[1 - DATA_VALUES.index(old)]
            lines[i] = DATA_ROW_PREFIX + new + "," + fields[1]
            observations.write_bytes("\n".join(lines).encode("utf-8"))
            return f"{old} -> {new}"
    raise SystemExit(f"benchmark: no row starting {DATA_ROW_PREFIX!r} in {observations}")


# --------------------------------------------------------------------------- parsing run_all output


def progress_events(stdout: str) -> list[tuple[float, str]]:
    events = []
    for line in stdout.splitlines():
        m = PROGRESS_LINE.match(line.strip())
        if m:
            events.append((float(m.group(1)), m.group(2)))
    return events


def executed(stdout: str) -> list[dict]:
    out = []
    for t, msg in progress_events(stdout):
        m = EXECUTED.search(msg)
        if m:
            out.append({"t": t, "notebook": m.group(1), "lang": m.group(4),
                        "seconds": float(m.group(5)) if m.group(5) else None})
    return out


def phases(stdout: str, wall: float) -> dict:
    """Where a run_all build spends its time, from the timestamps of its progress lines."""
    ev = progress_events(stdout)

    def first(word):
        return next((t for t, m in ev if word in m), None)

    def last(word):
        ts = [t for t, m in ev if word in m]
        return max(ts) if ts else None

    ex = executed(stdout)
    t_validate, t_exec = first("validating data"), first("executing ")
    t_last_exec = max((e["t"] for e in ex), default=None)
    t_html, t_pdf = last("rendered HTML"), last("rendered PDF")
    t_done = first("done:")
    p: dict = {}
    if t_validate is not None:
        p["start-up, hashing, plan"] = t_validate  # from the progress clock's start; imports before it are in "outside"
    if t_validate is not None and t_exec is not None:
        p["data validation (+ dataset cache)"] = t_exec - t_validate
    if t_exec is not None and t_last_exec is not None:
        p[f"notebook execution ({len(ex)} notebooks, wall)"] = t_last_exec - t_exec
        first_done = min(ex, key=lambda e: e["t"])
        if first_done["seconds"] is not None:
            p["… of which before the first notebook's clock started (worker start, imports)"] = first_done["t"] - t_exec - first_done["seconds"]
        p["… sum of the per-notebook seconds (they overlap: --jobs in parallel)"] = sum(e["seconds"] or 0 for e in ex)
    if t_last_exec is not None and t_html is not None:
        p["HTML render (both languages, after execution)"] = t_html - t_last_exec
    if t_pdf is not None:
        start = t_html if t_html is not None else t_last_exec
        if start is not None:
            p["PDF render (LaTeX export + XeLaTeX)"] = t_pdf - start
    if t_done is not None:
        end_render = max([t for t in (t_html, t_pdf, t_last_exec) if t is not None], default=None)
        if end_render is not None:
            p["tables.xlsx, install, manifest"] = t_done - end_render
        p["outside the progress clock (interpreter start, imports, exit)"] = wall - t_done
    return p


# --------------------------------------------------------------------------- the steps


def naive_loop(ws: Path, run: int) -> dict:
    out_dir = ws / f"naive-{run}"
    out_dir.mkdir()
    nb_dir, data_dir = ws / "notebooks", ws / "data"
    templates = (SNAPSHOT or REPO) / "src" / "zonereport" / "templates"
    steps = {"papermill": 0.0, "nbconvert html": 0.0, "nbconvert pdf": 0.0}
    calls, failures, peak, kernels = 0, [], 0, 0
    pdfs_ok = 0
    started = time.perf_counter()
    for lang in LANGS:
        for src in sorted(nb_dir.glob("[0-9][0-9]_*.ipynb")):
            out = out_dir / f"{src.stem}.{lang}.ipynb"
            cmds = [
                ("papermill", [VENV_BIN / "papermill", src, out, "-p", "zone", ZONE, "-p", "period", PERIOD,
                               "-p", "lang", lang, "-p", "data_dir", data_dir, "-k", "python3", "--cwd", nb_dir]),
                ("nbconvert html", [VENV_BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", out]),
                ("nbconvert pdf", [VENV_BIN / "jupyter", "nbconvert", "--to", "pdf", "--no-input",
                                   f"--TemplateExporter.extra_template_basedirs={templates}",
                                   "--template", "zonereport_latex", out]),
            ]
            for kind, cmd in cmds:
                r = timed(cmd, cwd=out_dir)
                calls += 1
                steps[kind] += r["seconds"]
                peak = max(peak, r["peak_rss"])
                kernels += r["kernels"]
                if r["rc"] != 0:
                    tail = (r["stderr"].strip().splitlines() or [""])[-1]
                    failures.append(f"{kind} {src.stem} {lang}: exit {r['rc']}: {tail}")
                    if kind == "papermill":
                        break  # nothing to convert
                elif kind == "nbconvert pdf":
                    pdfs_ok += (out.with_suffix(".pdf")).exists()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "steps": steps, "calls": calls, "failures": failures, "pdfs_ok": pdfs_ok,
            "peak_rss": peak, "kernels": kernels}


def run_all(ws: Path, out: Path, *extra: str, jobs: int | None = None) -> dict:
    meter = CpuMeter()
    cmd = [PYTHON, (SNAPSHOT or REPO) / "run_all.py", "--out", out, "--notebooks", ws / "notebooks", "--data-dir", ws / "data", *extra]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    r = timed(cmd, cwd=ws)
    r["cpu"] = meter.result()
    r["executed"] = executed(r["stdout"])
    r["phases"] = phases(r["stdout"], r["seconds"])
    return r


def check(r: dict, label: str, problems: list[str]) -> None:
    if r["rc"] != 0:
        tail = " | ".join((r["stderr"].strip() or r["stdout"].strip()).splitlines()[-3:])
        problems.append(f"{label}: run_all.py exited {r['rc']}: {tail}")


def one_run(ws: Path, run: int, runs: int, jobs: int | None, say, fonts: Path | None = None) -> dict:
    res: dict = {"run": run, "problems": []}
    problems = res["problems"]

    def cold_build():
        out = ws / f"out-{run}"
        reset_user_cache(fonts)  # nothing remembered from earlier builds but the font cut
        r = run_all(ws, out, "--force", jobs=jobs)
        check(r, "cold", problems)
        missing = [f"{lang}/report.{f}" for lang in LANGS for f in ("html", "pdf")
                   if not (out / ZONE / PERIOD / lang / f"report.{f}").exists()]
        if missing:
            problems.append(f"cold: missing outputs {', '.join(missing)}")
        r["ok"] = r["rc"] == 0 and not missing
        say(f"  cold run_all.py --force  {r['seconds']:7.1f} s   peak {r['peak_rss'] / 2**20:,.0f} MB, "
            f"{len(r['executed'])} notebooks executed, {r['kernels']} kernels seen"
            f"{'' if r['ok'] else ', FAILED'}  (others used ≈ {r['cpu']['other_cores']:.2f} cores)")
        return out, r

    def naive():
        m = CpuMeter()
        n = naive_loop(ws, run)
        n["cpu"] = m.result()
        say(f"  naive loop ({n['calls']} CLI calls)  {n['seconds']:7.1f} s   "
            f"PDFs {n['pdfs_ok']}/{len(LANGS) * len(notebook_names(ws))}"
            + (f", {len(n['failures'])} failed call(s)" if n["failures"] else "")
            + f"  (others used ≈ {n['cpu']['other_cores']:.2f} cores)")
        problems.extend(f"naive: {f}" for f in n["failures"])
        return n

    say(f"run {run}/{runs}")
    # Alternate the order so slow drift of the machine does not favour one side.
    if run % 2:
        res["naive"] = naive()
        out, res["cold"] = cold_build()
    else:
        out, res["cold"] = cold_build()
        res["naive"] = naive()

    r = run_all(ws, ws / f"out-{run}-again", "--force", jobs=jobs)  # the same, into a new folder: the machine remembers
    check(r, "cold, machine cache", problems)
    r["ok"] = r["rc"] == 0
    res["cold_cached"] = r
    say(f"  cold, machine's cache    {r['seconds']:7.1f} s   (validated data and XeLaTeX files remembered from the cold build)")
    shutil.rmtree(ws / f"out-{run}-again", ignore_errors=True)

    r = run_all(ws, out, jobs=jobs)
    check(r, "no-op", problems)
    r["up_to_date"] = any(m.startswith("up to date") for _, m in progress_events(r["stdout"]))
    r["no_kernel"] = "executed" not in r["stdout"] and r["kernels"] == 0
    r["ok"] = r["rc"] == 0 and r["up_to_date"]
    if not r["up_to_date"]:
        problems.append("no-op: run_all.py did not print 'up to date'")
    res["noop"] = r
    say(f"  no-op rebuild            {r['seconds']:7.2f} s   up to date: {r['up_to_date']}, kernels: {r['kernels']}")

    append_edit_cell(ws / "notebooks" / f"{EDITED_NOTEBOOK}.ipynb", run)
    r = run_all(ws, out, jobs=jobs)
    check(r, "one-notebook edit", problems)
    ran = sorted((e["notebook"], e["lang"]) for e in r["executed"])
    r["only_edited"] = ran == sorted((EDITED_NOTEBOOK, lang) for lang in LANGS)
    r["ok"] = r["rc"] == 0
    res["edit"] = r
    say(f"  one-notebook edit        {r['seconds']:7.1f} s   executed: {', '.join(f'{n}/{lang}' for n, lang in ran) or 'none'}")

    change = toggle_data_value(ws / "data" / "observations.csv")
    r = run_all(ws, out, jobs=jobs)
    check(r, "one data value", problems)
    r["change"] = change
    r["ok"] = r["rc"] == 0
    res["data"] = r
    say(f"  one data value ({change})  {r['seconds']:5.1f} s   {len(r['executed'])} notebooks executed")
    for p in problems:
        say(f"  problem: {p}")
    shutil.rmtree(ws / f"naive-{run}", ignore_errors=True)
    return res


def take_snapshot(dest: Path) -> None:
    """Copy run_all.py and src/ so edits made to the checkout while the benchmark runs do not
    change the code under test (or invalidate the no-op build half-way)."""
    global SNAPSHOT
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "run_all.py", dest / "run_all.py")
    shutil.copytree(REPO / "src", dest / "src", ignore=shutil.ignore_patterns("*.egg-info", ".ipynb_checkpoints"))
    SNAPSHOT = dest
    where = subprocess.run([PYTHON, "-c", "import zonereport; print(zonereport.__file__)"], env=subprocess_env(),
                           capture_output=True, text=True).stdout.strip()
    if not where.startswith(str(dest)):
        raise SystemExit(f"benchmark: the snapshot's package is not the one imported ({where})")


def notebook_names(ws: Path) -> list[str]:
    return [p.stem for p in sorted((ws / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


# --------------------------------------------------------------------------- machine and report


def machine_info() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("papermill", "nbconvert", "nbclient", "pandas", "matplotlib"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        xelatex = subprocess.run(["xelatex", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        xelatex = "not found"
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.platform())
    except OSError:
        os_name = platform.platform()
    return {"cpus": os.cpu_count(), "cpu_model": model, "ram_gb": psutil.virtual_memory().total / 2**30,
            "python": platform.python_version(), "os": os_name, "versions": versions, "xelatex": xelatex,
            "git": _git_describe()}


def _git_describe() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "run_all.py"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" (+ uncommitted changes in src/)" if dirty else "")
    except OSError:
        return "unknown"


def _stats(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def summarise(results: list[dict]) -> dict:
    naive = [r["naive"]["seconds"] for r in results]
    naive_med = statistics.median(naive)
    rows = []

    def row(label, values, note, unit="s", steps=None):
        failed = sum(1 for st in steps or [] if not st.get("ok", True))
        if failed:
            note = f"FAILED in {failed} run(s); {note}"
        lo, med = _stats(values)
        rows.append({"label": label, "min": lo, "median": med, "ratio": med / naive_med if unit == "s" else None,
                     "unit": unit, "note": note, "values": list(values)})

    pdfs = min(r["naive"]["pdfs_ok"] for r in results)
    row("naive loop: 6 × (papermill CLI + nbconvert --to html + --to pdf)", naive,
        f"18 CLI calls; per-notebook PDFs built {pdfs}/6")
    cold_runs = [r["cold"] for r in results]
    row("run_all.py cold (--force, empty --out)", [c["seconds"] for c in cold_runs],
        f"{max(len(c['executed']) for c in cold_runs)} notebooks executed "
        f"({max(c['kernels'] for c in cold_runs)} kernels seen), 2 HTML + 2 PDF", steps=cold_runs)
    noop = [r["noop"] for r in results]
    row("no-op rebuild (nothing changed)", [c["seconds"] for c in noop],
        ("'up to date' every run" if all(c["up_to_date"] for c in noop) else "NOT up to date")
        + f", kernels seen {sum(c['kernels'] for c in noop)}", steps=noop)
    edit = [r["edit"] for r in results]
    ran = sorted({f"{e['notebook']}/{e['lang']}" for c in edit for e in c["executed"]})
    row(f"one-notebook edit ({EDITED_NOTEBOOK}, a comment cell appended)", [c["seconds"] for c in edit],
        f"executed {max(len(c['executed']) for c in edit)} notebook(s): {', '.join(ran) or 'none'}", steps=edit)
    data = [r["data"] for r in results]
    row("one data value changed (observations.csv)", [c["seconds"] for c in data],
        f"executed {max(len(c['executed']) for c in data)} notebook(s)", steps=data)
    cached = [r["cold_cached"] for r in results if "cold_cached" in r]
    if cached:
        row("cold into a new --out, with this machine's cache (validated data, XeLaTeX files)",
            [c["seconds"] for c in cached], "information: the targets use the cold row above", steps=cached)
    row("peak memory, cold build (sum of RSS, whole process tree)", [c["peak_rss"] / 2**20 for c in cold_runs],
        f"naive loop peak {max(r['naive']['peak_rss'] for r in results) / 2**20:,.0f} MB", unit="MB", steps=cold_runs)

    cold_ratio = rows[1]["median"] / naive_med
    targets = [
        (f"cold ≤ {TARGET_COLD_RATIO}× naive (ratio of medians)",
         cold_ratio <= TARGET_COLD_RATIO and all(c["ok"] for c in cold_runs),
         f"{cold_ratio:.2f}×" + ("" if all(c["ok"] for c in cold_runs) else " (the build FAILED)")),
        (f"no-op ≤ {TARGET_NOOP_SECONDS:.1f} s wall in every run and starts no kernel",
         max(c["seconds"] for c in noop) <= TARGET_NOOP_SECONDS and all(c["no_kernel"] and c["ok"] for c in noop),
         f"max {max(c['seconds'] for c in noop):.2f} s, kernels seen {sum(c['kernels'] for c in noop)}"),
        ("one-notebook edit reruns only that notebook, once per language",
         all(c["only_edited"] and c["ok"] for c in edit),
         f"executed {', '.join(ran) or 'none'}"),
        (f"one-notebook edit ≤ {TARGET_EDIT_RATIO}× naive (ratio of medians)",
         rows[3]["median"] / naive_med <= TARGET_EDIT_RATIO and all(c["ok"] for c in edit),
         f"{rows[3]['median'] / naive_med:.3f}×"),
        (f"one data value changed ≤ {TARGET_DATA_RATIO}× naive (ratio of medians)",
         rows[4]["median"] / naive_med <= TARGET_DATA_RATIO and all(c["ok"] for c in data),
         f"{rows[4]['median'] / naive_med:.3f}×"),
        (f"peak memory ≤ 1 GB ({TARGET_PEAK_MB} MB) in every run",
         max(c["peak_rss"] for c in cold_runs) / 2**20 <= TARGET_PEAK_MB and all(c["ok"] for c in cold_runs),
         f"max {max(c['peak_rss'] for c in cold_runs) / 2**20:,.0f} MB"),
    ]

    breakdown = {}
    for key in ("papermill", "nbconvert html", "nbconvert pdf"):
        breakdown[f"naive: {key} (6 calls)"] = statistics.median(r["naive"]["steps"][key] for r in results)
    cold_phases = [phases(r["cold"]["stdout"], r["cold"]["seconds"]) for r in results]
    names = []
    for ph in cold_phases:
        names += [k for k in ph if k not in names]
    for k in names:
        vals = [ph[k] for ph in cold_phases if k in ph]
        breakdown[f"cold: {k}"] = statistics.median(vals)
    load = {step: [r[step]["cpu"]["other_cores"] for r in results] for step in STEPS}
    load["steal"] = [max(r[step]["cpu"]["steal_cores"] for step in STEPS) for r in results]
    return {"rows": rows, "targets": targets, "breakdown": breakdown, "load": load, "naive_median": naive_med}


def fmt_table(summary: dict, runs: int) -> str:
    lines = ["| measurement | min | median | × naive (median) | every run | notes |", "|---|---:|---:|---:|---|---|"]
    for r in summary["rows"]:
        if r["unit"] == "s":
            each = ", ".join(f"{v:.2f}" if v < 10 else f"{v:.1f}" for v in r["values"])
            lines.append(f"| {r['label']} | {r['min']:.2f} s | {r['median']:.2f} s | {r['ratio']:.3f} | {each} | {r['note']} |")
        else:
            each = ", ".join(f"{v:,.0f}" for v in r["values"])
            lines.append(f"| {r['label']} | {r['min']:,.0f} MB | {r['median']:,.0f} MB | — | {each} | {r['note']} |")
    return "\n".join(lines)


def fmt_targets(summary: dict) -> str:
    return "\n".join(f"- **{'PASS' if ok else 'FAIL'}** {name}: {detail}" for name, ok, detail in summary["targets"])


def fmt_breakdown(summary: dict) -> str:
    lines = ["| step (median over runs) | seconds |", "|---|---:|"]
    lines += [f"| {k} | {v:.1f} |" for k, v in summary["breakdown"].items()]
    return "\n".join(lines)


def fmt_machine(m: dict, runs: int, when: str, jobs: int | None) -> str:
    v = m["versions"]
    return (f"{when}; {runs} run(s); run_all.py --jobs {jobs or 'default (' + str(m['cpus']) + ')'}; project at {m['git']}\n"
            f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['ram_gb']:.1f} GiB RAM, {m['os']}, Python {m['python']}\n"
            f"versions: papermill {v['papermill']}, nbconvert {v['nbconvert']}, nbclient {v['nbclient']}, "
            f"pandas {v['pandas']}, matplotlib {v['matplotlib']}; {m['xelatex']}")


def fmt_load(summary: dict, cpus: int) -> str:
    ld = summary["load"]
    per_step = "; ".join(f"{step} {', '.join(f'{v:.2f}' for v in ld[step])}" for step in STEPS)
    text = (f"CPU used by other processes on this {cpus}-core machine while each step ran, in cores, run by run: "
            f"{per_step} (CPU steal ≤ {max(ld['steal']):.2f})")
    busy = [f"run {i + 1} {step}" for step in STEPS for i, v in enumerate(ld[step]) if v >= BUSY_CORES]
    if busy:
        text += (f". **The machine was busy (≥ {BUSY_CORES} cores of other work) during: {', '.join(busy)}; "
                 "those times are inflated, compare within a run.**")
    else:
        text += ". The machine was otherwise idle."
    return text


def report(results: list[dict], machine: dict, when: str, jobs: int | None, out_md: bool, say) -> dict:
    """Print the tables; with out_md, write them into benchmarks/README.md instead."""
    summary = summarise(results)
    head = fmt_machine(machine, len(results), when, jobs)
    table, targets, breakdown = fmt_table(summary, len(results)), fmt_targets(summary), fmt_breakdown(summary)
    load = fmt_load(summary, machine["cpus"])
    if out_md:
        update_readme("\n\n".join(["```text\n" + head + "\n```", table, "Targets:\n\n" + targets,
                                    "Where the time goes:\n\n" + breakdown, "Machine load: " + load]))
    else:
        for part in ("", table, "", targets, "", breakdown, "", load):
            say(part)
    return summary


def update_readme(block: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Build benchmark\n"
    new = f"{MD_BEGIN}\n{block}\n{MD_END}"
    if MD_BEGIN in text and MD_END in text:
        head, rest = text.split(MD_BEGIN, 1)
        _, tail = rest.split(MD_END, 1)
        text = head + new + tail
    else:
        text = text.rstrip("\n") + "\n\n## Results\n\n" + new + "\n"
    README.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="benchmarks/build.py",
        description="Time run_all.py (cold, no-op, one-notebook edit, one data value, peak memory) against the "
                    "naive papermill + nbconvert CLI loop, on this machine, and check the targets.",
        epilog="examples:\n  make bench\n  .venv/bin/python benchmarks/build.py --runs 3 --out-md\n"
               "  .venv/bin/python benchmarks/build.py --quick\n"
               "  .venv/bin/python benchmarks/build.py --from-json benchmarks/runs/<stamp>.json --out-md\n\n"
               "exit codes: 0 every command ran (whatever the targets say); 1 a measured command failed; 2 bad flags",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3, help="repetitions of every measurement (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help="one run (same as --runs 1)")
    p.add_argument("--jobs", type=int, default=None, help="pass --jobs to run_all.py (default: run_all's own default)")
    p.add_argument("--out-md", action="store_true", help=f"write the results table into {README.relative_to(REPO)}")
    p.add_argument("--keep", action="store_true", help="keep the temporary work directory (outputs, logs) and print its path")
    p.add_argument("--from-json", metavar="FILE", type=Path, default=None,
                   help="measure nothing: print (and with --out-md, write) the tables of a saved benchmarks/runs/*.json")
    ns = p.parse_args(argv)
    if ns.quick:
        ns.runs = 1
    if ns.runs < 1:
        p.error("--runs must be 1 or more")
    return ns


def main(argv=None) -> int:
    global USER_CACHE
    argv = sys.argv[1:] if argv is None else argv
    if "--scale" in argv:  # the many-report benchmark: benchmarks/scale.py
        import scale

        return scale.main([a for a in argv if a != "--scale"])
    ns = parse_args(argv)
    if ns.from_json:
        saved = json.loads(ns.from_json.read_text(encoding="utf-8"))
        report(saved["runs"], saved["machine"], saved["when"], saved.get("jobs"), ns.out_md, print)
        return 0
    for tool in (PYTHON, VENV_BIN / "papermill", VENV_BIN / "jupyter"):
        if not Path(tool).exists():
            print(f"error: {tool} not found; run `make setup` first", file=sys.stderr)
            return 2
    os.environ.pop("ZONEREPORT_DATASET_CACHE", None)

    def say(msg):
        print(msg, flush=True)

    machine = machine_info()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    say(fmt_machine(machine, ns.runs, when, ns.jobs))
    ws = Path(tempfile.mkdtemp(prefix="zonereport-bench-"))
    shutil.copytree(REPO / "notebooks", ws / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(REPO / "data", ws / "data")
    take_snapshot(ws / "project")
    fonts = machine_font_cut()
    USER_CACHE = ws / "user-cache"
    reset_user_cache(fonts)
    say(f"work directory: {ws} (copies of notebooks/, data/, and run_all.py + src/ as of now; "
        f"user cache {USER_CACHE}, emptied before each cold build, chart-font cut {fonts or 'none'})")
    results = []
    started = time.monotonic()
    try:
        for run in range(1, ns.runs + 1):
            results.append(one_run(ws, run, ns.runs, ns.jobs, say, fonts))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        if ns.keep:
            say(f"kept {ws}")
        else:
            shutil.rmtree(ws, ignore_errors=True)
    total = time.monotonic() - started

    summary = report(results, machine, when, ns.jobs, False, say)
    say(f"benchmark took {total / 60:.1f} min")
    RUNS_DIR.mkdir(exist_ok=True)
    raw = RUNS_DIR / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    raw.write_text(json.dumps({"when": when, "machine": machine, "jobs": ns.jobs, "runs": results,
                               "summary": {k: v for k, v in summary.items() if k != "targets"},
                               "targets": [{"target": n, "pass": ok, "detail": d} for n, ok, d in summary["targets"]]},
                              indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    say(f"raw results: {raw.relative_to(REPO)}")
    if ns.out_md:
        report(results, machine, when, ns.jobs, True, lambda _: None)
        say(f"updated {README.relative_to(REPO)}")
    problems = [p for r in results for p in r["problems"]]
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
