"""Quick, well-formed font embedding for the PDF charts.

A PDF chart embeds the subset of each font its text uses (``pdf.fonttype`` 42). matplotlib cuts
that subset out of the whole font file, and Noto Sans CJK is a 20 MB collection of 65,535 CFF
glyphs: about 0.3 s per font per chart, most of a notebook's run time; and it embeds the CFF
subset as if it were TrueType, a malformed font that poppler warns about. So once per machine a
*common cut* of each large font is made — the glyphs of Latin text, punctuation and the 6,763
characters of GB 2312, with the glyphs the horizontal shaping features reach from them, redrawn
as TrueType outlines — and kept in the user's cache directory (``$XDG_CACHE_HOME/zonereport``)
with a map from the whole font's glyph numbers to its own. A chart whose glyphs are all in the cut
is subset from the cut (≈ 4× faster, a TrueType font embedded as one); any other chart (a rare
character in a name) is subset from the whole font as before. tests/test_chartfonts.py compares
the two: the same text, the same glyph shapes and advances.

    chartfonts.install()             # use cuts that exist (charts.setup does this)
    chartfonts.install(build=True)   # make missing cuts first (the build's kernel template)
    python -m zonereport.chartfonts  # make them now (make setup does this)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from . import fontsubset

SCHEME = 7  # change when COMMON_TEXT or the way a cut is made changes: old cuts are not used
LARGE = 4 * 2**20  # fonts smaller than this are cut directly: their subsetting is quick anyway


LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG")


def _common_text() -> str:
    ranges = [(0x20, 0x250), (0x2000, 0x2070), (0x20a0, 0x20c0), (0x2100, 0x2200), (0x2460, 0x2500),
              (0x3000, 0x3040), (0xff00, 0xfff0)]
    chars = {chr(c) for lo, hi in ranges for c in range(lo, hi)}
    for first in range(0xa1, 0xf8):  # every two-byte code of GB 2312: symbols and both levels of hanzi
        for second in range(0xa1, 0xff):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((first, second)).decode("gb2312"))
    return "".join(sorted(chars))


def cache_dir() -> Path:
    from .config import user_cache_dir

    return user_cache_dir() / "fonts"


def cut_paths(font_path: str, face_index: int) -> tuple[Path, Path] | None:
    """Where the common cut of this font face lives (font, glyph map); None for a small font."""
    try:
        st = os.stat(font_path)
    except OSError:
        return None
    if st.st_size < LARGE:
        return None
    import fontTools

    key = f"{os.path.realpath(font_path)}|{face_index}|{st.st_size}|{st.st_mtime_ns}|{fontTools.version}|{SCHEME}"
    stem = f"{Path(font_path).stem}-{face_index}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
    return cache_dir() / f"{stem}.ttf", cache_dir() / f"{stem}.json"


def _subset_options(face_index: int):
    from fontTools import subset

    # matplotlib's own options (backends/_backend_pdf_ps.get_glyphs_subset): the cut keeps all
    # that a subset of the whole font would keep
    options = subset.Options(glyph_names=True, recommended_glyphs=True)
    options.font_number = face_index
    # with the glyphs the horizontal shaping features reach from the common text (ligatures, the
    # regional forms of punctuation): matplotlib shapes text with them
    options.layout_features = ["ccmp", "locl", "calt", "clig", "liga", "rlig", "rclt", "kern", "mark", "mkmk",
                               "curs", "dist"]
    return options


def make_cut(font_path: str, face_index: int) -> Path | None:
    """Make (once) the common cut of one font face; its path, or None for a small font."""
    paths = cut_paths(font_path, face_index)
    if paths is None:
        return None
    font_out, map_out = paths
    if font_out.exists() and map_out.exists():
        return font_out
    from fontTools import subset

    font_out.parent.mkdir(parents=True, exist_ok=True)
    options = _subset_options(face_index)
    font = subset.load_font(font_path, options)
    _only_default_language(font)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=_common_text())
    subsetter.subset(font)
    for tag in LAYOUT_TABLES:  # a PDF viewer draws the glyphs it is given: no layout in the cut
        if tag in font:
            del font[tag]
    if "CFF " in font:
        _to_truetype(font)
    glyph_map = {str(old): new for old, new in subsetter.glyph_index_map.items()}
    # written under temporary names and renamed, font first: a reader sees both or neither
    for target, write in ((font_out, lambda f: font.save(f, reorderTables=False)),
                          (map_out, lambda f: f.write(json.dumps(glyph_map).encode()))):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    font.close()
    return font_out


def _only_default_language(font) -> None:
    """Keep each script's default and Simplified Chinese feature sets, drop the other languages'
    (Japanese, Korean, Traditional forms): matplotlib shapes chart text without a language, so
    their glyphs never appear, and reaching them through ``locl`` would double the cut."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            kept = [r for r in record.Script.LangSysRecord if r.LangSysTag == "ZHS "]
            record.Script.LangSysRecord, record.Script.LangSysCount = kept, len(kept)


def _to_truetype(font) -> None:
    """Redraw the cut's CFF outlines as TrueType quadratic curves (within one font unit).

    matplotlib embeds every font of a PDF chart as a TrueType CID font (``FontFile2``); a CFF font
    embedded so is malformed (poppler: "Mismatch between font type and embedded font file", and a
    strict viewer may not draw it). From a TrueType cut the chart's fonts are what they say.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: the map to the whole font is by number
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # glyph boxes, head and maxp from the new outlines when saved


@lru_cache(maxsize=16)
def _cut(font_path: str, face_index: int, build: bool) -> tuple[str, dict[int, int]] | None:
    paths = cut_paths(font_path, face_index)
    if paths is None:
        return None
    try:
        if build:
            make_cut(font_path, face_index)
        font_out, map_out = paths
        if not (font_out.exists() and map_out.exists()):
            return None
        return str(font_out), {int(k): v for k, v in json.loads(map_out.read_text()).items()}
    except Exception:  # noqa: BLE001 - no cache directory, a torn file, a font fontTools cannot cut:
        return None    # the whole font still works


_BUILD = False


def install(build: bool = False) -> bool:
    """Make matplotlib's PDF backend subset large fonts from their common cut where it can.
    ``build``: make missing cuts of the report's chart fonts now. Returns whether installed."""
    global _BUILD
    from matplotlib.backends import _backend_pdf_ps as shared

    original = getattr(shared.get_glyphs_subset, "_zonereport_original", shared.get_glyphs_subset)
    if not hasattr(shared, "SubsetResults"):  # another matplotlib: leave its subsetting alone
        return False
    _BUILD = _BUILD or build
    if build:
        for path, face in chart_font_faces():
            cut = _cut(path, face, True)
            if cut is not None:  # read now: kernels forked after this share it
                with contextlib.suppress(OSError, fontsubset.Unsupported):
                    fontsubset.read(cut[0])

    def get_glyphs_subset(fontfile, glyphs):
        glyphs = set(glyphs)
        face = getattr(fontfile, "face_index", 0)
        cut = _cut(str(fontfile), face, _BUILD)
        if cut is None or not glyphs.issubset(cut[1]):
            return original(fontfile, glyphs)
        cut_path, glyph_map = cut
        try:
            data, numbers = fontsubset.read(cut_path).subset(glyph_map[g] for g in glyphs)
        except (OSError, fontsubset.Unsupported):
            from matplotlib.font_manager import FontPath

            return _renumbered(original(FontPath(cut_path, 0), {glyph_map[g] for g in glyphs}), glyphs, glyph_map,
                               shared.SubsetResults)
        return _loaded(data, {g: numbers[glyph_map[g]] for g in glyphs}, shared.SubsetResults)

    get_glyphs_subset._zonereport_original = original
    shared.get_glyphs_subset = get_glyphs_subset
    return True


@contextlib.contextmanager
def _loaded(data: bytes, glyph_index_map: dict[int, int], results_type):
    """A subset made by :mod:`zonereport.fontsubset`, as matplotlib's subsetting returns one."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)  # saved as read: same bytes
    try:
        yield results_type(font, glyph_index_map)
    finally:
        font.close()


@contextlib.contextmanager
def _renumbered(results_cm, glyphs, glyph_map, results_type):
    """The cut's subset, with its glyph map read in the whole font's glyph numbers."""
    with results_cm as results:
        yield results_type(results.font, {g: results.glyph_index_map[glyph_map[g]] for g in glyphs})


def chart_font_faces() -> list[tuple[str, int]]:
    """The font files (and faces) the charts' font families resolve to."""
    from matplotlib import font_manager

    from .config import CJK_SANS

    faces = []
    for family in (CJK_SANS,):
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:  # not installed: matplotlib warns when a chart asks for it
            continue
        faces.append((str(found), getattr(found, "face_index", 0)))
    return faces


def main() -> int:
    for path, face in chart_font_faces():
        cut = make_cut(path, face)
        print(f"{path} (face {face}): {cut or 'small font, no cut needed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
