"""The pieces of Take it home that need no server: icons from initials, zip entry names, names."""

from __future__ import annotations

import struct
import zlib

import pytest

from sandbox.icons import icon_png, icon_svg, initials, ink_for
from sandbox.publish import inject_head, short_name
from sandbox.takehome import safe_entry


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Count the volunteers", "CT"),
        ("Считаем волонтёров", "СВ"),
        ("ҳисобкунак", "Ҳ"),
        ("my app 2", "MA"),
        ("  ", "?"),
        ("<script>", "S"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_two_words(name, expected):
    assert initials(name) == expected


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode our own PNGs: 8-bit RGB, filter 0 on every row."""
    width, height = struct.unpack(">II", png[16:24])
    data = zlib.decompress(png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8])
    stride = 1 + width * 3
    return width, height, [data[y * stride + 1 : (y + 1) * stride] for y in range(height)]


@pytest.mark.parametrize("size", [192, 512])
@pytest.mark.parametrize("name", ["Job board", "Считаем волонтёров", "Ӯ ☃"])
def test_png_icons_are_square_with_letters_inside_the_safe_zone(name, size):
    png = icon_png(name, "#2563eb", size)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, rows = pixels(png)
    assert (width, height) == (size, size)
    ink = bytes.fromhex("ffffff")
    inked = [(x, y) for y, row in enumerate(rows) for x in range(size) if row[x * 3 : x * 3 + 3] == ink]
    assert inked, "the letters (or the circle) are drawn"
    margin = size * 0.2
    assert all(margin <= x <= size - margin and margin <= y <= size - margin for x, y in inked)


def test_svg_icons_escape_the_name_and_pick_a_readable_ink():
    svg = icon_svg("<b>old</b> & new", "#fde047")
    assert "<b>" not in svg and ">BO</text>" in svg  # only the initials reach the SVG
    assert ink_for("#fde047") == "#111111" and ink_for("#1e3a8a") == "#ffffff"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("index.html", True),
        ("assets/img/logo.png", True),
        ("../secret", False),
        ("/etc/passwd", False),
        ("assets/../../x", False),
        ("a\\b", False),
        ("", False),
    ],
)
def test_zip_entries_never_leave_their_folder(name, safe):
    assert safe_entry(name) is safe


def test_short_names_fit_a_home_screen():
    assert short_name("Counter") == "Counter"
    assert short_name("Volunteers counter app") == "Volunteers"
    assert short_name("Волонтёрлароҳангсоз шумора") == "ВШ"


class Published:
    name = 'A "b" c'
    theme_color = "#123456"


@pytest.mark.parametrize(
    ("html", "starts"),
    [
        ("<!DOCTYPE html><html><head><title>x</title></head></html>", "<!DOCTYPE html><html><head><link"),
        ("<html lang=ru><body>x</body></html>", "<html lang=ru><link"),
        ("<p>no head</p>", "<link"),
    ],
)
def test_the_manifest_and_worker_go_into_the_head(html, starts):
    page = inject_head(html, Published())
    assert page.startswith(starts)
    assert 'content="A &#34;b&#34; c"' in page and '<script src="install.js"></script>' in page
