"""Child processes of a build: they die with it, and an interrupted build kills them all.

Kernels (started by jupyter_client in their own session) exit by themselves about a second
after the process that started them dies (ipykernel's parent poller). Pool workers and XeLaTeX
are asked by the kernel to die with their parent (Linux ``PR_SET_PDEATHSIG``), so a build killed
with SIGKILL leaves nothing running. An interrupted build (SIGINT, SIGTERM) kills every
descendant itself before it exits.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

PR_SET_PDEATHSIG = 1
STOPPING = threading.Event()  # set when the build is interrupted: no thread starts a new child after that
# Held by a thread of the build while it imports a large library graph (papermill, nbconvert):
# two threads importing overlapping graphs at once can meet a half-initialised module.
IMPORTS = threading.Lock()
PR_SET_NAME = 15


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass


def name_process(name: str) -> None:
    """Set this process's name as ps and /proc/<pid>/comm show it (Linux, 15 bytes; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)
    except OSError:
        pass


def skip_slow_imports() -> None:
    """jsonschema loads ``rfc3987_syntax`` (about 1.8 s of grammar building) for a URI format
    check nothing here uses; nbformat validates with fastjsonschema. Block it."""
    sys.modules.setdefault("rfc3987_syntax", None)


def keep_warning_filters() -> None:
    """Add, before any thread starts, the warning filters libraries add when first imported.

    ``requests`` silences urllib3's "SOCKS support requires PySocks" warning with a filter it
    adds on import. A build imports papermill (hence requests) in one thread while another
    imports libraries that use ``warnings.catch_warnings()``, which is not thread-safe: leaving
    it restores the filter list as it was on entry, so a filter added meanwhile in another
    thread is lost and the warning reached stderr (a flaky CI failure). A filter present before
    the threads start survives every such restore.
    """
    import warnings

    warnings.filterwarnings("ignore", message="SOCKS support in urllib3 requires")


def import_executor() -> None:
    """What an execution needs, imported now: the executors start while the data are validated."""
    with IMPORTS:
        import papermill  # noqa: F401

        from . import execute, warm_kernels  # noqa: F401


def worker_init() -> None:
    """Pool workers: the parent handles Ctrl-C (and kills us); die if the parent dies. Import
    papermill now: the pool starts while the data are validated."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    skip_slow_imports()
    keep_warning_filters()
    import_executor()


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, read from /proc (children before grandchildren)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: ppid follows the last ")"
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            out.append(child)
            queue.append(child)
    return out


def _is_resource_tracker(pid: int) -> bool:
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def kill_descendants() -> int:
    """SIGKILL every descendant of this process; return how many were signalled.

    multiprocessing's resource tracker is spared: it frees the pool's semaphores and exits by
    itself when this process does (killing it first makes it print tracebacks).
    """
    STOPPING.set()
    killed = 0
    for pid in reversed(descendants(os.getpid())):
        if _is_resource_tracker(pid):
            continue
        try:
            os.kill(pid, signal.SIGKILL)
            killed += 1
        except (ProcessLookupError, PermissionError):
            pass
    return killed


def raise_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C, so the same clean-up runs.

    SIGINT gets Python's handler even when the shell started us with SIGINT ignored (a
    background job), so ``kill -INT`` always interrupts a build cleanly.
    """

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
