"""A member's browser for the co-editing tests: a pycrdt document synced over a project's socket."""

from __future__ import annotations

import base64
import json

from pycrdt import Doc, Text


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class Member:
    """A member's browser: a document of its own, synced with the server over the project socket."""

    def __init__(self, sockets, host: str, project_id: int, client):
        self.socket = sockets(host, f"/live/projects/{project_id}", client)
        self.early: list[dict] = []  # messages that came before the one waited for
        self.hello = self.next("hello")
        self.doc = Doc()
        self.text = self.doc.get("index.html", type=Text)
        self.sent = 0
        self.sync()

    def next(self, kind: str) -> dict:
        """The next message of this type; others that come first are kept for later (not skipped)."""
        for message in self.early:
            if message["type"] == kind:
                self.early.remove(message)
                return message
        while True:
            raw = self.socket.ws.receive(timeout=5)
            assert raw is not None, f"no {kind!r} message within 5 s"
            message = json.loads(raw)
            if message["type"] == kind:
                return message
            if message["type"] != "ping":
                self.early.append(message)

    def sync(self) -> None:
        """The page's sync on (re)connect: its step 1, and what the server lacks as an update."""
        self.socket.send({"type": "sync", "sv": b64(self.doc.get_state())})
        self.doc.apply_update(base64.b64decode(self.next("sync")["update"]))

    def type(self, at: int, words: str) -> int:
        """Type at a place of index.html and send the change; its id."""
        before = self.doc.get_state()
        self.text.insert(at, words)
        return self.send(self.doc.get_update(before))

    def send(self, update: bytes) -> int:
        self.sent += 1
        self.socket.send({"type": "update", "id": self.sent, "update": b64(update)})
        return self.sent

    def acknowledged(self, update_id: int) -> None:
        assert self.next("ack")["id"] == update_id

    def hear(self) -> None:
        self.doc.apply_update(base64.b64decode(self.next("update")["update"]))
