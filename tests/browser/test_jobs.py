"""Grading jobs are kept in SQLite: a submission queued before a restart is graded after it."""

from __future__ import annotations

import time

from sandbox.app import start_background_work


def test_a_job_queued_before_a_restart_is_graded_after_it(make_app):
    before = make_app()  # a server that stops before its consumer picks anything up
    store = before.extensions["sandbox"].store
    learner = store.create_learner()
    stored = store.create_submission(learner, "hello", "heading", {"index.html": "<h1>Hello</h1>"}, "en")
    before.extensions["sandbox"].grading.enqueue(stored.id)
    assert store.get_submission(stored.id).status == "queued"

    after = make_app()
    start_background_work(after)
    try:
        deadline = time.monotonic() + 30
        while store.get_submission(stored.id).status == "queued" and time.monotonic() < deadline:
            time.sleep(0.1)
        graded = store.get_submission(stored.id)
        assert graded.status == "pass"
        assert graded.result["checks"][0]["id"] == "has-heading"
    finally:
        after.extensions["sandbox"].grading.stop()


def test_a_submission_left_queued_without_a_job_is_queued_again_at_start(make_app):
    before = make_app()
    store = before.extensions["sandbox"].store
    learner = store.create_learner()
    # Stored, but the server died before queueing it.
    stored = store.create_submission(learner, "hello", "heading", {"index.html": "<p>no heading</p>"}, "en")

    after = make_app()
    start_background_work(after)
    try:
        deadline = time.monotonic() + 30
        while store.get_submission(stored.id).status == "queued" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.get_submission(stored.id).status == "fail"
    finally:
        after.extensions["sandbox"].grading.stop()
