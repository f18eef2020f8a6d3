"""Limits a classroom needs: what one client can make the server keep."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sandbox.views.live import MAX_SOCKETS_EACH
from tests.support.web import TOKEN, refused


def learner_rows(app) -> int:
    database = Path(app.instance_path) / "sandbox.db"
    with sqlite3.connect(database) as db:
        return db.execute("SELECT count(*) FROM learners").fetchone()[0]


def test_learner_rows_cookie_less_page_views_make_no_learners(app):
    """Threat: every cookie-less GET of an exercise page creates a learner row (200 GETs, 200 rows)."""
    crawler = app.test_client(use_cookies=False)
    for _ in range(50):
        assert crawler.get("/exercises/hello/heading", follow_redirects=True).status_code == 200
    assert learner_rows(app) == 0


def test_learner_rows_a_browser_that_keeps_our_cookie_is_one_learner(app):
    """A browser that keeps our cookie is one learner, however many pages it opens."""
    browser = app.test_client()
    for _ in range(3):
        assert browser.get("/exercises/hello/heading", follow_redirects=True).status_code == 200
    with browser.session_transaction() as session:
        session["csrf"] = TOKEN
    saved = browser.put(
        "/api/work/hello",
        json={"files": {"index.html": "<h1>Mine</h1>"}, "revision": 0, "step": "heading"},
        headers={"X-CSRF-Token": TOKEN},
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    browser.get("/exercises/hello/heading", follow_redirects=True)
    assert learner_rows(app) == 1
    assert browser.get("/api/work/hello").json["files"] == {"index.html": "<h1>Mine</h1>"}


def test_socket_cap_one_learner_cannot_hold_more_than_a_dozen_sockets(app, served, sockets):
    """Threat: one learner opens hundreds of sockets (two threads and two open files each)."""
    browser = app.test_client()
    browser.get("/exercises/hello/heading", follow_redirects=True)
    with browser.session_transaction() as session:
        session["csrf"] = TOKEN
    browser.put("/api/work/hello", json={"files": {}, "revision": 0}, headers={"X-CSRF-Token": TOKEN})
    opened = [sockets(served, "/live", browser) for _ in range(MAX_SOCKETS_EACH)]
    opened[-1].next("hello")
    assert refused(served, "/live", browser) == 429
    other = app.test_client()  # another learner is not affected
    other.get("/exercises/hello/heading", follow_redirects=True)
    with other.session_transaction() as session:
        session["csrf"] = TOKEN
    sockets(served, "/live", other).next("hello")

    opened[0].close()  # a closed socket no longer counts
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            assert refused(served, "/live", browser) == 429
        except AssertionError:  # answered 101: accepted
            return
        time.sleep(0.1)  # the server notices the close at its next read
    raise AssertionError("a closed socket still counts against the learner")
