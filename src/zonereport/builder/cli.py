"""``run_all.py``: build the report(s) from the notebooks and the data, in one command.

Heavy libraries (pandas, frictionless, papermill, nbformat) are imported only once the build
knows it has work to do; an up-to-date rebuild hashes the inputs, compares them with the
manifest and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..errors import DataError, UsageError, ZoneReportError
from ..periods import PERIOD_FORMS
from . import inputs
from .lock import output_lock

EXAMPLES = """\
examples:
  run_all.py                                  build the default report ({zone}, {period}, zh+en, HTML+PDF)
  run_all.py --lang en --formats html         English HTML only
  run_all.py --period YYYY --data-dir ~/mydata  a new period (a year) from another data directory
  run_all.py --only 01_growth,02              a subset of notebooks
  run_all.py --zone all --period all          every zone and period the data can build
  run_all.py --list                           what the data can build
  run_all.py --force --jobs 2                 rebuild everything with two parallel jobs
  run_all.py --zone all --period all --scheduler tcp://10.0.0.5:8786   many reports on a Dask cluster

outputs: <out>/<zone>/<period>/<lang>/report.html, report.pdf, tables.xlsx, executed/NN_name.ipynb
exit codes: 0 every requested output built (or up to date); 1 a build step failed; 2 bad flags or data
""".format(zone=config.DEFAULT_ZONE, period=config.DEFAULT_PERIOD)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
PERIOD_PATTERN = re.compile(r"^\d{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2])(-(0[1-9]|1[0-2]))?)?$")


class Progress:
    """One line per step, with the elapsed time since the build started."""

    def __init__(self, quiet: bool = False):
        import threading

        self.start = time.monotonic()
        self.quiet = quiet
        self._lock = threading.Lock()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            with self._lock:
                print(f"[{time.monotonic() - self.start:6.1f}s] {message}", flush=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="run_all.py",
        description="Build the development-zone economic report: execute the parameterized notebooks "
                    "with papermill and render one combined HTML and PDF report per zone, period and language.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--zone", default=config.DEFAULT_ZONE, help="zone id from data/entities.csv, or 'all' (default: %(default)s)")
    p.add_argument("--period", default=config.DEFAULT_PERIOD, help="period: YYYY, YYYYH1, YYYYQ1, YYYYM05, YYYYM01-05, or 'all' (default: %(default)s)")
    p.add_argument("--lang", default="both", help="zh, en or both (default: %(default)s)")
    p.add_argument("--formats", default="html,pdf", help="comma-separated: html, pdf (default: %(default)s)")
    p.add_argument("--data-dir", default=str(config.DATA_DIR), help="data package directory (default: data/)")
    p.add_argument("--notebooks", default=str(config.NOTEBOOKS_DIR), help="directory of NN_name.ipynb notebooks (default: notebooks/)")
    p.add_argument("--only", default=None, help="comma-separated notebooks to run, by name or number (e.g. 01_growth,03)")
    p.add_argument("--out", default=str(config.REPORTS_DIR), help="output root (default: reports/)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel notebook executions (default: cores = %(default)s)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the notebooks on a Dask distributed cluster at ADDRESS (e.g. tcp://host:8786) instead of local processes")
    p.add_argument("--force", action="store_true", help="rebuild even if the outputs are up to date")
    p.add_argument("--list", action="store_true", help="list the zones, periods and languages the data can build, then exit")
    p.add_argument("--no-wait", action="store_true", help="exit at once if another build holds the output directory")
    p.add_argument("--quiet", action="store_true", help="print only errors and the final summary")
    p.add_argument("--debug", action="store_true", help="show full tracebacks")
    return p


@dataclass
class Options:
    zones: list[str]
    periods: list[str]
    langs: list[str]
    formats: list[str]
    data_dir: Path
    notebooks: list[inputs.NotebookSpec]  # the ones to run (--only)
    all_notebooks: list[inputs.NotebookSpec]  # the ones the report is made of
    notebooks_dir: Path
    out: Path
    jobs: int
    force: bool
    no_wait: bool
    scheduler: str | None = None
    all_zones: bool = False
    all_periods: bool = False
    argv: list[str] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def validate_options(ns: argparse.Namespace, argv: list[str]) -> Options:
    """Check every flag before any work starts; raise UsageError naming the flag."""
    if ns.jobs < 1:
        raise UsageError(f"--jobs {ns.jobs}: must be 1 or more")
    langs = list(config.LANGUAGES) if ns.lang == "both" else _split(ns.lang)
    for lang in langs or [ns.lang]:
        if lang not in config.LANGUAGES:
            raise UsageError(f"--lang {lang!r}: choose zh, en or both")
    formats = _split(ns.formats)
    for fmt in formats or [ns.formats]:
        if fmt not in config.FORMATS:
            raise UsageError(f"--formats {fmt!r}: choose from html, pdf")
    if ns.zone != "all" and not ID_PATTERN.match(ns.zone):
        raise UsageError(f"--zone {ns.zone!r}: a zone id is lowercase letters, digits and _ (see --list)")
    if ns.period != "all" and not PERIOD_PATTERN.match(ns.period):
        raise UsageError(f"--period {ns.period!r}: {PERIOD_FORMS.replace(', or the word undated', '')}")
    data_dir = Path(ns.data_dir).expanduser().resolve()
    if not data_dir.is_dir():
        raise UsageError(f"--data-dir {ns.data_dir}: directory not found")
    if not (data_dir / "datapackage.json").exists():
        raise UsageError(f"--data-dir {ns.data_dir}: no datapackage.json in it")
    notebooks_dir = Path(ns.notebooks).expanduser().resolve()
    if not notebooks_dir.is_dir():
        raise UsageError(f"--notebooks {ns.notebooks}: directory not found")
    specs = all_specs = inputs.discover(notebooks_dir)
    if not specs:
        raise UsageError(f"--notebooks {notebooks_dir}: no notebooks named NN_name.ipynb")
    if ns.only:
        wanted = _split(ns.only)
        chosen = []
        for w in wanted:
            match = [s for s in specs if s.name == w or s.name.split("_", 1)[0] == w.zfill(2) or s.name.split("_", 1)[1] == w]
            if not match:
                raise UsageError(f"--only {w!r}: no such notebook; choose from {', '.join(s.name for s in specs)}")
            chosen.extend(m for m in match if m not in chosen)
        specs = sorted(chosen, key=lambda s: s.name)
    for spec in specs:
        check_parameters_cell(spec.path)
    out = Path(ns.out).expanduser().resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--out {ns.out}: cannot write there ({exc.strerror})") from None
    return Options(
        zones=[ns.zone], periods=[ns.period], langs=langs, formats=formats, data_dir=data_dir,
        notebooks=specs, all_notebooks=all_specs, notebooks_dir=notebooks_dir, out=out, jobs=ns.jobs, force=ns.force, no_wait=ns.no_wait,
        all_zones=ns.zone == "all", all_periods=ns.period == "all", argv=argv, scheduler=ns.scheduler,
    )


def check_parameters_cell(path: Path) -> None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a readable notebook ({exc})") from None
    tagged = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        raise UsageError(f"{path}: no cell tagged 'parameters' (papermill needs one to inject zone, period, lang, data_dir)")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ns = parser().parse_args(argv)
    progress = Progress(ns.quiet)
    from .procs import raise_on_sigterm, skip_slow_imports

    raise_on_sigterm()
    skip_slow_imports()
    try:
        if ns.list:
            return list_buildable(ns)
        opts = validate_options(ns, argv)
        from .pipeline import build

        with output_lock(opts.out, wait=not opts.no_wait, log=progress):
            return build(opts, progress)
    except DataError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        if ns.debug:
            raise
        return 2
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if ns.debug:
            raise
        return 2
    except ZoneReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if ns.debug:
            raise
        return 1
    except KeyboardInterrupt:
        from .procs import kill_descendants

        kill_descendants()
        print("error: interrupted; the previous reports are unchanged (the next build cleans up)", file=sys.stderr)
        return 130


def list_buildable(ns: argparse.Namespace) -> int:
    from ..dataset import load_dataset

    ds = load_dataset(Path(ns.data_dir).expanduser())
    pairs = ds.buildable()
    width = max([len(z) for z, _ in pairs] + [4]) + 2
    print(f"{'zone':<{width}} {'period':<10} {'languages':<10} name")
    for zone, period in pairs:
        print(f"{zone:<{width}} {period:<10} {'zh, en':<10} {ds.name(zone, 'zh')} / {ds.name(zone, 'en')}")
    if not pairs:
        print("(nothing: no zone has a GDP level or growth for a period)")
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
