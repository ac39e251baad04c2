"""Subsetting of the charts' font cut by table surgery, without fontTools' general subsetter.

The common cut (:mod:`zonereport.chartfonts`) is a TrueType font we made ourselves: simple glyphs
only (no composites, no hinting programs, no layout tables), long ``loca`` offsets, no glyph names.
A subset of it for one chart is the same font with fewer glyphs: the ``glyf`` records of the
glyphs asked for (glyph 0, ``.notdef``, always first), their ``loca`` offsets and ``hmtx`` metrics,
``maxp``/``hhea`` counts, and a ``cmap`` for the glyphs that keep a character. ``OS/2``, ``name``,
``post`` and the rest of ``head``/``hhea``/``maxp`` are copied: the font-wide bounds there stay
those of the cut, which are valid bounds of any subset. fontTools' subsetter does the same for any font but first decompiles the
character map and invents 8,000 glyph names: ≈ 60 ms per chart font against ≈ 2 ms here.

A font this module cannot handle (a composite glyph, a table missing, a table it would have to
rewrite, such as hinting programs) raises :class:`Unsupported`
and the caller uses fontTools as before. ``tests/test_fontsubset.py`` compares the two subsets
glyph by glyph.
"""

from __future__ import annotations

import struct
from functools import lru_cache

KEEP = ("OS/2", "head", "hhea", "maxp", "name", "post")  # copied (with counts updated)
# left out of a subset: layout and signature tables a PDF viewer does not read. A font with any
# other table (hinting programs, vertical metrics, colour, variations) is not subset here.
DROPPED = ("DSIG", "GDEF", "GPOS", "GSUB", "gasp", "meta", "FFTM")


class Unsupported(Exception):
    """The font is not a simple TrueType font of the kind this module subsets."""


class SimpleTrueType:
    """A TrueType font read once: its tables, glyph offsets, metrics and character map."""

    def __init__(self, data: bytes):
        try:
            (num_tables,) = struct.unpack_from(">H", data, 4)
            self.tables: dict[str, bytes] = {}
            for i in range(num_tables):
                tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
                self.tables[tag.decode("latin-1")] = data[offset:offset + length]
            missing = [t for t in (*KEEP, "glyf", "loca", "hmtx", "cmap") if t not in self.tables]
            other = sorted(set(self.tables) - {*KEEP, "glyf", "loca", "hmtx", "cmap", *DROPPED})
            if other:
                raise Unsupported(f"tables a subset would have to rewrite: {', '.join(other)}")
            if missing or data[:4] != b"\x00\x01\x00\x00":
                raise Unsupported(f"not a TrueType font with {', '.join(missing) or 'glyf outlines'}")
            if self.tables["post"][:4] != b"\x00\x03\x00\x00":
                raise Unsupported("glyph names in 'post': a subset would have to renumber them")
            head, maxp, hhea = self.tables["head"], self.tables["maxp"], self.tables["hhea"]
            (self.num_glyphs,) = struct.unpack_from(">H", maxp, 4)
            (long_loca,) = struct.unpack_from(">h", head, 50)
            n = self.num_glyphs + 1
            loca = self.tables["loca"]
            self.offsets = (struct.unpack_from(f">{n}I", loca) if long_loca == 1
                            else tuple(2 * x for x in struct.unpack_from(f">{n}H", loca)))
            (num_metrics,) = struct.unpack_from(">H", hhea, 34)
            hmtx = self.tables["hmtx"]
            pairs = struct.unpack_from(f">{2 * num_metrics}H", hmtx)
            advances = list(pairs[0::2])
            bearings = [b - 0x10000 if b >= 0x8000 else b for b in pairs[1::2]]
            rest = self.num_glyphs - num_metrics
            bearings += list(struct.unpack_from(f">{rest}h", hmtx, 4 * num_metrics))
            advances += [advances[-1]] * rest
            self.metrics = list(zip(advances, bearings))
            self.unicode = _unicode_of_glyphs(self.tables["cmap"])
        except (struct.error, IndexError) as exc:
            raise Unsupported(f"unreadable font tables ({exc})") from None

    def subset(self, glyphs) -> tuple[bytes, dict[int, int]]:
        """The font with glyph 0 and ``glyphs`` (this font's numbers), and the map from those
        numbers to the subset's."""
        order = [0, *sorted(g for g in set(glyphs) if g != 0)]
        if order[-1] >= self.num_glyphs:
            raise Unsupported(f"glyph {order[-1]} is not in the font")
        glyf = self.tables["glyf"]
        parts, loca = [], [0]
        for g in order:
            record = glyf[self.offsets[g]:self.offsets[g + 1]]
            if len(record) >= 2 and struct.unpack_from(">h", record)[0] < 0:
                raise Unsupported(f"glyph {g} is a composite")
            record += b"\0" * (-len(record) % 4)
            parts.append(record)
            loca.append(loca[-1] + len(record))
        n = len(order)
        tables = {tag: self.tables[tag] for tag in KEEP}
        tables["glyf"] = b"".join(parts)
        tables["loca"] = struct.pack(f">{n + 1}I", *loca)
        tables["hmtx"] = b"".join(struct.pack(">Hh", *self.metrics[g]) for g in order)
        head = bytearray(tables["head"])
        head[8:12] = bytes(4)  # checkSumAdjustment: set once the whole file is written
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        tables["head"] = bytes(head)
        tables["hhea"] = tables["hhea"][:34] + struct.pack(">H", n) + tables["hhea"][36:]
        tables["maxp"] = tables["maxp"][:4] + struct.pack(">H", n) + tables["maxp"][6:]
        tables["cmap"] = _cmap({c: i for i, g in enumerate(order) for c in self.unicode.get(g, ())})
        return _sfnt(tables), {g: i for i, g in enumerate(order)}


@lru_cache(maxsize=4)
def read(path: str) -> SimpleTrueType:
    with open(path, "rb") as f:
        return SimpleTrueType(f.read())


def _unicode_of_glyphs(cmap: bytes) -> dict[int, list[int]]:
    """glyph → its characters, from the Windows Unicode BMP subtable (format 4)."""
    (count,) = struct.unpack_from(">H", cmap, 2)
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        if (platform, encoding) == (3, 1) and struct.unpack_from(">H", cmap, offset)[0] == 4:
            break
    else:
        raise Unsupported("no Windows Unicode BMP character map")
    (seg_x2,) = struct.unpack_from(">H", cmap, offset + 6)
    segs = seg_x2 // 2
    base = offset + 14
    ends = struct.unpack_from(f">{segs}H", cmap, base)
    starts = struct.unpack_from(f">{segs}H", cmap, base + seg_x2 + 2)
    deltas = struct.unpack_from(f">{segs}h", cmap, base + 2 * seg_x2 + 2)
    range_base = base + 3 * seg_x2 + 2
    range_offsets = struct.unpack_from(f">{segs}H", cmap, range_base)
    found: dict[int, list[int]] = {}
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_base + 2 * i + range_offsets[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", cmap, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                found.setdefault(glyph, []).append(code)
    return found


def _cmap(chars: dict[int, int]) -> bytes:
    """A ``cmap`` with one Windows Unicode BMP subtable (format 4): a segment per character."""
    codes = sorted(chars)
    ends, starts, deltas = [*codes, 0xFFFF], [*codes, 0xFFFF], [(chars[c] - c) & 0xFFFF for c in codes] + [1]
    segs = len(ends)
    search = 2 ** (segs.bit_length() - 1)
    sub = struct.pack(">HHHHHHH", 4, 0, 0, 2 * segs, 2 * search, search.bit_length() - 1, 2 * (segs - search))
    sub += struct.pack(f">{segs}H", *ends) + b"\0\0" + struct.pack(f">{segs}H", *starts)
    sub += struct.pack(f">{segs}H", *deltas) + bytes(2 * segs)
    sub = sub[:2] + struct.pack(">H", len(sub)) + sub[4:]
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    n = len(tags)
    search = 2 ** (n.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, n, 16 * search, search.bit_length() - 1, 16 * (n - search))
    offset = 12 + 16 * n
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * n + sum(len(b) for b in body[:tags.index("head")])
    font[head_at + 8:head_at + 12] = struct.pack(">I", (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
