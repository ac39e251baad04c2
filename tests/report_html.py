"""What the report's HTML may contain: one inline script, the report's own (no src, nothing fetched)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT_JS = (ROOT / "src" / "zonereport" / "templates" / "zonereport_html" / "report.js").read_text(encoding="utf-8")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)


def scripts(html: str) -> list[tuple[str, str]]:
    return _SCRIPT.findall(html)


def assert_only_the_report_script(html: str) -> None:
    """Exactly one <script>: inline (no src, no type), and byte for byte the report's own."""
    found = scripts(html)
    assert len(found) == 1, [a for a, _ in found]
    attrs, body = found[0]
    assert attrs.strip() == "", attrs
    assert body.strip() == REPORT_JS.strip()
    assert html.lower().count("<script") == 1
