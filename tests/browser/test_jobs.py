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


def test_a_waiting_check_hears_how_many_are_ahead_of_it(make_app, grader, tmp_path):
    from sandbox.grading.jobs import GradingService

    app = make_app()
    services = app.extensions["sandbox"]
    told: list[tuple[str, dict]] = []
    grading = GradingService(
        services.store,
        lambda: services.catalog,
        lambda topic, message: told.append((topic, message)),
        tmp_path / "jobs.db",
        workers=1,
        grader=grader,
    )
    learners = [services.store.create_learner() for _ in range(3)]
    stored = [
        services.store.create_submission(learner, "hello", "heading", {"index.html": "<h1>Hello</h1>"}, "en")
        for learner in learners
    ]
    try:
        for submission in stored:
            grading.enqueue(submission.id)

        def progress():
            return [(topic, m["state"], m["ahead"]) for topic, m in told if m["type"] == "progress"]

        def told_soon(expected: set) -> set:
            """The queue is told at most every ANNOUNCE_EVERY_S, by a timer: wait for it."""
            deadline = time.monotonic() + 5
            while set(progress()) != expected and time.monotonic() < deadline:
                time.sleep(0.01)
            return set(progress())

        topics = [f"learner:{learner}" for learner in learners]
        # Three Checks queued at once: one announcement, each told once.
        expected = {(topics[0], "waiting", 0), (topics[1], "waiting", 1), (topics[2], "waiting", 2)}
        assert told_soon(expected) == expected and len(progress()) == 3

        told.clear()
        grading.run_job(stored[0].id)  # the first one's turn: the others move up

        expected = {(topics[1], "waiting", 0), (topics[2], "waiting", 1), (topics[0], "checking", 0)}
        assert told_soon(expected) == expected and len(progress()) == 3
    finally:
        grading.stop()


def test_a_long_queue_is_told_each_step_of_the_last_ten_and_each_tenth_of_the_way_before():
    from sandbox.grading.jobs import worth_telling

    told, heard = None, []
    for ahead in [*range(60, -1, -1), 3, 5]:  # the queue moves up one by one, then two more join
        if worth_telling(told, ahead):
            told = ahead
            heard.append(ahead)
    assert heard == [
        60,
        54,
        48,
        43,
        38,
        34,
        30,
        27,
        24,
        21,
        18,
        16,
        14,
        12,
        10,
        9,
        8,
        7,
        6,
        5,
        4,
        3,
        2,
        1,
        0,
        3,
        5,
    ]
