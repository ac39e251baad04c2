"""Escaping text from data files for HTML and LaTeX, so it shows literally and never runs.

Entity names, quotes and notes come from CSV files an analyst edits; they may contain
``<script>``, ``&``, ``%``, ``$``, ``\\input{...}`` or emoji. HTML gets entity escaping;
LaTeX gets every special character escaped, and symbols outside the CJK and Latin fonts are
set in the fallback symbol font (Symbola), so the PDF shows them instead of dropping them.
"""

from __future__ import annotations

import html
import re
import unicodedata

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\u00a0": "~",
}

# Ranges the main fonts (Latin Modern via fontspec, Noto CJK via xeCJK) cover.
_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F), (0x31C0, 0x31EF),
    (0x3200, 0x32FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
_LONG_RUN = 40
_RUN_BREAK = 20
_TEXT_PUNCTUATION = set("–—‘’“”…·•′″‰€£¥°±×÷²³µ¼½¾→←↑↓−•")


def html_text(text: object) -> str:
    """Text for an HTML element body or attribute value."""
    return html.escape(str(text), quote=True)


def _needs_symbol_font(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x250 or ch in _TEXT_PUNCTUATION:
        return False
    if any(lo <= cp <= hi for lo, hi in _CJK_RANGES):
        return False
    if 0x370 <= cp <= 0x3FF or 0x400 <= cp <= 0x4FF:  # Greek, Cyrillic: in Latin Modern / Noto
        return False
    return unicodedata.category(ch) not in ("Mn", "Cf", "Zs")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _run_lengths(text: str) -> list[int]:
    """For each character, the length of the run of non-space, non-CJK characters it is in (else 0)."""
    lengths = [0] * len(text)
    start = 0
    for i in range(len(text) + 1):
        if i == len(text) or text[i].isspace() or _is_cjk(text[i]):
            for j in range(start, i):
                lengths[j] = i - start
            start = i + 1
    return lengths


def latex_text(text: object) -> str:
    """Text safe for LaTeX body: special characters escaped, symbols in the fallback font.

    A run of more than ``_LONG_RUN`` characters with no space (a pasted hash, a long address)
    may break every ``_RUN_BREAK`` characters, so it wraps instead of running off the page.
    """
    text = str(text)
    runs = _run_lengths(text)
    out = []
    position = 0  # characters since the start of the current run
    for ch, run in zip(text, runs):
        position = position + 1 if run else 0
        if ch in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[ch])
        elif ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf") or ch in "\ufe0f\u200d":
            continue  # control characters and emoji variation selectors/joiners
        elif _needs_symbol_font(ch):
            out.append(r"{\zrsymbolfont " + ch + "}")
        else:
            out.append(ch)
        if run > _LONG_RUN and position % _RUN_BREAK == 0 and position < run:
            out.append(r"\allowbreak{}")
    return "".join(out)


def latex_url(url: str) -> str:
    """A URL for ``\\url{…}`` (hyperref), printed literally, whatever characters it holds.

    Inside hyperref's ``\\url`` the backslash still starts a command and ``^^`` is still TeX's
    character-code notation, while ``% # ~ & $ _`` and balanced braces print as they are. So:
    ``\\`` becomes ``\\\\`` (prints one backslash), each ``^`` becomes ``\\string^`` (``^^5c`` can
    never turn into a backslash, ``^^41^^42`` prints as written), ``%`` and ``#`` are escaped,
    and braces that do not pair up are percent-encoded (``%7B``, ``%7D``), which a browser
    reads as the same address. Control characters are dropped.
    """
    balanced = _braces_balanced(url)
    out = []
    for ch in url:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "^":
            out.append("\\string^")
        elif ch in "%#":
            out.append("\\" + ch)
        elif ch in "{}" and not balanced:
            out.append("\\%7B" if ch == "{" else "\\%7D")
        elif unicodedata.category(ch) in ("Cc", "Cf") or ch.isspace():
            continue
        else:
            out.append(ch)
    return "".join(out)


def _braces_balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def terminal_text(text: object) -> str:
    """Text for a terminal: control characters and bidi overrides shown as ``\\xNN`` / ``\\uNNNN``,
    so data can never move the cursor, recolour the screen or reorder a line."""
    out = []
    for ch in str(text):
        cp = ord(ch)
        if unicodedata.category(ch) in ("Cc", "Cf") or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            out.append(f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)


def spreadsheet_text(value: object) -> object:
    """A cell for a CSV download, neutralised against formula injection (OWASP): text that
    starts with = + - @, a tab or a carriage return gets a leading single quote, unless it is
    a plain number such as -6.9 or +5.5%, which a spreadsheet reads as a number anyway."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_START:
        return value
    if _PLAIN_NUMBER.match(value):
        return value
    return "'" + value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def latex_breakable(text: object) -> str:
    """An identifier that may break after _ . / - (source ids, file names)."""
    out = latex_text(text)
    for token in (r"\_", ".", "/", "-"):
        out = out.replace(token, token + r"\allowbreak{}")
    return out
