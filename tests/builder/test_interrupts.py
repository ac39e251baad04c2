"""Interrupted and concurrent builds: every report file is either the old one or a complete new
one, nothing the build started keeps running, leftovers are cleaned by the next build, and two
builds on one output directory are serialised by a lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from zonereport.builder.procs import descendants

from ..conftest import ROOT, run_build, tiny_args

pytestmark = pytest.mark.slow


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


class Build:
    """A run_all.py process whose output lines and process tree are watched."""

    def __init__(self, args, env=None):
        self.proc = subprocess.Popen([sys.executable, "-u", str(ROOT / "run_all.py"), *args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, **(env or {})})
        self.lines: list[str] = []
        self.seen: dict[tuple[int, str], str] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def _watch(self):
        while self.proc.poll() is None:
            for pid in descendants(self.proc.pid):
                start = _start_time(pid)
                # read again until it names a kernel: a forked child takes its name a moment after it starts
                if start and "ipykernel" not in self.seen.get((pid, start), ""):
                    try:
                        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                        # a warm kernel is forked from the kernel template: its command line is the
                        # template's, its name (comm) says what it is
                        self.seen[(pid, start)] = f"{cmd} [{Path(f'/proc/{pid}/comm').read_text().strip()}]"
                    except OSError:
                        pass
            time.sleep(0.05)

    def wait_for(self, predicate, timeout=240):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate(self):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.02)
        raise AssertionError("timed out waiting; output so far:\n" + "".join(self.lines))

    def output_has(self, text):
        return lambda b: any(text in line for line in b.lines)

    def running(self, name):
        # a copy: the watcher thread adds processes meanwhile
        return lambda b: any(name in cmd for (pid, st), cmd in list(b.seen.items()) if _start_time(pid) == st)

    def finish(self, timeout=120):
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return rc

    def survivors(self, grace=6.0):
        end = time.monotonic() + grace
        while True:
            alive = {key: cmd for key, cmd in list(self.seen.items()) if _start_time(key[0]) == key[1]}
            if not alive or time.monotonic() > end:
                return alive
            time.sleep(0.2)


REPORT_FILES = ("report.html", "report.pdf", "tables.xlsx", "manifest.json",
                "executed/01_tiny.ipynb")


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    if path.suffix in (".json", ".ipynb"):
        json.loads(data)
        return True
    if path.suffix == ".xlsx":
        return zipfile.ZipFile(path).testzip() is None
    return True


def snapshot(out: Path) -> dict[str, bytes]:
    return {f"{lang}/{name}": (out / "caetdz" / "2025H1" / lang / name).read_bytes()
            for lang in ("zh", "en") for name in REPORT_FILES}


def assert_old_or_complete_new(out: Path, old: dict[str, bytes]):
    for key, before in old.items():
        lang, name = key.split("/", 1)
        path = out / "caetdz" / "2025H1" / lang / name
        assert path.exists(), f"{key} disappeared"
        if path.read_bytes() != before:
            assert complete(path), f"{key} is neither the old file nor a complete new one"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    import shutil

    from ..conftest import DATA, TINY_NOTEBOOK, write_notebook

    root = tmp_path_factory.mktemp("interrupts")
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_tiny.ipynb", TINY_NOTEBOOK)
    shutil.copytree(DATA, root / "data")
    p = {"notebooks": root / "notebooks", "data": root / "data", "out": root / "out", "root": root}
    first = run_build(*tiny_args(p))
    assert first.returncode == 0, first.stdout + first.stderr
    return p


def change_data(p, i):
    """A different value each run, so the build has work to do."""
    obs = p["data"] / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    old = next(v for v in ("201.6", "201.7") if f",{v}," in text)
    obs.write_text(text.replace(f",{old},", ",201.7," if old == "201.6" else ",201.6,"), encoding="utf-8")


MOMENTS = {
    "validation": lambda b: b.output_has("validating data")(b),
    "kernel": lambda b: b.running("[ipykernel]")(b) or b.running("ipykernel_launcher")(b),
    "xelatex": lambda b: b.running("xelatex")(b),
    "move": lambda b: b.output_has("rendered PDF caetdz/2025H1/en")(b) and b.output_has("rendered PDF caetdz/2025H1/zh")(b),
}

CASES = [
    ("validation", signal.SIGKILL), ("kernel", signal.SIGINT), ("kernel", signal.SIGKILL), ("kernel", signal.SIGTERM),
    ("xelatex", signal.SIGINT), ("xelatex", signal.SIGKILL), ("xelatex", signal.SIGTERM),
    ("move", signal.SIGINT), ("move", signal.SIGKILL), ("move", signal.SIGTERM),
]


@pytest.mark.parametrize("moment, sig", CASES, ids=[f"{m}-{s.name}" for m, s in CASES])
def test_interrupted_build_leaves_old_or_complete_files_and_no_processes(project, moment, sig):
    p = project
    old = snapshot(p["out"])
    change_data(p, 0)
    build = Build(tiny_args(p, "--jobs", "2"), env={"ZONEREPORT_TEST_SLOW_MOVE": "0.3"})
    reached = build.wait_for(MOMENTS[moment])
    assert reached, "the build ended before the moment: " + "".join(build.lines)
    if moment == "move":
        time.sleep(0.45)  # inside the staggered moves of the first report
    build.proc.send_signal(sig)
    rc = build.finish()
    if sig == signal.SIGKILL:
        assert rc == -signal.SIGKILL
    else:
        assert rc == 130, "".join(build.lines)
        assert "interrupted" in "".join(build.lines)
    left = build.survivors()
    assert not left, f"still running after the build died: {left}"
    assert_old_or_complete_new(p["out"], old)
    # a kernel killed by the interrupt is not a failing notebook: no failed/ copy is published
    assert not [d for d in (p["out"] / "caetdz" / "2025H1").glob("*/failed")], "".join(build.lines)

    # the next build (HTML only, to keep the suite quick) finishes the job and removes the leftovers
    after = run_build(*tiny_args(p, "--jobs", "2", "--formats", "html"))
    assert after.returncode == 0, after.stdout + after.stderr
    assert not (p["out"] / ".staging").exists()
    for key in snapshot(p["out"]):
        lang, name = key.split("/", 1)
        assert complete(p["out"] / "caetdz" / "2025H1" / lang / name)


def test_a_second_build_waits_for_the_lock_or_exits_with_no_wait(project):
    p = project
    change_data(p, 1)
    first = Build(tiny_args(p, "--formats", "html", "--force"))
    first.wait_for(first.output_has("validating data"))
    refused = run_build(*tiny_args(p, "--formats", "html", "--no-wait"))
    assert refused.returncode == 1
    assert "another build is running" in refused.stderr and str(p["out"]) in refused.stderr
    waiter = Build(tiny_args(p, "--formats", "html"))
    waiter.wait_for(waiter.output_has("waiting: another build holds"))
    assert first.finish() == 0
    assert waiter.finish() == 0
    assert any("lock acquired" in line for line in waiter.lines)


def test_a_killed_build_leaves_no_stale_lock(project):
    p = project
    change_data(p, 2)
    build = Build(tiny_args(p, "--formats", "html"))
    build.wait_for(build.output_has("validating data"))
    build.proc.kill()
    build.finish()
    again = run_build(*tiny_args(p, "--formats", "html", "--no-wait"))
    assert again.returncode == 0, again.stderr
