"""Security tests: the real server in a subprocess, attacked from real Chromium and over HTTP.

One server and one browser for the session, a fresh context (cookies, storage) per person.
"""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from sandbox.store import Store
from tests.support import FIXTURE_EXERCISES, QUICK_HASH
from tests.support.browser import start_server
from tests.support.web import Socket


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The server with the small test exercise, as `sandbox run` starts it (publish origin included)."""
    server = start_server(tmp_path_factory.mktemp("security-server"), FIXTURE_EXERCISES)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def new_context(browser):
    """Make a fresh browser profile (one per person in the test), closed at the end."""
    made = []

    def make(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def served_store(server):
    """The store of the server started as `sandbox run` (the `server` fixture)."""
    store = Store(f"sqlite:///{server.log.parent / 'sandbox.db'}", QUICK_HASH)
    yield store
    store.dispose()


@pytest.fixture
def served(app):
    """The app on a free port, served by Werkzeug in a thread (for websocket clients)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # serve_forever looks for shutdown() between polls: 20 ms rather than 0.5 s at every test's end
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def sockets():
    """Open websocket clients (tests.support.web.Socket), closed at the end of the test."""
    opened: list[Socket] = []

    def open_(*args, **kwargs) -> Socket:
        socket = Socket(*args, **kwargs)
        opened.append(socket)
        return socket

    yield open_
    for socket in opened:
        socket.close()
