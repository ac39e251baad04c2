"""Execute one parameterized notebook with papermill (through its Python API, in-process).

The executed copy keeps its outputs so a researcher can open it. Wall-clock metadata that
papermill and nbclient write (start/end times, durations) is removed, so two builds from the
same inputs give the same file.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import BuildError

KERNEL_START_RETRIES = 3


@dataclass(frozen=True)
class Execution:
    notebook: str  # path of the source notebook
    output: str  # where to write the executed notebook
    failed_copy: str  # where a failing notebook is saved for inspection
    parameters: dict
    cwd: str
    env: dict | None = None  # set in the executing process (a pool or Dask worker) before the kernel starts
    cell_timeout: float = 600.0  # seconds one cell may run (--cell-timeout)


def strip_timing(nb: dict) -> dict:
    """Drop run-time metadata (and random ids) that differ between identical builds."""
    pm = nb.get("metadata", {}).get("papermill")
    if isinstance(pm, dict):
        for key in ("start_time", "end_time", "duration", "exception", "input_path", "output_path"):
            pm.pop(key, None)
    for cell in nb.get("cells", []):
        md = cell.get("metadata", {})
        if "injected-parameters" in md.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        md.pop("execution", None)
        if isinstance(md.get("papermill"), dict):
            md["papermill"] = {k: v for k, v in md["papermill"].items() if k not in ("start_time", "end_time", "duration")}
    return nb


def _is_kernel_start_race(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}"
    return any(sign in text for sign in ("Address already in use", "Kernel didn't respond", "ZMQError",
                                         "Kernel died before replying"))


def _cell_label(nb: dict, index: int) -> str:
    """'cell N' as the researcher counts in the source notebook (the injected cell not counted)."""
    n = 0
    for i, cell in enumerate(nb.get("cells", [])):
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            continue
        n += 1
        if i == index:
            return f"cell {n}"
    return f"cell {index + 1}"


def first_unfinished_cell(nb: dict) -> tuple[int, str] | None:
    """The first code cell that did not run to its end: (index, why), or None if all did.

    A cell ran when it has an execution count and no error output. ``SystemExit`` (even
    ``sys.exit(0)``, which papermill treats as a clean stop) leaves an error output on its
    cell and no execution count on the cells after it.
    """
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            ename = errors[0].get("ename", "error")
            evalue = str(errors[0].get("evalue", "")).strip().splitlines()
            return i, f"{ename}: {evalue[-1]}" if evalue else ename
        if cell.get("execution_count") is None and "".join(cell.get("source", "")).strip():
            return i, "did not run (the kernel stopped before it)"
    return None


def _fail(job: Execution, out: Path, why: str, cell: str | None = None) -> BuildError:
    """Keep the failing notebook under failed/ and return the one-line error (when the build
    was interrupted, the kernel was killed by it: nothing is kept, the error says so)."""
    from .procs import STOPPING

    if STOPPING.is_set():
        return BuildError("interrupted")
    failed = Path(job.failed_copy)
    where = f"{job.notebook} {cell}" if cell else job.notebook
    try:
        failed.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            os.replace(out, failed)
            return BuildError(f"{where}: {why} (failing notebook saved to {failed})")
    except OSError:
        pass
    return BuildError(f"{where}: {why}")


def _locate(out: Path, fallback: str | None = None, last_started: bool = False) -> tuple[str | None, str | None]:
    """The first unfinished cell of the (partly) executed notebook: (label, why); with
    ``last_started``, the last cell papermill started (the one a dead kernel was running)."""
    try:
        nb = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return fallback, None
    if last_started:
        started = [i for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"
                   and (c.get("metadata", {}).get("papermill") or {}).get("start_time")]
        if started:
            return _cell_label(nb, started[-1]), None
    found = first_unfinished_cell(nb)
    if found is None:
        return fallback, None
    return _cell_label(nb, found[0]), found[1]


ENGINE = "zonereport"  # papermill's nbclient engine, saving the notebook once (see _register_engine)


@lru_cache(maxsize=None)
def _register_engine() -> None:
    """papermill's nbclient engine, except that it writes the executed notebook once, when the
    execution ends (also when it fails), instead of when every cell starts and ends.

    papermill re-serialises and re-validates the whole notebook, charts included, at each of those
    saves: about twenty per notebook here, a third of the build process's own CPU for execution.
    The copy written at the end still marks the cell that was running when a kernel died or a
    cell timed out (its start time), which is what the build's error message reads. Registered
    once per process.
    """
    from papermill.engines import NBClientEngine, papermill_engines

    class SaveOnceEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            path, nb_man.output_path = nb_man.output_path, None
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            finally:
                nb_man.output_path = path  # papermill's notebook_complete() then saves it, after any outcome

    papermill_engines.register(ENGINE, SaveOnceEngine)


def apply_env(env: dict | None) -> None:
    """Set what ``env`` changes in this process's environment (kernels inherit it). Executions on
    threads share one environment: the build sets it before they start (every job of a build
    has the same values, see :func:`process_environment`), so this writes nothing while other
    threads may start processes."""
    for key, value in (env or {}).items():
        if os.environ.get(key) != value:
            os.environ[key] = value


@contextmanager
def process_environment(env: dict):
    """``env`` in this process's environment for the block, then the previous values again (a
    later build in the same process must not find this build's template or dataset)."""
    before = {key: os.environ.get(key) for key in env}
    apply_env(env)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run(job: Execution) -> dict:
    """Execute a notebook; return timing info. Raise BuildError naming notebook, cell and error.

    Every code cell must have run: a cell that raised, called ``sys.exit`` (any code), killed
    its kernel or ran longer than ``job.cell_timeout`` seconds fails the notebook.
    """
    import logging

    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from .procs import STOPPING
    from .warm_kernels import TEMPLATE_ENV, WarmKernelManager

    if STOPPING.is_set():  # interrupted while this job waited for a thread
        raise BuildError("interrupted")
    out = Path(job.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    apply_env(job.env)
    warm = {"kernel_manager_class": WarmKernelManager} if os.environ.get(TEMPLATE_ENV) else {}
    logging.getLogger("papermill").setLevel(logging.CRITICAL)  # failures are reported in one line below
    _register_engine()
    started = time.monotonic()
    for attempt in range(1, KERNEL_START_RETRIES + 1):
        try:
            papermill.execute_notebook(
                job.notebook, str(out), parameters=job.parameters, kernel_name="python3", engine_name=ENGINE,
                progress_bar=False,
                # the kernel's working directory (papermill's own cwd= would chdir the whole process)
                resources={"metadata": {"path": job.cwd}}, log_output=False, request_save_on_cell_execute=True,  # saved once at the end, also on failure
                execution_timeout=job.cell_timeout,
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"], **warm,
            )
            break
        except PapermillExecutionError as exc:
            evalue = str(exc.evalue).strip().splitlines()
            first = evalue[-1] if evalue else ""
            cell, _ = _locate(out, f"cell {exc.exec_count}")
            raise _fail(job, out, f"{exc.ename}: {first}", cell) from None
        except CellTimeoutError:
            cell, _ = _locate(out)
            raise _fail(job, out, f"ran longer than the cell time limit of {job.cell_timeout:g} s "
                                  "(raise it with --cell-timeout SECONDS)", cell) from None
        except DeadKernelError:
            cell, _ = _locate(out, last_started=True)
            raise _fail(job, out, "the kernel died while the cell ran (os._exit, a crash, or out of memory)",
                        cell) from None
        except Exception as exc:  # noqa: BLE001 - decide on the kernel-start race, else re-raise
            if _is_kernel_start_race(exc) and attempt < KERNEL_START_RETRIES:
                time.sleep(0.5 * attempt)
                continue
            if _is_kernel_start_race(exc):
                raise BuildError(f"{job.notebook}: the kernel did not start after {attempt} attempts ({exc})") from None
            raise
    nb = json.loads(out.read_text(encoding="utf-8"))
    unfinished = first_unfinished_cell(nb)
    if unfinished is not None:
        index, why = unfinished
        raise _fail(job, out, why, _cell_label(nb, index))
    out.write_text(json.dumps(strip_timing(nb), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"notebook": job.notebook, "seconds": time.monotonic() - started, "pid": os.getpid()}
