"""Fixtures for the web tests: the app's store, signed-in trainers, a second learner, the app served
for real (Werkzeug in a thread) and websocket clients that close at the end of the test."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.serving import make_server

from tests.support.web import Socket, sign_in, with_csrf


@pytest.fixture
def store(app):
    return app.extensions["sandbox"].store


@pytest.fixture
def trainer(app):
    """Amina, a trainer, signed in (a test client with the CSRF token)."""
    return sign_in(app, "amina")


@pytest.fixture
def others(app):
    """Boris, another trainer, signed in."""
    return sign_in(app, "boris")


@pytest.fixture
def other(app):
    """A second learner, in another browser."""
    client = app.test_client()
    client.get("/exercises/hello/heading", follow_redirects=True)
    return with_csrf(client)


@pytest.fixture
def served(app):
    """The app on a free port; waits at the end until every socket thread has let go of the hub."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # serve_forever looks for shutdown() between polls: 20 ms rather than 0.5 s at every test's end
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    hub = app.extensions["sandbox"].hub
    deadline = time.monotonic() + 5
    while hub._topics and time.monotonic() < deadline:
        time.sleep(0.02)
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def sockets():
    opened: list[Socket] = []

    def open_(*args, **kwargs) -> Socket:
        socket = Socket(*args, **kwargs)
        opened.append(socket)
        return socket

    yield open_
    for socket in opened:
        socket.close()
