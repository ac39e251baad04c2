"""An OS-level lock on an output directory, so two builds never write the same reports.

``fcntl.flock`` is released by the kernel when the holder dies, so a killed build cannot
leave a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError


@contextmanager
def output_lock(out: Path, wait: bool = True, log=print):
    out.mkdir(parents=True, exist_ok=True)
    path = out / ".build.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise BuildError(f"{out}: another build is running on this output directory (without --no-wait, this build waits)") from None
            log(f"waiting: another build holds {path}")
            start = time.monotonic()
            fcntl.flock(fd, fcntl.LOCK_EX)
            log(f"lock acquired after {time.monotonic() - start:.1f}s")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)
