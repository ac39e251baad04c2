"""Execute one parameterized notebook with papermill (through its Python API, in-process).

The executed copy keeps its outputs so a researcher can open it. Wall-clock metadata that
papermill and nbclient write (start/end times, durations) is removed, so two builds from the
same inputs give the same file.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
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


def run(job: Execution) -> dict:
    """Execute a notebook; return timing info. Raise BuildError naming notebook, cell and error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out = Path(job.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(job.env or {})
    started = time.monotonic()
    for attempt in range(1, KERNEL_START_RETRIES + 1):
        try:
            papermill.execute_notebook(
                job.notebook, str(out), parameters=job.parameters, kernel_name="python3",
                cwd=job.cwd, progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
            break
        except PapermillExecutionError as exc:
            failed = Path(job.failed_copy)
            failed.parent.mkdir(parents=True, exist_ok=True)
            if out.exists():
                os.replace(out, failed)
            evalue = str(exc.evalue).strip().splitlines()
            first = evalue[-1] if evalue else ""
            raise BuildError(
                f"{job.notebook} cell {exc.exec_count}: {exc.ename}: {first} (failing notebook saved to {failed})"
            ) from None
        except Exception as exc:  # noqa: BLE001 - decide on the kernel-start race, else re-raise
            if _is_kernel_start_race(exc) and attempt < KERNEL_START_RETRIES:
                time.sleep(0.5 * attempt)
                continue
            if _is_kernel_start_race(exc):
                raise BuildError(f"{job.notebook}: the kernel did not start after {attempt} attempts ({exc})") from None
            raise
    nb = json.loads(out.read_text(encoding="utf-8"))
    out.write_text(json.dumps(strip_timing(nb), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"notebook": job.notebook, "seconds": time.monotonic() - started, "pid": os.getpid()}
