"""No text lost in the PDF.

Two halves:

- :func:`split_long_rows` rewrites the LaTeX of every ``longtable`` so that a row whose wrapping
  cell would be taller than a page becomes several rows (the cell's text continued in the rows
  below, the other cells empty). A longtable can break a page between rows but never inside
  one, so a 10,000-character quote in one row used to run off the bottom of the page.
- :func:`check_pdf_text` reads the finished PDF with ``pdftotext`` and checks that the beginning
  and the end of every table cell of the report are in it; the build fails otherwise.
  Texts are compared by their letters and digits only (NFKC), so typography (curly quotes,
  hyphenation, ligatures, line breaks, spaces between CJK glyphs) does not matter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from ..errors import BuildError

LINE_UNITS = 85  # Latin characters per \linewidth of small text (lower bound: wide glyphs)
LINES_PER_ROW = 36  # the most lines one row of a longtable may take (a page of small text holds about 60)
PROBE = 40  # letters and digits compared at each end of a cell

_COLUMN = re.compile(r"(?:>\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})?(p\{([0-9.]+)\\linewidth\}|[lrc])")
_LONGTABLE = re.compile(r"(\\begin\{longtable\}\{)(.*?)(\}\n)(.*?)(\\end\{longtable\})", re.S)


def _columns(spec: str) -> list[float | None]:
    """Width (fraction of \\linewidth) of each column; None for l, r, c (they do not wrap)."""
    return [float(m.group(2)) if m.group(2) else None for m in _COLUMN.finditer(spec)]


def _atoms(cell: str) -> list[str]:
    """A LaTeX cell in pieces that may be separated: commands with their {} groups, groups, characters."""
    atoms, i = [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", cell[i:], re.S)
            j = i + len(m.group(0))
            while j < len(cell) and cell[j] == "{":
                j = _group_end(cell, j)
            atoms.append(cell[i:j])
            i = j
        elif ch == "{":
            j = _group_end(cell, i)
            atoms.append(cell[i:j])
            i = j
        else:
            atoms.append(ch)
            i += 1
    return atoms


def _group_end(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    return len(text)


def _units(atom: str) -> int:
    if atom.startswith("\\allowbreak"):
        return 0
    if atom.startswith("\\") or atom.startswith("{"):
        visible = re.sub(r"\\[A-Za-z]+|[{}]", "", atom)
        return max(1, sum(2 if ord(c) > 0x2E80 else 1 for c in visible))
    return 2 if ord(atom) > 0x2E80 else 1


def _chunks(cell: str, budget: int) -> list[str]:
    """Split a cell into pieces of at most ``budget`` units, at a space where one is near.

    The last piece is never short (it is merged into the one before), so a cell's beginning
    and end each lie within one row: the PDF check compares them across no page break.
    """
    atoms = _atoms(cell)
    if sum(_units(a) for a in atoms) <= budget:
        return [cell]
    pieces: list[list[str]] = []
    current: list[str] = []
    used, last_space = 0, -1
    for atom in atoms:
        current.append(atom)
        used += _units(atom)
        if atom == " ":
            last_space = len(current)
        if used >= budget:
            cut = last_space if last_space > len(current) // 2 else len(current)
            pieces.append(current[:cut])
            current = current[cut:]
            used = sum(_units(a) for a in current)
            last_space = -1
    if current:
        pieces.append(current)
    if len(pieces) > 1 and sum(_units(a) for a in pieces[-1]) < min(budget // 2, 4 * PROBE):
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    return [text for text in ("".join(p).strip() for p in pieces) if text]


def _cells(row: str) -> list[str]:
    """Split a row at & outside braces (a \\url may hold a raw &) and not escaped."""
    cells, depth, start, i = [], 0, 0, 0
    while i < len(row):
        ch = row[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "&" and depth == 0:
            cells.append(row[start:i])
            start = i + 1
        i += 1
    cells.append(row[start:])
    return cells


def _split_body(body: str, widths: list[float | None]) -> str:
    head, sep, rows = body.rpartition("\\endlastfoot\n")
    if not sep:
        return body
    out = []
    for line in rows.split("\n"):
        stripped = line.rstrip()
        if not stripped.endswith("\\\\") or stripped.startswith("\\"):
            out.append(line)
            continue
        cells = _cells(stripped[:-2])
        if len(cells) != len(widths):
            out.append(line)
            continue
        pieces = [_chunks(c.strip(), int(LINE_UNITS * w * LINES_PER_ROW)) if w else [c.strip()]
                  for c, w in zip(cells, widths)]
        for k in range(max(len(p) for p in pieces)):
            out.append(" & ".join(p[k] if k < len(p) else "" for p in pieces) + " \\\\")
    return head + sep + "\n".join(out)


_TABULAR = re.compile(r"\\begin\{tabular\}\{(.*?)\}\n\\toprule\n(.*?\\\\)\n\\midrule\n(.*?)\\bottomrule\n\\end\{tabular\}", re.S)
TALL_TABLE_LINES = 20  # a tabular taller than this may not fit the rest of a page: make it a longtable


def _estimated_lines(rows: str, widths: list[float | None]) -> int:
    total = 0
    for line in rows.split("\n"):
        cells = _cells(line.rstrip().removesuffix("\\\\"))
        if len(cells) != len(widths):
            total += 1
            continue
        total += max(1, *(-(-sum(_units(a) for a in _atoms(c.strip())) // int(LINE_UNITS * w)) if w else 1
                          for c, w in zip(cells, widths)))
    return total


def tall_tabulars_to_longtables(latex: str) -> str:
    """A tabular is one box: taller than what is left of the page, it runs off the bottom and
    its last rows are lost. Tall ones become longtables (header repeated on each page)."""
    def fix(m: re.Match) -> str:
        spec, head, rows = m.group(1), m.group(2), m.group(3)
        widths = _columns(spec)
        if _estimated_lines(rows, widths) <= TALL_TABLE_LINES:
            return m.group(0)
        n = len(widths)
        return (f"\\begin{{longtable}}{{{spec}}}\n\\toprule\n{head}\n\\midrule\n\\endfirsthead\n"
                f"\\toprule\n{head}\n\\midrule\n\\endhead\n\\midrule\n\\multicolumn{{{n}}}{{r}}{{…}} \\\\\n"
                f"\\midrule\n\\endfoot\n\\bottomrule\n\\endlastfoot\n{rows}\\end{{longtable}}")

    return _TABULAR.sub(fix, latex)


def split_long_rows(latex: str) -> str:
    """Rewrite every longtable so no row is taller than a page (see the module docstring)."""
    latex = tall_tabulars_to_longtables(latex)

    def fix(m: re.Match) -> str:
        widths = _columns(m.group(2))
        return m.group(1) + m.group(2) + m.group(3) + _split_body(m.group(4), widths) + m.group(5)

    return _LONGTABLE.sub(fix, latex)


def canonical(text: str) -> str:
    """Letters and digits only, NFKC: what survives typesetting and text extraction."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def table_cells(nb) -> list[tuple[str, str]]:
    """(table title, cell text) for every cell and column header of every table in the report."""
    from ..elements import META_KEY

    cells = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            md = out.get("metadata", {}).get(META_KEY, {})
            if md.get("kind") != "table" or "rows" not in md:
                continue
            title = md.get("title") or md.get("number") or "a table"
            for value in [*md.get("columns", []), *(v for row in md["rows"] for v in row)]:
                cells.append((str(title), str(value)))
    return cells


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        raise BuildError("pdftotext not found: the PDF text check needs poppler-utils (make setup), "
                         "or build with --formats html")
    proc = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    if proc.returncode != 0:
        raise BuildError(f"{pdf}: pdftotext could not read it ({proc.stderr.decode(errors='replace').strip()})")
    return proc.stdout.decode("utf-8", errors="replace")


def missing_cells(text: str, cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The cells whose beginning or end is not in ``text`` (the PDF's text)."""
    body = canonical(text)
    missing = []
    for title, value in cells:
        c = canonical(value)
        if c and (c[:PROBE] not in body or c[-PROBE:] not in body):
            missing.append((title, value))
    return missing


def check_pdf_text(pdf: Path, nb) -> None:
    """Fail the build, in one line, if a table cell of the report is not in the PDF."""
    missing = missing_cells(pdf_text(pdf), table_cells(nb))
    if missing:
        title, value = missing[0]
        shown = value if len(value) <= 60 else value[:30] + "…" + value[-25:]
        raise BuildError(f"{pdf}: the PDF lost text of {len(missing)} table cell(s), e.g. in {title!r}: {shown!r} "
                         "(a cell too long for the page?)")
