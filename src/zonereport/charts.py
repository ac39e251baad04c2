"""Charts: seaborn/matplotlib with a CJK font, a palette that survives grayscale printing.

Chart text is never parsed as math (a ``$`` in a name prints as ``$``), and every chart gets
its title, axis labels with units and source line from the caller (see :class:`Report`).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

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


def new_figure(width: float = 7.0, height: float = 3.6):
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def barh(ax, labels, values, *, value_labels=None, color_index=0, highlight=None):
    """Horizontal bars with the value written at each bar's end (legible in print)."""
    colors = [PALETTE[1 if (highlight is not None and i != highlight) else color_index] for i in range(len(values))]
    bars = ax.barh(list(labels), list(values), color=colors, edgecolor="#222222", linewidth=0.6)
    for i, bar in enumerate(bars):
        if highlight is not None and i != highlight:
            bar.set_hatch("//")
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
