"""Notebook executions on threads of the build's own process (when kernels come from the template).

A papermill execution mostly waits for its kernel's messages, and with warm kernels the kernel
process is the template's child: a process per execution slot would only repeat papermill's
imports (≈ 0.6 s of a core each, while the template and the data validation need the CPU).
The threads are daemons: when a build is interrupted its kernels are killed, and a thread still
waiting on one must not hold up the exit.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future


class NotebookThreads:
    """The part of ``concurrent.futures.Executor`` the build uses, on ``workers`` daemon threads."""

    def __init__(self, workers: int, initializer=None):
        self._initializer = initializer
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._work, name=f"zonereport-notebook-{i + 1}", daemon=True)
                         for i in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn, *args) -> Future:
        future: Future = Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        if self._initializer is not None:
            try:
                self._initializer()
            except Exception:  # noqa: BLE001 - a failed warm-up shows again in the job itself
                pass
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join()
