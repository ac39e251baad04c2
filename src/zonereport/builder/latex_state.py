"""What XeLaTeX needs from the previous build to typeset the report in one pass.

XeLaTeX writes the table of contents, the PDF bookmarks and the cross-references to auxiliary
files (``.aux``, ``.toc``, ``.out``) and reads them on the next pass. They are kept beside the
report's manifest (``<report>/latex-aux/``), with a fingerprint of the document's structure: its
headings, captions and labels. When the next build has the same structure, the kept files are
put back and one pass is tried (render._run_xelatex checks that it wrote them back unchanged).

The same files are also remembered in the user's cache under the structure's fingerprint
(:func:`remember`, :func:`remembered`): a report built into a new folder (another ``--out``, a
clean checkout) whose structure this machine has typeset before starts from them too. Being
checked the same way, a remembered file that no longer fits costs the second pass, never a wrong
page number.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

FOLDER = "latex-aux"  # in the report directory, beside manifest.json
SUFFIXES = (".aux", ".toc", ".out")
STRUCTURE_FILE = "structure.sha256"
STRUCTURE = re.compile(r"\\(?:part|chapter|(?:sub)*section|paragraph|caption|label|tableofcontents|appendix)\b\*?.*")


def structure(tex: Path) -> str:
    """A fingerprint of the headings, captions and labels of a LaTeX source."""
    lines = STRUCTURE.findall(tex.read_text(encoding="utf-8"))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def names(stem: str) -> list[str]:
    """Every file this module keeps for a LaTeX source named ``stem``."""
    return [f"{stem}{suffix}" for suffix in SUFFIXES] + [STRUCTURE_FILE]


def files(folder: Path, stem: str) -> list[Path]:
    """The auxiliary files that exist (.out only when hyperref writes bookmarks that way)."""
    return [folder / f"{stem}{suffix}" for suffix in SUFFIXES if (folder / f"{stem}{suffix}").is_file()]


def read(folder: Path, stem: str) -> dict[str, bytes]:
    return {p.suffix: p.read_bytes() for p in files(folder, stem)}


def matches(previous: Path, tex: Path) -> bool:
    """The previous build left its auxiliary files, and the structure is the same."""
    try:
        kept = (previous / STRUCTURE_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return (previous / f"{tex.stem}.aux").is_file() and kept == structure(tex)


def restore(previous: Path, workdir: Path, stem: str) -> dict[str, bytes]:
    """Copy the kept files next to the source; return their contents."""
    for p in files(previous, stem):
        shutil.copyfile(p, workdir / p.name)
    return read(workdir, stem)


def save(workdir: Path, stem: str, dest: Path) -> None:
    """Keep this build's auxiliary files and structure in ``dest`` (installed with the report)."""
    dest.mkdir(parents=True, exist_ok=True)
    for p in files(workdir, stem):
        shutil.copyfile(p, dest / p.name)
    (dest / STRUCTURE_FILE).write_text(structure(workdir / f"{stem}.tex") + "\n", encoding="utf-8")


REMEMBERED_KEEP = 32  # structures remembered in the user's cache (the most recently used)


def _remembered_root() -> Path:
    from ..config import user_cache_dir

    return user_cache_dir() / "latex-aux"


def remembered(tex: Path) -> Path | None:
    """The folder of auxiliary files remembered for this source's structure, if any."""
    folder = _remembered_root() / structure(tex)
    if matches(folder, tex):
        try:
            os.utime(folder)
        except OSError:
            pass
        return folder
    return None


def remember(workdir: Path, stem: str) -> None:
    """Remember this build's auxiliary files under its structure's fingerprint (best effort)."""
    root = _remembered_root()
    fingerprint = structure(workdir / f"{stem}.tex")
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".part-"))
        save(workdir, stem, tmp)
        target = root / fingerprint
        if target.exists():
            old = root / f".old-{fingerprint}-{os.getpid()}"
            os.replace(target, old)
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, target)
        import time

        entries = list(root.iterdir())
        kept = sorted((p for p in entries if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
        stale = [p for p in entries if p.name.startswith(".") and p.stat().st_mtime < time.time() - 3600]
        for old in kept[REMEMBERED_KEEP:] + stale:  # the oldest, and what killed builds left half-written
            shutil.rmtree(old, ignore_errors=True)
    except OSError:  # no cache folder, or another build renamed first: only the next cold build is slower
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
