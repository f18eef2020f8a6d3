"""The project socket: live co-editing of a group project's files (docs/projects.md).

Each open project page holds one. The y-protocol's messages go as JSON with their bytes in
base64: on connect the server sends its state vector (`hello`, its sync step 1); the page answers
with its own (`sync`) and gets back what it lacks (`sync`, step 2), and sends what the server
lacks as an `update`. Every `update` carries an id and is acknowledged (`ack`) only once it is
stored; the other editors get it on the project's topic, in this process and, through Redis, in
every other. `awareness` (who is here, their cursor) is passed on, never stored, with the
member's real name and colour put in by the server.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from dataclasses import dataclass

from ..coedit import AwarenessError, BadUpdate, forget, read_awareness, write_awareness
from ..coedit.documents import TooBig
from . import topics
from .events import project_saved, project_update, services
from .sockets import Handler

# The trainer's review hears a project's changes at most this often (it then fetches the files).
SAVED_EVERY_S = 1.0
# An open editor asks the database again this often whether its learner is still in the group.
MEMBER_RECHECK_S = 30
MAX_UPDATE_ID = 2**53


@dataclass(frozen=True)
class ProjectSeat:
    """Who opened a project's socket: a member of the group, the trainer of its class, or a mentor
    it is shared with (who follows it and may not change it: docs/mentors.md)."""

    project: object  # store.Project
    learner_id: int | None
    trainer_id: int | None
    name: str
    colour: str
    mentor_id: int | None = None

    @property
    def owner(self) -> tuple:
        """Whose socket this is, for the limit of sockets each (see routes.socket_owner)."""
        if self.learner_id is not None:
            return ("Learner", self.learner_id)
        return ("trainer", self.trainer_id) if self.trainer_id is not None else ("mentor", self.mentor_id)

    def user(self) -> dict:
        """The member as their cursor shows them (y-codemirror.next reads `name`, `color`, `colorLight`)."""
        return {"name": self.name, "color": self.colour, "colorLight": self.colour + "33"}


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode(value: object) -> bytes | None:
    """Bytes sent as base64 text, or None when it is not that."""
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


class ProjectEditor(Handler):
    """One open editor of a group project: sync, updates (stored, then acknowledged), cursors."""

    def __init__(self, connection, seat: ProjectSeat, query=None) -> None:
        super().__init__(connection, seat, query)
        self.seat = seat
        self.project = seat.project
        self.token = secrets.token_hex(8)  # this socket: it does not hear its own updates back
        self.clients: dict[int, int] = {}  # the awareness clients of this page -> their last clock
        self.saved_due: float | None = None  # when to tell the review of a change not yet told
        self.saved_last = 0.0
        self.revision: int | None = None
        self.checked = time.monotonic()

    @property
    def documents(self):
        return services().coedit

    def _send_hello(self) -> None:
        vector = self.documents.state_vector(self.project)
        self.connection.send({"type": topics.HELLO, "sv": encode(vector), "user": self.seat.user()})

    def opened(self) -> None:
        self._send_hello()
        services().hub.publish(topics.project(self.project.id), {"type": topics.WHO, "from": self.token})

    def wait(self) -> float:
        if self.saved_due is None:
            return super().wait()
        return max(0.02, min(super().wait(), self.saved_due - time.monotonic()))

    def request(self, message: dict) -> None:
        kind = message["type"]
        if kind == topics.SYNC:
            vector = decode(message.get("sv"))
            try:
                if vector is None:
                    raise BadUpdate("not base64")
                missing = self.documents.missing_for(self.project, vector)
            except BadUpdate:
                self.connection.error(topics.BAD_UPDATE)
                return
            self.connection.send({"type": topics.SYNC, "update": encode(missing)})
        elif kind == topics.UPDATE:
            if self.seat.mentor_id is not None:
                # A mentor follows the code; only the group (and its trainer) changes it.
                self.connection.error(topics.NOT_ALLOWED, id=message.get("id"))
                return
            self._update(message)
        elif kind == topics.AWARENESS:
            self._awareness(message)

    def _update(self, message: dict) -> None:
        update_id = message.get("id")
        if (
            not isinstance(update_id, int)
            or isinstance(update_id, bool)
            or not 0 <= update_id <= MAX_UPDATE_ID
        ):
            self.connection.error(topics.BAD_UPDATE)
            return
        data = decode(message.get("update"))
        try:
            if data is None:
                raise BadUpdate("not base64")
            applied = self.documents.apply(self.project, data)
        except BadUpdate:
            self.connection.error(topics.BAD_UPDATE, id=update_id)
            return
        except TooBig as too_big:
            limit_kb = self.documents.max_file_bytes // 1024
            self.connection.error(topics.TOO_BIG, id=update_id, file=too_big.name, kb=limit_kb)
            return
        except LookupError:  # the project was deleted
            self.connection.close(topics.CLOSE_LEFT, "gone")
            return
        # Stored: now it is acknowledged, and passed on.
        self.connection.send({"type": topics.ACK, "id": update_id})
        project_update(self.project.id, message["update"], self.token)
        self.revision = applied.revision
        if self.saved_due is None:
            self.saved_due = max(time.monotonic(), self.saved_last + SAVED_EVERY_S)

    def _awareness(self, message: dict) -> None:
        data = decode(message.get("update"))
        try:
            entries = read_awareness(data if data is not None else b"")
        except AwarenessError:
            self.connection.error(topics.BAD_UPDATE)
            return
        kept = []
        for client, clock, state in entries:
            if client not in self.clients and len(self.clients) >= 8:
                continue  # a page speaks for its own few clients, not for everyone's
            self.clients[client] = clock
            if isinstance(state, dict):
                state = {**state, "user": self.seat.user()}  # their own name, whatever was sent
            kept.append((client, clock, state))
        if kept:
            update = encode(write_awareness(kept))
            services().hub.publish(
                topics.project(self.project.id),
                {"type": topics.AWARENESS, "update": update, "from": self.token},
            )

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        for message in messages:
            if message.get("from") == self.token:
                continue
            kind = message.get("type")
            if kind in (topics.UPDATE, topics.AWARENESS):
                self.connection.send({"type": kind, "update": message["update"]})
            elif kind == topics.WHO:
                self.connection.send({"type": topics.WHO})
            elif kind == topics.COMMENT:
                self.connection.send({"type": topics.COMMENT, "comment": message["comment"]})
            elif kind in (topics.PLAN, topics.ASSETS):
                self.connection.send(message)
        if overflowed:
            self._send_hello()  # changes were dropped for this slow page: it syncs again
        self._tell_review()
        if time.monotonic() - self.checked > MEMBER_RECHECK_S:
            self.checked = time.monotonic()
            self._still_allowed()

    def _tell_review(self, now: bool = False) -> None:
        if self.saved_due is not None and (now or time.monotonic() >= self.saved_due):
            self.saved_due = None
            self.saved_last = time.monotonic()
            project_saved(self.project, self.revision)

    def _still_allowed(self) -> None:
        store = services().store
        project = store.get_project(self.project.id)
        if (
            project is None
            or (self.seat.learner_id is not None and self.seat.learner_id not in project.members)
            or (self.seat.mentor_id is not None and not store.is_shared(self.seat.mentor_id, project.id))
        ):
            self.connection.close(topics.CLOSE_LEFT, "left")

    def closed(self) -> None:
        self._tell_review(now=True)
        if self.clients:
            services().hub.publish(
                topics.project(self.project.id),
                {"type": topics.AWARENESS, "update": encode(forget(self.clients)), "from": self.token},
            )
