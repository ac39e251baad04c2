"""The PDF charts' fonts cut from the common cut look and read the same as cut from the whole font,
and are embedded as what they are (TrueType)."""

from __future__ import annotations

import shutil
import subprocess

import matplotlib.pyplot as plt
import pytest
from matplotlib.backends import _backend_pdf_ps

from zonereport import chartfonts, charts, fontsubset

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One cache directory for the module's tests: the cut is made once (about 10 s)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def cache(shared_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
    chartfonts._cut.cache_clear()
    yield shared_cache / "zonereport" / "fonts"
    chartfonts._cut.cache_clear()


def _chart(title: str) -> bytes:
    charts.setup()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["一季度", "二季度", "Q3 fi"], [1.5, 2.25, 3.0])
    ax.set_title(title)
    ax.set_ylabel("亿元（%）")
    try:
        return charts.pdf_bytes(fig)
    finally:
        plt.close(fig)


def _whole_font_chart(title: str, monkeypatch) -> bytes:
    original = _backend_pdf_ps.get_glyphs_subset._zonereport_original
    monkeypatch.setattr(_backend_pdf_ps, "get_glyphs_subset", original)
    try:
        return _chart(title)
    finally:
        monkeypatch.undo()


def _calls(monkeypatch) -> list[str]:
    """Record which font file each subset is cut from (by fontTools, or from the cut by
    :mod:`zonereport.fontsubset`)."""
    seen: list[str] = []
    original = _backend_pdf_ps.get_glyphs_subset._zonereport_original
    read = fontsubset.read

    def spy(fontfile, glyphs):
        seen.append(str(fontfile))
        return original(fontfile, glyphs)

    def read_spy(path):
        seen.append(str(path))
        return read(path)

    monkeypatch.setattr(_backend_pdf_ps.get_glyphs_subset, "_zonereport_original", spy)
    monkeypatch.setattr(fontsubset, "read", read_spy)
    chartfonts.install()  # the wrapper reads the original when installed
    return seen


def _page(pdf: bytes, tmp_path, name: str) -> tuple[bytes, str, str]:
    """The page's grey pixels (PGM body), its text, and what poppler said about the file."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-singlefile", str(path), str(tmp_path / name)],
                   check=True, capture_output=True)
    proc = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return (tmp_path / f"{name}.pgm").read_bytes(), proc.stdout, proc.stderr


def _share_of_pixels_apart(a: bytes, b: bytes, levels: int = 64) -> float:
    header = a[: a.index(b"255\n") + 4]
    assert b.startswith(header), "pages of different sizes"
    pa, pb = a[len(header):], b[len(header):]
    return sum(abs(x - y) > levels for x, y in zip(pa, pb)) / len(pa)


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_a_chart_from_the_cut_is_the_chart_from_the_whole_font(cache, tmp_path, monkeypatch):
    faces = chartfonts.chart_font_faces()
    if not faces or chartfonts.cut_paths(*faces[0]) is None:
        pytest.skip("the CJK font is not installed or is small")
    title = "长春 生产总值增长 5.0%，占比 15.4% — “贡献率”"
    chartfonts.install(build=True)
    assert any(cache.glob("*.ttf")) and any(cache.glob("*.json"))
    seen = _calls(monkeypatch)
    fast = _chart(title)
    assert any(str(cache) in s for s in seen) and faces[0][0] not in seen, seen  # from the cut only
    slow = _whole_font_chart(title, monkeypatch)
    fast_pixels, fast_text, fast_said = _page(fast, tmp_path, "fast")
    slow_pixels, slow_text, _ = _page(slow, tmp_path, "slow")
    assert fast_text == slow_text and "贡献率" in fast_text
    # the cut's outlines are the same curves redrawn as quadratics (within one font unit): at
    # 100 dpi at most a few anti-aliased edge pixels differ
    assert _share_of_pixels_apart(fast_pixels, slow_pixels) < 0.002
    fonts = _fonts(fast, tmp_path)
    assert "Type 3" not in fonts and "NotoSansCJK" in fonts
    assert "CID TrueType" in fonts and "Type 0C" not in fonts  # embedded as what it is
    assert "Mismatch" not in fast_said, fast_said
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_a_character_outside_the_cut_comes_from_the_whole_font(cache, tmp_path, monkeypatch):
    faces = chartfonts.chart_font_faces()
    if not faces or chartfonts.cut_paths(*faces[0]) is None:
        pytest.skip("the CJK font is not installed or is small")
    chartfonts.install(build=True)
    seen = _calls(monkeypatch)
    rare = "堃"  # in GBK, not in GB 2312: not in the cut
    assert rare not in chartfonts._common_text()
    pdf = _chart(f"{rare}区 生产总值")
    assert any(s == faces[0][0] for s in seen), seen  # cut from the whole font
    _, text, _ = _page(pdf, tmp_path, "rare")
    assert rare in text


def test_without_a_cache_directory_charts_use_the_whole_font(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    chartfonts._cut.cache_clear()
    try:
        chartfonts.install(build=True)  # cannot make the cut: no error
        seen = _calls(monkeypatch)
        pdf = _chart("生产总值")
        assert pdf.startswith(b"%PDF")
        assert not any(str(blocked) in s for s in seen)
    finally:
        chartfonts._cut.cache_clear()


def test_each_glyph_number_maps_to_the_same_outline(cache):
    """The wrapper answers in the whole font's glyph numbers: glyph g of the whole font is drawn by
    glyph ``glyph_index_map[g]`` of the subset — the same shape (bounds within 2 font units of
    1000), the same advance — so a PDF viewer, which reads the CIDToGIDMap, draws that glyph."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont
    from matplotlib.font_manager import FontPath

    faces = chartfonts.chart_font_faces()
    if not faces or chartfonts.cut_paths(*faces[0]) is None:
        pytest.skip("the CJK font is not installed or is small")
    path, face = faces[0]
    chartfonts.install(build=True)
    whole = TTFont(path, fontNumber=face, lazy=True)
    cmap = whole.getBestCmap()
    gids = {whole.getGlyphID(cmap[ord(c)]) for c in "长春生产总值增长，（%）GDP fi—“”"}
    assert chartfonts._cut(path, face, False) is not None
    whole_set = whole.getGlyphSet()
    with _backend_pdf_ps.get_glyphs_subset(FontPath(path, face), gids) as results:
        cut_set = results.font.getGlyphSet()
        order = results.font.getGlyphOrder()
        drawn = 0
        assert set(results.glyph_index_map) == gids
        for gid in gids:
            name, new_name = whole.getGlyphName(gid), order[results.glyph_index_map[gid]]
            a, b = BoundsPen(whole_set), BoundsPen(cut_set)
            whole_set[name].draw(a)
            cut_set[new_name].draw(b)
            assert (a.bounds is None) == (b.bounds is None), (gid, name)
            if a.bounds:
                assert max(abs(x - y) for x, y in zip(a.bounds, b.bounds)) <= 2, (gid, a.bounds, b.bounds)
                drawn += 1
            assert whole["hmtx"][name][0] == results.font["hmtx"][new_name][0]
    assert drawn >= len(gids) - 1  # all but the space have outlines
