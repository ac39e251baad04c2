"""The message catalogs: same keys and fields in both languages, and every call site in the
package fills exactly the fields its template needs (checked statically, so a sentence that
only one data set reaches cannot fail at build time)."""

import ast

import pytest

from zonereport.config import PACKAGE_DIR
from zonereport.locale import fields, get_locale

LANGS = ("zh", "en")


def test_catalogs_have_the_same_keys():
    zh, en = get_locale("zh").catalog, get_locale("en").catalog
    assert set(zh) - set(en) == set(), "keys only in zh"
    assert set(en) - set(zh) == set(), "keys only in en"


@pytest.mark.parametrize("key", sorted(get_locale("zh").catalog))
def test_templates_take_the_same_fields_in_both_languages(key):
    assert fields(get_locale("zh").catalog[key]) == fields(get_locale("en").catalog[key])


def _call_sites():
    """(file, line, key, keyword names) for every t("key", ...) / say("key", ...) with a literal key."""
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("t", "say", "message"):
                continue
            args = node.args[1:] if name in ("t", "message") and len(node.args) >= 2 and not (
                isinstance(node.args[0], ast.Constant) and "." in str(node.args[0].value)) else node.args
            key_node = next((a for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)), None)
            if key_node is None or "." not in key_node.value:
                continue
            if any(kw.arg is None for kw in node.keywords):
                continue  # **values: checked at run time
            yield path.relative_to(PACKAGE_DIR.parent), node.lineno, key_node.value, {kw.arg for kw in node.keywords}


SITES = list(_call_sites())


def test_call_sites_were_found():
    assert len(SITES) > 50


@pytest.mark.parametrize("site", SITES, ids=[f"{s[0]}:{s[1]}:{s[2]}" for s in SITES])
def test_each_call_fills_exactly_its_template_fields(site):
    path, line, key, given = site
    for lang in LANGS:
        catalog = get_locale(lang).catalog
        assert key in catalog, f"{path}:{line}: message {key!r} missing from {lang}.toml"
        needed = fields(catalog[key])
        assert needed <= given, f"{path}:{line}: {key} needs {sorted(needed - given)}"
        assert given <= needed, f"{path}:{line}: {key} is given unused {sorted(given - needed)}"


def test_missing_key_names_the_catalog():
    with pytest.raises(KeyError, match="missing from messages/zh.toml"):
        get_locale("zh").t("no.such.key")
