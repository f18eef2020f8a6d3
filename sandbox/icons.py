"""App icons made on the server from a name's initials: SVG, and PNG drawn in pure Python.

PNG matters because phones want a bitmap icon to install a web app (Chromium asks for a PNG of
at least 144 px). Without Pillow and without a font renderer, the PNG letters come from a small
5×7 bitmap font: Latin capitals, digits and the Cyrillic capitals (Russian and Tajik) that start
words; Cyrillic letters that look like Latin ones share their glyph. A letter the font does not
have is drawn as a plain circle, so every app still gets an icon.
"""

from __future__ import annotations

import functools
import re
import struct
import zlib

from markupsafe import escape

# Each glyph is five columns, top row in bit 0 (the classic 5×7 LCD font layout).
_FONT: dict[str, tuple[int, ...]] = {
    "A": (0x7C, 0x12, 0x11, 0x12, 0x7C),
    "B": (0x7F, 0x49, 0x49, 0x49, 0x36),
    "C": (0x3E, 0x41, 0x41, 0x41, 0x22),
    "D": (0x7F, 0x41, 0x41, 0x22, 0x1C),
    "E": (0x7F, 0x49, 0x49, 0x49, 0x41),
    "F": (0x7F, 0x09, 0x09, 0x09, 0x01),
    "G": (0x3E, 0x41, 0x49, 0x49, 0x7A),
    "H": (0x7F, 0x08, 0x08, 0x08, 0x7F),
    "I": (0x00, 0x41, 0x7F, 0x41, 0x00),
    "J": (0x20, 0x40, 0x41, 0x3F, 0x01),
    "K": (0x7F, 0x08, 0x14, 0x22, 0x41),
    "L": (0x7F, 0x40, 0x40, 0x40, 0x40),
    "M": (0x7F, 0x02, 0x0C, 0x02, 0x7F),
    "N": (0x7F, 0x04, 0x08, 0x10, 0x7F),
    "O": (0x3E, 0x41, 0x41, 0x41, 0x3E),
    "P": (0x7F, 0x09, 0x09, 0x09, 0x06),
    "Q": (0x3E, 0x41, 0x51, 0x21, 0x5E),
    "R": (0x7F, 0x09, 0x19, 0x29, 0x46),
    "S": (0x46, 0x49, 0x49, 0x49, 0x31),
    "T": (0x01, 0x01, 0x7F, 0x01, 0x01),
    "U": (0x3F, 0x40, 0x40, 0x40, 0x3F),
    "V": (0x1F, 0x20, 0x40, 0x20, 0x1F),
    "W": (0x3F, 0x40, 0x38, 0x40, 0x3F),
    "X": (0x63, 0x14, 0x08, 0x14, 0x63),
    "Y": (0x07, 0x08, 0x70, 0x08, 0x07),
    "Z": (0x61, 0x51, 0x49, 0x45, 0x43),
    "0": (0x3E, 0x51, 0x49, 0x45, 0x3E),
    "1": (0x00, 0x42, 0x7F, 0x40, 0x00),
    "2": (0x42, 0x61, 0x51, 0x49, 0x46),
    "3": (0x21, 0x41, 0x45, 0x4B, 0x31),
    "4": (0x18, 0x14, 0x12, 0x7F, 0x10),
    "5": (0x27, 0x45, 0x45, 0x45, 0x39),
    "6": (0x3C, 0x4A, 0x49, 0x49, 0x30),
    "7": (0x01, 0x71, 0x09, 0x05, 0x03),
    "8": (0x36, 0x49, 0x49, 0x49, 0x36),
    "9": (0x06, 0x49, 0x49, 0x29, 0x1E),
    "Б": (0x7F, 0x49, 0x49, 0x49, 0x31),
    "Г": (0x7F, 0x01, 0x01, 0x01, 0x03),
    "Д": (0x60, 0x3F, 0x21, 0x3F, 0x60),
    "Ж": (0x63, 0x14, 0x7F, 0x14, 0x63),
    "З": (0x22, 0x41, 0x49, 0x49, 0x36),
    "И": (0x7F, 0x20, 0x10, 0x08, 0x7F),
    "Л": (0x40, 0x3E, 0x01, 0x01, 0x7F),
    "П": (0x7F, 0x01, 0x01, 0x01, 0x7F),
    "У": (0x47, 0x48, 0x48, 0x48, 0x3F),
    "Ф": (0x0E, 0x11, 0x7F, 0x11, 0x0E),
    "Ц": (0x3F, 0x20, 0x20, 0x3F, 0x60),
    "Ч": (0x07, 0x08, 0x08, 0x08, 0x7F),
    "Ш": (0x7F, 0x40, 0x7F, 0x40, 0x7F),
    "Э": (0x22, 0x41, 0x49, 0x49, 0x3E),
    "Ю": (0x7F, 0x08, 0x3E, 0x41, 0x3E),
    "Я": (0x46, 0x29, 0x19, 0x09, 0x7F),
}
_SAME_AS = {
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "Й": "И", "Щ": "Ш", "Ғ": "Г", "Ӣ": "И", "Қ": "K", "Ӯ": "У",
    "Ҳ": "X", "Ҷ": "Ч", "Ъ": "Б", "Ь": "Б", "Ы": "Б",
}  # fmt: skip


def initials(name: str) -> str:
    """The first letter (or digit) of the first two words, in capitals: "My first app" -> "MF"."""
    words = re.findall(r"\w+", name)
    letters = "".join(word[0] for word in words[:2] if word[0] != "_").upper()
    return letters or "?"


def _parse(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def ink_for(background: str) -> str:
    """White letters on a dark colour, near-black letters on a light one."""
    red, green, blue = _parse(background)
    light = (0.299 * red + 0.587 * green + 0.114 * blue) / 255 > 0.62
    return "#111111" if light else "#ffffff"


def icon_svg(name: str, background: str) -> str:
    """A square SVG icon: the name's initials on the theme colour."""
    letters = escape(initials(name))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">'
        f'<rect width="512" height="512" fill="{background}"/>'
        f'<text x="256" y="256" dy="0.35em" text-anchor="middle" fill="{ink_for(background)}" '
        'font-family="system-ui, -apple-system, Roboto, Arial, sans-serif" font-weight="700" '
        f'font-size="{230 if len(letters) > 1 else 300}">{letters}</text></svg>'
    )


def _glyph(letter: str) -> tuple[int, ...] | None:
    return _FONT.get(_SAME_AS.get(letter, letter))


def _mask(letters: str) -> list[list[bool]]:
    """The letters as a grid of cells (7 rows), one blank column between letters."""
    glyphs = [_glyph(letter) for letter in letters]
    if not glyphs or any(g is None for g in glyphs):
        # No glyph: a circle, 7×7 cells.
        circle = ["..###..", ".#####.", "#######", "#######", "#######", ".#####.", "..###.."]
        return [[c == "#" for c in row] for row in circle]
    columns: list[int] = []
    for index, glyph in enumerate(glyphs):
        if index:
            columns.append(0)
        columns.extend(glyph)
    return [[bool(column >> row & 1) for column in columns] for row in range(7)]


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@functools.lru_cache(maxsize=256)
def icon_png(name: str, background: str, size: int) -> bytes:
    """A square PNG icon of `size` pixels: the initials in a bitmap font, inside the maskable safe zone."""
    mask = _mask(initials(name))
    cells_wide = len(mask[0])
    # Keep the letters inside the middle 60% so launchers that crop icons to a circle keep them whole.
    cell = max(1, int(size * 0.6 / max(cells_wide, 7)))
    left = (size - cell * cells_wide) // 2
    top = (size - cell * 7) // 2
    paper = bytes(_parse(background))
    ink = bytes(_parse(ink_for(background)))
    blank = paper * size
    rows = [blank] * size
    for row_index, cells in enumerate(mask):
        line = bytearray(blank)
        for column, filled in enumerate(cells):
            if filled:
                start = (left + column * cell) * 3
                line[start : start + cell * 3] = ink * cell
        line_bytes = bytes(line)
        for y in range(top + row_index * cell, top + (row_index + 1) * cell):
            rows[y] = line_bytes
    return _png(size, size, rows)
