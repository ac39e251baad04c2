"""Fixtures of the hostile-input suites: one good build per module, a fresh copy per case."""

from __future__ import annotations

import pytest

from .hostile import Case, good_build


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """One tiny report (en, HTML), built once per test module that asks for it."""
    return good_build(tmp_path_factory.mktemp("good"))


@pytest.fixture
def case(good, tmp_path):
    return Case.fresh(good, tmp_path)
