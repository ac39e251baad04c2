#!/usr/bin/env python3
"""How the build's cost grows with the number of reports: N = 1, 4, 16, 64 report pairs.

``make bench ARGS=--scale`` (= ``.venv/bin/python benchmarks/scale.py``) writes, in a temporary
directory, a copy of data/ with synthetic zones (benchmarks/synthetic_data.py; never data/ itself),
then for each N and each scheduler runs, into an empty output folder,

    run_all.py --data-dir <copy> --zone bench_zone_001,…,bench_zone_N --period 2025H1 --jobs 2
               [--scheduler tcp://… of a Dask LocalCluster with 2 workers, 1 thread each]

(zh + en, HTML + PDF: 2N reports) and records the wall seconds, reports per minute and the peak
of the summed RSS of the whole process tree (run_all.py and its descendants, plus the Dask
cluster's processes for the Dask rows). It prints a table, fits seconds = a + b·N (b: seconds per
report pair) and, with ``--out-md``, writes the table and a PNG plot into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # noqa: E402  (benchmarks/build.py: machine info, process-tree sampler, environment)
import synthetic_data  # noqa: E402

PERIOD = "2025H1"
PLOT = build.BENCH_DIR / "scale.png"
MD_BEGIN = "<!-- scale:begin (written by benchmarks/scale.py --out-md) -->"
MD_END = "<!-- scale:end -->"
CLUSTER = """
import sys
from distributed import LocalCluster
cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
cluster.close()
"""


class DaskCluster:
    """A LocalCluster (2 worker processes, 1 thread each) in its own process."""

    def __init__(self):
        self.proc = subprocess.Popen([str(build.PYTHON), "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, env=build.subprocess_env())
        self.address = self.proc.stdout.readline().strip()
        if not self.address.startswith("tcp://"):
            raise SystemExit("benchmark: the Dask LocalCluster did not start")

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


FONTS: Path | None = None  # this machine's chart-font cut, linked into each build's user cache


def measure(data: Path, out: Path, n: int, jobs: int, cluster: DaskCluster | None) -> dict:
    notebooks = data.parent / "notebooks"
    zones = ",".join(synthetic_data.zone_ids(n))
    cmd = [str(build.PYTHON), str((build.SNAPSHOT or build.REPO) / "run_all.py"), "--data-dir", str(data), "--zone", zones,
           "--period", PERIOD, "--notebooks", str(notebooks), "--out", str(out), "--jobs", str(jobs), "--quiet"]
    if cluster:
        cmd += ["--scheduler", cluster.address]
    build.reset_user_cache(FONTS)  # every build as on a machine that never built these reports
    meter = build.CpuMeter()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=build.subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    sampler = build.TreeSampler(proc.pid, (cluster.proc.pid,) if cluster else (), with_pss=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    built = sum(1 for z in synthetic_data.zone_ids(n) for lang in ("zh", "en") for f in ("html", "pdf")
                if (out / z / PERIOD / lang / f"report.{f}").is_file())
    return {"n": n, "scheduler": "dask" if cluster else "local", "seconds": seconds, "rc": proc.returncode,
            "outputs": built, "expected": 4 * n, "peak_rss": sampler.peak, "peak_pss": sampler.peak_pss, "kernels": sampler.kernels,
            "cpu": meter.result(), "stderr": stderr[-2000:]}


def fit(rows: list[dict]) -> tuple[float, float]:
    """Least squares seconds = a + b·N."""
    xs, ys = [r["n"] for r in rows], [r["seconds"] for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def table(rows: list[dict]) -> str:
    lines = ["| scheduler | N (report pairs) | reports | seconds | reports / min | s per pair | per pair ÷ N=1 | peak MB (RSS) | peak MB (PSS) | other load (cores) | ok |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    base = {r["scheduler"]: r["seconds"] for r in rows if r["n"] == 1}
    for r in rows:
        per = r["seconds"] / r["n"]
        rel = f"{per / base[r['scheduler']]:.2f}" if r["scheduler"] in base else "—"
        pss = f"{r['peak_pss'] / 2**20:,.0f}" if r.get("peak_pss") else "—"
        ok = "yes" if r["rc"] == 0 and r["outputs"] == r["expected"] else f"NO (exit {r['rc']}, {r['outputs']}/{r['expected']} files)"
        lines.append(f"| {r['scheduler']} | {r['n']} | {2 * r['n']} | {r['seconds']:.1f} | {120 * r['n'] / r['seconds']:.1f} | "
                     f"{per:.1f} | {rel} | {r['peak_rss'] / 2**20:,.0f} | {pss} | {r['cpu']['other_cores']:.2f} | {ok} |")
    return "\n".join(lines)


def summary(rows: list[dict]) -> str:
    out = []
    for sched in ("local", "dask"):
        mine = [r for r in rows if r["scheduler"] == sched]
        if len(mine) >= 2:
            a, b = fit(mine)
            out.append(f"- {sched}: seconds ≈ {a:.1f} + {b:.1f} × N (slope: {b:.1f} s per report pair, "
                       f"{b / 2:.1f} s per report); peak memory {min(r['peak_rss'] for r in mine) / 2**20:,.0f}–"
                       f"{max(r['peak_rss'] for r in mine) / 2**20:,.0f} MB")
    both = {(r["scheduler"], r["n"]): r["seconds"] for r in rows}
    for n in sorted({r["n"] for r in rows}):
        if ("local", n) in both and ("dask", n) in both:
            out.append(f"- N = {n}: Dask / local = {both[('dask', n)] / both[('local', n)]:.2f}")
    return "\n".join(out)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4), dpi=100)
    for sched, marker in (("local", "o"), ("dask", "s")):
        mine = sorted((r for r in rows if r["scheduler"] == sched), key=lambda r: r["n"])
        if not mine:
            continue
        ax.plot([r["n"] for r in mine], [r["seconds"] for r in mine], marker=marker, label=f"{sched} (measured)")
        if len(mine) >= 2:
            a, b = fit(mine)
            xs = [0, max(r["n"] for r in mine)]
            ax.plot(xs, [a + b * x for x in xs], linestyle=":", color=ax.lines[-1].get_color(),
                    label=f"{sched} fit: {a:.0f} s + {b:.1f} s × N")
    ax.set_xlabel("N (report pairs: zh + en, HTML + PDF)")
    ax.set_ylabel("wall seconds")
    ax.set_title("run_all.py, synthetic zones, --jobs 2, 2-core machine")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def write_md(text: str) -> None:
    readme = build.README.read_text(encoding="utf-8")
    block = f"{MD_BEGIN}\n{text}\n{MD_END}"
    if MD_BEGIN in readme and MD_END in readme:
        head, rest = readme.split(MD_BEGIN, 1)
        readme = head + block + rest.split(MD_END, 1)[1]
    else:
        readme = readme.rstrip("\n") + "\n\n## Many reports\n\n" + block + "\n"
    build.README.write_text(readme, encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="benchmarks/scale.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,4,16,64", help="report pairs per build, comma-separated (default: %(default)s)")
    p.add_argument("--schedulers", default="local,dask", help="local, dask or both (default: %(default)s)")
    p.add_argument("--dask-sizes", default=None, help="sizes for the Dask rows (default: --sizes)")
    p.add_argument("--jobs", type=int, default=2, help="run_all.py --jobs (default: %(default)s)")
    p.add_argument("--out-md", action="store_true", help="write the table and benchmarks/scale.png into benchmarks/README.md")
    p.add_argument("--from-json", type=Path, nargs="+",
                   help="measure nothing: report saved benchmarks/runs/scale-*.json files (rows of several runs together)")
    ns = p.parse_args(argv)
    sizes = [int(x) for x in ns.sizes.split(",")]
    dask_sizes = [int(x) for x in ns.dask_sizes.split(",")] if ns.dask_sizes else sizes
    schedulers = [s for s in ns.schedulers.split(",") if s]
    if any(s not in ("local", "dask") for s in schedulers) or any(n < 1 for n in sizes):
        p.error("--schedulers: local and/or dask; --sizes: numbers of 1 or more")
    if ns.from_json:
        saved = [json.loads(f.read_text(encoding="utf-8")) for f in ns.from_json]
        rows = [r for one in saved for r in one["rows"]]
        head = "\n".join(dict.fromkeys(line for one in saved for line in one["head"].splitlines()))
    else:
        machine = build.machine_info()
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        head = build.fmt_machine(machine, 1, when, ns.jobs).split("\n", 1)[1]
        head = (f"{when}; project at {machine['git']}; python {platform.python_version()}\n{head}\n"
                f"command: .venv/bin/python benchmarks/scale.py --sizes {ns.sizes} --schedulers {ns.schedulers} --jobs {ns.jobs}"
                + (f" --dask-sizes {ns.dask_sizes}" if ns.dask_sizes else ""))
        print(head, flush=True)
        ws = Path(tempfile.mkdtemp(prefix="zonereport-scale-"))
        rows = []
        build.RUNS_DIR.mkdir(exist_ok=True)
        raw = build.RUNS_DIR / f"scale-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
        try:
            data = ws / "data"
            synthetic_data.generate(data, max(sizes + dask_sizes))
            shutil.copytree(build.REPO / "notebooks", ws / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
            build.take_snapshot(ws / "project")  # run_all.py and src/ as of now: edits meanwhile change nothing
            global FONTS
            FONTS = build.machine_font_cut()
            build.USER_CACHE = ws / "user-cache"
            # the schedulers alternate at each N (local, Dask, next N), so a change in the machine's
            # load between them shows in both; the cluster runs from the first Dask build to the end
            cluster = DaskCluster() if "dask" in schedulers else None
            plan = [(n, sched) for n in sorted(set(sizes) | set(dask_sizes)) for sched in schedulers
                    if n in (dask_sizes if sched == "dask" else sizes)]
            try:
                for n, sched in plan:
                    r = measure(data, ws / f"out-{sched}-{n}", n, ns.jobs, cluster if sched == "dask" else None)
                    rows.append(r)
                    raw.write_text(json.dumps({"head": head, "rows": rows}, indent=1, default=str) + "\n",
                                   encoding="utf-8")  # after every build: an interrupted run keeps its rows
                    print(f"  {sched:5} N={n:3}  {r['seconds']:7.1f} s  {120 * n / r['seconds']:5.1f} reports/min  "
                          f"peak {r['peak_rss'] / 2**20:,.0f} MB  exit {r['rc']}  files {r['outputs']}/{r['expected']}  "
                          f"(others used ≈ {r['cpu']['other_cores']:.2f} cores)", flush=True)
                    if r["rc"]:
                        print("    " + r["stderr"].strip().splitlines()[-1] if r["stderr"].strip() else "", flush=True)
                        raise SystemExit("benchmark: a build failed; nothing is reported")
                    shutil.rmtree(ws / f"out-{sched}-{n}", ignore_errors=True)
            finally:
                if cluster:
                    cluster.close()
        finally:
            shutil.rmtree(ws, ignore_errors=True)
        print(f"raw results: {raw.relative_to(build.REPO)}")
    text = table(rows)
    print("\n" + text + "\n\n" + summary(rows))
    if ns.out_md:
        plot(rows, PLOT)
        write_md("```text\n" + head + "\n```\n\n" + text + "\n\n" + summary(rows) +
                 f"\n\n![wall seconds against N]({PLOT.name})")
        print(f"updated {build.README.relative_to(build.REPO)} and {PLOT.relative_to(build.REPO)}")
    return 1 if any(r["rc"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
