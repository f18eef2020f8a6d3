"""QR codes made on the server (no network): SVG for pages, text for the terminal."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, scale: int = 8) -> str:
    """Return an SVG image of a QR code for `text`."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def qr_terminal(text: str) -> str:
    """Return the QR code drawn with block characters, for printing in a terminal."""
    out = io.StringIO()
    segno.make(text, error="l").terminal(out=out, compact=True, border=2)
    return out.getvalue()
