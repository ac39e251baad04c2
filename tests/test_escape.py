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


def test_urls_keep_tex_specials_literal():
    from zonereport.escape import latex_url

    out = latex_url(r"http://x/a^^5c^^41^^42{}%#~\y")
    assert "^^" not in out  # TeX would read ^^5c as a backslash, ^^41^^42 as AB
    assert out.count(r"\string^") == 6 and "{}" in out and r"\%" in out and r"\#" in out and r"\\y" in out
    assert latex_url("http://x/{a") == r"http://x/\%7Ba"  # an unpaired brace cannot end \url early
    assert latex_url("http://x/\x00a\u202eb") == "http://x/ab"


def test_spreadsheet_cells_never_start_a_formula():
    from zonereport.escape import spreadsheet_text

    for hostile in ('=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet_text(hostile) == "'" + hostile
    for number in ("-6.9", "+5.5%", "-1,234.5", "−6.9", "6.9", "汽开区", ""):
        assert spreadsheet_text(number) == number
    assert spreadsheet_text(-6.9) == -6.9


def test_terminal_text_shows_control_characters_escaped():
    from zonereport.escape import terminal_text

    assert terminal_text("a\x1b[31mb\x07\u202ec\u2066d") == "a\\x1b[31mb\\x07\\u202ec\\u2066d"
    assert terminal_text("汽开区 CAETDZ") == "汽开区 CAETDZ"
