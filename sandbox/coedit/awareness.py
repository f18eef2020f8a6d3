"""The y-protocols awareness message (who is here, their cursor), read and written on the server.

An awareness update is a count, then for each client: its id, a clock, and its state as JSON text
(`null` when it left), every number a variable-length unsigned integer (lib0's encoding). The
server reads each update a member sends so that it can put the member's real name and colour in
it (no one can type under another's name) and, when the member's socket closes, tell the others
that those clients left.
"""

from __future__ import annotations

import json

MAX_CLIENTS = 8  # one page has one; a few more for pages that reconnect with a new document
MAX_STATE_CHARS = 2000


class AwarenessError(ValueError):
    """Bytes that are not an awareness update we accept."""


def _read_uint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise AwarenessError("truncated number")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _write_uint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_awareness(data: bytes) -> list[tuple[int, int, object]]:
    """[(client id, clock, state)] of an update; state None when that client left."""
    count, at = _read_uint(data, 0)
    if count > MAX_CLIENTS:
        raise AwarenessError("too many clients")
    entries = []
    for _ in range(count):
        client, at = _read_uint(data, at)
        clock, at = _read_uint(data, at)
        length, at = _read_uint(data, at)
        if length > MAX_STATE_CHARS * 4 or at + length > len(data):
            raise AwarenessError("bad state")
        try:
            state = json.loads(data[at : at + length].decode("utf-8"))
        except (ValueError, RecursionError) as error:
            raise AwarenessError("state is not JSON") from error
        at += length
        if state is not None and not isinstance(state, dict):
            raise AwarenessError("state is not an object")
        entries.append((client, clock, state))
    if at != len(data):
        raise AwarenessError("trailing bytes")
    return entries


def write_awareness(entries: list[tuple[int, int, object]]) -> bytes:
    out = bytearray(_write_uint(len(entries)))
    for client, clock, state in entries:
        text = json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out += _write_uint(client) + _write_uint(clock) + _write_uint(len(text)) + text
    return bytes(out)


def forget(clocks: dict[int, int]) -> bytes:
    """The update saying these clients (id -> last clock seen) left."""
    return write_awareness([(client, clock + 1, None) for client, clock in clocks.items()])
