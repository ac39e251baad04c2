"""Render the combined notebook to a self-contained HTML file and a XeLaTeX PDF.

HTML: nbconvert's HTMLExporter with the project's template (no script, no CDN, images inline).
PDF: nbconvert's LatexExporter with the project's xeCJK template, then XeLaTeX run by us —
two passes (the table of contents needs two, nothing needs a third; the first writes no PDF), or
one when the previous build's auxiliary files still hold (see ``_run_xelatex``). The build fails if the
log reports a missing character, since a missing glyph is only a warning to XeLaTeX.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
from pathlib import Path

from ..config import CJK_SANS, CJK_SERIF, DEBIAN_PACKAGES, SYMBOL_FONT, TEMPLATES_DIR
from ..errors import BuildError
from ..langspan import mark_languages
from . import latex_state
from .pdftext import check_pdf_text, split_long_rows
from .procs import STOPPING, die_with_parent


class LatexError(BuildError):
    """XeLaTeX failed; ``log`` and ``tex`` are kept under the report's failed/ folder."""

    def __init__(self, message: str, log: Path | None = None, tex: Path | None = None):
        super().__init__(message)
        self.message, self.log, self.tex = message, log, tex

MISSING_CHAR = re.compile(r"Missing character: There is no (.+?) in font (.+?)!")


_EXPORTERS: dict[str, object] = {}
_EXPORT_LOCK = threading.Lock()  # one export at a time: exporters keep state while they run (and hold the GIL anyway)


def _html_exporter_class():
    """nbconvert's HTMLExporter without its last step, a BeautifulSoup pass over the finished page.

    That pass gives an ``<img>`` without alt text a placeholder one (:func:`render_html` still
    does, for an image a researcher's own cell may add) and makes JupyterLab-template cells
    focusable; this report's template (classic, no input cells) has none, so the pass only
    re-parsed and re-serialised the whole page: about 0.4 s of one core per report. Anything else
    the exporter does is kept; an nbconvert whose exporter is built differently keeps its own method.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    try:
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    except ImportError:
        return HTMLExporter
    if not hasattr(HTMLExporter, "_init_resources"):
        return HTMLExporter

    class ReportHTMLExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportHTMLExporter


def _exporter(kind: str):
    """The build's HTML or LaTeX exporter, made once: its Jinja templates compile once per build,
    not once per report."""
    if kind not in _EXPORTERS:
        from nbconvert import LatexExporter

        cls, template = (_html_exporter_class(), "zonereport_html") if kind == "html" else (LatexExporter, "zonereport_latex")
        _EXPORTERS[kind] = cls(template_name=template, extra_template_basedirs=[str(TEMPLATES_DIR)],
                               exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    return _EXPORTERS[kind]


def warm_exporters(formats: set[str]) -> None:
    """Make the exporters of ``formats`` and compile their templates (an empty notebook through
    each): about a second of first-use work, done while the kernels run instead of after the last one."""
    import nbformat

    empty = nbformat.v4.new_notebook()
    with _EXPORT_LOCK:
        if "html" in formats:
            _exporter("html").from_notebook_node(empty, resources={"zonereport_css": "", "zonereport_js": ""})
        if "pdf" in formats:
            _exporter("latex").from_notebook_node(empty, resources={"output_files_dir": "figures"})


NO_ALT = "No description has been provided for this image"  # nbconvert's own placeholder
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)(?=[\s/>])")


def render_html(nb, path: Path) -> None:
    css = (TEMPLATES_DIR / "zonereport_html" / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES_DIR / "zonereport_html" / "report.js").read_text(encoding="utf-8")
    with _EXPORT_LOCK:
        body, _ = _exporter("html").from_notebook_node(nb, resources={"zonereport_css": css, "zonereport_js": js})
    body = _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', body)
    body = mark_languages(body, str(nb.metadata.get("html_lang", ""))[:2])
    path.write_text(body, encoding="utf-8")


def check_pdf_tools() -> None:
    """Fail early, in one line, if XeLaTeX or the fonts are missing."""
    missing = [tool for tool in ("xelatex", "fc-list", "pdftotext") if shutil.which(tool) is None]
    if missing:
        raise BuildError(
            f"{', '.join(missing)} not found: the PDF needs XeLaTeX and CJK fonts; run `make setup` "
            f"(as root) or `apt-get install --no-install-recommends {' '.join(DEBIAN_PACKAGES)}`, or build with --formats html"
        )
    fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for family, package in ((CJK_SERIF, "fonts-noto-cjk"), (CJK_SANS, "fonts-noto-cjk"), (SYMBOL_FONT, "fonts-symbola")):
        if family not in fonts:
            raise BuildError(f"font {family!r} not found: install the Debian package {package} (make setup), or build with --formats html")


def _xelatex_pass(workdir: Path, tex_name: str, pdf: bool = True) -> None:
    cmd = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
           *([] if pdf else ["-no-pdf"]), tex_name]
    if STOPPING.is_set():  # the build was interrupted while this thread exported the LaTeX
        raise BuildError("interrupted")
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=die_with_parent)
    try:
        if STOPPING.is_set():  # interrupted while it started: the clean-up may have missed it
            raise BuildError("interrupted")
        out, _ = proc.communicate(timeout=600)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    if proc.returncode != 0:
        log = (workdir / tex_name).with_suffix(".log")
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else out.decode(errors="replace")
        first_error = next((ln for ln in text.splitlines() if ln.startswith("!")), "see the log")
        raise LatexError(f"XeLaTeX failed on {tex_name}: {first_error}", log if log.exists() else None,
                         workdir / tex_name)


def _run_xelatex(workdir: Path, tex_name: str, previous: Path | None = None) -> int:
    """Run XeLaTeX until the cross-references settle; return the number of passes.

    With the auxiliary files of the previous build (``previous``, else those this machine
    remembers for the same structure; see latex_state) and the same headings and captions, one
    pass is tried: when it writes back exactly the auxiliary files it
    read, the table of contents, bookmarks and references it typeset were already right. Otherwise
    (or without a previous build) two passes, the first without writing a PDF.
    """
    stem = Path(tex_name).stem
    if previous is None or not latex_state.matches(previous, workdir / tex_name):
        previous = latex_state.remembered(workdir / tex_name)  # typeset on this machine before
    if previous is not None and latex_state.matches(previous, workdir / tex_name):
        before = latex_state.restore(previous, workdir, stem)
        _xelatex_pass(workdir, tex_name)
        if latex_state.read(workdir, stem) == before:
            return 1
        _xelatex_pass(workdir, tex_name)  # something moved (a page break): the usual second pass
        return 2
    _xelatex_pass(workdir, tex_name, pdf=False)  # writes the .aux/.toc/.out the second pass reads
    _xelatex_pass(workdir, tex_name)
    return 2


def render_pdf(nb, path: Path, workdir: Path, previous: Path | None = None) -> int:
    """Write the PDF; return the number of XeLaTeX passes. ``previous``: the folder with the
    previous build's auxiliary files; this build's are left in ``latex_state.FOLDER`` beside ``path``."""
    check_pdf_tools()
    with _EXPORT_LOCK:
        latex, resources = _exporter("latex").from_notebook_node(nb, resources={"output_files_dir": "figures"})
    workdir.mkdir(parents=True, exist_ok=True)
    for name, data in resources.get("outputs", {}).items():
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    tex = workdir / "report.tex"
    tex.write_text(split_long_rows(latex), encoding="utf-8")
    passes = _run_xelatex(workdir, tex.name, previous)
    log = workdir / "report.log"
    missing = MISSING_CHAR.findall(log.read_text(encoding="utf-8", errors="replace"))
    if missing:
        chars = ", ".join(sorted({m[0] for m in missing})[:10])
        raise LatexError(f"{tex.name}: the PDF would miss characters {chars} (no glyph in the fonts)", log, tex)
    check_pdf_text(workdir / "report.pdf", nb)
    shutil.copyfile(workdir / "report.pdf", path)
    latex_state.save(workdir, tex.stem, path.parent / latex_state.FOLDER)
    latex_state.remember(workdir, tex.stem)
    return passes
