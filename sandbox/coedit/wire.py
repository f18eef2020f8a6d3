"""A check of the Yjs wire format (update v1, state vector) before any bytes reach pycrdt.

Yrs reads a count and then tries to read (or makes room for) that many things: a few random
bytes from a client that say "two hundred million clients" keep a server thread busy for seconds.
Here every count and length is held against the bytes that are left (each thing takes at least
one byte), with the structure of Yjs's encoding (yjs/src/utils/UpdateDecoder.js, lib0's
`readAny`), so what pycrdt is given is at least well-formed and as big as it says.
"""

from __future__ import annotations

MAX_DEPTH = 16  # nested lists and objects inside an update's content


class Malformed(ValueError):
    """Bytes that are not a well-formed Yjs update (or state vector)."""


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def left(self) -> int:
        return len(self.data) - self.at

    def byte(self) -> int:
        if self.at >= len(self.data):
            raise Malformed("ends early")
        value = self.data[self.at]
        self.at += 1
        return value

    def uint(self) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 53:
                raise Malformed("number too big")

    def int(self) -> None:
        byte = self.byte()
        shift = 6
        while byte & 0x80:
            byte = self.byte()
            shift += 7
            if shift > 60:
                raise Malformed("number too big")

    def count(self) -> int:
        """A count of things that follow: each takes a byte at least."""
        n = self.uint()
        if n > self.left():
            raise Malformed("count past the end")
        return n

    def skip(self, length: int) -> None:
        if length > self.left():
            raise Malformed("length past the end")
        self.at += length

    def buffer(self) -> None:
        self.skip(self.uint())

    def identifier(self) -> None:
        self.uint()
        self.uint()

    def any(self, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise Malformed("nested too deep")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:
            self.int()
        elif kind == 124:
            self.skip(4)
        elif kind in (123, 122):
            self.skip(8)
        elif kind in (119, 116):  # a string, bytes
            self.buffer()
        elif kind == 118:  # an object
            for _ in range(self.count()):
                self.buffer()
                self.any(depth + 1)
        elif kind == 117:  # an array
            for _ in range(self.count()):
                self.any(depth + 1)
        else:
            raise Malformed("unknown value")


def _content(reader: _Reader, info: int) -> None:
    kind = info & 0x1F
    if kind == 1:  # deleted
        reader.uint()
    elif kind == 2:  # JSON
        for _ in range(reader.count()):
            reader.buffer()
    elif kind in (3, 4, 5):  # binary, string, embed
        reader.buffer()
    elif kind == 6:  # format
        reader.buffer()
        reader.buffer()
    elif kind == 7:  # a type
        if reader.uint() in (3, 5):  # an XML element or hook: its name
            reader.buffer()
    elif kind == 8:  # any
        for _ in range(reader.count()):
            reader.any()
    elif kind == 9:  # a subdocument
        reader.buffer()
        reader.any()
    else:
        raise Malformed("unknown content")


def check_update(data: bytes) -> None:
    """Raise Malformed unless `data` is a well-formed Yjs update (v1)."""
    reader = _Reader(data)
    for _ in range(reader.count()):
        structs = reader.count()
        reader.uint()  # client
        reader.uint()  # clock
        for _ in range(structs):
            info = reader.byte()
            kind = info & 0x1F
            if kind in (0, 10):  # GC, skip
                reader.uint()
                continue
            if info & 0x80:
                reader.identifier()  # origin
            if info & 0x40:
                reader.identifier()  # right origin
            if not info & 0xC0:
                if reader.uint() == 1:
                    reader.buffer()  # the parent's name
                else:
                    reader.identifier()  # the parent item
                if info & 0x20:
                    reader.buffer()  # the key in the parent
            _content(reader, info)
    for _ in range(reader.count()):  # the delete set
        reader.uint()
        for _ in range(reader.count()):
            reader.uint()
            reader.uint()
    if reader.left():
        raise Malformed("bytes after the end")


def check_state_vector(data: bytes) -> None:
    """Raise Malformed unless `data` is a well-formed state vector."""
    reader = _Reader(data)
    for _ in range(reader.count()):
        reader.uint()
        reader.uint()
    if reader.left():
        raise Malformed("bytes after the end")
