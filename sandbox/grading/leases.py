"""Who is grading which submission, when grading workers run on many machines (Redis).

Huey's Redis queue hands a job to one worker and forgets it: a worker killed mid-job would take
the job with it. So a worker takes a lease on the submission (a Redis key with an expiry, renewed
while it grades), and every worker looks now and then for submissions still marked queued that
nobody holds and nothing waits for in the queue, and queues them again. A job that finds its
submission graded already, or leased by another worker, does nothing: a submission is graded once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from ..store import Store
from ..store.models import utcnow

log = logging.getLogger(__name__)

LEASE_S = 10  # a lease not renewed for this long belongs to a dead worker
RENEW_S = 2
SWEEP_S = 3
# A submission queued this recently may still be on its way into the queue (stored, not yet queued).
SETTLE_S = 5


class NoLeases:
    """One process grades everything (the laptop): nobody else can hold a submission."""

    @contextmanager
    def hold(self, submission_id: int) -> Iterator[bool]:
        yield True


class RedisLeases:
    """Leases on submissions, kept in Redis under `<namespace>:grading:lease:<id>`."""

    def __init__(self, client, namespace: str):
        self.client = client
        self.prefix = f"{namespace}:grading:lease:"
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    def key(self, submission_id: int) -> str:
        return f"{self.prefix}{submission_id}"

    def held(self, submission_id: int) -> bool:
        return bool(self.client.exists(self.key(submission_id)))

    @contextmanager
    def hold(self, submission_id: int) -> Iterator[bool]:
        """Take the lease and keep renewing it until the block ends; yields False if another holds it."""
        key = self.key(submission_id)
        if not self.client.set(key, self.owner, nx=True, ex=LEASE_S):
            yield False
            return
        done = threading.Event()

        def renew() -> None:
            while not done.wait(RENEW_S):
                self.client.expire(key, LEASE_S)

        renewer = threading.Thread(target=renew, name=f"lease-{submission_id}", daemon=True)
        renewer.start()
        try:
            yield True
        finally:
            done.set()
            renewer.join()
            self.client.delete(key)


class Sweeper:
    """A thread that queues again the submissions a dead worker left queued (see the module doc)."""

    def __init__(
        self,
        store: Store,
        leases: RedisLeases,
        waiting: Callable[[], set[int]],
        enqueue: Callable[[int], None],
        every_s: float = SWEEP_S,
    ):
        self.store = store
        self.leases = leases
        self.waiting = waiting
        self.enqueue = enqueue
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="grading-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def sweep(self) -> list[int]:
        """Queue again every abandoned submission; return their ids."""
        settled = utcnow() - timedelta(seconds=SETTLE_S)
        waiting = self.waiting()
        again = [
            stored.id
            for stored in self.store.submissions(status="queued")
            if stored.created_at < settled and stored.id not in waiting and not self.leases.held(stored.id)
        ]
        for submission_id in again:
            log.warning("submission %s was left queued by a worker that stopped; queued again", submission_id)
            self.enqueue(submission_id)
        return again

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.sweep()
            except Exception:  # Redis or the database away for a moment: try again next time
                log.exception("could not look for abandoned submissions")


class Heartbeats:
    """Which `sandbox worker` processes are grading, so that a web process's /readyz can tell that
    someone grades what it queues. Each worker stamps itself every RENEW_S while its consumer runs, in
    one sorted set (`<namespace>:grading:workers`, the score the time of its last beat by Redis's
    clock, so the machines' clocks need not agree); a stamp older than LEASE_S is a dead worker."""

    def __init__(self, client, namespace: str, owner: str | None = None):
        self.client = client
        self.key = f"{namespace}:grading:workers"
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _now(self) -> float:
        seconds, microseconds = self.client.time()
        return seconds + microseconds / 1e6

    def beat(self) -> None:
        now = self._now()
        pipe = self.client.pipeline()
        pipe.zadd(self.key, {self.owner: now})
        pipe.zremrangebyscore(self.key, "-inf", now - LEASE_S)  # the dead, forgotten
        pipe.expire(self.key, LEASE_S)
        pipe.execute()

    def alive(self) -> list[str]:
        """The workers whose last beat is less than LEASE_S old."""
        members = self.client.zrangebyscore(self.key, self._now() - LEASE_S, "+inf")
        return sorted(m.decode() if isinstance(m, bytes) else m for m in members)

    def start(self, running: Callable[[], bool]) -> None:
        """Beat every RENEW_S for as long as `running()` says the consumer is."""

        def run() -> None:
            while not self._stop.is_set():
                try:
                    if running():
                        self.beat()
                except Exception:  # Redis away for a moment: the stamp ages, /readyz says so
                    log.warning("could not renew this worker's heartbeat", exc_info=True)
                self._stop.wait(RENEW_S)

        self._thread = threading.Thread(target=run, name="grading-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        try:
            self.client.zrem(self.key, self.owner)
        except Exception:
            log.warning("could not remove this worker's heartbeat", exc_info=True)
