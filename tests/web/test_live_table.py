"""The table of websockets: every socket is a row, and whatever is not in the table is refused."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from sandbox.live import LocalHub, topics
from sandbox.live.sockets import Connection
from sandbox.views.live import SOCKETS, authorise_socket

# Every message type there is, and the one each socket's client may send.
ALL_TYPES = sorted(
    value
    for name, value in vars(topics).items()
    if name.isupper() and isinstance(value, str) and not name.startswith("MAX_")
)
MAY_SEND = {
    "live": {"files"},
    "trainer_live": {"watch", "unwatch"},
    "projector_live": {"project"},
    "phone_live": set(),
    "project_live": {"sync", "update", "awareness"},
}


def test_every_websocket_route_is_a_row_of_the_table(app):
    routes = {
        rule.endpoint.rsplit(".", 1)[-1]: rule.rule for rule in app.url_map.iter_rules() if rule.websocket
    }
    assert routes == {name: rule.path for name, rule in SOCKETS.items()}


@pytest.mark.parametrize("name", sorted(SOCKETS))
def test_a_socket_refuses_every_message_type_not_in_its_row(name):
    rule = SOCKETS[name]
    assert set(rule.accepts) == MAY_SEND[name]
    for kind in ALL_TYPES + ["subscribe", "", "LIVE"]:
        expected = None if kind in MAY_SEND[name] else "not-allowed"
        assert rule.refusal({"type": kind}) == expected, (name, kind)
    assert rule.refusal({}) == "not-allowed"


def test_a_socket_not_in_the_table_is_refused_before_the_handshake(app):
    headers = {"Origin": "http://localhost", "Upgrade": "websocket"}
    with app.test_request_context("/live/somewhere-new", headers=headers), pytest.raises(NotFound):
        authorise_socket()


@pytest.mark.parametrize("name", sorted(SOCKETS))
def test_only_sockets_whose_row_says_so_may_listen_to_a_learners_files(name):
    hub = LocalHub()
    connection = Connection(ws=None, hub=hub, rule=SOCKETS[name])
    if SOCKETS[name].may_watch:
        connection.watch(5)
        assert hub.listening(topics.watch(5))
    else:
        with pytest.raises(PermissionError):
            connection.watch(5)
        assert not hub.listening(topics.watch(5))
