"""The publish/subscribe hub, the inboxes it fills, and presence. No Flask here.

This is the seam where Redis pub/sub takes the in-process hub's place when the server is scaled
out: anything with `subscribe`, `unsubscribe`, `listening` and `publish` (the Hub protocol) will do.
Publishing never blocks: a full inbox drops the message and marks itself overflowed, and its
socket makes the page re-sync.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Protocol

INBOX_SIZE = 200
CLASS_CACHE_S = 30


class Inbox:
    """Messages waiting for one connection, and a way to wake its thread for other reasons."""

    def __init__(self, maxsize: int = INBOX_SIZE) -> None:
        self.maxsize = maxsize
        self.overflowed = False
        self._items: deque = deque()
        self._woken = False
        self._cond = threading.Condition()

    def put_nowait(self, message: dict) -> None:
        with self._cond:
            if len(self._items) >= self.maxsize:
                self.overflowed = True
                raise queue.Full
            self._items.append(message)
            self._cond.notify()

    def wake(self) -> None:
        with self._cond:
            self._woken = True
            self._cond.notify()

    def take(self, timeout: float) -> list[dict]:
        """Return what is waiting, waiting at most `timeout` seconds for something (or a wake-up)."""
        with self._cond:
            if not self._items and not self._woken:
                self._cond.wait(timeout)
            items = list(self._items)
            self._items.clear()
            self._woken = False
            return items

    def get(self, timeout: float | None = None) -> dict:
        """Return one message, like queue.Queue.get (raises queue.Empty after `timeout`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._items:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise queue.Empty
                self._cond.wait(remaining)
            return self._items.popleft()


class Hub(Protocol):
    """Topics to subscriber inboxes: what the views, the jobs and the sockets need of a hub."""

    def subscribe(self, topic: str, inbox: Inbox | None = None) -> Inbox: ...

    def unsubscribe(self, topic: str, inbox: Inbox) -> None: ...

    def listening(self, topic: str) -> bool: ...

    def publish(self, topic: str, message: dict) -> None: ...


class LocalHub:
    """The hub of one process: topics to subscriber inboxes, in memory."""

    def __init__(self) -> None:
        self._topics: dict[str, set[Inbox]] = {}
        self._lock = threading.Lock()

    def subscribe(self, topic: str, inbox: Inbox | None = None) -> Inbox:
        """Add an inbox (a new one unless given) to a topic; one inbox may listen to several topics."""
        inbox = inbox if inbox is not None else Inbox()
        with self._lock:
            self._topics.setdefault(topic, set()).add(inbox)
        return inbox

    def unsubscribe(self, topic: str, inbox: Inbox) -> None:
        with self._lock:
            subscribers = self._topics.get(topic)
            if subscribers:
                subscribers.discard(inbox)
                if not subscribers:
                    del self._topics[topic]

    def listening(self, topic: str) -> bool:
        with self._lock:
            return bool(self._topics.get(topic))

    def publish(self, topic: str, message: dict) -> None:
        with self._lock:
            subscribers = list(self._topics.get(topic, ()))
        for inbox in subscribers:
            try:
                inbox.put_nowait(message)
            except queue.Full:
                pass  # a stalled client; it re-syncs over HTTP when it reconnects


class WakingEvent(threading.Event):
    """The websocket's own event (a message arrived, or the socket closed), also waking its inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None

    def set(self) -> None:
        super().set()
        inbox = self.inbox
        if inbox is not None:
            inbox.wake()


# ---- presence and who is in which class


@dataclass(eq=False)
class PageOpen:
    """One open page of a learner: their class, and where they are (exercise and step)."""

    learner_id: int
    classroom_id: int | None
    where: dict | None


class Presence:
    """Which learners have a live page open, and where (exercise and step), in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: dict[int, list[PageOpen]] = {}

    def join(self, connection: PageOpen) -> None:
        with self._lock:
            self._connections.setdefault(connection.learner_id, []).append(connection)

    def leave(self, connection: PageOpen) -> bool:
        """Forget a connection; True when it was the learner's last one."""
        with self._lock:
            open_ = self._connections.get(connection.learner_id, [])
            if connection in open_:
                open_.remove(connection)
            if not open_:
                self._connections.pop(connection.learner_id, None)
                return True
            return False

    def online(self) -> dict[int, dict | None]:
        """Learner id -> where their newest open page is (None when that is not an exercise)."""
        with self._lock:
            return {learner_id: found[-1].where for learner_id, found in self._connections.items() if found}


class LiveState:
    """Per-app live state: presence, and a short cache of each learner's class (saves are frequent)."""

    def __init__(self, presence: Presence | None = None) -> None:
        self.presence = presence if presence is not None else Presence()
        self._classes: dict[int, tuple[int | None, float]] = {}
        self._lock = threading.Lock()
        self._sockets: dict[tuple, int] = {}  # whose sockets (see routes.socket_owner) -> how many open

    def reserve_socket(self, owner: tuple, most: int) -> bool:
        """Count one more open socket of `owner`, unless it already has `most`."""
        with self._lock:
            if self._sockets.get(owner, 0) >= most:
                return False
            self._sockets[owner] = self._sockets.get(owner, 0) + 1
            return True

    def release_socket(self, owner: tuple) -> None:
        with self._lock:
            left = self._sockets.get(owner, 0) - 1
            if left > 0:
                self._sockets[owner] = left
            else:
                self._sockets.pop(owner, None)

    def forget(self, learner_id: int) -> None:
        """Drop the cached class of a learner (they were removed from it)."""
        with self._lock:
            self._classes.pop(learner_id, None)

    def classroom_of(self, store, learner_id: int) -> int | None:
        now = time.monotonic()
        with self._lock:
            cached = self._classes.get(learner_id)
        if cached and cached[1] > now:
            return cached[0]
        learner = store.get_learner(learner_id)
        classroom_id = learner.classroom_id if learner and not learner.removed else None
        with self._lock:
            if len(self._classes) > 10_000:
                self._classes.clear()
            self._classes[learner_id] = (classroom_id, now + CLASS_CACHE_S)
        return classroom_id
