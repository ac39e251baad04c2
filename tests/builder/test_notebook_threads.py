"""The executor that runs notebooks on daemon threads of the build."""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, as_completed

import pytest

from zonereport.builder.notebook_threads import NotebookThreads


def test_results_errors_and_the_number_of_threads():
    started = threading.Barrier(2, timeout=10)  # both jobs must run at once on two threads

    def job(x):
        started.wait()
        if x == 2:
            raise ValueError("no")
        return x * 10, threading.current_thread().name

    pool = NotebookThreads(2)
    futures = {pool.submit(job, x): x for x in (1, 2)}
    results = {}
    for fut in as_completed(futures, timeout=10):
        try:
            results[futures[fut]] = fut.result()
        except ValueError as exc:
            results[futures[fut]] = str(exc)
    pool.shutdown(wait=True)
    assert results[1][0] == 10 and results[1][1].startswith("zonereport-notebook-")
    assert results[2] == "no"
    assert all(not t.is_alive() for t in pool._threads)


def test_shutdown_cancels_waiting_jobs_and_threads_are_daemons():
    release, began = threading.Event(), threading.Event()

    def hold():
        began.set()
        return release.wait(10)

    pool = NotebookThreads(1, initializer=lambda: None)
    running = pool.submit(hold)
    waiting = pool.submit(lambda: "ran")
    assert began.wait(10)
    assert all(t.daemon for t in pool._threads)  # an interrupted build does not wait for them
    pool.shutdown(wait=False, cancel_futures=True)
    with pytest.raises(CancelledError):
        waiting.result(timeout=5)
    release.set()
    assert running.result(timeout=5) is True


def test_a_failing_initializer_does_not_stop_the_thread():
    pool = NotebookThreads(1, initializer=lambda: 1 / 0)
    assert pool.submit(lambda: "ran").result(timeout=5) == "ran"
    pool.shutdown()
