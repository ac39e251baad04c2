"""The notebooks are thin, parameterized and stored clean."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PARAMETERS = {"zone", "period", "lang", "data_dir"}


def test_the_three_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["01_growth", "02_contribution", "03_structure"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestNotebook:
    def load(self, path):
        return json.loads(path.read_text(encoding="utf-8"))

    def test_has_one_parameters_cell_with_the_four_defaults(self, path):
        cells = [c for c in self.load(path)["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(cells) == 1
        src = "".join(cells[0]["source"])
        names = set(re.findall(r"^(\w+)\s*=", src, re.M))
        assert names == PARAMETERS
        assert 'zone = "caetdz"' in src and 'period = "2025H1"' in src and 'data_dir = "../data"' in src

    def test_is_stored_without_outputs(self, path):
        for c in self.load(path)["cells"]:
            if c["cell_type"] == "code":
                assert c["outputs"] == [] and c["execution_count"] is None

    def test_has_kernelspec(self, path):
        ks = self.load(path)["metadata"]["kernelspec"]
        assert ks["name"] == "python3" and ks["language"] == "python"

    def test_is_thin_code_calls_the_package(self, path):
        code = ["".join(c["source"]) for c in self.load(path)["cells"] if c["cell_type"] == "code"]
        body = "\n".join(code[1:])
        assert "from zonereport" in body
        assert not re.search(r"^\s*(def|class) ", body, re.M), "logic belongs in the package"
        assert all(len(c.splitlines()) <= 6 for c in code)

    def test_no_figure_is_typed_into_markdown_or_code(self, path):
        for c in self.load(path)["cells"]:
            src = "".join(c["source"])
            if "parameters" in c["metadata"].get("tags", []):
                continue
            assert not re.search(r"\d+(\.\d+)?\s*(%|亿|万|billion|percent)", src), src


@pytest.mark.slow
def test_a_notebook_runs_as_is_with_its_defaults_like_in_jupyterlab():
    """No parameters injected, the notebook's own folder as working directory: it just runs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "02_contribution.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}},
                   timeout=300).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "贡献率" in html  # the default language is Chinese
