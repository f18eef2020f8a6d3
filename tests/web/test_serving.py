"""Serving behind a proxy (docs/deploy.md): the client's real address for rate limits, Secure cookies
over https only, /healthz and /readyz, and JSON logs that carry each request's id.

The proxy is played by the test client: every request comes from REMOTE_ADDR 10.0.0.1 (the proxy)
with the X-Forwarded-* headers a proxy sets. /readyz with Redis is in tests/scale/test_readiness.py.
"""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.support.web import post

PROXY = {"REMOTE_ADDR": "10.0.0.1"}


def _client_behind_proxy(app, forwarded_for: str, **headers):
    client = app.test_client()
    client.environ_base.update(PROXY)
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    for name, value in headers.items():
        client.environ_base[f"HTTP_{name.upper().replace('-', '_')}"] = value
    return client


def _fail_logins(client, times: int = 10) -> None:
    for _ in range(times):
        assert post(client, "/trainer/login", name="amina", password="wrong").status_code == 401


def _login(client) -> int:
    return post(client, "/trainer/login", name="amina", password="correct horse").status_code


# ---- the client's address: ProxyFix, opt-in


def test_without_proxy_hops_forwarded_addresses_are_ignored_and_limits_count_the_connection(app):
    """On a laptop (SANDBOX_PROXY_HOPS unset) X-Forwarded-For is anyone's claim: a guesser who sends
    a new one each time is still counted as the one address it connects from."""
    app.extensions["sandbox"].store.create_trainer("amina", "correct horse")
    for n in range(10):
        _fail_logins(_client_behind_proxy(app, f"203.0.113.{n}"), times=1)
    assert _login(_client_behind_proxy(app, "198.51.100.7")) == 429


def test_behind_one_proxy_limits_count_each_client_address(make_app):
    app = make_app(PROXY_HOPS=1)
    app.extensions["sandbox"].store.create_trainer("amina", "correct horse")
    guesser = _client_behind_proxy(app, "203.0.113.5")
    _fail_logins(guesser)
    assert _login(guesser) == 429
    # A guesser who puts an address of its own first is still known by the one the proxy added.
    assert _login(_client_behind_proxy(app, "198.51.100.9, 203.0.113.5")) == 429
    # Someone else in another city, through the same proxy, signs in.
    assert _login(_client_behind_proxy(app, "198.51.100.7")) == 302


def test_the_resume_limit_counts_client_addresses_behind_a_proxy(make_app):
    app = make_app(PROXY_HOPS=1)
    guesser = _client_behind_proxy(app, "203.0.113.5")
    for _ in range(10):
        assert post(guesser, "/resume", code="WRONGONE").status_code == 400
    assert post(guesser, "/resume", code="WRONGONE").status_code == 429
    assert post(_client_behind_proxy(app, "198.51.100.7"), "/resume", code="WRONGONE").status_code == 400


# ---- Secure cookies over https, never over plain http


def _cookies(response) -> dict[str, str]:
    """Each cookie set by the response: its name, and its whole Set-Cookie line."""
    return {line.split("=", 1)[0]: line for line in response.headers.getlist("Set-Cookie")}


def _session_and_lang(client, base_url: str = "http://localhost") -> dict[str, str]:
    """Open an exercise page choosing a language: the answer sets the session and the lang cookie."""
    return _cookies(client.get("/exercises/hello/heading?lang=ru", base_url=base_url))


def _secure(line: str) -> bool:
    return "; Secure" in line


def test_cookies_are_not_secure_on_plain_http(app):
    """A laptop in a classroom serves http: a Secure cookie would never be sent back."""
    cookies = _session_and_lang(app.test_client())
    assert set(cookies) >= {"sandbox_session", "lang"}
    assert not any(_secure(line) for line in cookies.values()), cookies


def test_cookies_are_secure_over_https(app):
    cookies = _session_and_lang(app.test_client(), base_url="https://sandbox.example.org")
    assert set(cookies) >= {"sandbox_session", "lang"}
    assert all(_secure(line) for line in cookies.values()), cookies


def test_cookies_are_secure_behind_a_proxy_that_says_https(make_app):
    app = make_app(PROXY_HOPS=1)
    cookies = _session_and_lang(_client_behind_proxy(app, "203.0.113.5", x_forwarded_proto="https"))
    assert set(cookies) >= {"sandbox_session", "lang"}
    assert all(_secure(line) for line in cookies.values()), cookies
    # The same proxy serving plain http: no Secure.
    cookies = _session_and_lang(_client_behind_proxy(app, "203.0.113.6", x_forwarded_proto="http"))
    assert not any(_secure(line) for line in cookies.values()), cookies


def test_a_claimed_https_is_ignored_without_proxy_hops(app):
    cookies = _session_and_lang(_client_behind_proxy(app, "203.0.113.5", x_forwarded_proto="https"))
    assert not any(_secure(line) for line in cookies.values()), cookies


def test_the_host_a_proxy_forwards_is_the_one_origin_checks_use(make_app):
    """Behind a proxy the browser's Origin is the public host: a change sent from it is accepted."""
    app = make_app(PROXY_HOPS=1)
    app.extensions["sandbox"].store.create_trainer("amina", "correct horse")
    client = _client_behind_proxy(
        app, "203.0.113.5", x_forwarded_proto="https", x_forwarded_host="sandbox.example.org"
    )
    client.environ_base["HTTP_ORIGIN"] = "https://sandbox.example.org"
    assert _login(client) == 302
    client.environ_base["HTTP_ORIGIN"] = "https://evil.example"
    assert _login(client) == 403


# ---- /healthz and /readyz


def test_healthz_says_the_process_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_while_the_grading_consumer_runs_and_not_once_it_stopped(app, client):
    grading = app.extensions["sandbox"].grading
    grading.start()  # as `sandbox run` and wsgi.py do; it grades with the session's grader
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json == {
        "status": "ready",
        "checks": {"database": {"ok": True}, "grading": {"ok": True, "workers": grading.workers}},
    }
    grading.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"
    assert response.json["checks"]["database"] == {"ok": True}
    assert response.json["checks"]["grading"] == {"ok": False, "error": "consumer not running"}


def test_readyz_says_the_database_does_not_answer_and_healthz_still_answers(app, client):
    store = app.extensions["sandbox"].store
    if not store.url.startswith("sqlite"):
        pytest.skip("takes the SQLite file away; a PostgreSQL server cannot be taken away here")
    # The database file replaced by a folder: no connection opens, as when a disk is lost.
    store.dispose()
    database = Path(store.url.removeprefix("sqlite:///"))
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    database.mkdir()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["checks"]["database"] == {"ok": False, "error": "OperationalError"}
        assert client.get("/healthz").status_code == 200
    finally:
        shutil.rmtree(database)


def test_readiness_says_redis_does_not_answer_within_its_timeout(app):
    """A Redis that is away (nothing listens on port 1): Redis and the workers' heartbeats fail, quickly."""
    from sandbox.health import Health

    services = app.extensions["sandbox"]
    health = Health(services.store, services.grading, "redis://127.0.0.1:1/0", "sandbox-test-away")
    try:
        started = time.monotonic()
        readiness = health.readiness()
        assert time.monotonic() - started < 5
    finally:
        health.close()
    assert not readiness.ok
    assert readiness.to_dict()["checks"] == {
        "database": {"ok": True},
        "redis": {"ok": False, "error": "ConnectionError"},
        "grading": {"ok": False, "error": "ConnectionError"},
    }


# ---- JSON logs with a request id


@pytest.fixture
def json_logs(make_app):
    """An app logging JSON (SANDBOX_LOG_FORMAT=json), and what it wrote, one parsed object a line."""
    root = logging.getLogger()
    level = root.level
    app = make_app(LOG_FORMAT="json")
    handlers = [h for h in root.handlers if getattr(h, "sandbox_json", False)]
    assert len(handlers) == 1  # configured once, however many apps the process made
    written = io.StringIO()
    handlers[0].setStream(written)

    def lines() -> list[dict]:
        return [json.loads(line) for line in written.getvalue().splitlines()]

    yield app, lines
    root.removeHandler(handlers[0])
    root.setLevel(level)


def test_every_log_line_of_a_request_carries_its_request_id(json_logs):
    app, lines = json_logs
    logging.getLogger().setLevel(logging.DEBUG)  # the probes' own request lines are debug ones
    response = app.test_client().get("/readyz", headers={"X-Request-Id": "lb-7f3a.1"})
    assert response.status_code == 503  # no grading consumer: the probe logs a warning, in the request
    assert response.headers["X-Request-Id"] == "lb-7f3a.1"
    written = [line for line in lines() if line["logger"].startswith("sandbox")]
    assert {line["logger"] for line in written} >= {"sandbox.health", "sandbox.requests"}
    assert all(line["request_id"] == "lb-7f3a.1" for line in written), written
    request_line = next(line for line in written if line["logger"] == "sandbox.requests")
    assert request_line["route"] == "/readyz" and request_line["status"] == 503
    assert request_line["level"] == "DEBUG" and request_line["method"] == "GET"
    assert isinstance(request_line["duration_ms"], float)


def test_a_request_without_an_id_gets_one_and_logs_its_route_not_its_path(json_logs):
    """The path of a phone link holds its secret token: the log has the route instead."""
    app, lines = json_logs
    response = app.test_client().get("/phone/a-secret-token-of-a-phone")
    assert response.status_code == 404
    request_id = response.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (request_line,) = [line for line in lines() if line["logger"] == "sandbox.requests"]
    assert request_line["request_id"] == request_id
    assert request_line["route"] == "/phone/<token>" and request_line["status"] == 404
    assert request_line["level"] == "INFO" and request_line["client"] == "127.0.0.1"
    assert "a-secret-token" not in json.dumps(lines())


@pytest.mark.parametrize("given", ["two words", "x" * 129, "<script>", "ид"])
def test_a_request_id_that_is_not_short_and_plain_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-Id": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


def test_text_logs_stay_the_default(client):
    assert not any(getattr(h, "sandbox_json", False) for h in logging.getLogger().handlers)
    assert client.get("/healthz", headers={"X-Request-Id": "abc"}).headers["X-Request-Id"] == "abc"
