"""When the grader fails, not the app, the learner is never told their code has a loop.

A browser that dies in the middle of a job is replaced and the job graded again; one that cannot
start at all ends in our own message, after the retries, and well within the time a learner waits.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sandbox.grading import processes
from sandbox.grading.runner import RETRIES, Grader, Submission
from tests.support.grading import DEADLINE_S, LOAD_MS, page

CHECKS = [{"id": "waits", "do": [{"wait": 1500}], "expect": {"locator": "#answer", "text": "42"}}]
ANSWER = page('<p id="answer">42</p>')


def test_a_browser_that_dies_during_a_job_is_replaced_and_the_job_graded_again(make_exercise):
    exercise = make_exercise(CHECKS, solution=ANSWER)
    grader = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    try:
        assert grader.grade(Submission(exercise, "only", ANSWER)).status == "pass"  # its browser is up
        browser = grader.workers[0].pid
        # The browser goes while the check waits (as when the machine's memory runs out).
        killer = threading.Timer(0.7, processes.kill, [browser])
        killer.start()

        result = grader.grade(Submission(exercise, "only", ANSWER))

        killer.join()
        assert (result.status, result.message) == ("pass", None), result.to_dict()
        assert grader.workers[0].pid not in (None, browser)
    finally:
        grader.close()


def profile_of(pid: int) -> Path:
    """The profile folder a browser was started with (Playwright makes one in the temp folder)."""
    folder = processes.profile_folder(pid)
    assert folder is not None, processes.cmdline(pid)
    return folder


def test_a_killed_browser_leaves_no_profile_folder_behind(make_exercise):
    """A browser killed by the watchdog or by the machine (a memory bomb, the OOM killer) is not
    closed by Playwright, which would have removed its profile: each would leave one more folder
    in the temp folder of a trainer's laptop, for every class."""
    exercise = make_exercise(CHECKS, solution=ANSWER)
    grader = Grader(workers=1, deadline_s=DEADLINE_S, load_ms=LOAD_MS)
    try:
        assert grader.grade(Submission(exercise, "only", ANSWER)).status == "pass"
        killed = grader.workers[0].pid
        profile = profile_of(killed)
        assert profile.is_dir()
        processes.kill(killed)
        assert grader.grade(Submission(exercise, "only", ANSWER)).status == "pass"  # a new browser
        last = profile_of(grader.workers[0].pid)
        assert not profile.exists(), "the killed browser's profile is still there"
    finally:
        grader.close()
    assert not last.exists(), "the last browser's profile is still there after the grader closed"


def test_a_browser_that_cannot_start_ends_in_our_message_not_the_learners_fault(make_exercise, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    exercise = make_exercise(CHECKS, solution=ANSWER)
    grader = Grader(workers=2, deadline_s=DEADLINE_S, load_ms=LOAD_MS, chromium=str(broken))
    try:
        started = time.monotonic()
        result = grader.grade(Submission(exercise, "only", ANSWER, language="en"))
        elapsed = time.monotonic() - started
    finally:
        grader.close()

    assert result.status == "error"
    assert result.message == "We could not check your app; your code is kept; try again."
    assert "loop" not in result.message
    assert elapsed < (RETRIES + 1) * 10, f"took {elapsed:.1f} s"
