"""Central paths and defaults. Command-line flags and notebook parameters take their defaults here."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository root when running from a checkout (src layout); notebooks and data live there.
PROJECT_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("ZONEREPORT_DATA_DIR", PROJECT_ROOT / "data"))
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
MESSAGES_DIR = PACKAGE_DIR / "messages"


def user_cache_dir() -> Path:
    """Where the build keeps what it can make again (chart font cuts, validated data):
    ``$XDG_CACHE_HOME/zonereport`` or ``~/.cache/zonereport``; deleting it only costs time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zonereport"

DEFAULT_ZONE = "caetdz"
DEFAULT_PERIOD = "2025H1"
# Reference years of the national economic censuses; regional GDP levels were revised after each.
CENSUS_YEARS = (2004, 2008, 2013, 2018, 2023)  # the first to fifth national economic censuses
FORMATS = ("html", "pdf")

# Chinese-capable fonts, from Debian's fonts-noto-cjk; symbols fall back to fonts-symbola.
CJK_SANS = "Noto Sans CJK SC"
CJK_SERIF = "Noto Serif CJK SC"
SYMBOL_FONT = "Symbola"

# Debian packages the PDF needs (installed by `make report` / .ci/run when root).
DEBIAN_PACKAGES = (
    "texlive-xetex",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "texlive-plain-generic",
    "texlive-lang-chinese",
    "texlive-lang-cjk",
    "fonts-noto-cjk",
    "fonts-symbola",
    "pandoc",
    "poppler-utils",
)
