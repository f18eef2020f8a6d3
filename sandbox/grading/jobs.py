"""Grading jobs: Huey with SQLite storage in the instance folder, its consumer as threads in the server.

A submission is stored first, then queued by id; the job grades it, stores the result with it and
publishes it to the learner over the live hub. Queued jobs survive a restart: Huey keeps them in
SQLite, and at start any submission still marked queued but missing from the queue is queued again.

Scaled out (a Redis URL given), the queue is in Redis and `sandbox worker` processes on any machine
consume it (`work()`); web processes only queue. Leases (leases.py) make a job that a killed worker
took run again on another, and a submission is graded once in the store whatever the retries.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer

from ..exercises import Catalog, Exercise
from ..live import topics
from ..redis_pool import connection_pool
from ..store import Store
from .leases import Heartbeats, NoLeases, RedisLeases, Sweeper
from .messages import translations
from .result import GradeResult
from .runner import Grader, Submission, adaptive_workers
from .shared import SharedGradings, grading_key

log = logging.getLogger(__name__)

# Learners waiting for a Check hear how many are ahead of them at most this often.
ANNOUNCE_EVERY_S = 0.5


def worth_telling(told: int | None, ahead: int) -> bool:
    """Whether a learner told `told` are ahead should now hear `ahead`: each step of the last ten,
    further back only each tenth of the way (47, then 42, not every one between: in a queue of
    hundreds every job moved every learner up one, hundreds of messages a job)."""
    if told is None or ahead > told or ahead < 10:
        return told != ahead
    return ahead <= told * 0.9


class _ThreadConsumer(Consumer):
    """Huey's consumer without its signal handlers: the web server owns Ctrl+C."""

    def _set_signal_handlers(self) -> None:
        pass


class GradingService:
    """Queues submissions, grades them in worker threads, and reports each result."""

    def __init__(
        self,
        store: Store,
        catalog: Callable[[], Catalog],
        publish: Callable[[str, dict], None],
        queue_path: Path,
        workers: int = 2,
        deadline_s: float = 10.0,
        chromium: str | None = None,
        grader: Grader | None = None,
        redis_url: str | None = None,
        namespace: str = "sandbox",
    ):
        """`grader`: an existing pool to grade with (tests share one); it stays open when this stops.

        `redis_url`: queue in Redis (under `namespace`) for `sandbox worker` processes to consume."""
        self.store = store
        self.catalog = catalog
        self.publish = publish
        self.workers = workers or adaptive_workers()  # 0 or None: as many as the machine runs well
        self.deadline_s = deadline_s
        self.chromium = chromium
        self.redis_url = redis_url
        self.namespace = namespace
        if redis_url:
            pool = connection_pool(redis_url)  # every request thread may queue at once
            self.huey = RedisHuey(f"{namespace}-grading", connection_pool=pool, results=False)
            self.leases: NoLeases | RedisLeases = RedisLeases(self.huey.storage.conn, namespace)
        else:
            self.huey = SqliteHuey("sandbox-grading", filename=str(queue_path), results=False)
            self.leases = NoLeases()
        self._sweeper: Sweeper | None = None
        self._heartbeats: Heartbeats | None = None
        self._task = self.huey.task(name="grade", retries=0)(self.run_job)
        self._grader = grader
        self._owns_grader = grader is None
        self._grader_lock = threading.Lock()
        self.consumer: Consumer | None = None
        self.warm = False  # a running server (start()) starts every grading browser at once
        self._stopped = False
        # The queue as its learners see it: submissions being checked in this process, and how many
        # were ahead of each waiting one when its learner was last told.
        self._queue_lock = threading.Lock()
        self._checking: set[int] = set()
        self._told: dict[int, int] = {}
        self._announcing = False
        self._announced_at = 0.0
        # Identical submissions (same exercise version, step, language and files) share one grading.
        self.shared = SharedGradings()

    @property
    def grader(self) -> Grader:
        """The grader pool, started on first use (so commands that never grade never start Chromium)."""
        with self._grader_lock:
            if self._stopped:
                raise RuntimeError("the grading service has stopped")
            if self._grader is None:
                self._grader = Grader(
                    workers=self.workers, deadline_s=self.deadline_s, chromium=self.chromium, warm=self.warm
                )
            return self._grader

    def enqueue(self, submission_id: int) -> None:
        self._task(submission_id)
        self.announce_queue()

    def announce_queue(self) -> None:
        """Tell each learner whose Check waits how many are ahead of it (a `progress` event), when
        that changed, at most every ANNOUNCE_EVERY_S: a class pressing Check at once changes the
        queue hundreds of times a second, and telling everyone each time (n² messages, each a query
        of the queue in a request thread) took the CPU the saves needed. Checks being graded by
        other processes count as waiting here."""
        with self._queue_lock:
            if self._announcing:
                return  # one is coming, and will see this change
            self._announcing = True
            wait = max(0.0, self._announced_at + ANNOUNCE_EVERY_S - time.monotonic())
        timer = threading.Timer(wait, self._announce_now)
        timer.daemon = True
        timer.start()

    def _announce_now(self) -> None:
        with self._queue_lock:
            self._announcing = False
            self._announced_at = time.monotonic()
            checking = set(self._checking)
        if self._stopped:
            return
        try:
            waiting = [(s, learner) for s, learner in self.store.queued() if s not in checking]
        except Exception as error:  # the database was busy or is gone (stopping): the next change tells
            log.warning("grading: could not read the queue to tell learners: %s", error)
            return
        for ahead, (submission_id, learner_id) in enumerate(waiting):
            with self._queue_lock:
                if not worth_telling(self._told.get(submission_id), ahead):
                    continue
                self._told[submission_id] = ahead
            self.publish(
                f"learner:{learner_id}",
                {"type": "progress", "submission": submission_id, "state": "waiting", "ahead": ahead},
            )

    def start(self) -> None:
        """Start consuming jobs in this process, and queue again what a previous run left behind.

        With Redis the web process consumes nothing: `sandbox worker` processes do (`work`)."""
        if self.redis_url:
            return
        self._consume()
        self.requeue_missing()

    def work(self) -> None:
        """Consume jobs from Redis in this process until stopped; `sandbox worker` runs this."""
        self._consume()
        self._sweeper = Sweeper(self.store, self.leases, self._waiting, self.enqueue)
        self._sweeper.start()
        self._heartbeats = Heartbeats(self.huey.storage.conn, self.namespace)
        self._heartbeats.start(self.consuming)

    def consuming(self) -> bool:
        """Whether this process's consumer runs: started, not stopped, every thread of it alive."""
        consumer = self.consumer
        return (
            consumer is not None
            and not consumer.stop_flag.is_set()
            and all(thread.is_alive() for _worker, thread in consumer.worker_threads)
        )

    def _waiting(self) -> set[int]:
        return {task.args[0] for task in self.huey.pending() if task.args}

    def requeue_missing(self) -> None:
        """Queue every submission marked queued that is not waiting in the queue."""
        waiting = self._waiting()
        for stored in self.store.submissions(status="queued"):
            if stored.id not in waiting:
                self.enqueue(stored.id)

    def _consume(self) -> None:
        self.consumer = _ThreadConsumer(
            self.huey,
            workers=self.workers,
            worker_type="thread",
            initial_delay=0.01,
            backoff=1.0,
            max_delay=0.05,
            periodic=False,
            check_worker_health=False,
        )
        self.consumer.start()
        # The browsers start in the background now, not when the first learners press Check.
        self.warm = True
        threading.Thread(target=self._start_grader, name="grader-start", daemon=True).start()

    def _start_grader(self) -> None:
        try:
            _ = self.grader
        except RuntimeError:
            pass  # stopped before it began

    def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.stop()
        if self._heartbeats is not None:
            self._heartbeats.stop()
        if self.consumer is not None:
            self.consumer.stop(graceful=False)
        with self._grader_lock:
            # No grader is made after this, not even by the start-up thread (its browsers would
            # outlive the service).
            self._stopped = True
            grader = self._grader
        if grader is not None and self._owns_grader:
            grader.close()

    def run_job(self, submission_id: int) -> None:
        """Grade one stored submission, store its result and tell the learner (once, whatever the retries)."""
        with self.leases.hold(submission_id) as mine:
            stored = self.store.get_submission(submission_id)
            if not mine or stored is None or stored.status != "queued":
                return  # another worker has it, or it is graded already
            with self._queue_lock:
                self._checking.add(submission_id)
                self._told.pop(submission_id, None)
            try:
                self.announce_queue()
                self.publish(
                    f"learner:{stored.learner_id}",
                    {"type": "progress", "submission": submission_id, "state": "checking", "ahead": 0},
                )
                result = self._grade(stored, share=True)
            finally:
                with self._queue_lock:
                    self._checking.discard(submission_id)
            if not self.store.save_grade(submission_id, result.status, result.to_dict()):
                return
        self.tell(stored, result.to_dict())

    def known_verdict(self, exercise: Exercise, step_id: str, language: str, files: dict) -> dict | None:
        """The result this process gave exactly these files lately (shared.py), for a Check to be
        answered at once instead of queued; None when it must be graded. Web processes that only
        queue (Redis) grade nothing, so they know nothing."""
        if self.redis_url:
            return None
        return self.shared.finished(grading_key(exercise, step_id, language, files))

    def tell(self, stored, result: dict) -> None:
        """Send a graded submission's result to its learner, and to their class's dashboard."""
        self.publish(
            topics.learner(stored.learner_id),
            {
                "type": topics.RESULT,
                "submission": stored.id,
                "exercise": stored.exercise_id,
                "result": result,
            },
        )
        # The trainer's dashboard of the learner's class hears of it too (no files, no messages).
        learner = self.store.get_learner(stored.learner_id)
        if learner is not None and learner.classroom_id is not None:
            self.publish(
                topics.trainer(learner.classroom_id),
                {
                    "type": topics.RESULT,
                    "learner": stored.learner_id,
                    "submission": stored.id,
                    "exercise": stored.exercise_id,
                    "step": stored.step_id,
                    "status": result["status"],
                },
            )

    def grade_stored(self, submission_id: int) -> GradeResult | None:
        """Grade a stored submission with the exercise as it is now, and store the result."""
        stored = self.store.get_submission(submission_id)
        if stored is None:
            return None
        result = self._grade(stored)
        self.store.save_result(submission_id, result.status, result.to_dict())
        return result

    def _grade(self, stored, share: bool = False) -> GradeResult:
        """Grade a stored submission; with `share`, a verdict for the same key is reused or waited
        for (shared.py), and the result is this submission's own copy."""
        submission_id = stored.id
        exercise = self.catalog().get(stored.exercise_id)
        if exercise is None or exercise.step(stored.step_id) is None:
            _ = translations(stored.language).gettext
            result = GradeResult(
                stored.exercise_id,
                stored.step_id,
                "error",
                0,
                [],
                submission_id,
                _("This exercise or step is no longer available, so it could not be checked."),
            )
        else:
            submission = Submission(exercise, stored.step_id, stored.files, stored.language, submission_id)
            if not share:
                return self.grader.grade(submission)
            key = grading_key(exercise, stored.step_id, stored.language, stored.files)
            result = self.shared.grade(key, lambda: self.grader.grade(submission))
            result.submission = submission_id
        return result
