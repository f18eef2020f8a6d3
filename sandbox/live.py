"""Live events: an in-process publish/subscribe hub and the websocket learners listen on."""

from __future__ import annotations

import json
import queue
import threading
from urllib.parse import urlsplit

from flask import current_app, request
from flask_sock import Sock
from simple_websocket import ConnectionClosed

from . import auth

PING_EVERY_S = 20
MAX_MESSAGE_BYTES = 4096


class Hub:
    """Topics to subscriber queues, in this process (Redis pub/sub can take its place when scaled out)."""

    def __init__(self) -> None:
        self._topics: dict[str, set[queue.Queue]] = {}
        self._lock = threading.Lock()

    def subscribe(self, topic: str) -> queue.Queue:
        inbox: queue.Queue = queue.Queue(maxsize=100)
        with self._lock:
            self._topics.setdefault(topic, set()).add(inbox)
        return inbox

    def unsubscribe(self, topic: str, inbox: queue.Queue) -> None:
        with self._lock:
            subscribers = self._topics.get(topic)
            if subscribers:
                subscribers.discard(inbox)
                if not subscribers:
                    del self._topics[topic]

    def publish(self, topic: str, message: dict) -> None:
        with self._lock:
            subscribers = list(self._topics.get(topic, ()))
        for inbox in subscribers:
            try:
                inbox.put_nowait(message)
            except queue.Full:
                pass  # a stalled client; it re-syncs over HTTP when it reconnects


sock = Sock()


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return bool(origin) and urlsplit(origin).netloc == request.host


@sock.route("/live")
def live(ws) -> None:
    """Send the learner their events (grading results) as they happen."""
    learner_id = auth.current_learner() if _same_origin() else None
    if learner_id is None:
        ws.close(reason=1008, message="not allowed")
        return
    hub: Hub = current_app.extensions["sandbox"].hub
    topic = f"learner:{learner_id}"
    inbox = hub.subscribe(topic)
    try:
        ws.send(json.dumps({"type": "hello"}))
        while ws.connected:
            try:
                message = inbox.get(timeout=PING_EVERY_S)
            except queue.Empty:
                message = {"type": "ping"}
            ws.send(json.dumps(message))
            # Learners only listen; anything they send is read and dropped so buffers never fill.
            while (incoming := ws.receive(timeout=0)) is not None:
                if len(incoming) > MAX_MESSAGE_BYTES:
                    ws.close(reason=1009, message="too big")
                    return
    except ConnectionClosed:
        pass
    finally:
        hub.unsubscribe(topic, inbox)
