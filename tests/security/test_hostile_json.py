"""Deeply nested JSON on every JSON route and every websocket: a clear refusal, never a 500.

Python's json module recurses once per level: about a thousand levels raise RecursionError, which
is not the ValueError of bad JSON. A phone socket's path holds its secret token, so nothing the
server logs about a socket may name the path.
"""

from __future__ import annotations

import logging

import pytest
from simple_websocket import ConnectionClosed
from wsproto.utilities import LocalProtocolError

from sandbox.live import topics
from sandbox.live.hub import LocalHub
from sandbox.live.sockets import Handler, SocketRule, serve
from tests.support.web import join, sign_in

DEEP = "[" * 1050 + "]" * 1050
DEEP_BODY = '{"files": ' + DEEP + ', "exercise": "hello", "revision": 0}'


@pytest.fixture
def trainer(app):
    return sign_in(app, "amina")


@pytest.fixture
def classroom(app, trainer):
    return app.extensions["sandbox"].store.create_classroom(
        app.extensions["sandbox"].store.trainer_by_name("amina").id, "Day 1"
    )


@pytest.fixture
def farrukh(app, classroom):
    return join(app, classroom.join_code, "Farrukh")


def learner_routes(classroom_id: int) -> list[tuple[str, str, str]]:
    return [
        ("learner", "PUT", "/api/work/hello"),
        ("learner", "POST", "/api/submissions"),
        ("learner", "PUT", "/api/published/hello"),
        ("learner", "POST", "/api/phone-links"),
        ("trainer", "POST", f"/api/trainer/classes/{classroom_id}/push"),
        ("trainer", "POST", f"/api/trainer/classes/{classroom_id}/broadcast"),
    ]


def test_deep_json_every_json_route_answers_400(trainer, farrukh, classroom, caplog):
    """Threat: JSON nested a thousand levels deep raises RecursionError (a 500) on the JSON APIs."""
    for who, method, url in learner_routes(classroom.id):
        client = trainer if who == "trainer" else farrukh
        answer = client.open(url, method=method, data=DEEP_BODY, content_type="application/json")
        assert answer.status_code == 400, (url, answer.status_code, answer.get_data(as_text=True)[:200])
        assert answer.json["error"]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_deep_json_every_websocket_answers_an_error_and_logs_no_token(
    app, served, sockets, trainer, farrukh, classroom, caplog
):
    """Threat: deep JSON on a websocket writes a 500 page onto the socket and logs the phone token."""
    store = app.extensions["sandbox"].store
    learner = next(x for x in store.learners_of(classroom.id) if x.name == "Farrukh")
    link = store.create_phone_link(learner.id, "hello")
    opened = [
        sockets(served, "/live?exercise=hello&step=heading", farrukh),
        sockets(served, f"/live/classes/{classroom.id}", trainer),
        sockets(served, f"/live/classes/{classroom.id}/projector", trainer),
        sockets(served, f"/live/phone/{link.token}"),
    ]
    for socket in opened:
        socket.send('{"type": "files", "files": ' + DEEP + "}")
        assert socket.next(topics.ERROR)["error"] == topics.NOT_ALLOWED
        socket.send({"type": "nothing-like-this"})
        assert socket.next(topics.ERROR)["error"] == topics.NOT_ALLOWED  # still serving
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert link.token not in logged
    assert "RecursionError" not in logged


class ClosedUnderneath:
    """A websocket whose protocol closed (a 1009 from simple-websocket's reader thread) between
    our check of `connected` and our send: wsproto then refuses the send."""

    connected = True

    def receive(self, timeout=None):
        return None

    def send(self, data):
        raise LocalProtocolError("Event TextMessage cannot be sent in state CLOSED")

    def close(self, reason=None, message=None):
        raise ConnectionClosed()


class Quiet(Handler):
    def wait(self) -> float:
        return 0.01


def test_a_socket_closed_underneath_while_pinging_ends_quietly(caplog):
    """Threat: wsproto's LocalProtocolError while pinging after a 1009 close escapes as a 500."""
    rule = SocketRule(path="/test", opens=lambda _: None, listens=lambda _: [], handler=Quiet)
    serve(ClosedUnderneath(), LocalHub(), rule, None)  # returns, and raises nothing
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
