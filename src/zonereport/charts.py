"""Charts: seaborn/matplotlib with a CJK font, a palette that survives grayscale printing.

Chart text is never parsed as math (a ``$`` in a name prints as ``$``), and every chart gets
its title, axis labels with units and source line from the caller (see :class:`Report`).
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from . import chartfonts  # noqa: E402
from .config import CJK_SANS, SYMBOL_FONT  # noqa: E402

# Dark → light blues, then greys: distinct in colour and in lightness (grayscale print).
PALETTE = ["#08306b", "#4a7fb5", "#9ecae1", "#525252", "#bdbdbd", "#deebf7"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]


def setup() -> None:
    """Apply the report's theme. ``sns.set_theme`` resets fonts, so the CJK font goes through it.

    ``font.family`` must list the fallbacks itself: matplotlib falls back glyph by glyph only
    across the families named there (a generic "sans-serif" resolves to one font), so symbols
    and emoji missing from Noto CJK (🚗, ✓) come from Symbola.
    """
    sns.set_theme(
        style="whitegrid",
        context="notebook",
        palette=PALETTE,
        font=CJK_SANS,
        rc={
            "font.family": [CJK_SANS, SYMBOL_FONT, "DejaVu Sans"],
            "font.sans-serif": [CJK_SANS, SYMBOL_FONT, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "text.parse_math": False,
            "figure.figsize": (7.0, 3.6),
            "axes.titlesize": 12,
            "axes.labelsize": 10.5,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 9.5,
            "svg.hashsalt": "zonereport",
        },
    )
    chartfonts.install()


def new_figure(width: float = 7.0, height: float = 3.6):
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def barh(ax, labels, values, *, value_labels=None, color_index=0, highlight=None, tips=None):
    """Horizontal bars with the value written at each bar's end (legible in print); ``tips``:
    one text per bar (value, unit, source) for the HTML chart (see :func:`tip`)."""
    colors = [PALETTE[1 if (highlight is not None and i != highlight) else color_index] for i in range(len(values))]
    bars = ax.barh(list(labels), list(values), color=colors, edgecolor="#222222", linewidth=0.6)
    for i, bar in enumerate(bars):
        if highlight is not None and i != highlight:
            bar.set_hatch("//")
    for bar, text in zip(bars, tips or []):
        tip(bar, text)
    ax.invert_yaxis()
    if value_labels is not None:
        for bar, text in zip(bars, value_labels):
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=9.5)
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo, hi * 1.18 if hi > 0 else hi)
    ax.grid(axis="y", visible=False)
    return bars


def wrap(label: str, lang: str, width_en: int = 16, width_zh: int = 7) -> str:
    """Break a long tick label over lines (Chinese by characters, English by words)."""
    import textwrap

    if lang == "zh":
        return "\n".join(label[i:i + width_zh] for i in range(0, len(label), width_zh))
    return textwrap.fill(label, width_en)


def close(fig) -> None:
    plt.close(fig)


# -- vector output ----------------------------------------------------------------------------
# PDF: TrueType/CID fonts (pdf.fonttype 42), never Type 3, so the PDF's chart text is selectable,
# searchable and sharp. SVG: text stays text (svg.fonttype "none"), drawn by the reader's fonts
# (the report's CSS names Noto CJK, like the chart); ids are made unique per figure so several
# charts live in one HTML document.
VECTOR_RC = {"pdf.fonttype": 42, "svg.fonttype": "none", "svg.hashsalt": "zonereport"}
_TIPS = "_zonereport_tips"
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def tip(artist, text: str) -> None:
    """Attach ``text`` (value, unit, source) to one bar or point: the HTML chart shows it on hover
    and keyboard focus, and screen readers read it as the mark's name."""
    fig = artist.get_figure() if hasattr(artist, "get_figure") else artist.figure
    tips = fig.__dict__.setdefault(_TIPS, {})
    gid = f"zrtip{len(tips)}"
    artist.set_gid(gid)
    tips[gid] = text


def tips_of(fig) -> dict[str, str]:
    return dict(fig.__dict__.get(_TIPS, {}))


def point(ax, x: float, y: float, text: str, **style):
    """One marker of a line chart as its own artist, so it can carry its own tip."""
    (line,) = ax.plot([x], [y], linestyle="none", **style)
    tip(line, text)
    return line


def upright_labels(fig) -> None:
    """A Chinese axis label is never turned on its side: a vertical axis label in CJK is set
    horizontally above its axis (left axis: flush left; right axis: flush right)."""
    for ax in fig.axes:
        label = ax.yaxis.get_label()
        text = label.get_text()
        if text and _CJK.search(text) and label.get_rotation() != 0:
            right = ax.yaxis.get_label_position() == "right"
            label.set_rotation(0)
            label.set_horizontalalignment("right" if right else "left")
            label.set_verticalalignment("bottom")
            ax.yaxis.set_label_coords(1.0 if right else 0.0, 1.03)


def pdf_bytes(fig) -> bytes:
    buf = io.BytesIO()
    with matplotlib.rc_context(VECTOR_RC):
        fig.savefig(buf, format="pdf", bbox_inches="tight",
                    metadata={"CreationDate": None, "Producer": None, "Creator": None})
    return buf.getvalue()


_XML_HEAD = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_STYLE = re.compile(r"\s*<style type=\"text/css\">.*?</style>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|xlink:href="#|href="#)([^)"]+)')
_SIZE = re.compile(r'<svg ([^>]*?)width="([0-9.]+)pt" height="([0-9.]+)pt"')
_DECORATION = re.compile(r'<g id="(?:text_|matplotlib\.axis_|legend_)[^"]*"')


def svg_markup(fig, prefix: str, label: str) -> str:
    """The figure as inline SVG for an HTML page: no XML prolog, no global style, ids prefixed
    with ``prefix``; ``label`` (the chart's text alternative) names it; marks with a :func:`tip`
    get a ``<title>``, a name and keyboard focus, and everything else is hidden from screen readers
    (they read ``label`` and the marks)."""
    from .escape import html_text

    buf = io.StringIO()
    with matplotlib.rc_context(VECTOR_RC):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = _XML_HEAD.sub("", buf.getvalue(), count=1)
    svg = _METADATA.sub("", svg)
    svg = _STYLE.sub("", svg)
    tips = tips_of(fig)
    referenced = set(m.group(2) for m in _REF.finditer(svg))

    def rename_id(m: re.Match) -> str:
        name = m.group(1)
        return f'id="{prefix}-{name}"' if name in tips or name in referenced else ""

    svg = _DECORATION.sub(lambda m: m.group(0) + ' aria-hidden="true"', svg)
    svg = _ID.sub(rename_id, svg).replace("<g >", "<g>").replace("<g  ", "<g ")
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    for gid, text in tips.items():
        t = html_text(text)
        svg = svg.replace(f'<g id="{prefix}-{gid}">',
                          f'<g id="{prefix}-{gid}" class="mark" tabindex="0" role="img" aria-label="{t}" '
                          f'data-tip="{t}"><title>{t}</title>', 1)
    size = _SIZE.search(svg)
    width = size.group(2) if size else "480"
    svg = _SIZE.sub(lambda m: f'<svg {m.group(1)}', svg, count=1)
    return svg.replace(
        "<svg ", f'<svg class="chart" role="group" aria-label="{html_text(label)}" '
                 f'style="max-width: {float(width) * 1.75:.0f}px" ', 1).strip()


# The theme from the first import on: sections import this module only when one draws a chart
# (the build's own process, which renders the front matter and appendix, never does), and every
# later section re-applies it (see :func:`zonereport.sections.render`).
setup()
