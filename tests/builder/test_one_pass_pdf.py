"""One XeLaTeX pass when nothing moved: the previous build's auxiliary files are kept with the
report (and remembered in the user's cache by the document's structure); a rebuild with the same
headings and captions typesets once and gives the PDF that two passes from scratch give; a
changed structure takes two passes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from zonereport.builder import latex_state

from ..conftest import TINY_NOTEBOOK, run_build, tiny_args, write_notebook

pytestmark = pytest.mark.slow

REPORT = ("caetdz", "2025H1", "en")


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?", "<date>", text)  # the build time


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def passes(stdout: str) -> list[int]:
    return [int(n) for n in re.findall(r"rendered PDF \S+ \((\d) XeLaTeX pass", stdout)]


def change_data(data):
    obs = data / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    assert ",201.6," in text
    obs.write_text(text.replace(",201.6,", ",201.7,"), encoding="utf-8")


def test_unchanged_structure_takes_one_pass_and_gives_the_two_pass_pdf(tiny_project, tmp_path, private_cache):
    p = tiny_project
    args = tiny_args(p, "--lang", "en", "--formats", "pdf")
    first = run_build(*args)
    assert first.returncode == 0, first.stdout + first.stderr
    assert passes(first.stdout) == [2]  # no earlier build: two passes
    report = p["out"].joinpath(*REPORT)
    kept = report / latex_state.FOLDER
    assert {"report.aux", "report.toc", latex_state.STRUCTURE_FILE} <= {x.name for x in kept.iterdir()}

    change_data(p["data"])  # the data change, the headings and captions do not
    second = run_build(*args)
    assert second.returncode == 0, second.stdout + second.stderr
    assert passes(second.stdout) == [1]

    one_pass = tmp_path / "one-pass"
    shutil.move(p["out"], one_pass)  # the same command again, from nothing: two passes
    shutil.rmtree(private_cache / "latex-aux")  # ... and nothing remembered
    fresh = run_build(*args)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert passes(fresh.stdout) == [2]
    one, two = one_pass.joinpath(*REPORT) / "report.pdf", report / "report.pdf"
    assert pages(one) == pages(two) > 1
    assert pdf_text(one) == pdf_text(two)
    assert "Contents" in pdf_text(one) or "目录" in pdf_text(one)


def test_a_new_folder_starts_from_what_this_machine_typeset(tiny_project, tmp_path, private_cache):
    """Into an empty --out, a structure typeset before on this machine takes one pass (the
    remembered files), and the PDF is the one two passes from nothing give."""
    p = tiny_project
    args = tiny_args(p, "--lang", "en", "--formats", "pdf")
    first = run_build(*args)
    assert first.returncode == 0 and passes(first.stdout) == [2], first.stdout + first.stderr
    assert len([d for d in (private_cache / "latex-aux").iterdir() if not d.name.startswith(".")]) == 1
    two_pass = tmp_path / "two-pass"
    shutil.move(p["out"], two_pass)
    again = run_build(*args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert passes(again.stdout) == [1]
    one, two = p["out"].joinpath(*REPORT) / "report.pdf", two_pass.joinpath(*REPORT) / "report.pdf"
    assert pages(one) == pages(two) > 1 and pdf_text(one) == pdf_text(two)


def test_remembered_files_that_no_longer_fit_cost_the_second_pass(tiny_project, tmp_path, private_cache):
    """Remembered files whose page numbers are wrong (here: every page reference moved) make the
    one-pass check fail: the second pass runs and the PDF is right."""
    p = tiny_project
    args = tiny_args(p, "--lang", "en", "--formats", "pdf")
    assert run_build(*args).returncode == 0
    good = p["out"].joinpath(*REPORT) / "report.pdf"
    shutil.move(p["out"], tmp_path / "good")
    (folder,) = [d for d in (private_cache / "latex-aux").iterdir() if not d.name.startswith(".")]
    toc = folder / "report.toc"
    toc.write_text(re.sub(r"\{(\d+)\}", lambda m: "{" + str(int(m.group(1)) + 7) + "}", toc.read_text(encoding="utf-8")),
                   encoding="utf-8")
    again = run_build(*args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert passes(again.stdout) == [2]
    assert pdf_text(p["out"].joinpath(*REPORT) / "report.pdf") == pdf_text(tmp_path / "good" / good.relative_to(p["out"]))


def test_a_new_heading_takes_two_passes(tiny_project, private_cache):
    p = tiny_project
    args = tiny_args(p, "--lang", "en", "--formats", "pdf")
    assert run_build(*args).returncode == 0
    nb = json.loads(json.dumps(TINY_NOTEBOOK))
    nb["cells"][1]["source"] += "\nrep.heading('A section that was not there')"
    write_notebook(p["notebooks"] / "01_tiny.ipynb", nb)
    again = run_build(*args)
    assert again.returncode == 0, again.stdout + again.stderr
    assert passes(again.stdout) == [2]
    assert "A section that was not there" in pdf_text(p["out"].joinpath(*REPORT) / "report.pdf")
