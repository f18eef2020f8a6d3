"""The one loop every websocket runs, and the connection its handler talks through.

Each open websocket holds a server thread (two, with simple-websocket's reader). Threads never
wait without a timeout: each connection waits on its own inbox, which the hub and the socket's
reader both wake, and which times out every PING_EVERY_S to ping the client.

A socket's handler (sandbox/live/handlers.py) says what to send first, what to do with a
request the table allows, and what to pass on of what the hub delivered; `serve` does the rest
once for all: reading with size limits, refusing message types the table does not allow,
re-syncing after dropped messages, pinging, and unsubscribing whatever happens.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from simple_websocket import ConnectionClosed
from wsproto.utilities import LocalProtocolError

from . import topics
from .hub import Hub, Inbox, WakingEvent

log = logging.getLogger(__name__)

PING_EVERY_S = 20


@dataclass(frozen=True)
class SocketRule:
    """One websocket: its path, who may open it, what it hears, what its client may send."""

    path: str
    # Who may open it: returns what its handler is about (a learner, a class, a phone link), or
    # refuses with an HTTP status before the handshake. Origin is checked before this.
    opens: Callable[[dict], object]
    # The topics it listens to from the start, chosen by the server from what `opens` returned.
    listens: Callable[[object], list[str]]
    handler: Callable[[Connection, object], Handler]
    # The message types its client may send; anything else is answered with "not-allowed".
    accepts: frozenset[str] = frozenset()
    # Of those, the ones that may be up to MAX_TYPING_BYTES (the others: MAX_MESSAGE_BYTES).
    big: frozenset[str] = frozenset()
    # Whether it may listen, on request, to the watch topic of a learner (its handler checks whose).
    may_watch: bool = False

    def refusal(self, message: dict) -> str | None:
        """The error a client message gets before its handler sees it, or None."""
        kind = message.get("type")  # any JSON value: a list or an object is no type (nor hashable)
        return None if isinstance(kind, str) and kind in self.accepts else topics.NOT_ALLOWED


@dataclass(eq=False)
class Connection:
    """One open websocket: send to it, listen to topics for it, close it."""

    ws: object
    hub: Hub
    rule: SocketRule
    inbox: Inbox = field(default_factory=Inbox)
    topics: set[str] = field(default_factory=set)
    sent: int = 0

    def send(self, message: dict) -> None:
        self.ws.send(json.dumps(message, ensure_ascii=False))
        self.sent += 1

    def error(self, code: str, **details) -> None:
        self.send({"type": topics.ERROR, "error": code, **details})

    def listen(self, topic: str) -> None:
        self.hub.subscribe(topic, self.inbox)
        self.topics.add(topic)

    def stop_listening(self, topic: str) -> None:
        self.hub.unsubscribe(topic, self.inbox)
        self.topics.discard(topic)

    def watch(self, learner_id: int) -> None:
        """Hear a learner's files; only for sockets whose rule allows it (the handler checks whose)."""
        if not self.rule.may_watch:
            raise PermissionError(f"{self.rule.path} may not watch learners")
        self.listen(topics.watch(learner_id))

    def unwatch(self, learner_id: int) -> None:
        self.stop_listening(topics.watch(learner_id))

    def close(self, code: int, message: str = "") -> None:
        self.ws.close(reason=code, message=message)

    def leave_all(self) -> None:
        for topic in list(self.topics):
            self.stop_listening(topic)


class Handler:
    """What one kind of socket does; `serve` calls these, in its one thread."""

    def __init__(
        self, connection: Connection, subject: object, query: Mapping[str, str] | None = None
    ) -> None:
        self.connection = connection
        self.subject = subject
        self.query = query or {}  # the socket's query string, read at the edge (routes.py)

    def opened(self) -> None:
        """Send what the page needs first (and announce it, if anyone cares)."""

    def wait(self) -> float:
        """How long to wait for something to happen before pinging (or another timed task)."""
        return PING_EVERY_S

    def request(self, message: dict) -> None:
        """Act on one message the table allows the client to send."""

    def deliver(self, messages: list[dict], overflowed: bool) -> None:
        """Pass on what the hub delivered; `overflowed`: some were dropped, so re-sync the page."""

    def closed(self) -> None:
        """Clean up after the socket closed (its topics are left by `serve`)."""


def serve(ws, hub: Hub, rule: SocketRule, subject: object, query: Mapping[str, str] | None = None) -> None:
    """Run one websocket until it closes: the loop every socket shares."""
    connection = Connection(ws, hub, rule)
    event = getattr(ws, "event", None)
    if isinstance(event, WakingEvent):
        event.inbox = connection.inbox
        # A message the page sent the moment the socket opened (the projector's "project") may
        # have reached the reader before the inbox was attached: it set the event but woke no
        # one, and would wait unread until the next ping, PING_EVERY_S later.
        if event.is_set():
            connection.inbox.wake()
    handler = rule.handler(connection, subject, query)
    try:
        for topic in rule.listens(subject):
            connection.listen(topic)
        handler.opened()
        while ws.connected:
            messages = connection.inbox.take(handler.wait())
            incoming = _incoming(ws, rule.big)
            if not ws.connected:
                break
            sent = connection.sent
            for message in incoming:
                if problem := rule.refusal(message):
                    connection.error(problem)
                else:
                    handler.request(message)
            overflowed = connection.inbox.overflowed
            connection.inbox.overflowed = False
            handler.deliver(messages, overflowed)
            if ws.connected and not messages and not incoming and connection.sent == sent:
                connection.send({"type": topics.PING})
    except (ConnectionClosed, OSError, LocalProtocolError):
        # Closed by the page, or its network went away; or simple-websocket's reader closed the
        # protocol (a message over its size limit: 1009) between our check and our send.
        pass
    finally:
        connection.leave_all()
        handler.closed()


def _incoming(ws, big_types: frozenset[str] = frozenset()) -> list[dict]:
    """Read what the client sent so far, without waiting; anything unreadable becomes {}.

    Messages are at most MAX_MESSAGE_BYTES, except those of `big_types` (at most
    MAX_TYPING_BYTES); a bigger one closes the socket with 1009.
    """
    found = []
    while (raw := ws.receive(timeout=0)) is not None:
        limit = topics.MAX_TYPING_BYTES if big_types else topics.MAX_MESSAGE_BYTES
        if len(raw) > limit:
            _too_big(ws)
        try:
            message = json.loads(raw)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to read
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type", ""), str):
            message = {}  # (a type that is a list or an object is no type of ours)
        if len(raw) > topics.MAX_MESSAGE_BYTES and message.get("type") not in big_types:
            _too_big(ws)
        found.append(message)
    return found


def _too_big(ws) -> None:
    ws.close(reason=topics.CLOSE_TOO_BIG, message="too big")
    raise ConnectionClosed()


def quietly(action, *args) -> None:
    """Do something that may fail without ending the connection (the database was busy, say)."""
    try:
        action(*args)
    except Exception:
        log.warning("live: %s failed", getattr(action, "__name__", action), exc_info=True)
