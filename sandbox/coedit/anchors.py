"""Where a review comment sits in a file of a project's document: lines in, sticky indexes out.

A comment is made on lines `first`..`last` of a file. It is kept as two sticky indexes of the
file's Y.Text (Yrs's name for Yjs's relative positions): the start of the first line, tied to the
character after it, and the end of the last line, tied to the character before it. Text inserted
above, below or inside the range never moves them off the code they were on; the browser reads
the same bytes with Yjs (`Y.decodeRelativePosition`). Offsets are UTF-16 code units, as in Yjs,
Yrs and CodeMirror alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from pycrdt import Assoc, StickyIndex, Text


@dataclass(frozen=True)
class Anchor:
    """A range of lines, as made: its two sticky indexes, and the lines it is on now."""

    start: bytes
    end: bytes
    line: int
    end_line: int
    quote: str


def units(text: str) -> int:
    """The length of a text in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def line_at(text: str, offset: int) -> int:
    """The number (from 1) of the line holding a UTF-16 offset."""
    before = text.encode("utf-16-le")[: 2 * max(0, offset)].decode("utf-16-le", errors="ignore")
    return before.count("\n") + 1


def find_lines(text: str, first: int, last: int, seen: str | None) -> tuple[int, int] | None:
    """The lines to anchor to: `first`..`last`, or, when the page saw other text there (it typed
    since, and the server has not heard it yet), the nearest place holding the text it saw."""
    lines = text.split("\n")
    if not 1 <= first <= last <= len(lines):
        return None
    count = last - first + 1
    if seen is None or "\n".join(lines[first - 1 : last]) == seen:
        return first, last
    places = [
        start for start in range(len(lines) - count + 1) if "\n".join(lines[start : start + count]) == seen
    ]
    if not places:
        return first, last
    start = min(places, key=lambda place: abs(place + 1 - first))
    return start + 1, start + count


def _sticky(ytext: Text, offset: int, assoc: Assoc, length: int) -> bytes:
    # Yrs has no character to tie to after the end or before the start (it panics): there the
    # index ties to the one character on the other side.
    if assoc == Assoc.AFTER and offset >= length:
        assoc = Assoc.BEFORE
    elif assoc == Assoc.BEFORE and offset <= 0:
        assoc = Assoc.AFTER
    return StickyIndex.new(ytext, offset, assoc).encode()


def make_anchor(ytext: Text, first: int, last: int, seen: str | None = None) -> Anchor | None:
    """Anchor lines of a file's Y.Text; None when the file has no such lines (or no text at all)."""
    text = str(ytext)
    found = find_lines(text, first, last, seen)
    if found is None or not text:
        return None
    first, last = found
    lines = text.split("\n")
    start = units("\n".join(lines[: first - 1]) + ("\n" if first > 1 else ""))
    end = units("\n".join(lines[:last]))
    length = units(text)
    return Anchor(
        _sticky(ytext, start, Assoc.AFTER, length),
        _sticky(ytext, end, Assoc.BEFORE, length),
        first,
        last,
        "\n".join(lines[first - 1 : last]),
    )


def lines_now(ytext: Text, start: bytes, end: bytes) -> tuple[int, int] | None:
    """The lines a comment's range covers now; None when its indexes cannot be found."""
    text = str(ytext)
    try:
        offsets = [StickyIndex.decode(bytes(data), ytext).get_index() for data in (start, end)]
    except (ValueError, RuntimeError):
        return None
    if any(not isinstance(offset, int) for offset in offsets):
        return None
    first = line_at(text, offsets[0])
    return first, max(first, line_at(text, offsets[1]))
