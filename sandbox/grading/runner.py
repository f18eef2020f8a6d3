"""The grading runner: a pool of workers (worker.py), each owning one Playwright and one Chromium.

A submission's page is locked down (lockdown.py): it is answered from memory on an origin of its own
and reaches no network. A watchdog thread (watchdog.py) holds the limits that Playwright cannot:
memory, the job's deadline, a page busy between jobs, a stuck browser or worker.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
import traceback
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from .result import GradeResult
from .submission import Job, Submission, not_checked
from .watchdog import MAX_STRETCH, Watchdog
from .worker import STARTUP_S, Worker

__all__ = ["LOAD_MS", "Grader", "Submission", "adaptive_workers"]

log = logging.getLogger(__name__)

LOAD_MS = 4000
# A job that failed for a reason of ours (a browser that died, one that would not start) is graded
# again from a fresh browser this many times before the learner is told we could not check it.
RETRIES = 2
# How long a job may wait in the queue, with no worker taking any job meanwhile, before its learner
# is told we could not check it (a long queue that moves is waited for, however long).
QUEUE_LIMIT_S = 120.0
WAIT_POLL_S = 0.25
# What one busy grading browser needs (docs/grading.md), and what the rest of the machine keeps.
BROWSER_MB = 450
KEEP_FREE_MB = 1024
MAX_WORKERS = 12


def adaptive_workers(cores: int | None = None, available_mb: int | None = None) -> int:
    """How many grading browsers this machine runs well: one more than its cores (a worker waiting
    for its page to settle leaves its core to another), and no more than its free memory holds."""
    if cores is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
    if available_mb is None:
        available_mb = _available_mb()
    by_memory = (available_mb - KEEP_FREE_MB) // BROWSER_MB if available_mb is not None else MAX_WORKERS
    return max(1, min(cores + 1, by_memory, MAX_WORKERS))


def _available_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


class Grader:
    """A pool of grading workers; `grade` is safe to call from any thread."""

    def __init__(
        self,
        workers: int | None = 2,
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
        self.launching = threading.Lock()  # one browser starts at a time (Worker.ensure_page)
        self.took_at = time.monotonic()  # when a worker last took a job (the queue moves)
        self.size = workers or adaptive_workers()  # None: as many as the machine runs well
        self.workers = [self._start_worker(n) for n in range(self.size)]
        self.watchdog = Watchdog(self)
        self.watchdog.start()

    def _start_worker(self, number: int) -> Worker:
        worker = Worker(self, number)
        worker.start()
        return worker

    def submit(self, submission: Submission) -> Job:
        job = Job(submission, Future())
        self.jobs.put(job)
        return job

    def retry(self, job: Job) -> bool:
        """Queue a job again after a failure of ours; False once it has had its RETRIES."""
        if job.attempts >= RETRIES:
            return False
        job.attempts += 1
        job.started = None
        self.jobs.put(job)
        return True

    @property
    def waiting(self) -> int:
        """How many jobs wait for a worker."""
        return self.jobs.qsize()

    def grade(self, submission: Submission) -> GradeResult:
        """Grade one submission and wait for its result: its turn in the queue, then at most its
        deadline and a little more from when a worker took it."""
        return self.result(self.submit(submission), time.monotonic())

    def grade_many(self, submissions: list[Submission]) -> list[GradeResult]:
        submitted = time.monotonic()
        jobs = [self.submit(s) for s in submissions]
        return [self.result(job, submitted) for job in jobs]

    def result(self, job: Job, submitted: float) -> GradeResult:
        # Queueing is never charged to the learner's app: the limit runs from when a worker took it.
        limit = STARTUP_S + self.deadline_s * (2 + MAX_STRETCH) + 5
        while True:
            try:
                return job.future.result(timeout=WAIT_POLL_S)
            except FutureTimeout:
                now, started = time.monotonic(), job.started
                if (started is None and now - max(submitted, self.took_at) > QUEUE_LIMIT_S) or (
                    started is not None and now - started > limit
                ):
                    log.error("no grading worker answered for %s", job.submission.exercise.id)
                    return not_checked(job.submission, submitted)

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
