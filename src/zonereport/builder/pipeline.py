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
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path

from ..errors import BuildError, UsageError
from . import inputs, latex_state
from .execute import Execution, process_environment
from .execute import run as run_notebook
from .procs import IMPORTS, import_executor, kill_descendants, worker_init
from .render import LatexError

MANIFEST = "manifest.json"
COLD_KERNELS_ENV = "ZONEREPORT_COLD_KERNELS"  # set (to anything): every kernel starts as its own process


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

    @property
    def key(self) -> str:
        return f"{self.zone}/{self.period}/{self.lang}"


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def clean_leftovers(out: Path, log) -> None:
    """Remove staging directories of builds that died (we hold the lock, so none is running)."""
    staging = out / ".staging"
    if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
        raise UsageError(f"{staging}: is not the build's staging folder (a file or link is there); "
                         "move it away, the build needs that name")
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
    nb_hashes = {s.name: inputs.notebook_source_hash(s.path) for s in getattr(opts, "all_notebooks", opts.notebooks)}
    targets = []
    for zone, period in targets_spec:
        for lang in opts.langs:
            final_dir = opts.out / zone / period / lang
            params = json.dumps({"zone": zone, "period": period, "lang": lang}, sort_keys=True)
            keys = {name: inputs.combine(h, data_hash, package_hash, params, versions_key) for name, h in nb_hashes.items()}
            manifest = _read_manifest(final_dir / MANIFEST)
            old_nb = manifest.get("notebooks", {})
            # --only runs a subset: the others keep what the manifest says they were built from
            # ... unless there is no complete earlier report: then every notebook runs, so a
            # partial report (one section) is never installed
            all_specs = list(getattr(opts, "all_notebooks", opts.notebooks))
            earlier = {s.name for s in all_specs
                       if s.name in old_nb and (final_dir / "executed" / f"{s.name}.ipynb").is_file()}
            selected = {s.name for s in opts.notebooks} | {s.name for s in all_specs if s.name not in earlier}
            keys = {name: key for name, key in keys.items() if name in selected or name in old_nb}
            keys.update({name: old_nb[name] for name in keys if name not in selected})
            report_key = inputs.combine(json.dumps(keys, sort_keys=True), templates_key)
            stale_nb = [s for s in all_specs if s.name in selected and (
                        opts.force or old_nb.get(s.name) != keys[s.name]
                        or not (final_dir / "executed" / f"{s.name}.ipynb").exists())]
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
        return [(zone, opts.periods[0]) for zone in opts.zones]
    from ..coverage import buildable_from_files

    pairs = buildable_from_files(opts.data_dir)
    if pairs is None:  # an Excel workbook or unreadable files: ask the validated dataset
        from ..dataset import load_dataset

        pairs = load_dataset(opts.data_dir, getattr(opts, "data_source", "either")).buildable()
    return [(z, p) for z, p in pairs
            if (opts.all_zones or z in opts.zones) and (opts.all_periods or p == opts.periods[0])]


def build(opts, log) -> int:
    out = opts.out
    clean_leftovers(out, log)
    build_dir = out / ".staging" / uuid.uuid4().hex[:12]
    targets, record_base = plan(opts, resolve_targets(opts), build_dir)
    if not targets:
        raise UsageError("--zone/--period: the data support no such report (see --list)")
    work = [t for t in targets if t.stale_notebooks or t.stale_formats]
    summary = getattr(log, "summary", log)
    if not work:
        summary(f"up to date: {len(targets)} report(s), nothing to do (use --force to rebuild)")
        if len({(t.zone, t.period) for t in targets}) > 1:
            _summary(targets, [], {}, log)
        return 0
    for t in work:
        check_install_targets(t)  # before any kernel runs or any file moves
    failures: dict[str, str] = {}
    try:
        _build(opts, work, record_base, log, build_dir, failures)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
        try:
            (out / ".staging").rmdir()
        except OSError:
            pass
    built = [t for t in work if t.key not in failures]
    summary(f"done: {len(built)} report(s) built, {len(targets) - len(work)} up to date, {len(failures)} failed")
    for t in built:
        for fmt in t.stale_formats:
            print(f"  {t.final_dir / f'report.{fmt}'}")
    if len({(t.zone, t.period) for t in targets}) > 1:
        _summary(targets, work, failures, log)
    if failures:
        if len(failures) == 1:
            raise BuildError(next(iter(failures.values())))
        if len({(t.zone, t.period) for t in targets}) > 1:
            raise BuildError(f"{len(failures)} of {len(targets)} report(s) failed; see the table above")
        key, first = next(iter(failures.items()))
        raise BuildError(f"{len(failures)} of {len(targets)} report(s) failed; {key}: {first}")
    return 0


def _summary(targets: list[Target], work: list[Target], failures: dict[str, str], log) -> None:
    """The table printed after a build of several reports: built / up to date / failed."""
    stale = {t.key for t in work}
    width = max(len(t.zone) for t in targets) + 2
    print(f"{'zone':<{width}}{'period':<12}{'lang':<6}status")
    for t in targets:
        status = ("failed: " + failures[t.key]) if t.key in failures else ("built" if t.key in stale else "up to date")
        print(f"{t.zone:<{width}}{t.period:<12}{t.lang:<6}{status}")


def _build(opts, work: list[Target], record_base: dict, log, build_dir: Path, failures: dict[str, str]) -> None:
    if any("pdf" in t.stale_formats for t in work):
        from .render import check_pdf_tools

        check_pdf_tools()  # fail before any notebook runs, not after
    template = None
    if any(t.stale_notebooks for t in work) and not os.environ.get(COLD_KERNELS_ENV):
        from .kernel_template import KernelTemplate

        template = KernelTemplate()  # imports the kernel's libraries while the data are validated
    try:
        with executor_for(opts, threads=template is not None) if template or any(t.stale_notebooks for t in work) \
                else nullcontext((None, "")) as ex:
            if isinstance(ex[0], ProcessPoolExecutor):
                ex[0].submit(int)  # start the workers now: they import papermill while the data are validated
            from ..dataset import CACHE_ENV

            # what the kernels this process starts must find (executions on threads share it)
            with process_environment({CACHE_ENV: str(build_dir / "dataset.pkl"), **(template.env if template else {})}):
                _build_with(opts, work, record_base, log, build_dir, failures, template, ex)
    finally:
        if template is not None:
            template.close()


def _build_with(opts, work: list[Target], record_base: dict, log, build_dir: Path, failures: dict[str, str],
                template, executor: tuple) -> None:
    from ..dataset import CACHE_ENV, load_validated, write_cache

    log(f"validating data in {opts.data_dir}")
    code_key = inputs.combine(record_base["package_hash"], json.dumps(record_base["versions"], sort_keys=True))
    ds, remembered = load_validated(opts.data_dir, getattr(opts, "data_source", "either"), code_key)
    if remembered:
        log("data unchanged since their last validation: its result reused")
    cache = build_dir / "dataset.pkl"  # named in the kernels' environment (see _build)
    cache.parent.mkdir(parents=True, exist_ok=True)
    write_cache(ds, cache)
    for notice in ds.notices:
        log(f"note: {notice}")
    known = set(ds.entities.index)
    buildable = set(ds.buildable())
    for t in work:
        if t.zone not in known:
            raise UsageError(f"--zone {t.zone!r}: not in {opts.data_dir / 'entities.csv'} (see --list)")
        if (t.zone, t.period) not in buildable:
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
                env={CACHE_ENV: str(cache), **(template.env if template else {})},
                cell_timeout=getattr(opts, "cell_timeout", 600.0),
            )))
    record = {
        "data_hash": record_base["data_hash"],
        "data_dir": str(opts.data_dir),
        "command": "run_all.py " + " ".join(opts.argv),
        "built": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "versions": {**record_base["versions"], "zonereport": _own_version()},
    }
    # A report is rendered as soon as its own notebooks have run, while the others still run.
    render_target = _render_target()  # imported here, before the render threads start importing
    from .report_job import front_matter
    pool = ThreadPoolExecutor(max_workers=max(1, min(opts.jobs, len(work))))
    # the renderer's imports (nbconvert, openpyxl) and first-use template compiling (about a
    # second) and each report's front matter (from the data alone) are made in render threads
    # while the kernels run, not after them
    pool.submit(_warm_renderer, {f for t in work for f in t.stale_formats})
    fronts = {t.key: pool.submit(front_matter, ds, t) for t in work}
    renders: dict = {}
    waiting = {t.key: len(t.stale_notebooks) for t in work}

    def ready(t: Target) -> None:
        if t.key not in failures and t.key not in {r.key for r in renders.values()}:
            renders[pool.submit(render_target, t, opts, ds, record, log, fronts[t.key])] = t

    def executed_one(t: Target) -> None:
        waiting[t.key] -= 1
        if waiting[t.key] == 0:
            ready(t)

    try:
        for t in work:
            if not t.stale_notebooks:
                ready(t)
        _execute_all(jobs, executor, log, failures, "kernels forked from a template" if template else "", executed_one)
        if template is not None:
            template.close()  # its memory is free while XeLaTeX runs
        if isinstance(executor[0], ProcessPoolExecutor):
            executor[0].shutdown(wait=True)  # so are the workers'
        for fut in as_completed(list(renders)):
            t = renders[fut]
            try:
                fut.result()
            except LatexError as exc:
                failures[t.key] = keep_latex_log(exc, t)
            except BuildError as exc:
                failures[t.key] = str(exc)
    except BaseException:
        kill_descendants()  # XeLaTeX dies now, not after its current pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    for t in work:
        if t.key in failures:
            continue
        _move_into_place(t, opts)
        log(f"installed {t.zone}/{t.period}/{t.lang}: {', '.join(f'report.{f}' for f in t.stale_formats)}")


@contextmanager
def executor_for(opts, threads: bool = False):
    """The execution backend: in-process, threads of this process (``threads``: the kernels are
    forked from the build's template), a process pool, or a Dask cluster (--scheduler)."""
    if getattr(opts, "scheduler", None):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--scheduler needs the cluster extra: pip install -e '.[cluster]'") from None
        try:
            client = Client(opts.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"--scheduler {opts.scheduler}: cannot connect ({exc})") from None
        try:
            yield client.get_executor(pure=False), f"Dask scheduler {opts.scheduler}"
        finally:
            client.close()
    elif opts.jobs == 1:
        yield None, "1 job, in this process"
    elif threads:
        from .notebook_threads import NotebookThreads

        pool = NotebookThreads(opts.jobs, initializer=import_executor)
        try:
            yield pool, f"{opts.jobs} parallel jobs"
        except BaseException:
            kill_descendants()  # the kernels: a thread waiting on one then fails at once
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    else:
        pool = ProcessPoolExecutor(max_workers=opts.jobs, mp_context=get_context("spawn"), initializer=worker_init)
        try:
            yield pool, f"{opts.jobs} parallel jobs"
        except BaseException:
            kill_descendants()  # running notebooks would otherwise finish first
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def _progress(done: int, total: int) -> str:
    filled = round(20 * done / total) if total else 20
    return f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total}"


def _execute_all(jobs: list, executor: tuple, log, failures: dict[str, str], kernels: str = "", done=None) -> None:
    """Run the notebooks on ``executor`` (pool, description); ``done(target)`` after each one that ran to its end."""
    if not jobs:
        return
    total = len(jobs)
    pool, description = executor
    log(f"executing {total} notebook(s): {description}{', ' + kernels if kernels else ''}")

    def record(count, t, spec, info):
        log(f"{_progress(count, total)} executed {spec.name} ({t.zone}/{t.period}/{t.lang}) "
            f"in {info['seconds']:.1f}s [pid {info['pid']}]")
        if done is not None:
            done(t)

    if pool is None:
        for count, (t, spec, job) in enumerate(jobs, start=1):
            if t.key in failures:
                continue
            try:
                record(count, t, spec, run_notebook(job))
            except BuildError as exc:
                failures[t.key] = str(exc)
        return
    futures = {pool.submit(run_notebook, job): (t, spec) for t, spec, job in jobs}
    for count, fut in enumerate(as_completed(futures), start=1):
        t, spec = futures[fut]
        try:
            record(count, t, spec, fut.result())
        except BuildError as exc:
            failures.setdefault(t.key, str(exc))


def _render_target():
    from .report_job import render_target

    return render_target


def _warm_renderer(formats: set[str]) -> None:
    with IMPORTS:  # the first import of nbconvert happens in warm_exporters
        import openpyxl  # noqa: F401 - the tables workbook of every report
        import pandas.io.formats.style  # noqa: F401 - the front matter's tables (compiles its Jinja templates)

        from .render import warm_exporters

        warm_exporters(formats)


def _own_version() -> str:
    from .. import __version__

    return __version__


def _move_into_place(t: Target, opts) -> None:
    """Move staged outputs into the report directory; the manifest goes last.

    Each file is replaced atomically (os.replace on one file system), so an interruption leaves
    every file either old or complete; a stale manifest makes the next build redo the report.
    """
    slow = float(os.environ.get("ZONEREPORT_TEST_SLOW_MOVE", "0"))  # test hook: widen the window
    check_install_targets(t)
    t.final_dir.mkdir(parents=True, exist_ok=True)
    (t.final_dir / "executed").mkdir(exist_ok=True)
    for spec in t.stale_notebooks:
        os.replace(t.stage_dir / "executed" / f"{spec.name}.ipynb", t.final_dir / "executed" / f"{spec.name}.ipynb")
        time.sleep(slow)
    for name in [f"report.{f}" for f in t.stale_formats] + ["tables.xlsx"]:
        src = t.stage_dir / name
        if src.exists():
            os.replace(src, t.final_dir / name)
            time.sleep(slow)
    kept = t.stage_dir / latex_state.FOLDER  # XeLaTeX's auxiliary files, for a one-pass next build
    if kept.is_dir():
        (t.final_dir / latex_state.FOLDER).mkdir(exist_ok=True)
        for src in sorted(kept.iterdir()):
            os.replace(src, t.final_dir / latex_state.FOLDER / src.name)
    shutil.rmtree(t.final_dir / "failed", ignore_errors=True)
    manifest_path = t.final_dir / MANIFEST
    old = _read_manifest(manifest_path)
    outputs = dict(old.get("outputs", {}))
    outputs.update({f: t.report_key for f in t.stale_formats})
    manifest = {"notebooks": t.notebook_keys, "outputs": outputs}
    tmp = t.stage_dir / MANIFEST
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)


def check_install_targets(t: Target) -> None:
    """Every path the build will replace must be a file (or absent) in a real directory, so
    nothing is moved unless everything can be: checked before any work, and again before moving."""
    wanted = [t.final_dir / "executed" / f"{s.name}.ipynb" for s in t.stale_notebooks]
    wanted += [t.final_dir / f"report.{f}" for f in t.stale_formats]
    wanted += [t.final_dir / "tables.xlsx", t.final_dir / MANIFEST]
    wanted += [t.final_dir / latex_state.FOLDER / n for n in latex_state.names("report")]
    for folder in [*reversed(t.final_dir.parents), t.final_dir, t.final_dir / "executed", t.final_dir / latex_state.FOLDER]:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder}: is a file where the report needs a folder; move it away")
    for path in wanted:
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise UsageError(f"{path}: is a {'link' if path.is_symlink() else 'folder'} where the report writes a file; "
                             "move it away")
    folder = next(f for f in [t.final_dir / "executed", t.final_dir, *t.final_dir.parents] if f.is_dir())
    probe = folder / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        from .failures import os_error_line

        raise UsageError(os_error_line(exc)) from None


def keep_latex_log(exc: LatexError, t: Target) -> str:
    """Copy XeLaTeX's log and source out of staging (deleted after the build) into failed/."""
    failed = t.final_dir / "failed"
    try:
        failed.mkdir(parents=True, exist_ok=True)
        kept = []
        for src in (exc.log, exc.tex):
            if src and Path(src).is_file():
                shutil.copyfile(src, failed / Path(src).name)
                kept.append(failed / Path(src).name)
    except OSError:
        return str(exc)
    if not kept:
        return str(exc)
    return f"{exc.message} (log kept: {kept[0]})"
