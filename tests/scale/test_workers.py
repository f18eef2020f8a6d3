"""Grading workers on other machines: `sandbox worker` processes take submissions from Redis; one
killed mid-job (SIGKILL) does not lose the grade, and a submission is graded once in the store."""

from __future__ import annotations

import queue
import time

import pytest
import redis

from sandbox.live import topics
from tests.support.cli import run
from tests.support.grading import page, write_exercise
from tests.support.scale import shared_settings, start_worker
from tests.support.web import with_csrf


def eventually(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.01)
    raise AssertionError(f"not within {timeout} s: {what}")


def next_result(inbox, timeout: float) -> dict:
    """The next result event in a learner's inbox, past the queue's progress events."""
    deadline = time.monotonic() + timeout
    while True:
        message = inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        if message["type"] == topics.RESULT:
            return message


def submit(app, exercise_id: str, step_id: str = "only") -> tuple[int, int]:
    """A learner presses Check on the web process `app`; returns the learner's and the submission's id."""
    learner = app.test_client()
    # The first visit of an exercise page redirects once to come back with the session.
    learner.get(
        f"/exercises/{exercise_id}/{step_id}", follow_redirects=True
    )  # the first visit redirects once
    response = with_csrf(learner).post(
        "/api/submissions", json={"exercise": exercise_id, "step": step_id, "files": page("<h1>Hello</h1>")}
    )
    assert response.status_code == 202, response.get_json()
    stored = app.extensions["sandbox"].store.get_submission(response.get_json()["id"])
    return stored.learner_id, stored.id


def test_a_worker_killed_mid_job_loses_no_grade_and_the_grade_is_stored_and_sent_once(
    tmp_path, make_app, redis_url, namespace
):
    exercises = tmp_path / "exercises"
    waits = {"do": [{"wait": 2500}], "expect": {"role": "heading", "name": "Hello", "visible": True}}
    slow = write_exercise(exercises, [waits])  # a job that takes a while: time to kill its worker
    web = make_app(EXERCISES_DIR=str(exercises), REDIS_URL=redis_url, REDIS_NAMESPACE=namespace)
    services = web.extensions["sandbox"]
    learner_id, submission_id = submit(web, slow.id)
    results = services.hub.subscribe(topics.learner(learner_id))
    settings = shared_settings(web.config["DATABASE_URL"], redis_url, namespace, exercises)
    lease = f"{namespace}:grading:lease:{submission_id}"
    leases = redis.Redis.from_url(redis_url)

    first = start_worker(tmp_path / "worker-1", settings)
    try:
        eventually(lambda: leases.exists(lease), 60, "the first worker took the job")
        first.kill()
    finally:
        first.stop()
    assert services.store.get_submission(submission_id).status == "queued"  # killed mid-job

    second = start_worker(tmp_path / "worker-2", settings)
    try:
        result = next_result(results, timeout=90)
        assert (result["type"], result["submission"]) == (topics.RESULT, submission_id)
        assert result["result"]["status"] == "pass"
        stored = services.store.get_submission(submission_id)
        assert stored.status == "pass" and stored.graded_at is not None
        with pytest.raises(queue.Empty):
            next_result(results, timeout=3)  # no second result
        assert "queued again" in (tmp_path / "worker-2" / "output.log").read_text()
    finally:
        second.stop()
    assert not leases.exists(lease)
    leases.close()


def test_a_job_run_twice_grades_once_and_tells_the_learner_once(make_app):
    app = make_app()
    services = app.extensions["sandbox"]
    learner_id, submission_id = submit(app, "hello", "heading")
    results = services.hub.subscribe(topics.learner(learner_id))
    services.grading.run_job(submission_id)
    graded = services.store.get_submission(submission_id)
    services.grading.run_job(submission_id)  # a retry after the first worker seemed lost
    assert services.store.get_submission(submission_id) == graded
    assert next_result(results, timeout=1)["submission"] == submission_id
    with pytest.raises(queue.Empty):
        next_result(results, timeout=0.5)


def test_sandbox_worker_without_redis_says_what_to_set(tmp_path):
    result = run(tmp_path, "worker")
    assert result.exit_code != 0
    assert "SANDBOX_REDIS_URL" in result.output
