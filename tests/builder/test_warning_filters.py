"""A library's own warning filter survives the build's threads.

``warnings.catch_warnings()`` is not thread-safe: on exit it puts back the filter list it saw
on entry, so a filter another thread added meanwhile is lost. The build imports papermill
(hence requests, which adds a filter hiding urllib3's "SOCKS support requires PySocks" warning)
in one thread while other threads import libraries that use ``catch_warnings``. Once in CI the
warning then reached stderr, which must hold nothing but ``error:`` lines.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

# the other thread's catch_warnings block, made deterministic: requests is imported inside it,
# its filter goes into the copy that the block's exit throws away; then urllib3's SOCKS module
# is imported again (it failed the first time, so it runs again) and warns
RACE = """
import sys, warnings
sys.path.insert(0, {src!r})
if {through_cli}:
    from zonereport.builder.cli import main
    assert main(["--help"]) == 0
with warnings.catch_warnings():
    import requests
try:
    import urllib3.contrib.socks
except ImportError:
    pass
"""


def run_race(through_cli: bool) -> subprocess.CompletedProcess:
    code = RACE.format(src=str(SRC), through_cli=through_cli)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(importlib.util.find_spec("socks") is not None, reason="PySocks installed: urllib3 does not warn")
def test_the_lost_filter_lets_the_warning_through_without_the_fix():
    proc = run_race(through_cli=False)
    assert "SOCKS support in urllib3 requires" in proc.stderr, proc.stderr


@pytest.mark.skipif(importlib.util.find_spec("socks") is not None, reason="PySocks installed: urllib3 does not warn")
def test_the_command_line_keeps_the_filter_before_any_thread():
    proc = run_race(through_cli=True)
    assert proc.returncode == 0, proc.stderr
    assert "SOCKS" not in proc.stderr, proc.stderr
