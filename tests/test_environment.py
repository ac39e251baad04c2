"""environment.yml (conda users) and pyproject.toml list the same dependencies and ranges."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT


def _pyproject_deps() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    out = {}
    for d in deps:
        m = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", d)
        out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def _conda_deps() -> dict[str, str]:
    out = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - ([A-Za-z0-9_.-]+)\s*([<>=!~,.\d\w]*)\s*$", line)
        if in_deps and m and m.group(1) not in ("python", "pip"):
            out[m.group(1).lower()] = m.group(2)
    return out


def test_same_packages_and_ranges():
    assert _conda_deps() == _pyproject_deps()


def test_required_packages_are_declared():
    deps = _pyproject_deps()
    for name in ("jupyter", "pandas", "seaborn", "papermill", "nbconvert"):
        assert name in deps and deps[name], name


def test_constraints_pin_every_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.lower().replace("_", "-")] = version.strip()
    for name in _pyproject_deps():
        assert name.replace("_", "-") in pins, f"{name} not pinned in constraints.txt"
