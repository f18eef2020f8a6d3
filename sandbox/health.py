"""Is this process alive, and can it do its work: what /healthz and /readyz answer (docs/deploy.md).

Readiness asks each thing a web process needs: the database answers, Redis answers (when there is
one), and someone grades what this process queues (its own consumer threads on a laptop; with Redis,
a `sandbox worker` whose heartbeat is fresh, grading/leases.py). What failed is named by the kind of
error only (a code for the operator, not a sentence for a learner): an error's message may carry a
host name or a password, and /readyz answers anyone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from .grading.jobs import GradingService
from .grading.leases import Heartbeats
from .store import Store

log = logging.getLogger(__name__)

TIMEOUT_S = 2.0  # a probe that waits longer than this counts as failing (a proxy's check is short)


@dataclass(frozen=True)
class Probe:
    """One thing asked: whether it answered, and what more is worth saying."""

    name: str
    ok: bool
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Readiness:
    probes: tuple[Probe, ...]

    @property
    def ok(self) -> bool:
        return all(probe.ok for probe in self.probes)

    def to_dict(self) -> dict:
        return {
            "status": "ready" if self.ok else "not ready",
            "checks": {probe.name: {"ok": probe.ok, **probe.detail} for probe in self.probes},
        }


class Health:
    """The probes of one app: made once by create_app, asked by /readyz."""

    def __init__(self, store: Store, grading: GradingService, redis_url: str | None, namespace: str):
        self.store = store
        self.grading = grading
        self.redis = None
        self.heartbeats = None
        if redis_url:
            import redis

            # Its own client, with timeouts: the hub's and the queue's wait as long as Redis needs.
            self.redis = redis.Redis.from_url(
                redis_url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S
            )
            self.heartbeats = Heartbeats(self.redis, namespace)

    def readiness(self) -> Readiness:
        probes = [self._ask("database", self._database)]
        if self.redis is not None:
            probes.append(self._ask("redis", self._redis))
        probes.append(self._ask("grading", self._grading))
        return Readiness(tuple(probes))

    def close(self) -> None:
        if self.redis is not None:
            self.redis.close()

    def _ask(self, name: str, probe) -> Probe:
        try:
            detail = probe()
        except Exception as error:  # any failure means: not ready; the log has the whole story
            log.warning("readiness: %s does not answer", name, exc_info=True)
            return Probe(name, False, {"error": type(error).__name__})
        if isinstance(detail, str):
            log.warning("readiness: %s: %s", name, detail)
            return Probe(name, False, {"error": detail})
        return Probe(name, True, detail)

    def _database(self) -> dict:
        self.store.ping()
        return {}

    def _redis(self) -> dict:
        self.redis.ping()
        return {}

    def _grading(self) -> dict | str:
        """How many consumers grade this process's queue (with Redis: workers that beat within
        leases.LEASE_S); a string says why none."""
        if self.heartbeats is not None:
            workers = len(self.heartbeats.alive())
            return {"workers": workers} if workers else "no worker heartbeat"
        if self.grading.consuming():
            return {"workers": self.grading.workers}
        return "consumer not running"
