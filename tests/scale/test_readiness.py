"""/readyz scaled out: a web process is ready when the database and Redis answer and a `sandbox worker`
beat within the last LEASE_S (grading/leases.py Heartbeats). Without Redis: tests/web/test_serving.py."""

from __future__ import annotations

import time

import redis

from sandbox.grading.leases import LEASE_S


def _readyz(app):
    response = app.test_client().get("/readyz")
    return response.status_code, response.json


def test_a_web_process_with_no_worker_is_not_ready_and_says_why(make_app, redis_url, namespace):
    web = make_app(REDIS_URL=redis_url, REDIS_NAMESPACE=namespace)
    web.extensions["sandbox"].grading.start()  # as wsgi.py does: with Redis, no consumer here
    status, body = _readyz(web)
    assert status == 503
    assert body == {
        "status": "not ready",
        "checks": {
            "database": {"ok": True},
            "redis": {"ok": True},
            "grading": {"ok": False, "error": "no worker heartbeat"},
        },
    }


def test_a_web_process_is_ready_while_a_worker_beats_and_not_once_it_stopped(
    tmp_path, make_app, redis_url, namespace
):
    web = make_app(REDIS_URL=redis_url, REDIS_NAMESPACE=namespace)
    worker = make_app(instance=tmp_path / "worker", REDIS_URL=redis_url, REDIS_NAMESPACE=namespace)
    grading = worker.extensions["sandbox"].grading
    grading.work()  # what `sandbox worker` runs (grading with the session's grader)
    deadline = time.monotonic() + 5
    while (found := _readyz(web))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert found == (
        200,
        {
            "status": "ready",
            "checks": {
                "database": {"ok": True},
                "redis": {"ok": True},
                "grading": {"ok": True, "workers": 1},
            },
        },
    )
    grading.stop()  # a worker that stops (Ctrl+C, SIGTERM) takes its heartbeat with it at once
    status, body = _readyz(web)
    assert status == 503 and body["checks"]["grading"] == {"ok": False, "error": "no worker heartbeat"}


def test_the_heartbeat_of_a_killed_worker_counts_for_lease_s_only(make_app, redis_url, namespace):
    """A worker killed with SIGKILL removes nothing: its last beat is there, and ages out."""
    web = make_app(REDIS_URL=redis_url, REDIS_NAMESPACE=namespace)
    client = redis.Redis.from_url(redis_url)
    seconds, microseconds = client.time()
    now = seconds + microseconds / 1e6
    key = f"{namespace}:grading:workers"
    client.zadd(key, {"grade-1:4242": now - LEASE_S - 1})
    assert _readyz(web)[0] == 503
    client.zadd(key, {"grade-2:4343": now - 1})
    status, body = _readyz(web)
    assert status == 200 and body["checks"]["grading"] == {"ok": True, "workers": 1}
    client.close()
