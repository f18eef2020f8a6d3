"""QR codes made on the server (no network): SVG for pages, text for the terminal."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, scale: int = 8) -> str:
    """Return an SVG image of a QR code for `text`."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()


# Black on white whatever the terminal's colours: a light terminal would otherwise show the code
# inverted, which many phone cameras do not read.
DARK_ON_LIGHT = "\x1b[30;107m"
RESET = "\x1b[0m"


def qr_terminal(text: str, border: int = 4) -> str:
    """Return the QR code drawn with half blocks (two modules a character), for a terminal.

    The colours are set explicitly (black modules on a white ground) and the quiet zone is the
    standard four modules, so the code scans on a dark and on a light terminal alike.
    """
    matrix = [list(row) for row in segno.make(text, error="l").matrix_iter(scale=1, border=border)]
    if len(matrix) % 2:
        matrix.append([0] * len(matrix[0]))
    glyphs = {(0, 0): " ", (1, 0): "\u2580", (0, 1): "\u2584", (1, 1): "\u2588"}
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
        row = "".join(glyphs[(bool(a), bool(b))] for a, b in zip(top, bottom, strict=True))
        lines.append(f"{DARK_ON_LIGHT}{row}{RESET}")
    return "\n".join(lines) + "\n"
