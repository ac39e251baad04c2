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
from ..errors import UsageError
from ..locale import LOCALES, get_locale
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
exit codes: 0 every requested output built (or up to date); 1 a build step failed (a notebook cell,
XeLaTeX, the PDF text check, a full or read-only disk); 2 bad flags, data, notebooks or output folder;
130 interrupted
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

    def summary(self, message: str) -> None:
        """The one-line outcome of the build: printed even with --quiet."""
        with self._lock:
            print(f"[{time.monotonic() - self.start:6.1f}s] {message}", flush=True)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line (``error: …``) and exit 2, like every other error."""

    def error(self, message: str):
        raise UsageError(f"{message} (see run_all.py --help)")


def parser() -> argparse.ArgumentParser:
    p = ArgumentParser(
        prog="run_all.py",
        description="Build the development-zone economic report: execute the parameterized notebooks "
                    "with papermill and render one combined HTML and PDF report per zone, period and language.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--zone", default=config.DEFAULT_ZONE, help="zone id from data/entities.csv, several separated by commas, or 'all' (default: %(default)s)")
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
    p.add_argument("--cell-timeout", default="600", metavar="SECONDS",
                   help="longest time one notebook cell may run before the build fails (default: %(default)s)")
    p.add_argument("--data-source", default="either", metavar="csv|xlsx",
                   help="read the CSV files or the Excel workbook when data-dir has both (default: whichever is there; both is refused)")
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
    cell_timeout: float = 600.0
    data_source: str = "either"
    all_zones: bool = False
    all_periods: bool = False
    argv: list[str] = field(default_factory=list)


def _split(value: str) -> list[str]:
    """Comma-separated values, stripped, each once, in the order given."""
    out: list[str] = []
    for v in value.split(","):
        if v.strip() and v.strip() not in out:
            out.append(v.strip())
    return out


SCHEDULER_PATTERN = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://[A-Za-z0-9_.\-\[\]:]+(:\d{1,5})?/?$")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def validate_options(ns: argparse.Namespace, argv: list[str]) -> Options:
    """Check every flag before any work starts; raise UsageError naming the flag."""
    if ns.jobs < 1:
        raise UsageError(f"--jobs {ns.jobs}: must be 1 or more")
    lang_values = _split(ns.lang)
    langs = []
    for lang in lang_values or [ns.lang]:
        if lang == "both":
            langs += [x for x in LOCALES if x not in langs]
            continue
        try:
            get_locale(lang)  # the one place a language code is checked
        except UsageError:
            raise UsageError(f"--lang {lang!r}: choose {', '.join(LOCALES)} or both") from None
        langs += [lang] if lang not in langs else []
    formats = _split(ns.formats)
    for fmt in formats or [ns.formats]:
        if fmt not in config.FORMATS:
            raise UsageError(f"--formats {fmt!r}: choose from html, pdf")
    zones = [ns.zone] if ns.zone == "all" else (_split(ns.zone) or [ns.zone])
    for zone in zones if ns.zone != "all" else []:
        if zone == "all" or not ID_PATTERN.match(zone):
            raise UsageError(f"--zone {zone!r}: a zone id is lowercase letters, digits and _ (see --list)")
    if ns.period != "all" and not PERIOD_PATTERN.match(ns.period):
        raise UsageError(f"--period {ns.period!r}: {PERIOD_FORMS.replace(', or the word undated', '')}")
    if ns.scheduler is not None and not SCHEDULER_PATTERN.match(ns.scheduler):
        raise UsageError(f"--scheduler {ns.scheduler!r}: not a scheduler address; use tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)")
    try:
        cell_timeout = float(ns.cell_timeout)
    except ValueError:
        cell_timeout = float("nan")
    if not (0 < cell_timeout < float("inf")):
        raise UsageError(f"--cell-timeout {ns.cell_timeout!r}: give a number of seconds above 0")
    if ns.data_source not in ("either", "csv", "xlsx"):
        raise UsageError(f"--data-source {ns.data_source!r}: choose csv or xlsx")
    data_dir = Path(ns.data_dir).expanduser().resolve()
    if not data_dir.is_dir():
        raise UsageError(f"--data-dir {ns.data_dir}: directory not found")
    if not (data_dir / "datapackage.json").exists():
        raise UsageError(f"--data-dir {ns.data_dir}: no datapackage.json in it")
    if ns.data_source == "xlsx" and len(list(data_dir.glob("*.xlsx"))) != 1:
        raise UsageError(f"--data-source xlsx: {data_dir} needs exactly one *.xlsx workbook")
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
    for spec in all_specs:  # the report is made of all of them, whatever --only runs
        check_parameters_cell(spec.path)
    out = Path(ns.out).expanduser().resolve()
    if _inside(out, data_dir):
        raise UsageError(f"--out {ns.out}: is inside --data-dir {data_dir}; the reports would be read as data. "
                         "Choose an output folder outside the data")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"--out {ns.out}: cannot write there ({exc.strerror})") from None
    return Options(
        zones=zones, periods=[ns.period], langs=langs, formats=formats, data_dir=data_dir,
        notebooks=specs, all_notebooks=all_specs, notebooks_dir=notebooks_dir, out=out, jobs=ns.jobs, force=ns.force, no_wait=ns.no_wait,
        all_zones=ns.zone == "all", all_periods=ns.period == "all", argv=argv, scheduler=ns.scheduler,
        cell_timeout=cell_timeout, data_source=ns.data_source,
    )


def check_parameters_cell(path: Path) -> None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a readable notebook ({exc}); fix it or move it out of the notebooks folder") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise UsageError(f"{path}: not a Jupyter notebook (no list of cells); fix it or move it out of the notebooks folder")
    tagged = [c for c in cells if isinstance(c.get("metadata"), dict)
              and "parameters" in (c["metadata"].get("tags") or [])]
    if not tagged:
        raise UsageError(f"{path}: no cell tagged 'parameters' (papermill needs one to inject zone, period, lang, data_dir)")


def main(argv: list[str] | None = None) -> int:
    """Run the command; every error the user can cause ends here as one line (see failures)."""
    from .failures import report_failure

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        from .procs import keep_warning_filters, raise_on_sigterm, skip_slow_imports

        raise_on_sigterm()
        skip_slow_imports()
        keep_warning_filters()
        ns = parser().parse_args(argv)
        progress = Progress(ns.quiet)
        if ns.list:
            return list_buildable(ns)
        opts = validate_options(ns, argv)
        from .pipeline import build

        with output_lock(opts.out, wait=not opts.no_wait, log=progress):
            return build(opts, progress)
    except BaseException as exc:  # noqa: BLE001 - the one place that turns errors into exit codes
        if isinstance(exc, SystemExit) and exc.code in (0, None):
            return 0  # --help
        code = report_failure(exc)
        if debug and not isinstance(exc, KeyboardInterrupt):
            raise
        return code


def list_buildable(ns: argparse.Namespace) -> int:
    from ..dataset import load_dataset
    from ..escape import terminal_text

    ds = load_dataset(Path(ns.data_dir).expanduser(), ns.data_source)
    pairs = ds.buildable()
    width = max([len(terminal_text(z)) for z, _ in pairs] + [4]) + 2
    print(f"{'zone':<{width}} {'period':<10} {'languages':<10} name")
    for zone, period in pairs:
        names = f"{ds.name(zone, 'zh')} / {ds.name(zone, 'en')}"
        print(f"{terminal_text(zone):<{width}} {terminal_text(period):<10} {'zh, en':<10} {terminal_text(names)}")
    if not pairs:
        print("(nothing: no zone has a GDP level or growth for a period)")
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
