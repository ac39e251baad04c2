"""Mark runs of another language in the report's HTML with ``lang``, so screen readers switch
voice and browsers pick the right fonts: in the English edition, Chinese, Japanese and Korean
runs (original titles, quotes, glosses such as 余); in the Chinese edition, English phrases of two
or more words (original titles, the glossary's English column) and Japanese or Korean quotes.

Works on the finished HTML: only text between tags inside ``<main>`` changes, never a tag, an
attribute, a chart (``<svg>``), a script or a style. Deterministic, so builds stay byte-identical.
"""

from __future__ import annotations

import html
import re

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_LETTER = f"{_HAN}{_KANA}{_HANGUL}"
_OPEN = "《「『“‘（【〔"
_CLOSE = "》」』”’）】〕。，、；：！？"
_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
# A run: starts with a CJK letter or opening mark; may hold CJK punctuation, digits, ASCII marks,
# upper-case abbreviations (GDP, PPE) and single spaces (Korean spaces its words); ends on a CJK
# letter or closing mark.
_CJK_RUN = re.compile(
    f"[{_LETTER}{_OPEN}](?:[{_LETTER}{_PUNCT}0-9.,%()\\-+/:~'\"]|[A-Z]{{1,6}}| (?=[^ ]))*[{_LETTER}{_CLOSE}]"
    f"|[{_LETTER}]"
)
_KANA_RE = re.compile(f"[{_KANA}]")
_HANGUL_RE = re.compile(f"[{_HANGUL}]")
# Two or more Latin words: an English phrase or title inside Chinese text.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’.&\-]*(?:[ ,:/()\-]+[A-Za-z0-9][A-Za-z0-9'’.&\-]*)+[A-Za-z0-9.)]?")
_TAG = re.compile(r"(<[^>]*>)")
_SKIP_OPEN = re.compile(r"<(svg|script|style|title|code)\b", re.I)
_SKIP_CLOSE = re.compile(r"</(svg|script|style|title|code)\s*>", re.I)


def _cjk_lang(run: str) -> str:
    if _HANGUL_RE.search(run):
        return "ko"
    if _KANA_RE.search(run):
        return "ja"
    return "zh"


def _wrap_en_edition(text: str) -> list[tuple[str, str | None]]:
    pieces, last = [], 0
    for m in _CJK_RUN.finditer(text):
        pieces.append((text[last:m.start()], None))
        pieces.append((m.group(0), _cjk_lang(m.group(0))))
        last = m.end()
    pieces.append((text[last:], None))
    return pieces


def _wrap_zh_edition(text: str) -> list[tuple[str, str | None]]:
    marks = [(m.start(), m.end(), "en") for m in _LATIN_RUN.finditer(text) if re.search(r"[a-z]{2}", m.group(0))]
    marks += [(m.start(), m.end(), _cjk_lang(m.group(0))) for m in _CJK_RUN.finditer(text)
              if _cjk_lang(m.group(0)) != "zh"]
    marks.sort()
    pieces, last = [], 0
    for start, end, lang in marks:
        if start < last:
            continue
        pieces.append((text[last:start], None))
        pieces.append((text[start:end], lang))
        last = end
    pieces.append((text[last:], None))
    return pieces


def _mark(segment: str, edition: str) -> str:
    text = html.unescape(segment)
    pieces = (_wrap_en_edition if edition == "en" else _wrap_zh_edition)(text)
    if all(lang is None for _, lang in pieces):
        return segment
    return "".join(html.escape(t, quote=False) if lang is None else f'<span lang="{lang}">{html.escape(t, quote=False)}</span>'
                   for t, lang in pieces if t)


def mark_languages(page: str, edition: str) -> str:
    """``page`` with runs in other languages wrapped in ``<span lang=…>``; ``edition``: zh or en."""
    start = page.find("<main")
    end = page.rfind("</main>")
    if start < 0 or end < 0 or edition not in ("zh", "en"):
        return page
    parts = _TAG.split(page[start:end])
    depth = 0
    out = []
    for part in parts:
        if part.startswith("<"):
            if _SKIP_OPEN.match(part) and not part.endswith("/>"):
                depth += 1
            elif _SKIP_CLOSE.match(part):
                depth = max(0, depth - 1)
            out.append(part)
        elif depth == 0 and part.strip():
            out.append(_mark(part, edition))
        else:
            out.append(part)
    return page[:start] + "".join(out) + page[end:]
