#!/usr/bin/env python3
"""Build the report: ``python run_all.py --help`` lists the flags and examples.

Thin wrapper around :mod:`zonereport.builder.cli` so the command works from a checkout
(``python run_all.py``) and as the installed console script ``zonereport-build``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from zonereport.builder.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
