"""The LaTeX rewrite that keeps long table cells on the page, and the text comparison."""

from __future__ import annotations

import re

from zonereport.builder.pdftext import (
    _cells,
    canonical,
    missing_cells,
    split_long_rows,
    tall_tabulars_to_longtables,
)

HEAD = ("\\begin{longtable}{l>{\\raggedright\\arraybackslash}p{0.500\\linewidth}}\n\\toprule\nA & B \\\\\n"
        "\\midrule\n\\endfirsthead\n\\endhead\n\\endfoot\n\\bottomrule\n\\endlastfoot\n")


def _rows(latex: str) -> list[str]:
    body = latex.split("\\endlastfoot\n", 1)[1].split("\\end{longtable}", 1)[0]
    return [r for r in body.split("\n") if r.strip()]


def test_a_long_cell_is_continued_in_rows_below_with_nothing_lost():
    words = " ".join(f"word{i}" for i in range(3000))
    rows = _rows(split_long_rows(HEAD + f"x \\& y & {words} \\\\\n\\end{{longtable}}"))
    assert len(rows) > 5
    assert rows[0].startswith("x \\& y & ") and all(r.startswith(" & ") for r in rows[1:])
    rebuilt = " ".join(_cells(r.removesuffix(" \\\\"))[1].strip() for r in rows)
    assert rebuilt == words


def test_an_unbroken_string_is_cut_between_commands_never_inside_one():
    cell = "\\allowbreak{}".join(["abcdefghij"] * 2000) + "{\\zrsymbolfont ★}"
    rows = _rows(split_long_rows(HEAD + f"x & {cell} \\\\\n\\end{{longtable}}"))
    pieces = [_cells(r.removesuffix(" \\\\"))[1].strip() for r in rows]
    assert "".join(pieces) == cell
    assert all(p.count("{") == p.count("}") for p in pieces)


def test_the_last_piece_is_never_short():
    cell = "a" * 20000 + " tail"
    rows = _rows(split_long_rows(HEAD + f"x & {cell} \\\\\n\\end{{longtable}}"))
    assert len(_cells(rows[-1].removesuffix(" \\\\"))[1].strip()) > 100


def test_a_raw_ampersand_inside_a_url_is_not_a_column():
    assert _cells(r"a & \url{http://x/?a=1&b=2} & c") == ["a ", r" \url{http://x/?a=1&b=2} ", " c"]


def test_a_tall_tabular_becomes_a_longtable_a_short_one_stays():
    rows = "".join(f"r{i} & {'text ' * 40} \\\\\n" for i in range(30))
    tall = f"\\begin{{tabular}}{{lp{{0.5\\linewidth}}}}\n\\toprule\nA & B \\\\\n\\midrule\n{rows}\\bottomrule\n\\end{{tabular}}"
    out = tall_tabulars_to_longtables(tall)
    assert "\\begin{longtable}" in out and "\\endhead" in out and out.count("r1 &") == 1
    short = "\\begin{tabular}{ll}\n\\toprule\nA & B \\\\\n\\midrule\nx & y \\\\\n\\bottomrule\n\\end{tabular}"
    assert tall_tabulars_to_longtables(short) == short


def test_comparison_ignores_typography_but_not_lost_text():
    pdf = "The zone’s ﬁgure grew 5.5 %, accord-\ning to 长春 汽开区\nPage 3 of 9"
    assert missing_cells(pdf, [("t", "The zone's figure grew 5.5%, according to 长春汽开区")]) == []
    assert missing_cells(pdf, [("t", "a sentence the PDF dropped")]) == [("t", "a sentence the PDF dropped")]
    assert canonical("ａｂ１") == "ab1" and re.fullmatch(r"\w*", canonical("x—y “z”"))
