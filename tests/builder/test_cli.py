"""The command line: flags are checked before any work, with one clear line and exit code 2."""

from __future__ import annotations

import pytest

from ..conftest import run_build, tiny_args


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--lang", "fr"], "--lang 'fr'"),
        (["--formats", "docx"], "--formats 'docx'"),
        (["--jobs", "0"], "--jobs 0"),
        (["--zone", "../../x"], "--zone '../../x'"),
        (["--period", "2025H3"], "--period '2025H3'"),
        (["--data-dir", "/nonexistent/data"], "--data-dir /nonexistent/data"),
        (["--notebooks", "/nonexistent/nb"], "--notebooks /nonexistent/nb"),
        (["--only", "99_nothing"], "--only '99_nothing'"),
    ],
)
def test_bad_flags_give_one_line_and_exit_2(args, expected, tmp_path):
    proc = run_build(*args, "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], proc.stderr
    assert not (tmp_path / "out" / "caetdz").exists()


def test_help_documents_every_flag_with_examples():
    proc = run_build("--help")
    assert proc.returncode == 0
    for flag in ("--zone", "--period", "--lang", "--formats", "--data-dir", "--only", "--out", "--jobs",
                 "--force", "--list", "--notebooks", "--no-wait"):
        assert flag in proc.stdout
    assert "examples:" in proc.stdout


def test_list_shows_the_buildable_zone_and_period():
    proc = run_build("--list")
    assert proc.returncode == 0
    assert any(line.split()[:2] == ["caetdz", "2025H1"] for line in proc.stdout.splitlines())


def test_unknown_zone_is_named(tiny_project):
    proc = run_build(*tiny_args(tiny_project, "--zone", "nowhere", "--formats", "html"))
    assert proc.returncode == 2
    assert "--zone 'nowhere'" in proc.stderr and "entities.csv" in proc.stderr


def test_unwritable_output_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = run_build("--out", str(blocker / "sub"))
    assert proc.returncode == 2 and "--out" in proc.stderr


def test_notebook_without_parameters_cell(tiny_project):
    import json

    nb_path = tiny_project["notebooks"] / "01_tiny.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"][0]["metadata"]["tags"] = []
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    proc = run_build(*tiny_args(tiny_project, "--formats", "html"))
    assert proc.returncode == 2
    assert "01_tiny.ipynb" in proc.stderr and "parameters" in proc.stderr


def test_a_zone_list_names_each_report_and_a_bad_id_in_it_is_refused(tmp_path):
    from zonereport.builder import cli, pipeline

    ns = cli.parser().parse_args(["--zone", "caetdz,changchun,caetdz", "--out", str(tmp_path / "out")])
    opts = cli.validate_options(ns, [])
    assert pipeline.resolve_targets(opts) == [("caetdz", "2025H1"), ("changchun", "2025H1")]
    proc = run_build("--zone", "caetdz,../x", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr.strip() == (
        "error: --zone '../x': a zone id is lowercase letters, digits and _ (see --list)")
