"""Text from data shows literally: escaped for HTML and for LaTeX, symbols in the fallback font."""

from __future__ import annotations

from zonereport.escape import html_text, latex_breakable, latex_text

HOSTILE = r"<script>alert(1)</script> & % $ # _ {} \input{../../secret} ~ ^ ★ 🚗 汽车"


def test_html_escapes_markup():
    out = html_text(HOSTILE)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out


def test_latex_escapes_every_special_character():
    out = latex_text(HOSTILE)
    assert r"\input" not in out.replace(r"\textbackslash{}input", "")
    for _raw, escaped in (("%", r"\%"), ("$", r"\$"), ("#", r"\#"), ("&", r"\&"), ("_", r"\_")):
        assert escaped in out
    assert r"\{\}" in out
    assert "汽车" in out  # CJK stays for xeCJK


def test_symbols_go_to_the_fallback_font():
    out = latex_text("★ 🚗")
    assert r"{\zrsymbolfont ★}" in out and r"{\zrsymbolfont 🚗}" in out


def test_identifiers_may_break_after_underscores():
    assert latex_breakable("ccgov_jp_2015") == r"ccgov\_\allowbreak{}jp\_\allowbreak{}2015"
