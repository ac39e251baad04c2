"""Subsets of the charts' font cut made by table surgery are the subsets fontTools makes: the same
outlines, advances and characters for every glyph, in a font fontTools and FreeType read whole."""

from __future__ import annotations

import io
import random

import pytest
from fontTools import subset as ft_subset
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables.ttProgram import Program

from zonereport import chartfonts, fontsubset


@pytest.fixture(scope="module")
def cut(tmp_path_factory):
    faces = chartfonts.chart_font_faces()
    if not faces or chartfonts.cut_paths(*faces[0]) is None:
        pytest.skip("the CJK font is not installed or is small")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    chartfonts._cut.cache_clear()
    try:
        yield str(chartfonts.make_cut(*faces[0]))
    finally:
        chartfonts._cut.cache_clear()
        mp.undo()


def _fonttools_subset(path: str, glyphs: set[int]) -> tuple[TTFont, dict[int, int]]:
    options = ft_subset.Options(glyph_names=True, recommended_glyphs=True)
    font = ft_subset.load_font(path, options)
    sub = ft_subset.Subsetter(options=options)
    sub.populate(gids=glyphs)
    sub.subset(font)
    return font, sub.glyph_index_map


def _outline(font: TTFont, gid: int):
    glyph = font["glyf"][font.getGlyphName(gid)]
    if glyph.numberOfContours == 0:
        return None
    coords, ends, flags = glyph.getCoordinates(font["glyf"])
    return list(coords), list(ends), [f & 1 for f in flags]  # on/off-curve bits


def test_subsets_equal_fonttools_subsets_glyph_by_glyph(cut):
    whole = fontsubset.read(cut)
    rng = random.Random(7)
    sets = [{3}, set(range(1, 40)), set(rng.sample(range(1, whole.num_glyphs), 60)), {whole.num_glyphs - 1, 17}]
    for glyphs in sets:
        data, numbers = whole.subset(glyphs)
        ours = TTFont(io.BytesIO(data), checkChecksums=2)  # a wrong table checksum raises
        ours.ensureDecompiled()  # every table parses
        theirs, their_numbers = _fonttools_subset(cut, glyphs)
        assert set(numbers) == glyphs | {0} and numbers[0] == 0
        assert ours["maxp"].numGlyphs == len(glyphs | {0})
        # every character maps to the same glyph of the cut in both subsets
        ours_back, theirs_back = {v: k for k, v in numbers.items()}, {v: k for k, v in their_numbers.items()}
        our_chars = {c: ours_back[ours.getGlyphID(n)] for c, n in ours.getBestCmap().items()}
        their_chars = {c: theirs_back[theirs.getGlyphID(n)] for c, n in theirs.getBestCmap().items()}
        assert our_chars == their_chars and len(our_chars) >= len(glyphs) - 1
        for g in glyphs:
            a, b = numbers[g], their_numbers[g]
            assert _outline(ours, a) == _outline(theirs, b), g
            assert ours["hmtx"][ours.getGlyphName(a)] == theirs["hmtx"][theirs.getGlyphName(b)], g


def test_freetype_reads_the_subset(cut):
    from matplotlib.ft2font import FT2Font, LoadFlags

    whole = fontsubset.read(cut)
    glyphs = {5, 50, 500}
    data, numbers = whole.subset(glyphs)
    font = FT2Font(io.BytesIO(data))
    assert font.num_glyphs == 4
    for g in glyphs:
        glyph = font.load_glyph(numbers[g], flags=LoadFlags.NO_SCALE | LoadFlags.NO_HINTING)
        assert glyph.horiAdvance == whole.metrics[g][0]


def test_a_font_it_cannot_subset_is_refused(tmp_path):
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "a", "b"])
    fb.setupCharacterMap({ord("a"): "a", ord("b"): "b"})
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0))
    pen.lineTo((0, 500))
    pen.lineTo((500, 0))
    pen.closePath()
    a = pen.glyph()
    composite = TTGlyphPen({"a": a})
    composite.addComponent("a", (1, 0, 0, 1, 10, 0))
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "a": a, "b": composite.glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "a": (500, 0), "b": (500, 10)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "T", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost(keepGlyphNames=False)
    buf = io.BytesIO()
    fb.font.save(buf)
    font = fontsubset.SimpleTrueType(buf.getvalue())
    data, numbers = font.subset({1})
    assert TTFont(io.BytesIO(data))["maxp"].numGlyphs == 2
    with pytest.raises(fontsubset.Unsupported, match="composite"):
        font.subset({2})
    with pytest.raises(fontsubset.Unsupported):
        fontsubset.SimpleTrueType(b"OTTO" + bytes(100))
    hinted = TTFont(io.BytesIO(buf.getvalue()))
    hinted["prep"] = newTable("prep")
    hinted["prep"].program = Program()
    hinted["prep"].program.fromBytecode(b"")
    buf = io.BytesIO()
    hinted.save(buf)
    with pytest.raises(fontsubset.Unsupported, match="prep"):
        fontsubset.SimpleTrueType(buf.getvalue())
