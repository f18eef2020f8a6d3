"""Identical submissions share one grading.

In a guided class most learners press Check on exactly the same files for a step (the step's
solution, or the starter they have not touched yet), often within the same few seconds. A verdict
is a function of what the grader is given and nothing else (tests/grading/test_stable_verdicts.py
holds the grader to it): the exercise as loaded (its checks, texts, starter), the files the grader
reads from the exercise's folder while grading (assets, helpers, checks.py), the step, the feedback
language, and the learner's exact files. The grader is never told who the learner is (a
`Submission` has no learner), so a result names nobody. `SharedGradings` keys a grading by all of
that (`grading_key`): a finished pass or fail is reused, and a Check that arrives while the same
key is being graded waits for that grading instead of starting its own. Each learner still gets a
submission and a result of their own (the job stores it under their submission's id).

Not shared: results with status `error` (the app's own crash or timeout, or a failure of ours:
each is graded again), and `sandbox regrade`. Reused verdicts live in this process's memory only,
for at most KEEP_S and the last KEEP keys: a new process (new grader code) starts empty, and a
changed exercise (reinstalled, or edited and reloaded; or an asset, helper or checks.py changed on
disk, which the grader reads while grading) has another key.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path

from ..exercises import Exercise
from .result import RESULT_VERSION, GradeResult

KEEP = 512  # verdicts kept (a class's distinct submissions of a step or two)
KEEP_S = 15 * 60.0  # a verdict is reused for this long at most
SHAREABLE = ("pass", "fail")


def _files_on_disk(exercise: Exercise) -> Iterable[Path]:
    """The files the grader reads from disk while grading (everything else it uses was read by the
    loader, and is in the exercise as loaded): assets, helpers, and the checks.py of Python checks."""
    yield from exercise.assets.values()
    yield from (helper.path or exercise.path / helper.file for helper in exercise.helpers)
    for step in exercise.steps:
        for check in step.checks:
            if check.python:
                yield exercise.path / check.python.partition(":")[0]


def _stat(path: Path) -> tuple[str, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return (str(path), status.st_mtime_ns, status.st_size)


class _Versions:
    """The exercise as loaded, as one digest, kept per loaded object (a reload makes new objects)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._digests: OrderedDict[int, tuple[Exercise, str]] = OrderedDict()

    def of(self, exercise: Exercise) -> str:
        with self._lock:
            kept = self._digests.get(id(exercise))
            if kept is not None and kept[0] is exercise:
                return kept[1]
        digest = hashlib.sha256(repr(exercise).encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            self._digests[id(exercise)] = (exercise, digest)  # the object is kept: its id stays its own
            while len(self._digests) > 64:
                self._digests.popitem(last=False)
        return digest


_versions = _Versions()


def grading_key(exercise: Exercise, step: str, language: str, files: Mapping[str, str]) -> str:
    """What decides a verdict, as one digest: the exercise's content version (as loaded, and the
    size and time of each file the grader reads from its folder), the step, the feedback language,
    the exact files, and the result contract's version."""
    on_disk = sorted(filter(None, {_stat(path) for path in _files_on_disk(exercise)}))
    what = [RESULT_VERSION, _versions.of(exercise), on_disk, step, language, dict(files)]
    text = json.dumps(what, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SharedGradings:
    """Finished verdicts by key, and the gradings under way, so that one grading answers every
    identical submission. Thread-safe: the grading consumer's threads all use one."""

    def __init__(self, keep: int = KEEP, keep_s: float = KEEP_S):
        self.keep, self.keep_s = keep, keep_s
        self._lock = threading.Lock()
        self._finished: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._running: dict[str, Future] = {}
        self.graded = 0  # gradings run
        self.reused = 0  # submissions answered with a finished verdict
        self.joined = 0  # submissions answered by a grading already under way

    def finished(self, key: str) -> dict | None:
        """The finished verdict for `key` (the caller's own copy, as the result contract's dict), or None."""
        with self._lock:
            return self._finished_now(key)

    def _finished_now(self, key: str) -> dict | None:
        kept = self._finished.get(key)
        if kept is None or time.monotonic() - kept[0] > self.keep_s:
            return None
        self._finished.move_to_end(key)
        self.reused += 1
        return json.loads(json.dumps(kept[1]))

    def grade(self, key: str | None, grade: Callable[[], GradeResult]) -> GradeResult:
        """The verdict for `key`: a finished one, the one being graded, or `grade()`'s. What is
        returned is the caller's own copy (the caller gives it its submission's id)."""
        if key is None:
            return grade()
        with self._lock:
            known = self._finished_now(key)
            if known is not None:
                return GradeResult.from_dict(known)
            running = self._running.get(key)
            if running is None:
                mine: Future = Future()
                self._running[key] = mine
            else:
                self.joined += 1
        if running is not None:
            theirs = running.result()  # the grading under way always ends (its own limits hold it)
            if theirs is not None and theirs.status in SHAREABLE:
                return GradeResult.from_dict(theirs.to_dict())
            with self._lock:
                self.joined -= 1
            return self._grade_alone(grade)  # theirs is not to be shared (an error): grade this one
        result = None
        try:
            result = self._grade_alone(grade)
            return result
        finally:
            with self._lock:
                self._running.pop(key, None)
                if result is not None and result.status in SHAREABLE:
                    self._finished[key] = (time.monotonic(), result.to_dict())
                    self._finished.move_to_end(key)
                    while len(self._finished) > self.keep:
                        self._finished.popitem(last=False)
            mine.set_result(result)

    def _grade_alone(self, grade: Callable[[], GradeResult]) -> GradeResult:
        with self._lock:
            self.graded += 1
        return grade()
