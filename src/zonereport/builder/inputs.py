"""What a build depends on, hashed, so unchanged inputs rebuild nothing.

This module is on the no-op path: it must not import pandas, frictionless, papermill or
nbformat (each costs about a second). It reads notebooks as JSON and hashes bytes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..config import PACKAGE_DIR

KEY_LIBRARIES = ("papermill", "nbconvert", "nbclient", "pandas", "matplotlib", "seaborn", "frictionless", "ipykernel")


@dataclass(frozen=True)
class NotebookSpec:
    path: Path

    @property
    def name(self) -> str:  # "01_growth"
        return self.path.stem

    @property
    def number(self) -> int:
        return int(self.name.split("_", 1)[0])


def discover(notebooks_dir: Path) -> list[NotebookSpec]:
    return [NotebookSpec(p) for p in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb"))]


def _sha(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(hashlib.sha256(c).digest())
    return h.hexdigest()


def notebook_source_hash(path: Path) -> str:
    """Hash of a notebook's cells' sources and types, not its outputs or run metadata."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c.get("cell_type"), "".join(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", [])))
             for c in nb.get("cells", [])]
    return _sha(json.dumps(cells, ensure_ascii=False).encode())


def tree_hash(root: Path, suffixes: tuple[str, ...]) -> str:
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts)
    return _sha(*(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() for p in files))


def data_files_hash(data_dir: Path) -> str:
    return tree_hash(data_dir, (".csv", ".json", ".xlsx"))


def package_hash() -> str:
    return tree_hash(PACKAGE_DIR, (".py", ".j2", ".json", ".css", ".toml"))


def library_versions() -> dict[str, str]:
    out = {}
    for name in KEY_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def combine(*parts: str) -> str:
    return _sha(*(p.encode() for p in parts))
