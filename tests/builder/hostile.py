"""Helpers for the hostile-input suites: a good earlier build, fresh copies per case, and the one
assertion every refused build must pass."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..conftest import DATA, ROOT, RUN_ALL, TINY_NOTEBOOK, tree_bytes, write_notebook


def tiny_notebook(extra_source: str = "") -> dict:
    nb = json.loads(json.dumps(TINY_NOTEBOOK))
    if extra_source:
        nb["cells"][1]["source"] += "\n" + extra_source
    return nb


def good_build(root: Path) -> dict:
    """One tiny report (en, HTML), built once per test module."""
    (root / "notebooks").mkdir()
    write_notebook(root / "notebooks" / "01_tiny.ipynb", TINY_NOTEBOOK)
    out = root / "out"
    proc = run([sys.executable, str(RUN_ALL), "--notebooks", str(root / "notebooks"), "--out", str(out),
                "--lang", "en", "--formats", "html", "--jobs", "1"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"root": root, "out": out, "notebooks": root / "notebooks"}


def run(cmd: list[str], env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})


@dataclass
class Case:
    """Fresh copies of the good build's output, notebooks and data for one case."""

    root: Path
    out: Path
    notebooks: Path
    data: Path
    before: dict = field(default_factory=dict)

    @classmethod
    def fresh(cls, good: dict, tmp: Path) -> "Case":
        out, notebooks, data = tmp / "out", tmp / "notebooks", tmp / "data"
        shutil.copytree(good["out"], out, symlinks=True)
        shutil.copytree(good["notebooks"], notebooks)
        shutil.copytree(DATA, data)
        return cls(tmp, out, notebooks, data, tree_bytes(out))

    def args(self, *extra: str, out: Path | None = None) -> list[str]:
        return ["--notebooks", str(self.notebooks), "--data-dir", str(self.data), "--out", str(out or self.out),
                "--lang", "en", "--formats", "html", "--jobs", "1", *extra]

    def build(self, *extra: str, env: dict | None = None, out: Path | None = None) -> subprocess.CompletedProcess:
        return run([sys.executable, str(RUN_ALL), *self.args(*extra, out=out)], env=env)

    def snapshot(self) -> None:
        self.before = tree_bytes(self.out)


def error_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]


def assert_refused(case: Case, proc: subprocess.CompletedProcess, code: int, fragments: list[str],
                   errors: int = 1) -> str:
    """The exit code, exactly ``errors`` lines on stderr (all ``error: …``), no traceback, the
    previous report byte-identical (a failed/ folder aside) and nothing installed."""
    text = proc.stdout + proc.stderr
    assert proc.returncode == code, text
    assert "Traceback" not in text, text
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == errors and all(ln.startswith("error: ") for ln in lines), proc.stderr
    assert any(all(f in ln for f in fragments) for ln in lines), proc.stderr
    after = {k: v for k, v in tree_bytes(case.out).items() if "/failed/" not in k}
    assert after == case.before, sorted(set(after) ^ set(case.before))
    assert "installed" not in proc.stdout
    return lines[0]


def edit_csv(path: Path, change) -> None:
    """Let ``change`` edit the rows (dicts) of a CSV file, written back as UTF-8."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, match: dict, column: str, value: str) -> None:
    def change(rows):
        row = next(r for r in rows if all(r[k] == v for k, v in match.items()))
        row[column] = value

    edit_csv(path, change)


def edit_descriptor(data: Path, change) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def field_of(descriptor: dict, resource: str, name: str) -> dict:
    res = next(r for r in descriptor["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == name)
