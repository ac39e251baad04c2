"""README's "What happens when things go wrong" stays true: one real case per failure class,
through the command line, with the exit code the README gives; and the mapping of every other
error (OSError by errno, unexpected exceptions) to one line."""

from __future__ import annotations

import errno
import fcntl
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from zonereport.builder.failures import report_failure
from zonereport.errors import BuildError, DataError, UsageError

from ..conftest import ROOT, write_notebook
from .hostile import assert_refused, set_cell, tiny_notebook

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## What happens when things go wrong", 1)[1].split("\n## ", 1)[0]


def bad_flag(case):
    return case.build("--cell-timeout", "-1"), 2, ["--cell-timeout"]


def bad_data(case):
    set_cell(case.data / "observations.csv", {"entity_id": "caetdz", "period": "2025H1", "indicator_id": "gdp"},
             "release_date", "2025-02-30")
    return case.build("--force"), 2, ["release_date", "not a real date"]


def bad_notebook_file(case):
    (case.notebooks / "02_broken.ipynb").write_text("{", encoding="utf-8")
    return case.build("--only", "01"), 2, ["02_broken.ipynb"]


def output_folder_in_the_way(case):
    html = case.out / "caetdz/2025H1/en/report.html"
    html.unlink()
    html.mkdir()
    case.snapshot()
    return case.build("--force"), 2, ["report.html"]


def cell_does_not_finish(case):
    write_notebook(case.notebooks / "01_tiny.ipynb", tiny_notebook("import sys\nsys.exit(0)"))
    return case.build(), 1, ["01_tiny.ipynb cell 2", "SystemExit"]


def pdf_fails(case):
    tex = case.root / "tex"
    tex.mkdir()
    (tex / "xurl.sty").write_text("\\brokenpackage\n", encoding="utf-8")
    return case.build("--formats", "pdf", env={"TEXINPUTS": f"{tex}:"}), 1, ["XeLaTeX failed", "failed/report.log"]


def the_disk(case):
    mount = case.root / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("needs permission to mount a tmpfs")
    try:
        shutil.copytree(case.out, mount, dirs_exist_ok=True)
        case.out = mount
        with open(mount / "filler", "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
            except OSError:
                pass
        case.snapshot()
        return case.build("--force", out=mount), 1, ["no space left", "ENOSPC"]
    finally:
        case.umount = mount


def interrupted(case):
    write_notebook(case.notebooks / "01_tiny.ipynb", tiny_notebook("import time\ntime.sleep(60)"))
    proc = subprocess.Popen([sys.executable, "run_all.py", *case.args("--force")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(6)  # the kernel is running the sleeping cell
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), 130, ["interrupted"]


def another_build_running(case):
    fd = os.open(case.out / ".build.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        return case.build("--force", "--no-wait"), 1, ["another build is running"]
    finally:
        os.close(fd)


CLASSES = {
    "Bad flag": (bad_flag, 2),
    "Bad data": (bad_data, 2),
    "Bad notebook file": (bad_notebook_file, 2),
    "Output folder in the way": (output_folder_in_the_way, 2),
    "A notebook cell does not run to its end": (cell_does_not_finish, 1),
    "The PDF fails": (pdf_fails, 1),
    "The disk": (the_disk, 1),
    "Interrupted": (interrupted, 130),
    "Another build is running": (another_build_running, 1),
}


def test_readme_lists_every_class_and_exit_code():
    bullets = re.findall(r"^- \*\*(.+?)\*\*", SECTION, re.M)
    assert bullets == list(CLASSES)
    for code in (0, 1, 2, 130):
        assert f"| {code} |" in SECTION
    for name, (_, code) in CLASSES.items():
        bullet = SECTION.split(f"- **{name}**", 1)[1].split("\n- **", 1)[0]
        assert f"exit {code}" in bullet, name


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CLASSES))
def test_one_case_per_class(case, name):
    make, code = CLASSES[name]
    try:
        proc, expected, fragments = make(case)
        assert expected == code
        assert_refused(case, proc, code, fragments)
    finally:
        if getattr(case, "umount", None):
            subprocess.run(["umount", "-l", str(case.umount)], capture_output=True)


@pytest.mark.parametrize("number, words", [
    (errno.ENOSPC, "no space left"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
    (errno.EISDIR, "a directory is in the way"), (errno.ENOTDIR, "a file is in the way"),
])
def test_os_errors_are_one_line_with_the_path(number, words):
    stream = io.StringIO()
    code = report_failure(OSError(number, os.strerror(number), "/some/where/report.html"), stream)
    lines = stream.getvalue().splitlines()
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("error: /some/where/report.html: ") and words in lines[0]
    assert errno.errorcode[number] in lines[0]


@pytest.mark.parametrize("exc, code, count", [
    (UsageError("--jobs 0: must be 1 or more"), 2, 1),
    (DataError(["a.csv row 2 column x: bad", "a.csv row 3 column x: bad"]), 2, 2),
    (BuildError("01.ipynb cell 2: boom\nsecond line"), 1, 1),
    (KeyError("surprise"), 1, 1),
    (MemoryError(), 1, 1),
])
def test_every_exception_is_printed_as_error_lines(exc, code, count):
    stream = io.StringIO()
    assert report_failure(exc, stream) == code
    lines = stream.getvalue().splitlines()
    assert len(lines) == count and all(ln.startswith("error: ") for ln in lines)


def test_interrupt_is_130():
    stream = io.StringIO()
    assert report_failure(KeyboardInterrupt(), stream) == 130
    assert stream.getvalue().startswith("error: interrupted")


def test_debug_keeps_the_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "run_all.py", "--debug", "--jobs", "0"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" in proc.stderr and "error: --jobs 0" in proc.stderr


def test_error_lines_never_carry_terminal_escapes():
    stream = io.StringIO()
    report_failure(UsageError("--zone '\x1b[2J\u202e'"), stream)
    assert "\x1b" not in stream.getvalue() and "\u202e" not in stream.getvalue()


