"""Generated text: message catalogs per language, filled from computed values.

Each language has one catalog (``messages/zh.toml``, ``messages/en.toml``) with the same keys.
Templates use ``str.format`` fields; values are formatted by :mod:`zonereport.fmt` before
they are filled in, so no number is ever typed into a sentence.
"""

from __future__ import annotations

import string
import tomllib
from functools import lru_cache

from .config import LANGUAGES, MESSAGES_DIR
from .errors import UsageError


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The flattened message catalog of a language: ``{"growth.headline": "..."}``."""
    if lang not in LANGUAGES:
        raise UsageError(f"--lang {lang!r} is not available: choose from {', '.join(LANGUAGES)}")
    with open(MESSAGES_DIR / f"{lang}.toml", "rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def t(lang: str, key: str, /, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    try:
        template = catalog(lang)[key]
    except KeyError:
        raise KeyError(f"message {key!r} is missing from messages/{lang}.toml") from None
    return template.format(**values)


def fields(template: str) -> set[str]:
    """The names a template expects (used by the catalog-consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
