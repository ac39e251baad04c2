"""Checks that tie every number in ``data/`` to a text inside the repository.

Only the standard library is used, so the data package can be checked before anything else is
installed. The tests in this folder call these functions on the files in ``data/`` and, to
prove that the checks bite, on mutated in-memory copies of them.

Source texts (``data/sources/``)
    ``article.txt`` is the article, verbatim. Every other source has ``<source_id>.md`` whose
    section ``## Text`` holds the passages of that source (as the project's material quotes
    them); the rest of the file (address, dates, where the text was taken from, the listing it
    came with) is commentary and is not searched. A quote must be a substring of its source's
    text after whitespace normalisation (every run of whitespace becomes one space) — nothing
    else is normalised: not punctuation, not width, not traditional/simplified characters.

Number tokens of the article (:func:`tokens`)
    A token is one of
    * an Arabic number: digits, optionally with a decimal part or thousands separators
      (``598.8``, ``1,622,279``), together with any Latin letters or digits glued to it, so a
      model name such as ``RAV4`` is one token; a following 万/亿 belongs to the unit (the data
      keep ``200`` with unit ``万辆``) and is not a token of its own;
    * a run of Chinese numerals: it starts with one of 〇一二两三四五六七八九十百千万亿 and may
      continue with those and 零 (零 cannot start a run: on its own it is a word, as in
      零部件 "parts"); a run directly after an Arabic digit is a unit (5000万) and is skipped;
    * the rank word 之首 ("the first of"), the one way the article writes a rank without a
      numeral.
    Tokens are counted in text order; ``occurrence`` is the n-th time the same token text
    appears (1-based). A token's ``context`` is the article text from 10 characters before it
    to 10 characters after it, whitespace normalised.

Article map (``data/article_map.csv``)
    One row per token. ``mapping`` is ``observation`` — then ``entity_id``, ``period``,
    ``indicator_id``, ``relative_to`` name the article row (its primary key; ``source_id`` is
    ``article``) and ``value``, ``unit``, ``qualifier`` must equal that row's — or one of the
    reasons in :data:`REASONS`, with the observation columns empty.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCES_DIR = DATA / "sources"
ARTICLE = SOURCES_DIR / "article.txt"
ARTICLE_MAP = DATA / "article_map.csv"
ARTICLE_ID = "article"
TEXT_HEADING = "## Text"

REASONS = {
    "date": "a date or the period itself (2025年, 5月底, 今年7月)",
    "name": "part of a name: company (一汽), model (RAV4), plan (十四五), campaign or programme, project phase",
    "idiom": "a word or idiom, not a quantity (一个 'a', 新一轮 'a new round', 千方百计, 唯一)",
    "threshold": "a bound other figures are compared with (5000万元以上, 超过千亿元), recorded in a row's note",
    "history": "a historical first or span with no measured figure for the zone (第一辆汽车, 七十余年)",
}
MAP_FIELDS = ["token", "occurrence", "source_id", "quote", "mapping", "entity_id", "period", "indicator_id",
              "relative_to", "value", "unit", "qualifier", "note"]
OBS_FIELDS = ["entity_id", "period", "indicator_id", "relative_to", "value", "unit", "qualifier"]
CONTEXT_CHARS = 10

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
RANK_WORDS = {"之首": 1}

_START = "〇一二两三四五六七八九十百千万亿"
_CONTINUE = _START + "零"
TOKEN = re.compile(
    "|".join([
        "|".join(map(re.escape, RANK_WORDS)),
        r"[A-Za-z]*\d{1,3}(?:,\d{3})+(?:\.\d+)?[A-Za-z0-9]*",
        r"[A-Za-z]*\d+(?:\.\d+)?[A-Za-z0-9]*",
        r"(?<![0-9])[" + _START + r"][" + _CONTINUE + r"]*",
    ])
)


def normalise(text: str) -> str:
    """Whitespace runs to one space, ends stripped: the only normalisation the quote check makes."""
    return re.sub(r"\s+", " ", text).strip()


def parse_chinese(run: str) -> int | None:
    """Value of a well-formed run of Chinese numerals (五 → 5, 七十 → 70, 一百零五 → 105, 千亿 → 10**11,
    二〇二五 → 2025 read digit by digit); None for runs that are not one number (十四五, a plan's name)."""
    if run and all(ch in CN_DIGITS for ch in run):  # digit by digit, as in a year: 二〇二五 → 2025
        return int("".join(str(CN_DIGITS[ch]) for ch in run))
    total, section, number, last_digit = 0, 0, None, False
    for ch in run:
        if ch in CN_DIGITS:
            if last_digit and CN_DIGITS[ch] != 0:
                return None  # two digits in a row: not one number
            number, last_digit = CN_DIGITS[ch], CN_DIGITS[ch] != 0
        elif ch in CN_UNITS:
            section += (1 if number is None else number) * CN_UNITS[ch]
            number, last_digit = None, False
        elif ch in CN_BIG:
            section += number or 0
            total += (section or 1) * CN_BIG[ch]
            section, number, last_digit = 0, None, False
        else:
            return None
    return total + section + (number or 0)


def token_value(token: str) -> float | None:
    """The number a token writes (598.8, 1622279, 五 → 5, 之首 → 1), or None (RAV4, 十四五)."""
    if token in RANK_WORDS:
        return float(RANK_WORDS[token])
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", token):
        return float(token.replace(",", ""))
    if re.search(r"[A-Za-z]", token):
        return None
    value = parse_chinese(token)
    return None if value is None else float(value)


def tokens(text: str) -> list[dict]:
    """Every number token of ``text``, in order, with occurrence and context."""
    seen: dict[str, int] = {}
    out = []
    for m in TOKEN.finditer(text):
        seen[m.group()] = seen.get(m.group(), 0) + 1
        out.append({
            "token": m.group(), "occurrence": seen[m.group()], "start": m.start(), "end": m.end(),
            "context": normalise(text[max(0, m.start() - CONTEXT_CHARS):m.end() + CONTEXT_CHARS]),
        })
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def source_text(source_id: str, sources_dir: Path = SOURCES_DIR) -> str:
    """The checked text of a source: article.txt whole, or the ``## Text`` section of <id>.md."""
    txt = sources_dir / f"{source_id}.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    md = sources_dir / f"{source_id}.md"
    if not md.exists():
        raise FileNotFoundError(f"{sources_dir}: no text for source {source_id!r} ({source_id}.txt or .md)")
    body = md.read_text(encoding="utf-8")
    parts = re.split(r"^" + re.escape(TEXT_HEADING) + r"[ \t]*$", body, maxsplit=1, flags=re.M)
    if len(parts) != 2:
        raise ValueError(f"{md}: no section {TEXT_HEADING!r}")
    return re.split(r"^## ", parts[1], maxsplit=1, flags=re.M)[0]


# -- quotes ----------------------------------------------------------------------------------

CODE = re.compile(r"""^\s*[\(\[\{]\s*["'].*["']\s*[\)\]\}]\s*,?\s*$|`|\b(?:def|lambda|import)\s|\b[a-z]+_[a-z0-9_]+\s*[=:]""")


def check_quotes(rows: list[dict[str, str]], texts: dict[str, str], table: str) -> list[str]:
    """Each row's quote (when it has a source) must be in its source's text; no quote is code."""
    problems = []
    normalised = {k: normalise(v) for k, v in texts.items()}
    for n, row in enumerate(rows, start=2):
        sid, quote = row.get("source_id", ""), row.get("quote", "")
        if not sid and not quote:
            continue
        where = f"{table} row {n} ({sid})"
        if not sid or not quote.strip():
            problems.append(f"{where}: a quote needs a source and a source needs a quote")
        elif sid not in normalised:
            problems.append(f"{where}: no source text for {sid!r} in data/sources/")
        elif CODE.search(quote):
            problems.append(f"{where}: the quote looks like code, not text of a document: {quote[:60]!r}")
        elif normalise(quote) not in normalised[sid]:
            problems.append(f"{where}: quote is not text of its source: {quote[:60]!r}")
    return problems


# -- the article map -------------------------------------------------------------------------

def _key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return (row["entity_id"], row["period"], row["indicator_id"], row["relative_to"])


def _same_number(a: str, b: float | None) -> bool:
    try:
        return b is not None and math.isclose(float(a), b, rel_tol=1e-12, abs_tol=1e-12)
    except ValueError:
        return False


def check_article_map(article: str, map_rows: list[dict[str, str]], observations: list[dict[str, str]]) -> list[str]:
    """Every problem between the article's tokens, the map and the article's observations."""
    problems: list[str] = []
    found = tokens(article)
    by_token = {(t["token"], t["occurrence"]): t for t in found}
    article_rows: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
    for row in observations:
        if row["source_id"] == ARTICLE_ID:
            article_rows.setdefault(_key(row), []).append(row)
    targeted: set[tuple[str, str, str, str]] = set()
    mapped: set[tuple[str, int]] = set()

    for n, m in enumerate(map_rows, start=2):
        where = f"article_map.csv row {n} ({m.get('token')!r} #{m.get('occurrence')})"
        if list(m) != MAP_FIELDS:
            problems.append(f"{where}: columns must be {MAP_FIELDS}")
            continue
        try:
            ident = (m["token"], int(m["occurrence"]))
        except ValueError:
            problems.append(f"{where}: occurrence must be a whole number")
            continue
        if ident in mapped:
            problems.append(f"{where}: the token is mapped twice")
            continue
        mapped.add(ident)
        tok = by_token.get(ident)
        if tok is None:
            problems.append(f"{where}: the article has no such token")
            continue
        if m["source_id"] != ARTICLE_ID:
            problems.append(f"{where}: source_id must be {ARTICLE_ID!r} (the map covers the article only)")
        if m["quote"] != tok["context"]:
            problems.append(f"{where}: quote {m['quote']!r} is not the article's text around the token {tok['context']!r}")
        if m["mapping"] == "observation":
            key = _key(m)
            rows = article_rows.get(key, [])
            if not rows:
                problems.append(f"{where}: maps to a missing article row {' / '.join(key)}")
                continue
            if len(rows) > 1:
                problems.append(f"{where}: maps to {len(rows)} article rows {' / '.join(key)}")
                continue
            row = rows[0]
            targeted.add(key)
            for field in ("value", "unit", "qualifier"):
                if m[field] != row[field]:
                    problems.append(f"{where}: {field} is {row[field]!r} in observations.csv, the map expects {m[field]!r}")
            if not _same_number(m["value"], token_value(tok["token"])):
                problems.append(f"{where}: the token writes {token_value(tok['token'])}, the map says {m['value']!r}")
            quote_spans = [(x.start(), x.start() + len(row["quote"])) for x in re.finditer(re.escape(row["quote"]), article)]
            if not any(s <= tok["start"] and tok["end"] <= e for s, e in quote_spans):
                problems.append(f"{where}: the token does not stand in the row's quote")
        elif m["mapping"] in REASONS:
            if any(m[f] for f in OBS_FIELDS):
                problems.append(f"{where}: a reason ({m['mapping']}) takes no observation fields")
            after, before = article[tok["end"]:tok["end"] + 4], article[max(0, tok["start"] - 2):tok["start"]]
            if m["mapping"] == "date" and after[:1] not in ("年", "月", "日"):
                problems.append(f"{where}: 'date' but the token is not followed by 年, 月 or 日")
            if m["mapping"] == "threshold" and "以上" not in after and "超过" not in before:
                problems.append(f"{where}: 'threshold' but no 以上 after it or 超过 before it")
        else:
            problems.append(f"{where}: mapping {m['mapping']!r} is neither 'observation' nor one of {sorted(REASONS)}")

    for t in found:
        if (t["token"], t["occurrence"]) not in mapped:
            problems.append(f"token {t['token']!r} #{t['occurrence']} is not in article_map.csv: …{t['context']}…")
    for key in article_rows:
        if key not in targeted:
            problems.append(f"observations.csv article row {' / '.join(key)} is not the target of any token in article_map.csv")
    return problems


# -- the readable view in data/README.md -----------------------------------------------------

VIEW_START = "<!-- article-map:start (generated from data/article_map.csv by tests/data/provenance.py render_map; do not edit by hand) -->"
VIEW_END = "<!-- article-map:end -->"


def render_map(map_rows: list[dict[str, str]]) -> str:
    """data/article_map.csv as a Markdown table for data/README.md."""
    qual = {"exact": "", "more_than": " (more than)", "over": " (余, over)", "nearly": " (近, nearly)", "about": " (about)", "at_least": " (at least)"}
    lines = ["| token | # | where in the article | mapping | row, or why it is not a figure |", "|---|---|---|---|---|"]
    for m in map_rows:
        if m["mapping"] == "observation":
            rel = f" (relative to {m['relative_to']})" if m["relative_to"] else ""
            what = f"{m['entity_id']} / {m['period']} / {m['indicator_id']}{rel} = {m['value']} {m['unit']}{qual.get(m['qualifier'], m['qualifier'])}"
        else:
            what = m["note"]
        cells = [f"`{m['token']}`", m["occurrence"], f"…{m['quote']}…", m["mapping"], what]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def readme_view(readme: str) -> str | None:
    """The generated table as it stands in data/README.md, or None if the markers are missing."""
    if VIEW_START not in readme or VIEW_END not in readme:
        return None
    return readme.split(VIEW_START, 1)[1].split(VIEW_END, 1)[0].strip()
