"""The grading runner: a pool of workers (worker.py), each owning one Playwright and one Chromium.

A submission's page is locked down (lockdown.py): it is answered from memory on an origin of its own
and reaches no network. A watchdog thread (watchdog.py) holds the limits that Playwright cannot:
memory, the job's deadline, a page busy between jobs, a stuck browser or worker.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
import traceback
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from .result import GradeResult
from .submission import Job, Submission, late
from .watchdog import Watchdog
from .worker import Worker

__all__ = ["LOAD_MS", "Grader", "Submission"]

log = logging.getLogger(__name__)

LOAD_MS = 4000


class Grader:
    """A pool of grading workers; `grade` is safe to call from any thread."""

    def __init__(
        self,
        workers: int = 2,
        deadline_s: float = 10.0,
        memory_mb: int = 512,
        chromium: str | None = None,
        load_ms: int = LOAD_MS,
        quick: bool = True,
        warm: bool = False,
    ):
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.deadline_s = deadline_s
        self.load_ms = load_ms
        self.warm = warm  # start every worker's browser at once instead of on its first job
        self.quick = quick  # decide simple passes with one look first (quick.py); False: Playwright only
        self.memory_mb = memory_mb
        self.chromium = chromium
        self.lock = threading.Lock()
        self.workers = [self._start_worker(n) for n in range(workers)]
        self.watchdog = Watchdog(self)
        self.watchdog.start()

    def _start_worker(self, number: int) -> Worker:
        worker = Worker(self, number)
        worker.start()
        return worker

    def submit(self, submission: Submission) -> Future:
        future: Future = Future()
        self.jobs.put(Job(submission, future))
        return future

    def grade(self, submission: Submission) -> GradeResult:
        """Grade one submission and wait for its result (at most the deadline and a little more)."""
        started = time.monotonic()
        future = self.submit(submission)
        try:
            return future.result(timeout=self.deadline_s * 2 + 5)
        except FutureTimeout:
            return late(submission, started)

    def grade_many(self, submissions: list[Submission]) -> list[GradeResult]:
        started = time.monotonic()
        futures = [self.submit(s) for s in submissions]
        results = []
        for submission, future in zip(submissions, futures, strict=True):
            # Each waits at most as long as `grade` would from when it was submitted (queueing included).
            wait = max(0.0, started + self.deadline_s * (len(submissions) + 1) + 5 - time.monotonic())
            try:
                results.append(future.result(timeout=wait))
            except FutureTimeout:
                results.append(late(submission, started))
        return results

    def replace(self, worker: Worker) -> None:
        """Leave a stuck worker behind (it exits if it ever comes back) and start another in its place."""
        frame = sys._current_frames().get(worker.ident)
        stack = "".join(traceback.format_stack(frame)) if frame else "(no stack)"
        log.error(
            "grading worker %s is stuck; starting another in its place. It is at:\n%s", worker.name, stack
        )
        worker.abandoned = True
        with self.lock:
            self.workers = [self._start_worker(worker.number) if w is worker else w for w in self.workers]

    def close(self) -> None:
        self.watchdog.stop()
        for _worker in self.workers:
            self.jobs.put(None)
        for worker in self.workers:
            worker.join(timeout=10)
