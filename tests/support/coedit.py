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


def line_anchors(client, project_id: int, file: str, first: int, last: int) -> dict:
    """What a project page sends to comment on lines first..last of a file: the lines, the text it
    sees there, and the Yjs relative positions of their start and end in its copy of the document
    (made here with pycrdt, from the state the page gets; its indexes are right for ASCII text)."""
    from pycrdt import Assoc, StickyIndex

    page = client.get(f"/projects/{project_id}").get_data(as_text=True)
    data = json.loads(
        page.split('<script type="application/json" id="page-data">', 1)[1].split("</script>", 1)[0]
    )
    doc = Doc()
    doc.apply_update(base64.b64decode(data["coedit"]["state"]))
    text = doc.get(file, type=Text)
    lines = str(text).split("\n")
    start = len("\n".join(lines[: first - 1])) + (1 if first > 1 else 0)
    end = len("\n".join(lines[:last]))
    return {
        "file": file,
        "line": first,
        "endLine": last,
        "seen": "\n".join(lines[first - 1 : last]),
        "start": b64(StickyIndex.new(text, start, Assoc.AFTER).encode()),
        "end": b64(StickyIndex.new(text, end, Assoc.BEFORE).encode()),
    }
