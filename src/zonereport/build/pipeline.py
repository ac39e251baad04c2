"""The build body: plan, execute, render, and move finished outputs into place.

Everything is written under ``<out>/.staging/<build id>/`` first; only when every requested
output of a report exists is it moved into ``<out>/<zone>/<period>/<lang>/`` with
``os.replace`` (atomic per file), and the manifest last. A failed or interrupted build leaves
the previous reports as they were; the next build removes its leftovers.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from ..errors import BuildError, UsageError
from . import inputs
from .execute import Execution, run as run_notebook

MANIFEST = "manifest.json"


@dataclass
class Target:
    zone: str
    period: str
    lang: str
    final_dir: Path
    stage_dir: Path
    notebook_keys: dict[str, str]
    report_key: str
    stale_notebooks: list[inputs.NotebookSpec]
    stale_formats: list[str]


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def clean_leftovers(out: Path, log) -> None:
    """Remove staging directories of builds that died (we hold the lock, so none is running)."""
    staging = out / ".staging"
    if staging.exists():
        leftovers = list(staging.iterdir())
        if leftovers:
            log(f"removing {len(leftovers)} leftover staging folder(s) of an interrupted build")
        shutil.rmtree(staging, ignore_errors=True)


def plan(opts, targets_spec: list[tuple[str, str]], build_dir: Path) -> tuple[list[Target], dict]:
    data_hash = inputs.data_files_hash(opts.data_dir)
    package_hash = inputs.package_hash()
    versions = inputs.library_versions()
    versions_key = json.dumps(versions, sort_keys=True)
    templates_key = package_hash  # templates live in the package
    nb_hashes = {s.name: inputs.notebook_source_hash(s.path) for s in opts.notebooks}
    targets = []
    for zone, period in targets_spec:
        for lang in opts.langs:
            final_dir = opts.out / zone / period / lang
            params = json.dumps({"zone": zone, "period": period, "lang": lang}, sort_keys=True)
            keys = {name: inputs.combine(h, data_hash, package_hash, params, versions_key) for name, h in nb_hashes.items()}
            report_key = inputs.combine(json.dumps(keys, sort_keys=True), templates_key)
            manifest = _read_manifest(final_dir / MANIFEST)
            old_nb = manifest.get("notebooks", {})
            stale_nb = [s for s in opts.notebooks
                        if opts.force or old_nb.get(s.name) != keys[s.name]
                        or not (final_dir / "executed" / f"{s.name}.ipynb").exists()]
            old_out = manifest.get("outputs", {})
            stale_fmt = [f for f in opts.formats
                         if opts.force or stale_nb or old_out.get(f) != report_key
                         or not (final_dir / f"report.{f}").exists()]
            targets.append(Target(zone, period, lang, final_dir, build_dir / zone / period / lang,
                                  keys, report_key, stale_nb, stale_fmt))
    return targets, {"data_hash": data_hash, "package_hash": package_hash, "versions": versions}


def resolve_targets(opts) -> list[tuple[str, str]]:
    """Explicit zone/period pairs, or every pair the data supports for 'all' (needs the data)."""
    if not (opts.all_zones or opts.all_periods):
        return [(opts.zones[0], opts.periods[0])]
    from ..dataset import load_dataset

    pairs = load_dataset(opts.data_dir).buildable()
    return [(z, p) for z, p in pairs
            if (opts.all_zones or z == opts.zones[0]) and (opts.all_periods or p == opts.periods[0])]


def build(opts, log) -> int:
    out = opts.out
    clean_leftovers(out, log)
    build_dir = out / ".staging" / uuid.uuid4().hex[:12]
    targets, record_base = plan(opts, resolve_targets(opts), build_dir)
    if not targets:
        raise UsageError("--zone/--period: the data support no such report (see --list)")
    work = [t for t in targets if t.stale_notebooks or t.stale_formats]
    if not work:
        log(f"up to date: {len(targets)} report(s), nothing to do (use --force to rebuild)")
        return 0
    try:
        _build(opts, work, record_base, log, build_dir)
    finally:
        os.environ.pop("ZONEREPORT_DATASET_CACHE", None)
        shutil.rmtree(build_dir, ignore_errors=True)
        try:
            (out / ".staging").rmdir()
        except OSError:
            pass
    log(f"done: {len(work)} report(s) built, {len(targets) - len(work)} up to date")
    for t in work:
        for fmt in t.stale_formats:
            print(f"  {t.final_dir / f'report.{fmt}'}")
    return 0


def _build(opts, work: list[Target], record_base: dict, log, build_dir: Path) -> None:
    from ..dataset import CACHE_ENV, load_dataset, write_cache

    log(f"validating data in {opts.data_dir}")
    ds = load_dataset(opts.data_dir)
    cache = build_dir / "dataset.pkl"
    cache.parent.mkdir(parents=True, exist_ok=True)
    write_cache(ds, cache)
    os.environ[CACHE_ENV] = str(cache)  # inherited by the workers and their kernels
    for notice in ds.notices:
        log(f"note: {notice}")
    known = set(ds.entities.index)
    for t in work:
        if t.zone not in known:
            raise UsageError(f"--zone {t.zone!r}: not in {opts.data_dir / 'entities.csv'} (see --list)")
        if (t.zone, t.period) not in set(ds.buildable()):
            raise UsageError(f"--period {t.period!r}: the data have no GDP figure for {t.zone} in that period (see --list)")

    jobs = []
    for t in work:
        for spec in t.stale_notebooks:
            jobs.append((t, spec, Execution(
                notebook=str(spec.path),
                output=str(t.stage_dir / "executed" / f"{spec.name}.ipynb"),
                failed_copy=str(t.final_dir / "failed" / f"{spec.name}.ipynb"),
                parameters={"zone": t.zone, "period": t.period, "lang": t.lang, "data_dir": str(opts.data_dir)},
                cwd=str(opts.notebooks_dir),
            )))
    _execute_all(jobs, opts.jobs, log)

    record = {
        "data_hash": record_base["data_hash"],
        "data_dir": str(opts.data_dir),
        "command": "run_all.py " + " ".join(opts.argv),
        "built": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "versions": {**record_base["versions"], "zonereport": _own_version()},
    }
    from .report_job import render_target

    with ThreadPoolExecutor(max_workers=max(1, min(opts.jobs, len(work)))) as pool:
        futures = {pool.submit(render_target, t, opts, ds, record, log): t for t in work}
        for fut in as_completed(futures):
            fut.result()
    for t in work:
        _move_into_place(t, opts)
        log(f"installed {t.zone}/{t.period}/{t.lang}: {', '.join(f'report.{f}' for f in t.stale_formats)}")


def _execute_all(jobs: list, n_jobs: int, log) -> None:
    if not jobs:
        return
    log(f"executing {len(jobs)} notebook(s) with {min(n_jobs, len(jobs))} job(s)")
    if n_jobs == 1 or len(jobs) == 1:
        for t, spec, job in jobs:
            info = run_notebook(job)
            log(f"executed {spec.name} ({t.zone}/{t.period}/{t.lang}) in {info['seconds']:.1f}s")
        return
    with ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs)), mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(run_notebook, job): (t, spec) for t, spec, job in jobs}
        try:
            for fut in as_completed(futures):
                t, spec = futures[fut]
                info = fut.result()
                log(f"executed {spec.name} ({t.zone}/{t.period}/{t.lang}) in {info['seconds']:.1f}s")
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _own_version() -> str:
    from .. import __version__

    return __version__


def _move_into_place(t: Target, opts) -> None:
    """Move staged outputs into the report directory; the manifest goes last."""
    t.final_dir.mkdir(parents=True, exist_ok=True)
    (t.final_dir / "executed").mkdir(exist_ok=True)
    for spec in t.stale_notebooks:
        os.replace(t.stage_dir / "executed" / f"{spec.name}.ipynb", t.final_dir / "executed" / f"{spec.name}.ipynb")
    for name in [f"report.{f}" for f in t.stale_formats] + ["tables.xlsx"]:
        src = t.stage_dir / name
        if src.exists():
            os.replace(src, t.final_dir / name)
    shutil.rmtree(t.final_dir / "failed", ignore_errors=True)
    manifest_path = t.final_dir / MANIFEST
    old = _read_manifest(manifest_path)
    outputs = dict(old.get("outputs", {}))
    outputs.update({f: t.report_key for f in t.stale_formats})
    manifest = {"notebooks": t.notebook_keys, "outputs": outputs}
    tmp = t.stage_dir / MANIFEST
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)
