"""The hub and presence across web processes and machines, through Redis (SANDBOX_REDIS_URL).

Every process keeps its own sockets' inboxes as the in-process hub does, and one thread listening
to `<namespace>:live:*`: a message published in any process (a trainer's push, a learner's save,
a grade from a worker on another machine, a phone link revoked) reaches the inboxes of every
process. Messages published here reach this process's inboxes at once, not through Redis.

Who listens to a topic, and which learners have a page open, are kept in Redis with an expiry that
each process renews while it lives: a process that dies stops counting within PROCESS_TTL_S.
No Flask here.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid

from .hub import Inbox, LocalHub, PageOpen, Presence

log = logging.getLogger(__name__)

PROCESS_TTL_S = 30
RENEW_S = 10


class RedisHub:
    """The Hub protocol over Redis pub/sub; see the module doc."""

    def __init__(self, client, namespace: str = "sandbox"):
        self.client = client
        self.namespace = namespace
        self.process = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._local = LocalHub()
        self._topics: set[str] = set()  # topics this process listens to
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.psubscribe(self._channel("*"))
        self._listener = threading.Thread(target=self._listen, name="live-redis", daemon=True)
        self._listener.start()
        self._renewer = threading.Thread(target=self._renew, name="live-redis-renew", daemon=True)
        self._renewer.start()

    def _channel(self, topic: str) -> str:
        return f"{self.namespace}:live:{topic}"

    def _listeners_key(self, topic: str) -> str:
        return f"{self.namespace}:listeners:{topic}"

    # the Hub protocol

    def subscribe(self, topic: str, inbox: Inbox | None = None) -> Inbox:
        inbox = self._local.subscribe(topic, inbox)
        with self._lock:
            self._topics.add(topic)
        self.client.zadd(self._listeners_key(topic), {self.process: time.time() + PROCESS_TTL_S})
        return inbox

    def unsubscribe(self, topic: str, inbox: Inbox) -> None:
        self._local.unsubscribe(topic, inbox)
        if not self._local.listening(topic):
            with self._lock:
                self._topics.discard(topic)
            self.client.zrem(self._listeners_key(topic), self.process)

    def listening(self, topic: str) -> bool:
        """True when a socket in any process listens to the topic."""
        if self._local.listening(topic):
            return True
        return bool(self.client.zcount(self._listeners_key(topic), time.time(), "+inf"))

    def publish(self, topic: str, message: dict) -> None:
        self._local.publish(topic, message)
        envelope = json.dumps({"from": self.process, "message": message}, ensure_ascii=False)
        try:
            self.client.publish(self._channel(topic), envelope)
        except Exception:  # Redis away: this process's sockets have it; the others re-sync over HTTP
            log.exception("could not publish %s through Redis", topic)

    # the threads

    def _listen(self) -> None:
        prefix = len(self._channel(""))
        while not self._stop.is_set():
            try:
                item = self._pubsub.get_message(timeout=1.0)
            except Exception:
                log.exception("lost the Redis subscription; trying again")
                time.sleep(1)
                continue
            if item is None or item.get("type") != "pmessage":
                continue
            try:
                envelope = json.loads(item["data"])
            except (TypeError, ValueError):
                continue
            if envelope.get("from") == self.process:
                continue  # delivered here already, when it was published
            channel = item["channel"]
            channel = channel.decode() if isinstance(channel, bytes) else channel
            self._local.publish(channel[prefix:], envelope.get("message"))

    def _renew(self) -> None:
        while not self._stop.wait(RENEW_S):
            with self._lock:
                topics = list(self._topics)
            try:
                until = time.time() + PROCESS_TTL_S
                pipe = self.client.pipeline()
                for topic in topics:
                    pipe.zadd(self._listeners_key(topic), {self.process: until})
                pipe.execute()
            except Exception:
                log.exception("could not renew this process's topics in Redis")

    def close(self) -> None:
        self._stop.set()
        self._listener.join(3)
        with self._lock:
            topics = list(self._topics)
        try:
            for topic in topics:
                self.client.zrem(self._listeners_key(topic), self.process)
            self._pubsub.close()
        except Exception:
            pass


class RedisPresence(Presence):
    """Which learners have a live page open in any process: this process's pages as `Presence` keeps
    them, and a copy in Redis (one hash per process, expiring unless the process renews it)."""

    def __init__(self, client, namespace: str = "sandbox", ttl_s: float = PROCESS_TTL_S):
        super().__init__()
        self.client = client
        self.ttl_s = ttl_s
        self.processes = f"{namespace}:presence"
        self.process = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.key = f"{namespace}:presence:{self.process}"
        self._stop = threading.Event()
        threading.Thread(target=self._renew, name="presence-redis-renew", daemon=True).start()

    def _write(self) -> None:
        mine = super().online()
        pipe = self.client.pipeline()
        pipe.delete(self.key)
        if mine:
            pipe.hset(self.key, mapping={str(k): json.dumps(v) for k, v in mine.items()})
            pipe.expire(self.key, max(1, round(self.ttl_s)))
        pipe.zadd(self.processes, {self.key: time.time() + self.ttl_s})
        pipe.execute()

    def join(self, connection: PageOpen) -> None:
        super().join(connection)
        self._write()

    def leave(self, connection: PageOpen) -> bool:
        last = super().leave(connection)
        self._write()
        return last

    def online(self) -> dict[int, dict | None]:
        now = time.time()
        self.client.zremrangebyscore(self.processes, "-inf", now)
        found: dict[int, dict | None] = {}
        for key in self.client.zrange(self.processes, 0, -1):
            for learner_id, where in self.client.hgetall(key).items():
                found[int(learner_id)] = json.loads(where)
        found.update(super().online())  # this process's own pages, as they are this moment
        return found

    def close(self) -> None:
        """Stop renewing (as a process that died would): this process's pages stop counting after ttl_s."""
        self._stop.set()

    def _renew(self) -> None:
        while not self._stop.wait(min(RENEW_S, self.ttl_s / 3)):
            try:
                self._write()
            except Exception:
                log.exception("could not renew this process's presence in Redis")
