"""Where a review comment sits in a file of a project (docs/mentors.md).

The page anchors a comment with Yjs: two relative positions in the file's Y.Text (the start of its
first line, tied to the character after it; the end of its last line, tied to the one before), so
whatever anyone types above, below or inside, the comment stays on the code it was made on, in
every member's editor. The server stores those bytes after checking that they are a relative
position as Yjs encodes it (`check_position`: nothing else is read from them), and says which
lines a comment covers now by finding the text it was made on again, nearest where it was
(`lines_now`): the page's figure, from the positions themselves, is the exact one.

Why the server does not read the positions itself: pycrdt counts a Text's positions in UTF-8
bytes in some places and in UTF-16 units in others (its sticky indexes mix the two), so with any
Cyrillic text before a comment they point elsewhere; Yjs in the browser counts UTF-16 throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_POSITION_BYTES = 64


@dataclass(frozen=True)
class Anchor:
    """Where a comment is made: the page's two relative positions, and the lines and their text."""

    start: bytes
    end: bytes
    line: int
    end_line: int
    quote: str


class _Malformed(ValueError):
    pass


def _varuint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 56:
            raise _Malformed("varuint")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _varint(data: bytes, at: int) -> int:
    if at >= len(data):
        raise _Malformed("varint")
    first = data[at]
    at += 1
    if first & 0x80:
        _value, at = _varuint(data, at)
    return at


def check_position(data: bytes, file: str) -> bool:
    """Whether bytes are one Yjs relative position (`Y.encodeRelativePosition`): an item (client,
    clock), or the end of the file's own type (its name), then an optional association."""
    if not 2 <= len(data) <= MAX_POSITION_BYTES:
        return False
    try:
        tag, at = _varuint(data, 0)
        if tag in (0, 2):  # an item, or a type by its item
            _client, at = _varuint(data, at)
            _clock, at = _varuint(data, at)
        elif tag == 1:  # a top-level type by its name: this file
            length, at = _varuint(data, at)
            name = data[at : at + length]
            at += length
            if at > len(data) or name.decode("utf-8") != file:
                return False
        else:
            return False
        if at < len(data):
            at = _varint(data, at)
        return at == len(data)
    except (_Malformed, UnicodeDecodeError):
        return False


def find_lines(text: str, first: int, last: int, seen: str | None) -> tuple[int, int] | None:
    """Lines `first`..`last` of a text; when `seen` (the text those lines had) is elsewhere now,
    the nearest place holding it. None when the text has no such lines."""
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


def _nearest(places: list[int], to: int) -> int | None:
    return min(places, key=lambda place: abs(place - to)) if places else None


def lines_now(text: str, quote: str, line: int, end_line: int) -> tuple[int, int]:
    """The lines a comment made on `quote` at `line`..`end_line` covers in the text as it is now:
    where that text is, nearest where it was; else from the nearest line like its first to the
    nearest like its last after it (lines were typed inside it); else where it was (held to the file)."""
    lines = text.split("\n")
    wanted = quote.split("\n")
    count = len(wanted)
    whole = [start + 1 for start in range(len(lines) - count + 1) if lines[start : start + count] == wanted]
    if (first := _nearest(whole, line)) is not None:
        return first, first + count - 1
    first = _nearest([n + 1 for n, one in enumerate(lines) if one == wanted[0]], line)
    if first is not None:
        tails = [n + 1 for n, one in enumerate(lines) if one == wanted[-1] and n + 1 >= first]
        last = _nearest(tails, first + (end_line - line))
        return first, last if last is not None else first
    first = max(1, min(line, len(lines)))
    return first, max(first, min(end_line, len(lines)))
